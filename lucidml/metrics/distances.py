"""Distances between vectors and between the rows of two matrices.

    Manhattan (L1)   d(x, y) = Σ_d |x_d − y_d|
    Euclidean (L2)   d(x, y) = √(Σ_d (x_d − y_d)²)
    Minkowski (Lp)   d(x, y) = (Σ_d |x_d − y_d|^p)^(1/p)      (p = ∞: max_d |x_d − y_d|)
    cosine           d(x, y) = 1 − x·y / (‖x‖ ‖y‖)

Pairwise Euclidean distances use the GEMM identity

    ‖x − y‖² = ‖x‖² + ‖y‖² − 2 x·y

so the bulk of the work is one matrix product (BLAS), done a block of rows at a time
so memory stays bounded; blocks run on parallel threads. Where ‖x − y‖² is tiny
next to ‖x‖² + ‖y‖² the identity loses digits to cancellation, so those few pairs are recomputed directly. L1 and general Lp have no
such identity; they run as a compiled loop over the same row blocks.

Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §13.3.

>>> euclidean([0, 0], [3, 4])
5.0
>>> manhattan([0, 0], [3, 4])
7.0
>>> pairwise_distances([[0, 0], [1, 1]], [[0, 1]], metric="l1").tolist()
[[1.0], [1.0]]
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numba import njit

from lucidml.utils.parallel import row_blocks, run_blocks
from lucidml.utils.validation import as_float_array, check_int, check_option, check_real

__all__ = [
    "manhattan",
    "euclidean",
    "cosine",
    "minkowski",
    "pairwise_distances",
    "pairwise_distances_chunked",
    "METRICS",
    "check_vectors",
    "prepare_rows",
    "distance_block",
]

# Accepted names and what they mean.
METRICS = {
    "euclidean": "euclidean", "l2": "euclidean",
    "sqeuclidean": "sqeuclidean",
    "manhattan": "manhattan", "l1": "manhattan", "cityblock": "manhattan",
    "cosine": "cosine",
    "minkowski": "minkowski",
}

_BLOCK_ELEMENTS = 1 << 18  # 2 MiB of float64 per block: it stays in cache between the product and the finishing pass


# -- one pair of vectors ---------------------------------------------------------------
def manhattan(x, y) -> float:
    """L1 distance Σ_d |x_d − y_d|."""
    x, y = check_vectors(x, y, "manhattan")
    return float(np.abs(x - y).sum())


def euclidean(x, y) -> float:
    """L2 distance √(Σ_d (x_d − y_d)²)."""
    x, y = check_vectors(x, y, "euclidean")
    return float(np.sqrt(((x - y) ** 2).sum()))


def minkowski(x, y, p: float = 2) -> float:
    """Lp distance (Σ_d |x_d − y_d|^p)^(1/p); ``p=np.inf`` gives max_d |x_d − y_d|."""
    x, y = check_vectors(x, y, "minkowski")
    p = _check_p(p, "minkowski")
    diff = np.abs(x - y)
    return float(diff.max() if np.isinf(p) else (diff**p).sum() ** (1.0 / p))


def cosine(x, y) -> float:
    """Cosine distance 1 − x·y / (‖x‖ ‖y‖), in [0, 2].

    A zero vector has no direction; like scikit-learn, lucidml then treats the
    similarity as 0 (distance 1) rather than returning NaN.
    """
    x, y = check_vectors(x, y, "cosine")
    nx, ny = np.sqrt(x @ x), np.sqrt(y @ y)
    if nx == 0.0 or ny == 0.0:
        return 1.0
    return float(np.clip(1.0 - (x @ y) / (nx * ny), 0.0, 2.0))


# -- all pairs of rows -----------------------------------------------------------------
def pairwise_distances(X, Y=None, metric: str = "euclidean", *, p: float = 2,
                       n_jobs: int | None = None) -> np.ndarray:
    """Distance matrix ``D[i, j] = d(X[i], Y[j])``, shape (n_X, n_Y).

    ``metric`` is one of "euclidean"/"l2", "sqeuclidean", "manhattan"/"l1"/"cityblock",
    "cosine" or "minkowski" (with ``p``). ``Y=None`` means ``Y = X`` (the diagonal is
    then exactly 0). Row blocks run on ``n_jobs`` threads (None: every core).
    Equal to ``scipy.spatial.distance.cdist`` to about 1e-12 relative.
    """
    X, Y, metric, p, same = _check_pairwise(X, Y, metric, p, "pairwise_distances")
    D = np.empty((X.shape[0], Y.shape[0]), dtype=np.float64)
    prep = prepare_rows(Y, metric)

    def work(start, stop, _worker):  # each block writes straight into its rows of D
        distance_block(X[start:stop], Y, metric, p, prep, out=D[start:stop],
                        self_offset=start if same else -1)

    run_blocks(work, row_blocks(X.shape[0], _block_rows(Y.shape[0])), n_jobs)
    return D


def pairwise_distances_chunked(X, Y=None, metric: str = "euclidean", *, p: float = 2,
                               block_rows: int | None = None) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(start, D_block)`` with ``D_block = pairwise_distances(X[start:stop], Y)``.

    Memory stays bounded by one block (about 2 MiB unless ``block_rows`` is given):
    this is how scores over large data (silhouette, DBSCAN) walk the distance matrix.
    """
    X, Y, metric, p, same = _check_pairwise(X, Y, metric, p, "pairwise_distances_chunked")
    if block_rows is not None:
        block_rows = check_int(block_rows, name="block_rows", owner="pairwise_distances_chunked", minimum=1)
    prep = prepare_rows(Y, metric)
    for start, stop in row_blocks(X.shape[0], block_rows or _block_rows(Y.shape[0])):
        yield start, distance_block(X[start:stop], Y, metric, p, prep,
                                     self_offset=start if same else -1)


