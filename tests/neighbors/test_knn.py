"""kNN: by hand, against scikit-learn on the shipped data sets, the estimator contract, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn import neighbors as skn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.neighbors import KNeighborsClassifier, KNeighborsRegressor
from lucidml.neighbors.knn import _k_smallest, _k_smallest_argpartition, _k_smallest_by_sort

SK_METRIC = {"euclidean": "euclidean", "manhattan": "manhattan", "cosine": "cosine", "minkowski": "minkowski"}


def test_toy_by_hand():
    # points on a line at 0, 1, 2 (class 0) and 10, 11 (class 1)
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0]])
    y = np.array([0, 0, 0, 1, 1])
    clf = KNeighborsClassifier(n_neighbors=3).fit(X, y)
    # query 9: nearest are 10 (d=1), 11 (d=2), 2 (d=7) -> votes 2 for class 1, 1 for class 0
    np.testing.assert_allclose(clf.predict_proba([[9.0]]), [[1 / 3, 2 / 3]])
    dist, ind = clf.kneighbors([[9.0]])
    np.testing.assert_array_equal(ind, [[3, 4, 2]])
    np.testing.assert_allclose(dist, [[1.0, 2.0, 7.0]])
    # distance weights: 1/1 + 1/2 = 1.5 for class 1 against 1/7 for class 0
    clf_w = KNeighborsClassifier(n_neighbors=3, weights="distance").fit(X, y)
    np.testing.assert_allclose(clf_w.predict_proba([[9.0]]), [[(1 / 7) / (1.5 + 1 / 7), 1.5 / (1.5 + 1 / 7)]])
    # regression on y = x: query 9 -> mean of 10, 11, 2 = 23/3
    reg = KNeighborsRegressor(n_neighbors=3).fit(X, X.ravel())
    np.testing.assert_allclose(reg.predict([[9.0]]), [23 / 3])


def test_zero_distance_takes_all_the_weight():
    X = np.array([[0.0], [1.0], [2.0]])
    reg = KNeighborsRegressor(n_neighbors=3, weights="distance").fit(X, [5.0, 7.0, 9.0])
    np.testing.assert_allclose(reg.predict([[1.0]]), [7.0])


def test_vote_ties_go_to_first_class():
    X = np.array([[0.0], [2.0]])
    clf = KNeighborsClassifier(n_neighbors=2).fit(X, ["b", "a"])
    assert clf.predict([[1.0]])[0] == "a"  # one vote each: 'a' comes first in classes_


def _split(loader):
    X, y = loader(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0)
    scaler = StandardScaler().fit(Xtr)
    return scaler.transform(Xtr), scaler.transform(Xte), ytr, yte


@pytest.mark.parametrize("loader", [load_iris, load_wine, load_breast_cancer])
@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine", "minkowski"])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("k", [1, 5, 15])
def test_classifier_matches_sklearn(loader, metric, weights, k):
    Xtr, Xte, ytr, yte = _split(loader)
    p = 3 if metric == "minkowski" else 2
    ours = KNeighborsClassifier(k, weights=weights, metric=metric, p=p).fit(Xtr, ytr)
    ref = skn.KNeighborsClassifier(k, weights=weights, metric=SK_METRIC[metric], p=p, algorithm="brute").fit(Xtr, ytr)
    # Scaled continuous features: no two training points tie in distance to a query at the
    # k-th place on these splits, so the neighbour sets, and hence the labels, are identical.
    np.testing.assert_array_equal(ours.predict(Xte), ref.predict(Xte))
    np.testing.assert_allclose(ours.predict_proba(Xte), ref.predict_proba(Xte), rtol=1e-10, atol=1e-12)
    d_ours, i_ours = ours.kneighbors(Xte)
    d_ref, i_ref = ref.kneighbors(Xte)
    np.testing.assert_allclose(d_ours, d_ref, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("k", [1, 5, 20])
def test_regressor_matches_sklearn_on_diabetes(metric, weights, k):
    Xtr, Xte, ytr, yte = _split(load_diabetes)
    ours = KNeighborsRegressor(k, weights=weights, metric=metric).fit(Xtr, ytr)
    ref = skn.KNeighborsRegressor(k, weights=weights, metric=metric, algorithm="brute").fit(Xtr, ytr)
    np.testing.assert_allclose(ours.predict(Xte), ref.predict(Xte), rtol=1e-10)


def test_unscaled_iris_ties_documented():
    # Raw iris has measurements on a 0.1 cm grid and duplicate flowers, so several training
    # points often sit at exactly the same distance from a query. lucidml then keeps the
    # lower training index (stable), scikit-learn's argpartition keeps an arbitrary one;
    # the labels still agree wherever the k-th distance is not tied.
    X, y = load_iris(return_X_y=True)
    Xtr, Xte, ytr, yte = X[::2], X[1::2], y[::2], y[1::2]
    ours = KNeighborsClassifier(5).fit(Xtr, ytr)
    ref = skn.KNeighborsClassifier(5, algorithm="brute").fit(Xtr, ytr)
    d = np.sort(np.linalg.norm(Xte[:, None] - Xtr[None], axis=2), axis=1)      # (75, 75)
    untied = ~np.isclose(d[:, 4], d[:, 5])
    assert untied.sum() > 40
    np.testing.assert_array_equal(ours.predict(Xte)[untied], ref.predict(Xte)[untied])
    assert (ours.predict(Xte) == yte).mean() >= 0.93


def test_kneighbors_without_X_excludes_self():
    Xtr, _, ytr, _ = _split(load_wine)
    ours = KNeighborsClassifier(4).fit(Xtr, ytr)
    ref = skn.KNeighborsClassifier(4, algorithm="brute").fit(Xtr, ytr)
    d_ours, i_ours = ours.kneighbors()
    d_ref, i_ref = ref.kneighbors()
    np.testing.assert_array_equal(i_ours, i_ref)
    np.testing.assert_allclose(d_ours, d_ref, rtol=1e-8)
    assert not (i_ours == np.arange(len(Xtr))[:, None]).any()


def test_multioutput_regression():
    X, y = load_diabetes(return_X_y=True)
    Y = np.column_stack([y, -2 * y])
    pred = KNeighborsRegressor(7).fit(X, Y).predict(X[:20])
    ref = skn.KNeighborsRegressor(7, algorithm="brute").fit(X, Y).predict(X[:20])
    np.testing.assert_allclose(pred, ref, rtol=1e-10)


@given(n=st.integers(1, 60), m=st.integers(1, 80), k=st.integers(1, 40), seed=st.integers(0, 2**16),
       ties=st.booleans())
def test_property_fast_selection_equals_readable(n, m, k, seed, ties):
    k = min(k, m)
    rng = np.random.default_rng(seed)
    D = rng.integers(0, 5, size=(n, m)).astype(float) if ties else rng.normal(size=(n, m))
    expected = _k_smallest_by_sort(D, k)  # the obvious way: a stable full sort
    for ind, val in [_k_smallest(D, k), _k_smallest_argpartition(D, k)]:
        np.testing.assert_array_equal(ind, expected[0])
        np.testing.assert_array_equal(val, expected[1])


def test_threads_and_blocks_do_not_change_neighbours():
    rng = np.random.default_rng(0)
    X, Q = rng.normal(size=(3000, 5)), rng.normal(size=(700, 5))
    a = KNeighborsClassifier(3, n_jobs=1).fit(X, np.arange(3000) % 2).kneighbors(Q)
    b = KNeighborsClassifier(3, n_jobs=2).fit(X, np.arange(3000) % 2).kneighbors(Q)
    np.testing.assert_array_equal(a[1], b[1])


@parametrize_with_checks([KNeighborsClassifier(), KNeighborsRegressor(),
                          KNeighborsClassifier(n_neighbors=1, weights="distance", metric="manhattan"),
                          KNeighborsRegressor(n_neighbors=3, weights="distance", metric="cosine")])
def test_estimator_api(estimator, check):
    check(estimator)


@pytest.mark.parametrize("Estimator", [KNeighborsClassifier, KNeighborsRegressor])
def test_bad_input(Estimator):
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
    y = np.array([0, 1, 1])
    with pytest.raises(NotFittedError):
        Estimator().predict(X)
    with pytest.raises(ValueError, match="NaN"):
        Estimator(1).fit(np.array([[np.nan, 1.0]] * 3), y)
    with pytest.raises(ValueError, match="infinity|inf"):
        Estimator(1).fit(np.array([[np.inf, 1.0]] * 3), y)
    with pytest.raises(ValueError, match="n_neighbors=5 exceeds n_samples=3"):
        Estimator(5).fit(X, y)
    with pytest.raises(ValueError, match="2D array"):
        Estimator(1).fit([1.0, 2.0, 3.0], y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        Estimator(1).fit(X, [0, 1])
    with pytest.raises(ValueError, match="0 sample"):
        Estimator(1).fit(np.empty((0, 2)), [])
    with pytest.raises(ValueError, match="numeric|convert"):
        Estimator(1).fit([["a", "b"]] * 3, y)
    with pytest.raises(ValueError, match="metric='hamming'"):
        Estimator(1, metric="hamming").fit(X, y)
    with pytest.raises(ValueError, match="weights='gaussian'"):
        Estimator(1, weights="gaussian").fit(X, y)
    with pytest.raises(ValueError, match="n_neighbors=0"):
        Estimator(0).fit(X, y)
    fitted = Estimator(2).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        fitted.predict([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="only 2 training points"):
        fitted.kneighbors(n_neighbors=3)
