"""GaussianNB: by hand, against scikit-learn, the estimator contract, properties, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.naive_bayes import GaussianNB
from lucidml.naive_bayes.gaussian import _class_moments, _squared_mahalanobis

sk_nb = pytest.importorskip("sklearn.naive_bayes")


def test_toy_by_hand():
    # class 0: x = 0, 2 -> μ = 1, σ² = ((0-1)² + (2-1)²)/2 = 1
    # class 1: x = 4, 8 -> μ = 6, σ² = (4 + 4)/2 = 4;   π = (½, ½)
    # at x = 3: jll_0 = log ½ − ½ log(2π) − ½ (3−1)²/1 = log ½ − ½ log 2π − 2
    #           jll_1 = log ½ − ½ log(2π·4) − ½ (3−6)²/4 = log ½ − ½ log 2π − log 2 − 9/8
    #  jll_1 − jll_0 = 2 − 9/8 − log 2 = 0.18185 > 0, so x = 3 goes to class 1
    X = np.array([[0.0], [2.0], [4.0], [8.0]])
    nb = GaussianNB(var_smoothing=0.0).fit(X, [0, 0, 1, 1])
    assert nb.theta_.ravel().tolist() == [1.0, 6.0]
    assert nb.var_.ravel().tolist() == [1.0, 4.0]
    jll = nb.predict_joint_log_proba([[3.0]])[0]
    assert jll[1] - jll[0] == pytest.approx(2 - 9 / 8 - np.log(2), abs=1e-14)
    assert nb.predict([[3.0]]).tolist() == [1]
    p1 = 1 / (1 + np.exp(-(2 - 9 / 8 - np.log(2))))
    assert nb.predict_proba([[3.0]])[0, 1] == pytest.approx(p1, abs=1e-14)


@pytest.mark.parametrize("loader", ["load_iris", "load_wine", "load_breast_cancer", "load_digits"])
def test_matches_reference(loader):
    # Same formulas, same data: equal up to rounding (1e-10 relative; the log-probabilities
    # are sums of D terms, so the absolute tolerance scales with their size).
    import sklearn.datasets

    X, y = getattr(sklearn.datasets, loader)(return_X_y=True)
    ours, ref = GaussianNB().fit(X, y), sk_nb.GaussianNB().fit(X, y)
    np.testing.assert_allclose(ours.theta_, ref.theta_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.var_, ref.var_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.class_prior_, ref.class_prior_, rtol=1e-12)
    assert ours.epsilon_ == pytest.approx(ref.epsilon_, rel=1e-10)
    jll, jll_ref = ours.predict_joint_log_proba(X), ref.predict_joint_log_proba(X)
    np.testing.assert_allclose(jll, jll_ref, rtol=1e-10, atol=1e-10 * np.abs(jll_ref).max())
    lp, lp_ref = ours.predict_log_proba(X), ref.predict_log_proba(X)
    np.testing.assert_allclose(lp, lp_ref, rtol=1e-9, atol=1e-9 * max(1.0, np.abs(jll_ref).max()))
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_matches_reference_weighted_and_priors():
    from sklearn.datasets import load_wine

    X, y = load_wine(return_X_y=True)
    w = np.random.default_rng(0).uniform(0.1, 3.0, len(y))
    priors = [0.2, 0.5, 0.3]
    ours = GaussianNB(priors=priors).fit(X, y, sample_weight=w)
    ref = sk_nb.GaussianNB(priors=priors).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(ours.theta_, ref.theta_, rtol=1e-10)
    # ε: we use the weighted variance of the data, scikit-learn the unweighted one; the
    # class variances themselves agree exactly, the smoothed ones to O(var_smoothing).
    np.testing.assert_allclose(ours.var_ - ours.epsilon_, ref.var_ - ref.epsilon_, rtol=1e-10)
    np.testing.assert_allclose(ours.var_, ref.var_, rtol=0, atol=2 * max(ours.epsilon_, ref.epsilon_))
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_partial_fit_equals_fit():
    # The Chan–Golub–LeVeque merge is exact: batches give the one-shot estimates.
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    order = np.random.default_rng(1).permutation(len(y))
    X, y = X[order], y[order]
    whole = GaussianNB().fit(X, y)
    batched = GaussianNB()
    for part in np.array_split(np.arange(len(y)), 7):
        batched.partial_fit(X[part], y[part], classes=[0, 1, 2])
    np.testing.assert_allclose(batched.theta_, whole.theta_, rtol=1e-12)
    np.testing.assert_allclose(batched.var_, whole.var_, rtol=1e-10)
    assert batched.epsilon_ == pytest.approx(whole.epsilon_, rel=1e-10)
    # scikit-learn takes ε from the last batch only; the difference is O(var_smoothing)
    ref = sk_nb.GaussianNB()
    for part in np.array_split(np.arange(len(y)), 7):
        ref.partial_fit(X[part], y[part], classes=[0, 1, 2])
    np.testing.assert_allclose(batched.var_, ref.var_, rtol=1e-8)


@parametrize_with_checks([GaussianNB()])
def test_estimator_api(estimator, check):
    check(estimator)


def test_mahalanobis_kernel_matches_numpy():
    rng = np.random.default_rng(2)
    X, mu, P = rng.normal(size=(30, 4)), rng.normal(size=(3, 4)), rng.uniform(0.5, 2, size=(3, 4))
    out = np.empty((30, 3))
    _squared_mahalanobis(X, mu, P, out)
    slow = (((X[:, None, :] - mu[None, :, :]) ** 2) * P[None]).sum(axis=2)   # (N, C, D) -> (N, C)
    np.testing.assert_allclose(out, slow, rtol=1e-13)


def test_class_moments_kernel_matches_numpy():
    rng = np.random.default_rng(5)
    X, z, w = rng.normal(size=(50, 3)) * 10 + 100, rng.integers(0, 4, 50), rng.uniform(0.1, 2, 50)
    z[z == 3] = 2                                    # class 3 empty: its moments stay 0
    N, mu, s2 = _class_moments(X, z, w, 4)
    for c in range(3):
        rows = z == c
        np.testing.assert_allclose(N[c], w[rows].sum(), rtol=1e-14)
        np.testing.assert_allclose(mu[c], np.average(X[rows], axis=0, weights=w[rows]), rtol=1e-13)
        np.testing.assert_allclose(s2[c], np.average((X[rows] - mu[c]) ** 2, axis=0, weights=w[rows]), rtol=1e-11)
    assert N[3] == 0 and not mu[3].any() and not s2[3].any()


@given(arrays(np.float64, (12, 3), elements=st.floats(-1e3, 1e3).map(lambda v: round(v, 3))))
def test_property_posterior_is_a_distribution(X):
    y = np.arange(12) % 3
    if np.ptp(X, axis=0).max() == 0:          # all constant: refused (see test_bad_input)
        return
    nb = GaussianNB().fit(X, y)
    P = nb.predict_proba(X)
    assert np.all(P >= 0) and np.allclose(P.sum(axis=1), 1.0)
    # the winner of the posterior is the winner of the joint likelihood
    np.testing.assert_array_equal(nb.predict(X), nb.classes_[np.argmax(nb.predict_joint_log_proba(X), axis=1)])


def test_property_constant_feature_is_harmless():
    # A constant feature has σ² = 0 in every class; ε keeps the density finite and the
    # feature adds the same term to every class, so the prediction ignores it.
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 2)) + np.repeat([[0, 0], [3, 3]], 20, axis=0)
    y = np.repeat([0, 1], 20)
    with_const = np.column_stack([X, np.full(40, 5.0)])
    a = GaussianNB().fit(X, y).predict_proba(X)
    b = GaussianNB().fit(with_const, y).predict_proba(with_const)
    assert np.isfinite(b).all()
    np.testing.assert_allclose(a, b, atol=1e-6)


# -- bad input ----------------------------------------------------------------------------
def test_bad_input():
    X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1])
    with pytest.raises(ValueError, match="only one class"):
        GaussianNB().fit(X, [1, 1, 1, 1])
    with pytest.raises(ValueError, match="NaN"):
        GaussianNB().fit([[0.0], [np.nan], [1.0], [2.0]], y)
    with pytest.raises(ValueError, match="infinity"):
        GaussianNB().fit([[0.0], [np.inf], [1.0], [2.0]], y)
    with pytest.raises(ValueError, match="constant in class"):
        GaussianNB().fit(np.ones((4, 2)), y)
    with pytest.raises(ValueError, match="constant in class"):
        GaussianNB(var_smoothing=0.0).fit([[0.0, 1.0], [0.0, 2.0], [1.0, 3.0], [1.0, 5.0]], y)
    with pytest.raises(ValueError, match="var_smoothing"):
        GaussianNB(var_smoothing=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="priors sum"):
        GaussianNB(priors=[0.5, 0.6]).fit(X, y)
    with pytest.raises(ValueError, match="one prior per class"):
        GaussianNB(priors=[1.0]).fit(X, y)
    with pytest.raises(ValueError, match="classes="):
        GaussianNB().partial_fit(X, y)
    nb = GaussianNB().partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match="not one of the classes"):
        nb.partial_fit(X, [0, 0, 2, 2])
    with pytest.raises(ValueError, match="features"):
        nb.predict([[1.0, 2.0]])
    from sklearn.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        GaussianNB().predict(X)
