"""The Kalman filter for an ARMA(p, q) process in state-space form, and the parameter maps
that keep the AR part stationary and the MA part invertible.

State space (Harvey's form, r = max(p, q + 1)), for the mean-removed series w_t:

    w_t     = Z α_t,                    Z = (1, 0, ..., 0)
    α_{t+1} = T α_t + R ε_{t+1},        ε_t ~ N(0, σ²)
    T = [φ | I_{r−1} over 0ᵀ],          R = (1, θ_1, ..., θ_{r−1})ᵀ

(φ_i = 0 for i > p, θ_j = 0 for j > q). α_1 starts from the stationary distribution,
N(0, σ² P₀) with P₀ = T P₀ Tᵀ + R Rᵀ. The filter, with everything divided by σ²:

    v_t = w_t − a_t[0]                  innovation (one-step forecast error)
    f_t = P_t[0, 0]                     its variance / σ²
    a_{t|t} = a_t + P_t[:, 0] v_t / f_t,          P_{t|t} = P_t − P_t[:, 0] P_t[0, :] / f_t
    a_{t+1} = T a_{t|t},                          P_{t+1} = T P_{t|t} Tᵀ + R Rᵀ

and the exact Gaussian log-likelihood is −½ Σ_t (log 2π σ² f_t + v_t² / (σ² f_t)).
Reference: Durbin & Koopman, *Time Series Analysis by State Space Methods* (2nd ed.),
§3.4 (ARMA in state-space form), §4.3 (the filter), §7.2 (likelihood);
Jones (1980) and Monahan (1984) for the stationarity-enforcing reparameterisation.
"""
from __future__ import annotations

import numpy as np
from numba import njit


def arma_state_space(phi: np.ndarray, theta: np.ndarray):
    """T (r, r) as the vector of its first column (φ padded to r) and R (r,)."""
    p, q = phi.shape[0], theta.shape[0]
    r = max(p, q + 1)
    t_col = np.zeros(r)
    t_col[:p] = phi
    R = np.zeros(r)
    R[0] = 1.0
    R[1:q + 1] = theta
    return t_col, R


def stationary_covariance(t_col: np.ndarray, R: np.ndarray) -> np.ndarray:
    """P₀ solving P₀ = T P₀ Tᵀ + R Rᵀ, via (I − T ⊗ T) vec P₀ = vec(R Rᵀ)."""
    r = t_col.shape[0]
    T = transition_matrix(t_col)
    A = np.eye(r * r) - np.kron(T, T)
    P0 = np.linalg.solve(A, np.outer(R, R).ravel()).reshape(r, r)
    return (P0 + P0.T) / 2


def transition_matrix(t_col: np.ndarray) -> np.ndarray:
    """T (r, r): first column φ, ones on the superdiagonal."""
    r = t_col.shape[0]
    T = np.zeros((r, r))
    T[:, 0] = t_col
    T[np.arange(r - 1), np.arange(1, r)] = 1.0        # the superdiagonal identity
    return T


