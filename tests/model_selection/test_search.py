"""GridSearchCV and RandomizedSearchCV: by hand, against scikit-learn, API checks, Dask, bad input."""
import numpy as np
import pytest
from scipy import stats
from sklearn import model_selection as skms
from sklearn.datasets import load_diabetes, load_iris, load_wine
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.model_selection import (GridSearchCV, KFold, ParameterGrid, RandomizedSearchCV, StratifiedKFold,
                                     TemporalLeakageError, TimeSeriesSplit)
from lucidml.neighbors import KNeighborsClassifier, KNeighborsRegressor
from lucidml.preprocessing import StandardScaler

TOL = dict(rtol=0, atol=1e-12)


def assert_same_search(ours, theirs, metrics=("score",)):
    assert ours.best_params_ == theirs.best_params_
    assert ours.best_index_ == theirs.best_index_
    assert ours.cv_results_["params"] == theirs.cv_results_["params"]
    for m in metrics:
        for key in (f"mean_test_{m}", f"std_test_{m}", f"split0_test_{m}"):
            np.testing.assert_allclose(ours.cv_results_[key], theirs.cv_results_[key], **TOL)
        np.testing.assert_array_equal(ours.cv_results_[f"rank_test_{m}"], theirs.cv_results_[f"rank_test_{m}"])


def test_toy_by_hand():
    # 12 points on a line with two noisy labels; 4 folds of 3 (stratified: ~1-2 of each class).
    # Mean validation accuracy: k=1 → 7/12, k=3 → 8/12, k=5 → 9/12; the widest vote wins.
    X = np.arange(12.0)[:, None]
    y = np.array([0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1])
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 3, 5]}, cv=4).fit(X, y)
    np.testing.assert_allclose(search.cv_results_["mean_test_score"], [7 / 12, 8 / 12, 9 / 12], **TOL)
    np.testing.assert_array_equal(search.cv_results_["rank_test_score"], [3, 2, 1])
    assert search.best_params_ == {"n_neighbors": 5} and search.best_score_ == pytest.approx(0.75)
    # the refit model is the best setting fitted on all 12 points
    np.testing.assert_array_equal(search.predict(X), KNeighborsClassifier(5).fit(X, y).predict(X))


def test_parameter_grid_order_matches_sklearn():
    grid = [{"weights": ["uniform", "distance"], "n_neighbors": [1, 3, 5]}, {"p": [1, 3], "metric": ["minkowski"]}]
    assert list(ParameterGrid(grid)) == list(skms.ParameterGrid(grid))
    assert len(ParameterGrid(grid)) == 8


def test_matches_reference_grid_classification():
    X, y = load_iris(return_X_y=True)
    grid = {"n_neighbors": [1, 3, 5, 9, 15, 25], "weights": ["uniform", "distance"]}
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    ours = GridSearchCV(KNeighborsClassifier(), grid, cv=cv, return_train_score=True).fit(X, y)
    theirs = skms.GridSearchCV(KNeighborsClassifier(), grid, cv=cv, return_train_score=True).fit(X, y)
    assert_same_search(ours, theirs)
    np.testing.assert_allclose(ours.cv_results_["mean_train_score"], theirs.cv_results_["mean_train_score"], **TOL)
    np.testing.assert_array_equal(ours.cv_results_["param_n_neighbors"], theirs.cv_results_["param_n_neighbors"])
    assert ours.best_score_ == pytest.approx(theirs.best_score_, abs=1e-12)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), **TOL)


def test_matches_reference_pipeline_regression():
    X, y = load_diabetes(return_X_y=True)
    model = Pipeline([("scale", StandardScaler()), ("knn", KNeighborsRegressor())])
    grid = {"knn__n_neighbors": [3, 10, 30], "scale__with_std": [True, False]}
    cv = KFold(4, shuffle=True, random_state=2)
    ours = GridSearchCV(model, grid, cv=cv, scoring="neg_mean_squared_error").fit(X, y)
    theirs = skms.GridSearchCV(model, grid, cv=cv, scoring="neg_mean_squared_error").fit(X, y)
    assert ours.best_params_ == theirs.best_params_
    np.testing.assert_allclose(ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"],
                               rtol=1e-12)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-12)


