"""Silhouette: by hand, scikit-learn to 1e-10, blocked = direct, bad input."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from lucidml.metrics import silhouette_samples, silhouette_score


def test_toy_by_hand():
    # Point 0: a = d(0, 1) = 1, b = mean(10, 11) = 10.5, s = (10.5 − 1) / 10.5 = 19/21.
    # Point 1: a = 1, b = mean(9, 10) = 9.5, s = 8.5 / 9.5 = 17/19. A singleton gets s = 0.
    X = [[0.], [1.], [10.], [11.]]
    np.testing.assert_allclose(silhouette_samples(X, [0, 0, 1, 1]), [19 / 21, 17 / 19, 17 / 19, 19 / 21])
    s = silhouette_samples([[0.], [1.], [10.]], ["a", "a", "b"])
    assert s[2] == 0.0


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
@pytest.mark.parametrize("dataset", ["iris", "wine", "breast_cancer"])
def test_matches_reference(dataset, metric):
    from sklearn import datasets, metrics

    X, y = getattr(datasets, f"load_{dataset}")(return_X_y=True)
    np.testing.assert_allclose(silhouette_samples(X, y, metric=metric),
                               metrics.silhouette_samples(X, y, metric=metric), rtol=1e-10, atol=1e-10)
    assert silhouette_score(X, y, metric=metric) == pytest.approx(
        metrics.silhouette_score(X, y, metric=metric), abs=1e-10)


@given(st.integers(0, 10_000), st.integers(2, 5))
def test_property_blocked_equals_direct(seed, K):
    # the blocked, threaded computation equals the formula applied to the full matrix
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(40, 3))
    z = np.arange(40) % K
    D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    a = np.array([D[i, z == z[i]].sum() / ((z == z[i]).sum() - 1) for i in range(40)])
    b = np.array([min(D[i, z == k].mean() for k in range(K) if k != z[i]) for i in range(40)])
    np.testing.assert_allclose(silhouette_samples(X, z, n_jobs=2), (b - a) / np.maximum(a, b), rtol=1e-10)
    assert np.all(np.abs(silhouette_samples(X, z)) <= 1)


def test_bad_input():
    X = np.random.default_rng(0).normal(size=(5, 2))
    with pytest.raises(ValueError, match="between 2 and n_samples"):
        silhouette_score(X, [0] * 5)
    with pytest.raises(ValueError, match="between 2 and n_samples"):
        silhouette_score(X, [0, 1, 2, 3, 4])
    with pytest.raises(ValueError, match="one entry per row"):
        silhouette_score(X, [0, 1])
    with pytest.raises(ValueError, match="NaN"):
        silhouette_score([[0.], [np.nan], [1.]], [0, 1, 1])
