"""LogisticRegression: by hand, against scikit-learn, Newton paths, gradient descent, bad input."""
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import ConvergenceWarning, NotFittedError

import lucidml.linear_model.logistic as logistic
from lucidml.linear_model import LogisticRegression
from lucidml.metrics import log_loss


def test_toy_by_hand():
    # Two points x = −1 (class 0) and x = 1 (class 1), no penalty on b and weight C:
    # by symmetry b = 0 and p(1 | x=1) = σ(w). The objective C Σ ℓ + w²/2 = 2C ln(1 + e^−w) + w²/2
    # has zero derivative where w = 2C σ(−w); for C = 1 that is w = 2 σ(−w) → w ≈ 0.6931... solve below.
    X, y = np.array([[-1.0], [1.0]]), np.array([0, 1])
    model = LogisticRegression(C=1.0).fit(X, y)
    w = model.coef_[0, 0]
    assert w == pytest.approx(2 / (1 + np.exp(w)), rel=1e-10)             # the stationarity condition
    assert model.intercept_[0] == pytest.approx(0.0, abs=1e-12)
    p = model.predict_proba([[1.0]])[0]
    assert p[1] == pytest.approx(1 / (1 + np.exp(-w)), rel=1e-12) and p.sum() == pytest.approx(1.0)
    assert model.decision_function([[2.0]]) == pytest.approx([2 * w])
    assert model.predict([[-3.0], [3.0]]).tolist() == [0, 1]


def _scaled(name):
    from sklearn import datasets
    from sklearn.preprocessing import StandardScaler

    X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
    return (StandardScaler().fit_transform(X) if name != "iris" else X), y


@pytest.mark.parametrize("name", ["breast_cancer", "iris", "wine"])
@pytest.mark.parametrize("C", [0.1, 1.0])
def test_matches_reference(name, C):
    """Coefficients equal sklearn's (run to tol=1e-10) to 1e-4; both reach the unique optimum of a
    strictly convex objective, so the gap is sklearn's lbfgs stopping error, ~1e-6 here."""
    from sklearn.linear_model import LogisticRegression as SkLR

    X, y = _scaled(name)
    ref = SkLR(C=C, tol=1e-10, max_iter=20_000).fit(X, y)
    model = LogisticRegression(C=C).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_, atol=1e-4)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, atol=1e-4)
    np.testing.assert_allclose(model.predict_proba(X), ref.predict_proba(X), atol=1e-5)
    assert (model.predict(X) == ref.predict(X)).mean() > 0.995
    assert model.coef_.shape == ref.coef_.shape and model.intercept_.shape == ref.intercept_.shape
    assert model.n_iter_ < 30                                               # Newton: a handful of steps
    np.testing.assert_allclose(np.exp(model.predict_log_proba(X)), model.predict_proba(X), rtol=1e-12)


def test_matches_reference_digits_conjugate_gradient_path():
    """Digits has 65 × 10 = 650 parameters, so Newton solves H d = ∇J by conjugate gradients.

    sklearn's lbfgs needs minutes to reach 1e-10 here, so it runs to tol=1e-6 (86 iterations):
    its coefficients are then within ~1e-3 of the optimum, and its objective can only be higher."""
    from sklearn.linear_model import LogisticRegression as SkLR

    X, y = _scaled("digits")
    assert X.shape[1] * 10 + 10 > logistic.FULL_HESSIAN_MAX
    ref = SkLR(C=1.0, tol=1e-6, max_iter=5_000).fit(X, y)
    model = LogisticRegression(C=1.0).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_, atol=5e-3)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, atol=2e-2)

    def objective(m):                                   # J = mean log-loss + ‖W‖² / (2CN)
        return log_loss(y, m.predict_proba(X)) + np.sum(m.coef_ ** 2) / (2 * len(y))

    assert objective(model) <= objective(ref) + 1e-12


@pytest.mark.parametrize("name", ["wine", "breast_cancer"])
def test_full_hessian_and_conjugate_gradients_agree(monkeypatch, name):
    """The fast path (Hessian-vector products) and the readable path (the full Hessian) give one answer."""
    X, y = _scaled(name)
    monkeypatch.setattr(logistic, "FULL_HESSIAN_MAX", 10**6)
    full = LogisticRegression(C=0.5, tol=1e-12).fit(X, y)
    monkeypatch.setattr(logistic, "FULL_HESSIAN_MAX", 0)
    cg = LogisticRegression(C=0.5, tol=1e-12).fit(X, y)
    np.testing.assert_allclose(cg.coef_, full.coef_, atol=1e-9)
    np.testing.assert_allclose(cg.intercept_, full.intercept_, atol=1e-9)


