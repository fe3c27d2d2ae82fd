"""Tour section: decision trees, random forests and boosting (SYLLABUS §6)."""
from __future__ import annotations

import numpy as np

from lucidml.experiments.ensemble_size import ensemble_size_curves, figure_ensemble_size
from lucidml.experiments.tree_boundaries import figure_tree_boundaries
from lucidml.explain.tree_splits import tree_split
from lucidml.report.section import Figure, Section
from lucidml.tree import DecisionTreeClassifier


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
        figures=[figure_tree(tree, iris.feature_names), figure_tree_boundaries(random_state=0),
                 figure_ensemble_size(*ensemble_size_curves("breast_cancer", 100, 0), "breast_cancer")],
        notes=["The split above is the iris tree's second question, on every fifth versicolor and "
               f"virginica flower: with setosa set apart, petal width {split.answer:.2f} cm separates the "
               "two best (1.75 cm on all 100 of them). Its numbers come from lucidml.tree.split_search, the "
               "readable search that grows the same trees as the compiled one (tests/tree/test_split_search.py).",
               "Trees equal scikit-learn's node for node on iris, wine, breast cancer and diabetes (where "
               "two splits tie, scikit-learn's random feature order may pick the other one); gradient "
               "boosting and AdaBoost predictions agree to 1e-6; forests agree in held-out accuracy "
               "within a point. See tests/tree and tests/ensemble."],
    )


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
