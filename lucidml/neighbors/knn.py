"""k-nearest neighbours for classification and regression (brute force).

A query x is answered by the k training points closest to it, N_k(x):

    classification   p(c | x) = Σ_{i ∈ N_k(x)} w_i [y_i = c] / Σ_{i ∈ N_k(x)} w_i,
                     ŷ = argmax_c p(c | x)
    regression       ŷ = Σ_{i ∈ N_k(x)} w_i y_i / Σ_{i ∈ N_k(x)} w_i

with w_i = 1 ("uniform") or w_i = 1 / d(x, x_i) ("distance"; a training point at
distance 0 then takes all the weight). The distance d is any metric of
:mod:`lucidml.metrics.distances`. The search computes distances for a block of queries
at a time (bounded memory) and keeps the k smallest per row in one O(n_train) pass
(a compiled scan for small k, ``np.argpartition`` for large k) instead of a full
O(n_train log n_train) sort.

Symbols: X (n_train, D) training inputs, y (n_train,) targets, k = n_neighbors.
Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §2.3.2, §13.3.

>>> X = np.array([[0.], [1.], [2.], [10.], [11.]])
>>> y = np.array([0, 0, 0, 1, 1])
>>> KNeighborsClassifier(n_neighbors=3).fit(X, y).predict([[1.5], [9.]]).tolist()
[0, 1]
>>> KNeighborsRegressor(n_neighbors=2).fit(X, [0., 1., 2., 3., 4.]).predict([[10.4]]).tolist()
[3.5]
"""
from __future__ import annotations

import numpy as np
from numba import njit
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.metrics.distances import METRICS, distance_block, prepare_rows
from lucidml.utils.parallel import row_blocks, run_blocks
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["KNeighborsClassifier", "KNeighborsRegressor"]

WEIGHTS = ("uniform", "distance")


class _KNeighborsBase(BaseEstimator):
    """What both kNN estimators share: parameters, fitting (storing X) and the search."""

    def __init__(self, n_neighbors=5, *, weights="uniform", metric="euclidean", p=2, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.metric = metric
        self.p = p
        self.n_jobs = n_jobs

    def _check_params(self):
        name = type(self).__name__
        check_int(self.n_neighbors, name="n_neighbors", owner=name, minimum=1)
        check_option(self.weights, name="weights", owner=name, allowed=WEIGHTS)
        check_option(self.metric, name="metric", owner=name, allowed=METRICS)
        if METRICS[self.metric] == "minkowski" and not np.isposinf(self.p):
            check_real(self.p, name="p", owner=name, minimum=1.0)

    def _fit_X_y(self, X, y, *, multi_output: bool):
        self._check_params()
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=not isinstance(self, ClassifierMixin),
                             multi_output=multi_output)
        n = X.shape[0]
        if self.n_neighbors > n:
            raise ValueError(
                f"{type(self).__name__}: n_neighbors={self.n_neighbors} exceeds n_samples={n} "
                f"in the training data; use n_neighbors <= {n}."
            )
        self._fit_X = X
        self.n_samples_fit_ = n
        return y

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """The ``n_neighbors`` nearest training points of each query, nearest first.

        Returns ``(distances, indices)``, each (n_queries, k), or only ``indices`` if
        ``return_distance=False``. With ``X=None`` the queries are the training points
        themselves and each point is not counted as its own neighbour (as in
        scikit-learn). Equal distances are ordered by training index.
        """
        check_is_fitted(self)
        name = type(self).__name__
        k = self.n_neighbors if n_neighbors is None else check_int(
            n_neighbors, name="n_neighbors", owner=name, minimum=1)
        exclude_self = X is None
        if exclude_self:
            Xq, k_search = self._fit_X, k + 1
        else:
            Xq, k_search = validate_data(self, X, dtype=np.float64, reset=False), k
        n_fit = self.n_samples_fit_
        if k_search > n_fit:
            raise ValueError(
                f"{name}.kneighbors: asked for {k} neighbours but only {n_fit - exclude_self} "
                f"training points are available; use n_neighbors <= {n_fit - exclude_self}."
            )
        dist, ind = _search(Xq, self._fit_X, k_search, self.metric, self.p, self.n_jobs)
        if exclude_self:
            dist, ind = _drop_self(dist, ind)
        return (dist, ind) if return_distance else ind

    def _neighbour_weights(self, dist):
        """w_i = 1 (uniform) or 1/d_i (distance); rows with a zero distance keep only those points."""
        if self.weights == "uniform":
            return np.ones_like(dist)
        with np.errstate(divide="ignore"):
            w = 1.0 / dist
        exact = np.isinf(w)
        rows = exact.any(axis=1)
        w[rows] = exact[rows]
        return w


