"""Sequential minimal optimisation (SMO) for the SVM dual, as in libsvm.

Both SVC and SVR solve the same quadratic programme in n variables α:

    min_α  f(α) = ½ αᵀ Q α + pᵀ α     subject to   yᵀ α = 0,   0 ≤ α_t ≤ C_t

with y_t = ±1 and Q_st = y_s y_t K(x_{m(s)}, x_{m(t)}); m(t) maps variable t to its data row
(the identity for SVC; SVR has two variables, α and α*, per row). SMO changes two
variables at a time, the smallest step that keeps yᵀα = 0, solving that two-variable
problem in closed form. The gradient ∇f = Qα + p is kept up to date, so each step
needs only the two kernel rows K(x_i, ·) and K(x_j, ·), which a cache keeps.

Working-set selection (WSS 2 of Fan, Chen & Lin, 2005), with G = ∇f:

    I_up(α)  = {t : α_t < C_t, y_t = +1  or  α_t > 0, y_t = −1}
    I_low(α) = {t : α_t < C_t, y_t = −1  or  α_t > 0, y_t = +1}
    i = argmax_{t ∈ I_up} −y_t G_t                           (first order: the most violating)
    j = argmin_{t ∈ I_low, −y_t G_t < −y_i G_i} −b_it² / a_it (second order: the largest decrease)
        a_it = K_ii + K_tt − 2 K_it,   b_it = −y_i G_i + y_t G_t

and the loop stops when m(α) − M(α) = max_{I_up} −y_t G_t − min_{I_low} −y_t G_t < tol
(the KKT conditions hold to ``tol``). The offset is ρ = the mean of y_t G_t over the free
variables (0 < α_t < C_t), and the decision function is Σ_t y_t α_t K(x_t, x) − ρ.

Shrinking (libsvm's heuristic): every min(n, 1000) steps the variables at a bound whose
gradient pushes them further out are set aside, so the loops above run over fewer of them;
Ḡ_t = Σ_{s: α_s = C_s} C_s Q_ts is kept so that their gradients can be rebuilt, which is done
once near the end and always before the optimum is declared (on all n variables).

Symbols: α = alpha, G = ∇f(α) (n,), p = linear term, Q_D = diagonal of Q, τ = 1e-12.
Reference: Fan, Chen & Lin, "Working set selection using second order information for
training SVM", JMLR 6 (2005); Chang & Lin, "LIBSVM: a library for support vector
machines", ACM TIST 2 (2011), §4.1; Platt, "Sequential minimal optimization" (1998).
"""
from __future__ import annotations

import warnings

import numpy as np
from numba import njit
from sklearn.exceptions import ConvergenceWarning

from lucidml.svm.kernels import KERNEL_ID

__all__ = ["SMOResult", "smo", "kkt_violation"]

TAU = 1e-12          # stands in for a non-positive curvature a_ij (libsvm's τ)


class SMOResult:
    """What the solver returns: α, the final gradient G, ρ, iterations and the objective."""

    def __init__(self, alpha, G, rho, n_iter, objective, converged):
        self.alpha, self.G, self.rho = alpha, G, rho
        self.n_iter, self.objective, self.converged = n_iter, objective, converged


