"""Agglomerative (hierarchical) clustering: exact linkage by the nearest-neighbour chain.

Start with every point as its own cluster and repeatedly merge the two closest clusters
until one is left; the merges form a binary tree, the *dendrogram*. The distance
between clusters is the linkage; after merging A and B, the distance from the new
cluster A∪B to any other cluster C follows from the old ones (Lance-Williams update):

    single     d(A∪B, C) = min(d(A, C), d(B, C))
    complete   d(A∪B, C) = max(d(A, C), d(B, C))
    average    d(A∪B, C) = (n_A d(A, C) + n_B d(B, C)) / (n_A + n_B)
    ward       d(A∪B, C) = √[((n_A + n_C) d(A, C)² + (n_B + n_C) d(B, C)² − n_C d(A, B)²)
                              / (n_A + n_B + n_C)]

(ward merges the pair whose union raises the within-cluster sum of squares the least;
its height is √(2 × that increase)). All four are *reducible*, so the nearest-neighbour
chain finds the same merges as the naive O(N³) search in O(N²) time: follow a chain of
nearest neighbours A → NN(A) → NN(NN(A)) → … until two clusters are each other's
nearest neighbour, merge them, and continue from what is left of the chain. The loop
is compiled (numba) and works on the condensed distance vector (N(N−1)/2 entries),
scanning only the clusters still alive.

Symbols: d(A, B) the linkage distance, n_A the size of cluster A.
References: Müllner (2011), "Modern hierarchical, agglomerative clustering algorithms",
arXiv:1109.2378, §2-3; Hastie, Tibshirani & Friedman, *The Elements of Statistical
Learning*, §14.3.12.

>>> X = np.array([[0.], [1.], [5.], [6.5]])
>>> agg = AgglomerativeClustering(n_clusters=2, linkage="single").fit(X)
>>> agg.labels_.tolist(), agg.distances_.tolist()
([0, 0, 1, 1], [1.0, 1.5, 4.0])
"""
from __future__ import annotations

import numpy as np
from numba import njit
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.metrics.distances import METRICS, pairwise_distances_chunked
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["AgglomerativeClustering", "linkage"]

LINKAGES = ("ward", "complete", "average", "single")
_LINKAGE_CODE = {"single": 0, "complete": 1, "average": 2, "ward": 3}


class AgglomerativeClustering(ClusterMixin, BaseEstimator):
    """Bottom-up hierarchical clustering.

    Parameters
    ----------
    n_clusters : int or None; where to cut the tree (None when distance_threshold is given)
    linkage : "ward", "complete", "average" or "single"
    metric : the point distance ("euclidean" only for ward)
    distance_threshold : cut the tree at this height instead (merges at or above it are undone)

    Attributes: ``labels_``, ``n_clusters_``, ``children_`` (N−1, 2) in scikit-learn's
    numbering (i < N a point, N + j the cluster made at step j), ``distances_`` (merge
    heights), ``n_leaves_``; ``linkage_matrix()`` gives SciPy's (N−1, 4) format.
    """

    def __init__(self, n_clusters=2, *, linkage="ward", metric="euclidean", distance_threshold=None):
        self.n_clusters = n_clusters
        self.linkage = linkage
        self.metric = metric
        self.distance_threshold = distance_threshold

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64, ensure_min_samples=2)
        owner = "AgglomerativeClustering"
        check_option(self.linkage, name="linkage", owner=owner, allowed=LINKAGES)
        check_option(self.metric, name="metric", owner=owner, allowed=METRICS)
        if (self.n_clusters is None) == (self.distance_threshold is None):
            raise ValueError(f"{owner}: give exactly one of n_clusters and distance_threshold "
                             f"(got n_clusters={self.n_clusters!r}, distance_threshold={self.distance_threshold!r}); "
                             "set the other to None.")
        N = X.shape[0]
        if self.n_clusters is not None:
            check_int(self.n_clusters, name="n_clusters", owner=owner, minimum=1)
            if self.n_clusters > N:
                raise ValueError(f"{owner}: n_clusters={self.n_clusters} exceeds n_samples={N}; "
                                 f"use n_clusters <= {N}.")
        else:
            check_real(self.distance_threshold, name="distance_threshold", owner=owner, minimum=0.0)
        Z = linkage(X, self.linkage, self.metric)
        self.children_ = Z[:, :2].astype(np.intp)
        self.distances_ = Z[:, 2].copy()
        self._sizes = Z[:, 3].astype(np.intp)
        self.n_leaves_ = N
        if self.distance_threshold is not None:
            self.n_clusters_ = int(np.count_nonzero(self.distances_ >= self.distance_threshold)) + 1
        else:
            self.n_clusters_ = int(self.n_clusters)
        self.labels_ = _cut_tree(self.children_, N, self.n_clusters_)
        return self

    def linkage_matrix(self):
        """SciPy's linkage matrix Z (N−1, 4): [child a, child b, height, size]; feed it to
        ``scipy.cluster.hierarchy.dendrogram``."""
        check_is_fitted(self)
        return np.column_stack([self.children_, self.distances_, self._sizes]).astype(np.float64)


