"""SVR: by hand, against scikit-learn, the estimator contract, properties, bad input."""
import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.svm import SVR

sk_svm = pytest.importorskip("sklearn.svm")


def _diabetes():
    from sklearn.datasets import load_diabetes
    from sklearn.preprocessing import StandardScaler

    X, y = load_diabetes(return_X_y=True)
    return StandardScaler().fit_transform(X), (y - y.mean()) / y.std()


def test_toy_by_hand():
    # Points on y = x at x = 0..3 with ε = 0.1 and a hard tube (large C): the flattest
    # line within ε of all four passes 0.1 above (0, 0) and 0.1 below (3, 3):
    # w = (3 − 0.2) / 3 = 0.9333, b = 0.1; only the two ends touch the tube.
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    svr = SVR(kernel="linear", C=100.0, epsilon=0.1).fit(X, [0.0, 1.0, 2.0, 3.0])
    np.testing.assert_allclose(svr.coef_, [[2.8 / 3]], atol=1e-12)
    np.testing.assert_allclose(svr.intercept_, [0.1], atol=1e-12)
    assert svr.support_.tolist() == [0, 3]
    # a wide tube (ε ≥ half the range of y) needs no slope at all: f = mean of the extremes
    flat = SVR(kernel="linear", C=100.0, epsilon=2.0).fit(X, [0.0, 1.0, 2.0, 3.0])
    np.testing.assert_allclose(flat.predict(X), 1.5 * np.ones(4), atol=1e-12)


@pytest.mark.parametrize("C", [0.1, 1.0])
def test_matches_reference_rbf(C):
    # As for SVC: the same SMO path up to float32 rounding in libsvm; agreement to 1e-3.
    X, y = _diabetes()
    ours, ref = SVR(C=C).fit(X, y), sk_svm.SVR(C=C).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), atol=1e-3)
    np.testing.assert_array_equal(ours.support_, ref.support_)
    np.testing.assert_allclose(ours.dual_coef_, ref.dual_coef_, atol=1e-2 * C)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-3)


@pytest.mark.slow
@pytest.mark.parametrize("kernel", ["linear", "poly", "sigmoid"])
def test_matches_reference_other_kernels(kernel):
    X, y = _diabetes()
    args = dict(kernel=kernel, C=1.0, tol=1e-8)
    ours, ref = SVR(**args).fit(X, y), sk_svm.SVR(**args).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), atol=1e-4)
    np.testing.assert_array_equal(ours.support_, ref.support_)


def test_property_tube_conditions():
    # At the solution (Smola & Schölkopf 2004, §1.3): |y_i − f(x_i)| < ε ⇒ β_i = 0 (inside the
    # tube, not a support vector); 0 < |β_i| < C ⇒ |y_i − f(x_i)| = ε (on the tube);
    # |y_i − f(x_i)| > ε ⇒ |β_i| = C (outside). And Σ β_i = 0.
    X, y = _diabetes()
    svr = SVR(C=1.0, epsilon=0.2, tol=1e-6).fit(X, y)
    r = np.abs(y - svr.predict(X))
    beta = np.zeros(len(y))
    beta[svr.support_] = svr.dual_coef_[0]
    free = (np.abs(beta) > 0) & (np.abs(beta) < svr.C)
    assert np.all(beta[r < 0.2 - 1e-5] == 0)
    np.testing.assert_allclose(r[free], 0.2, atol=1e-5)
    np.testing.assert_allclose(np.abs(beta[r > 0.2 + 1e-5]), svr.C)
    assert abs(beta.sum()) < 1e-9


def test_property_wider_tube_fewer_support_vectors():
    X, y = _diabetes()
    counts = [len(SVR(epsilon=e).fit(X, y).support_) for e in (0.05, 0.3, 1.0)]
    assert counts[0] > counts[1] > counts[2]


@parametrize_with_checks([SVR(), SVR(kernel="linear")])
def test_estimator_api(estimator, check):
    check(estimator)


# -- bad input ----------------------------------------------------------------------------
@pytest.mark.parametrize("params, match", [
    (dict(C=0.0), "C=0.0 must be > 0"),
    (dict(epsilon=-0.1), "epsilon"),
    (dict(kernel="laplace"), "kernel='laplace' is not supported"),
    (dict(gamma=0.0), "gamma"),
])
def test_bad_parameters(params, match):
    X, y = _diabetes()
    with pytest.raises(ValueError, match=match):
        SVR(**params).fit(X[:50], y[:50])


def test_bad_data():
    with pytest.raises(ValueError, match="NaN"):
        SVR().fit([[0.0], [np.nan]], [0.0, 1.0])
    with pytest.raises(ValueError, match="NaN"):
        SVR().fit([[0.0], [1.0]], [0.0, np.nan])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        SVR().fit([[0.0], [1.0]], [0.0, 1.0, 2.0])
    # a single sample or a constant target is a valid (if dull) problem: f = that value
    np.testing.assert_allclose(SVR().fit([[1.0]], [2.5]).predict([[0.0], [4.0]]), 2.5)
