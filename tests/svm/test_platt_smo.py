"""The readable SMO (lucidml.svm.platt_smo, solver="platt") against the compiled one (lucidml.svm.smo):
by hand, the same optimum, the same decision functions and support vectors, the estimator contract."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml import explain
from lucidml.svm import SVC, SVR
from lucidml.svm.kernels import kernel_matrix
from lucidml.svm.platt_smo import smo_platt
from lucidml.svm.smo import kkt_violation, smo


def _scaled(name, seed=0):
    import sklearn.datasets
    from sklearn.preprocessing import StandardScaler

    X, y = getattr(sklearn.datasets, f"load_{name}")(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    if name == "diabetes":
        y = (y - y.mean()) / y.std()
    return train_test_split(X, y, test_size=0.3, random_state=seed)


def test_toy_by_hand():
    # x = 0 (y = −1), x = 2 (y = +1), linear kernel: E_i − E_j = y_i G_i − y_j G_j = 1 − (−1) = 2
    # for i = 0 (G = p = −1 at α = 0), η = K_00 + K_11 − 2 K_01 = 0 + 4 − 0 = 4, so one step moves
    # α_1 by y_1 (E_0 − E_1)/η = ... = ½ and α_0 with it: α = (½, ½), b = y_t G_t = 1, f(x) = x − 1.
    X = np.array([[0.0], [2.0]])
    y = np.array([-1.0, 1.0])
    r = smo_platt(X, y, -np.ones(2), 100.0, kernel="linear")
    np.testing.assert_allclose(r.alpha, [0.5, 0.5], atol=1e-15)
    assert r.rho == 1.0 and r.n_iter == 1 and r.converged and r.objective == pytest.approx(-0.5)
    # with C = 0.2 the box stops the step at the bound: α = (0.2, 0.2), both at C, so no free α and
    # b is the middle of the interval the KKT conditions allow. G = Qα − 1 with Q = [[0, 0], [0, 4]]:
    # G = (−1, −0.2), y G = (1, −0.2); x = 0 (at C, y < 0) needs b <= 1, x = 2 (at C, y > 0) b >= −0.2.
    r = smo_platt(X, y, -np.ones(2), 0.2, kernel="linear")
    np.testing.assert_allclose(r.alpha, [0.2, 0.2], atol=1e-15)
    assert r.rho == pytest.approx(0.4, abs=1e-15)
    assert smo(X, y, -np.ones(2), 0.2, kernel="linear").rho == pytest.approx(0.4, abs=1e-15)   # libsvm's rule too


def test_same_optimum_as_the_fast_solver():
    # the same QP solved by both to tol = 1e-8: objective to 1e-9 relative, α to 1e-5 (the
    # minimiser is unique: an RBF Gram matrix of distinct points is positive definite)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = np.where(X[:, 0] + 0.5 * rng.normal(size=40) > 0, 1.0, -1.0)
    fast = smo(X, y, -np.ones(40), 1.0, kernel="rbf", gamma=0.5, tol=1e-8)
    slow = smo_platt(X, y, -np.ones(40), 1.0, kernel="rbf", gamma=0.5, tol=1e-8)
    assert slow.objective == pytest.approx(fast.objective, rel=1e-9)
    np.testing.assert_allclose(slow.alpha, fast.alpha, atol=1e-5)
    assert slow.rho == pytest.approx(fast.rho, abs=1e-6)


# Both solvers stop when m(α) − M(α) < tol, so both α are within O(tol) of the optimum and the
# decision values differ by O(tol): measured at most 1.0e-3 (SVC) and 3.4e-3 (linear SVR) of max |f|
# at tol = 1e-3, and at most 1.3e-6 at tol = 1e-6. The sigmoid kernel is left out: it is not positive
# semi-definite, the dual is not convex, and the two solvers may stop at different local optima.
CASES = [("iris", "rbf"), ("iris", "linear"), ("wine", "poly"), ("wine", "rbf"), ("breast_cancer", "rbf"),
         ("breast_cancer", "poly")]


@pytest.mark.parametrize("name,kernel", CASES)
def test_svc_decision_function_matches_fast_solver(name, kernel):
    Xtr, Xte, ytr, yte = _scaled(name)
    for tol, rtol in [(1e-3, 5e-3), (1e-6, 1e-5)]:
        fast = SVC(kernel=kernel, tol=tol, decision_function_shape="ovo").fit(Xtr, ytr)
        slow = SVC(kernel=kernel, tol=tol, decision_function_shape="ovo", solver="platt").fit(Xtr, ytr)
        f_fast, f_slow = fast.decision_function(Xte), slow.decision_function(Xte)
        np.testing.assert_allclose(f_slow, f_fast, rtol=0, atol=rtol * np.abs(f_fast).max())
        np.testing.assert_array_equal(slow.predict(Xte), fast.predict(Xte))
    # at tol = 1e-6 the support vectors are the same points (and an RBF solution is unique)
    np.testing.assert_array_equal(np.sort(slow.support_), np.sort(fast.support_))
    np.testing.assert_array_equal(slow.n_support_, fast.n_support_)


@pytest.mark.parametrize("kernel", ["rbf", "poly", "linear"])
def test_svr_prediction_matches_fast_solver(kernel):
    Xtr, Xte, ytr, yte = _scaled("diabetes")
    n = 120 if kernel == "linear" else len(ytr)          # the linear SVR needs many steps of the simple solver
    tol = 1e-3 if kernel == "linear" else 1e-6
    fast = SVR(kernel=kernel, tol=tol).fit(Xtr[:n], ytr[:n])
    slow = SVR(kernel=kernel, tol=tol, solver="platt").fit(Xtr[:n], ytr[:n])
    f_fast = fast.predict(Xte)
    np.testing.assert_allclose(slow.predict(Xte), f_fast, rtol=0,
                               atol=(5e-3 if tol == 1e-3 else 1e-5) * np.abs(f_fast).max())
    np.testing.assert_array_equal(np.sort(slow.support_), np.sort(fast.support_))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.1, 1.0, 10.0]), st.sampled_from(["linear", "rbf", "poly"]))
def test_property_kkt_at_solution(seed, C, kernel):
    # on exit: 0 ≤ α ≤ C, yᵀα = 0, m(α) − M(α) < tol, and the kept G is ∇f = Qα − 1
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(30, 3))
    y = np.where(X[:, 0] + 0.5 * rng.normal(size=30) > 0, 1.0, -1.0)
    if np.unique(y).size < 2:
        return
    r = smo_platt(X, y, -np.ones(30), C, kernel=kernel, gamma=0.3, coef0=1.0, tol=1e-4)
    assert r.converged and np.all(r.alpha >= 0) and np.all(r.alpha <= C)
    assert abs(y @ r.alpha) < 1e-10 * max(1.0, C * 30)
    assert kkt_violation(y, r.G, r.alpha, np.full(30, C)) < 1e-4
    Q = np.outer(y, y) * kernel_matrix(X, X, kernel, gamma=0.3, coef0=1.0)
    np.testing.assert_allclose(r.G, Q @ r.alpha - 1.0, atol=1e-9)


def test_property_objective_decreases_every_step():
    # every Platt step minimises f along a feasible line, so f never increases
    Xtr, _, ytr, _ = _scaled("breast_cancer")
    y = np.where(ytr == 1, 1.0, -1.0)
    objectives = []
    for m in [1, 2, 5, 20, 100, 400]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            objectives.append(smo_platt(Xtr, y, -np.ones(len(y)), 1.0, kernel="rbf", gamma=0.05, max_iter=m).objective)
    assert np.all(np.diff(objectives) <= 1e-12)


def test_explainer_with_the_readable_solver():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(20, 2))
    y = np.where(X[:, 0] * X[:, 1] > 0, "same", "diff")
    fast = explain.svm(X, y, [0.3, -0.2], kernel="rbf", C=2.0)
    slow = explain.svm(X, y, [0.3, -0.2], kernel="rbf", C=2.0, solver="platt")
    assert slow.answer == fast.answer and "most violating pair" in slow.to_text()
    f = [next(s for s in sol.steps if "f(x)" in s.values).values["f(x)"] for sol in (fast, slow)]
    assert f[1] == pytest.approx(f[0], abs=1e-2 * max(1.0, abs(f[0])))       # tol = 1e-3: see above
    svc = SVC(kernel="rbf", C=2.0, solver="platt").fit(X, y)
    assert f[1] == pytest.approx(svc.decision_function([[0.3, -0.2]])[0], abs=1e-12)


def test_max_iter_warns_and_bad_solver():
    Xtr, _, ytr, _ = _scaled("breast_cancer")
    with pytest.warns(ConvergenceWarning, match="solver='platt'.*max_iter=5"):
        SVC(max_iter=5, solver="platt").fit(Xtr, ytr)
    with pytest.raises(ValueError, match="solver='fast' is not supported"):
        SVC(solver="fast").fit(Xtr, ytr)
    with pytest.raises(ValueError, match="solver='smo' is not supported"):
        SVR(solver="smo").fit(Xtr, Xtr[:, 0])
    with pytest.raises(ValueError, match="solver"):
        explain.svm([[0.0], [1.0]], ["a", "b"], [0.5], solver="fast")


@parametrize_with_checks([SVC(solver="platt"), SVR(solver="platt")])
def test_estimator_api(estimator, check):
    check(estimator)
