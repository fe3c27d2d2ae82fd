"""ARIMA/ARMA/MA by exact ML against statsmodels, Brockwell & Davis' worked examples,
the Kalman filter against the dense Gaussian likelihood, and bad input."""
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, NotFittedError

from lucidml.timeseries import ARIMA, ARMA, MA, arma_loglike
from lucidml.timeseries._kalman import (
    arma_state_space, constrain, is_stationary, kalman_filter, stationary_covariance, unconstrain)

from ._data import brockwell_davis, macro, nile, sunspots

# statsmodels' default L-BFGS stops early (Nile's mean is off by 1.3, 1.5e-3 relative, and its
# log-likelihood 9e-4 below the maximum); these options let it reach the optimum we compare to.
TIGHT = {"maxiter": 2000, "pgtol": 1e-12, "factr": 1.0}


def _sm_fit(y, order, trend):
    from statsmodels.tsa.arima.model import ARIMA as SmARIMA

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return SmARIMA(y, order=order, trend=trend).fit(method_kwargs=dict(TIGHT))


def _ours(m):
    return np.r_[[m.const_] if m.trend_ == "c" else [], m.ar_, m.ma_, m.sigma2_]


def test_toy_by_hand():
    # White noise, ARIMA(0,0,0) with a mean: μ̂ = ȳ = 2.5, σ̂² = mean((y − ȳ)²) = 1.25,
    # log L = −n/2 (log 2π σ̂² + 1) = −2 (log 2.5π + 1); forecasts are ȳ ± 1.96 √1.25.
    y = np.array([1.0, 2.0, 3.0, 4.0])
    m = ARIMA(0, 0, 0).fit(y)
    assert m.const_ == pytest.approx(2.5) and m.sigma2_ == pytest.approx(1.25)
    assert m.loglike_ == pytest.approx(-2 * (np.log(2.5 * np.pi) + 1))
    mean, ci = m.forecast(2, return_conf_int=True)
    np.testing.assert_allclose(mean, [2.5, 2.5])
    np.testing.assert_allclose(ci[0], 2.5 + np.array([-1, 1]) * stats.norm.ppf(0.975) * np.sqrt(1.25))
    # Random walk, ARIMA(0,1,0) without drift: w = ∇y = (1, −1, 2), σ̂² = Σw²/3 = 2;
    # ŷ_{n+h} = y_n = 3 and Var = h σ²  (h independent steps)
    m = ARIMA(0, 1, 0).fit([1.0, 2.0, 1.0, 3.0])
    assert m.sigma2_ == pytest.approx(2.0)
    mean, ci = m.forecast(3, return_conf_int=True)
    np.testing.assert_allclose(mean, [3.0, 3.0, 3.0])
    np.testing.assert_allclose((ci[:, 1] - mean) / stats.norm.ppf(0.975), np.sqrt(2.0 * np.arange(1, 4)))


def test_textbook_brockwell_davis():
    # Brockwell & Davis, Introduction to Time Series and Forecasting (2016):
    # Example 5.2.5, Lake Huron (mean-corrected), ARMA(1,1): φ = 0.7446, θ = 0.3213, σ² = 0.4750
    lake = brockwell_davis("lake")
    m = ARMA(1, 1, trend="n").fit(lake - lake.mean())
    np.testing.assert_allclose([m.ar_[0], m.ma_[0], m.sigma2_], [0.7446, 0.3213, 0.4750], atol=1e-4)
    # Example 5.2.4, Dow-Jones index, differenced and mean-corrected, AR(1): φ = 0.4471
    w = np.diff(brockwell_davis("dowj"))
    assert ARIMA(1, 0, 0, trend="n").fit(w - w.mean()).ar_[0] == pytest.approx(0.4471, abs=1e-4)
    # Example 5.4.1, overshorts (mean-corrected), MA(1): θ = −0.818
    s = brockwell_davis("oshorts")
    assert MA(1, trend="n").fit(s - s.mean()).ma_[0] == pytest.approx(-0.818, abs=1e-3)


CASES = [  # (name, loader, (p, d, q), trend)
    ("nile", nile, (1, 0, 1), "c"),
    ("sunspots", sunspots, (2, 0, 1), "c"),
    ("infl", lambda: macro("infl"), (0, 0, 2), "c"),
    ("cpi", lambda: macro("cpi"), (0, 2, 1), "n"),
    ("gdp", lambda: 100 * np.log(macro("realgdp")), (1, 1, 0), "c"),
]


