"""Worked solution: the L1, L2 and cosine distances between two vectors.

>>> s = distances([0, 0], [3, 4])
>>> s.answer
{'manhattan': 7.0, 'euclidean': 5.0, 'cosine': 1.0}
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.metrics.distances import check_vectors, cosine, euclidean, manhattan

__all__ = ["distances"]


def distances(x, y) -> Solution:
    """Explain the Manhattan, Euclidean and cosine distances between ``x`` and ``y``."""
    x, y = check_vectors(x, y, "explain.distances")
    diff = x - y
    l1, l2, cos = manhattan(x, y), euclidean(x, y), cosine(x, y)
    nx, ny = np.sqrt(x @ x), np.sqrt(y @ y)
    steps = [
        Step("Subtract the vectors component by component.", "x − y", {"x − y": diff}),
        Step("Manhattan (L1): add the absolute differences.", "d₁(x, y) = Σ_d |x_d − y_d|",
             {"|x − y|": np.abs(diff), "d₁": l1}),
        Step("Euclidean (L2): square root of the sum of squared differences.",
             "d₂(x, y) = √(Σ_d (x_d − y_d)²)", {"(x − y)²": diff**2, "d₂": l2}),
        Step("Cosine: one minus the cosine of the angle between the vectors "
             "(a zero vector counts as similarity 0).",
             "d_cos(x, y) = 1 − x·y / (‖x‖ ‖y‖)",
             {"x·y": float(x @ y), "‖x‖": float(nx), "‖y‖": float(ny), "d_cos": cos}),
    ]
    return Solution(
        question=f"How far apart are x = {format_value(x)} and y = {format_value(y)}?",
        steps=steps, answer={"manhattan": l1, "euclidean": l2, "cosine": cos},
        answer_text=f"L1 = {format_value(l1)}, L2 = {format_value(l2)}, cosine = {format_value(cos)}")
