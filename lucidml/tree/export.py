"""A fitted tree as indented text: one line per test, one line per leaf.

Same layout as scikit-learn's ``export_text``, so the two can be compared line by line:

    |--- petal width (cm) <= 0.80
    |   |--- class: setosa
    |--- petal width (cm) >  0.80
    ...

>>> from lucidml.tree import DecisionTreeClassifier
>>> tree = DecisionTreeClassifier().fit([[1.], [2.], [10.], [11.]], ["a", "a", "b", "b"])
>>> print(export_text(tree, feature_names=["x"]))
|--- x <= 6.00
|   |--- class: a
|--- x >  6.00
|   |--- class: b
<BLANKLINE>
"""
from __future__ import annotations

import numpy as np
from sklearn.base import is_classifier
from sklearn.utils.validation import check_is_fitted

from lucidml.utils.validation import check_int

__all__ = ["export_text"]


def export_text(tree, *, feature_names=None, max_depth: int = 10, decimals: int = 2,
                show_weights: bool = False) -> str:
    """Text drawing of a fitted :class:`DecisionTreeClassifier` or :class:`DecisionTreeRegressor`.

    Branches below ``max_depth`` are summarised as "truncated branch of depth d". With
    ``show_weights`` a classifier's leaves also show the weighted class counts W_t · p_k.
    """
    check_is_fitted(tree)
    check_int(max_depth, name="max_depth", owner="export_text", minimum=0)
    check_int(decimals, name="decimals", owner="export_text", minimum=0)
    t = tree.tree_
    if feature_names is None:
        feature_names = [f"feature_{f}" for f in range(tree.n_features_in_)]
    elif len(feature_names) != tree.n_features_in_:
        raise ValueError(f"export_text: feature_names has {len(feature_names)} names but the tree "
                         f"was fitted on {tree.n_features_in_} features.")
    classifier = is_classifier(tree)
    lines: list[str] = []

    def leaf_text(node):
        v = t.value[node]
        if classifier:
            counts = ""
            if show_weights:
                counts = " weights: [" + ", ".join(f"{c * t.weighted_n_node_samples[node]:.{decimals}f}"
                                                   for c in v) + "]"
            return f"{counts} class: {tree.classes_[np.argmax(v)]}"
        return " value: [" + ", ".join(f"{c:.{decimals}f}" for c in v) + "]"

    def subtree_depth(node):
        if t.children_left[node] < 0:
            return 1
        return 1 + max(subtree_depth(t.children_left[node]), subtree_depth(t.children_right[node]))

    def walk(node, depth):
        indent = ("|   " * depth)[:-3] + "---"
        if depth > max_depth + 1:
            d = subtree_depth(node)
            lines.append(indent + (leaf_text(node) if d == 1 else f" truncated branch of depth {d}"))
        elif t.children_left[node] < 0:
            lines.append(indent + leaf_text(node))
        else:
            name, theta = feature_names[t.feature[node]], f"{t.threshold[node]:.{decimals}f}"
            lines.append(f"{indent} {name} <= {theta}")
            walk(t.children_left[node], depth + 1)
            lines.append(f"{indent} {name} >  {theta}")
            walk(t.children_right[node], depth + 1)

    walk(0, 1)
    return "\n".join(lines) + "\n"