@pytest.mark.slow
@pytest.mark.parametrize("name,load,order,trend", CASES, ids=[f"{c[0]}{c[2]}" for c in CASES])
def test_matches_reference(name, load, order, trend):
    from statsmodels.tsa.arima.model import ARIMA as SmARIMA
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    y = load()
    p, d, q = order
    m = ARIMA(p, d, q, trend=trend).fit(y)
    # Estimates and log-likelihood: the likelihood is that of ∇ᵈy (Brockwell & Davis §6.4),
    # which is statsmodels' ARIMA on the differenced series.
    w = np.diff(y, d) if d else y
    ref = _sm_fit(w, (p, 0, q), trend)
    np.testing.assert_allclose(_ours(m), ref.params, rtol=1e-3)
    assert abs(m.loglike_ - ref.llf) < 1e-4
    assert m.loglike_ >= ref.llf - 1e-7                      # never below statsmodels' optimum
    np.testing.assert_allclose([m.aic_, m.bic_], [ref.aic, ref.bic], rtol=1e-6)
    np.testing.assert_allclose(m.resid_, ref.resid, atol=1e-3 * np.std(w))
    # Forecasts and 90% intervals of the fitted models agree to 1e-3 ...
    mean, ci = m.forecast(10, return_conf_int=True, alpha=0.1)
    if d == 0:
        full, rtol = SmARIMA(y, order=order, trend=trend), 1e-9
    elif trend == "n":
        full, rtol = SARIMAX(y, order=order, use_exact_diffuse=True), 1e-9
    else:  # a drift is statsmodels' ARIMA trend "t" (mean form); its start is approximately diffuse
        full, rtol = SmARIMA(y, order=order, trend="t"), 1e-6
    fc = full.smooth(ref.params).get_forecast(10)
    np.testing.assert_allclose(mean, fc.predicted_mean, rtol=1e-3)
    np.testing.assert_allclose(ci, fc.conf_int(alpha=0.1), rtol=1e-3)
    # ... and at identical parameters they agree to rounding.
    fc_same = full.smooth(_ours(m)).get_forecast(10)
    np.testing.assert_allclose(mean, fc_same.predicted_mean, rtol=rtol)
    np.testing.assert_allclose(ci, fc_same.conf_int(alpha=0.1), rtol=rtol)


@pytest.mark.parametrize("load,order", [(nile, (1, 0, 1)), (sunspots, (3, 0, 2)), (lambda: macro("infl"), (2, 0, 0))])
def test_loglike_equals_statsmodels_at_same_parameters(load, order):
    from statsmodels.tsa.arima.model import ARIMA as SmARIMA

    y = load()
    p, _, q = order
    params = np.r_[y.mean(), 0.5 * np.ones(p) / max(p, 1), 0.2 * np.ones(q), np.var(y) / 2]
    ref = SmARIMA(y, order=order).loglike(params)
    ours = arma_loglike(y, params[1:1 + p], params[1 + p:1 + p + q], params[0], params[-1])
    assert ours == pytest.approx(ref, rel=1e-11)


def test_finds_higher_likelihood_where_statsmodels_default_start_fails():
    # sunspots ARMA(3,2): statsmodels' default start is refused (non-stationary) and its fit
    # ends at log L ≈ −1304.06; the exact likelihood at our estimate is ≈ −1283.79.
    from statsmodels.tsa.arima.model import ARIMA as SmARIMA

    y = sunspots()
    m = ARIMA(3, 0, 2).fit(y)
    assert SmARIMA(y, order=(3, 0, 2)).loglike(_ours(m)) == pytest.approx(m.loglike_, rel=1e-10)
    assert m.loglike_ > -1284.0


def test_kalman_equals_dense_gaussian_likelihood():
    # The readable path: w ~ N(μ1, σ² Γ) with Γ_ij = γ(|i−j|), γ(h) = Z Tʰ P₀ Zᵀ; the filter
    # must give exactly this density (prediction-error decomposition).
    rng = np.random.default_rng(1)
    w = rng.normal(size=60).cumsum() * 0.1 + 3
    phi, theta, mu, s2 = np.array([0.6, -0.2]), np.array([0.4, 0.3]), 3.0, 0.7
    t_col, R = arma_state_space(phi, theta)
    P0 = stationary_covariance(t_col, R)
    T = np.zeros((3, 3))
    T[:, 0], T[0, 1], T[1, 2] = t_col, 1.0, 1.0
    gamma = [np.linalg.matrix_power(T, h)[0] @ P0[:, 0] for h in range(60)]
    Gamma = np.array([[gamma[abs(i - j)] for j in range(60)] for i in range(60)])
    dense = stats.multivariate_normal(np.full(60, mu), s2 * Gamma).logpdf(w)
    assert arma_loglike(w, phi, theta, mu, s2) == pytest.approx(dense, rel=1e-10)
    # the filter's last innovations with and without the steady-state shortcut agree
    V, f, _, _ = kalman_filter((w - mu)[:, None], t_col, R, P0)
    assert np.all(f >= 1 - 1e-12) and f[-1] == pytest.approx(1.0, abs=1e-6)


