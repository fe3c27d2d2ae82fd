"""The silhouette: how much closer a point is to its own cluster than to the next one.

For a point i in cluster C_i,

    a(i) = (1 / (|C_i| − 1)) Σ_{j ∈ C_i, j ≠ i} d(i, j)          mean distance within its cluster
    b(i) = min_{C ≠ C_i} (1 / |C|) Σ_{j ∈ C} d(i, j)              mean distance to the nearest other cluster
    s(i) = (b(i) − a(i)) / max(a(i), b(i))                        in [−1, 1]; s(i) = 0 if |C_i| = 1

and the silhouette score is the mean of s(i) over all points. Near 1: well inside its
cluster; near 0: on a border; negative: probably in the wrong cluster.

The per-cluster sums Σ_{j ∈ C} d(i, j) for a block of rows are one matrix product,
D_block @ onehot(labels) (b, N) × (N, K), so only one block of the N × N distance matrix
exists at a time (memory O(block × N + N K)); blocks run on parallel threads.

Symbols: N points, K clusters, z (N,) labels, n_k cluster sizes.
Reference: Rousseeuw (1987), "Silhouettes: a graphical aid to the interpretation and
validation of cluster analysis", J. Comput. Appl. Math. 20, 53-65.

>>> X = [[0.], [1.], [10.], [11.]]       # s(0) = (b − a) / b = (10.5 − 1) / 10.5
>>> silhouette_samples(X, [0, 0, 1, 1]).round(3).tolist()
[0.905, 0.895, 0.895, 0.905]
"""
from __future__ import annotations

import numpy as np

from lucidml.metrics.distances import METRICS, distance_block, prepare_rows
from lucidml.utils.parallel import row_blocks, run_blocks
from lucidml.utils.validation import as_float_array, check_option

__all__ = ["silhouette_samples", "silhouette_score"]

_BLOCK_ELEMENTS = 1 << 20  # ~8 MiB of distances per block


def silhouette_samples(X, labels, *, metric="euclidean", p=2, n_jobs=None) -> np.ndarray:
    """s(i) for every row of X (see the module docstring)."""
    owner = "silhouette_samples"
    X = np.ascontiguousarray(as_float_array(X, name="X", owner=owner, ndim=2))
    z, n_k = _check_labels(labels, X.shape[0], owner)
    metric = METRICS[check_option(metric, name="metric", owner=owner, allowed=METRICS)]
    N, K = X.shape[0], n_k.size
    onehot = np.zeros((N, K))
    onehot[np.arange(N), z] = 1.0                                       # (N, K)
    prep = prepare_rows(X, metric)
    a = np.empty(N)
    b = np.empty(N)
    blocks = row_blocks(N, max(1, _BLOCK_ELEMENTS // N))

    def work(start, stop, _worker):
        Dblk = distance_block(X[start:stop], X, metric, p, prep, self_offset=start)   # (b, N)
        S = Dblk @ onehot                                               # Σ_{j ∈ C_k} d(i, j)  (b, K)
        zb = z[start:stop]
        rows = np.arange(stop - start)
        own = S[rows, zb]
        a[start:stop] = own / np.maximum(n_k[zb] - 1, 1)                # a(i)
        mean_other = S / n_k[None, :]
        mean_other[rows, zb] = np.inf
        b[start:stop] = mean_other.min(axis=1)                          # b(i)

    run_blocks(work, blocks, n_jobs)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (b - a) / np.maximum(a, b)
    s[n_k[z] == 1] = 0.0                                                # a singleton has s(i) = 0
    return np.nan_to_num(s)                                             # a = b = 0 (duplicates): 0


def silhouette_score(X, labels, *, metric="euclidean", p=2, n_jobs=None) -> float:
    """Mean silhouette (1/N) Σ_i s(i): higher means better-separated clusters."""
    return float(silhouette_samples(X, labels, metric=metric, p=p, n_jobs=n_jobs).mean())


def _check_labels(labels, N, owner):
    z = np.asarray(labels)
    if z.ndim != 1 or z.shape[0] != N:
        raise ValueError(f"{owner}: labels must be 1-D with one entry per row of X ({N}), got shape {z.shape}.")
    _, z, n_k = np.unique(z, return_inverse=True, return_counts=True)
    if not 2 <= n_k.size <= N - 1:
        raise ValueError(f"{owner}: the silhouette needs between 2 and n_samples − 1 = {N - 1} clusters, "
                         f"got {n_k.size}; it compares each point's own cluster with the next one.")
    return z, n_k.astype(np.float64)
