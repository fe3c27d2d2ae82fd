"""Sample autocorrelation, partial autocorrelation, differencing and lag matrices.

For a series y_0, ..., y_{n-1} with mean ȳ:

    autocovariance      γ̂(k) = (1/n) Σ_{t=k}^{n-1} (y_t − ȳ)(y_{t−k} − ȳ)
    autocorrelation     ρ̂(k) = γ̂(k) / γ̂(0)
    partial autocorr.   α(k) = φ_kk, the last coefficient of the best linear predictor of
                        y_t from y_{t−1}, ..., y_{t−k}: Yule-Walker (Durbin-Levinson on ρ̂)
                        or OLS (regress y_t on 1, y_{t−1}, ..., y_{t−k})
    difference          ∇y_t = y_t − y_{t−1},   ∇ᵈ = ∇(∇ᵈ⁻¹)
    lag matrix          row t = [y_{t−l} for l in lags] (+ exogenous X_t), target y_t

The divisor n (not n − k) keeps the autocovariance sequence positive definite, so the
Yule-Walker PACF always lies in [−1, 1].
Reference: Brockwell & Davis, *Introduction to Time Series and Forecasting* (3rd ed.),
§1.4.1 (sample ACF), §2.5.3 (Durbin-Levinson), §3.2.3 (sample PACF), §6.1 (differencing).

>>> y = np.array([1., 2., 3., 4., 5.])
>>> acf(y, nlags=2).round(3).tolist()
[1.0, 0.4, -0.1]
>>> difference(y, 1).tolist()
[1.0, 1.0, 1.0, 1.0]
"""
from __future__ import annotations

import numpy as np
from numba import njit

from lucidml.utils.validation import as_float_array, check_int, check_option

__all__ = ["acf", "pacf", "acovf", "difference", "undifference", "lag_matrix"]

PACF_METHODS = ("yule-walker", "ols")


def _series(y, owner: str, min_length: int = 2) -> np.ndarray:
    """A 1-D finite float series of at least ``min_length`` points, or a clear error."""
    y = as_float_array(y, name="y", owner=owner, ndim=(1, 2))
    if y.ndim == 2:
        if 1 not in y.shape:
            raise ValueError(f"{owner}: y must be one series (1-D), got shape {y.shape}; "
                             "pass one column at a time.")
        y = y.ravel()
    if y.shape[0] < min_length:
        raise ValueError(f"{owner}: y has {y.shape[0]} values; at least {min_length} are needed.")
    return y


def _default_nlags(n: int) -> int:
    return max(1, min(int(10 * np.log10(n)), n - 1))


def acovf(y, nlags: int | None = None) -> np.ndarray:
    """γ̂(0), ..., γ̂(nlags) with divisor n.

    Few lags: one dot product per lag, O(n · nlags). Many lags: all of them from one FFT of
    the zero-padded series, O(n log n) (the circular correlation of z padded to >= 2n − 1
    equals the linear one). Both paths give the same numbers (tested).
    """
    owner = "acovf"
    y = _series(y, owner)
    n = y.shape[0]
    nlags = _default_nlags(n) if nlags is None else check_int(nlags, name="nlags", owner=owner,
                                                              minimum=0, maximum=n - 1)
    z = y - y.mean()
    if nlags < _DIRECT_MAX_LAGS:
        return _lagged_products(z, nlags) / n
    m = 1 << int(np.ceil(np.log2(2 * n - 1)))
    Zf = np.fft.rfft(z, m)
    return np.fft.irfft(Zf * np.conj(Zf), m)[: nlags + 1] / n


_DIRECT_MAX_LAGS = 100  # below this many lags, nlags dot products beat an FFT of length >= 2n


@njit(cache=True, nogil=True)
def _lagged_products(z, nlags):
    # s_k = Σ_{t=k}^{n−1} z_t z_{t−k}, k = 0..nlags (one compiled pass per lag, no BLAS threads)
    n = z.shape[0]
    s = np.zeros(nlags + 1)
    for k in range(nlags + 1):
        acc = 0.0
        for t in range(k, n):
            acc += z[t] * z[t - k]
        s[k] = acc
    return s


