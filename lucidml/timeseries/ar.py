"""AR(p): the autoregression y_t = c + φ_1 y_{t−1} + ... + φ_p y_{t−p} + ε_t, ε_t ~ N(0, σ²).

Two estimators:

    "ols"          least squares on the lag matrix Z (rows [1, y_{t−1}, ..., y_{t−p}],
                   t = p..n−1): minimise ‖y − Z β‖², β = (c, φ); σ̂² = ‖y − Z β̂‖² / (n − p).
                   This is conditional maximum likelihood (the first p values are given).
    "yule-walker"  solve Γ_p φ = γ_p with the sample autocovariances (Durbin-Levinson):
                   always stationary; c = ȳ (1 − Σ φ_l), σ̂² = γ̂(0) − φᵀ γ̂_p.

Forecasts iterate the recursion with future noise set to zero,
ŷ_{n+h} = c + Σ_l φ_l ŷ_{n+h−l} (ŷ_t = y_t for t <= n), and the h-step error variance is
σ² Σ_{j<h} ψ_j² with ψ_0 = 1, ψ_j = Σ_{l=1}^{min(j,p)} φ_l ψ_{j−l} (the MA(∞) weights).
Like :class:`~lucidml.timeseries.ARIMA`, AR works on one 1-D series (``fit(y)``), so
scikit-learn's ``check_estimator`` does not apply.

Reference: Brockwell & Davis, *Introduction to Time Series and Forecasting* (3rd ed.),
§5.1.1 (Yule-Walker), §3.3 and §5.1 (forecasting, ψ-weights); Hamilton, *Time Series
Analysis*, §5.2 (conditional ML = OLS).

>>> y = np.array([4., 2., 2., 1., 0., 1.])
>>> m = AR(1, trend="n").fit(y)          # φ = Σ y_t y_{t−1} / Σ y_{t−1}² = 14 / 25
>>> round(float(m.ar_[0]), 4), m.forecast(2).round(4).tolist()
(0.56, [0.56, 0.3136])
"""
from __future__ import annotations

import numpy as np
from numba import njit
from scipy import stats
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from lucidml.timeseries.stattools import _series, acovf, durbin_levinson, lag_matrix
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["AR"]

METHODS = ("ols", "yule-walker")


