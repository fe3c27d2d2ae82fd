"""Tour section: decision trees, random forests and boosting (SYLLABUS §6)."""
from __future__ import annotations

import numpy as np

from lucidml.ensemble import (AdaBoostClassifier, GradientBoostingClassifier, RandomForestClassifier)
from lucidml.explain.tree_split import tree_split
from lucidml.report.section import Figure, Section
from lucidml.tree import DecisionTreeClassifier

DATASETS = ("iris", "wine", "breast_cancer")


def section() -> Section:
    from sklearn.datasets import load_iris

    iris = load_iris()
    X, y = iris.data, iris.target_names[iris.target]
    tree = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    later = iris.target > 0                                    # versicolor and virginica only
    split = tree_split(X[later][::5, [3]], y[later][::5], feature=0)
    return Section(
        title="Decision trees and ensembles",
        order=60,
        intro=["A decision tree asks one yes/no question about one feature at a time. CART grows it "
               "greedily: at every node it tries every feature and every threshold halfway between two "
               "sorted values, and keeps the one that lowers the impurity (Gini, entropy, or the squared "
               "error for regression) the most. Deep trees fit the training data perfectly and overfit.",
               "Ensembles fix that. A random forest averages many deep trees, each grown on a bootstrap "
               "sample and choosing among a random few features per split, so their errors partly cancel. "
               "Boosting adds small trees one after another, each fixing what the sum so far gets wrong: "
               "gradient boosting fits the negative gradient of the loss, AdaBoost reweights the "
               "misclassified samples."],
        solutions=[split],
        figures=[figure_tree(tree, iris.feature_names), figure_boundaries(),
                 figure_ensemble_size(*ensemble_size_curves("breast_cancer", 100, 0), "breast_cancer")],
        notes=["The split above is the iris tree's second question, on every fifth versicolor and "
               f"virginica flower: with setosa set apart, petal width {split.answer:.2f} cm separates the "
               "two best (1.75 cm on all 100 of them).",
               "Trees equal scikit-learn's node for node on iris, wine, breast cancer and diabetes (where "
               "two splits tie, scikit-learn's random feature order may pick the other one); gradient "
               "boosting and AdaBoost predictions agree to 1e-6; forests agree in held-out accuracy "
               "within a point. See tests/tree and tests/ensemble."],
    )


def _moons():
    from sklearn.datasets import make_moons

    return make_moons(120, noise=0.2, random_state=0)         # the same data as the SVM section


def figure_boundaries() -> Figure:
    """Decision regions of a shallow tree, a deep tree and the three ensembles on two moons."""
    import matplotlib.pyplot as plt

    X, y = _moons()
    g0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, 200)
    g1 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, 200)
    G = np.stack(np.meshgrid(g0, g1), axis=-1).reshape(-1, 2)                 # (200², 2)
    models = [("tree, depth 3", DecisionTreeClassifier(max_depth=3, random_state=0)),
              ("tree, full depth", DecisionTreeClassifier(random_state=0)),
              ("random forest, 100 trees", RandomForestClassifier(100, random_state=0)),
              ("gradient boosting, 100 stages", GradientBoostingClassifier(random_state=0)),
              ("AdaBoost, 100 stumps", AdaBoostClassifier(n_estimators=100, random_state=0))]
    fig, axes = plt.subplots(1, len(models), figsize=(17, 3.6), sharey=True)
    for ax, (name, model) in zip(axes, models):
        p = model.fit(X, y).predict_proba(G)[:, 1].reshape(g1.size, g0.size)
        ax.contourf(g0, g1, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35)
        ax.contour(g0, g1, p, levels=[0.5], colors="k", linewidths=1)
        ax.scatter(*X.T, c=np.where(y == 1, "C3", "C0"), s=10)
        ax.set_title(f"{name}\ntraining accuracy {model.score(X, y):.2f}", fontsize=9)
        ax.set_xlabel("x₁")
    axes[0].set_ylabel("x₂")
    return Figure.from_matplotlib(fig, "Trees and ensembles on two moons",
                                  "Colour: p(class 1 | x); black: the 0.5 boundary. A tree cuts the plane into "
                                  "axis-parallel boxes; the full tree isolates single noisy points; averaging "
                                  "(forest) and adding (boosting) many trees smooths the staircase.")


def figure_tree(tree, feature_names) -> Figure:
    """Draw a fitted classification tree: a box per node, its test or its class, and the counts."""
    import matplotlib.pyplot as plt

    t = tree.tree_
    x_pos, depth = _layout(t)
    fig, ax = plt.subplots(figsize=(11, 1.6 + 1.4 * (depth.max() + 1)))
    for node in range(t.node_count):
        for child in (t.children_left[node], t.children_right[node]):
            if child >= 0:
                ax.plot([x_pos[node], x_pos[child]], [-depth[node], -depth[child]], color="0.6", zorder=1)
        counts = np.round(t.value[node] * t.weighted_n_node_samples[node]).astype(int)
        if t.children_left[node] >= 0:
            head = f"{feature_names[t.feature[node]]}\n<= {t.threshold[node]:.2f}"
        else:
            head = f"{tree.classes_[np.argmax(t.value[node])]}"
        text = f"{head}\n{tree.criterion} = {t.impurity[node]:.3f}\n{counts.tolist()}"
        colour = plt.cm.Set2(np.argmax(t.value[node]) % 8)
        ax.text(x_pos[node], -depth[node], text, ha="center", va="center", fontsize=7.5, zorder=2,
                bbox=dict(boxstyle="round", facecolor=colour, alpha=0.9 if t.children_left[node] < 0 else 0.35))
    ax.set_xlim(-0.7, x_pos.max() + 0.7)
    ax.set_ylim(-depth.max() - 0.6, 0.6)
    ax.axis("off")
    return Figure.from_matplotlib(fig, "A decision tree for iris (CART, Gini, depth 3)",
                                  "Each inner box is a question (left: yes, right: no) with the node's Gini "
                                  "impurity and class counts [setosa, versicolor, virginica]; each leaf "
                                  "predicts its majority class.")


def _layout(t):
    """x = the leaves' order from left to right (a parent sits above the middle of its leaves); y = depth."""
    x = np.zeros(t.node_count)
    depth = np.zeros(t.node_count, dtype=int)
    next_leaf = 0

    def place(node, d):
        nonlocal next_leaf
        depth[node] = d
        if t.children_left[node] < 0:
            x[node] = next_leaf
            next_leaf += 1
        else:
            place(t.children_left[node], d + 1)
            place(t.children_right[node], d + 1)
            x[node] = (x[t.children_left[node]] + x[t.children_right[node]]) / 2

    place(0, 0)
    return x, depth


def ensemble_size_curves(dataset: str, max_estimators: int, seed: int):
    """Test error after m = 1..max_estimators trees for a forest, gradient boosting and AdaBoost.

    Returns (sizes, {name: errors}) at about 25 sizes spaced evenly on a log scale.
    """
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    from lucidml.utils.validation import check_int, check_option

    check_option(dataset, name="dataset", owner="ensemble_size_curves", allowed=DATASETS)
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


def figure_ensemble_size(sizes, errors, dataset) -> Figure:
    import matplotlib.pyplot as plt

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
