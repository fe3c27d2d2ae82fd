"""LagForecaster and ForecastingCV (rolling origin, guarded by check_temporal_split)."""
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression, Ridge

from lucidml.model_selection import TemporalLeakageError, TimeSeriesSplit
from lucidml.timeseries import AR, ARIMA, ForecastingCV, LagForecaster

from ._data import nile, sunspots


def test_toy_by_hand():
    # y = 1..10 with a random-walk forecaster ARIMA(0,1,0): every forecast is the last
    # training value. Two folds of 2 (TimeSeriesSplit(2, test_size=2)):
    #   fold 1 trains on y[0:6] = 1..6, forecasts 6, 6 for y = 7, 8: errors 1, 2
    #   fold 2 trains on y[0:8] = 1..8, forecasts 8, 8 for y = 9, 10: errors 1, 2
    y = np.arange(1.0, 11.0)
    cv = ForecastingCV(ARIMA(0, 1, 0), cv=TimeSeriesSplit(2, test_size=2)).fit(y)
    np.testing.assert_allclose(cv.forecasts_, [[6.0, 6.0], [8.0, 8.0]])
    np.testing.assert_allclose(cv.errors_, [[1.0, 2.0], [1.0, 2.0]])
    np.testing.assert_allclose(cv.scores_, [1.5, 1.5])
    # with gap = 1 the forecast origin stays at the end of training: y[val] is 2 and 3 steps ahead
    cv = ForecastingCV(ARIMA(0, 1, 0), cv=TimeSeriesSplit(2, test_size=2, gap=1)).fit(y)
    np.testing.assert_allclose(cv.errors_, [[2.0, 3.0], [2.0, 3.0]])


def test_matches_reference():
    # Each fold's forecast equals refitting by hand on y[:origin]; and the splits are
    # scikit-learn's TimeSeriesSplit folds.
    from sklearn.model_selection import TimeSeriesSplit as SkTSS

    y = sunspots()
    cv = ForecastingCV(AR(3), cv=TimeSeriesSplit(4, test_size=10), scoring="rmse").fit(y)
    for (train, val), sk, y_hat in zip(cv.splits_, SkTSS(4, test_size=10).split(y), cv.forecasts_):
        np.testing.assert_array_equal(train, sk[0])
        np.testing.assert_array_equal(val, sk[1])
        np.testing.assert_allclose(y_hat, AR(3).fit(y[train]).forecast(10))
    assert cv.mean_score_ == pytest.approx(np.mean([np.sqrt(np.mean(e ** 2)) for e in cv.errors_]))


def test_lag_forecaster_equals_ar_ols():
    # LinearRegression on lag_matrix features is the OLS autoregression
    y = sunspots()
    lag = LagForecaster(LinearRegression(), lags=4).fit(y)
    ar = AR(4).fit(y)
    np.testing.assert_allclose(lag.regressor_.coef_, ar.ar_, rtol=1e-8)
    np.testing.assert_allclose(lag.forecast(8), ar.forecast(8), rtol=1e-8)


def test_estimator_api():
    f = LagForecaster(Ridge(alpha=1.0), lags=[1, 2, 12])
    g = clone(f).set_params(regressor__alpha=3.0)           # nested parameters work
    assert g.regressor.alpha == 3.0 and f.regressor.alpha == 1.0
    with pytest.raises(NotFittedError):
        f.forecast(2)
    cv = ForecastingCV(g, cv=TimeSeriesSplit(3)).fit(nile())
    assert cv.scores_.shape == (3,) and np.all(cv.scores_ > 0)
    assert ForecastingCV(ARIMA(1, 0, 0)).get_params()["estimator"].p == 1


def test_property_more_history_helps_on_a_pure_ar():
    # On a long AR(1) the rolling-origin error of the true model beats the random walk
    rng = np.random.default_rng(0)
    e = rng.normal(size=600)
    y = np.zeros(600)
    for t in range(1, 600):
        y[t] = 0.5 * y[t - 1] + e[t]
    ar = ForecastingCV(AR(1), cv=TimeSeriesSplit(10, test_size=1)).fit(y).mean_score_
    rw = ForecastingCV(ARIMA(0, 1, 0), cv=TimeSeriesSplit(10, test_size=1)).fit(y).mean_score_
    assert ar < rw


def test_leakage_refused():
    # a shuffled/k-fold style split trains on the future: the shared guard refuses it
    y = nile()
    leaky = [(np.arange(50, 100), np.arange(0, 10))]
    with pytest.raises(TemporalLeakageError, match="refused"):
        ForecastingCV(AR(1), cv=leaky).fit(y)
    from sklearn.model_selection import KFold

    with pytest.raises(TemporalLeakageError):
        ForecastingCV(AR(1), cv=KFold(3)).fit(y)
    holes = [(np.r_[0:20, 30:40], np.arange(40, 45))]
    with pytest.raises(ValueError, match="holes"):
        ForecastingCV(AR(1), cv=holes).fit(y)
    with pytest.raises(ValueError, match="scoring"):
        ForecastingCV(AR(1), scoring="r2").fit(y)
    with pytest.raises(ValueError, match="NaN"):
        ForecastingCV(AR(1)).fit(np.r_[y[:10], np.nan, y[11:]])


def test_lag_forecaster_with_exogenous_inputs():
    # y_t = 0.5 y_{t−1} + 2 x_t exactly: the fitted linear model recovers (0.5, 2) and the
    # forecast uses the future x values given to forecast().
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    y = np.zeros(50)
    for t in range(1, 50):
        y[t] = 0.5 * y[t - 1] + 2 * x[t]
    f = LagForecaster(LinearRegression(fit_intercept=False), lags=1).fit(y[:45], X=x[:45, None])
    np.testing.assert_allclose(f.regressor_.coef_, [0.5, 2.0], atol=1e-10)
    np.testing.assert_allclose(f.forecast(5, X=x[45:, None]), y[45:], atol=1e-9)
    with pytest.raises(ValueError, match="exogenous"):
        f.forecast(5)
    with pytest.raises(ValueError, match="shape"):
        f.forecast(5, X=np.ones((4, 1)))


def test_lag_matrix_inside_scikit_learn_tools():
    # lag features are an ordinary (X, y) problem: scikit-learn's own search runs on them with a
    # time-ordered splitter, and its best model's coefficients are the OLS autoregression's.
    from sklearn.model_selection import GridSearchCV
    from sklearn.model_selection import TimeSeriesSplit as SkTSS

    from lucidml.timeseries import lag_matrix

    y = sunspots()
    Z, target = lag_matrix(y, 3)
    search = GridSearchCV(Ridge(), {"alpha": [1e-8, 1e6]}, cv=SkTSS(5)).fit(Z, target)
    assert search.best_params_["alpha"] == 1e-8
    np.testing.assert_allclose(search.best_estimator_.coef_, AR(3).fit(y).ar_, rtol=1e-6)
