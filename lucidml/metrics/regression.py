"""Regression scores: how far the predictions ŷ lie from the targets y.

With N samples, optional sample weights s_i (all 1 by default) and the weighted mean
ȳ = Σ_i s_i y_i / Σ_i s_i:

    mean squared error        MSE  = Σ_i s_i (y_i − ŷ_i)² / Σ_i s_i
    root mean squared error   RMSE = √MSE
    mean absolute error       MAE  = Σ_i s_i |y_i − ŷ_i| / Σ_i s_i
    coefficient of determination
                              R²   = 1 − SS_res / SS_tot,
                              SS_res = Σ_i s_i (y_i − ŷ_i)²,  SS_tot = Σ_i s_i (y_i − ȳ)²

R² = 1 is a perfect fit, R² = 0 is no better than always predicting ȳ, and R² < 0 is
worse. When y is constant (SS_tot = 0) R² is 1 for a perfect prediction and 0 otherwise
(``force_finite=True``, as in scikit-learn). With several target columns each score is
computed per column and then combined by ``multioutput``: "raw_values" (one score per
column), "uniform_average" (their mean), an array of column weights, or for R² also
"variance_weighted" (columns weighted by SS_tot).

The signatures are scikit-learn's, and the results equal ``sklearn.metrics``'.
Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §2.4, §3.2.

>>> y, y_hat = [3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]
>>> mean_squared_error(y, y_hat)       # (0.25 + 0.25 + 0 + 1) / 4
0.375
>>> mean_absolute_error(y, y_hat)      # (0.5 + 0.5 + 0 + 1) / 4
0.5
>>> round(r2_score(y, y_hat), 4)
0.9486
"""
from __future__ import annotations

import numbers
import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from lucidml.utils.validation import as_float_array

__all__ = ["mean_squared_error", "root_mean_squared_error", "mean_absolute_error", "r2_score"]

MULTIOUTPUT = ("raw_values", "uniform_average")


def mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """MSE = Σ_i s_i (y_i − ŷ_i)² / Σ_i s_i, per column then combined by ``multioutput``."""
    y, y_hat, s = _check_targets(y_true, y_pred, sample_weight, "mean_squared_error")
    mse = np.average((y - y_hat) ** 2, axis=0, weights=s)                  # (T,)
    return _combine(mse, multioutput, "mean_squared_error")


def root_mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """RMSE = √MSE, per column then combined by ``multioutput`` (the mean of the roots)."""
    y, y_hat, s = _check_targets(y_true, y_pred, sample_weight, "root_mean_squared_error")
    rmse = np.sqrt(np.average((y - y_hat) ** 2, axis=0, weights=s))        # (T,)
    return _combine(rmse, multioutput, "root_mean_squared_error")


def mean_absolute_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """MAE = Σ_i s_i |y_i − ŷ_i| / Σ_i s_i, per column then combined by ``multioutput``."""
    y, y_hat, s = _check_targets(y_true, y_pred, sample_weight, "mean_absolute_error")
    mae = np.average(np.abs(y - y_hat), axis=0, weights=s)                 # (T,)
    return _combine(mae, multioutput, "mean_absolute_error")


def r2_score(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average", force_finite=True):
    """R² = 1 − SS_res / SS_tot, per column then combined by ``multioutput``.

    A constant target (SS_tot = 0) gives R² = 1 if predicted exactly, else 0 with
    ``force_finite=True``; with ``force_finite=False`` it gives NaN or −inf instead.
    With a single sample R² is undefined: NaN and an ``UndefinedMetricWarning`` (as in scikit-learn).
    """
    owner = "r2_score"
    y, y_hat, s = _check_targets(y_true, y_pred, sample_weight, owner)
    if y.shape[0] < 2:
        warnings.warn(f"{owner}: R² is not defined for a single sample (SS_tot = 0); returning NaN, as "
                      "scikit-learn does. Score on at least two samples.", UndefinedMetricWarning, stacklevel=2)
        return float("nan")
    w = np.ones(y.shape[0]) if s is None else s
    ss_res = w @ (y - y_hat) ** 2                                          # (T,)
    y_bar = w @ y / w.sum()                                                # (T,)
    ss_tot = w @ (y - y_bar) ** 2                                          # (T,)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = 1.0 - ss_res / ss_tot
    if force_finite:
        constant = ss_tot == 0
        r2[constant] = np.where(ss_res[constant] == 0, 1.0, 0.0)
    if isinstance(multioutput, str) and multioutput == "variance_weighted":
        if ss_tot.sum() == 0:
            # every column constant: fall back to the plain mean (as scikit-learn does)
            return float(np.mean(r2))
        return float(np.average(r2, weights=ss_tot))
    return _combine(r2, multioutput, owner)


# -- shared steps --------------------------------------------------------------------------
def _check_targets(y_true, y_pred, sample_weight, owner):
    """Finite float arrays of shape (N, T) for y and ŷ and a weight vector (N,) or None."""
    y = as_float_array(y_true, name="y_true", owner=owner, ndim=(1, 2))
    y_hat = as_float_array(y_pred, name="y_pred", owner=owner, ndim=(1, 2))
    if y.shape[0] != y_hat.shape[0]:
        raise ValueError(f"{owner}: y_true has {y.shape[0]} samples but y_pred has {y_hat.shape[0]}; "
                         "pass one prediction per target.")
    y = y.reshape(y.shape[0], -1)                                          # (N, T)
    y_hat = y_hat.reshape(y_hat.shape[0], -1)                              # (N, T)
    if y.shape[1] != y_hat.shape[1]:
        raise ValueError(f"{owner}: y_true has {y.shape[1]} output column(s) but y_pred has "
                         f"{y_hat.shape[1]}; they must match.")
    return y, y_hat, _check_sample_weight(sample_weight, y.shape[0], owner)


def _check_sample_weight(sample_weight, n, owner):
    if sample_weight is None:
        return None
    s = as_float_array(sample_weight, name="sample_weight", owner=owner, ndim=1)
    if s.shape[0] != n:
        raise ValueError(f"{owner}: sample_weight has {s.shape[0]} entries but there are {n} samples.")
    if (s < 0).any():
        raise ValueError(f"{owner}: sample_weight contains negative values (min {s.min():g}); "
                         "weights must be >= 0.")
    if s.sum() == 0:
        raise ValueError(f"{owner}: sample_weight sums to zero; at least one sample needs a positive weight.")
    return s


def _combine(scores: np.ndarray, multioutput, owner: str):
    """One score per column -> the array itself, its mean, or a weighted mean."""
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return scores
        if multioutput == "uniform_average":
            return float(np.mean(scores))
        allowed = ", ".join(repr(m) for m in MULTIOUTPUT)
        raise ValueError(f"{owner}: multioutput={multioutput!r} is not supported; choose one of {allowed} "
                         "or pass one weight per output column.")
    if isinstance(multioutput, numbers.Number):
        raise ValueError(f"{owner}: multioutput must be a string or an array of weights, got {multioutput!r}.")
    weights = as_float_array(multioutput, name="multioutput", owner=owner, ndim=1)
    if weights.shape[0] != scores.shape[0]:
        raise ValueError(f"{owner}: multioutput has {weights.shape[0]} weights but there are "
                         f"{scores.shape[0]} output columns.")
    return float(np.average(scores, weights=weights))
