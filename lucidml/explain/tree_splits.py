"""Worked solution for the best split of one feature at one decision-tree node (CART).

    1. H(parent) from the class fractions (or the targets' spread)
    2. sort the samples by the feature; candidate thresholds θ lie halfway between
       consecutive distinct values (values closer than 1e-7 count as equal, as in the tree)
    3. for every θ: the two children L = {x <= θ}, R = {x > θ}, their impurities and
       the gain ΔH = H(parent) − N_L/N · H(L) − N_R/N · H(R)
    4. the chosen split is the θ with the largest gain (ties: the smallest θ)

Impurities: Gini 1 − Σ p_k², entropy −Σ p_k log₂ p_k, squared error (variance)
(1/N) Σ (y_i − ȳ)², absolute error (1/N) Σ |y_i − median|. The numbers come from
:func:`lucidml.tree.split_search.split_candidates`, the readable search that the tests hold
equal to the compiled one, so the chosen θ is the one
:class:`lucidml.tree.DecisionTreeClassifier` / ``DecisionTreeRegressor`` pick at a node
for that feature.

>>> s = tree_split([[1], [2], [3], [4]], ["a", "a", "b", "b"], feature=0)
>>> s.answer, s.steps[-1].values["gain"]
(2.5, 0.5)
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.utils.validation import as_float_array, check_int, check_option

__all__ = ["tree_split"]

_FORMULAS = {
    "gini": "H = 1 − Σ_k p_k²",
    "entropy": "H = −Σ_k p_k log₂ p_k",
    "squared_error": "H = (1/N) Σ_i (y_i − ȳ)²",
    "absolute_error": "H = (1/N) Σ_i |y_i − median(y)|",
}


def tree_split(X, y, feature: int = 0, criterion: str = "auto") -> Solution:
    """Explain the search for the best threshold on column ``feature`` of ``X`` for labels ``y``.

    ``criterion`` is "gini", "entropy", "squared_error", "absolute_error" or "auto" (Gini
    for labels, squared error for floating-point targets that are not all integers).
    """
    owner = "explain.tree_split"
    X = as_float_array(X, name="X", owner=owner, ndim=(1, 2))
    if X.ndim == 1:
        X = X[:, None]
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != X.shape[0]:
        raise ValueError(f"{owner}: y must be 1-D with one label per row of X ({X.shape[0]}), got shape {y.shape}.")
    if len(y) < 2:
        raise ValueError(f"{owner}: a split needs at least 2 samples, got {len(y)}.")
    feature = check_int(feature, name="feature", owner=owner, minimum=0, maximum=X.shape[1] - 1)
    check_option(criterion, name="criterion", owner=owner, allowed=("auto", *_FORMULAS))
    if criterion == "auto":
        floats = y.dtype.kind == "f" and not np.array_equal(y, np.round(y))
        criterion = "squared_error" if floats else "gini"
    classification = criterion in ("gini", "entropy")
    if classification:
        classes, y_code = np.unique(y, return_inverse=True)
    else:
        y_code = as_float_array(y, name="y", owner=owner, ndim=1)
        classes = None

    from lucidml.tree.split_search import candidate_thresholds, impurity, split_candidates

    x = X[:, feature]
    N = len(x)
    n_classes = None if classes is None else len(classes)
    H_parent = impurity(y_code, np.ones(N), criterion, n_classes)
    steps = [Step(f"Impurity of the node ({criterion.replace('_', ' ')}) over its {N} samples.",
                  _FORMULAS[criterion],
                  _describe(y_code, classes) | {"H(parent)": H_parent})]
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y[order]
    thresholds = candidate_thresholds(x)               # as the tree: values within 1e-7 count as equal
    steps.append(Step(f"Sort the samples by feature {feature}; candidate thresholds lie halfway between "
                      "consecutive distinct values.", "θ_j = (v_j + v_{j+1}) / 2",
                      {"sorted x": xs, "labels": ys, "thresholds": thresholds}))
    if len(thresholds) == 0:
        return Solution(question=f"Where should a tree split feature {feature}?", steps=steps, answer=None,
                        answer_text=f"no split: feature {feature} is constant on these samples")

    c = split_candidates(x, y_code, criterion=criterion, n_classes=n_classes)
    table = np.column_stack([c.threshold, c.n_left, c.n_right, c.impurity_left, c.impurity_right,
                             c.gain])                                   # (n_thresholds, 6)
    steps.append(Step("For every threshold: the samples on each side, their impurities and the gain. "
                      "Columns: θ, N_L, N_R, H(L), H(R), gain.",
                      "gain = H(parent) − N_L/N · H(L) − N_R/N · H(R)", {"candidates": table}))
    best = c.best                                                       # first maximum: smallest θ on ties
    theta, n_L, n_R, H_L, H_R, g = table[best].tolist()
    steps.append(Step("Pick the threshold with the largest gain.",
                      f"gain = {format_value(H_parent)} − {int(n_L)}/{N} · {format_value(H_L)} "
                      f"− {int(n_R)}/{N} · {format_value(H_R)} = {format_value(g)}",
                      {"threshold": theta, "gain": g, "left": _describe(y_code[x <= theta], classes, short=True),
                       "right": _describe(y_code[x > theta], classes, short=True)}))
    return Solution(question=f"Where should a decision tree split feature {feature} ({criterion})?",
                    steps=steps, answer=float(theta),
                    answer_text=f"x[{feature}] <= {format_value(theta)} (gain {format_value(g)})")


def _describe(y, classes, short=False):
    if classes is None:
        if short:
            return f"N = {len(y)}, mean {format_value(y.mean())}, median {format_value(np.median(y))}"
        return {"targets": y, "mean": y.mean(), "median": np.median(y)}
    counts = np.bincount(y, minlength=len(classes))
    if short:
        return ", ".join(f"{c}: {n}" for c, n in zip(classes.tolist(), counts.tolist()))
    return {"classes": classes, "counts": counts, "p": counts / len(y)}
