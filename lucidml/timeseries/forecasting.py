"""Forecasting with any regressor (lag features) and rolling-origin cross-validation.

LagForecaster turns a regressor f into an autoregressive forecaster: fit f on the lag
matrix (rows [y_{t−l} for l in lags], target y_t), then forecast recursively,
ŷ_{n+h} = f(ŷ_{n+h−l} for l in lags), feeding each forecast back as a lagged input.

ForecastingCV evaluates a forecaster sequentially (rolling origin): for every split of a
time-ordered splitter (by default :class:`~lucidml.model_selection.TimeSeriesSplit`),
fit on the past y[train] and forecast the validation block y[val]. Ordinary shuffled
k-fold would let the model see the future; every split is therefore passed through
:func:`~lucidml.model_selection.check_temporal_split`, and a split whose training set
does not end before its validation set raises ``TemporalLeakageError``.

Reference: Hyndman & Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed.),
§5.10 (time series cross-validation); Hastie et al., *ESL* §7.10 for cross-validation.

>>> y = np.sin(np.arange(60) / 3.0)
>>> from sklearn.linear_model import LinearRegression
>>> f = LagForecaster(LinearRegression(), lags=2).fit(y)
>>> bool(np.allclose(f.forecast(3), np.sin(np.arange(60, 63) / 3.0)))
True
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted

from lucidml.timeseries.stattools import _check_lags, _series, lag_matrix
from lucidml.utils.progress import track
from lucidml.utils.validation import as_float_array, check_int, check_option

__all__ = ["LagForecaster", "ForecastingCV"]

SCORES = ("mae", "rmse", "mse")


class LagForecaster(BaseEstimator):
    """Any regressor as an autoregressive forecaster on lag features.

    Parameters: ``regressor`` (an unfitted scikit-learn-style regressor, cloned on fit),
    ``lags`` (p for lags 1..p, or a list such as [1, 2, 12]).
    Attributes: ``regressor_`` (the fitted clone), ``lags_``, ``n_exog_`` (columns of X).
    """

    def __init__(self, regressor, lags=1):
        self.regressor = regressor
        self.lags = lags

    def fit(self, y, X=None):
        """Fit the regressor on rows [y_{t−l} for l in lags] (+ X_t, the exogenous inputs at
        time t when ``X`` (n, m) is given), target y_t."""
        name = type(self).__name__
        y = _series(y, name, min_length=1)
        self.lags_ = _check_lags(self.lags, name)
        Z, target = lag_matrix(y, self.lags_, X=X)
        if Z.shape[0] < 2:
            raise ValueError(f"{name}: only {Z.shape[0]} row(s) of lag features from {y.shape[0]} "
                             f"values with lags up to {self.lags_.max()}; use a longer series.")
        self.n_exog_ = Z.shape[1] - self.lags_.size
        self.regressor_ = clone(self.regressor).fit(Z, target)
        self._history = y[-int(self.lags_.max()):].copy()
        return self

    def forecast(self, steps=1, X=None):
        """ŷ_{n+1..n+steps}, each one step at a time from the previous forecasts; a model
        fitted with exogenous inputs needs their future values ``X`` (steps, m)."""
        check_is_fitted(self)
        name = type(self).__name__
        steps = check_int(steps, name="steps", owner=name, minimum=1)
        if self.n_exog_ and X is None:
            raise ValueError(f"{name}: the model was fitted with {self.n_exog_} exogenous input(s); "
                             f"pass their future values X with shape ({steps}, {self.n_exog_}).")
        if X is not None:
            X = as_float_array(X, name="X", owner=name, ndim=(1, 2))
            X = X.reshape(-1, 1) if X.ndim == 1 else X
            if X.shape != (steps, self.n_exog_):
                raise ValueError(f"{name}: X must hold the future exogenous inputs with shape "
                                 f"({steps}, {self.n_exog_}), got {X.shape}.")
        L = int(self.lags_.max())
        hist = np.concatenate([self._history, np.empty(steps)])
        for h in range(steps):
            t = L + h
            z = hist[t - self.lags_]                           # ŷ_{t−l} (or y_{t−l} while known)
            if X is not None:
                z = np.concatenate([z, X[h]])
            hist[t] = float(np.ravel(self.regressor_.predict(z[None, :]))[0])
        return hist[L:].copy()

    def predict(self, horizon=1):
        return self.forecast(horizon)


class ForecastingCV(BaseEstimator):
    """Rolling-origin evaluation of a forecaster (anything with ``fit(y)`` and ``forecast(steps)``).

    Parameters
    ----------
    estimator : e.g. ``ARIMA(1, 1, 1)``, ``AR(3)``, ``LagForecaster(Ridge(), 4)``
    cv : a time-ordered splitter with ``split(y)`` (default ``TimeSeriesSplit(n_splits=5)``)
         or an explicit list of (train_idx, val_idx) pairs; each is checked for leakage
    scoring : "mae", "rmse" or "mse"
    verbose : > 0 shows a progress bar

    Attributes: ``scores_`` (one per split), ``mean_score_``, ``forecasts_`` and
    ``splits_`` (lists per split), ``errors_`` (the y − ŷ of each split), ``n_splits_``.
    """

    def __init__(self, estimator, *, cv=None, scoring="mae", verbose=0):
        self.estimator = estimator
        self.cv = cv
        self.scoring = scoring
        self.verbose = verbose

    def fit(self, y):
        from lucidml.model_selection import TimeSeriesSplit, check_temporal_split

        name = type(self).__name__
        check_option(self.scoring, name="scoring", owner=name, allowed=SCORES)
        y = _series(y, name, min_length=3)
        cv = TimeSeriesSplit(n_splits=5) if self.cv is None else self.cv
        splits = list(cv.split(y)) if hasattr(cv, "split") else list(cv)
        if not splits:
            raise ValueError(f"{name}: cv produced no splits.")
        gap = int(getattr(cv, "gap", 0) or 0)
        self.splits_, self.forecasts_, self.errors_, scores = [], [], [], []
        for train, val in track(splits, "Rolling-origin CV", verbose=self.verbose):
            train, val = check_temporal_split(train, val, gap=gap)   # the shared leakage guard
            train, val = np.sort(train), np.sort(val)
            if np.any(np.diff(train) != 1):
                raise ValueError(f"{name}: the training indices of a split have holes "
                                 f"({train[0]}..{train[-1]}, {train.size} values); a forecaster needs "
                                 "a contiguous past. Use TimeSeriesSplit.")
            horizon = val - train[-1]                          # steps ahead of the forecast origin
            model = clone(self.estimator).fit(y[train])
            y_hat = np.asarray(model.forecast(int(horizon.max())))[horizon - 1]
            e = y[val] - y_hat
            self.splits_.append((train, val))
            self.forecasts_.append(y_hat)
            self.errors_.append(e)
            scores.append(_score(e, self.scoring))
        self.scores_ = np.array(scores)
        self.mean_score_ = float(self.scores_.mean())
        self.n_splits_ = len(splits)
        return self


def _score(e, scoring):
    if scoring == "mae":
        return float(np.mean(np.abs(e)))
    mse = float(np.mean(e * e))
    return mse if scoring == "mse" else float(np.sqrt(mse))