def smo(X, y, p, C, *, rows=None, kernel="rbf", gamma=1.0, coef0=0.0, degree=3, tol=1e-3,
        max_iter=-1, cache_size=200.0, shrinking=True, owner="SVC") -> SMOResult:
    """Solve min ½ αᵀQα + pᵀα, yᵀα = 0, 0 ≤ α ≤ C by SMO; Q_st = y_s y_t K(x_{rows[s]}, x_{rows[t]}).

    ``rows`` maps each variable to its row of X (default: variable t is row t).
    ``cache_size`` is the kernel cache in MB (rows of K kept, least recently used dropped).
    ``max_iter=-1`` means libsvm's own limit, max(10⁷, 100 n). ``shrinking`` sets aside, every
    min(n, 1000) steps, the variables at a bound that the KKT conditions say will stay there,
    and brings them back (rebuilding their gradients) before declaring the optimum.
    """
    X = np.ascontiguousarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = y.shape[0]
    rows = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    C = np.broadcast_to(np.asarray(C, dtype=np.float64), (n,)).copy()
    p = np.asarray(p, dtype=np.float64).copy()
    m = X.shape[0]
    n_slots = int(min(m, max(2, cache_size * 2**20 // (8 * m))))
    limit = max(10_000_000, 100 * n) if max_iter is None or max_iter < 0 else int(max_iter)
    sq_norms = np.einsum("ij,ij->i", X, X)
    alpha, G, n_iter, converged = _smo_loop(X, sq_norms, rows, y, p, C, KERNEL_ID[kernel], float(gamma),
                                            float(coef0), float(degree), float(tol), limit, n_slots,
                                            bool(shrinking))
    if not converged:
        warnings.warn(f"{owner}: SMO stopped after max_iter={limit} iterations with the KKT "
                      f"conditions still violated by more than tol={tol}; increase max_iter, "
                      "scale the features or lower C.", ConvergenceWarning, stacklevel=3)
    rho = _compute_rho(y, G, alpha, C)
    objective = 0.5 * float(alpha @ (G + p))     # f(α) = ½ αᵀ(Qα + p) + ½ pᵀα, with G = Qα + p
    return SMOResult(alpha, G, rho, n_iter, objective, converged)


def kkt_violation(y, G, alpha, C) -> float:
    """m(α) − M(α) = max_{I_up} −y_t G_t − min_{I_low} −y_t G_t; ≤ tol at an ε-optimal point."""
    up = ((alpha < C) & (y > 0)) | ((alpha > 0) & (y < 0))
    low = ((alpha < C) & (y < 0)) | ((alpha > 0) & (y > 0))
    minus_yG = -y * G
    return float(minus_yG[up].max(initial=-np.inf) - minus_yG[low].min(initial=np.inf))


# -- the compiled steps ------------------------------------------------------------------
@njit(cache=True, nogil=True)
def _smo_loop(X, sq_norms, rows, y, p, C, kernel_id, gamma, coef0, degree, tol, max_iter, n_slots, shrinking):
    n, m = y.shape[0], X.shape[0]
    alpha = np.zeros(n)
    G = p.copy()                                    # ∇f(0) = p
    G_bar = np.zeros(n)                             # Ḡ_t = Σ_{s: α_s = C_s} C_s Q_ts (rebuilds shrunk G_t)
    active = np.arange(n)                           # active[:n_active]: the variables still optimised
    n_active, unshrunk = n, False
    # the kernel cache: n_slots rows of K, least recently used dropped first
    cache = np.empty((n_slots, m))
    slot_of = np.full(m, -1, dtype=np.int64)        # data row -> slot, -1 if not cached
    row_in = np.full(n_slots, -1, dtype=np.int64)   # slot -> data row
    last_used = np.zeros(n_slots, dtype=np.int64)
    QD = np.empty(n)                                # Q_tt = K(x_t, x_t)
    for t in range(n):
        dot = sq_norms[rows[t]]
        if kernel_id == 0:
            QD[t] = dot
        elif kernel_id == 1:
            QD[t] = (gamma * dot + coef0) ** degree
        elif kernel_id == 2:
            QD[t] = 1.0
        else:
            QD[t] = np.tanh(gamma * dot + coef0)
    kern = (X, sq_norms, kernel_id, gamma, coef0, degree, cache, slot_of, row_in, last_used)
    n_iter = 0
    counter = min(n, 1000) + 1
    while n_iter < max_iter:
        counter -= 1
        if counter == 0:                            # every min(n, 1000) steps: set aside the
            counter = min(n, 1000)                  # variables that will likely stay at a bound
            if shrinking:
                n_active, unshrunk = _shrink(active, n_active, unshrunk, y, G, G_bar, p, alpha, C, rows,
                                             tol, kern, n_iter)
        i, j, Gmax, Gmax2 = _select_working_set(active, n_active, y, G, alpha, C, QD, rows, kern, n_iter)
        if j == -1 or Gmax + Gmax2 < tol:           # optimal on the active set: check on all
            if n_active == n:
                return alpha, G, n_iter, True
            _reconstruct_gradient(active, n_active, y, G, G_bar, p, alpha, C, rows, kern, n_iter)
            n_active = n
            active[:] = np.arange(n)
            i, j, Gmax, Gmax2 = _select_working_set(active, n_active, y, G, alpha, C, QD, rows, kern, n_iter)
            if j == -1 or Gmax + Gmax2 < tol:       # m(α) − M(α) < tol: the KKT conditions hold
                return alpha, G, n_iter, True
            counter = 1                             # shrink again at the next step
        n_iter += 1
        K_j = _cached_row(rows[j], kern, n_iter)
        K_i = _cached_row(rows[i], kern, n_iter)
        old_i, old_j = alpha[i], alpha[j]
        at_C_i, at_C_j = alpha[i] >= C[i], alpha[j] >= C[j]
        _update_pair(i, j, y, G, alpha, C, QD, K_i[rows[j]])
        _update_gradient(G, y, rows, K_i, K_j, y[i] * (alpha[i] - old_i), y[j] * (alpha[j] - old_j),
                         active, n_active)
        if at_C_i != (alpha[i] >= C[i]):            # α_i reached or left C: Ḡ += ± C_i Q_·i
            _update_gradient_bar(G_bar, y, rows, K_i, (C[i] if alpha[i] >= C[i] else -C[i]) * y[i])
        if at_C_j != (alpha[j] >= C[j]):
            _update_gradient_bar(G_bar, y, rows, K_j, (C[j] if alpha[j] >= C[j] else -C[j]) * y[j])
    _reconstruct_gradient(active, n_active, y, G, G_bar, p, alpha, C, rows, kern, n_iter)
    return alpha, G, n_iter, False


@njit(cache=True, nogil=True)
def _select_working_set(active, n_active, y, G, alpha, C, QD, rows, kern, clock):
    # WSS 2: i by the largest violation, then j by the largest second-order decrease
    i, Gmax = _select_i(active, n_active, y, G, alpha, C)
    if i == -1:
        return -1, -1, Gmax, -np.inf
    K_i = _cached_row(rows[i], kern, clock)
    j, Gmax2 = _select_j(i, Gmax, active, n_active, y, G, alpha, C, QD, K_i, rows)
    return i, j, Gmax, Gmax2


@njit(cache=True, nogil=True)
def _cached_row(r, kern, clock):
    # K(x_r, ·) from the cache; on a miss compute it into the least recently used slot
    X, sq_norms, kernel_id, gamma, coef0, degree, cache, slot_of, row_in, last_used = kern
    s = slot_of[r]
    if s == -1:
        s = np.argmin(last_used)
        if row_in[s] != -1:
            slot_of[row_in[s]] = -1
        _kernel_row(X, sq_norms, r, kernel_id, gamma, coef0, degree, cache[s])
        row_in[s] = r
        slot_of[r] = s
    last_used[s] = clock + 1
    return cache[s]


@njit(cache=True, nogil=True)
def _kernel_row(X, sq_norms, i, kernel_id, gamma, coef0, degree, out):
    # out[j] = K(x_i, x_j); the RBF uses ‖x_i − x_j‖² = ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j
    np.dot(X, X[i], out)                        # out[j] = x_i·x_j for every j (BLAS gemv)
    for j in range(X.shape[0]):
        if kernel_id == 0:
            pass
        elif kernel_id == 1:
            out[j] = (gamma * out[j] + coef0) ** degree
        elif kernel_id == 2:
            out[j] = np.exp(-gamma * max(sq_norms[i] + sq_norms[j] - 2.0 * out[j], 0.0))
        else:
            out[j] = np.tanh(gamma * out[j] + coef0)


@njit(cache=True, nogil=True)
def _select_i(active, n_active, y, G, alpha, C):
    # i = argmax_{t ∈ I_up} −y_t G_t   (ties: the last such t, as in libsvm)
    Gmax, i = -np.inf, -1
    for k in range(n_active):
        t = active[k]
        if y[t] > 0:
            if alpha[t] < C[t] and -G[t] >= Gmax:
                Gmax, i = -G[t], t
        else:
            if alpha[t] > 0 and G[t] >= Gmax:
                Gmax, i = G[t], t
    return i, Gmax


@njit(cache=True, nogil=True)
def _select_j(i, Gmax, active, n_active, y, G, alpha, C, QD, K_i, rows):
    # j = argmin over t ∈ I_low with b_it = Gmax + y_t G_t > 0 of −b_it² / a_it;
    # also returns Gmax2 = max_{t ∈ I_low} y_t G_t = −M(α)
    Gmax2, j, best = -np.inf, -1, np.inf
    for k in range(n_active):
        t = active[k]
        if y[t] > 0:
            if alpha[t] > 0:
                b = Gmax + G[t]
                if G[t] >= Gmax2:
                    Gmax2 = G[t]
                if b > 0:
                    a = QD[i] + QD[t] - 2.0 * K_i[rows[t]]     # a_it = ‖φ(x_i) − φ(x_t)‖²
                    gain = -(b * b) / (a if a > 0 else TAU)
                    if gain <= best:
                        j, best = t, gain
        else:
            if alpha[t] < C[t]:
                b = Gmax - G[t]
                if -G[t] >= Gmax2:
                    Gmax2 = -G[t]
                if b > 0:
                    a = QD[i] + QD[t] - 2.0 * K_i[rows[t]]
                    gain = -(b * b) / (a if a > 0 else TAU)
                    if gain <= best:
                        j, best = t, gain
    return j, Gmax2


@njit(cache=True, nogil=True)
def _update_pair(i, j, y, G, alpha, C, QD, K_ij):
    # Minimise f along the line that keeps y_i α_i + y_j α_j fixed, then clip to the box.
    Ci, Cj = C[i], C[j]
    if y[i] != y[j]:                      # α_i − α_j = diff stays fixed
        a = QD[i] + QD[j] - 2.0 * K_ij    # Q_ii + Q_jj + 2 Q_ij with Q_ij = −K_ij
        if a <= 0:
            a = TAU
        delta = (-G[i] - G[j]) / a
        diff = alpha[i] - alpha[j]
        alpha[i] += delta
        alpha[j] += delta
        if diff > 0:
            if alpha[j] < 0:
                alpha[j], alpha[i] = 0.0, diff
        else:
            if alpha[i] < 0:
                alpha[i], alpha[j] = 0.0, -diff
        if diff > Ci - Cj:
            if alpha[i] > Ci:
                alpha[i], alpha[j] = Ci, Ci - diff
        else:
            if alpha[j] > Cj:
                alpha[j], alpha[i] = Cj, Cj + diff
    else:                                 # α_i + α_j = total stays fixed
        a = QD[i] + QD[j] - 2.0 * K_ij
        if a <= 0:
            a = TAU
        delta = (G[i] - G[j]) / a
        total = alpha[i] + alpha[j]
        alpha[i] -= delta
        alpha[j] += delta
        if total > Ci:
            if alpha[i] > Ci:
                alpha[i], alpha[j] = Ci, total - Ci
        else:
            if alpha[j] < 0:
                alpha[j], alpha[i] = 0.0, total
        if total > Cj:
            if alpha[j] > Cj:
                alpha[j], alpha[i] = Cj, total - Cj
        else:
            if alpha[i] < 0:
                alpha[i], alpha[j] = 0.0, total


@njit(cache=True, nogil=True)
def _update_gradient(G, y, rows, K_i, K_j, dyai, dyaj, active, n_active):
    # G_t += Q_ti Δα_i + Q_tj Δα_j = y_t (K_ti y_i Δα_i + K_tj y_j Δα_j), for the active t
    for k in range(n_active):
        t = active[k]
        G[t] += y[t] * (K_i[rows[t]] * dyai + K_j[rows[t]] * dyaj)


@njit(cache=True, nogil=True)
def _update_gradient_bar(G_bar, y, rows, K_s, c):
    # Ḡ_t += c y_t K_ts for every t, with c = ± C_s y_s
    for t in range(G_bar.shape[0]):
        G_bar[t] += c * y[t] * K_s[rows[t]]


@njit(cache=True, nogil=True)
def _be_shrunk(t, Gmax1, Gmax2, y, G, alpha, C):
    # a variable at a bound whose gradient pushes it further out of the feasible box
    if alpha[t] >= C[t]:
        return -G[t] > Gmax1 if y[t] > 0 else -G[t] > Gmax2
    if alpha[t] <= 0:
        return G[t] > Gmax2 if y[t] > 0 else G[t] > Gmax1
    return False


@njit(cache=True, nogil=True)
def _shrink(active, n_active, unshrunk, y, G, G_bar, p, alpha, C, rows, tol, kern, clock):
    # Gmax1 = m(α) = max_{I_up} −y_t G_t,  Gmax2 = −M(α) = max_{I_low} y_t G_t, over the active set
    Gmax1, Gmax2 = -np.inf, -np.inf
    for k in range(n_active):
        t = active[k]
        up = (alpha[t] < C[t]) if y[t] > 0 else (alpha[t] > 0)
        low = (alpha[t] > 0) if y[t] > 0 else (alpha[t] < C[t])
        if up:
            Gmax1 = max(Gmax1, -y[t] * G[t])
        if low:
            Gmax2 = max(Gmax2, y[t] * G[t])
    n = y.shape[0]
    if not unshrunk and Gmax1 + Gmax2 <= tol * 10:  # close to the end: bring everyone back once
        unshrunk = True
        _reconstruct_gradient(active, n_active, y, G, G_bar, p, alpha, C, rows, kern, clock)
        active[:] = np.arange(n)
        n_active = n
    keep = 0
    for k in range(n_active):                       # keep the order of the survivors
        t = active[k]
        if not _be_shrunk(t, Gmax1, Gmax2, y, G, alpha, C):
            active[keep] = t
            keep += 1
    return keep, unshrunk


@njit(cache=True, nogil=True)
def _reconstruct_gradient(active, n_active, y, G, G_bar, p, alpha, C, rows, kern, clock):
    # for the shrunk t: G_t = p_t + Σ_{s at C} C_s Q_ts + Σ_{s free} α_s Q_ts = p_t + Ḡ_t + Σ_{s free} α_s Q_ts
    n = y.shape[0]
    if n_active == n:
        return
    is_active = np.zeros(n, dtype=np.bool_)
    for k in range(n_active):
        is_active[active[k]] = True
    for t in range(n):
        if not is_active[t]:
            G[t] = G_bar[t] + p[t]
    for k in range(n_active):
        s = active[k]
        if 0 < alpha[s] < C[s]:
            K_s = _cached_row(rows[s], kern, clock)
            for t in range(n):
                if not is_active[t]:
                    G[t] += alpha[s] * y[s] * y[t] * K_s[rows[t]]


@njit(cache=True, nogil=True)
def _compute_rho(y, G, alpha, C):
    # ρ = mean of y_t G_t over free α_t; with none free, the middle of the feasible interval
    ub, lb, total, n_free = np.inf, -np.inf, 0.0, 0
    for t in range(y.shape[0]):
        yG = y[t] * G[t]
        if alpha[t] >= C[t]:
            if y[t] < 0:
                ub = min(ub, yG)
            else:
                lb = max(lb, yG)
        elif alpha[t] <= 0:
            if y[t] > 0:
                ub = min(ub, yG)
            else:
                lb = max(lb, yG)
        else:
            n_free += 1
            total += yG
    return total / n_free if n_free > 0 else (ub + lb) / 2.0