# -- building blocks that other modules reuse (the silhouette, kNN, the explainers) --------
def check_vectors(x, y, owner: str):
    """Two finite 1-D float arrays of the same length, or a ValueError that names ``owner``."""
    x = as_float_array(x, name="x", owner=owner, ndim=1)
    y = as_float_array(y, name="y", owner=owner, ndim=1)
    if x.shape != y.shape:
        raise ValueError(f"{owner}: x has {x.shape[0]} components but y has {y.shape[0]}; "
                         "both vectors must have the same length.")
    return x, y


def prepare_rows(Y: np.ndarray, metric: str):
    """What every block against ``Y`` reuses: ‖y‖² per row (euclidean, sqeuclidean), ‖y‖ (cosine), else None.

    ``Y`` is a validated float64 (n, D) array and ``metric`` a value of :data:`METRICS`
    ("euclidean", not "l2"); pass the result to :func:`distance_block` as ``prepared``.
    """
    if metric in ("euclidean", "sqeuclidean"):
        return np.einsum("ij,ij->i", Y, Y)
    if metric == "cosine":
        return np.sqrt(np.einsum("ij,ij->i", Y, Y))
    return None


def distance_block(Xb, Y, metric, p, prepared, out=None, self_offset=-1):
    """D[i, j] = d(Xb[i], Y[j]) for one block of rows (into ``out`` if given): the step every
    blocked distance computation repeats (:func:`pairwise_distances`, the silhouette, kNN).

    ``Xb`` (b, D) and ``Y`` (n, D) are validated, C-contiguous float64 arrays, ``metric`` a
    value of :data:`METRICS`, ``p`` the Minkowski exponent, ``prepared`` what
    :func:`prepare_rows` returned for ``Y``. ``self_offset >= 0`` says Xb is rows
    self_offset... of Y itself (d(x, x) = 0 exactly).
    """
    if out is None:
        out = np.empty((Xb.shape[0], Y.shape[0]), dtype=np.float64)
    if metric in ("euclidean", "sqeuclidean"):
        xx = np.einsum("ij,ij->i", Xb, Xb)
        np.matmul(Xb, Y.T, out=out)                            # x·y, the BLAS part
        _finish_euclidean(out, Xb, Y, xx, prepared, metric == "sqeuclidean", self_offset)
    elif metric == "cosine":
        ny = np.where(prepared == 0.0, 1.0, prepared)                 # zero vector: similarity 0
        nx = np.sqrt(np.einsum("ij,ij->i", Xb, Xb))
        nx = np.where(nx == 0.0, 1.0, nx)
        np.matmul(Xb, Y.T, out=out)
        out /= nx[:, None]
        out /= ny[None, :]
        np.subtract(1.0, out, out=out)                         # 1 − cos θ
        np.clip(out, 0.0, 2.0, out=out)
        if self_offset >= 0:
            rows = np.arange(Xb.shape[0])
            out[rows, rows + self_offset] = 0.0
    else:
        _minkowski_block(Xb, Y, 1.0 if metric == "manhattan" else float(p), out)
    return out


