"""explain.svm: the steps reproduce the estimator and the hand computation."""
import numpy as np
import pytest

from lucidml import explain
from lucidml.svm import SVC


def test_toy_by_hand():
    # Max-margin line x₁ = 1 between {(0,0), (0,1)} and {(2,0), (2,1)}: w = (1, 0), b = −1,
    # width 2/‖w‖ = 2, and f(1.5, 0.5) = 0.5 > 0 -> "yes".
    s = explain.svm([[0, 0], [0, 1], [2, 0], [2, 1]], ["no", "no", "yes", "yes"], [1.5, 0.5], C=10.0)
    assert s.answer == "yes"
    linear = next(step for step in s.steps if "w" in step.values)
    np.testing.assert_allclose(linear.values["w"], [1.0, 0.0], atol=1e-12)
    assert linear.values["b"] == pytest.approx(-1.0)
    assert linear.values["margin width"] == pytest.approx(2.0)
    decision = next(step for step in s.steps if "f(x)" in step.values)
    assert decision.values["f(x)"] == pytest.approx(0.5)


@pytest.mark.parametrize("kernel", ["linear", "rbf", "poly"])
def test_matches_estimator(kernel):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(20, 2))
    y = np.where(X[:, 0] * X[:, 1] > 0, "same", "diff")
    s = explain.svm(X, y, [0.3, -0.2], kernel=kernel, C=2.0)
    svc = SVC(kernel=kernel, C=2.0).fit(X, y)
    decision = next(step for step in s.steps if "f(x)" in step.values)
    assert decision.values["f(x)"] == pytest.approx(svc.decision_function([[0.3, -0.2]])[0], abs=1e-12)
    assert s.answer == svc.predict([[0.3, -0.2]])[0]
    alpha = next(step for step in s.steps if "α" in step.values).values["α"]
    assert np.all(alpha >= 0) and np.all(alpha <= 2.0)
    np.testing.assert_array_equal(np.flatnonzero(alpha > 0), np.sort(svc.support_))
    assert "support vector" in s.to_text()


def test_bad_input():
    X = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]
    with pytest.raises(ValueError, match="two-class"):
        explain.svm(X, ["a", "b", "c"], [1, 1])
    with pytest.raises(ValueError, match="C=0.0"):
        explain.svm(X, ["a", "b", "b"], [1, 1], C=0.0)
    with pytest.raises(ValueError, match="kernel"):
        explain.svm(X, ["a", "b", "b"], [1, 1], kernel="cubic")
    with pytest.raises(ValueError, match="features"):
        explain.svm(X, ["a", "b", "b"], [1, 1, 1])