def test_matches_reference_multimetric():
    X, y = load_wine(return_X_y=True)
    scoring = ["accuracy", "f1_macro", "neg_log_loss"]
    grid = {"knn__n_neighbors": [1, 5, 11, 21]}
    model = Pipeline([("scale", StandardScaler()), ("knn", KNeighborsClassifier())])
    ours = GridSearchCV(model, grid, cv=3, scoring=scoring, refit="f1_macro").fit(X, y)
    theirs = skms.GridSearchCV(model, grid, cv=3, scoring=scoring, refit="f1_macro").fit(X, y)
    assert_same_search(ours, theirs, metrics=scoring)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=1e-12)


def test_matches_reference_randomized():
    X, y = load_iris(return_X_y=True)
    dists = {"n_neighbors": stats.randint(1, 40), "weights": ["uniform", "distance"], "p": [1, 2]}
    ours = RandomizedSearchCV(KNeighborsClassifier(), dists, n_iter=8, cv=4, random_state=7).fit(X, y)
    theirs = skms.RandomizedSearchCV(KNeighborsClassifier(), dists, n_iter=8, cv=4, random_state=7).fit(X, y)
    assert_same_search(ours, theirs)


def test_property_randomized_lists_without_replacement():
    X, y = load_iris(return_X_y=True)
    grid = {"n_neighbors": [1, 2, 3, 4, 5], "weights": ["uniform", "distance"]}
    for seed in range(5):
        s = RandomizedSearchCV(KNeighborsClassifier(), grid, n_iter=6, cv=3, random_state=seed).fit(X, y)
        params = [tuple(sorted(p.items())) for p in s.cv_results_["params"]]
        assert len(set(params)) == 6 and all(dict(p) in list(ParameterGrid(grid)) for p in params)
    # asking for more than the grid holds gives the whole grid, with a warning
    with pytest.warns(UserWarning, match="n_iter=50 exceeds the 10 settings"):
        s = RandomizedSearchCV(KNeighborsClassifier(), grid, n_iter=50, cv=3, random_state=0).fit(X, y)
    assert len(s.cv_results_["params"]) == 10


def test_property_best_is_argmax_of_mean():
    X, y = load_wine(return_X_y=True)
    s = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": list(range(1, 30, 2))}, cv=5).fit(X, y)
    means = s.cv_results_["mean_test_score"]
    assert s.best_score_ == means.max() and s.best_index_ == int(np.flatnonzero(means == means.max())[0])
    ranks = s.cv_results_["rank_test_score"]
    assert all((ranks[i] < ranks[j]) == (means[i] > means[j]) for i in range(len(means)) for j in range(len(means))
               if means[i] != means[j])


def test_time_ordered_search():
    X = np.arange(80.0)[:, None]
    y = np.sin(X[:, 0] / 6)
    tss = TimeSeriesSplit(4, window="sliding")
    ours = GridSearchCV(KNeighborsRegressor(), {"n_neighbors": [1, 2, 4]}, cv=tss).fit(X, y)
    theirs = skms.GridSearchCV(KNeighborsRegressor(), {"n_neighbors": [1, 2, 4]},
                               cv=skms.TimeSeriesSplit(4, max_train_size=80 - 4 * 16)).fit(X, y)
    np.testing.assert_allclose(ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"],
                               rtol=1e-12)
    fold = np.arange(80).reshape(5, 16)
    with pytest.raises(TemporalLeakageError, match="GridSearchCV: split 0 is invalid"):
        GridSearchCV(KNeighborsRegressor(), {"n_neighbors": [1, 2]}, cv=[(fold[3:].ravel(), fold[0])],
                     time_ordered=True).fit(X, y)


