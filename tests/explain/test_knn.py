"""kNN explainer: distances, the k nearest, the vote or the mean; agrees with the estimator."""
import numpy as np
import pytest
from sklearn.datasets import load_diabetes, load_iris

from lucidml import explain
from lucidml.neighbors import KNeighborsClassifier, KNeighborsRegressor


def test_toy_by_hand():
    # distances from (0.5, 0.2): to (0,0) and (1,0) both sqrt(0.29); to (5,5) and (6,5) far away
    s = explain.knn([[0, 0], [1, 0], [5, 5], [6, 5]], ["a", "a", "b", "b"], [0.5, 0.2], k=3)
    np.testing.assert_allclose(s.steps[0].values["distances"][:2], [np.sqrt(0.29)] * 2)
    assert s.steps[1].values["indices"].tolist() == [0, 1, 2]
    assert s.steps[2].values["votes"].tolist() == [2, 1]
    assert s.answer == "a"


def test_regression_mean():
    s = explain.knn([[0], [1], [2], [10]], [1.5, 2.5, 3.5, 100.0], [1.2], k=3)
    assert s.answer == pytest.approx((1.5 + 2.5 + 3.5) / 3)


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
def test_agrees_with_estimator(metric):
    X, y = load_iris(return_X_y=True)
    rng = np.random.default_rng(0)
    Xs = X + rng.normal(scale=1e-3, size=X.shape)  # break the grid's ties
    for q in Xs[::25]:
        s = explain.knn(Xs, y, q + 0.01, k=7, metric=metric)
        assert s.answer == KNeighborsClassifier(7, metric=metric).fit(Xs, y).predict([q + 0.01])[0]
    Xd, yd = load_diabetes(return_X_y=True)
    s = explain.knn(Xd, yd, Xd[0] + 0.001, k=5, metric=metric, task="regression")
    assert s.answer == pytest.approx(KNeighborsRegressor(5, metric=metric).fit(Xd, yd).predict([Xd[0] + 0.001])[0])


def test_bad_input():
    with pytest.raises(ValueError, match="k=5 must be <= 3"):
        explain.knn([[0], [1], [2]], [0, 1, 1], [0.5], k=5)
    with pytest.raises(ValueError, match="one label per row"):
        explain.knn([[0], [1], [2]], [0, 1], [0.5], k=1)
    with pytest.raises(ValueError, match="2 features but X_train has 1"):
        explain.knn([[0], [1]], [0, 1], [0.5, 1.0], k=1)
