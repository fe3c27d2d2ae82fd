"""Worked solutions for clustering: one k-means iteration and one point's silhouette.

k-means (Lloyd), from centres μ_k:

    1. d_ik = ‖x_i − μ_k‖ for every point and centre
    2. z_i = argmin_k d_ik (ties: the lower k)
    3. μ_k' = mean of {x_i : z_i = k} (an empty cluster keeps its centre)
    4. J = Σ_i ‖x_i − μ_{z_i}‖² before and after: the update can only lower it

silhouette of point i: a(i) = mean distance to its own cluster, b(i) = smallest mean
distance to another cluster, s(i) = (b − a) / max(a, b).

References: Bishop, *Pattern Recognition and Machine Learning*, §9.1; Rousseeuw (1987).

>>> s = kmeans_iteration([[0, 0], [0, 2], [10, 0], [10, 2]], [[0, 1], [1, 1]])
>>> s.answer.tolist()
[[0.0, 1.0], [10.0, 1.0]]
>>> round(silhouette([[0.], [1.], [10.], [11.]], [0, 0, 1, 1], 0).answer, 4)
0.9048
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.metrics.distances import pairwise_distances
from lucidml.utils.validation import as_float_array, check_int

__all__ = ["kmeans_iteration", "silhouette"]


def kmeans_iteration(X, centres) -> Solution:
    """Explain one iteration of Lloyd's algorithm on points ``X`` from ``centres``."""
    owner = "explain.kmeans_iteration"
    X = as_float_array(X, name="X", owner=owner, ndim=2)
    mu = as_float_array(centres, name="centres", owner=owner, ndim=2)
    if mu.shape[1] != X.shape[1]:
        raise ValueError(f"{owner}: the centres have {mu.shape[1]} features but X has {X.shape[1]}.")
    K = mu.shape[0]
    d = pairwise_distances(X, mu)                                       # (N, K)
    z = np.argmin(d, axis=1)
    J_before = float((d[np.arange(len(z)), z] ** 2).sum())
    mu_new = mu.copy()
    counts = np.bincount(z, minlength=K)
    for k in range(K):
        if counts[k]:
            mu_new[k] = X[z == k].mean(axis=0)
    J_after = float(((X - mu_new[z]) ** 2).sum())
    steps = [
        Step(f"Compute the Euclidean distance from each of the {X.shape[0]} points to each of the {K} centres "
             "(row i, column k).", "d_ik = ‖x_i − μ_k‖", {"d": d}),
        Step("Assign each point to its nearest centre.", "z_i = argmin_k d_ik",
             {"z": z, "points per cluster": counts}),
        Step("Inertia with the old centres.", "J = Σ_i d_{i,z_i}²", {"J before": J_before}),
        Step("Move each centre to the mean of its points"
             + (" (an empty cluster keeps its centre)." if (counts == 0).any() else "."),
             "μ_k' = (1/N_k) Σ_{i: z_i = k} x_i", {"new centres": mu_new}),
        Step("Inertia with the new centres and the same assignment: the mean minimises the sum of "
             "squares, so J cannot go up.", "J' = Σ_i ‖x_i − μ'_{z_i}‖² ≤ J",
             {"J after": J_after, "decrease": J_before - J_after}),
    ]
    z_next = np.argmin(pairwise_distances(X, mu_new), axis=1)
    steps.append(Step("Converged?" + (" Yes: the next assignment is unchanged." if np.array_equal(z, z_next)
                                      else " No: some points change cluster next time."),
                      None, {"next z": z_next}))
    return Solution(question=f"One k-means iteration from centres {_inline(mu)}: where do the centres move?",
                    steps=steps, answer=mu_new, answer_text=f"new centres {_inline(mu_new)}")


def silhouette(X, labels, i: int) -> Solution:
    """Explain the silhouette s(i) of point ``i`` under the clustering ``labels``."""
    owner = "explain.silhouette"
    X = as_float_array(X, name="X", owner=owner, ndim=2)
    y = np.asarray(labels)
    if y.ndim != 1 or len(y) != X.shape[0]:
        raise ValueError(f"{owner}: labels must be 1-D with one label per row of X ({X.shape[0]}), got shape {y.shape}.")
    i = check_int(i, name="i", owner=owner, minimum=0, maximum=X.shape[0] - 1)
    clusters = np.unique(y)
    if clusters.size < 2:
        raise ValueError(f"{owner}: the silhouette needs at least 2 clusters, got {clusters.size}.")
    d = pairwise_distances(X[i:i + 1], X)[0]
    own = y == y[i]
    steps = [Step(f"Distances from point {i} to every point.", "d(i, j) = ‖x_i − x_j‖", {"d": d})]
    if own.sum() == 1:
        steps.append(Step("Point i is alone in its cluster: by convention s(i) = 0.", "s(i) = 0", {}))
        return Solution(f"What is the silhouette of point {i}?", steps, 0.0)
    a = d[own].sum() / (own.sum() - 1)
    steps.append(Step(f"a(i): mean distance to the other {own.sum() - 1} points of its own cluster "
                      f"({format_value(y[i])}).", "a(i) = Σ_{j ∈ C_i, j ≠ i} d(i, j) / (|C_i| − 1)", {"a": a}))
    means = {c: d[y == c].mean() for c in clusters if c != y[i]}
    nearest = min(means, key=means.get)
    b = means[nearest]
    steps.append(Step("b(i): the smallest mean distance to another cluster.",
                      "b(i) = min_{C ≠ C_i} (1/|C|) Σ_{j ∈ C} d(i, j)",
                      {**{f"mean to cluster {format_value(c)}": m for c, m in means.items()}, "b": b,
                       "nearest other cluster": nearest}))
    s = float((b - a) / max(a, b)) if max(a, b) > 0 else 0.0
    steps.append(Step("Combine: near 1 means well inside its cluster, near 0 on a border, below 0 probably "
                      "misplaced.", f"s(i) = (b − a) / max(a, b) = ({format_value(b)} − {format_value(a)}) / "
                      f"{format_value(max(a, b))}", {"s": s}))
    return Solution(f"What is the silhouette of point {i}?", steps, s)


def _inline(M) -> str:
    return "[" + ", ".join(format_value(row) for row in np.asarray(M)) + "]"