def acf(y, nlags: int | None = None) -> np.ndarray:
    """ρ̂(0) = 1, ρ̂(1), ..., ρ̂(nlags): the sample autocorrelations (same as statsmodels' ``acf``).

    ``nlags`` defaults to min(10 log₁₀ n, n − 1). A constant series has no autocorrelation
    (γ̂(0) = 0) and is refused.
    """
    y = _series(y, "acf")
    if np.ptp(y) == 0:
        raise ValueError("acf: y is constant, so its autocorrelation 0/0 is undefined; "
                         "pass a series that varies.")
    gamma = acovf(y, nlags)
    return gamma / gamma[0]


def pacf(y, nlags: int | None = None, method: str = "yule-walker") -> np.ndarray:
    """α(0) = 1, α(1), ..., α(nlags): the sample partial autocorrelations.

    method="yule-walker": Durbin-Levinson on the sample ACF (statsmodels' ``method="ywm"``);
    method="ols": for each k, OLS of y_t on [1, y_{t−1}, ..., y_{t−k}] over t = k, ..., n−1,
    α(k) = the coefficient of y_{t−k} (statsmodels' ``method="ols"``).
    ``nlags`` must be below n // 2 (a regression on k lags needs well over k points).
    """
    owner = "pacf"
    y = _series(y, owner, min_length=4)
    n = y.shape[0]
    check_option(method, name="method", owner=owner, allowed=PACF_METHODS)
    if nlags is None:
        nlags = max(1, min(int(10 * np.log10(n)), n // 2 - 1))
    nlags = check_int(nlags, name="nlags", owner=owner, minimum=1)
    if nlags >= n // 2:
        raise ValueError(f"pacf: nlags={nlags} needs a longer series: partial autocorrelations are "
                         f"computed up to lag n // 2 − 1 = {n // 2 - 1} for n = {n}; lower nlags.")
    if method == "yule-walker":
        rho = acf(y, nlags)
        _, alpha, _ = durbin_levinson(rho)
        return np.concatenate([[1.0], alpha])
    out = np.empty(nlags + 1)
    out[0] = 1.0
    for k in range(1, nlags + 1):
        Z, target = lag_matrix(y, k)                     # [y_{t−1}, ..., y_{t−k}], t = k..n−1
        A = np.column_stack([np.ones(n - k), Z])         # with an intercept
        coef = np.linalg.lstsq(A, target, rcond=None)[0]
        out[k] = coef[-1]                                # the coefficient of y_{t−k}
    return out


@njit(cache=True, nogil=True)
def durbin_levinson(rho):
    """Durbin-Levinson: AR coefficients of every order from ρ(0..K) (Brockwell & Davis §2.5.3).

        φ_kk = (ρ(k) − Σ_{j<k} φ_{k−1,j} ρ(k−j)) / v_{k−1}
        φ_kj = φ_{k−1,j} − φ_kk φ_{k−1,k−j},   v_k = v_{k−1} (1 − φ_kk²),   v_0 = ρ(0)

    Returns (φ_K1..φ_KK, the PACF φ_11..φ_KK, the one-step error variances v_0..v_K).
    """
    K = rho.shape[0] - 1
    phi = np.zeros(K)
    prev = np.zeros(K)
    alpha = np.zeros(K)
    v = np.empty(K + 1)
    v[0] = rho[0]
    for k in range(1, K + 1):
        acc = rho[k]
        for j in range(1, k):
            acc -= prev[j - 1] * rho[k - j]
        a = acc / v[k - 1]
        phi[k - 1] = a
        for j in range(1, k):
            phi[j - 1] = prev[j - 1] - a * prev[k - j - 1]
        alpha[k - 1] = a
        v[k] = v[k - 1] * (1.0 - a * a)
        for j in range(k):
            prev[j] = phi[j]
    return phi, alpha, v


def difference(y, d: int = 1) -> np.ndarray:
    """∇ᵈ y: apply ∇y_t = y_t − y_{t−1} d times; the result has n − d values."""
    owner = "difference"
    d = check_int(d, name="d", owner=owner, minimum=0)
    y = _series(y, owner, min_length=1)
    if d >= y.shape[0]:
        raise ValueError(f"difference: d={d} differences of a series of {y.shape[0]} values leave "
                         f"nothing; use d <= {y.shape[0] - 1}.")
    for _ in range(d):
        y = y[1:] - y[:-1]
    return y


def undifference(w, initial) -> np.ndarray:
    """The inverse of :func:`difference`: rebuild y from w = ∇ᵈ y and y's first d values.

    ``initial`` = (y_0, ..., y_{d−1}); d = len(initial). Undoing one difference is a
    cumulative sum started at the last known level: y_t = y_{t−1} + ∇y_t.
    """
    owner = "undifference"
    w = _series(w, owner, min_length=0) if np.size(w) else np.zeros(0)
    y0 = as_float_array(initial, name="initial", owner=owner, ndim=1, allow_empty=True)
    d = y0.shape[0]
    # starting values of ∇ᵏ y for k = 0..d−1: the first entry of each intermediate difference
    starts = [difference(y0, k)[0] for k in range(d)]
    for k in reversed(range(d)):                          # ∇ᵏy = cumsum of ∇ᵏ⁺¹y from its start
        w = np.concatenate([[starts[k]], starts[k] + np.cumsum(w)])
    return w


def lag_matrix(y, lags, X=None):
    """Lagged targets as features: the design matrix of an autoregression.

    ``lags`` is p (meaning lags 1..p) or a list of positive lags. Row i of the result is
    t = L + i (L = the largest lag): Z[i] = [y_{t−l} for l in lags] followed by X[t] when
    exogenous inputs X (n, m) are given; ``target[i] = y_t``. Any regressor fitted on
    (Z, target) is an autoregressive forecaster.

    >>> Z, target = lag_matrix([1., 2., 3., 4., 5.], 2)
    >>> Z.tolist(), target.tolist()
    ([[2.0, 1.0], [3.0, 2.0], [4.0, 3.0]], [3.0, 4.0, 5.0])
    """
    owner = "lag_matrix"
    y = _series(y, owner, min_length=1)
    n = y.shape[0]
    lags = _check_lags(lags, owner)
    L = int(lags.max())
    if L >= n:
        raise ValueError(f"lag_matrix: the largest lag {L} needs more than {L} values, y has {n}; "
                         "use fewer lags or a longer series.")
    idx = np.arange(L, n)[:, None] - lags[None, :]          # (n − L, len(lags)): t − l
    Z = y[idx]
    if X is not None:
        X = as_float_array(X, name="X", owner=owner, ndim=(1, 2))
        X = X.reshape(n, -1) if X.ndim == 1 else X
        if X.shape[0] != n:
            raise ValueError(f"lag_matrix: X has {X.shape[0]} rows but y has {n} values; "
                             "give one row of exogenous inputs per time step.")
        Z = np.hstack([Z, X[L:]])
    return Z, y[L:].copy()


def _check_lags(lags, owner: str) -> np.ndarray:
    if isinstance(lags, (int, np.integer)) and not isinstance(lags, bool):
        p = check_int(lags, name="lags", owner=owner, minimum=1)
        return np.arange(1, p + 1)
    try:
        arr = np.asarray(lags)
    except Exception:  # noqa: BLE001
        arr = np.asarray([], dtype=object)
    if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iu":
        raise ValueError(f"{owner}: lags={lags!r} must be a positive integer p or a list of "
                         "positive integer lags such as [1, 2, 12].")
    if (arr < 1).any() or len(np.unique(arr)) != arr.size:
        raise ValueError(f"{owner}: lags={lags!r} must be distinct positive integers.")
    return arr.astype(np.intp)
