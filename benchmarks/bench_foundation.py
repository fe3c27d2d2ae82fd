"""Foundation workloads: pairwise distances, kNN, convolution."""
from __future__ import annotations

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from scipy.signal import convolve2d
    from scipy.spatial.distance import cdist
    from sklearn.metrics.pairwise import euclidean_distances
    from sklearn.neighbors import KNeighborsClassifier as SkKNN

    from lucidml.metrics import pairwise_distances
    from lucidml.neighbors import KNeighborsClassifier
    from lucidml.signal import conv2d

    n, d = (500, 64) if quick else (10_000, 64)
    n_train, n_query, n_feat = (2000, 500, 50) if quick else (20_000, 5_000, 50)
    side = 64 if quick else 512
    rng = np.random.default_rng(0)

    def close(a, b, tol=1e-9):
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol)

    def data_l2():
        return rng.normal(size=(n, d))

    def data_knn():
        X = rng.normal(size=(n_train, n_feat))
        y = rng.integers(0, 5, n_train)
        Q = rng.normal(size=(n_query, n_feat))
        return X, y, Q

    def data_conv():
        return rng.normal(size=(side, side)), rng.normal(size=(5, 5))

    l2_flops = 2.0 * n * n * d
    return [
        Workload(f"pairwise L2 {n}x{n}x{d}", data_l2,
                 lambda X: pairwise_distances(X, X), lambda X: cdist(X, X),
                 "scipy cdist", check=close, flops=l2_flops, repeats=3),
        Workload(f"pairwise L2 {n}x{n}x{d}", data_l2,
                 lambda X: pairwise_distances(X, X), lambda X: euclidean_distances(X, X),
                 "sklearn euclidean_distances", check=lambda a, b: close(a, b, 1e-6),
                 flops=l2_flops, repeats=3),
        Workload(f"pairwise L2 {n}x{n}x{d}", data_l2,
                 lambda X: pairwise_distances(X, X), lambda X: X @ X.T,
                 "numpy X @ X.T (same-shape matmul)", flops=l2_flops, repeats=3),
        Workload(f"kNN fit+predict {n_train}x{n_feat}, {n_query} queries, k=5", data_knn,
                 lambda a: KNeighborsClassifier(5).fit(a[0], a[1]).predict(a[2]),
                 lambda a: SkKNN(5, algorithm="brute").fit(a[0], a[1]).predict(a[2]),
                 "sklearn KNeighborsClassifier(brute)",
                 check=lambda a, b: np.testing.assert_array_equal(a, b), repeats=5),
        Workload(f"conv2d {side}x{side}, 5x5 kernel, valid", data_conv,
                 lambda a: conv2d(a[0], a[1]), lambda a: convolve2d(a[0], a[1], mode="valid"),
                 "scipy.signal.convolve2d", check=lambda a, b: close(a, b, 1e-10), repeats=7),
        Workload(f"conv2d {side}x{side}, 5x5 kernel, same", data_conv,
                 lambda a: conv2d(a[0], a[1], mode="same"), lambda a: convolve2d(a[0], a[1], mode="same"),
                 "scipy.signal.convolve2d", check=lambda a, b: close(a, b, 1e-10), repeats=7),
    ]
