"""DBSCAN: toy by hand, identical labels to scikit-learn, grid = brute = naive, API, bad input."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.cluster import DBSCAN
from lucidml.cluster.dbscan import _brute_neighbourhoods, _grid_neighbourhoods


def test_toy_by_hand():
    # eps = 1.1, min_samples = 3, four points on a line 1 apart. Point 0 has neighbours {0, 1}
    # (2 < 3: not core), point 1 has {0, 1, 2} (core), point 2 has {1, 2, 3} (core), point 3
    # has {2, 3}: points 1, 2 are core and 0, 3 are border points of the same cluster.
    # Points 4, 5 are 1 apart but far from everything else: 2 neighbours each, noise.
    X = np.array([[0., 0.], [1., 0.], [2., 0.], [3., 0.], [10., 10.], [10., 11.]])
    db = DBSCAN(eps=1.1, min_samples=3).fit(X)
    assert db.labels_.tolist() == [0, 0, 0, 0, -1, -1]
    assert db.core_sample_indices_.tolist() == [1, 2]
    np.testing.assert_array_equal(db.components_, X[1:3])
    # With min_samples = 2 the far pair becomes a second cluster.
    assert DBSCAN(eps=1.1, min_samples=2).fit_predict(X).tolist() == [0, 0, 0, 0, 1, 1]


def _datasets():
    from sklearn import datasets

    moons = datasets.make_moons(600, noise=0.07, random_state=0)[0]
    blobs = datasets.make_blobs(1500, centers=4, cluster_std=0.7, random_state=2)[0]
    iris = datasets.load_iris().data
    return [("moons", moons, 0.15, 5), ("blobs", blobs, 0.5, 10), ("iris", iris, 0.5, 5),
            ("iris-3d", iris[:, :3], 0.4, 4)]


@pytest.mark.parametrize("name,X,eps,min_samples", _datasets(), ids=[d[0] for d in _datasets()])
@pytest.mark.parametrize("algorithm", ["auto", "brute"])
def test_matches_reference(name, X, eps, min_samples, algorithm):
    # Identical labels (the same numbering, even) and core points as scikit-learn.
    from sklearn.cluster import DBSCAN as SkDBSCAN

    ours = DBSCAN(eps=eps, min_samples=min_samples, algorithm=algorithm).fit(X)
    ref = SkDBSCAN(eps=eps, min_samples=min_samples).fit(X)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    np.testing.assert_array_equal(ours.core_sample_indices_, ref.core_sample_indices_)
    assert len(set(ref.labels_)) >= 2


@pytest.mark.parametrize("metric", ["manhattan", "cosine"])
def test_matches_reference_other_metrics(metric):
    from sklearn.cluster import DBSCAN as SkDBSCAN
    from sklearn.datasets import load_wine
    from sklearn.preprocessing import StandardScaler

    X = StandardScaler().fit_transform(load_wine().data)
    eps = {"manhattan": 5.0, "cosine": 0.3}[metric]
    ours = DBSCAN(eps=eps, min_samples=4, metric=metric).fit(X)
    ref = SkDBSCAN(eps=eps, min_samples=4, metric=metric).fit(X)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)


@given(st.integers(0, 10_000), st.integers(1, 3))
def test_grid_equals_brute_equals_naive(seed, D):
    # The compiled grid search and the blocked brute force both equal the obvious double loop.
    rng = np.random.default_rng(seed)
    X = np.round(rng.uniform(0, 3, size=(80, D)), 1)   # rounded: many exact ties at distance eps
    eps = 0.5
    naive = [np.flatnonzero(((X - x) ** 2).sum(axis=1) <= eps * eps) for x in X]
    for indptr, indices in (_grid_neighbourhoods(X, eps), _brute_neighbourhoods(X, eps, "euclidean", 2)):
        got = [np.sort(indices[indptr[i]:indptr[i + 1]]) for i in range(len(X))]
        for a, b in zip(got, naive):
            np.testing.assert_array_equal(a, b)


def test_property_noise_and_core_definitions():
    rng = np.random.default_rng(3)
    X = rng.uniform(size=(300, 2))
    db = DBSCAN(eps=0.08, min_samples=6).fit(X)
    counts = (((X[:, None] - X[None]) ** 2).sum(-1) <= 0.08**2).sum(1)
    np.testing.assert_array_equal(db.core_sample_indices_, np.flatnonzero(counts >= 6))
    core = counts >= 6
    D2 = ((X[:, None] - X[None]) ** 2).sum(-1)
    # noise: exactly the points with no core point within eps
    near_core = (D2[:, core] <= 0.08**2).any(axis=1)
    np.testing.assert_array_equal(db.labels_ == -1, ~near_core)


def test_bad_input():
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match="eps=0.0 must be > 0"):
        DBSCAN(eps=0.0).fit(X)
    with pytest.raises(ValueError, match="eps=-1.0"):
        DBSCAN(eps=-1.0).fit(X)
    with pytest.raises(ValueError, match="min_samples=0"):
        DBSCAN(min_samples=0).fit(X)
    with pytest.raises(ValueError, match="Euclidean"):
        DBSCAN(metric="manhattan", algorithm="grid").fit(X)
    with pytest.raises(ValueError, match="NaN"):
        DBSCAN().fit([[0., np.nan], [1., 1.]])


@parametrize_with_checks([DBSCAN()])
def test_estimator_api(estimator, check):
    check(estimator)
