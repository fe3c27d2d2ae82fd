"""Platt scaling and pairwise coupling."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lucidml.svm.platt import couple_pairwise, sigmoid_fit, sigmoid_predict


def test_toy_by_hand():
    # Symmetric decision values and labels: the fitted sigmoid is odd, B = 0, and
    # P(+1 | f = 0) = ½; a positive f must give P(+1) > ½, hence A < 0.
    A, B = sigmoid_fit(np.array([-2.0, -1.0, 1.0, 2.0]), np.array([-1, -1, 1, 1]))
    assert B == pytest.approx(0.0, abs=1e-12) and A < 0
    assert sigmoid_predict(0.0, A, B) == pytest.approx(0.5)


def test_matches_reference():
    # scikit-learn's CalibratedClassifierCV minimises the same smoothed cross-entropy
    # (by L-BFGS rather than Newton): the same (A, B) to 1e-6.
    from sklearn.calibration import _sigmoid_calibration

    rng = np.random.default_rng(0)
    f = rng.normal(size=300) * 2
    y = (f + rng.normal(size=300) > 0).astype(int)
    A, B = sigmoid_fit(f, 2 * y - 1)
    A_ref, B_ref = _sigmoid_calibration(f, y)
    assert A == pytest.approx(A_ref, abs=1e-6) and B == pytest.approx(B_ref, abs=1e-6)


def test_sigmoid_predict_is_stable():
    p = sigmoid_predict(np.array([-1e4, 0.0, 1e4]), -1.0, 0.0)
    np.testing.assert_allclose(p, [0.0, 0.5, 1.0])
    assert np.isfinite(p).all()


@given(st.lists(st.floats(0.01, 1.0), min_size=2, max_size=6))
def test_property_coupling_recovers_consistent_probabilities(weights):
    # If r_ij = p_i / (p_i + p_j) exactly, the minimiser is p itself (zero objective).
    p = np.array(weights) / np.sum(weights)
    R = (p[:, None] / (p[:, None] + p[None, :]))[None]
    np.testing.assert_allclose(couple_pairwise(R)[0], p, atol=1e-10)


def test_coupling_is_a_distribution_for_inconsistent_inputs():
    rng = np.random.default_rng(1)
    K = 4
    R = rng.uniform(0.05, 0.95, size=(50, K, K))
    R = np.triu(R, 1) + np.tril(1 - np.swapaxes(R, 1, 2), -1)     # r_ji = 1 − r_ij
    P = couple_pairwise(R)
    assert np.all(P >= 0)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)