def test_refit_false_and_callable():
    X, y = load_iris(return_X_y=True)
    s = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 15]}, cv=3, refit=False).fit(X, y)
    assert not hasattr(s, "best_estimator_") and s.best_params_ in s.cv_results_["params"]
    with pytest.raises(Exception, match="not fitted"):
        s.predict(X)
    # a callable refit picks the index itself: here the simplest model within 0.01 of the best
    def simplest(results):
        good = results["mean_test_score"] >= results["mean_test_score"].max() - 0.01
        return int(np.flatnonzero(good)[-1])
    s = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5, 9, 13]}, cv=3, refit=simplest).fit(X, y)
    assert s.best_index_ == simplest(s.cv_results_) and not hasattr(s, "best_score_")
    with pytest.raises(ValueError, match="the refit callable returned 7"):
        GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5]}, cv=3, refit=lambda r: 7).fit(X, y)


@parametrize_with_checks([
    GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 3]}, cv=2),
    GridSearchCV(KNeighborsRegressor(), {"n_neighbors": [1, 3]}, cv=2),
    RandomizedSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 2, 3]}, n_iter=2, cv=2, random_state=0),
])
def test_estimator_api(estimator, check):
    check(estimator)


# -- Dask -------------------------------------------------------------------------------------
@pytest.mark.slow
def test_dask_cluster_gives_identical_results():
    distributed = pytest.importorskip("distributed")
    import joblib

    X, y = load_wine(return_X_y=True)
    model = Pipeline([("scale", StandardScaler()), ("knn", KNeighborsClassifier())])
    grid = {"knn__n_neighbors": [1, 5, 15], "knn__weights": ["uniform", "distance"]}
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    sequential = GridSearchCV(model, grid, cv=cv, n_jobs=1).fit(X, y)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        with distributed.get_task_stream(client) as tasks, joblib.parallel_backend("dask"):
            on_dask = GridSearchCV(model, grid, cv=cv, n_jobs=-1).fit(X, y)
        workers = {t["worker"] for t in tasks.data}
        cluster_workers = set(cluster.scheduler_info["workers"])
    assert len(tasks.data) >= 18                                  # the 6 × 3 fits ran on the cluster ...
    assert workers and workers <= cluster_workers                 # ... on its worker processes
    np.testing.assert_array_equal(on_dask.cv_results_["mean_test_score"], sequential.cv_results_["mean_test_score"])
    for k in range(3):
        np.testing.assert_array_equal(on_dask.cv_results_[f"split{k}_test_score"],
                                      sequential.cv_results_[f"split{k}_test_score"])
    assert on_dask.best_params_ == sequential.best_params_


# -- bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize("grid, error, match", [
    ({"k": [1, 3]}, ValueError, "'k' is not a parameter of KNeighborsClassifier"),
    ({"n_neighbors": 3}, TypeError, r"param_grid\['n_neighbors'\] must be a list of values, got 3; write \[3\]"),
    ({"n_neighbors": []}, ValueError, r"param_grid\['n_neighbors'\] is empty"),
    ({"n_neighbors": "135"}, TypeError, "must be a list of values"),
    ([], TypeError, "non-empty list"),
    ([{"n_neighbors": [1]}, 5], TypeError, "every entry of param_grid must be a dict"),
])
def test_bad_param_grid(grid, error, match):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(error, match=match):
        GridSearchCV(KNeighborsClassifier(), grid).fit(X, y)


def test_bad_search_settings():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="refit must name the one"):
        GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1]}, scoring=["accuracy", "f1_macro"]).fit(X, y)
    with pytest.raises(ValueError, match="n_iter=0 must be >= 1"):
        RandomizedSearchCV(KNeighborsClassifier(), {"n_neighbors": [1]}, n_iter=0).fit(X, y)
    with pytest.raises(ValueError, match="scoring='auc' is not a known scorer"):
        GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1]}, scoring="auc").fit(X, y)
    with pytest.raises(ValueError, match="class 2 has only 3 member"):
        GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1]}, cv=5).fit(X[:103], y[:103])
