"""Agglomerative clustering: toy, SciPy's merge heights to 1e-10, naive O(N³) agreement, API, bad input."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.cluster import AgglomerativeClustering, linkage

METHODS = ["single", "complete", "average", "ward"]


def test_toy_by_hand():
    # 1-D points 0, 1, 5, 6.5. Single linkage merges {0,1} at 1, {5,6.5} at 1.5, then the
    # two groups at 5 − 1 = 4. Complete: the last merge is at 6.5 − 0 = 6.5. Average: the
    # mean of the four cross distances (5 + 6.5 + 4 + 5.5) / 4 = 5.25.
    X = np.array([[0.], [1.], [5.], [6.5]])
    for method, last in [("single", 4.0), ("complete", 6.5), ("average", 5.25)]:
        agg = AgglomerativeClustering(2, linkage=method).fit(X)
        np.testing.assert_allclose(agg.distances_, [1.0, 1.5, last])
        assert agg.labels_.tolist() == [0, 0, 1, 1]
        np.testing.assert_array_equal(agg.children_, [[0, 1], [2, 3], [4, 5]])
    # Ward: merging {0} and {1} raises the sum of squares by 1·1/(1+1)·1² = 0.5: height √(2·0.5) = 1.
    agg = AgglomerativeClustering(2, linkage="ward").fit(X)
    assert agg.distances_[0] == pytest.approx(1.0)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("dataset", ["random", "iris", "wine"])
def test_merge_heights_match_scipy(method, dataset):
    # Same Lance-Williams arithmetic as SciPy: sorted heights agree to 1e-10 (observed: exactly).
    from scipy.cluster.hierarchy import linkage as sp_linkage
    from sklearn import datasets

    X = {"random": lambda: np.random.default_rng(0).normal(size=(300, 4)),
         "iris": lambda: datasets.load_iris().data,
         "wine": lambda: datasets.load_wine().data}[dataset]()
    Z, Zs = linkage(X, method), sp_linkage(X, method)
    np.testing.assert_allclose(np.sort(Z[:, 2]), np.sort(Zs[:, 2]), rtol=1e-10, atol=1e-10)
    if dataset == "random":    # no ties: the whole tree is the same
        np.testing.assert_array_equal(Z, Zs)


@pytest.mark.parametrize("method", ["single", "complete", "average"])
def test_other_metric_matches_scipy(method):
    from scipy.cluster.hierarchy import linkage as sp_linkage

    X = np.random.default_rng(1).normal(size=(120, 3))
    np.testing.assert_allclose(linkage(X, method, "manhattan"), sp_linkage(X, method, "cityblock"),
                               rtol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_labels_match_sklearn(method):
    from sklearn.cluster import AgglomerativeClustering as SkAgg
    from sklearn.datasets import make_blobs
    from sklearn.metrics import adjusted_rand_score

    X = make_blobs(400, centers=4, random_state=0)[0]
    ours = AgglomerativeClustering(4, linkage=method).fit(X)
    ref = SkAgg(4, linkage=method).fit(X)
    assert adjusted_rand_score(ours.labels_, ref.labels_) == 1.0
    ours = AgglomerativeClustering(None, linkage=method, distance_threshold=2.0).fit(X)
    ref = SkAgg(None, linkage=method, distance_threshold=2.0).fit(X)
    assert ours.n_clusters_ == ref.n_clusters_
    assert adjusted_rand_score(ours.labels_, ref.labels_) == 1.0
    np.testing.assert_allclose(ours.distances_, ref.distances_, rtol=1e-10)


def _naive_heights(X, method):
    """The textbook O(N³) algorithm: always merge the globally closest pair."""
    clusters = [[i] for i in range(len(X))]
    heights = []

    def dist(A, B):
        d = np.sqrt(((X[A][:, None] - X[B][None]) ** 2).sum(-1))
        if method == "single":
            return d.min()
        if method == "complete":
            return d.max()
        if method == "average":
            return d.mean()
        ca, cb = X[A].mean(0), X[B].mean(0)        # ward: √(2 |A||B|/(|A|+|B|) ‖c_A − c_B‖²)
        return np.sqrt(2 * len(A) * len(B) / (len(A) + len(B)) * ((ca - cb) ** 2).sum())

    while len(clusters) > 1:
        pairs = [(dist(a, b), i, j) for i, a in enumerate(clusters) for j, b in enumerate(clusters) if i < j]
        h, i, j = min(pairs)
        heights.append(h)
        clusters = [c for t, c in enumerate(clusters) if t not in (i, j)] + [clusters[i] + clusters[j]]
    return np.array(heights)


@given(st.integers(0, 10_000), st.sampled_from(METHODS))
def test_property_nn_chain_equals_naive(seed, method):
    X = np.random.default_rng(seed).normal(size=(12, 2))
    np.testing.assert_allclose(linkage(X, method)[:, 2], _naive_heights(X, method), rtol=1e-9)


def test_linkage_matrix_draws_a_dendrogram():
    from scipy.cluster.hierarchy import dendrogram, is_valid_linkage

    X = np.random.default_rng(0).normal(size=(30, 2))
    Z = AgglomerativeClustering(3).fit(X).linkage_matrix()
    assert is_valid_linkage(Z)
    assert len(dendrogram(Z, no_plot=True)["leaves"]) == 30


def test_bad_input():
    X = np.random.default_rng(0).normal(size=(5, 2))
    with pytest.raises(ValueError, match="n_clusters=6 exceeds n_samples=5"):
        AgglomerativeClustering(6).fit(X)
    with pytest.raises(ValueError, match="exactly one of n_clusters and distance_threshold"):
        AgglomerativeClustering(2, distance_threshold=1.0).fit(X)
    with pytest.raises(ValueError, match="Euclidean metric only"):
        AgglomerativeClustering(2, linkage="ward", metric="manhattan").fit(X)
    with pytest.raises(ValueError, match="linkage='median'"):
        AgglomerativeClustering(2, linkage="median").fit(X)
    with pytest.raises(ValueError, match="infinity"):
        AgglomerativeClustering(2).fit(np.vstack([X, [[np.inf, 0.]]]))


@parametrize_with_checks([AgglomerativeClustering()])
def test_estimator_api(estimator, check):
    check(estimator)
