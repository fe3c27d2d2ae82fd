"""AR(p) by OLS and Yule-Walker against statsmodels' AutoReg / yule_walker."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from lucidml.timeseries import AR

from ._data import macro, nile, sunspots


def test_toy_by_hand():
    # y = 4, 2, 2, 1, 0, 1 without intercept: φ = Σ y_t y_{t−1} / Σ y_{t−1}²
    #   = (2·4 + 2·2 + 1·2 + 0·1 + 1·0) / (16 + 4 + 4 + 1 + 0) = 14 / 25 = 0.56
    # forecasts 0.56·1 = 0.56, 0.56² = 0.3136; residuals y_t − 0.56 y_{t−1}
    y = np.array([4.0, 2.0, 2.0, 1.0, 0.0, 1.0])
    m = AR(1, trend="n").fit(y)
    np.testing.assert_allclose(m.ar_, [0.56])
    np.testing.assert_allclose(m.forecast(2), [0.56, 0.3136])
    e = y[1:] - 0.56 * y[:-1]
    np.testing.assert_allclose(m.resid_, e)
    np.testing.assert_allclose(m.sigma2_, e @ e / 5)


@pytest.mark.parametrize("load,p", [(sunspots, 9), (nile, 2), (lambda: macro("infl"), 4)])
@pytest.mark.parametrize("trend", ["c", "n"])
def test_matches_reference_ols(load, p, trend):
    from statsmodels.tsa.ar_model import AutoReg

    y = load()
    m = AR(p, trend=trend).fit(y)
    ref = AutoReg(y, p, trend=trend).fit()
    ours = np.r_[m.const_, m.ar_] if trend == "c" else m.ar_
    np.testing.assert_allclose(ours, ref.params, rtol=1e-8)
    np.testing.assert_allclose([m.sigma2_, m.loglike_, m.aic_, m.bic_],
                               [ref.sigma2, ref.llf, ref.aic, ref.bic], rtol=1e-10)
    np.testing.assert_allclose(m.resid_, ref.resid, atol=1e-8 * np.abs(y).max())
    mean, ci = m.forecast(12, return_conf_int=True, alpha=0.1)
    pred = ref.get_prediction(len(y), len(y) + 11)
    np.testing.assert_allclose(mean, pred.predicted_mean, rtol=1e-8)
    np.testing.assert_allclose(ci, pred.conf_int(alpha=0.1), rtol=1e-8)


@pytest.mark.parametrize("load,p", [(sunspots, 4), (lambda: macro("infl"), 3)])
def test_matches_reference_yule_walker(load, p):
    from statsmodels.regression.linear_model import yule_walker

    y = load()
    m = AR(p, method="yule-walker").fit(y)
    rho, sigma = yule_walker(y, order=p, method="mle", demean=True, result_object=False)
    np.testing.assert_allclose(m.ar_, rho, rtol=1e-10)
    np.testing.assert_allclose(m.sigma2_, sigma ** 2, rtol=1e-10)
    np.testing.assert_allclose(m.const_, y.mean() * (1 - rho.sum()), rtol=1e-10)


def test_estimator_api():
    # AR works on one 1-D series (fit(y), forecast(steps)); check_estimator feeds 2-D X and
    # does not apply. The parameter protocol does.
    m = AR(3, trend="n", method="yule-walker")
    assert m.get_params() == {"p": 3, "trend": "n", "method": "yule-walker"}
    assert clone(m).set_params(p=2).p == 2
    with pytest.raises(NotFittedError):
        m.forecast(1)
    y = sunspots()
    assert AR(2).fit(y) is not None and hasattr(AR(2).fit(y), "ar_")


@given(st.floats(-0.95, 0.95), st.integers(0, 10_000))
def test_property_yule_walker_is_stationary_and_recovers_phi(phi, seed):
    rng = np.random.default_rng(seed)
    e = rng.normal(size=3000)
    y = np.empty(3000)
    y[0] = e[0]
    for t in range(1, 3000):
        y[t] = phi * y[t - 1] + e[t]
    m = AR(1, method="yule-walker").fit(y)
    assert abs(m.ar_[0]) < 1
    assert abs(m.ar_[0] - phi) < 0.1                   # ~ 5 standard errors √((1−φ²)/n)
    mean, ci = m.forecast(5, return_conf_int=True)
    assert np.all(np.diff(ci[:, 1] - ci[:, 0]) >= -1e-12)   # intervals widen with the horizon


def test_bad_input():
    with pytest.raises(ValueError, match="too short"):
        AR(3).fit([1.0, 2.0, 3.0, 4.0, 5.0])
    with pytest.raises(ValueError, match="NaN"):
        AR(1).fit([1.0, 2.0, np.nan, 3.0, 4.0, 5.0])
    with pytest.raises(ValueError, match=">= 1"):
        AR(-1).fit(np.arange(20.0))
    with pytest.raises(ValueError, match="method"):
        AR(1, method="burg").fit(np.arange(20.0))
    with pytest.raises(ValueError, match="alpha"):
        AR(1).fit(sunspots()).forecast(3, return_conf_int=True, alpha=1.5)
