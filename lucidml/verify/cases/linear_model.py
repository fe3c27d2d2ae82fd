"""§4-§5 and the logistic neuron of §11: lucidml.linear_model against scikit-learn and statsmodels."""
import numpy as np

from lucidml.verify.cases._common import scaled
from lucidml.verify.registry import case


@case("LinearRegression", reference="sklearn.linear_model.LinearRegression",
      quantity="intercept and coefficients", datasets=["diabetes", "linnerud", "wine_alcohol"], tol=1e-8, relative=True,
      reason="both solve least squares by an orthogonal factorisation; cond(X) ~ 20: 1e-8 of the largest w")
def linear_regression(d):
    from sklearn import linear_model as sk

    from lucidml.linear_model import LinearRegression

    ours, ref = LinearRegression().fit(d.X, d.y), sk.LinearRegression().fit(d.X, d.y)
    return np.r_[ours.intercept_, ours.coef_], np.r_[ref.intercept_, ref.coef_]


@case("LinearRegression", reference="sklearn.linear_model.LinearRegression",
      quantity="predictions, normal-equations solver", datasets=["diabetes", "linnerud", "wine_alcohol"], tol=1e-8,
      relative=True, reason="(XᵀX) w = Xᵀy squares the condition number of the centred X (20 for diabetes and "
             "linnerud, 3.5e3 for wine): ~1e-16 · cond² of the largest prediction, within 1e-8")
def linear_regression_normal(d):
    from sklearn import linear_model as sk

    from lucidml.linear_model import LinearRegression

    return (LinearRegression(solver="normal").fit(d.X, d.y).predict(d.X),
            sk.LinearRegression().fit(d.X, d.y).predict(d.X))


@case("Ridge", reference="sklearn.linear_model.Ridge(solver='svd')", quantity="intercept and coefficients (α = 1)",
      datasets=["diabetes", "linnerud", "wine_alcohol"], tol=1e-8, relative=True,
      reason="(XᵀX + αI) w = Xᵀy solved two ways: 1e-8 of the largest w")
def ridge(d):
    from sklearn import linear_model as sk

    from lucidml.linear_model import Ridge

    ours, ref = Ridge(alpha=1.0).fit(d.X, d.y), sk.Ridge(alpha=1.0, solver="svd").fit(d.X, d.y)
    return np.r_[ours.intercept_, ours.coef_], np.r_[ref.intercept_, ref.coef_]


@case("PolynomialRegression", reference="sklearn PolynomialFeatures(3) + Ridge(α = 0.01)",
      quantity="predictions on two inputs", datasets=["diabetes", "linnerud", "wine_alcohol"], tol=1e-8, relative=True,
      reason="the same ridge problem on the same monomials: 1e-8 of the largest prediction")
def polynomial_regression(d):
    from sklearn.linear_model import Ridge as SkRidge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures as SkPF

    from lucidml.linear_model import PolynomialRegression

    X = d.X[:, [2, 3]] if d.X.shape[1] > 3 else d.X[:, :2]
    ref = make_pipeline(SkPF(3, include_bias=False), SkRidge(alpha=0.01, solver="svd")).fit(X, d.y)
    return PolynomialRegression(degree=3, alpha=0.01).fit(X, d.y).predict(X), ref.predict(X)


@case("GaussianLinearRegression", reference="statsmodels OLS .llf", quantity="log-likelihood ln p(t | X, w_ML, β_ML)",
      datasets=["diabetes", "linnerud", "wine_alcohol"], tol=1e-12, relative=True,
      reason="the same closed form −N/2 (ln 2π σ² + 1) at the same fit: rounding only", requires=["statsmodels"])
def gaussian_linear_regression(d):
    import statsmodels.api as sm

    from lucidml.linear_model import GaussianLinearRegression

    model = GaussianLinearRegression().fit(d.X, d.y)
    return model.log_likelihood(d.X, d.y), sm.OLS(d.y, sm.add_constant(d.X)).fit().llf


@case("LogisticRegression", reference="sklearn.linear_model.LogisticRegression(tol=1e-10)",
      quantity="intercepts and coefficients (C = 1)", datasets=["iris", "wine", "breast_cancer"], tol=1e-4,
      reason="a strictly convex objective with one optimum: the gap is lbfgs' stopping error (~1e-6)")
def logistic_regression(d):
    from sklearn import linear_model as sk

    from lucidml.linear_model import LogisticRegression

    X = scaled(d)
    ours = LogisticRegression(C=1.0).fit(X, d.y)
    ref = sk.LogisticRegression(C=1.0, tol=1e-10, max_iter=20_000).fit(X, d.y)
    return np.c_[ours.intercept_, ours.coef_], np.c_[ref.intercept_, ref.coef_]
