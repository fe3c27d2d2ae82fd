"""ARIMA(p, d, q) by exact Gaussian maximum likelihood (the Kalman filter), with forecasts
and prediction intervals.

The model, for the d-times differenced series w_t = ∇ᵈ y_t:

    φ(B)(w_t − μ) = θ(B) ε_t,     ε_t ~ N(0, σ²) independent
    φ(B) = 1 − φ_1 B − ... − φ_p B^p,     θ(B) = 1 + θ_1 B + ... + θ_q B^q

(B is the backshift, B w_t = w_{t−1}; μ is the mean of w: the mean of y when d = 0, a
drift when d > 0; trend="n" fixes μ = 0). The likelihood of w_1..w_N is exact: the
Kalman filter of :mod:`lucidml.timeseries._kalman` gives the innovations v_t and their
variances σ² f_t, and

    log L(φ, θ, μ, σ²) = −½ Σ_t [log(2π σ² f_t) + (v_t − μ u_t)² / (σ² f_t)]

(u_t are the innovations of a column of ones through the same filter). For fixed φ, θ the
maximising μ is a generalised-least-squares mean and σ̂² = (1/N) Σ e_t² / f_t, so both are
profiled out and the optimiser (BFGS) searches only over φ, θ, written through their
partial autocorrelations so that every step is stationary and invertible. It starts from
Hannan-Rissanen regressions (a long autoregression estimates ε_t, then w_t is regressed
on its own lags and the lagged ε̂_t); a mixed model (p, q > 0) is also started from the
Yule-Walker AR with θ = 0, and the better of the two optima is kept (near a unit root a
single start can stall far from the maximum).

The likelihood is that of the differenced series (Brockwell & Davis §6.4): statsmodels'
``SARIMAX(..., use_exact_diffuse=True)`` gives the same fit (its log-likelihood counts the
d diffuse observations as an extra −(d/2) log 2π); its ``ARIMA`` class approximates the
diffuse start by a prior variance of 10⁶, which differs slightly for series on a large
scale (Nile: 0.02 in log-likelihood).

Forecasts propagate the last filtered state through the ARMA recursion and the d
integrations (y_t = y_{t−1} + ∇y_t), so the interval widths grow as they should.

The estimators work on one 1-D series (``fit(y)``), not on (X, y), so scikit-learn's
``check_estimator`` (which feeds 2-D X) does not apply; ``get_params``/``set_params``/
``clone`` work as usual.

Reference: Brockwell & Davis, *Introduction to Time Series and Forecasting* (3rd ed.),
§5.1.4 (Hannan-Rissanen), §5.2 (maximum likelihood), §6.4 (forecasting ARIMA);
Durbin & Koopman (2012) §3.4, §4.3, §7.2.

>>> rng = np.random.default_rng(0)
>>> e = rng.normal(size=501)
>>> y = 10 + e[1:] + 0.5 * e[:-1]                  # an MA(1) with θ = 0.5 around 10
>>> m = ARIMA(0, 0, 1).fit(y)
>>> round(float(m.ma_[0]), 1), round(float(m.const_), 0)
(0.5, 10.0)
"""
from __future__ import annotations

import warnings

import numpy as np
from scipy import optimize, stats
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import check_is_fitted

from lucidml.timeseries._kalman import (
    arma_state_space, constrain, is_stationary, kalman_filter, stationary_covariance, transition_matrix,
    unconstrain)
from lucidml.timeseries.stattools import _series, acovf, difference, durbin_levinson, lag_matrix
from lucidml.utils.validation import as_float_array, check_int, check_option, check_real

__all__ = ["ARIMA", "ARMA", "MA", "arma_loglike"]

TRENDS = ("c", "n")
MAX_D = 2