def linkage(X, method="ward", metric="euclidean"):
    """The full merge tree as SciPy's linkage matrix Z (N−1, 4), merges by increasing height.

    Equal to ``scipy.cluster.hierarchy.linkage(X, method, metric)`` up to the order of ties.
    """
    X = np.ascontiguousarray(X, dtype=np.float64)
    check_option(method, name="method", owner="linkage", allowed=LINKAGES)
    check_option(metric, name="metric", owner="linkage", allowed=METRICS)
    if method == "ward" and METRICS[metric] != "euclidean":
        raise ValueError(f"linkage: ward linkage is defined for the Euclidean metric only, got metric={metric!r}; "
                         "use linkage='average', 'complete' or 'single' for other metrics.")
    N = X.shape[0]
    d = _condensed_distances(X, metric)
    Z = _nn_chain(d, N, _LINKAGE_CODE[method])                       # overwrites d
    Z = Z[np.argsort(Z[:, 2], kind="mergesort")]                     # merges by height
    _relabel(Z, N)
    return Z


# -- private steps ---------------------------------------------------------------------------
def _condensed_distances(X, metric):
    """d(x_i, x_j) for i < j in SciPy's condensed order, filled a block of rows at a time."""
    N = X.shape[0]
    d = np.empty(N * (N - 1) // 2)
    if METRICS[metric] == "euclidean":                               # direct differences: exact like pdist
        _condensed_euclidean(X, d)
        return d
    for start, block in pairwise_distances_chunked(X, X, metric=metric):
        for r in range(block.shape[0]):
            i = start + r
            a = i * N - i * (i + 1) // 2                             # position of (i, i+1)
            d[a:a + N - i - 1] = block[r, i + 1:]
    return d


@njit(cache=True, nogil=True)
def _condensed_euclidean(X, d):
    # d[(i, j)] = √Σ_k (x_ik − x_jk)² for i < j
    N, D = X.shape
    pos = 0
    for i in range(N):
        for j in range(i + 1, N):
            s = 0.0
            for k in range(D):
                diff = X[i, k] - X[j, k]
                s += diff * diff
            d[pos] = np.sqrt(s)
            pos += 1


@njit(cache=True, nogil=True)
def _pair(row, i, j):
    # position of the pair (i, j), i ≠ j, in the condensed vector: row[i] + j for i < j
    return row[i] + j if i < j else row[j] + i


@njit(cache=True, nogil=True)
def _lance_williams(d_ac, d_bc, d_ab, n_a, n_b, n_c, method):
    # d(A∪B, C) from d(A, C), d(B, C), d(A, B) and the sizes
    if method == 0:
        return min(d_ac, d_bc)
    if method == 1:
        return max(d_ac, d_bc)
    if method == 2:
        return (n_a * d_ac + n_b * d_bc) / (n_a + n_b)
    t = 1.0 / (n_a + n_b + n_c)
    return np.sqrt((n_a + n_c) * t * d_ac * d_ac + (n_b + n_c) * t * d_bc * d_bc - n_c * t * d_ab * d_ab)


@njit(cache=True, nogil=True)
def _nn_chain(d, N, method):
    # nearest-neighbour chain: grow A → NN(A) → … until a reciprocal pair, merge it, repeat
    # (d, the condensed distances, is overwritten by the Lance-Williams updates)
    Z = np.empty((N - 1, 4))
    size = np.ones(N)
    row = np.empty(N, dtype=np.int64)                          # d(i, j), i < j, is d[row[i] + j]
    for i in range(N):
        row[i] = N * i - (i * (i + 1)) // 2 - i - 1             # SciPy's condensed order
    alive = np.arange(N)                                       # live clusters, ascending: alive[:n_alive]
    n_alive = N
    chain = np.empty(N, dtype=np.int64)
    length = 0
    for step in range(N - 1):
        if length == 0:
            chain[0] = alive[0]
            length = 1
        while True:
            a = chain[length - 1]
            if length > 1:
                b = chain[length - 2]
                best = d[_pair(row, a, b)]                     # prefer the previous link on ties
            else:
                b = -1
                best = np.inf
            for t in range(n_alive):                           # b = argmin_i d(a, i) over live i ≠ a
                i = alive[t]
                if i == a:
                    continue
                dist = d[_pair(row, a, i)]
                if dist < best:
                    best = dist
                    b = i
            if length > 1 and b == chain[length - 2]:
                break                                          # a and b are reciprocal nearest neighbours
            chain[length] = b
            length += 1
        length -= 2
        if a > b:
            a, b = b, a
        n_a, n_b = size[a], size[b]
        Z[step, 0] = a
        Z[step, 1] = b
        Z[step, 2] = best
        Z[step, 3] = n_a + n_b
        size[a] = 0                                            # A∪B lives on in slot b
        size[b] = n_a + n_b
        gone = 0
        for t in range(n_alive):                               # update d(A∪B, C), drop a from alive
            c = alive[t]
            if c == a:
                gone = 1
                continue
            alive[t - gone] = c
            if c != b:
                d[_pair(row, c, b)] = _lance_williams(d[_pair(row, c, a)], d[_pair(row, c, b)], best,
                                                      n_a, n_b, size[c], method)
        n_alive -= 1
    return Z


@njit(cache=True, nogil=True)
def _find(parent, x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


@njit(cache=True, nogil=True)
def _roots(children, N, n_merges):
    # top[x] = the cluster that node x belongs to after the first n_merges merges
    parent = np.arange(2 * N - 1)
    for step in range(n_merges):
        parent[children[step, 0]] = N + step
        parent[children[step, 1]] = N + step
    top = parent.copy()
    for x in range(2 * N - 2, -1, -1):                                # a parent's index exceeds its child's
        top[x] = top[parent[x]] if parent[x] != x else x
    return top


@njit(cache=True, nogil=True)
def _relabel(Z, N):
    # rename the slots of the chain into SciPy's numbering: points 0..N−1, step j makes N + j
    parent = np.arange(2 * N - 1)
    for step in range(N - 1):
        ra = _find(parent, int(Z[step, 0]))
        rb = _find(parent, int(Z[step, 1]))
        Z[step, 0], Z[step, 1] = min(ra, rb), max(ra, rb)
        parent[ra] = N + step
        parent[rb] = N + step


def _cut_tree(children, N, n_clusters):
    """Labels after the first N − n_clusters merges (clusters numbered by first point)."""
    top = _roots(children, N, N - n_clusters)
    _, labels = np.unique(top[:N], return_inverse=True)
    first = np.full(labels.max() + 1, N)
    np.minimum.at(first, labels, np.arange(N))
    return np.argsort(np.argsort(first))[labels]
