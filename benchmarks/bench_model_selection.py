"""Model-selection workloads: the search and cross-validation overhead is ours, the fits are lucidml's.

Both sides run the same lucidml estimator on the same folds, so the ratio measures the
search machinery (cloning, splitting, scoring, joblib dispatch, cv_results_), not the model.
"""
from __future__ import annotations

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from sklearn import model_selection as skms
    from sklearn import preprocessing as skp
    from sklearn.pipeline import make_pipeline

    from lucidml import model_selection as ms
    from lucidml.neighbors import KNeighborsClassifier, KNeighborsRegressor
    from lucidml.preprocessing import StandardScaler

    n, d = (600, 10) if quick else (6000, 20)
    rng = np.random.default_rng(0)
    grid = {"kneighborsclassifier__n_neighbors": [1, 5, 15, 31], "kneighborsclassifier__weights":
            ["uniform", "distance"]}
    small_grid = {"n_neighbors": list(range(1, 40, 2))}

    def data_cls():
        X = rng.normal(size=(n, d))
        y = (X[:, 0] + 0.5 * X[:, 1] + rng.normal(scale=0.5, size=n) > 0).astype(int)
        return X, y

    def data_small():
        from sklearn.datasets import load_wine

        return load_wine(return_X_y=True)

    def data_reg():
        X = rng.normal(size=(n, d))
        return X, X @ rng.normal(size=d) + rng.normal(size=n)

    def model():
        return make_pipeline(StandardScaler(), KNeighborsClassifier())

    def same_means(a, b):
        np.testing.assert_allclose(a.cv_results_["mean_test_score"], b.cv_results_["mean_test_score"],
                                   rtol=0, atol=1e-12)
        assert a.best_params_ == b.best_params_

    def same_scores(a, b):
        np.testing.assert_allclose(a, b, rtol=1e-12)

    cv = ms.StratifiedKFold(5, shuffle=True, random_state=0)
    small_cv = ms.StratifiedKFold(5, shuffle=True, random_state=0)
    return [
        Workload(f"GridSearchCV scaler+kNN {n}x{d}, 8 candidates x 5 folds", data_cls,
                 lambda a: ms.GridSearchCV(model(), grid, cv=cv).fit(*a),
                 lambda a: skms.GridSearchCV(model(), grid, cv=cv).fit(*a),
                 "sklearn GridSearchCV (same lucidml estimator)", check=same_means, repeats=3),
        Workload("GridSearchCV kNN on wine 178x13, 20 candidates x 5 folds (overhead-bound)", data_small,
                 lambda a: ms.GridSearchCV(KNeighborsClassifier(), small_grid, cv=small_cv).fit(*a),
                 lambda a: skms.GridSearchCV(KNeighborsClassifier(), small_grid, cv=small_cv).fit(*a),
                 "sklearn GridSearchCV (same lucidml estimator)", check=same_means, repeats=5),
        Workload(f"cross_validate kNN regressor {n}x{d}, 5 folds, 3 scorers", data_reg,
                 lambda a: ms.cross_validate(KNeighborsRegressor(), *a, cv=5,
                                             scoring=["r2", "neg_mean_squared_error", "neg_mean_absolute_error"]
                                             )["test_r2"],
                 lambda a: skms.cross_validate(KNeighborsRegressor(), *a, cv=5,
                                               scoring=["r2", "neg_mean_squared_error", "neg_mean_absolute_error"]
                                               )["test_r2"],
                 "sklearn cross_validate (same lucidml estimator)", check=same_scores, repeats=3),
        Workload(f"StandardScaler fit_transform {n * 10}x{d}", lambda: rng.normal(size=(n * 10, d)),
                 lambda X: StandardScaler().fit_transform(X), lambda X: skp.StandardScaler().fit_transform(X),
                 "sklearn StandardScaler", check=lambda a, b: np.testing.assert_allclose(a, b, atol=1e-12),
                 repeats=7),
    ]
