"""The solves that least squares and ridge regression share.

Both minimise  ½ ‖Y − X W − 1 bᵀ‖² + α/2 ‖W‖²  (α = 0: ordinary least squares).

1. Centre.  With x̄, ȳ the column means, X_c = X − x̄, Y_c = Y − ȳ, the intercept separates:
   b = ȳ − Wᵀ x̄, and W solves the same problem on the centred data without intercept.
2. Reduce.  Factor the augmented matrix [X_c  Y_c] = Q R (Householder QR, Q never formed;
   tall matrices a block of rows at a time, see ``_qr_reduce``).
   Because Q has orthonormal columns, ‖Y_c − X_c W‖ = ‖c − R_x W‖ + const with
   R_x = R[:, :D] and c = Qᵀ Y_c = R[:, D:], a small (D × D) problem with the same
   singular values as X_c.
3. Solve.  With the SVD R_x = U S Vᵀ,
       W = V diag(f(s)) Uᵀ c,   f(s) = s / (s² + α)
   For α = 0, f(s) = 1/s, and singular values below rcond · s_max count as zero (f = 0):
   that is the minimum-norm solution when columns are collinear or constant.

The Gram route solves (X_cᵀ X_c + α I) W = X_cᵀ Y_c instead (about half the work of the QR
for N ≫ D): ``_centred_gram`` forms X_cᵀ X_c a block of rows at a time, ``_gram_solve``
factors it by Cholesky. It is accurate only when that matrix is well conditioned, so
callers check ``cond`` first. No inverse is ever formed.

Reference: Golub & Van Loan, *Matrix Computations*, §5.3 (least squares by QR and SVD);
Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §3.4.1 (ridge via the SVD).
"""
from __future__ import annotations

import warnings

import numpy as np
from scipy.linalg import LinAlgError, LinAlgWarning, cho_factor, cho_solve, qr
from scipy.linalg.lapack import dpocon

from lucidml.utils.parallel import effective_n_jobs, row_blocks, run_blocks

# Gram route only when cond(XᵀX + αI) is below this: the solve then loses at most
# ~ 1e6 · 2.2e-16 ≈ 2e-10 of relative accuracy (the QR route loses ~ cond(X) · eps).
GRAM_MAX_COND = 1e6


def _center(X, Y, fit_intercept):
    """x̄ (D,), ȳ (T,), and the centred X_c, Y_c (the data themselves when there is no intercept)."""
    if not fit_intercept:
        return X, Y, np.zeros(X.shape[1]), np.zeros(Y.shape[1])
    x_bar, y_bar = X.mean(axis=0), Y.mean(axis=0)
    return X - x_bar, Y - y_bar, x_bar, y_bar


