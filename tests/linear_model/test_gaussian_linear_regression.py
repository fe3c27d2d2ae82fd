"""GaussianLinearRegression: the probabilistic twin of least squares (SYLLABUS §5)."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError

from lucidml.linear_model import GaussianLinearRegression, LinearRegression
from lucidml.probability import Gaussian


def test_toy_by_hand():
    # x = 0, 1, 2, 3 and t = 0, 2, 2, 4: least squares t ≈ 0.2 + 1.2 x, residuals −0.2, 0.6, −0.6, 0.2
    # 1/β = (0.04 + 0.36 + 0.36 + 0.04) / 4 = 0.2; ln p = −β/2 · 0.8 + 2 ln 5 − 2 ln 2π = −2 + 2 ln 5 − 2 ln 2π
    X, t = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0.0, 2.0, 2.0, 4.0])
    model = GaussianLinearRegression().fit(X, t)
    assert model.coef_ == pytest.approx([1.2]) and model.intercept_ == pytest.approx(0.2)
    assert model.noise_variance_ == pytest.approx(0.2) and model.beta_ == pytest.approx(5.0)
    expected = -2 + 2 * np.log(5) - 2 * np.log(2 * np.pi)
    assert model.log_likelihood(X, t) == pytest.approx(expected, rel=1e-12)
    assert model.log_likelihood_ == pytest.approx(expected, rel=1e-12)
    mean, std = model.predict([[5.0]], return_std=True)
    assert mean == pytest.approx([6.2]) and std == pytest.approx([np.sqrt(0.2)])


def test_matches_reference_statsmodels():
    """statsmodels' OLS log-likelihood is the Gaussian one at (w_ML, σ²_ML = SSR/N)."""
    sm = pytest.importorskip("statsmodels.api")
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    ref = sm.OLS(y, sm.add_constant(X)).fit()
    model = GaussianLinearRegression().fit(X, y)
    np.testing.assert_allclose(np.r_[model.intercept_, model.coef_], ref.params, rtol=1e-9)
    assert model.log_likelihood(X, y) == pytest.approx(ref.llf, rel=1e-12)
    assert model.noise_variance_ == pytest.approx(ref.ssr / len(y), rel=1e-12)
    # and it is a sum of Gaussian log-densities N(t_n | y(x_n), 1/β)
    density = Gaussian(0.0, model.noise_variance_)
    assert model.log_likelihood(X, y) == pytest.approx(density.log_likelihood(y - model.predict(X)), rel=1e-12)


def test_argmax_likelihood_is_argmin_squared_error():
    """w_ML = the least-squares w, and moving w in any direction lowers the likelihood."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    t = X @ np.array([1.0, -2.0, 0.5]) + 0.3 + 0.4 * rng.normal(size=60)
    model = GaussianLinearRegression().fit(X, t)
    ls = LinearRegression().fit(X, t)
    np.testing.assert_allclose(model.coef_, ls.coef_, rtol=1e-12)
    best = model.log_likelihood(X, t)
    for direction in np.vstack([np.eye(3), -np.eye(3)]):
        assert model.log_likelihood(X, t, coef=model.coef_ + 0.01 * direction) < best
    assert model.log_likelihood(X, t, intercept=model.intercept_ + 0.01) < best
    # 1/β_ML = the mean squared residual, and β_ML maximises the likelihood over β
    assert model.noise_variance_ == pytest.approx(np.mean((ls.predict(X) - t) ** 2), rel=1e-12)
    for factor in [0.9, 1.1]:
        assert model.log_likelihood(X, t, beta=model.beta_ * factor) < best


@given(st.integers(0, 10_000))
def test_property_likelihood_is_affine_in_squared_error(seed):
    """At a fixed β, ln p = −β/2 · SSE + const, so ranking w by likelihood = ranking by SSE."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(20, 2))
    t = rng.normal(size=20)
    model = GaussianLinearRegression().fit(X, t)
    w1, w2 = rng.normal(size=2), rng.normal(size=2)
    sse = [np.sum((X @ w - t) ** 2) for w in (w1, w2)]
    ll = [model.log_likelihood(X, t, coef=w, intercept=0.0) for w in (w1, w2)]
    assert ll[0] - ll[1] == pytest.approx(-model.beta_ / 2 * (sse[0] - sse[1]), rel=1e-9, abs=1e-9)


def test_bad_input():
    X, t = np.array([[0.0], [1.0], [2.0]]), np.array([0.0, 1.0, 3.0])
    with pytest.raises(NotFittedError):
        GaussianLinearRegression().predict(X)
    with pytest.raises(ValueError, match="NaN"):
        GaussianLinearRegression().fit([[np.nan], [1.0]], [0.0, 1.0])
    with pytest.raises(ValueError, match="1d|1-D|shape"):
        GaussianLinearRegression().fit(X, np.ones((3, 2)))
    model = GaussianLinearRegression().fit(X, t)
    with pytest.raises(ValueError, match="coef has 2"):
        model.log_likelihood(X, t, coef=[1.0, 2.0])
    with pytest.raises(ValueError, match="beta"):
        model.log_likelihood(X, t, beta=-1.0)
    with pytest.warns(UserWarning, match="exactly"):
        exact = GaussianLinearRegression().fit(X[:2], t[:2])               # a line through two points
    assert exact.beta_ == np.inf and np.isfinite(exact.predict(X)).all()
