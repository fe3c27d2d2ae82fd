"""DBSCAN: density-based clustering with noise.

With the ε-neighbourhood N_ε(x) = {x' : d(x, x') ≤ ε} (x itself included):

    core point          |N_ε(x)| ≥ min_samples
    density-reachable   y is reachable from a core x if a chain x = p_1, …, p_n = y exists
                        with every p_{j+1} ∈ N_ε(p_j) and p_1 … p_{n−1} core
    cluster             a core point together with everything density-reachable from it
    noise               points reachable from no core point: label −1

The clusters are grown by a depth-first expansion: take the next unlabelled core point
in index order, give it a new label, and push its neighbours; every core point popped
pushes its own neighbours in turn. A border point reachable from two clusters joins
the one whose seed has the lower index (as in scikit-learn).

Neighbourhoods are found without an N × N matrix: for Euclidean distance in up to three
dimensions, through a grid of cells of side ε (a point's neighbours can only lie in
the 3^D cells around its own); otherwise by blocks of rows of the distance matrix
(:func:`lucidml.metrics.distances.pairwise_distances_chunked`), keeping only the
indices within ε.

Symbols: ε = eps, N_ε(x) the neighbourhood, min_samples.
Reference: Ester, Kriegel, Sander & Xu (1996), "A density-based algorithm for
discovering clusters in large spatial databases with noise", KDD-96.

>>> X = np.array([[0., 0.], [0., 1.], [1., 0.], [10., 10.], [10., 11.], [50., 50.]])
>>> DBSCAN(eps=1.5, min_samples=2).fit(X).labels_.tolist()
[0, 0, 0, 1, 1, -1]
"""
from __future__ import annotations

import itertools

import numpy as np
from numba import njit
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.utils.validation import validate_data

from lucidml.metrics.distances import METRICS, pairwise_distances_chunked
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["DBSCAN"]

_GRID_MAX_DIM = 3


class DBSCAN(ClusterMixin, BaseEstimator):
    """Density-based spatial clustering of applications with noise.

    Parameters
    ----------
    eps : float > 0, the neighbourhood radius ε
    min_samples : int, the neighbours (the point itself included) a core point needs
    metric : "euclidean", "manhattan", "cosine", "minkowski" (with ``p``), ...
    p : the Minkowski exponent
    algorithm : "auto" (grid for Euclidean data with D <= 3, else brute), "grid" or "brute"

    Attributes: ``labels_`` (−1 = noise), ``core_sample_indices_``, ``components_``
    (the core points' rows), ``n_features_in_``.
    """

    def __init__(self, eps=0.5, *, min_samples=5, metric="euclidean", p=2, algorithm="auto"):
        self.eps = eps
        self.min_samples = min_samples
        self.metric = metric
        self.p = p
        self.algorithm = algorithm

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64)
        X = np.ascontiguousarray(X)
        eps = check_real(self.eps, name="eps", owner="DBSCAN", minimum=0.0, strict=True)
        min_samples = check_int(self.min_samples, name="min_samples", owner="DBSCAN", minimum=1)
        check_option(self.metric, name="metric", owner="DBSCAN", allowed=METRICS)
        algorithm = check_option(self.algorithm, name="algorithm", owner="DBSCAN",
                                 allowed=("auto", "grid", "brute"))
        euclidean = METRICS[self.metric] == "euclidean" or (METRICS[self.metric] == "minkowski" and self.p == 2)
        if algorithm == "grid" and not euclidean:
            raise ValueError(f"DBSCAN: algorithm='grid' needs the Euclidean metric, got metric={self.metric!r}; "
                             "use algorithm='brute'.")
        if algorithm == "auto":
            algorithm = "grid" if euclidean and X.shape[1] <= _GRID_MAX_DIM else "brute"
        if algorithm == "grid":
            indptr, indices = _grid_neighbourhoods(X, eps)
        else:
            indptr, indices = _brute_neighbourhoods(X, eps, self.metric, self.p)
        is_core = np.diff(indptr) >= min_samples                    # |N_ε(x)| ≥ min_samples
        self.labels_ = _expand_clusters(indptr, indices, is_core)
        self.core_sample_indices_ = np.flatnonzero(is_core)
        self.components_ = X[is_core].copy()
        return self

    def fit_predict(self, X, y=None):
        return self.fit(X).labels_


