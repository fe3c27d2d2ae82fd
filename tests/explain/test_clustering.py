"""explain.kmeans_iteration and explain.silhouette: by hand and against the estimators."""
import numpy as np
import pytest

from lucidml.explain.clustering import kmeans_iteration, silhouette


def test_kmeans_iteration_by_hand():
    # Centres (0, 1) and (1, 1): points (0,0), (0,2) are 1 from the first; (10,0), (10,2) are
    # √82 ≈ 9.06 from the second and √101 from the first → z = [0, 0, 1, 1].
    # J before = 1 + 1 + 82 + 82 = 166; new centres (0, 1) and (10, 1); J after = 4 × 1 = 4.
    s = kmeans_iteration([[0, 0], [0, 2], [10, 0], [10, 2]], [[0, 1], [1, 1]])
    np.testing.assert_allclose(s.answer, [[0, 1], [10, 1]])
    values = {k: v for step in s.steps for k, v in step.values.items()}
    assert values["J before"] == pytest.approx(166)
    assert values["J after"] == pytest.approx(4)
    np.testing.assert_array_equal(values["z"], [0, 0, 1, 1])


def test_kmeans_iteration_matches_one_lloyd_step():
    from sklearn.datasets import load_iris

    from lucidml.cluster import KMeans

    X = load_iris().data
    mu0 = X[[0, 50, 100]]
    ours = kmeans_iteration(X, mu0).answer
    z = np.argmin(((X[:, None] - mu0[None]) ** 2).sum(-1), axis=1)
    np.testing.assert_allclose(ours, [X[z == k].mean(0) for k in range(3)])
    # ...and iterating the explainer reaches KMeans' fixed point from the same start
    mu = mu0
    for _ in range(50):
        mu = kmeans_iteration(X, mu).answer
    np.testing.assert_allclose(mu, KMeans(3, init=mu0).fit(X).cluster_centers_, atol=1e-10)


def test_empty_cluster_keeps_its_centre():
    s = kmeans_iteration([[0, 0], [1, 0]], [[0, 0], [100, 100]])
    np.testing.assert_allclose(s.answer, [[0.5, 0], [100, 100]])
    assert "empty" in s.to_text()


def test_silhouette_matches_sklearn():
    from sklearn.datasets import load_iris
    from sklearn.metrics import silhouette_samples

    X, y = load_iris(return_X_y=True)
    ref = silhouette_samples(X, y)
    for i in (0, 60, 149):
        assert silhouette(X, y, i).answer == pytest.approx(ref[i], abs=1e-12)
    assert silhouette([[0.], [1.], [10.]], [0, 0, 1], 2).answer == 0.0   # a singleton


def test_bad_input():
    with pytest.raises(ValueError, match="features"):
        kmeans_iteration([[0, 0]], [[0, 0, 0]])
    with pytest.raises(ValueError, match="at least 2 clusters"):
        silhouette([[0.], [1.]], [0, 0], 0)
    with pytest.raises(ValueError, match="i=5"):
        silhouette([[0.], [1.]], [0, 1], 5)
