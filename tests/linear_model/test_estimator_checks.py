"""Every linear model passes scikit-learn's estimator checks."""
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.linear_model import (
    GaussianLinearRegression,
    LinearRegression,
    LogisticRegression,
    PolynomialRegression,
    Ridge,
)
from lucidml.preprocessing.polynomial import PolynomialFeatures


@parametrize_with_checks([LinearRegression(), LinearRegression(solver="normal"), LinearRegression(solver="gd"),
                          Ridge(), Ridge(solver="svd"), PolynomialRegression(degree=2), GaussianLinearRegression(),
                          LogisticRegression(), PolynomialFeatures()])
def test_estimator_api(estimator, check):
    check(estimator)