# -- private steps ---------------------------------------------------------------------------
def _brute_neighbourhoods(X, eps, metric, p):
    """N_ε of every row as CSR (indptr, indices), one block of distance rows at a time.

    Euclidean blocks come from the GEMM identity, which can be off by a few ulps; pairs
    within a relative 1e-9 of the boundary ε² are re-measured directly, so a point at
    distance exactly ε is always inside (as with the direct formula).
    """
    counts, chunks = [], []
    euclidean = METRICS[metric] == "euclidean"
    bound = eps * eps if euclidean else eps
    for start, D in pairwise_distances_chunked(X, X, metric="sqeuclidean" if euclidean else metric, p=p):
        rows, cols = np.nonzero(D <= bound * (1 + 1e-9))            # sorted by row, then column
        if euclidean:
            edge = D[rows, cols] > bound * (1 - 1e-9)
            if edge.any():                                           # settle the near-ties exactly
                diff = X[start + rows[edge]] - X[cols[edge]]
                keep = np.ones(rows.size, dtype=bool)
                keep[np.flatnonzero(edge)] = np.einsum("ij,ij->i", diff, diff) <= bound
                rows, cols = rows[keep], cols[keep]
        counts.append(np.bincount(rows, minlength=D.shape[0]))
        chunks.append(cols)
    indptr = np.concatenate([[0], np.cumsum(np.concatenate(counts))])
    return indptr, np.concatenate(chunks).astype(np.intp)


def _grid_neighbourhoods(X, eps):
    """N_ε through a grid of cells of side ε: only the 3^D cells around x can hold neighbours."""
    N, D = X.shape
    side = eps * (1 + 1e-8)          # a hair wider than ε: rounding can't put a pair at distance ε two cells apart
    cell = np.floor((X - X.min(axis=0)) / side).astype(np.int64)    # (N, D) integer cell coordinates
    shape = cell.max(axis=0) + 3                                    # one empty layer of cells each side
    if np.prod(shape.astype(np.float64)) > 2.0**62:
        return _brute_neighbourhoods(X, eps, "euclidean", 2)
    stride = np.cumprod(np.concatenate([[1], shape[:0:-1]]))[::-1].astype(np.int64)
    key = (cell + 1) @ stride                                       # linear cell index (N,)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    offsets = np.array([np.array(o) @ stride for o in itertools.product((-1, 0, 1), repeat=D)],
                       dtype=np.int64)                              # the 3^D neighbouring cells
    counts = np.zeros(N, dtype=np.int64)
    indptr = np.zeros(N + 1, dtype=np.int64)
    indices = np.empty(0, dtype=np.intp)
    _grid_scan(X, key, sorted_key, order, offsets, eps * eps, counts, indptr, indices, False)  # sizes
    indptr[1:] = np.cumsum(counts)
    indices = np.empty(indptr[-1], dtype=np.intp)
    _grid_scan(X, key, sorted_key, order, offsets, eps * eps, counts, indptr, indices, True)   # lists
    return indptr, indices


@njit(cache=True, nogil=True)
def _grid_scan(X, key, sorted_key, order, offsets, eps2, counts, indptr, indices, fill):
    # N_ε(x_i) = {j : ‖x_i − x_j‖² ≤ ε²}, scanning only the cells around x_i;
    # fill=False counts |N_ε(x_i)| into counts, fill=True writes j into row i of the CSR lists
    N, D = X.shape
    for i in range(N):
        c = 0
        for o in offsets:
            lo = np.searchsorted(sorted_key, key[i] + o, side="left")
            hi = np.searchsorted(sorted_key, key[i] + o, side="right")
            for t in range(lo, hi):
                j = order[t]
                d2 = 0.0
                for d in range(D):
                    diff = X[i, d] - X[j, d]
                    d2 += diff * diff
                if d2 <= eps2:
                    if fill:
                        indices[indptr[i] + c] = j
                    c += 1
        if not fill:
            counts[i] = c


@njit(cache=True, nogil=True)
def _expand_clusters(indptr, indices, is_core):
    # depth-first expansion: each unlabelled core point seeds a cluster; core points pass it on
    N = is_core.shape[0]
    labels = np.full(N, -1, dtype=np.intp)
    stack = np.empty(indices.shape[0] + 1, dtype=np.intp)
    label = 0
    for seed in range(N):
        if labels[seed] != -1 or not is_core[seed]:
            continue
        top = 0
        stack[top] = seed
        top += 1
        while top > 0:
            top -= 1
            i = stack[top]
            if labels[i] != -1:
                continue
            labels[i] = label
            if is_core[i]:                          # only core points extend the cluster
                for t in range(indptr[i], indptr[i + 1]):
                    j = indices[t]
                    if labels[j] == -1:
                        stack[top] = j
                        top += 1
        label += 1
    return labels
