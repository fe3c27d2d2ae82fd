"""Choosing K: the knee rule by hand, the three methods on blobs with a known K, bad input."""
import numpy as np
import pytest

from lucidml.cluster import choose_n_clusters, elbow, knee_point


def test_knee_by_hand():
    # J = 100, 30, 20, 15, 12 over K = 1..5. Scaled: u = 0, .25, .5, .75, 1 and
    # v = 1 − (100 − J)/88 = 1, .205, .091, .034, 0; the chord is u + v = 1, so the distance is
    # |u + v − 1|/√2 = 0, .455, .409, .216, 0 → the knee is K = 2 (index 1).
    assert knee_point([1, 2, 3, 4, 5], [100, 30, 20, 15, 12]) == 1
    assert knee_point([1, 2], [5, 1]) == 0


@pytest.fixture(scope="module")
def blobs():
    from sklearn.datasets import make_blobs

    return make_blobs(400, centers=4, cluster_std=0.6, random_state=1)[0]


@pytest.mark.parametrize("method", ["silhouette", "elbow", "bic"])
def test_finds_the_true_k(blobs, method):
    choice = choose_n_clusters(blobs, range(2, 8), method=method)
    assert choice.best_k == 4
    assert "<- chosen" in choice.table()
    fig = choice.figure()
    assert fig.axes[0].get_xlabel() == "number of clusters K"


def test_elbow_inertia_matches_sklearn_and_decreases(blobs):
    from sklearn.cluster import KMeans as SkKMeans

    e = elbow(blobs, range(2, 8))
    assert e.knee == 4
    assert np.all(np.diff(e.inertia) <= 0)
    ref = [SkKMeans(k, n_init=10, random_state=0).fit(blobs).inertia_ for k in range(2, 5)]
    np.testing.assert_allclose(e.inertia[:3], ref, rtol=1e-6)   # the easy K: both find the optimum
    # The chord rule depends on the range: from K = 1 the huge first drop dominates and the
    # knee moves to K = 2 (a known weakness of the elbow, stated in the docstring).
    assert elbow(blobs, range(1, 8)).knee == 2


def test_bad_input(blobs):
    with pytest.raises(ValueError, match="method='gap'"):
        choose_n_clusters(blobs, method="gap")
    with pytest.raises(ValueError, match="between 2 and n_samples"):
        choose_n_clusters(blobs, range(1, 4), method="silhouette")
    with pytest.raises(ValueError, match="at least one integer"):
        elbow(blobs, [])
    with pytest.raises(TypeError, match="iterable"):
        elbow(blobs, 5)
