"""KMeans: toy by hand, equal to scikit-learn's Lloyd from the same centres, API, properties, bad input."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.cluster import KMeans, kmeans_plusplus
from lucidml.cluster.kmeans import _assign_and_sum, _assign_step, _lloyd


def test_toy_by_hand():
    # Points 0, 1 near the origin and 2, 3 near (9, 9.5); from centres (0, 0) and (9, 9):
    # z = [0, 0, 1, 1]; μ_0 = (0, 0.5), μ_1 = (9, 9.5); J = 4 × 0.5² = 1.
    X = np.array([[0., 0.], [0., 1.], [9., 9.], [9., 10.]])
    km = KMeans(2, init=np.array([[0., 0.], [9., 9.]])).fit(X)
    np.testing.assert_array_equal(km.labels_, [0, 0, 1, 1])
    np.testing.assert_allclose(km.cluster_centers_, [[0., 0.5], [9., 9.5]], atol=1e-12)
    assert km.inertia_ == pytest.approx(1.0)
    assert km.score(X) == pytest.approx(-1.0)
    np.testing.assert_allclose(km.transform([[0., 0.5]]), [[0., np.hypot(9, 9)]], atol=1e-12)
    np.testing.assert_array_equal(km.predict([[1., 1.], [8., 8.]]), [0, 1])


@pytest.mark.parametrize("dataset", ["iris", "wine", "digits", "blobs"])
def test_matches_reference_from_same_centres(dataset):
    # From identical initial centres both run the same Lloyd iterations, so centres agree to
    # rounding (1e-8 absolute on features of magnitude <= 16; observed ~1e-13).
    from sklearn import datasets
    from sklearn.cluster import KMeans as SkKMeans

    X = {"iris": lambda: datasets.load_iris().data, "wine": lambda: datasets.load_wine().data,
         "digits": lambda: datasets.load_digits().data,
         "blobs": lambda: datasets.make_blobs(3000, centers=6, n_features=5, random_state=0)[0]}[dataset]()
    init = X[np.random.default_rng(0).choice(len(X), 6, replace=False)]
    ours = KMeans(6, init=init).fit(X)
    ref = SkKMeans(6, init=init, n_init=1, algorithm="lloyd").fit(X)
    np.testing.assert_allclose(ours.cluster_centers_, ref.cluster_centers_, atol=1e-8)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-10)
    assert ours.n_iter_ == ref.n_iter_


def test_kmeans_plusplus_beats_random_seeding_on_blobs():
    # k-means++ spreads its seeds: on well-separated blobs its best-of-5 inertia is the optimum.
    from sklearn.datasets import make_blobs
    from sklearn.cluster import KMeans as SkKMeans

    X, _ = make_blobs(600, centers=5, cluster_std=0.5, random_state=3)
    ours = KMeans(5, n_init=5, random_state=0).fit(X)
    ref = SkKMeans(5, n_init=5, random_state=0).fit(X)
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-9)
    centres, idx = kmeans_plusplus(X, 5, random_state=0)
    np.testing.assert_array_equal(centres, X[idx])
    assert len(set(idx.tolist())) == 5


def test_assign_step_matches_slow_version():
    rng = np.random.default_rng(1)
    X, mu = rng.normal(size=(500, 7)), rng.normal(size=(9, 7))
    z, d2 = _assign_step(X, mu, n_jobs=2)
    slow = ((X[:, None, :] - mu[None, :, :]) ** 2).sum(axis=2)          # (N, K) directly
    np.testing.assert_array_equal(z, slow.argmin(axis=1))
    np.testing.assert_allclose(d2, slow.min(axis=1), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("n_jobs", [1, 2, 3])
def test_compiled_assign_and_sum_matches_assign_step(n_jobs):
    # the fast path (one compiled loop per thread) gives the readable path's labels and distances,
    # and the sums an obvious loop over the clusters gives
    rng = np.random.default_rng(3)
    X, mu = rng.normal(size=(9001, 5)), rng.normal(size=(6, 5))
    z, d2, sums, N_k = _assign_and_sum(X, (X ** 2).sum(axis=1), mu, n_jobs)
    z_ref, d2_ref = _assign_step(X, mu, n_jobs)
    np.testing.assert_array_equal(z, z_ref)
    np.testing.assert_allclose(d2, d2_ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(sums, [X[z == k].sum(axis=0) for k in range(6)], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(N_k, np.bincount(z, minlength=6))


@given(st.integers(0, 10_000), st.integers(2, 6))
def test_property_inertia_never_increases(seed, K):
    # Each Lloyd step (assign, then update) cannot raise J.
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(60, 3)) + rng.integers(0, 3, size=(60, 1)) * 4
    mu = X[rng.choice(60, K, replace=False)]
    J = []
    for _ in range(8):
        mu, _, j, _, _ = _lloyd(X, mu, 1, 0.0, 1)
        J.append(j)
    assert all(b <= a + 1e-9 * abs(a) for a, b in zip(J, J[1:]))


def test_same_seed_same_result():
    X = np.random.default_rng(2).normal(size=(200, 4))
    a = KMeans(4, random_state=7, n_init=3).fit(X)
    b = KMeans(4, random_state=7, n_init=3).fit(X)
    np.testing.assert_array_equal(a.cluster_centers_, b.cluster_centers_)


def test_bad_input():
    X = np.random.default_rng(0).normal(size=(5, 2))
    with pytest.raises(ValueError, match="n_clusters=6 exceeds n_samples=5"):
        KMeans(6).fit(X)
    with pytest.raises(ValueError, match="NaN"):
        KMeans(2).fit(np.array([[0., np.nan], [1., 1.], [2., 2.]]))
    with pytest.raises(ValueError, match="init has shape"):
        KMeans(2, init=np.zeros((3, 2))).fit(X)
    with pytest.raises(ValueError, match="init='kmeans'"):
        KMeans(2, init="kmeans").fit(X)
    with pytest.raises(ValueError, match="max_iter"):
        KMeans(2, max_iter=0).fit(X)
    from sklearn.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        KMeans(2).predict(X)


def test_fewer_distinct_points_than_clusters_warns():
    from sklearn.exceptions import ConvergenceWarning

    X = np.array([[0., 0.]] * 4 + [[1., 1.]] * 4)
    with pytest.warns(ConvergenceWarning, match="distinct clusters"):
        KMeans(3, random_state=0).fit(X)


@parametrize_with_checks([KMeans(n_clusters=3, random_state=0)])
def test_estimator_api(estimator, check):
    check(estimator)
