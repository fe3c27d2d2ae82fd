"""Linear models: least squares, polynomial and ridge regression, the Gaussian-noise twin, logistic regression.

SYLLABUS §4 (linear to polynomial regression), §5 (the probabilistic twin) and the logistic
part of §11. Every estimator follows scikit-learn's API; the solves are our own.
"""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "linear_regression": ["LinearRegression"],
    "polynomial": ["PolynomialRegression"],
    "ridge": ["Ridge"],
    "gaussian": ["GaussianLinearRegression"],
    "logistic": ["LogisticRegression"],
})
