"""Sequential minimal optimisation with Platt's (1998) two-variable step: the readable SMO.

The readable twin of :mod:`lucidml.svm.smo` (a compiled port of libsvm's solver). Both
solve the SVM dual

    min_α  f(α) = ½ αᵀ Q α + pᵀ α     subject to   yᵀ α = 0,   0 ≤ α_t ≤ C_t,
    Q_st = y_s y_t K(x_{m(s)}, x_{m(t)}),

(SVC: p = −1, Platt's own problem; SVR: 2n variables α, α*, see :mod:`lucidml.svm.svr`)
two variables at a time. With G = ∇f = Qα + p, Platt's error is E_t = y_t G_t − b (for
SVC, E_t = u(x_t) − y_t with u the SVM output); only differences E_i − E_j appear below,
so b is not needed until the end.

1. Choose the pair that violates the optimality (KKT) conditions most,

       i = argmax_{t ∈ I_up} −y_t G_t,   j = argmin_{t ∈ I_low} −y_t G_t,
       I_up = {t : α_t < C_t, y_t = +1  or  α_t > 0, y_t = −1},   I_low: the same with the signs swapped,

   and stop when m(α) − M(α) = −y_i G_i + y_j G_j < tol (all KKT conditions hold to tol).
2. Platt's step: optimise α_i, α_j on the line y_i α_i + y_j α_j = constant,

       s = y_i y_j,   η = K_ii + K_jj − 2 K_ij                     (the curvature along the line)
       α_j ← clip(α_j + y_j (E_i − E_j) / η,  L, H)                ([L, H]: the box on the line)
       α_i ← α_i + s (α_j^old − α_j)

   (η ≤ 0 for a repeated point, or SVR's α_i, α*_i pair: f is linear there and α_j goes
   to the better end, as in Platt's paper), then update G with the two kernel columns.
3. At the end b = ρ is the mean of y_t G_t over the free α_t (0 < α_t < C_t), which is
   where the KKT conditions make y_t G_t = b, and f(x) = Σ_t y_t α_t K(x_t, x) − b.

Step 1 is not Platt's own choice. Platt picks j by scanning for any example that breaks
the KKT conditions against the current b, then a partner by his "largest |E_i − E_j|"
heuristic; with a single b that is often stale, that loop either crawls on tiny steps
(with a small eps) or stops while some pair still violates the conditions by far more
than tol (with Platt's eps = 1e-3, on breast cancer, linear kernel, tol = 1e-4: it stopped
at m(α) − M(α) = 4.5; measured with a faithful version of his loop). The
most violating pair (Keerthi, Shevade, Bhattacharyya & Murthy 2001, the standard fix)
always makes progress and stops on the same test as the fast solver, so both stop
equally close to the same optimum. What the fast solver adds is a better choice of j
(second-order, Fan, Chen & Lin 2005), shrinking and a kernel-row cache, all compiled;
here the whole kernel matrix is computed once (N² numbers: fine for a few thousand points).

Reference: Platt, "Sequential minimal optimization: a fast algorithm for training support
vector machines", Microsoft Research MSR-TR-98-14 (1998), §2.1 (the two-variable step);
Keerthi, Shevade, Bhattacharyya & Murthy, "Improvements to Platt's SMO algorithm for SVM
classifier design", Neural Computation 13 (2001).

>>> X = np.array([[0.], [2.]]); y = np.array([-1., 1.])
>>> r = smo_platt(X, y, -np.ones(2), 100.0, kernel="linear")
>>> r.alpha.tolist(), r.rho, r.n_iter           # f(x) = x − 1: α = ½, ½ (by hand in tests/svm/test_smo.py)
([0.5, 0.5], 1.0, 1)
"""
from __future__ import annotations

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from lucidml.svm.kernels import kernel_matrix
from lucidml.svm.smo import SMOResult

__all__ = ["smo_platt"]

EPS = 1e-12   # two ends of the line whose objectives differ by less than this are equally good
SNAP = 1e-12  # α within SNAP · C of 0 or C is at that bound (rounding)


