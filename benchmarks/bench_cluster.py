"""Unsupervised workloads: k-means, Gaussian mixture, DBSCAN, ward linkage, PCA, silhouette."""
from __future__ import annotations

import warnings

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from sklearn import cluster as skc
    from sklearn import decomposition as skd
    from sklearn import metrics as skm
    from sklearn import mixture as skmix
    from sklearn.datasets import make_blobs
    from sklearn.metrics import adjusted_rand_score

    from lucidml.cluster import DBSCAN, AgglomerativeClustering, GaussianMixture, KMeans, silhouette_score
    from lucidml.decomposition import PCA

    s = 20 if quick else 1
    n_km, n_gmm, n_db, n_agg, n_pca, n_sil = (100_000 // s, 50_000 // s, 20_000 // s, 5_000 // s,
                                              50_000 // s, 20_000 // s)

    def same_labels(a, b):
        assert adjusted_rand_score(a, b) == 1.0

    def close(tol):
        return lambda a, b: np.testing.assert_allclose(a, b, rtol=tol, atol=tol)

    def data_kmeans():
        X = make_blobs(n_km, n_features=20, centers=8, cluster_std=3.0, random_state=0)[0]
        return X, X[np.random.default_rng(0).choice(n_km, 8, replace=False)]

    def data_gmm():
        return make_blobs(n_gmm, n_features=10, centers=5, cluster_std=1.5, random_state=1)[0]

    def quiet(fit):
        def run(X):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return fit(X)
        return run

    rng = np.random.default_rng(2)
    return [
        Workload(f"unsupervised: KMeans {n_km}x20, k=8, one init (same centres)", data_kmeans,
                 lambda d: KMeans(8, init=d[1]).fit(d[0]).cluster_centers_,
                 lambda d: skc.KMeans(8, init=d[1], n_init=1, algorithm="lloyd").fit(d[0]).cluster_centers_,
                 "sklearn KMeans(lloyd)", check=close(1e-8), repeats=3),
        Workload(f"unsupervised: GaussianMixture {n_gmm}x10, 5 full, 30 EM rounds", data_gmm,
                 quiet(lambda X: GaussianMixture(5, tol=0.0, max_iter=30, random_state=0).fit(X).lower_bound_),
                 quiet(lambda X: skmix.GaussianMixture(5, tol=0.0, max_iter=30, random_state=0).fit(X).lower_bound_),
                 "sklearn GaussianMixture", check=close(1e-6), repeats=3),
        Workload(f"unsupervised: DBSCAN {n_db}x2, eps=0.3", lambda: make_blobs(n_db, centers=5, random_state=0)[0],
                 lambda X: DBSCAN(eps=0.3, min_samples=10).fit(X).labels_,
                 lambda X: skc.DBSCAN(eps=0.3, min_samples=10).fit(X).labels_,
                 "sklearn DBSCAN", check=lambda a, b: np.testing.assert_array_equal(a, b), repeats=3),
        Workload(f"unsupervised: agglomerative ward {n_agg}x10", lambda: rng.normal(size=(n_agg, 10)),
                 lambda X: AgglomerativeClustering(8).fit(X).labels_,
                 lambda X: skc.AgglomerativeClustering(8).fit(X).labels_,
                 "sklearn AgglomerativeClustering", check=same_labels, repeats=3),
        Workload(f"unsupervised: PCA {n_pca}x100, 10 components", lambda: rng.normal(size=(n_pca, 100)) @ rng.normal(size=(100, 100)),
                 lambda X: PCA(10).fit(X).components_, lambda X: skd.PCA(10).fit(X).components_,
                 "sklearn PCA", check=close(1e-8), repeats=5),
        Workload(f"unsupervised: silhouette_score {n_sil}x10, 8 clusters",
                 lambda: (rng.normal(size=(n_sil, 10)), rng.integers(0, 8, n_sil)),
                 lambda d: silhouette_score(*d), lambda d: skm.silhouette_score(*d),
                 "sklearn silhouette_score", check=close(1e-10), repeats=3),
    ]
