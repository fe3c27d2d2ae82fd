"""Tour section: model generalisation (SYLLABUS §7, and the sequential CV of §12)."""
from __future__ import annotations

import importlib.util

import numpy as np

from lucidml import explain
from lucidml.model_selection.search import GridSearchCV
from lucidml.model_selection.split import KFold, StratifiedKFold, TimeSeriesSplit
from lucidml.model_selection.validation import learning_curve, validation_curve
from lucidml.neighbors.knn import KNeighborsClassifier
from lucidml.preprocessing.scalers import StandardScaler
from lucidml.report.section import Figure, Section


def section() -> Section:
    from sklearn.datasets import load_wine
    from sklearn.pipeline import make_pipeline

    X, y = load_wine(return_X_y=True)
    knn = make_pipeline(StandardScaler(), KNeighborsClassifier())
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    search = GridSearchCV(knn, {"kneighborsclassifier__n_neighbors": list(range(1, 40, 2))}, cv=cv).fit(X, y)
    best_k = search.best_params_["kneighborsclassifier__n_neighbors"]
    return Section(
        title="Model generalisation",
        order=70,
        intro=["A model is judged on data it did not see. A hold-out split keeps a test set aside; "
               "k-fold cross-validation rotates the validation fold so that every sample is validated "
               "once, and the mean score picks hyperparameters. The scaler is part of the model: it is "
               "fitted inside each training fold, never on all the data.",
               "Sequential data must respect time: training always precedes validation. lucidml's "
               "leakage guard refuses a split that trains on later folds and validates on an earlier one."],
        solutions=[explain.kfold(12, 3), explain.time_series_cv(12, 4, window="sliding")],
        figures=[_figure_folds(), _figure_validation_curves(X, y, knn, cv), _figure_learning_curve(X, y, knn, cv)],
        notes=[f"GridSearchCV over k = 1, 3, ..., 39 on wine (standardised, 5-fold stratified CV) picks "
               f"k = {best_k} with mean validation accuracy {search.best_score_:.3f}; scikit-learn's "
               "GridSearchCV gives the same table (tested)."],
    )


def _figure_folds() -> Figure:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    N = 20
    schemes = [("5-fold", KFold(5)), ("time series, expanding", TimeSeriesSplit(4)),
               ("time series, sliding", TimeSeriesSplit(4, window="sliding")),
               ("time series, sliding, gap = 1", TimeSeriesSplit(4, window="sliding", gap=1))]
    colours = {"train": "#4c72b0", "validate": "#dd8452", "unused": "#e5e5e5"}
    fig, axes = plt.subplots(1, len(schemes), figsize=(13, 2.8), sharey=True)
    for ax, (title, splitter) in zip(axes, schemes):
        splits = list(splitter.split(np.zeros(N)))
        for r, (train, val) in enumerate(splits):
            row = np.full(N, "unused", dtype=object)
            row[train], row[val] = "train", "validate"
            ax.barh([r] * N, 1, left=np.arange(N), color=[colours[c] for c in row], edgecolor="white")
        ax.set_xlabel("sample (time →)" if "time" in title else "sample")
        ax.set_title(title, fontsize=10)
    axes[0].set_yticks(range(5), [f"round {r + 1}" for r in range(5)])
    axes[0].invert_yaxis()
    axes[-1].legend(handles=[Patch(color=c, label=k) for k, c in colours.items()], fontsize=8,
                    loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return Figure.from_matplotlib(fig, "Cross-validation folds",
                                  f"N = {N} samples. K-fold validates every sample once; time-series splits "
                                  "validate only on the future of their training window.")


def _figure_validation_curves(X, y, knn, cv) -> Figure:
    import matplotlib.pyplot as plt

    ks = np.arange(1, 60, 2)
    train, val = validation_curve(knn, X, y, param_name="kneighborsclassifier__n_neighbors", param_range=ks,
                                  cv=cv)
    poly = _polynomial_curve()
    fig, axes = plt.subplots(1, 2 if poly else 1, figsize=(11 if poly else 5.5, 3.6), squeeze=False)
    ax = axes[0, 0]
    ax.plot(ks, train.mean(axis=1), "o-", ms=3, label="training folds")
    ax.plot(ks, val.mean(axis=1), "o-", ms=3, label="validation fold")
    ax.fill_between(ks, val.mean(axis=1) - val.std(axis=1), val.mean(axis=1) + val.std(axis=1), alpha=0.2)
    ax.set_xlabel("k (number of neighbours)")
    ax.set_ylabel("accuracy")
    ax.set_title("kNN on wine: accuracy against k", fontsize=10)
    ax.legend(fontsize=8)
    caption = ("Mean (band: ± one standard deviation) over 5 stratified folds. k = 1 memorises the "
               "training folds; very large k smooths the classes together and both scores fall.")
    if poly:
        degrees, rms_train, rms_val = poly
        ax = axes[0, 1]
        ax.plot(degrees, rms_train, "o-", label="training folds")
        ax.plot(degrees, rms_val, "o-", label="validation fold")
        ax.set_xlabel("polynomial order M")
        ax.set_ylabel("RMS error")
        ax.set_title("Polynomial fits of sin(2πx) + noise (Bishop §1.1)", fontsize=10)
        ax.legend(fontsize=8)
        caption += " Right: 30 noisy points, 5-fold CV; the validation RMS rises again for large M."
    return Figure.from_matplotlib(fig, "Validation curves", caption)


def _polynomial_curve():
    """RMS against polynomial order, if lucidml's linear regression is installed (None otherwise)."""
    if importlib.util.find_spec("lucidml.linear_model") is None:
        return None
    LinearRegression = getattr(importlib.import_module("lucidml.linear_model"), "LinearRegression", None)
    if LinearRegression is None:
        return None
    from sklearn.pipeline import make_pipeline

    from lucidml.preprocessing import PolynomialFeatures

    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(0, 1, 30))
    t = np.sin(2 * np.pi * x) + rng.normal(0, 0.3, x.size)
    degrees = list(range(1, 10))                       # M = 0 has no features without a bias column
    model = make_pipeline(PolynomialFeatures(include_bias=False), LinearRegression())
    train, val = validation_curve(model, x[:, None], t, param_name="polynomialfeatures__degree",
                                  param_range=degrees, cv=KFold(5, shuffle=True, random_state=0),
                                  scoring="neg_root_mean_squared_error")
    return degrees, -train.mean(axis=1), -val.mean(axis=1)


def _figure_learning_curve(X, y, knn, cv) -> Figure:
    import matplotlib.pyplot as plt

    sizes, train, val = learning_curve(knn, X, y, train_sizes=np.linspace(0.1, 1.0, 8), cv=cv,
                                       shuffle=True, random_state=0)
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    ax.plot(sizes, train.mean(axis=1), "o-", label="training")
    ax.plot(sizes, val.mean(axis=1), "o-", label="validation")
    ax.fill_between(sizes, val.mean(axis=1) - val.std(axis=1), val.mean(axis=1) + val.std(axis=1), alpha=0.2)
    ax.set_xlabel("training samples")
    ax.set_ylabel("accuracy")
    ax.set_title("kNN (k = 5) on wine", fontsize=10)
    ax.legend(fontsize=8)
    return Figure.from_matplotlib(fig, "Learning curve",
                                  "The validation score climbs as the training set grows and the gap to "
                                  "the training score narrows: more data helps this model.")