def _qr_reduce(X, Y, fit_intercept, n_jobs=None):
    """R_x, c = Qᵀ Y_c, x̄, ȳ from the QR factorisation of [X_c  Y_c], without forming Q or X_c.

    Tall-skinny QR (TSQR): the triangular factor of a stack of rows equals the triangular
    factor of [R_top; R_bottom], the factors of its two halves. So each thread reduces its
    share of the rows ``CHUNK`` at a time (R ← R of [R; next chunk], centring each chunk as it
    is copied in), and one last QR merges the threads' factors. Every factorisation is of a
    small (CHUNK + D + T) × (D + T) matrix that stays in cache; the result is the same R as one
    Householder QR of the whole matrix (up to the signs of its rows).
    """
    N, D = X.shape
    if fit_intercept:
        x_bar, y_bar = X.mean(axis=0), Y.mean(axis=0)
    else:
        x_bar, y_bar = np.zeros(D), np.zeros(Y.shape[1])
    spans = row_blocks(N, -(-N // effective_n_jobs(n_jobs)))               # one span of rows per thread
    factors = {}

    def work(start, stop, worker):
        factors[start] = _r_of_rows(X, Y, x_bar, y_bar, start, stop)

    run_blocks(work, spans, n_jobs)
    R = factors[0] if len(factors) == 1 else _r_factor(np.vstack([factors[s] for s, _ in spans]))
    return R[:, :D], R[:, D:], x_bar, y_bar


CHUNK = 1024   # rows per QR update: the (CHUNK + D + T)-row buffer stays in cache


def _r_of_rows(X, Y, x_bar, y_bar, start, stop):
    """R of the centred rows start..stop of [X  Y], folding in CHUNK rows at a time."""
    D, W = X.shape[1], X.shape[1] + Y.shape[1]
    buffer = np.empty((CHUNK + W, W), order="F")
    k = 0                                                                  # rows of R at the top of buffer
    for s in range(start, stop, CHUNK):
        e = min(s + CHUNK, stop)
        m = e - s
        np.subtract(X[s:e], x_bar, out=buffer[k:k + m, :D])               # x_n − x̄
        np.subtract(Y[s:e], y_bar, out=buffer[k:k + m, D:])               # y_n − ȳ
        R = _r_factor(buffer[:k + m])                                      # R of [R; chunk]
        k = R.shape[0]
        buffer[:k] = R
    return buffer[:k].copy()


def _r_factor(A):
    """The upper-triangular R of A = Q R (Householder, LAPACK geqrf), min(rows, cols) × cols."""
    (R,) = qr(A, mode="r", check_finite=False)
    return R[: min(A.shape)]


def _svd_solve(R_x, c, alpha, owner, warn_rank=True):
    """W = V diag(f(s)) Uᵀ c with f(s) = s/(s² + α); f = 0 for negligible s when α = 0.

    Returns W (D, T), the rank and the singular values s of X_c.
    """
    U, s, Vt = np.linalg.svd(R_x, full_matrices=False)
    D = R_x.shape[1]
    tiny = max(R_x.shape) * np.finfo(np.float64).eps * (s[0] if s.size else 0.0)
    keep = s > tiny
    rank = int(keep.sum())
    f = np.zeros_like(s)
    f[keep] = s[keep] / (s[keep] ** 2 + alpha)                             # 1/s when α = 0
    if alpha == 0 and rank < D and warn_rank:
        warnings.warn(f"{owner}: the design matrix has rank {rank} < {D} features (collinear or constant "
                      "columns); returning the minimum-norm solution. Drop redundant columns to get a "
                      "unique answer.", LinAlgWarning, stacklevel=3)
    W = Vt.T @ (f[:, None] * (U.T @ c))                                    # (D, T)
    return W, rank, s


def _gram(X_c, Y_c):
    """G = X_cᵀ X_c (D, D) and X_cᵀ Y_c (D, T)."""
    return X_c.T @ X_c, X_c.T @ Y_c


GRAM_BLOCK = 1 << 16   # numbers per centred block of _centred_gram (512 KiB: half a core's L2)


def _centred_gram(X, Y, fit_intercept, n_jobs=None):
    """G = X_cᵀ X_c (D, D), b = X_cᵀ Y_c (D, T), x̄ and ȳ, without forming X_c (N, D).

    G = Σ_blocks (X_b − x̄)ᵀ (X_b − x̄): each thread centres a block of rows at a time into
    its own buffer, which stays in cache while BLAS multiplies it, and adds up its blocks;
    the threads' sums are added at the end. One pass over X instead of three (centre,
    write X_c, multiply), and the same G up to rounding.
    """
    N, D = X.shape
    T = Y.shape[1]
    rows = min(N, max(16, GRAM_BLOCK // (D + T)))
    if fit_intercept:
        x_bar, y_bar = X.mean(axis=0), Y.mean(axis=0)
    else:
        x_bar, y_bar = np.zeros(D), np.zeros(T)
    sums = {}

    def work(start, stop, worker):
        if worker not in sums:   # per thread: G, b, and the buffers for one centred block
            sums[worker] = (np.zeros((D, D)), np.zeros((D, T)), np.empty((rows, D)), np.empty((rows, T)))
        G, b, X_b, Y_b = sums[worker]
        X_b, Y_b = X_b[:stop - start], Y_b[:stop - start]
        np.subtract(X[start:stop], x_bar, out=X_b)                         # x_n − x̄
        np.subtract(Y[start:stop], y_bar, out=Y_b)                         # y_n − ȳ
        G += X_b.T @ X_b
        b += X_b.T @ Y_b

    run_blocks(work, row_blocks(N, rows), n_jobs)
    G = sum(part[0] for part in sums.values())
    b = sum(part[1] for part in sums.values())
    return G, b, x_bar, y_bar


def _gram_solve(G, b, alpha):
    """Solve (G + α I) W = b by Cholesky: G + α I = L Lᵀ, then L Z = b and Lᵀ W = Z.

    Returns W and cond(G + α I), estimated in the 1-norm from the factor (LAPACK's pocon,
    O(D²)), so the caller can fall back to the QR route when it is too large to trust;
    (None, inf) when G + α I is not numerically positive definite.
    """
    A = G + alpha * np.eye(G.shape[0])
    try:
        L, lower = cho_factor(A, lower=True, check_finite=False)
    except LinAlgError:
        return None, np.inf
    rcond, _ = dpocon(L, np.linalg.norm(A, 1), uplo="L")                    # 1 / (‖A‖₁ ‖A⁻¹‖₁)
    if not rcond > 0:
        return None, np.inf
    return cho_solve((L, lower), b, check_finite=False), 1.0 / rcond
