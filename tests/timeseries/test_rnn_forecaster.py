"""RNNForecaster: a sine it should learn, the rolling-origin CV beside ARIMA, bad input, persistence."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml import io
from lucidml.datasets.timeseries import load_nile
from lucidml.model_selection import TimeSeriesSplit
from lucidml.timeseries import ARIMA, ForecastingCV, RNNForecaster


def test_learns_a_sine_and_forecasts_beyond_the_horizon():
    y = np.sin(np.arange(150) / 4.0)
    f = RNNForecaster("lstm", window=12, hidden_size=16, horizon=3, max_iter=60, random_state=0).fit(y)
    truth = np.sin(np.arange(150, 156) / 4.0)
    fc = f.forecast(6)                                                  # 3 direct + 3 fed back
    assert fc.shape == (6,) and np.max(np.abs(fc - truth)) < 0.15
    assert f.loss_curve_[-1] < 0.1 * f.loss_curve_[0]


def test_rolling_origin_cv_beside_arima():
    _, y = load_nile()
    cv = TimeSeriesSplit(n_splits=3, test_size=5)
    ours = ForecastingCV(RNNForecaster("gru", window=8, hidden_size=8, horizon=5, max_iter=20, random_state=0),
                         cv=cv, scoring="rmse").fit(y)
    arima = ForecastingCV(ARIMA(0, 1, 1), cv=cv, scoring="rmse").fit(y)
    assert ours.scores_.shape == arima.scores_.shape == (3,)
    # the Nile's folds have RMSE ~100-200 (10⁸ m³); a network that learnt nothing would be far off
    assert ours.mean_score_ < 2.5 * arima.mean_score_


def test_float32_and_round_trip(tmp_path):
    y = np.cumsum(np.random.default_rng(0).normal(size=60)).astype(np.float32)
    f = RNNForecaster(window=5, hidden_size=4, max_iter=3, random_state=0).fit(y)
    assert f.network_.head.weight.dtype == np.float32
    io.save(f, tmp_path / "f.npz")
    np.testing.assert_array_equal(io.load(tmp_path / "f.npz").forecast(4), f.forecast(4))
    again = RNNForecaster(window=5, hidden_size=4, max_iter=3, random_state=0).fit(y)
    np.testing.assert_array_equal(again.forecast(4), f.forecast(4))      # random_state reproduces


def test_bad_input():
    msg = r"series of 10 values .* window=8 and horizon=3; it needs at least .* = 12 values"
    with pytest.raises(ValueError, match=msg):
        RNNForecaster(window=8, horizon=3).fit(np.arange(10.0))
    with pytest.raises(ValueError, match="cell"):
        RNNForecaster(cell="cnn").fit(np.arange(30.0))
    with pytest.raises(ValueError, match="exogenous"):
        RNNForecaster().fit(np.arange(30.0), X=np.ones((30, 1)))
    with pytest.raises(ValueError, match="NaN|nan|finite"):
        RNNForecaster(window=2).fit(np.array([1.0, np.nan, 2.0, 3.0, 4.0, 5.0]))