class AR(BaseEstimator):
    """Autoregression of order p, by OLS (conditional ML) or Yule-Walker.

    Parameters: ``p`` (order >= 1), ``trend`` ("c": intercept c, "n": none),
    ``method`` ("ols" or "yule-walker").
    Attributes: ``ar_`` (φ), ``const_`` (c), ``sigma2_``, ``resid_`` (y_t − ŷ_t for
    t = p..n−1), ``loglike_`` (conditional Gaussian), ``aic_``, ``bic_``, ``nobs_`` (n − p).
    """

    def __init__(self, p=1, *, trend="c", method="ols"):
        self.p = p
        self.trend = trend
        self.method = method

    def fit(self, y):
        name = type(self).__name__
        p = check_int(self.p, name="p", owner=name, minimum=1)
        check_option(self.trend, name="trend", owner=name, allowed=("c", "n"))
        check_option(self.method, name="method", owner=name, allowed=METHODS)
        y = _series(y, name, min_length=1)
        n, k = y.shape[0], int(self.trend == "c")
        if n - p < p + k + 1:
            raise ValueError(f"{name}: a series of {n} values is too short for AR({p}); OLS on "
                             f"{n - p} rows cannot estimate {p + k} coefficients and σ². Use at least "
                             f"{2 * p + k + 1} values or a smaller p.")
        Z, target = lag_matrix(y, p)                               # (n − p, p), (n − p,)
        if self.method == "ols":
            A = np.column_stack([np.ones(n - p), Z]) if k else Z
            beta = _least_squares(A, target)
            c, phi = (beta[0], beta[1:]) if k else (0.0, beta)
            e = target - A @ beta
            sigma2 = float(e @ e) / (n - p)
        else:
            mean = y.mean() if k else 0.0
            gamma = acovf(y, p) if k else _acovf_uncentred(y, p)
            phi, _, v = durbin_levinson(gamma)
            c = mean * (1.0 - phi.sum())
            sigma2 = float(v[p])
            e = target - c - Z @ phi
        if sigma2 <= 0:
            raise ValueError(f"{name}: the fit is exact (σ² = 0); the series follows a deterministic "
                             "recursion and the likelihood is unbounded.")
        N = n - p
        self.ar_, self.const_, self.sigma2_, self.resid_, self.nobs_ = phi, float(c), sigma2, e, N
        self.loglike_ = float(-0.5 * N * np.log(2 * np.pi * sigma2) - 0.5 * (e @ e) / sigma2)
        n_params = p + k + 1
        self.aic_ = -2 * self.loglike_ + 2 * n_params
        self.bic_ = -2 * self.loglike_ + np.log(N) * n_params
        self._last = y[-p:].copy()
        return self

    def forecast(self, steps=1, *, return_conf_int=False, alpha=0.05):
        """ŷ_{n+1..n+steps}; with ``return_conf_int`` also the (steps, 2) prediction intervals."""
        check_is_fitted(self)
        name = type(self).__name__
        steps = check_int(steps, name="steps", owner=name, minimum=1)
        mean = ar_recursion(self._last, self.ar_, self.const_, steps)
        if not return_conf_int:
            return mean
        alpha = check_real(alpha, name="alpha", owner=name, minimum=0.0, strict=True)
        if alpha >= 1:
            raise ValueError(f"{name}: alpha={alpha} must be in (0, 1); 0.05 gives 95% intervals.")
        psi = psi_weights(self.ar_, steps)
        se = np.sqrt(self.sigma2_ * np.cumsum(psi ** 2))          # σ² Σ_{j<h} ψ_j²
        half = stats.norm.ppf(1 - alpha / 2) * se
        return mean, np.column_stack([mean - half, mean + half])

    def predict(self, horizon=1):
        return self.forecast(horizon)


def _least_squares(A, b):
    """β̂ from the normal equations AᵀA β = Aᵀb by Cholesky (A has few, well-scaled columns);
    falls back to an SVD solve when AᵀA is numerically singular."""
    G = A.T @ A
    try:
        L = np.linalg.cholesky(G)
        z = np.linalg.solve(L, A.T @ b)
        beta = np.linalg.solve(L.T, z)
        if np.linalg.cond(G) < 1e10:
            return beta
    except np.linalg.LinAlgError:
        pass
    return np.linalg.lstsq(A, b, rcond=None)[0]


def _acovf_uncentred(y, p):
    n = y.shape[0]
    return np.array([y[k:] @ y[: n - k] for k in range(p + 1)]) / n


@njit(cache=True, nogil=True)
def ar_recursion(last, phi, c, steps):
    """ŷ_{n+h} = c + Σ_{l=1}^p φ_l ŷ_{n+h−l}, starting from the last p observed values."""
    p = phi.shape[0]
    hist = np.empty(p + steps)
    hist[:p] = last                                   # y_{n−p+1}, ..., y_n
    for h in range(steps):
        acc = c
        for l in range(1, p + 1):
            acc += phi[l - 1] * hist[p + h - l]
        hist[p + h] = acc
    return hist[p:].copy()


@njit(cache=True, nogil=True)
def psi_weights(phi, steps):
    """ψ_0 = 1, ψ_j = Σ_{l=1}^{min(j,p)} φ_l ψ_{j−l}: y_t = μ + Σ_j ψ_j ε_{t−j}."""
    p = phi.shape[0]
    psi = np.zeros(steps)
    psi[0] = 1.0
    for j in range(1, steps):
        for l in range(1, min(j, p) + 1):
            psi[j] += phi[l - 1] * psi[j - l]
    return psi
