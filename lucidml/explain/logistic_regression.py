"""Worked solution for one gradient-descent step of logistic regression.

    1. a_n = wᵀ x̃_n with x̃_n = [1, x_n]          (w₀ is the bias)
    2. p_n = σ(a_n) = 1 / (1 + e^(−a_n))
    3. E(w) = −Σ_n [t_n ln p_n + (1 − t_n) ln(1 − p_n)]     (cross-entropy)
    4. ∇E = Σ_n (p_n − t_n) x̃_n
    5. w ← w − η ∇E

>>> s = logistic_step([-1, 1], [0, 1], [0, 0], learning_rate=0.5)
>>> s.answer.tolist()          # p = ½, ½; ∇E = (0, −1); w = (0, 0) − 0.5 (0, −1)
[0.0, 0.5]
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.utils.validation import as_float_array, check_real

__all__ = ["logistic_step"]


def logistic_step(x, y, w, learning_rate: float = 0.1) -> Solution:
    """Explain one update w ← w − η ∇E of logistic regression on inputs ``x`` and 0/1 labels ``y``.

    ``w`` = (w₀, w₁, ..., w_D): the bias first, then one weight per input column.
    """
    owner = "explain.logistic_step"
    X = as_float_array(x, name="x", owner=owner, ndim=(1, 2))
    X = X[:, None] if X.ndim == 1 else X                                     # (N, D)
    t = as_float_array(y, name="y", owner=owner, ndim=1)
    w = as_float_array(w, name="w", owner=owner, ndim=1)
    eta = check_real(learning_rate, name="learning_rate", owner=owner, minimum=0.0, strict=True)
    N, D = X.shape
    if t.shape[0] != N:
        raise ValueError(f"{owner}: x has {N} points but y has {t.shape[0]} labels.")
    if not np.isin(t, (0.0, 1.0)).all():
        raise ValueError(f"{owner}: y must hold the labels 0 and 1, got {np.unique(t).tolist()}.")
    if w.shape[0] != D + 1:
        raise ValueError(f"{owner}: w needs {D + 1} entries (the bias w₀, then {D} weight(s)), got {w.shape[0]}.")
    X1 = np.hstack([np.ones((N, 1)), X])                                     # x̃ = [1, x]   (N, D+1)

    def cross_entropy(w_):
        a_ = X1 @ w_
        return float(np.sum(np.logaddexp(0.0, a_) - t * a_))                # −Σ[t ln σ + (1−t) ln(1−σ)]

    a = X1 @ w
    p = expit(a)
    E = cross_entropy(w)
    grad = X1.T @ (p - t)
    w_new = w - eta * grad
    E_new = cross_entropy(w_new)
    steps = [
        Step("Add a 1 to each input for the bias and compute the activations.",
             "a_n = wᵀ x̃_n,  x̃_n = [1, x_n]", {"x̃": X1, "a": a}),
        Step("Squash them with the sigmoid: the predicted probability of class 1.",
             "p_n = σ(a_n) = 1 / (1 + e^(−a_n))", {"p": p}),
        Step("The cross-entropy error of these probabilities.",
             "E(w) = −Σ_n [t_n ln p_n + (1 − t_n) ln(1 − p_n)]", {"E(w)": E}),
        Step("Its gradient: each point pulls w by its error p_n − t_n times its input.",
             "∇E = Σ_n (p_n − t_n) x̃_n", {"p − t": p - t, "∇E": grad}),
        Step(f"Step downhill with learning rate η = {format_value(eta)}.",
             "w_new = w − η ∇E", {"w": w, "w_new": w_new}),
        Step("The error after the step" + (" went down." if E_new < E else
                                          " did not go down: the step was too large, lower η."),
             "E(w_new)", {"E(w_new)": E_new}),
    ]
    return Solution(question=f"One gradient-descent step of logistic regression from w = {format_value(w)} "
                             f"with η = {format_value(eta)}.", steps=steps, answer=w_new)
