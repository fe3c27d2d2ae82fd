"""Input normalisation: standardisation and min-max scaling, one feature (column) at a time.

    StandardScaler   z_ij = (x_ij − μ_j) / σ_j,   μ_j = (1/N) Σ_i x_ij,
                     σ_j² = (1/N) Σ_i (x_ij − μ_j)²   (the population variance)
    MinMaxScaler     z_ij = a + (x_ij − m_j) (b − a) / (M_j − m_j),
                     m_j = min_i x_ij, M_j = max_i x_ij, (a, b) = feature_range

A constant feature (σ_j = 0 or M_j = m_j) is divided by 1 instead of 0, so it maps to 0
(or to a). The statistics come from the training data only: fitting a scaler on all the
data before splitting lets the validation rows shape the training features (leakage), so
inside cross-validation the scaler goes into a Pipeline and is refitted on every
training fold.

Symbols: X (N, D); μ = mean_, σ = scale_, σ² = var_.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §12.1.3 (standardising the data);
Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §7.10.2 (the wrong way to cross-validate).

>>> X = np.array([[0., 10.], [2., 10.], [4., 10.]])
>>> StandardScaler().fit_transform(X)[:, 0].round(4).tolist()
[-1.2247, 0.0, 1.2247]
>>> MinMaxScaler().fit_transform(X).tolist()
[[0.0, 0.0], [0.5, 0.0], [1.0, 0.0]]
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["StandardScaler", "MinMaxScaler"]


class StandardScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Shift each feature to mean 0 and scale it to variance 1: z = (x − μ) / σ.

    Parameters
    ----------
    with_mean : subtract μ (default True)
    with_std : divide by σ (default True)
    copy : False lets ``transform`` overwrite a float64 input in place

    Attributes: ``mean_`` (None only if neither with_mean nor with_std), ``var_`` and
    ``scale_`` (None if not with_std), ``n_samples_seen_``, ``n_features_in_``.
    """

    def __init__(self, *, copy=True, with_mean=True, with_std=True):
        self.copy = copy
        self.with_mean = with_mean
        self.with_std = with_std

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64)
        mu = X.mean(axis=0)                                   # μ_j
        var = ((X - mu) ** 2).mean(axis=0)                    # σ_j², two-pass (no cancellation)
        self.n_samples_seen_ = X.shape[0]
        self.mean_ = mu if (self.with_mean or self.with_std) else None   # as in scikit-learn
        self.var_ = var if self.with_std else None
        self.scale_ = _nonzero(np.sqrt(var), mu) if self.with_std else None
        return self

    def transform(self, X, copy=None):
        check_is_fitted(self, "n_samples_seen_")
        copy = self.copy if copy is None else copy
        X = validate_data(self, X, dtype=np.float64, reset=False, copy=copy)
        if self.with_mean:
            X -= self.mean_
        if self.with_std:
            X /= self.scale_
        return X

    def inverse_transform(self, X, copy=None):
        """x = z σ + μ."""
        check_is_fitted(self, "n_samples_seen_")
        copy = self.copy if copy is None else copy
        X = validate_data(self, X, dtype=np.float64, reset=False, copy=copy)
        if self.with_std:
            X *= self.scale_
        if self.with_mean:
            X += self.mean_
        return X


class MinMaxScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Map each feature's training range [m, M] linearly onto ``feature_range`` = (a, b).

    z = x · scale_ + min_  with  scale_ = (b − a) / (M − m)  and  min_ = a − m · scale_.
    Values outside the training range land outside (a, b) unless ``clip=True``.

    Attributes: ``data_min_``, ``data_max_``, ``data_range_``, ``scale_``, ``min_``,
    ``n_samples_seen_``, ``n_features_in_``.
    """

    def __init__(self, feature_range=(0, 1), *, copy=True, clip=False):
        self.feature_range = feature_range
        self.copy = copy
        self.clip = clip

    def fit(self, X, y=None):
        a, b = _check_range(self.feature_range)
        X = validate_data(self, X, dtype=np.float64)
        m, M = X.min(axis=0), X.max(axis=0)
        self.data_min_, self.data_max_, self.data_range_ = m, M, M - m
        self.scale_ = (b - a) / _nonzero(M - m, M)            # (b − a) / (M − m)
        self.min_ = a - m * self.scale_                       # so that m ↦ a
        self.n_samples_seen_ = X.shape[0]
        return self

    def transform(self, X):
        check_is_fitted(self, "scale_")
        X = validate_data(self, X, dtype=np.float64, reset=False, copy=self.copy)
        X *= self.scale_
        X += self.min_
        if self.clip:
            np.clip(X, self.feature_range[0], self.feature_range[1], out=X)
        return X

    def inverse_transform(self, X):
        """x = (z − min_) / scale_."""
        check_is_fitted(self, "scale_")
        X = validate_data(self, X, dtype=np.float64, reset=False, copy=self.copy)
        X -= self.min_
        X /= self.scale_
        return X


def _nonzero(spread, level):
    """Replace a (numerically) zero spread by 1, so a constant feature is not divided by 0.

    "Zero" allows for rounding: a spread below 10 ε · max(1, |level|) is the noise of
    floating-point arithmetic on a constant column, not a real spread.
    """
    eps = 10 * np.finfo(np.float64).eps
    tiny = spread < eps * np.maximum(1.0, np.abs(level))
    return np.where(tiny, 1.0, spread)


def _check_range(feature_range):
    try:
        a, b = feature_range
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        raise ValueError(f"MinMaxScaler: feature_range must be a pair (min, max) of numbers, "
                         f"got {feature_range!r}.") from None
    if not a < b:
        raise ValueError(f"MinMaxScaler: feature_range={feature_range!r} needs min < max, e.g. (0, 1).")
    return a, b
