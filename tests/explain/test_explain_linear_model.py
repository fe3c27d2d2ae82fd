"""Explainers for least squares, the Gaussian likelihood and a logistic-regression step."""
import numpy as np
import pytest

from lucidml import explain
from lucidml.linear_model import GaussianLinearRegression, LinearRegression, LogisticRegression


def test_linear_regression_by_hand():
    # x = 1..4, y = 2, 4, 5, 4: XᵀX = [[4, 10], [10, 30]], Xᵀy = [15, 41], w = (2, 0.7), E = ½·2.3
    s = explain.linear_regression([1, 2, 3, 4], [2, 4, 5, 4])
    np.testing.assert_allclose(s.steps[1].values["XᵀX"], [[4, 10], [10, 30]])
    np.testing.assert_allclose(s.steps[1].values["Xᵀy"], [15, 41])
    np.testing.assert_allclose(s.answer, [2.0, 0.7], atol=1e-12)
    assert s.steps[-1].values["E"] == pytest.approx(1.15)
    assert "ŷ = 2 + 0.7·x" in s.to_text() and "XᵀX" in s.to_markdown() and "<" in s.to_html()


def test_linear_regression_matches_estimator_on_diabetes():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    s = explain.linear_regression(X[:50, :3], y[:50])
    model = LinearRegression().fit(X[:50, :3], y[:50])
    np.testing.assert_allclose(s.answer, np.r_[model.intercept_, model.coef_], rtol=1e-10)


def test_mle_gaussian_matches_estimator():
    x, t = np.array([0.0, 1.0, 2.0, 3.0, 4.0]), np.array([0.1, 1.9, 2.2, 3.8, 4.3])
    s = explain.mle_gaussian(x, t)                                          # w = least squares
    model = GaussianLinearRegression().fit(x[:, None], t)
    assert s.answer == pytest.approx(model.log_likelihood(x[:, None], t), rel=1e-12)
    assert s.steps[1].values["β_ML"] == pytest.approx(model.beta_, rel=1e-12)
    # with a given quadratic w the residuals are y(x, w) − t
    s2 = explain.mle_gaussian(x, t, [0.0, 1.0, 0.0])
    np.testing.assert_allclose(s2.steps[0].values["r"], x - t)


def test_logistic_step_by_hand_and_against_the_estimator():
    s = explain.logistic_step([-1, 1], [0, 1], [0, 0], learning_rate=0.5)
    np.testing.assert_allclose(s.steps[1].values["p"], [0.5, 0.5])
    np.testing.assert_allclose(s.steps[3].values["∇E"], [0.0, -1.0])
    np.testing.assert_allclose(s.answer, [0.0, 0.5])
    assert s.steps[-1].values["E(w_new)"] < s.steps[2].values["E(w)"]
    # many steps of the explainer converge to the unpenalised logistic regression
    rng = np.random.default_rng(0)
    x = rng.normal(size=40)
    y = (x + rng.normal(size=40) > 0).astype(int)
    w = np.zeros(2)
    for _ in range(400):
        w = explain.logistic_step(x, y, w, learning_rate=0.05).answer
    model = LogisticRegression(penalty=None).fit(x[:, None], y)
    np.testing.assert_allclose(w, [model.intercept_[0], model.coef_[0, 0]], atol=1e-4)


def test_bad_input():
    with pytest.raises(ValueError, match="points"):
        explain.linear_regression([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="singular"):
        explain.linear_regression([2, 2, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="at least 2"):
        explain.linear_regression([1], [1])
    with pytest.raises(ValueError, match="NaN"):
        explain.mle_gaussian([1, np.nan], [1, 2])
    with pytest.raises(ValueError, match="every point"):
        explain.mle_gaussian([0, 1], [0, 1], [0, 1])
    with pytest.raises(ValueError, match="0 and 1"):
        explain.logistic_step([1, 2], [0, 2], [0, 0])
    with pytest.raises(ValueError, match="w needs 2"):
        explain.logistic_step([1, 2], [0, 1], [0, 0, 0])
    with pytest.raises(ValueError, match="learning_rate"):
        explain.logistic_step([1, 2], [0, 1], [0, 0], learning_rate=0)
