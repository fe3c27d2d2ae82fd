"""Exercises for §2, distances and kNN: L1 / L2 / cosine distance, a kNN vote and a kNN
mean. Answers and worked solutions from ``explain.distances`` and ``explain.knn`` (which
use :mod:`lucidml.metrics.distances`)."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Step
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register

_NAMES = {"manhattan": "L1 (Manhattan)", "euclidean": "L2 (Euclidean)", "cosine": "cosine"}


@register("distance", topic="distances", section=2, title="L1, L2 and cosine distance")
def distance(draw: Draw) -> Spec:
    from lucidml import explain

    D = draw.by_level(2, draw.integer(3, 4), draw.integer(3, 5))
    metric = draw.choice(list(_NAMES))
    while True:
        x, y = draw.numbers(-4, 6, D), draw.numbers(-4, 6, D)
        if np.any(x != 0) and np.any(y != 0) and np.any(x != y) and abs(np.dot(x, y)) > 0:
            break
    sol = explain.distances(x, y)
    d = sol.answer
    answer = d[metric]
    diff = np.asarray(x, float) - np.asarray(y, float)
    exact = metric == "manhattan" and draw.level < 3
    mistakes = []
    if metric == "euclidean":
        mistakes += [Mistake("no-square-root", "you gave the squared distance: take the square root of Σ (x_d − y_d)².",
                             float(diff @ diff)),
                     Mistake("gave-manhattan", "that is the L1 (Manhattan) distance Σ |x_d − y_d|; "
                             "L2 squares the differences, adds them and takes the square root.", d["manhattan"])]
    elif metric == "manhattan":
        mistakes += [Mistake("gave-euclidean", "that is the L2 (Euclidean) distance; L1 adds the absolute "
                             "differences Σ |x_d − y_d|.", d["euclidean"]),
                     Mistake("no-absolute-value", "you added the signed differences; L1 adds their absolute "
                             "values |x_d − y_d|.", float(abs(diff.sum())))]
    else:
        similarity = 1.0 - d["cosine"]
        mistakes += [Mistake("gave-similarity", "that is the cosine similarity x·y / (‖x‖ ‖y‖); the cosine "
                             "distance is one minus it.", similarity),
                     Mistake("not-normalised", "you gave 1 − x·y without dividing by ‖x‖ ‖y‖.",
                             1.0 - float(np.dot(x, y)))]
    sol = type(sol)(sol.question, sol.steps + [Step(f"The question asks for the {_NAMES[metric]} distance.",
                                                    None, {metric: answer})], answer)
    return Spec(question=f"What is the {_NAMES[metric]} distance between the vectors x and y?",
                given={"x": x, "y": y, "metric": metric}, answer=answer, kind="number",
                decimals=None if exact else 3, solution=sol, mistakes=mistakes)


def _training_set(draw: Draw, n: int, labels):
    """Points on a small grid with labels, a query whose k-th and (k+1)-th distances differ."""
    X = draw.numbers(0, 9, (n, 2))
    y = np.array([draw.choice(labels) for _ in range(n)])
    q = draw.numbers(0, 9, 2)
    return X, y, q


def _distances(X, q):
    from lucidml.metrics import pairwise_distances

    return pairwise_distances(np.asarray(q, float)[None, :], np.asarray(X, float))[0]


@register("knn-classify", topic="knn", section=2, title="kNN classification vote")
def knn_classify(draw: Draw) -> Spec:
    from lucidml import explain

    labels = draw.by_level(["a", "b"], ["a", "b"], ["a", "b", "c"])
    k = draw.by_level(3, draw.choice([3, 5]), draw.choice([3, 5]))
    n = draw.by_level(6, 8, 9)
    found, attempt, disagrees = None, 0, False
    while found is None or (attempt < 60 and not disagrees):   # prefer a 1-NN that disagrees with the vote
        attempt += 1
        X, y, q = _training_set(draw, n, labels)
        d = _distances(X, q)
        order = np.argsort(d, kind="stable")
        if len(set(y)) < 2 or d[order[k - 1]] == d[order[k]] or d[order[0]] == d[order[1]]:
            continue                                          # no ties at the boundaries
        names, votes = np.unique(y[order[:k]], return_counts=True)
        if np.sum(votes == votes.max()) > 1:
            continue                                          # no tied vote
        found = (X, y, q, order)
        disagrees = names[np.argmax(votes)] != y[order[0]]
    X, y, q, order = found
    sol = explain.knn(X, y, q, k=k)
    nearest = y[order[0]]
    far = np.unique(y[order[-k:]], return_counts=True)
    farthest_vote = far[0][np.argmax(far[1])]
    mistakes = [Mistake("nearest-only", f"that is the label of the single nearest point; with k = {k} the "
                        f"{k} nearest points vote.", nearest),
                Mistake("farthest", f"you took the {k} farthest points; kNN votes among the k smallest distances.",
                        farthest_vote)]
    d1 = np.abs(np.asarray(X, float) - np.asarray(q, float)).sum(axis=1)
    o1 = np.argsort(d1, kind="stable")
    if d1[o1[k - 1]] != d1[o1[k]]:
        lab, cnt = np.unique(y[o1[:k]], return_counts=True)
        if np.sum(cnt == cnt.max()) == 1:
            mistakes.append(Mistake("manhattan", "you measured Manhattan distances; the question uses the "
                                    "Euclidean distance.", lab[np.argmax(cnt)]))
    return Spec(question=f"A {k}-nearest-neighbour classifier (Euclidean distance) is trained on the points X "
                         "with labels y. Which label does it give the query point q?",
                given={"X": X, "y": y, "q": q, "k": k}, answer=sol.answer, kind="label",
                choices=tuple(labels), solution=sol, mistakes=mistakes)


@register("knn-regress", topic="knn", section=2, title="kNN regression mean")
def knn_regress(draw: Draw) -> Spec:
    from lucidml import explain

    k = draw.by_level(2, 3, draw.choice([3, 4]))
    n = draw.by_level(5, 7, 8)
    while True:
        X = draw.numbers(0, 9, (n, 2))
        q = draw.numbers(0, 9, 2)
        t = draw.by_level(lambda: draw.integers(0, 20, n), lambda: draw.integers(-10, 30, n),
                          lambda: draw.decimals(-5, 5, n, 1))()
        d = _distances(X, q)
        order = np.argsort(d, kind="stable")
        if d[order[k - 1]] < d[order[k]] and len(np.unique(t)) > 2:
            break
    t_float = np.asarray(t, dtype=float)
    sol = explain.knn(X, t_float, q, k=k, task="regression")
    tk = t_float[order]
    mistakes = [Mistake("nearest-only", f"that is the target of the single nearest point; average the k = {k} "
                        "nearest targets.", float(tk[0])),
                Mistake("k-plus-one", f"you averaged k + 1 = {k + 1} neighbours; take exactly k = {k}.",
                        float(tk[:k + 1].mean())),
                Mistake("k-minus-one", f"you averaged k − 1 = {k - 1} neighbours; take exactly k = {k}.",
                        float(tk[:k - 1].mean())),
                Mistake("all-points", "that is the mean of every target; kNN averages only the k nearest.",
                        float(t_float.mean()))]
    return Spec(question=f"A {k}-nearest-neighbour regressor (Euclidean distance) is trained on the points X "
                         f"with targets t. What does it predict for the query point q?",
                given={"X": X, "t": t, "q": q, "k": k}, answer=sol.answer, kind="number", decimals=2,
                solution=sol, mistakes=mistakes)