def smo_platt(X, y, p, C, *, rows=None, kernel="rbf", gamma=1.0, coef0=0.0, degree=3, tol=1e-3,
              max_iter=-1, owner="SVC") -> SMOResult:
    """Solve min ½ αᵀQα + pᵀα, yᵀα = 0, 0 ≤ α ≤ C by SMO with Platt's step; the arguments are
    those of :func:`lucidml.svm.smo.smo` (there is no cache and no shrinking). ``n_iter``
    counts the steps; ``max_iter=-1`` means max(10⁷, 100 n) of them."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    n = len(y)
    rows = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    C = np.broadcast_to(np.asarray(C, dtype=np.float64), (n,)).copy()
    limit = max(10_000_000, 100 * n) if max_iter is None or max_iter < 0 else int(max_iter)
    K = kernel_matrix(X, X, kernel, gamma=gamma, coef0=coef0, degree=degree)[np.ix_(rows, rows)]   # (n, n)
    alpha = np.zeros(n)
    G = p.copy()                                        # ∇f(0) = p
    n_iter, converged = 0, False
    while n_iter < limit:
        i, j, violation = _most_violating_pair(y, G, alpha, C)
        if violation < tol:                             # m(α) − M(α) < tol: the KKT conditions hold
            converged = True
            break
        if not _take_step(i, j, y, G, alpha, C, K):
            break                                       # the pair cannot move (only from rounding)
        n_iter += 1
    if not converged:
        why = f"max_iter={limit} steps" if n_iter >= limit else f"{n_iter} steps (a pair could not move)"
        warnings.warn(f"{owner}: SMO (solver='platt') stopped after {why} with the KKT conditions still "
                      f"violated by more than tol={tol}; increase max_iter, scale the features or lower C.",
                      ConvergenceWarning, stacklevel=3)
    objective = 0.5 * float(alpha @ (G + p))            # ½ αᵀQα + pᵀα, with G = Qα + p
    return SMOResult(alpha, G, _threshold(y, G, alpha, C), n_iter, objective, converged)


def _most_violating_pair(y, G, alpha, C):
    """(i, j, m(α) − M(α)): i maximises −y_t G_t over I_up, j minimises it over I_low."""
    up = ((alpha < C) & (y > 0)) | ((alpha > 0) & (y < 0))
    low = ((alpha < C) & (y < 0)) | ((alpha > 0) & (y > 0))
    if not up.any() or not low.any():
        return -1, -1, -np.inf
    minus_yG = -y * G
    i = np.flatnonzero(up)[np.argmax(minus_yG[up])]
    j = np.flatnonzero(low)[np.argmin(minus_yG[low])]
    return i, j, minus_yG[i] - minus_yG[j]


def _take_step(i, j, y, G, alpha, C, K) -> bool:
    """Platt's step: optimise α_i and α_j together, keeping y_i α_i + y_j α_j fixed; True if they moved."""
    s = y[i] * y[j]
    E_i_minus_E_j = y[i] * G[i] - y[j] * G[j]          # E_i − E_j (the threshold b cancels)
    # [L, H]: where α_j may go so that α_i + s (α_j^old − α_j) stays in [0, C_i]
    if s < 0:
        L, H = max(0.0, alpha[j] - alpha[i]), min(C[j], C[i] + alpha[j] - alpha[i])
    else:
        L, H = max(0.0, alpha[i] + alpha[j] - C[i]), min(C[j], alpha[i] + alpha[j])
    eta = K[i, i] + K[j, j] - 2.0 * K[i, j]
    if eta > 0:
        a_j = min(max(alpha[j] + y[j] * E_i_minus_E_j / eta, L), H)    # the minimum on the line, clipped
    else:                                               # f linear (or concave) on the line: the better end
        def change(a):                                  # f after the step − f before
            t = a - alpha[j]
            return -y[j] * E_i_minus_E_j * t + 0.5 * eta * t * t
        a_j = L if change(L) < change(H) - EPS else H if change(L) > change(H) + EPS else alpha[j]
    a_i = alpha[i] + s * (alpha[j] - a_j)
    a_i, a_j = _snap(a_i, C[i]), _snap(a_j, C[j])
    if a_j == alpha[j]:
        return False
    d_i, d_j = a_i - alpha[i], a_j - alpha[j]
    G += y * (y[i] * d_i * K[:, i] + y[j] * d_j * K[:, j])        # G_t += Q_ti Δα_i + Q_tj Δα_j
    alpha[i], alpha[j] = a_i, a_j
    return True


def _snap(a, C):
    # a value within rounding (1e-12 C) of a bound is at the bound: α_i = 3e-18 instead of 0 would
    # keep i in I_up with no room to move, and the loop would pick the same stuck pair for ever
    return 0.0 if a <= SNAP * C else C if a >= C - SNAP * C else a


def _threshold(y, G, alpha, C) -> float:
    """b = mean of y_t G_t over the free α_t; with none free, the middle of the interval the KKT conditions allow."""
    yG = y * G
    free = (alpha > 0) & (alpha < C)
    if free.any():
        return float(yG[free].mean())
    at_C, at_0 = alpha >= C, alpha <= 0
    upper = yG[(at_C & (y < 0)) | (at_0 & (y > 0))]      # b <= these
    lower = yG[(at_C & (y > 0)) | (at_0 & (y < 0))]      # b >= these
    return float((upper.min(initial=np.inf) + lower.max(initial=-np.inf)) / 2.0)