class ARIMA(BaseEstimator):
    """ARIMA(p, d, q) fitted by exact Gaussian maximum likelihood.

    Parameters
    ----------
    p, d, q : int, the AR order, the number of differences (0, 1 or 2), the MA order
    trend : "c" (estimate μ, the mean of ∇ᵈy) or "n" (μ = 0); None means "c" when d = 0
            and "n" when d > 0 (statsmodels' default)
    start_params : optional (φ_1..φ_p, θ_1..θ_q) to start the optimiser from; must be
            stationary and invertible. None: Hannan-Rissanen.
    max_iter, tol : the optimiser's iteration limit and gradient tolerance

    Attributes: ``ar_`` (φ), ``ma_`` (θ), ``const_`` (μ), ``sigma2_`` (σ²), ``loglike_``,
    ``aic_``, ``bic_``, ``resid_`` (the N = n − d one-step forecast errors of ∇ᵈy),
    ``nobs_`` (N), ``n_iter_``, ``converged_``.
    """

    def __init__(self, p=1, d=0, q=0, *, trend=None, start_params=None, max_iter=500, tol=1e-7):
        self.p = p
        self.d = d
        self.q = q
        self.trend = trend
        self.start_params = start_params
        self.max_iter = max_iter
        self.tol = tol

    # the subclasses MA and ARMA fix some orders
    def _orders(self):
        return self.p, self.d, self.q

    def _check_params(self):
        name = type(self).__name__
        p, d, q = self._orders()
        p = check_int(p, name="p", owner=name, minimum=0)
        q = check_int(q, name="q", owner=name, minimum=0)
        d = check_int(d, name="d", owner=name, minimum=0)
        if d > MAX_D:
            raise ValueError(f"{name}: d={d} differences is more than any real series needs "
                             f"(d <= {MAX_D}); a series that still trends after two differences "
                             "usually needs a log transform or a different model.")
        trend = ("c" if d == 0 else "n") if self.trend is None else self.trend
        check_option(trend, name="trend", owner=name, allowed=TRENDS)
        check_int(self.max_iter, name="max_iter", owner=name, minimum=1)
        check_real(self.tol, name="tol", owner=name, minimum=0.0, strict=True)
        return p, d, q, trend

    def fit(self, y):
        """Estimate φ, θ, μ, σ² from the series ``y`` (1-D). Returns self."""
        name = type(self).__name__
        p, d, q, trend = self._check_params()
        y = _series(y, name, min_length=1)
        k = 1 if trend == "c" else 0
        n_params = p + q + k + 1
        N = y.shape[0] - d
        if N < n_params + max(p, q) + 1:
            raise ValueError(
                f"{name}: a series of {y.shape[0]} values ({N} after d={d} differences) is too short "
                f"for ARIMA({p},{d},{q}) with {n_params} parameters; it needs at least "
                f"{n_params + max(p, q) + 1 + d} values. Use a longer series or smaller orders.")
        w = difference(y, d)
        X = np.ones((N, k))
        if w.std() == 0.0 and (k == 1 or w[0] == 0.0):
            raise ValueError(f"{name}: y is constant after {d} differences, so σ² = 0 and the "
                             "likelihood is unbounded; there is nothing to model.")
        starts = self._starts(w, p, q, k, name)
        Y = np.column_stack([w, X])                            # filter w and its regressors together

        def objective(u):
            with np.errstate(all="ignore"):                 # far-out steps may overflow:
                value = -_profile_loglike(Y, k, *constrain(u, p, q))[0] / N
            return value if np.isfinite(value) else 1e100   # treat them as very unlikely

        self.n_iter_, self.converged_ = 0, True
        u = starts[0]
        if p + q > 0:
            # BFGS from each start (Hannan-Rissanen; and the Yule-Walker AR with θ = 0); keep the best
            runs = [optimize.minimize(objective, u0, method="BFGS",
                                      options={"maxiter": self.max_iter, "gtol": self.tol})
                    for u0 in starts]
            res = min(runs, key=lambda r: r.fun)
            u, self.n_iter_ = res.x, int(sum(r.nit for r in runs))
            grad_ok = res.jac is not None and bool(np.all(np.abs(res.jac) < 1e3 * self.tol))
            self.converged_ = bool(res.success or grad_ok)
            if not self.converged_:
                warnings.warn(
                    f"{name}: the likelihood optimiser stopped after {res.nit} iterations "
                    f"({res.message.strip()}); max|gradient| = {np.abs(res.jac).max():.1e}. "
                    "Increase max_iter, try other start_params or a smaller model.",
                    ConvergenceWarning, stacklevel=2)
        phi, theta = constrain(u, p, q)
        loglike, beta, sigma2, e, state = _profile_loglike(Y, k, phi, theta, full=True)
        self.ar_, self.ma_ = phi, theta
        self.const_ = float(beta[0]) if k else 0.0
        self.sigma2_ = float(sigma2)
        self.loglike_ = float(loglike)
        self.aic_ = -2.0 * loglike + 2.0 * n_params
        self.bic_ = -2.0 * loglike + np.log(N) * n_params
        self.resid_ = e
        self.nobs_ = N
        self.trend_ = trend
        self._state = state
        self._levels = np.array([difference(y, j)[-1] for j in range(d)])  # ∇ʲ y_n, j = 0..d−1
        self._y = y
        return self

    def _starts(self, w, p, q, k, name):
        """Unconstrained starting points: the user's ``start_params``, or Hannan-Rissanen
        (its AR part replaced by Yule-Walker's, which is always stationary, and its MA part by
        0 when they are not admissible) plus, for mixed models, Yule-Walker's AR with θ = 0."""
        if self.start_params is not None:
            s = as_float_array(self.start_params, name="start_params", owner=name, ndim=1,
                               allow_empty=True)
            if s.shape[0] != p + q:
                raise ValueError(f"{name}: start_params has {s.shape[0]} values; ARIMA({p},·,{q}) "
                                 f"needs p + q = {p + q} (φ_1..φ_p, θ_1..θ_q).")
            phi, theta = s[:p], s[p:]
            if not is_stationary(phi):
                raise ValueError(f"{name}: start_params' AR part φ = {phi.tolist()} is not stationary "
                                 "(a root of φ(z) lies on or inside the unit circle); start from "
                                 "coefficients whose partial autocorrelations are in (−1, 1), or omit "
                                 "start_params.")
            if not is_stationary(-theta):
                raise ValueError(f"{name}: start_params' MA part θ = {theta.tolist()} is not "
                                 "invertible (a root of θ(z) lies on or inside the unit circle); "
                                 "omit start_params or use an invertible θ.")
            return [unconstrain(phi, theta)]
        z = w - w.mean() if k else w
        phi, theta = hannan_rissanen(z, p, q)
        phi_yw = durbin_levinson(np.r_[z @ z, [z[j:] @ z[:-j] for j in range(1, p + 1)]])[0]
        if not is_stationary(phi):
            phi = phi_yw
        if not is_stationary(-theta):
            theta = np.zeros(q)
        starts = [(phi, theta)]
        if p and q:
            starts.append((phi_yw, np.zeros(q)))
        # keep every start off the boundary: partial autocorrelations within ±0.99
        return [np.clip(unconstrain(a, b), -7.0, 7.0) for a, b in starts]

    # -- forecasting ---------------------------------------------------------------------
    def forecast(self, steps=1, *, return_conf_int=False, alpha=0.05):
        """ŷ_{n+1}, ..., ŷ_{n+steps}; with ``return_conf_int`` also the (steps, 2) array of
        the (1 − alpha) prediction intervals ŷ ± z_{1−α/2} √Var(y_{n+h} − ŷ_{n+h})."""
        check_is_fitted(self)
        name = type(self).__name__
        steps = check_int(steps, name="steps", owner=name, minimum=1)
        mean, var = _forecast(self.ar_, self.ma_, self.const_, self.sigma2_, self._state,
                              self._levels, steps)
        if not return_conf_int:
            return mean
        alpha = check_real(alpha, name="alpha", owner=name, minimum=0.0, strict=True)
        if alpha >= 1:
            raise ValueError(f"{name}: alpha={alpha} must be in (0, 1); 0.05 gives 95% intervals.")
        half = stats.norm.ppf(1 - alpha / 2) * np.sqrt(var)
        return mean, np.column_stack([mean - half, mean + half])

    def predict(self, horizon=1):
        """The point forecasts of the next ``horizon`` values (same as :meth:`forecast`)."""
        return self.forecast(horizon)


