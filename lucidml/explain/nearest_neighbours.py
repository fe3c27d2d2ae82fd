"""Worked solution for a k-nearest-neighbour prediction.

    1. d_i = d(x_query, x_i) for every training point i
    2. N_k = the k indices with the smallest d_i (ties: lower index first)
    3. classification: ŷ = the most frequent label in N_k (ties: the smallest label)
       regression:     ŷ = (1/k) Σ_{i ∈ N_k} y_i

>>> X = [[0, 0], [1, 0], [5, 5], [6, 5]]
>>> knn(X, ["a", "a", "b", "b"], [0.5, 0.2], k=3).answer
'a'
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.metrics.distances import METRICS, pairwise_distances
from lucidml.utils.validation import check_int, check_option, check_training_query

__all__ = ["knn"]

_FORMULAS = {
    "euclidean": "d(x, xᵢ) = √(Σ_d (x_d − x_{i,d})²)",
    "sqeuclidean": "d(x, xᵢ) = Σ_d (x_d − x_{i,d})²",
    "manhattan": "d(x, xᵢ) = Σ_d |x_d − x_{i,d}|",
    "cosine": "d(x, xᵢ) = 1 − x·xᵢ / (‖x‖ ‖xᵢ‖)",
    "minkowski": "d(x, xᵢ) = (Σ_d |x_d − x_{i,d}|^p)^(1/p)",
}


def knn(X_train, y_train, x_query, k: int = 3, metric: str = "euclidean", *, p: float = 2,
        task: str = "auto") -> Solution:
    """Explain how kNN predicts ``x_query`` from the training set.

    ``task`` is "classification", "regression" or "auto" (regression when the labels are
    floating-point numbers that are not all integers, classification otherwise).
    """
    owner = "explain.knn"
    X, y, x = check_training_query(X_train, y_train, x_query, owner=owner)
    k = check_int(k, name="k", owner=owner, minimum=1, maximum=X.shape[0])
    check_option(metric, name="metric", owner=owner, allowed=METRICS)
    check_option(task, name="task", owner=owner, allowed=("auto", "classification", "regression"))
    if task == "auto":
        floats = y.dtype.kind == "f" and not np.array_equal(y, np.round(y))
        task = "regression" if floats else "classification"

    d = pairwise_distances(x[None, :], X, metric, p=p)[0]
    order = np.argsort(d, kind="stable")
    nearest = order[:k]
    name = METRICS[metric]
    steps = [Step(f"Compute the {name} distance from the query to each of the {X.shape[0]} training points.",
                  _FORMULAS[name] + (f",  p = {format_value(p)}" if name == "minkowski" else ""),
                  {"query": x, "distances": d})]
    steps.append(Step(f"Sort the distances and keep the k = {k} nearest points.",
                      "N_k = indices of the k smallest dᵢ",
                      {"indices": nearest, "distances": d[nearest], "labels": y[nearest]}))
    if task == "classification":
        labels, counts = np.unique(y[nearest], return_counts=True)
        winner = labels[np.argmax(counts)]  # np.unique sorts, so ties go to the smallest label
        steps.append(Step("Each neighbour votes for its label; the label with the most votes wins.",
                          "ŷ = argmax_c Σ_{i ∈ N_k} [yᵢ = c]",
                          {"labels": labels, "votes": counts}))
        answer = winner.item() if hasattr(winner, "item") else winner
    else:
        yk = y[nearest].astype(float)
        answer = float(yk.mean())
        steps.append(Step("Average the neighbours' targets.",
                          f"ŷ = (1/k) Σ_{{i ∈ N_k}} yᵢ = ({' + '.join(format_value(v) for v in yk)}) / {k}",
                          {"mean": answer}))
    return Solution(
        question=f"What does {k}-NN ({name} distance) predict for x = {format_value(x)}?",
        steps=steps, answer=answer)