class KNeighborsClassifier(ClassifierMixin, _KNeighborsBase):
    """Classify by a (weighted) vote of the k nearest training points.

    Parameters
    ----------
    n_neighbors : int, k
    weights : "uniform" or "distance" (w_i = 1 / d_i)
    metric : "euclidean"/"l2", "manhattan"/"l1", "cosine", "minkowski" (with ``p``), ...
    p : float >= 1, the Minkowski exponent
    n_jobs : threads for the search (None: every core)

    Attributes: ``classes_``, ``n_features_in_``, ``n_samples_fit_``.
    Ties in the vote go to the class that comes first in ``classes_``.
    """

    def fit(self, X, y):
        y = self._fit_X_y(X, y, multi_output=False)
        check_classification_targets(y)
        self.classes_, self._y = np.unique(y, return_inverse=True)
        return self

    def predict_proba(self, X):
        """p(c | x) for every class in ``classes_``: shape (n_queries, n_classes)."""
        dist, ind = self.kneighbors(X)
        w = self._neighbour_weights(dist)                           # (n, k)
        n, C = ind.shape[0], len(self.classes_)
        rows = np.repeat(np.arange(n), ind.shape[1])
        votes = np.bincount(rows * C + self._y[ind].ravel(), weights=w.ravel(), minlength=n * C)
        votes = votes.reshape(n, C)                                 # Σ_i w_i [y_i = c]
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class KNeighborsRegressor(RegressorMixin, _KNeighborsBase):
    """Predict the (weighted) mean target of the k nearest training points.

    Same parameters as :class:`KNeighborsClassifier`; ``y`` may have several columns.
    """

    def fit(self, X, y):
        self._y = self._fit_X_y(X, y, multi_output=True).astype(np.float64)
        return self

    def predict(self, X):
        dist, ind = self.kneighbors(X)
        w = self._neighbour_weights(dist)                           # (n, k)
        y_nb = self._y[ind]                                         # (n, k) or (n, k, T)
        if y_nb.ndim == 3:
            w = w[:, :, None]
        return (w * y_nb).sum(axis=1) / w.sum(axis=1)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


