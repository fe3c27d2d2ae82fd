"""LinearRegression: by hand, against scikit-learn, the three solvers, properties, bad input."""
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.linalg import LinAlgWarning
from sklearn.exceptions import ConvergenceWarning, NotFittedError

from lucidml.linear_model import LinearRegression

SOLVERS = ["lstsq", "normal", "gd"]


@pytest.mark.parametrize("solver", SOLVERS)
def test_toy_by_hand(solver):
    # x = 0, 1, 2 and y = 1, 2, 4: x̄ = 1, ȳ = 7/3, Σ(x − x̄)(y − ȳ) = (−1)(−4/3) + 0 + (1)(5/3) = 3,
    # Σ(x − x̄)² = 2, so w = 3/2 and b = ȳ − w x̄ = 7/3 − 3/2 = 5/6
    X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 2.0, 4.0])
    model = LinearRegression(solver=solver, tol=1e-12).fit(X, y)
    assert model.coef_ == pytest.approx([1.5], rel=1e-9)
    assert model.intercept_ == pytest.approx(5 / 6, rel=1e-9)
    assert model.predict([[4.0]]) == pytest.approx([5 / 6 + 6], rel=1e-9)
    # without an intercept: w = Σxy / Σx² = (0 + 2 + 8) / 5 = 2
    assert LinearRegression(fit_intercept=False, solver=solver, tol=1e-12).fit(X, y).coef_ == pytest.approx([2.0])


@pytest.mark.parametrize("solver, rtol", [("lstsq", 1e-10), ("normal", 1e-8), ("gd", 1e-4)])
def test_matches_reference_diabetes(solver, rtol):
    """lstsq and the normal equations agree with sklearn to 1e-8 or better; cond(X) of diabetes is ~ 20,
    so the normal equations lose only ~3 digits. GD stops at a relative gradient of 1e-8, which bounds the
    relative error of w by cond(XᵀX) · 1e-8 ≈ 1e-5."""
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import LinearRegression as SkLR

    X, y = load_diabetes(return_X_y=True)
    ref = SkLR().fit(X, y)
    model = LinearRegression(solver=solver, max_iter=50_000).fit(X, y)
    scale = np.abs(ref.coef_).max()
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=0, atol=rtol * scale)
    assert model.intercept_ == pytest.approx(ref.intercept_, rel=rtol)
    np.testing.assert_allclose(model.predict(X), ref.predict(X), rtol=rtol)
    if solver == "gd":
        assert np.all(np.diff(model.loss_curve_) <= 1e-9 * model.loss_curve_[0])   # E never increases
        assert model.n_iter_ == len(model.loss_curve_)


def test_matches_reference_random_multioutput():
    from sklearn.linear_model import LinearRegression as SkLR

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 12)) * rng.uniform(0.1, 10, 12) + 5     # uneven scales, offset columns
    Y = X @ rng.normal(size=(12, 3)) + rng.normal(size=(300, 3))
    ref = SkLR().fit(X, Y)
    for solver in ["lstsq", "normal"]:
        model = LinearRegression(solver=solver).fit(X, Y)
        np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=1e-8)
    no_b = LinearRegression(fit_intercept=False).fit(X, Y)
    np.testing.assert_allclose(no_b.coef_, SkLR(fit_intercept=False).fit(X, Y).coef_, rtol=1e-8, atol=1e-10)


def test_gd_converges_to_lstsq_solution():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 5))
    y = X @ np.arange(1.0, 6.0) + 0.1 * rng.normal(size=200)
    exact = LinearRegression().fit(X, y)
    gd = LinearRegression(solver="gd", tol=1e-10).fit(X, y)
    # relative gradient 1e-10 and cond(XᵀX) ≈ 2 bound the relative error of w by ~ 1e-9
    np.testing.assert_allclose(gd.coef_, exact.coef_, rtol=1e-8)
    slow = LinearRegression(solver="gd", learning_rate=0.01, tol=1e-10, max_iter=20_000).fit(X, y)
    np.testing.assert_allclose(slow.coef_, exact.coef_, rtol=1e-8)
    assert slow.n_iter_ > gd.n_iter_                                     # a smaller step needs more steps


def test_collinear_and_constant_columns_give_minimum_norm():
    rng = np.random.default_rng(2)
    x = rng.normal(size=50)
    X = np.column_stack([x, x, np.ones(50)])                              # duplicate and constant columns
    y = 3 * x + 1
    for solver in ["lstsq", "normal"]:
        with pytest.warns(LinAlgWarning, match="minimum-norm"):
            model = LinearRegression(solver=solver).fit(X, y)
        # the minimum-norm split of w = 3 over two equal columns is 1.5 each; the constant column gets 0
        np.testing.assert_allclose(model.coef_, [1.5, 1.5, 0.0], atol=1e-10)
        assert model.intercept_ == pytest.approx(1.0)
        assert np.isfinite(model.predict(X)).all()
    with pytest.warns(LinAlgWarning):
        assert LinearRegression().fit(X, y).rank_ == 1


def test_normal_equations_warn_when_ill_conditioned():
    x = np.linspace(0, 1, 30)
    X = np.vander(x, 9, increasing=True)[:, 1:]                           # x .. x⁸: cond(XᵀX) ~ 1e13
    with pytest.warns(LinAlgWarning, match="ill-conditioned"):
        LinearRegression(solver="normal").fit(X, np.sin(x))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LinearRegression().fit(X, np.sin(x))                              # the QR route does not complain


def test_gd_warns_and_diverges_clearly():
    X, y = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.5], [3.0, 2.0]]), np.array([1.0, 2.0, 4.0, 3.0])
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):
        LinearRegression(solver="gd", max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match="diverged"):
        LinearRegression(solver="gd", learning_rate=100.0).fit(X, y)


@given(st.integers(0, 10_000))
def test_property_residuals_orthogonal_to_columns(seed):
    """At the least-squares solution the residual is orthogonal to every column and sums to zero."""
    rng = np.random.default_rng(seed)
    N, D = rng.integers(5, 40), rng.integers(1, 5)
    X = rng.normal(size=(N, D)) * 10.0 ** rng.uniform(-2, 2, D)
    y = rng.normal(size=N) * 10
    r = y - LinearRegression().fit(X, y).predict(X)
    scale = np.linalg.norm(X, axis=0) * np.linalg.norm(y)
    assert np.all(np.abs(X.T @ r) <= 1e-9 * scale)
    assert abs(r.sum()) <= 1e-9 * np.sqrt(N) * np.linalg.norm(y)


def test_bad_input():
    X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 2.0, 4.0])
    with pytest.raises(NotFittedError):
        LinearRegression().predict(X)
    with pytest.raises(ValueError, match="NaN"):
        LinearRegression().fit([[np.nan], [1.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="infinity|inf"):
        LinearRegression().fit(X, [1.0, np.inf, 2.0])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        LinearRegression().fit(X, [1.0, 2.0])
    with pytest.raises(ValueError, match="solver"):
        LinearRegression(solver="qr").fit(X, y)
    with pytest.raises(ValueError, match="learning_rate"):
        LinearRegression(solver="gd", learning_rate=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        LinearRegression().fit(X, y).predict([[1.0, 2.0]])
    with pytest.raises(ValueError):
        LinearRegression().fit([["a"], ["b"]], [1.0, 2.0])
    with pytest.raises(ValueError, match="0 sample"):
        LinearRegression().fit(np.empty((0, 1)), np.empty(0))