class ARMA(ARIMA):
    """ARMA(p, q) = ARIMA(p, 0, q): the mean-μ stationary, invertible process
    φ(B)(y_t − μ) = θ(B) ε_t. Same attributes as :class:`ARIMA`."""

    def __init__(self, p=1, q=1, *, trend="c", start_params=None, max_iter=500, tol=1e-7):
        self.p = p
        self.q = q
        self.trend = trend
        self.start_params = start_params
        self.max_iter = max_iter
        self.tol = tol

    def _orders(self):
        return self.p, 0, self.q


class MA(ARIMA):
    """MA(q) = ARIMA(0, 0, q): y_t = μ + ε_t + θ_1 ε_{t−1} + ... + θ_q ε_{t−q}."""

    def __init__(self, q=1, *, trend="c", start_params=None, max_iter=500, tol=1e-7):
        self.q = q
        self.trend = trend
        self.start_params = start_params
        self.max_iter = max_iter
        self.tol = tol

    def _orders(self):
        return 0, 0, self.q


# -- likelihood ---------------------------------------------------------------------------
def _profile_loglike(Y, k, phi, theta, full=False):
    """log L with μ (GLS) and σ² profiled out, for data and regressor columns Y = [w, X].

        β̂ = (Σ U_tᵀ U_t / f_t)⁻¹ Σ U_tᵀ v_t / f_t,  e_t = v_t − U_t β̂,
        σ̂² = (1/N) Σ e_t² / f_t,   log L = −N/2 (log 2π σ̂² + 1) − ½ Σ log f_t
    """
    t_col, R = arma_state_space(phi, theta)
    P0 = stationary_covariance(t_col, R)
    V, f, a, P = kalman_filter(Y, t_col, R, P0)
    N = Y.shape[0]
    v, U = V[:, 0], V[:, 1:]                                   # (N,), (N, k)
    if k:
        Uw = U / f[:, None]
        beta = np.linalg.solve(U.T @ Uw, Uw.T @ v)
        e = v - U @ beta
    else:
        beta, e = np.zeros(0), v
    sigma2 = np.sum(e * e / f) / N
    loglike = -0.5 * N * (np.log(2 * np.pi * sigma2) + 1.0) - 0.5 * np.sum(np.log(f))
    if not full:
        return (loglike,)
    state_mean = a[:, 0] - a[:, 1:] @ beta                     # a_{N|N} of w − μ
    return loglike, beta, sigma2, e, (state_mean, P)


