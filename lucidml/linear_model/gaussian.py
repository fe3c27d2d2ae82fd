"""The probabilistic twin of least squares: Gaussian noise on a linear model.

Each target is the model's output plus Gaussian noise of precision β (variance 1/β):

    p(t | x, w, β) = N(t | y(x, w), β⁻¹),       y(x, w) = xᵀ w + b

and for N independent points the log-likelihood is

    ln p(t | X, w, β) = −β/2 Σ_n {y(x_n, w) − t_n}² + N/2 ln β − N/2 ln(2π).

w enters only through the sum of squares, with a minus sign, so the w that maximises the
likelihood is the least-squares w. Setting ∂/∂β to zero then gives

    1/β_ML = (1/N) Σ_n {y(x_n, w_ML) − t_n}²      (the mean squared residual)

and the predictive distribution p(t | x) = N(t | y(x, w_ML), 1/β_ML): a mean and a
standard deviation σ = β_ML^(−1/2) for every prediction.

Symbols: X (N, D), t = y (N,), w = coef_, b = intercept_, β = beta_.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §1.2.5, §3.1.1.

>>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
>>> t = np.array([0.0, 2.0, 2.0, 4.0])       # least squares: t ≈ 0.2 + 1.2 x
>>> model = GaussianLinearRegression().fit(X, t)
>>> model.coef_.round(6).tolist(), round(model.noise_variance_, 6)   # residuals −.2, .6, −.6, .2
([1.2], 0.2)
"""
from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.linear_model._least_squares import _qr_reduce, _svd_solve

__all__ = ["GaussianLinearRegression"]


class GaussianLinearRegression(RegressorMixin, BaseEstimator):
    """Maximum-likelihood linear regression with Gaussian noise of precision β.

    Parameters
    ----------
    fit_intercept : bool

    Attributes: ``coef_`` (D,), ``intercept_``, ``beta_`` (β_ML), ``noise_variance_`` (1/β_ML),
    ``log_likelihood_`` (at the fitted parameters on the training data), ``n_features_in_``.
    """

    def __init__(self, *, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X, t = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
        R_x, c, x_bar, t_bar = _qr_reduce(X, t[:, None], self.fit_intercept)
        W, _, _ = _svd_solve(R_x, c, 0.0, type(self).__name__)            # w_ML = least squares
        self.coef_ = W[:, 0]
        self.intercept_ = float(t_bar[0] - x_bar @ self.coef_)
        r = X @ self.coef_ + self.intercept_ - t                            # y(x_n, w) − t_n
        self.noise_variance_ = float(np.mean(r ** 2))                       # 1/β_ML
        if self.noise_variance_ <= (100 * np.finfo(np.float64).eps) ** 2 * np.mean(t ** 2):  # rounding level
            self.noise_variance_ = 0.0
            warnings.warn("GaussianLinearRegression: the model fits the data exactly (to rounding), so "
                          "1/β_ML = 0 and the likelihood is unbounded; add data or use fewer features.",
                          UserWarning, stacklevel=2)
            self.beta_ = np.inf
            self.log_likelihood_ = np.inf
        else:
            self.beta_ = 1.0 / self.noise_variance_
            self.log_likelihood_ = _log_likelihood(r, self.beta_)
        return self

    def predict(self, X, return_std=False):
        """Predictive mean y(x, w_ML) = xᵀ w + b, and with ``return_std`` also σ = β_ML^(−1/2) per point."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        mean = X @ self.coef_ + self.intercept_
        if return_std:
            return mean, np.full(X.shape[0], np.sqrt(self.noise_variance_))
        return mean

    def log_likelihood(self, X, y, coef=None, intercept=None, beta=None):
        """ln p(t | X, w, β) = −β/2 Σ_n (y(x_n, w) − t_n)² + N/2 ln β − N/2 ln 2π.

        At the fitted w and β unless ``coef``/``intercept``/``beta`` are given, so the
        likelihood of other parameters can be compared with the maximum.
        """
        check_is_fitted(self)
        X, t = validate_data(self, X, y, dtype=np.float64, y_numeric=True, reset=False)
        w = self.coef_ if coef is None else np.asarray(coef, dtype=np.float64).reshape(-1)
        b = self.intercept_ if intercept is None else float(intercept)
        beta = self.beta_ if beta is None else float(beta)
        if w.shape[0] != X.shape[1]:
            raise ValueError(f"GaussianLinearRegression.log_likelihood: coef has {w.shape[0]} entries but X "
                             f"has {X.shape[1]} features.")
        if not (beta > 0 and np.isfinite(beta)):
            raise ValueError(f"GaussianLinearRegression.log_likelihood: beta={beta} must be a finite positive "
                             "precision (an exact fit has none).")
        return _log_likelihood(X @ w + b - t, beta)


def _log_likelihood(r, beta):
    """−β/2 Σ r² + N/2 ln β − N/2 ln 2π for residuals r."""
    N = r.shape[0]
    return float(-beta / 2 * np.sum(r ** 2) + N / 2 * np.log(beta) - N / 2 * np.log(2 * np.pi))
