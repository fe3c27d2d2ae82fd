"""Test error against the number of trees: a random forest, gradient boosting and AdaBoost (SYLLABUS §6).

One stratified 70/30 split of a scikit-learn data set; each ensemble is fitted once with
``max_estimators`` members and scored after its first m members, m = 1..max_estimators:

    forest    ŷ_m(x) = argmax_k (1/m) Σ_{b ≤ m} p_b(k | x)     (the average of the first m trees)
    boosting  ŷ_m(x) from F_m(x) = F_0(x) + ν Σ_{t ≤ m} h_t(x)  (``staged_predict``)
    AdaBoost  ŷ_m(x) = argmax_k Σ_{t ≤ m} α_t [h_t(x) = k]    (``staged_predict``; it stops early on a
                                                               perfect fit, and then keeps its last error)

The pattern to see: a forest's error drops fast and then stays flat (more trees only
average better, they never overfit); boosting keeps improving for longer and can
eventually overfit. Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical
Learning*, §10.1 and Figure 15.1; Breiman, "Random forests", Machine Learning 45 (2001).

>>> sizes, errors = ensemble_size_curves("iris", 4, 0)
>>> sizes.tolist(), sorted(errors)
([1, 2, 3, 4], ['AdaBoost', 'gradient boosting', 'random forest'])
"""
from __future__ import annotations

import numpy as np

__all__ = ["ENSEMBLE_SIZE_DATASETS", "ensemble_size_curves", "figure_ensemble_size"]

ENSEMBLE_SIZE_DATASETS = ("iris", "wine", "breast_cancer")


def ensemble_size_curves(dataset: str, max_estimators: int, seed: int):
    """Test error after m = 1..max_estimators trees for a forest, gradient boosting and AdaBoost.

    Returns (sizes, {name: errors}) at about 25 sizes spaced evenly on a log scale.
    """
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    from lucidml.ensemble import AdaBoostClassifier, GradientBoostingClassifier, RandomForestClassifier
    from lucidml.utils.validation import check_int, check_option

    check_option(dataset, name="dataset", owner="ensemble_size_curves", allowed=ENSEMBLE_SIZE_DATASETS)
    check_int(max_estimators, name="max_estimators", owner="ensemble_size_curves", minimum=1, maximum=5000)
    X, y = getattr(datasets, f"load_{dataset}")(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=seed, stratify=y)
    sizes = np.unique(np.geomspace(1, max_estimators, 25).round().astype(int))

    forest = RandomForestClassifier(max_estimators, random_state=seed).fit(Xtr, ytr)
    P = np.cumsum([t.predict_proba(Xte) for t in forest.estimators_], axis=0)   # (M, n_test, K)
    forest_err = [np.mean(forest.classes_[np.argmax(P[m - 1], axis=1)] != yte) for m in sizes]
    boost = GradientBoostingClassifier(n_estimators=max_estimators, random_state=seed).fit(Xtr, ytr)
    boost_err = [np.mean(p != yte) for p in boost.staged_predict(Xte)]
    ada = AdaBoostClassifier(n_estimators=max_estimators, random_state=seed).fit(Xtr, ytr)
    ada_err = [np.mean(p != yte) for p in ada.staged_predict(Xte)]
    ada_err += [ada_err[-1]] * (max_estimators - len(ada_err))   # AdaBoost may stop early (perfect fit)
    return sizes, {"random forest": np.array(forest_err),
                   "gradient boosting": np.array(boost_err)[sizes - 1],
                   "AdaBoost": np.array(ada_err)[sizes - 1]}


def figure_ensemble_size(sizes, errors, dataset):
    """The curves of :func:`ensemble_size_curves` on a log axis, as a report :class:`~lucidml.report.Figure`."""
    import matplotlib.pyplot as plt

    from lucidml.report.section import Figure

    fig, ax = plt.subplots(figsize=(7, 3.6))
    for name, err in errors.items():
        ax.plot(sizes, err, marker="o", markersize=3, label=name)
    ax.set_xscale("log")
    ax.set_xlabel("number of trees")
    ax.set_ylabel("test error")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return Figure.from_matplotlib(fig, f"Test error against ensemble size ({dataset.replace('_', ' ')})",
                                  "A forest's error drops fast and then stays flat (more trees never overfit, "
                                  "they only average better); boosting keeps improving for longer, and with "
                                  "enough stages can start to overfit.")