@given(st.lists(st.floats(-5, 5, allow_subnormal=False), min_size=1, max_size=6), st.integers(0, 6))
def test_property_reparameterisation(u, p):
    u = np.array(u)
    p = min(p, len(u))
    phi, theta = constrain(u, p, len(u) - p)
    assert is_stationary(phi) and is_stationary(-theta)
    if p:  # roots of φ(z) outside the unit circle ⇔ eigenvalues of the companion matrix inside
        companion = np.eye(p, k=-1)
        companion[0] = phi
        assert np.all(np.abs(np.linalg.eigvals(companion)) < 1 + 1e-9)
    np.testing.assert_allclose(unconstrain(phi, theta), u, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("seed", [0, 1])
def test_property_recovers_simulated_arma(seed):
    from scipy.signal import lfilter

    rng = np.random.default_rng(seed)
    e = rng.normal(size=3000)
    y = 5 + lfilter([1, 0.4], [1, -0.7], e)                # (1 − 0.7B)(y − 5) = (1 + 0.4B)ε
    m = ARMA(1, 1).fit(y)
    assert abs(m.ar_[0] - 0.7) < 0.05 and abs(m.ma_[0] - 0.4) < 0.06 and abs(m.sigma2_ - 1) < 0.08
    mean, ci = m.forecast(200, return_conf_int=True)
    assert abs(mean[-1] - m.const_) < 1e-6                # long forecasts revert to the mean
    assert np.all(np.diff(ci[:, 1] - ci[:, 0]) >= -1e-9)   # and intervals only widen
    # the starting point does not change the optimum
    m2 = ARMA(1, 1, start_params=[0.1, -0.1]).fit(y)
    np.testing.assert_allclose(_ours(m2), _ours(m), rtol=1e-4)


def test_estimator_api():
    # The ARIMA family works on one 1-D series (fit(y), forecast(steps)); scikit-learn's
    # check_estimator feeds 2-D (X, y) and does not apply. The parameter protocol does.
    m = ARIMA(2, 1, 1, trend="c")
    assert m.get_params()["d"] == 1 and clone(m).set_params(q=0).q == 0
    assert MA(2).get_params() == {"q": 2, "trend": "c", "start_params": None, "max_iter": 500, "tol": 1e-7}
    with pytest.raises(NotFittedError):
        m.forecast(1)
    fitted = ARMA(1, 0).fit(nile())
    assert fitted.predict(3).shape == (3,) and fitted.n_iter_ >= 1 and fitted.converged_


def test_convergence_warning():
    with pytest.warns(ConvergenceWarning, match="max_iter"):
        ARIMA(2, 0, 2, max_iter=1).fit(sunspots())


def test_bad_input():
    y = sunspots()
    with pytest.raises(ValueError, match="too short"):
        ARIMA(2, 1, 2).fit(y[:7])
    with pytest.raises(ValueError, match="NaN"):
        ARIMA(1, 0, 0).fit(np.r_[y[:50], np.nan, y[51:]])
    with pytest.raises(ValueError, match="not stationary"):
        ARIMA(1, 0, 0, start_params=[1.2]).fit(y)
    with pytest.raises(ValueError, match="not invertible"):
        ARIMA(0, 0, 1, start_params=[-2.0]).fit(y)
    with pytest.raises(ValueError, match="d <= 2"):
        ARIMA(1, 3, 0).fit(y)
    for bad in [dict(p=-1), dict(q=-2), dict(d=-1)]:
        with pytest.raises(ValueError, match=">= 0"):
            ARIMA(**{**dict(p=1, d=0, q=0), **bad}).fit(y)
    with pytest.raises(ValueError, match="trend"):
        ARIMA(1, 0, 0, trend="t").fit(y)
    with pytest.raises(ValueError, match="constant"):
        ARIMA(1, 0, 0).fit(np.ones(30))
    with pytest.raises(ValueError, match="start_params has"):
        ARIMA(1, 0, 1, start_params=[0.5]).fit(y)
    with pytest.raises(ValueError, match="not stationary"):
        arma_loglike(y, [1.0], [])
