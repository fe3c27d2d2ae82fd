"""Exercises for §8, unsupervised learning: one k-means iteration and the silhouette of a
point. Answers and worked solutions from ``explain.kmeans_iteration`` and
``explain.silhouette`` (which use :mod:`lucidml.metrics.distances`)."""
from __future__ import annotations

import numpy as np

from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


def _assign(X, mu, metric="euclidean"):
    from lucidml.metrics import pairwise_distances

    d = pairwise_distances(np.asarray(X, float), np.asarray(mu, float), metric)
    return d, np.argmin(d, axis=1)


def _means(X, z, mu):
    out = np.asarray(mu, float).copy()
    for k in range(len(out)):
        if np.any(z == k):
            out[k] = np.asarray(X, float)[z == k].mean(axis=0)
    return out


@register("kmeans-step", topic="clustering", section=8, title="One k-means iteration")
def kmeans_step(draw: Draw) -> Spec:
    from lucidml import explain

    n, K = draw.by_level((5, 2), (6, 2), (8, 3))
    while True:
        X = draw.numbers(0, 9, (n, 2))
        mu = draw.numbers(0, 9, (K, 2))
        d, z = _assign(X, mu)
        srt = np.sort(d, axis=1)
        if (len({tuple(r) for r in mu.tolist()}) == K and np.all(srt[:, 1] - srt[:, 0] > 1e-9)
                and np.all(np.bincount(z, minlength=K) > 0)):
            break
    sol = explain.kmeans_iteration(X, mu)
    new = sol.answer
    mistakes = [Mistake("not-moved", "those are the old centres; after assigning the points, move each centre "
                        "to the mean of its points.", mu),
                Mistake("swapped-rows", "the centres are right but in the wrong order: keep centre k in row k.",
                        new[::-1] if K == 2 else np.roll(new, 1, axis=0)),
                Mistake("all-points-mean", "every centre became the mean of all points; each centre averages only "
                        "the points assigned to it.", np.tile(np.asarray(X, float).mean(axis=0), (K, 1)))]
    _, z1 = _assign(X, mu, "manhattan")
    if not np.array_equal(z1, sol.steps[1].values["z"]):
        mistakes.append(Mistake("manhattan", "you assigned the points by Manhattan distance; k-means uses the "
                                "Euclidean distance.", _means(X, z1, mu)))
    return Spec(question=f"k-means with K = {K} starts from the centres μ (one per row). After one iteration "
                         "(assign every point of X to its nearest centre by Euclidean distance, then move each "
                         "centre to the mean of its points), where are the centres?",
                given={"X": X, "μ": mu}, answer=new, kind="matrix", decimals=2, solution=sol, mistakes=mistakes)


@register("silhouette", topic="clustering", section=8, title="The silhouette of a point")
def silhouette(draw: Draw) -> Spec:
    from lucidml import explain

    n = draw.by_level(5, 6, 8)
    C = draw.by_level(2, 2, 3)
    D = draw.by_level(1, 2, 2)
    while True:
        X = draw.numbers(0, 10, (n, D))
        labels = np.array([draw.integer(0, C - 1) for _ in range(n)])
        i = draw.integer(0, n - 1)
        counts = np.bincount(labels, minlength=C)
        if np.all(counts >= 2) and len({tuple(r) for r in X.tolist()}) == n:
            break
    sol = explain.silhouette(X, labels, i)
    s = sol.answer
    a = sol.steps[1].values["a"]
    b = sol.steps[2].values["b"]
    own = labels == labels[i]
    from lucidml.metrics import pairwise_distances

    d = pairwise_distances(np.asarray(X, float)[i:i + 1], np.asarray(X, float))[0]
    a_self = d[own].mean()                                   # the mean including d(i, i) = 0
    far = max(d[labels == c].mean() for c in np.unique(labels) if c != labels[i])
    mistakes = [Mistake("included-self", f"you included the point itself in a(i) (dividing by |C_i| = {own.sum()}); "
                        f"a(i) averages over the other |C_i| − 1 = {own.sum() - 1} points.",
                        (b - a_self) / max(a_self, b)),
                Mistake("swapped-a-b", "you swapped a and b: s = (b − a) / max(a, b), with a the mean distance to "
                        "the own cluster.", (a - b) / max(a, b)),
                Mistake("no-normalisation", "you gave b − a; divide by max(a, b) so that s lies in [−1, 1].", b - a),
                Mistake("farthest-cluster", "b(i) is the mean distance to the nearest other cluster, not the farthest.",
                        (far - a) / max(a, far))]
    return Spec(question=f"The points X (one per row) are clustered with the labels below. What is the "
                         f"silhouette s(i) = (b(i) − a(i)) / max(a(i), b(i)) of point i = {i} (rows numbered from 0, "
                         "Euclidean distance)?",
                given={"X": X, "labels": labels, "i": i}, answer=s, kind="number", decimals=3, solution=sol,
                mistakes=mistakes)
