"""Exercises for §9, the curse of dimensionality, and §10, PCA: the share of a grid that a
fixed sample covers as features are added, and the eigenvalues / leading eigenvector of a
2 × 2 covariance matrix (the course's examples at level 1). Answers from
:func:`lucidml.experiments.curse_of_dimensionality` and ``explain.pca``."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


@register("grid-coverage", topic="curse", section=9, title="Curse of dimensionality: grid coverage")
def grid_coverage(draw: Draw) -> Spec:
    from lucidml.experiments import curse_of_dimensionality

    N = draw.by_level(draw.integer(2, 3), draw.integer(3, 6), draw.integer(5, 20))
    b = draw.by_level(draw.integer(2, 4), draw.integer(3, 6), draw.integer(4, 10))
    D = draw.by_level(draw.integer(1, 2), draw.integer(2, 3), draw.integer(2, 4))
    r = curse_of_dimensionality(n_samples=N, n_bins=b, max_features=D, n_repeats=1, distance_dims=(1,),
                                n_points=2, n_queries=1, random_state=0)
    coverage = r.expected_coverage                           # D = 1 .. D
    answer = float(coverage[D - 1])
    cells = b ** D
    empty = (1 - 1 / cells) ** N
    steps = [Step(f"Cutting each of the D = {D} features into b = {b} bins makes b^D cells.",
                  f"b^D = {b}^{D}", {"cells": cells}),
             Step("A given cell stays empty when all N points miss it, each with probability 1 − b^(−D).",
                  "P(empty) = (1 − b^(−D))^N", {"P(empty)": empty}),
             Step("The expected share of cells holding at least one point.", "E[covered] = 1 − (1 − b^(−D))^N",
                  {"E[covered]": answer}),
             Step("With one feature fewer or more, the same sample covers (the empty space grows exponentially "
                  "with D):", None, {"D = 1 … " + str(D): coverage})]
    sol = Solution("", steps, answer)
    mistakes = [Mistake("no-collisions", f"N / b^D = {N}/{cells} assumes every point lands in its own cell; two "
                        "points can share a cell, so the expected coverage is 1 − (1 − b^(−D))^N.",
                        min(1.0, N / cells)),
                Mistake("empty-share", "that is the expected share of empty cells; covered = 1 − empty.", empty),
                Mistake("b-times-D", f"there are b^D = {cells} cells, not b·D = {b * D}.",
                        1 - (1 - 1 / (b * D)) ** N)]
    return Spec(question=f"N = {N} points are drawn uniformly at random in [0, 1]^D with D = {D} features, and "
                         f"every feature is cut into b = {b} equal bins. What share of the grid's cells do the "
                         "points cover, in expectation?",
                given={"N": N, "b": b, "D": D}, answer=answer, kind="number", decimals=4, solution=sol,
                mistakes=mistakes)


_COURSE = [np.array([[1, 0], [0, 7]]), np.array([[7, 0], [0, 1]]), np.array([[4, 3], [3, 7]]),
           np.array([[4, -3], [-3, 7]])]


def _covariance(draw: Draw) -> np.ndarray:
    if draw.level == 1:
        if draw.integer(0, 1) == 0:
            return _COURSE[draw.integer(0, 3)]
        return np.diag(draw.integers(1, 9, 2)) if draw.integer(0, 2) == 0 else _spd(draw, 1, 8, 0)
    return _spd(draw, 1, 9, 0 if draw.level == 2 else 1)


def _spd(draw: Draw, low, high, places) -> np.ndarray:
    while True:
        a, d = (draw.integers(low, high, 2) if places == 0 else draw.decimals(low, high, 2, places))
        c = draw.integer(-4, 4) if places == 0 else draw.decimals(-4, 4, places=places)
        C = np.array([[a, c], [c, d]])
        if c != 0 and a * d - c * c > 0.5 and a != d:
            return C


@register("pca-eigenvalues", topic="pca", section=10, title="PCA: eigenvalues of a covariance matrix")
def pca_eigenvalues(draw: Draw) -> Spec:
    from lucidml import explain

    C = _covariance(draw)
    sol = explain.pca(C)
    lam = np.sort(sol.answer["eigenvalues"])
    tr, det = float(np.trace(C)), float(np.linalg.det(C))
    mistakes = [Mistake("diagonal", "those are the diagonal entries; with c₁₂ ≠ 0 the eigenvalues are the roots of "
                        "λ² − tr(C) λ + det(C) = 0.", np.diag(C).astype(float)),
                Mistake("sign-error", "sign error in the characteristic polynomial: det(C − λI) = "
                        "λ² − tr(C) λ + det(C), so λ = (tr ± √(tr² − 4 det)) / 2.", -lam),
                Mistake("trace-det", "those are tr(C) and det(C), the sum and product of the eigenvalues; solve "
                        "the quadratic for the eigenvalues themselves.", [tr, det])]
    return Spec(question="What are the eigenvalues of the covariance matrix C (the variances along the principal "
                         "components)?",
                given={"C": C}, answer=lam, kind="vector", unordered=True, decimals=2, solution=sol,
                mistakes=mistakes)


@register("pca-eigenvector", topic="pca", section=10, title="PCA: the first principal direction")
def pca_eigenvector(draw: Draw) -> Spec:
    from lucidml import explain

    C = _covariance(draw)
    sol = explain.pca(C)
    lam, V = sol.answer["eigenvalues"], sol.answer["eigenvectors"]
    j = int(np.argmax(lam))
    v = V[:, j] * _sign(V[:, j])
    small = V[:, 1 - j] * _sign(V[:, 1 - j])
    raw = np.array([C[0, 1], lam[j] - C[0, 0]], dtype=float)
    raw = raw * _sign(raw) if np.any(raw) else raw
    steps = list(sol.steps) + [Step("The first principal direction is the unit eigenvector of the largest "
                                    "eigenvalue; by the question's convention its first non-zero entry is positive.",
                                    f"λ_max = {format_value(lam[j])}", {"u₁": v})]
    sol = Solution("", steps, v)
    mistakes = [Mistake("sign-flipped", "right direction, wrong sign: eigenvectors are defined up to sign, and "
                        "the question fixes it (first non-zero entry positive).", -v, credit=0.5),
                Mistake("smallest-eigenvalue", "that is the eigenvector of the smallest eigenvalue; the first "
                        "principal component has the largest variance.", small),
                Mistake("not-normalised", f"the direction is right but the length is {format_value(np.linalg.norm(raw))}; "
                        "scale the eigenvector to unit length.", raw)]
    return Spec(question="What is the first principal direction u₁ of data with the covariance matrix C: the unit "
                         "eigenvector of the largest eigenvalue, with its first non-zero entry positive?",
                given={"C": C}, answer=v, kind="vector", decimals=2, solution=sol, mistakes=mistakes)


def _sign(v) -> float:
    nz = np.flatnonzero(np.abs(v) > 1e-12)
    return 1.0 if not nz.size or v[nz[0]] > 0 else -1.0
