"""The SMO solver itself: against a general QP solver, KKT at the solution, the cache, the kernels."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lucidml.svm.kernels import KERNEL_ID, kernel_matrix, resolve_gamma
from lucidml.svm.smo import _kernel_row, kkt_violation, smo


def _problem(seed, n=30, D=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, D))
    y = np.where(X[:, 0] + 0.5 * rng.normal(size=n) > 0, 1.0, -1.0)
    return X, y


def test_toy_by_hand():
    # Two points x = 0 (y = −1) and x = 2 (y = +1), linear kernel, C large:
    # Q = [[0, 0], [0, 4]], the constraint forces α₁ = α₂ = a, f(a) = ½·4a² − 2a is
    # smallest at a = ½; then w = ½·2 = 1, ρ = 1 and f(x) = x − 1. One SMO step gets there.
    X = np.array([[0.0], [2.0]])
    y = np.array([-1.0, 1.0])
    r = smo(X, y, -np.ones(2), 100.0, kernel="linear")
    np.testing.assert_allclose(r.alpha, [0.5, 0.5], atol=1e-15)
    assert r.rho == pytest.approx(1.0) and r.n_iter == 1
    assert r.objective == pytest.approx(-0.5)


@pytest.mark.parametrize("kernel", ["linear", "rbf", "poly"])
def test_matches_general_qp_solver(kernel):
    # The dual is a convex QP: SciPy's SLSQP on the same objective finds the same minimum.
    from scipy.optimize import minimize

    X, y = _problem(0, n=20)
    C, gamma = 1.0, 0.5
    r = smo(X, y, -np.ones(20), C, kernel=kernel, gamma=gamma, coef0=1.0, tol=1e-10)
    Q = np.outer(y, y) * kernel_matrix(X, X, kernel, gamma=gamma, coef0=1.0)
    f = lambda a: 0.5 * a @ Q @ a - a.sum()                                       # noqa: E731
    ref = minimize(f, np.zeros(20), jac=lambda a: Q @ a - 1, method="SLSQP", bounds=[(0, C)] * 20,
                   constraints=[{"type": "eq", "fun": lambda a: y @ a, "jac": lambda a: y}],
                   options={"ftol": 1e-14, "maxiter": 1000})
    assert r.objective == pytest.approx(f(r.alpha), rel=1e-10)
    assert r.objective <= ref.fun + 1e-9
    np.testing.assert_allclose(r.alpha, ref.x, atol=1e-4)


@settings(max_examples=25)
@given(st.integers(0, 10_000), st.sampled_from([0.1, 1.0, 10.0]), st.sampled_from(["linear", "rbf", "sigmoid"]),
       st.booleans())
def test_property_kkt_at_solution(seed, C, kernel, shrinking):
    # On exit: 0 ≤ α ≤ C, yᵀα = 0, and the maximal violation m(α) − M(α) < tol.
    X, y = _problem(seed)
    r = smo(X, y, -np.ones(len(y)), C, kernel=kernel, gamma=0.3, tol=1e-4, shrinking=shrinking)
    assert np.all(r.alpha >= 0) and np.all(r.alpha <= C)
    assert abs(y @ r.alpha) < 1e-10 * max(1.0, C * len(y))
    assert kkt_violation(y, r.G, r.alpha, np.full(len(y), C)) < 1e-4
    Q = np.outer(y, y) * kernel_matrix(X, X, kernel, gamma=0.3)
    np.testing.assert_allclose(r.G, Q @ r.alpha - 1.0, atol=1e-9)     # the kept gradient is ∇f


def test_property_objective_decreases_with_iterations():
    # each SMO step solves its two-variable subproblem exactly, so f(α) never increases
    import warnings

    X, y = _problem(1, n=60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")            # the early stops warn, rightly
        values = [smo(X, y, -np.ones(60), 1.0, max_iter=k, tol=1e-6).objective for k in (1, 5, 20, 80, 10_000)]
    assert all(a >= b for a, b in zip(values, values[1:]))


def test_small_cache_gives_the_same_answer():
    # The cache only saves work: with room for 2 rows the iterates are identical.
    X, y = _problem(2, n=200, D=5)
    big = smo(X, y, -np.ones(200), 1.0, cache_size=100.0)
    small = smo(X, y, -np.ones(200), 1.0, cache_size=1e-6)
    np.testing.assert_array_equal(big.alpha, small.alpha)
    assert big.n_iter == small.n_iter


@pytest.mark.parametrize("kernel", ["linear", "poly", "rbf", "sigmoid"])
def test_compiled_kernel_row_matches_matrix(kernel):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 4))
    K = kernel_matrix(X, X, kernel, gamma=0.2, coef0=0.5, degree=3)
    out = np.empty(40)
    for i in (0, 17, 39):
        _kernel_row(X, np.einsum("ij,ij->i", X, X), i, KERNEL_ID[kernel], 0.2, 0.5, 3.0, out)
        np.testing.assert_allclose(out, K[i], rtol=1e-12, atol=1e-12)


def test_kernel_matrix_matches_sklearn():
    from sklearn.metrics.pairwise import linear_kernel, polynomial_kernel, rbf_kernel, sigmoid_kernel

    rng = np.random.default_rng(4)
    X, Z = rng.normal(size=(15, 3)), rng.normal(size=(7, 3))
    np.testing.assert_allclose(kernel_matrix(X, Z, "linear"), linear_kernel(X, Z), rtol=1e-12)
    np.testing.assert_allclose(kernel_matrix(X, Z, "rbf", gamma=0.4), rbf_kernel(X, Z, gamma=0.4), rtol=1e-12)
    np.testing.assert_allclose(kernel_matrix(X, Z, "poly", gamma=0.4, coef0=1.0, degree=2),
                               polynomial_kernel(X, Z, degree=2, gamma=0.4, coef0=1.0), rtol=1e-12)
    np.testing.assert_allclose(kernel_matrix(X, Z, "sigmoid", gamma=0.4, coef0=0.1),
                               sigmoid_kernel(X, Z, gamma=0.4, coef0=0.1), rtol=1e-12)
    assert resolve_gamma("scale", X, "t") == pytest.approx(1 / (3 * X.var()))
    assert resolve_gamma("auto", X, "t") == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="kernel"):
        kernel_matrix(X, Z, "cubic")


def test_readable_path_without_numba_gives_the_same_answer():
    # NUMBA_DISABLE_JIT=1 runs the SMO loop as plain Python (for stepping through it in a
    # debugger); it must reach the same iterates as the compiled loop.
    import json
    import os
    import subprocess
    import sys

    code = ("import json, numpy as np; from lucidml.svm.smo import smo; "
            "rng = np.random.default_rng(0); X = rng.normal(size=(25, 3)); "
            "y = np.where(X[:, 0] > 0, 1.0, -1.0); r = smo(X, y, -np.ones(25), 1.0, gamma=0.5); "
            "print(json.dumps([r.alpha.tolist(), r.rho, r.n_iter]))")
    env = dict(os.environ, NUMBA_DISABLE_JIT="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    alpha, rho, n_iter = json.loads(out.stdout)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(25, 3))
    y = np.where(X[:, 0] > 0, 1.0, -1.0)
    r = smo(X, y, -np.ones(25), 1.0, gamma=0.5)
    np.testing.assert_allclose(alpha, r.alpha, atol=1e-12)
    assert rho == pytest.approx(r.rho, abs=1e-12) and n_iter == r.n_iter


@pytest.mark.parametrize("problem", ["svc", "svr"])
def test_shrinking_reaches_the_same_optimum(problem):
    # Shrinking only skips variables stuck at a bound; after the final unshrink the
    # gradient of every variable is rebuilt exactly (G = Qα + p), and the optimum is the
    # one found without shrinking. 150 points and C = 100 take enough steps for shrinking to run.
    rng = np.random.default_rng(7)
    X = rng.normal(size=(150, 3))
    if problem == "svc":
        y = np.where(X[:, 0] + 0.5 * rng.normal(size=150) > 0, 1.0, -1.0)
        args = (X, y, -np.ones(150), 100.0)
        kw = {}
        sign, rows = y, np.arange(150)
    else:
        z = np.sin(2 * X[:, 0]) + 0.1 * rng.normal(size=150)
        sign, rows = np.r_[np.ones(150), -np.ones(150)], np.r_[np.arange(150), np.arange(150)]
        args = (X, sign, np.r_[0.1 - z, 0.1 + z], 100.0)
        kw = {"rows": rows}
    a = smo(*args, gamma=2.0, tol=1e-4, shrinking=False, **kw)
    b = smo(*args, gamma=2.0, tol=1e-4, shrinking=True, **kw)
    assert b.n_iter > min(len(sign), 1000)          # shrinking first runs at step min(n, 1000)
    Q = np.outer(sign, sign) * kernel_matrix(X, X, "rbf", gamma=2.0)[np.ix_(rows, rows)]
    np.testing.assert_allclose(b.G, Q @ b.alpha + args[2], atol=1e-8)
    assert kkt_violation(sign, b.G, b.alpha, np.full(len(sign), 100.0)) < 1e-4
    assert b.objective == pytest.approx(a.objective, rel=1e-6)
    assert b.rho == pytest.approx(a.rho, abs=1e-3)