def arma_loglike(w, ar, ma, const=0.0, sigma2=1.0) -> float:
    """The exact Gaussian log-likelihood of the series ``w`` under
    φ(B)(w_t − const) = θ(B) ε_t, Var ε_t = sigma2 (nothing profiled out).

    For ARIMA(p, d, q) pass w = ∇ᵈy. Useful to compare likelihoods at given parameters.
    """
    owner = "arma_loglike"
    w = _series(w, owner, min_length=1)
    phi = as_float_array(ar, name="ar", owner=owner, ndim=1, allow_empty=True)
    theta = as_float_array(ma, name="ma", owner=owner, ndim=1, allow_empty=True)
    sigma2 = check_real(sigma2, name="sigma2", owner=owner, minimum=0.0, strict=True)
    if not is_stationary(phi):
        raise ValueError(f"{owner}: ar = {phi.tolist()} is not stationary; the exact likelihood "
                         "starts from the stationary distribution, which then does not exist.")
    t_col, R = arma_state_space(phi, theta)
    V, f, _, _ = kalman_filter((w - const)[:, None], t_col, R, stationary_covariance(t_col, R))
    v = V[:, 0]
    return float(-0.5 * np.sum(np.log(2 * np.pi * sigma2 * f) + v * v / (sigma2 * f)))


