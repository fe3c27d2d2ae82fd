"""Linear models: least squares, polynomial and ridge regression, the Gaussian-noise twin, logistic regression.

SYLLABUS §4 (linear to polynomial regression), §5 (the probabilistic twin) and the logistic
part of §11. Every estimator follows scikit-learn's API; the solves are our own.
"""
from lucidml.linear_model.gaussian import GaussianLinearRegression
from lucidml.linear_model.linear_regression import LinearRegression
from lucidml.linear_model.logistic import LogisticRegression
from lucidml.linear_model.polynomial import PolynomialRegression
from lucidml.linear_model.ridge import Ridge

__all__ = ["LinearRegression", "PolynomialRegression", "Ridge", "GaussianLinearRegression", "LogisticRegression"]
