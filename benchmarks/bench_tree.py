"""Trees and ensembles: CART, random forests, gradient boosting, AdaBoost against scikit-learn."""
from __future__ import annotations

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from sklearn import ensemble as ske
    from sklearn import tree as skt

    from lucidml.ensemble import (AdaBoostClassifier, GradientBoostingClassifier, GradientBoostingRegressor,
                                  RandomForestClassifier)
    from lucidml.tree import DecisionTreeClassifier, DecisionTreeRegressor

    scale = 0.05 if quick else 1.0
    n_tree, n_forest, n_boost, n_ada = (int(scale * n) for n in (50_000, 20_000, 10_000, 10_000))
    D = 20

    def data(n, regression=False, seed=0):
        """(X, y) for training plus a held-out (X_test, y_test) of n/5 rows."""
        def make():
            rng = np.random.default_rng(seed)
            X = rng.normal(size=(n + n // 5, D))
            f = X[:, 0] + X[:, 1] ** 2 - 0.5 * X[:, 2] * X[:, 3] + 0.3 * np.sin(3 * X[:, 4])
            noisy = f + rng.normal(scale=0.5, size=len(X))
            y = noisy if regression else (noisy > np.median(noisy)).astype(int)
            return X[:n], y[:n], X[n:], y[n:]
        return make

    def agree(min_fraction):
        # continuous random data: no tied gains near the root, but deep nodes with a handful of
        # samples can tie (scikit-learn shuffles the features), so demand near-total agreement
        def check(a, b):
            assert np.mean(np.isclose(a, b, rtol=1e-6, atol=1e-6)) >= min_fraction, np.mean(np.isclose(a, b))
        return check

    def same_accuracy(tolerance):
        # forests are random: the two must be equally accurate on the held-out rows
        def check(a, b):
            assert abs(np.mean(a[0] == a[1]) - np.mean(b[0] == b[1])) <= tolerance
        return check

    def fit_predict(model):
        # on the training rows: a tie between features that split those rows the same way
        # changes nothing there (it may route unseen rows differently)
        return lambda d: model().fit(d[0], d[1]).predict(d[0])

    def fit_score(model):
        return lambda d: (model().fit(d[0], d[1]).predict(d[2]), d[3])

    return [
        Workload(f"trees: DecisionTreeClassifier max_depth=10, {n_tree}x{D}", data(n_tree),
                 fit_predict(lambda: DecisionTreeClassifier(max_depth=10)),
                 fit_predict(lambda: skt.DecisionTreeClassifier(max_depth=10, random_state=0)),
                 "sklearn DecisionTreeClassifier", check=agree(0.99), repeats=3),
        Workload(f"trees: DecisionTreeRegressor max_depth=10, {n_tree}x{D}", data(n_tree, regression=True),
                 fit_predict(lambda: DecisionTreeRegressor(max_depth=10)),
                 fit_predict(lambda: skt.DecisionTreeRegressor(max_depth=10, random_state=0)),
                 "sklearn DecisionTreeRegressor", check=agree(0.99), repeats=3),
        Workload(f"trees: RandomForestClassifier 50 trees, {n_forest}x{D}, n_jobs=2", data(n_forest),
                 fit_score(lambda: RandomForestClassifier(50, n_jobs=2, random_state=0)),
                 fit_score(lambda: ske.RandomForestClassifier(50, n_jobs=2, random_state=0)),
                 "sklearn RandomForestClassifier", check=same_accuracy(0.03), repeats=3),
        Workload(f"trees: GradientBoostingClassifier 50 stages, {n_boost}x{D}", data(n_boost),
                 fit_predict(lambda: GradientBoostingClassifier(n_estimators=50)),
                 fit_predict(lambda: ske.GradientBoostingClassifier(n_estimators=50, random_state=0)),
                 "sklearn GradientBoostingClassifier", check=agree(0.995), repeats=3),
        Workload(f"trees: GradientBoostingRegressor 50 stages, {n_boost}x{D}", data(n_boost, regression=True),
                 fit_predict(lambda: GradientBoostingRegressor(n_estimators=50)),
                 fit_predict(lambda: ske.GradientBoostingRegressor(n_estimators=50, random_state=0)),
                 "sklearn GradientBoostingRegressor", check=agree(0.99), repeats=3),
        Workload(f"trees: AdaBoostClassifier 50 stumps, {n_ada}x{D}", data(n_ada),
                 fit_predict(lambda: AdaBoostClassifier(n_estimators=50)),
                 fit_predict(lambda: ske.AdaBoostClassifier(n_estimators=50, random_state=0)),
                 "sklearn AdaBoostClassifier", check=agree(0.995), repeats=3),
    ]
