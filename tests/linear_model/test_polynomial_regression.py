"""PolynomialRegression: by hand, against numpy.polynomial, the ill-conditioned M = 9 fit, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lucidml.linear_model import PolynomialRegression


def test_toy_by_hand():
    # three points determine a parabola: t = 1 − x + 2x² through x = 0, 1, 2 (t = 1, 2, 7)
    x, t = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 2.0, 7.0])
    model = PolynomialRegression(degree=2).fit(x, t)
    np.testing.assert_allclose(model.w_, [1.0, -1.0, 2.0], atol=1e-12)
    np.testing.assert_allclose(model.predict([[3.0]]), [16.0])
    # M = 0 is the mean t̄ = 10/3; M = 1 the least-squares line: x̄ = 1,
    # w₁ = Σ(x − x̄)(t − t̄) / Σ(x − x̄)² = ((−1)(−7/3) + (1)(11/3)) / 2 = 3, w₀ = t̄ − w₁ x̄ = 1/3
    assert PolynomialRegression(degree=0).fit(x, t).w_.tolist() == [pytest.approx(10 / 3)]
    assert PolynomialRegression(degree=1).fit(x, t).w_ == pytest.approx([1 / 3, 3.0])


@pytest.mark.parametrize("M", [1, 3, 6, 9])
def test_matches_reference_numpy_polynomial(M):
    """The M = 9 fit to 10 points interpolates them through a Vandermonde matrix with cond ≈ 1e7-1e8;
    QR + SVD keeps the coefficients to ~1e-7 relative (cond · eps · a small factor)."""
    from numpy.polynomial import polynomial as P

    x = np.linspace(0, 1, 10)
    t = np.sin(2 * np.pi * x) + 0.3 * np.random.default_rng(0).normal(size=10)
    model = PolynomialRegression(degree=M).fit(x[:, None], t)
    ref = P.polyfit(x, t, M)
    ref_lstsq, *_ = np.linalg.lstsq(np.vander(x, M + 1, increasing=True), t, rcond=None)
    np.testing.assert_allclose(model.w_, ref, rtol=1e-6, atol=1e-6 * np.abs(ref).max())
    np.testing.assert_allclose(model.w_, ref_lstsq, rtol=1e-6, atol=1e-6 * np.abs(ref).max())
    if M == 9:
        np.testing.assert_allclose(model.predict(x[:, None]), t, atol=1e-8)   # E(w*) = 0


def test_matches_reference_sklearn_pipeline_two_inputs():
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import Ridge as SkRidge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures as SkPF

    X, y = load_diabetes(return_X_y=True)
    X = X[:, [2, 3]]
    ref = make_pipeline(SkPF(3, include_bias=False), SkRidge(alpha=0.01, solver="svd")).fit(X, y)
    model = PolynomialRegression(degree=3, alpha=0.01).fit(X, y)
    np.testing.assert_allclose(model.predict(X), ref.predict(X), rtol=1e-8)


@given(st.integers(1, 6), st.integers(0, 1000))
def test_property_training_error_falls_with_degree(M, seed):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0, 1, 12))[:, None]
    t = np.sin(2 * np.pi * x[:, 0]) + 0.3 * rng.normal(size=12)
    sse = [np.sum((PolynomialRegression(degree=m).fit(x, t).predict(x) - t) ** 2) for m in (M, M + 1)]
    assert sse[1] <= sse[0] + 1e-9 * (1 + sse[0])                        # nested models: never worse


def test_regularisation_tames_the_coefficients():
    x = np.linspace(0, 1, 10)[:, None]
    t = np.sin(2 * np.pi * x[:, 0]) + 0.3 * np.random.default_rng(1).normal(size=10)
    free = np.abs(PolynomialRegression(degree=9).fit(x, t).coef_).max()
    tamed = np.abs(PolynomialRegression(degree=9, alpha=np.exp(-18)).fit(x, t).coef_).max()
    assert free > 1e4 and tamed < free / 10


def test_bad_input():
    x, t = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 2.0, 7.0])
    with pytest.raises(ValueError, match="degree=-1 must be >= 0"):
        PolynomialRegression(degree=-1).fit(x, t)
    with pytest.raises(TypeError, match="degree"):
        PolynomialRegression(degree=2.5).fit(x, t)
    with pytest.raises(ValueError, match="alpha"):
        PolynomialRegression(alpha=-1.0).fit(x, t)
    with pytest.raises(ValueError, match="NaN"):
        PolynomialRegression().fit([[np.nan], [1.0]], [1.0, 2.0])
