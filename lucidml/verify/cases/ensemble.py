"""§6 ensembles: boosting equal to scikit-learn's stage by stage, forests equal in accuracy."""
import numpy as np

from lucidml.verify.registry import case


@case("GradientBoostingRegressor", reference="sklearn.ensemble.GradientBoostingRegressor",
      quantity="predictions (30 stages, squared error)", datasets=["diabetes", "wine_alcohol"], tol=1e-6,
      relative=True,
      reason="deterministic trees (all features, subsample 1): the same trees and leaf steps, 1e-6")
def gb_regressor(d):
    from sklearn import ensemble as ske

    from lucidml.ensemble import GradientBoostingRegressor

    kw = dict(n_estimators=30, random_state=0, min_samples_leaf=5 if len(d.y) > 50 else 1)
    return (GradientBoostingRegressor(**kw).fit(d.X, d.y).predict(d.X),
            ske.GradientBoostingRegressor(**kw).fit(d.X, d.y).predict(d.X))


@case("GradientBoostingClassifier", reference="sklearn.ensemble.GradientBoostingClassifier",
      quantity="class probabilities (30 stages, log-loss)", datasets=["iris", "wine"], tol=1e-6,
      reason="deterministic trees, depth 2: no tied splits, the same model to 1e-6")
def gb_classifier(d):
    from sklearn import ensemble as ske

    from lucidml.ensemble import GradientBoostingClassifier

    kw = dict(n_estimators=30, max_depth=2, random_state=0)
    return (GradientBoostingClassifier(**kw).fit(d.X, d.y).predict_proba(d.X),
            ske.GradientBoostingClassifier(**kw).fit(d.X, d.y).predict_proba(d.X))


@case("AdaBoostClassifier", reference="sklearn.ensemble.AdaBoostClassifier (SAMME)",
      quantity="decision function (30 stumps)", datasets=["iris", "wine", "breast_cancer"], tol=1e-10,
      relative=True, reason="stumps on the full data: the same stumps, errors and weights: rounding only")
def adaboost(d):
    from sklearn import ensemble as ske

    from lucidml.ensemble import AdaBoostClassifier

    return (AdaBoostClassifier(n_estimators=30, random_state=0).fit(d.X, d.y).decision_function(d.X),
            ske.AdaBoostClassifier(n_estimators=30, random_state=0).fit(d.X, d.y).decision_function(d.X))


def _held_out(d, ours_cls, ref_cls, **kw):
    from sklearn.model_selection import train_test_split

    scores = []
    for seed in range(3):
        Xtr, Xte, ytr, yte = train_test_split(d.X, d.y, test_size=0.3, random_state=seed)
        scores.append([ours_cls(random_state=seed, **kw).fit(Xtr, ytr).score(Xte, yte),
                       ref_cls(random_state=seed, **kw).fit(Xtr, ytr).score(Xte, yte)])
    return np.mean(scores, axis=0)


@case("RandomForestClassifier", reference="sklearn.ensemble.RandomForestClassifier",
      quantity="mean held-out accuracy (3 splits, 30 trees)", datasets=["wine", "breast_cancer"], tol=0.03,
      reason="forests are random and the two draw different bootstraps: 3 splits leave a standard error "
             "of about 0.01 in the difference, so 3 points")
def forest_classifier(d):
    from sklearn import ensemble as ske

    from lucidml.ensemble import RandomForestClassifier

    ours, ref = _held_out(d, RandomForestClassifier, ske.RandomForestClassifier, n_estimators=30)
    return ours, ref


@case("RandomForestRegressor", reference="sklearn.ensemble.RandomForestRegressor",
      quantity="mean held-out R² (3 splits, 30 trees, max_features 0.5)", datasets=["diabetes", "wine_alcohol"],
      tol=0.05, reason="random forests; R² on small data varies by several points from seed to seed: 5 points")
def forest_regressor(d):
    from sklearn import ensemble as ske

    from lucidml.ensemble import RandomForestRegressor

    ours, ref = _held_out(d, RandomForestRegressor, ske.RandomForestRegressor, n_estimators=30, max_features=0.5)
    return ours, ref
