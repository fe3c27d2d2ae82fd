"""Scalers and polynomial features against scikit-learn's."""
import numpy as np

from lucidml.verify.registry import case

_SAME = "the same formulas; scikit-learn accumulates the variance incrementally: rounding, 1e-12"


@case("StandardScaler", reference="sklearn.preprocessing.StandardScaler",
      quantity="transform of unseen rows (fit on the other half)", datasets=["wine", "diabetes", "digits"],
      tol=1e-12, relative=True, reason=_SAME)
def standard_scaler(d):
    from sklearn import preprocessing as skp

    from lucidml.preprocessing import StandardScaler

    X = d.X
    return StandardScaler().fit(X[::2]).transform(X[1::2]), skp.StandardScaler().fit(X[::2]).transform(X[1::2])


@case("MinMaxScaler", reference="sklearn.preprocessing.MinMaxScaler",
      quantity="transform of unseen rows (fit on the other half)", datasets=["wine", "diabetes"],
      tol=1e-12, relative=True, reason=_SAME)
def minmax_scaler(d):
    from sklearn import preprocessing as skp

    from lucidml.preprocessing import MinMaxScaler

    X = d.X
    return MinMaxScaler().fit(X[::2]).transform(X[1::2]), skp.MinMaxScaler().fit(X[::2]).transform(X[1::2])


@case("PolynomialFeatures", reference="sklearn.preprocessing.PolynomialFeatures(3)",
      quantity="every monomial of degree <= 3 (4 features)", datasets=["wine", "iris"], tol=1e-14, relative=True,
      reason="the same products in the same order: equal up to one rounding")
def polynomial_features(d):
    from sklearn import preprocessing as skp

    from lucidml.preprocessing import PolynomialFeatures

    X = np.ascontiguousarray(d.X[:, :4])
    return PolynomialFeatures(3).fit_transform(X), skp.PolynomialFeatures(3).fit_transform(X)
