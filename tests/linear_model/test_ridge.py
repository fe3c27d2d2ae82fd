"""Ridge: by hand, against scikit-learn, solver agreement, shrinkage, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError

from lucidml.linear_model import LinearRegression, Ridge


def test_toy_by_hand():
    # centred x = −1, 0, 1 and y = −1, 1, 3 (ȳ = 1): Σx y_c = (−1)(−2) + 0 + (1)(2) = 4, Σx² = 2
    # w = 4 / (2 + α); α = 2 gives w = 1 and b = ȳ − w x̄ = 1 (the intercept is not shrunk)
    X, y = np.array([[-1.0], [0.0], [1.0]]), np.array([-1.0, 1.0, 3.0])
    for solver in ["auto", "svd", "normal"]:
        model = Ridge(alpha=2.0, solver=solver).fit(X, y)
        assert model.coef_ == pytest.approx([1.0], rel=1e-12)
        assert model.intercept_ == pytest.approx(1.0, rel=1e-12)
    assert Ridge(alpha=0.0).fit(X, y).coef_ == pytest.approx([2.0])       # α = 0: least squares


@pytest.mark.parametrize("alpha", [1e-6, 0.1, 1.0, 100.0])
@pytest.mark.parametrize("solver", ["auto", "svd", "normal"])
def test_matches_reference_diabetes(alpha, solver):
    """Equal to sklearn's Ridge to 1e-8 (relative to the largest coefficient)."""
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import Ridge as SkRidge

    X, y = load_diabetes(return_X_y=True)
    ref = SkRidge(alpha=alpha, solver="svd").fit(X, y)
    model = Ridge(alpha=alpha, solver=solver).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=0, atol=1e-8 * np.abs(ref.coef_).max())
    assert model.intercept_ == pytest.approx(ref.intercept_, rel=1e-8)


def test_matches_reference_random_multioutput_and_no_intercept():
    from sklearn.linear_model import Ridge as SkRidge

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 30)) + 3
    Y = X @ rng.normal(size=(30, 2)) + rng.normal(size=(200, 2))
    for fit_intercept in [True, False]:
        ref = SkRidge(alpha=3.0, fit_intercept=fit_intercept).fit(X, Y)
        model = Ridge(alpha=3.0, fit_intercept=fit_intercept).fit(X, Y)
        np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=1e-8, atol=1e-10)
    wide = rng.normal(size=(10, 40))                                      # more features than samples
    np.testing.assert_allclose(Ridge(alpha=0.5).fit(wide, Y[:10, 0]).coef_,
                               SkRidge(alpha=0.5).fit(wide, Y[:10, 0]).coef_, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_blocked_gram_matches_direct(monkeypatch, fit_intercept):
    # the fast path (centre and multiply a block of rows at a time, on threads) gives the
    # readable path's X_cᵀX_c and X_cᵀY_c
    from lucidml.linear_model import _least_squares as ls

    monkeypatch.setattr(ls, "GRAM_BLOCK", 7 * 200)                     # 200 rows a block: many blocks
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(1999, 5)) + 3.0, rng.normal(size=(1999, 2))
    G, b, x_bar, y_bar = ls._centred_gram(X, Y, fit_intercept)
    X_c, Y_c, x_ref, y_ref = ls._center(X, Y, fit_intercept)
    np.testing.assert_allclose(G, X_c.T @ X_c, rtol=1e-12)
    np.testing.assert_allclose(b, X_c.T @ Y_c, rtol=1e-12, atol=1e-10)
    np.testing.assert_array_equal(x_bar, x_ref)
    np.testing.assert_array_equal(y_bar, y_ref)


def test_auto_falls_back_to_svd_when_ill_conditioned():
    x = np.linspace(0, 1, 20)
    X = np.vander(x, 10, increasing=True)[:, 1:]                          # Vandermonde, cond(XᵀX) ~ 1e14
    t = np.sin(2 * np.pi * x)
    tiny = Ridge(alpha=1e-12).fit(X, t)
    assert tiny.solver_ == "svd"
    assert Ridge(alpha=10.0).fit(X, t).solver_ == "normal"
    # the SVD route agrees with the augmented least-squares problem [X_c; √α I] w ≈ [t_c; 0]
    Xc, tc = X - X.mean(0), t - t.mean()
    A = np.vstack([Xc, np.sqrt(1e-12) * np.eye(9)])
    w, *_ = np.linalg.lstsq(A, np.r_[tc, np.zeros(9)], rcond=None)
    np.testing.assert_allclose(tiny.coef_, w, rtol=1e-6)


@given(st.integers(0, 10_000))
def test_property_shrinkage(seed):
    """‖w‖ decreases as α grows and stays below the least-squares norm."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(30, 4))
    y = X @ rng.normal(size=4) + rng.normal(size=30)
    norms = [np.linalg.norm(Ridge(alpha=a).fit(X, y).coef_) for a in [0.0, 0.1, 1.0, 10.0, 1e3]]
    assert np.all(np.diff(norms) <= 1e-12)
    assert norms[0] == pytest.approx(np.linalg.norm(LinearRegression().fit(X, y).coef_), rel=1e-10)


def test_bad_input():
    X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 2.0, 4.0])
    with pytest.raises(ValueError, match="alpha=-1.0 must be >= 0"):
        Ridge(alpha=-1.0).fit(X, y)
    with pytest.raises(TypeError, match="alpha"):
        Ridge(alpha="big").fit(X, y)
    with pytest.raises(ValueError, match="solver"):
        Ridge(solver="cholesky").fit(X, y)
    with pytest.raises(NotFittedError):
        Ridge().predict(X)
    with pytest.raises(ValueError, match="NaN"):
        Ridge().fit([[1.0], [np.nan]], [1.0, 2.0])
    with pytest.raises(ValueError, match="inconsistent"):
        Ridge().fit(X, y[:2])