def test_hessian_vector_matches_full_hessian():
    rng = np.random.default_rng(0)
    X1 = np.hstack([rng.normal(size=(40, 3)), np.ones((40, 1))])
    for K, T in [(1, (rng.uniform(size=(40, 1)) > 0.5) * 1.0), (4, np.eye(4)[rng.integers(0, 4, 40)])]:
        problem = logistic._Problem(X1, T, 0.1, np.array([True, True, True, False]))
        theta = rng.normal(size=(4, K))
        P = problem.probabilities(theta)
        V = rng.normal(size=(4, K))
        Hv = (problem.hessian(P) @ V.ravel(order="F")).reshape((4, K), order="F")
        np.testing.assert_allclose(problem.hessian_vector(P, V), Hv, rtol=1e-12, atol=1e-14)
        # and the gradient is the derivative of the loss (central differences)
        g = problem.gradient(theta, P)
        E = np.zeros_like(theta)
        E[1, 0] = 1e-6
        numeric = (problem.loss(theta + E) - problem.loss(theta - E)) / 2e-6
        assert numeric == pytest.approx(g[1, 0], rel=1e-6, abs=1e-9)


def test_no_penalty_matches_reference():
    from sklearn.linear_model import LogisticRegression as SkLR

    X, y = _scaled("iris")
    X, y = X[y > 0][:, :2], y[y > 0]                     # versicolor vs virginica by sepal: overlapping
    ref = SkLR(C=np.inf, tol=1e-12, max_iter=50_000).fit(X, y)
    model = LogisticRegression(penalty=None).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_, atol=1e-4)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, atol=1e-4)


def test_gradient_descent_reaches_the_newton_solution():
    X, y = _scaled("breast_cancer")
    newton = LogisticRegression(C=1.0).fit(X, y)
    gd = LogisticRegression(C=1.0, solver="gd", max_iter=20_000, tol=1e-6).fit(X, y)
    np.testing.assert_allclose(gd.coef_, newton.coef_, atol=1e-2)
    assert gd.loss_curve_[-1] == pytest.approx(newton.loss_curve_[-1], abs=1e-6)
    assert np.all(np.diff(gd.loss_curve_) <= 1e-12)                         # η = 1/L never overshoots
    assert np.all(np.diff(newton.loss_curve_) <= 0)                         # the line search never climbs


def test_string_labels_and_classes_order():
    X, y = _scaled("iris")
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    model = LogisticRegression().fit(X, names)
    assert model.classes_.tolist() == ["setosa", "versicolor", "virginica"]
    assert (model.predict(X) == names).mean() > 0.95


@given(st.integers(0, 10_000))
def test_property_probabilities(seed):
    rng = np.random.default_rng(seed)
    K = int(rng.integers(2, 5))
    X = rng.normal(size=(30, 3))
    y = np.arange(30) % K
    model = LogisticRegression(C=float(rng.uniform(0.1, 10))).fit(X, y)
    P = model.predict_proba(X)
    assert np.allclose(P.sum(axis=1), 1) and (P >= 0).all()
    assert np.array_equal(model.predict(X), model.classes_[P.argmax(axis=1)])
    if K > 2:
        assert abs(model.intercept_.sum()) < 1e-8                         # the symmetric solution


def test_bad_input():
    X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1])
    with pytest.raises(ValueError, match="only one class"):
        LogisticRegression().fit(X, np.zeros(4))
    with pytest.raises(ValueError, match="C=-1.0 must be > 0"):
        LogisticRegression(C=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="C=0.0"):
        LogisticRegression(C=0.0).fit(X, y)
    with pytest.raises(ValueError, match="penalty"):
        LogisticRegression(penalty="l1").fit(X, y)
    with pytest.raises(ValueError, match="solver"):
        LogisticRegression(solver="lbfgs").fit(X, y)
    with pytest.raises(ValueError, match="multi_class"):
        LogisticRegression(multi_class="ovr").fit(X, y)
    with pytest.raises(ValueError, match="continuous|Unknown label"):
        LogisticRegression().fit(X, [0.5, 1.5, 0.2, 0.1])
    with pytest.raises(ValueError, match="NaN"):
        LogisticRegression().fit([[np.nan], [1.0]], [0, 1])
    with pytest.raises(NotFittedError):
        LogisticRegression().predict(X)
    with pytest.warns(ConvergenceWarning, match="max_iter=1"):
        LogisticRegression(max_iter=1).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        separable = LogisticRegression(penalty=None, max_iter=30).fit(X, y)
    assert np.isfinite(separable.coef_).all()                               # never NaN