# -- start values -------------------------------------------------------------------------
def hannan_rissanen(w, p, q):
    """Hannan-Rissanen (Brockwell & Davis §5.1.4): (1) fit a long AR(m) by Yule-Walker and
    keep its residuals ε̂_t; (2) regress w_t on w_{t−1..t−p} and ε̂_{t−1..t−q}."""
    N = w.shape[0]
    if q == 0:
        if p == 0:
            return np.zeros(0), np.zeros(0)
        Z, target = lag_matrix(w, p)
        return np.linalg.lstsq(Z, target, rcond=None)[0], np.zeros(0)
    m = int(min(max(np.log(N) ** 2, 2 * max(p, q)), (N - 1) // 3))
    if m < 1 or N - m <= p + q + max(p, q) + 1:
        return np.zeros(p), np.zeros(q)
    Z, target = lag_matrix(w, m)
    phi_long = durbin_levinson(acovf(w, m))[0]              # Yule-Walker AR(m)
    eps = np.zeros(N)
    eps[m:] = target - Z @ phi_long                          # ε̂_t, t >= m
    s = m + q                                                # first t with every lag available
    t = np.arange(max(s, p), N)
    cols = [w[t - i] for i in range(1, p + 1)] + [eps[t - j] for j in range(1, q + 1)]
    coef = np.linalg.lstsq(np.column_stack(cols), w[t], rcond=None)[0]
    return coef[:p], coef[p:]


# -- forecasting --------------------------------------------------------------------------
def _forecast(phi, theta, mu, sigma2, state, levels, H):
    """Mean and variance of y_{n+1..n+H} from the last filtered ARMA state and the levels.

    State x = (α (r), L (d)) with L_t = (y_t, ∇y_t, ..., ∇^{d−1}y_t):
        α_{t+1} = T α_t + R ε_{t+1}
        w_{t+1} = Z α_{t+1} + μ
        L_{t+1} = U L_t + 1 w_{t+1}        (U upper-triangular ones: ∇ʲy_{t+1} = Σ_{i>=j} ∇ⁱy_t + w_{t+1})
    starting from (a_{n|n}, L_n) with covariance diag(P_{n|n}, 0): the levels are observed.
    """
    t_col, R = arma_state_space(phi, theta)
    r, d = t_col.shape[0], levels.shape[0]
    T = transition_matrix(t_col)
    Ta = np.zeros((r + d, r + d))
    Ta[:r, :r] = T
    Ta[r:, :r] = np.ones((d, 1)) @ T[:1, :]                   # 1 Z T
    Ta[r:, r:] = np.triu(np.ones((d, d)))                     # U
    Ra = np.concatenate([R, np.ones(d)])                      # (R, 1 Z R), Z R = 1
    ca = np.concatenate([np.zeros(r), np.full(d, mu)])
    x = np.concatenate([state[0], levels])
    P = np.zeros((r + d, r + d))
    P[:r, :r] = state[1]
    mean, var = np.empty(H), np.empty(H)
    for h in range(H):
        x = Ta @ x + ca
        P = Ta @ P @ Ta.T + sigma2 * np.outer(Ra, Ra)
        if d:
            mean[h], var[h] = x[r], P[r, r]                   # y = L[0]
        else:
            mean[h], var[h] = x[0] + mu, P[0, 0]              # y = Z α + μ
    return mean, var
