"""Worked solution for differencing a series, and undoing it.

    ∇y_t = y_t − y_{t−1},   ∇ᵈ y = ∇(∇ᵈ⁻¹ y)        (each difference loses one value)
    undo:  y_t = y_{t−1} + ∇y_t, a running sum started from the first value

A linear trend becomes a constant after one difference, a quadratic after two; ARIMA
models the differenced series with an ARMA and integrates the forecasts back.
Reference: Brockwell & Davis, *Introduction to Time Series and Forecasting*, §1.5.1, §6.1.

>>> differencing([1, 4, 9, 16, 25], d=2).answer.tolist()
[2.0, 2.0, 2.0]
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.utils.validation import as_float_array, check_int

__all__ = ["differencing"]

_SHOW = 4  # subtractions written out per difference


def differencing(y, d: int = 1) -> Solution:
    """Explain ∇ᵈ y step by step, and how y is rebuilt from ∇ᵈ y and its first d values."""
    owner = "explain.differencing"
    y = as_float_array(y, name="y", owner=owner, ndim=1)
    d = check_int(d, name="d", owner=owner, minimum=1, maximum=2)
    if y.shape[0] <= d:
        raise ValueError(f"{owner}: d={d} differences of {y.shape[0]} values leave nothing; "
                         f"give at least {d + 1} values.")
    steps = [Step("Start from the series.", None, {"y": y})]
    w, starts = y, []
    for k in range(1, d + 1):
        starts.append(w[0])
        new = w[1:] - w[:-1]
        shown = ", ".join(f"{format_value(b)} − {format_value(a)}" for a, b in zip(w[:_SHOW], w[1:_SHOW + 1]))
        more = ", ..." if new.shape[0] > _SHOW else ""
        name = "∇y" if k == 1 else f"∇{_sup(k)}y"
        prev = "y" if k == 1 else ("∇y" if k == 2 else f"∇{_sup(k - 1)}y")
        steps.append(Step(f"Difference {k}: subtract each value of {prev} from the next one "
                          f"({new.shape[0]} values remain).",
                          f"{name}[t] = {prev}[t] − {prev}[t−1]:  {shown}{more}", {name: new}))
        w = new
    rebuilt = w
    for k in reversed(range(d)):
        rebuilt = np.concatenate([[starts[k]], starts[k] + np.cumsum(rebuilt)])
    steps.append(Step(f"To undo, keep the first value of each level ({format_value(np.array(starts))}) and "
                      "add up the differences: a running sum restores the series exactly.",
                      "y[t] = y[t−1] + ∇y[t]", {"rebuilt y": rebuilt}))
    return Solution(question=f"What is the {_ordinal(d)} difference of y?", steps=steps, answer=w)


def _sup(k):
    return "²" if k == 2 else str(k)


def _ordinal(d):
    return {1: "first", 2: "second"}[d]
