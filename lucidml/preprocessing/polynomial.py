"""Polynomial features: every monomial of the inputs up to a given total degree.

For one input x and degree M the features are the columns of the Vandermonde matrix

    φ(x) = (1, x, x², ..., x^M)

so a linear model on φ(x) is the polynomial y(x, w) = Σ_{j=0}^{M} w_j x^j of Bishop §1.1.
For D inputs the features are all products x_1^{p_1} ··· x_D^{p_D} with p_1 + ... + p_D <= M,
ordered by degree and then lexicographically, as scikit-learn orders them:

    D = 2, M = 2:  1, x₁, x₂, x₁², x₁x₂, x₂²

Each degree-d column is built from a degree-(d−1) column times one input, so no power is
computed twice. ``powers_`` (n_output_features, D) lists the exponents p of every column.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §1.1, §3.1.

>>> PolynomialFeatures(degree=3).fit_transform([[2.0]]).tolist()
[[1.0, 2.0, 4.0, 8.0]]
>>> PolynomialFeatures(degree=2, include_bias=False).fit([[0.0, 0.0]]).get_feature_names_out().tolist()
['x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']
"""
from __future__ import annotations

from itertools import combinations_with_replacement

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import _check_feature_names_in, check_is_fitted, validate_data

from lucidml.utils.validation import check_int

__all__ = ["PolynomialFeatures"]


class PolynomialFeatures(TransformerMixin, BaseEstimator):
    """Map x (N, D) to all monomials of total degree <= ``degree`` (with the constant 1 if ``include_bias``).

    Parameters
    ----------
    degree : int >= 0, the highest total degree M
    include_bias : bool, keep the degree-0 column of ones

    Attributes: ``powers_`` (n_output_features_, D), ``n_output_features_``, ``n_features_in_``.
    """

    def __init__(self, degree=2, *, include_bias=True):
        self.degree = degree
        self.include_bias = include_bias

    def fit(self, X, y=None):
        M = check_int(self.degree, name="degree", owner="PolynomialFeatures", minimum=0)
        X = validate_data(self, X, dtype=np.float64)
        if M == 0 and not self.include_bias:
            raise ValueError("PolynomialFeatures: degree=0 with include_bias=False leaves no features; "
                             "use degree >= 1 or include_bias=True.")
        self._combinations = _monomials(X.shape[1], M, self.include_bias)
        powers = np.zeros((len(self._combinations), X.shape[1]), dtype=np.int64)
        for row, combo in enumerate(self._combinations):
            np.add.at(powers[row], list(combo), 1)
        self.powers_ = powers
        self.n_output_features_ = powers.shape[0]
        return self

    def transform(self, X):
        """Φ (N, n_output_features_): column j is Π_d x_d^{powers_[j, d]}."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        N = X.shape[0]
        Phi = np.empty((N, self.n_output_features_))
        column_of = {}                       # monomial (as a tuple of input indices) -> its column
        for j, combo in enumerate(self._combinations):
            if len(combo) == 0:
                Phi[:, j] = 1.0                                             # x⁰ = 1
            elif len(combo) == 1:
                Phi[:, j] = X[:, combo[0]]
            else:
                Phi[:, j] = Phi[:, column_of[combo[:-1]]] * X[:, combo[-1]]  # one more factor
            column_of[combo] = j
        return Phi

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self)
        names = _check_feature_names_in(self, input_features)
        out = []
        for p in self.powers_:
            terms = [names[d] if k == 1 else f"{names[d]}^{k}" for d, k in enumerate(p) if k > 0]
            out.append(" ".join(terms) if terms else "1")
        return np.asarray(out, dtype=object)


def _monomials(D: int, M: int, include_bias: bool) -> list[tuple[int, ...]]:
    """Index tuples (d₁ <= d₂ <= ...) of every monomial, by degree then lexicographically."""
    start = 0 if include_bias else 1
    return [combo for degree in range(start, M + 1)
            for combo in combinations_with_replacement(range(D), degree)]