# -- private steps -------------------------------------------------------------------------
def _search(Xq, X, k, metric, p, n_jobs):
    """The k nearest rows of X for every row of Xq, a block of queries at a time.

    For Euclidean distance the ranking needs only r_ij = ‖x_j‖² − 2 q_i·x_j (‖q_i‖² is
    the same for the whole row), i.e. one matrix product; the exact distances are then
    computed directly for the k winners only. Other metrics rank the distance block itself.
    """
    metric = METRICS[metric]
    euclidean = metric in ("euclidean", "sqeuclidean") or (metric == "minkowski" and p == 2)
    n, m = Xq.shape[0], X.shape[0]
    dist = np.empty((n, k))
    ind = np.empty((n, k), dtype=np.intp)
    prep = prepare_rows(X, "sqeuclidean" if euclidean else metric)
    blocks = row_blocks(n, max(1, (1 << 21) // m))  # ~16 MiB per block: big enough for BLAS
    buffers = {}  # one scratch block per thread: no fresh allocation (and page faults) per block

    def work(start, stop, worker):
        Q = Xq[start:stop]
        if worker not in buffers:
            buffers[worker] = np.empty((blocks[0][1], m))
        B = buffers[worker][: stop - start]
        if euclidean:
            np.matmul(Q, X.T, out=B)                                    # q·x
            nearest, _ = _k_smallest(B, k, offset=prep, scale=-2.0)     # by ‖x‖² − 2 q·x
            diff = Q[:, None, :] - X[nearest]                           # (b, k, D)
            d2 = np.einsum("ijd,ijd->ij", diff, diff)
            ind[start:stop], dist[start:stop] = _sort_by_distance(
                nearest, d2 if metric == "sqeuclidean" else np.sqrt(d2))
        else:
            distance_block(Q, X, metric, p, prep, out=B)
            ind[start:stop], dist[start:stop] = _k_smallest(B, k)

    run_blocks(work, blocks, n_jobs)
    return dist, ind


def _sort_by_distance(ind, d):
    """Order each row by distance, equal distances by index."""
    by_index = np.argsort(ind, axis=1)
    ind, d = np.take_along_axis(ind, by_index, axis=1), np.take_along_axis(d, by_index, axis=1)
    order = np.argsort(d, axis=1, kind="stable")
    return np.take_along_axis(ind, order, axis=1), np.take_along_axis(d, order, axis=1)


def _k_smallest(D: np.ndarray, k: int, offset=None, scale: float = 1.0):
    """Indices and values of the k smallest r_ij = offset_j + scale · D_ij per row, increasing.

    Equal values are ordered by column index. For small k a compiled scan keeps a
    sorted list of the k best while reading each row once (a new candidate is inserted
    only when it beats the current k-th best, which is rare); for large k,
    ``np.argpartition`` (O(m) per row) is the better tool.
    """
    if offset is None:
        offset = np.zeros(D.shape[1])
    if k <= _SCAN_MAX_K:
        ind = np.empty((D.shape[0], k), dtype=np.intp)
        r = np.empty((D.shape[0], k))
        _k_smallest_scan(D, k, offset, scale, ind, r)
        return ind, r
    return _k_smallest_argpartition(offset[None, :] + scale * D, k)


_SCAN_MAX_K = 32


def _k_smallest_argpartition(D: np.ndarray, k: int):
    """The readable reference: argpartition for the k smallest, then sort only those k."""
    m = D.shape[1]
    if k < m:
        ind = np.argpartition(D, k - 1, axis=1)[:, :k]
        # argpartition breaks ties at the k-th place arbitrarily: widen to every entry
        # equal to the k-th distance, so that the lowest indices win as in the scan.
        kth = np.take_along_axis(D, ind, axis=1).max(axis=1, keepdims=True)
        if (np.sum(D <= kth, axis=1) > k).any():
            return _k_smallest_by_sort(D, k)
    else:
        ind = np.broadcast_to(np.arange(m), D.shape).copy()
    return _sort_by_distance(ind, np.take_along_axis(D, ind, axis=1))


def _k_smallest_by_sort(D, k):
    ind = np.argsort(D, axis=1, kind="stable")[:, :k]
    return ind, np.take_along_axis(D, ind, axis=1)


@njit(cache=True, nogil=True)
def _k_smallest_scan(D, k, offset, scale, ind, dist):
    # for each row keep dist[i, 0] <= ... <= dist[i, k-1], the k smallest
    # r_ij = offset_j + scale · D_ij seen so far
    n, m = D.shape
    for i in range(n):
        for t in range(k):
            dist[i, t] = np.inf
            ind[i, t] = -1
        worst = np.inf
        for j in range(m):
            d = offset[j] + scale * D[i, j]
            if d < worst:                       # strict: on a tie the earlier index stays
                t = k - 1
                while t > 0 and dist[i, t - 1] > d:
                    dist[i, t] = dist[i, t - 1]
                    ind[i, t] = ind[i, t - 1]
                    t -= 1
                dist[i, t] = d
                ind[i, t] = j
                worst = dist[i, k - 1]


def _drop_self(dist, ind):
    """Remove each training point from its own neighbour list (the k+1 → k step)."""
    n, k1 = ind.shape
    is_self = ind == np.arange(n)[:, None]
    # A duplicate point can push i itself out of its first k+1; then drop the farthest.
    is_self[~is_self.any(axis=1), k1 - 1] = True
    keep = ~is_self
    return dist[keep].reshape(n, k1 - 1), ind[keep].reshape(n, k1 - 1)
