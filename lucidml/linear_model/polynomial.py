"""Polynomial regression: least squares (or ridge) on polynomial features.

    y(x, w) = w₀ + w₁ x + w₂ x² + ... + w_M x^M = Σ_{j=0}^{M} w_j x^j

is linear in w, so it is linear regression on φ(x) = (x, x², ..., x^M) (the constant is
the intercept w₀):

    Ẽ(w) = ½ Σ_n {y(x_n, w) − t_n}² + λ/2 Σ_{j>=1} w_j²      (λ = alpha; λ = 0: plain least squares)

The columns x^j of the Vandermonde matrix are nearly parallel on [0, 1] (cond ≈ 1e7 for
M = 9), so the solve goes through QR and the SVD (``Ridge(solver="svd")``), never the
normal equations. With several inputs φ holds every monomial up to total degree M.

Symbols: x (N,) or X (N, D), t = y, M = degree, λ = alpha, w = (w₀, w₁, ..., w_M) = ``w_``.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §1.1.

>>> x = np.array([[0.0], [1.0], [2.0], [3.0]])
>>> model = PolynomialRegression(degree=2).fit(x, 1 + x.ravel() ** 2)    # t = 1 + x²
>>> (model.w_.round(8) + 0.0).tolist()       # + 0.0 turns −0.0 into 0.0
[1.0, 0.0, 1.0]
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.linear_model.ridge import Ridge
from lucidml.preprocessing.polynomial import PolynomialFeatures
from lucidml.utils.validation import check_int, check_real

__all__ = ["PolynomialRegression"]


class PolynomialRegression(RegressorMixin, BaseEstimator):
    """Fit a polynomial of order ``degree`` by (regularised) least squares.

    Parameters
    ----------
    degree : int >= 0, the order M
    alpha : float >= 0, λ of the penalty λ/2 ‖w‖² on w₁..w_M

    Attributes: ``features_`` (the fitted PolynomialFeatures), ``model_`` (the fitted Ridge),
    ``coef_`` (w₁..w_M for one input), ``intercept_`` (w₀), ``w_`` = (w₀, w₁, ..., w_M).
    """

    def __init__(self, degree=3, *, alpha=0.0):
        self.degree = degree
        self.alpha = alpha

    def fit(self, X, y):
        name = type(self).__name__
        M = check_int(self.degree, name="degree", owner=name, minimum=0)
        check_real(self.alpha, name="alpha", owner=name, minimum=0.0)
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
        if M == 0:                                                          # y(x, w) = w₀ = mean of t
            self.features_, self.model_ = None, None
            self.coef_, self.intercept_ = np.zeros(0), float(np.mean(y))
        else:
            self.features_ = PolynomialFeatures(degree=M, include_bias=False).fit(X)
            Phi = self.features_.transform(X)                               # (N, n_monomials)
            self.model_ = Ridge(alpha=self.alpha, solver="svd").fit(Phi, y)
            self.coef_, self.intercept_ = self.model_.coef_, self.model_.intercept_
        self.w_ = np.concatenate([[self.intercept_], self.coef_])
        return self

    def predict(self, X):
        """y(x, w) = w₀ + Σ_j w_j φ_j(x)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        if self.features_ is None:
            return np.full(X.shape[0], self.intercept_)
        return self.features_.transform(X) @ self.coef_ + self.intercept_