# -- private steps ------------------------------------------------------------------------
def _block_rows(n_cols: int) -> int:
    return max(1, _BLOCK_ELEMENTS // max(n_cols, 1))


@njit(cache=True, nogil=True)
def _finish_euclidean(G, X, Y, xx, yy, squared, self_offset):
    # G holds x·y on entry; on exit d² = ‖x‖² + ‖y‖² − 2 x·y (or d = √d² unless squared).
    n, m, D = G.shape[0], G.shape[1], X.shape[1]
    for i in range(n):
        n_cancelled = 0
        for j in range(m):  # branch-free, so it vectorises
            d2 = xx[i] + yy[j] - 2.0 * G[i, j]
            n_cancelled += d2 < 1e-7 * (xx[i] + yy[j])
            G[i, j] = d2
        if self_offset >= 0:  # d(x_i, x_i) = 0 exactly
            j = self_offset + i
            n_cancelled -= G[i, j] < 1e-7 * (xx[i] + yy[j])
            G[i, j] = 0.0
        if n_cancelled > 0:
            for j in range(m):
                if G[i, j] < 1e-7 * (xx[i] + yy[j]) and (self_offset < 0 or j != self_offset + i):
                    # x ≈ y: the identity lost its digits, so sum (x_d − y_d)² directly
                    d2 = 0.0
                    for d in range(D):
                        diff = X[i, d] - Y[j, d]
                        d2 += diff * diff
                    G[i, j] = d2
        if not squared:
            for j in range(m):
                G[i, j] = np.sqrt(G[i, j])


@njit(cache=True, nogil=True)
def _minkowski_block(X, Y, p, out):
    # out[i, j] = (Σ_d |X[i, d] − Y[j, d]|^p)^(1/p); p = ∞ gives the largest |difference|
    n, m, D = X.shape[0], Y.shape[0], X.shape[1]
    for i in range(n):
        for j in range(m):
            s = 0.0
            if p == 1.0:
                for d in range(D):
                    s += abs(X[i, d] - Y[j, d])
            elif p == 2.0:
                for d in range(D):
                    diff = X[i, d] - Y[j, d]
                    s += diff * diff
                s = np.sqrt(s)
            elif np.isinf(p):
                for d in range(D):
                    s = max(s, abs(X[i, d] - Y[j, d]))
            else:
                for d in range(D):
                    s += abs(X[i, d] - Y[j, d]) ** p
                s = s ** (1.0 / p)
            out[i, j] = s
    return out


def _check_p(p, owner: str) -> float:
    if isinstance(p, (int, float, np.floating, np.integer)) and not isinstance(p, bool) and np.isposinf(p):
        return float("inf")
    return check_real(p, name="p", owner=owner, minimum=1.0)


def _check_pairwise(X, Y, metric, p, owner):
    metric = METRICS[check_option(metric, name="metric", owner=owner, allowed=METRICS)]
    p = _check_p(p, owner) if metric == "minkowski" else 2.0
    X = as_float_array(X, name="X", owner=owner, ndim=2)
    same = Y is None or Y is X
    Y = X if Y is None else as_float_array(Y, name="Y", owner=owner, ndim=2)
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"{owner}: X has {X.shape[1]} features but Y has {Y.shape[1]}; "
                         "the rows must live in the same space.")
    X = np.ascontiguousarray(X)
    Y = np.ascontiguousarray(Y)
    return X, Y, metric, p, same