@njit(cache=True, nogil=True)
def kalman_filter(Y, t_col, R, P0):
    """Innovations of every column of Y (n, k) through the same ARMA filter.

    The gains do not depend on the data, so one pass filters the series and its
    regressors (a column of ones for the mean) together. Returns the innovations
    V (n, k), their scaled variances f (n,), and the last filtered state a_{n|n} (r, k),
    P_{n|n} (r, r). Once P stops changing (steady state) it is no longer updated.
    """
    n, k = Y.shape
    r = t_col.shape[0]
    a = np.zeros((r, k))
    P = P0.copy()
    Pf = np.empty((r, r))        # P_{t|t}
    M = np.empty((r, r))         # T P_{t|t}
    Pn = np.empty((r, r))        # P_{t+1}
    V = np.empty((n, k))
    f = np.empty(n)
    steady = False
    for t in range(n):
        ft = P[0, 0]
        f[t] = ft
        for j in range(k):
            v = Y[t, j] - a[0, j]                        # v_t = w_t − a_t[0]
            V[t, j] = v
            for i in range(r):                           # a_{t|t} = a_t + P_t[:, 0] v_t / f_t
                a[i, j] += P[i, 0] * v / ft
            if t == n - 1:
                continue                                 # keep a_{n|n} at the end
            first = a[0, j]                              # a_{t+1} = T a_{t|t}
            for i in range(r - 1):
                a[i, j] = t_col[i] * first + a[i + 1, j]
            a[r - 1, j] = t_col[r - 1] * first
        if t == n - 1:
            break
        if steady:
            continue
        for i in range(r):                               # P_{t|t} = P_t − P_t[:, 0] P_t[0, :] / f_t
            for l in range(r):
                Pf[i, l] = P[i, l] - P[i, 0] * P[0, l] / ft
        for l in range(r):                               # M = T P_{t|t}
            for i in range(r - 1):
                M[i, l] = t_col[i] * Pf[0, l] + Pf[i + 1, l]
            M[r - 1, l] = t_col[r - 1] * Pf[0, l]
        change = 0.0
        for i in range(r):                               # P_{t+1} = M Tᵀ + R Rᵀ
            for l in range(r):
                nxt = M[i, 0] * t_col[l] + R[i] * R[l]
                if l < r - 1:
                    nxt += M[i, l + 1]
                change = max(change, abs(nxt - P[i, l]))
                Pn[i, l] = nxt
        for i in range(r):
            for l in range(r):
                P[i, l] = Pn[i, l]
        steady = change < 1e-15 * max(1.0, P[0, 0])
    P_last = np.empty((r, r))
    for i in range(r):
        for l in range(r):
            P_last[i, l] = P[i, l] - P[i, 0] * P[0, l] / f[n - 1]
    return V, f, a, P_last


@njit(cache=True, nogil=True)
def pacf_to_ar(r):
    """Stationary AR coefficients from partial autocorrelations r_k ∈ (−1, 1):
    φ_kk = r_k, φ_kj = φ_{k−1,j} − r_k φ_{k−1,k−j} (the Durbin-Levinson step)."""
    p = r.shape[0]
    phi = np.zeros(p)
    prev = np.zeros(p)
    for k in range(p):
        for j in range(k):
            phi[j] = prev[j] - r[k] * prev[k - 1 - j]
        phi[k] = r[k]
        for j in range(k + 1):
            prev[j] = phi[j]
    return phi


@njit(cache=True, nogil=True)
def ar_to_pacf(phi):
    """The inverse step-down recursion: r_k = φ_kk, φ_{k−1,j} = (φ_kj + r_k φ_{k,k−j}) / (1 − r_k²).
    Returns r; some |r_k| >= 1 means φ is not stationary."""
    p = phi.shape[0]
    cur = phi.copy()
    r = np.zeros(p)
    for k in range(p - 1, -1, -1):
        rk = cur[k]
        r[k] = rk
        if abs(rk) >= 1.0:
            return r
        nxt = np.zeros(k)
        for j in range(k):
            nxt[j] = (cur[j] + rk * cur[k - 1 - j]) / (1.0 - rk * rk)
        cur[:k] = nxt
    return r


def constrain(u: np.ndarray, p: int, q: int):
    """Unconstrained u ∈ ℝ^{p+q} → (φ stationary, θ invertible): r = u / √(1 + u²),
    φ = pacf_to_ar(r_AR), θ = −pacf_to_ar(r_MA) (θ(z) = 1 + Σ θ_j z^j is then invertible)."""
    r = u / np.sqrt(1.0 + u * u)
    return pacf_to_ar(r[:p]), -pacf_to_ar(r[p:p + q])


def unconstrain(phi: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """The inverse of :func:`constrain` (φ must be stationary and θ invertible)."""
    r = np.concatenate([ar_to_pacf(np.asarray(phi, float)), ar_to_pacf(-np.asarray(theta, float))])
    return r / np.sqrt(1.0 - r * r)


def is_stationary(phi: np.ndarray) -> bool:
    """All roots of 1 − φ_1 z − ... − φ_p z^p lie outside the unit circle."""
    phi = np.asarray(phi, float)
    return phi.size == 0 or bool(np.all(np.abs(ar_to_pacf(phi)) < 1.0))
