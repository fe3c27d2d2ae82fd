"""Worked solution for autoregressive forecasts.

    ŷ_{n+h} = c + φ_1 ŷ_{n+h−1} + ... + φ_p ŷ_{n+h−p},   with ŷ_t = y_t for t <= n

Each forecast is a weighted sum of the p values before it; once the horizon passes the
data, earlier forecasts stand in for the unknown values.
Reference: Brockwell & Davis, *Introduction to Time Series and Forecasting*, §3.3.

>>> ar_forecast([1, 2, 3, 4], [0.5, 0.25], steps=2).answer.tolist()
[2.75, 2.375]
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.utils.validation import as_float_array, check_int, check_real

__all__ = ["ar_forecast"]


def ar_forecast(y, coefficients, steps: int = 3, const: float = 0.0) -> Solution:
    """Explain the AR(p) forecasts ŷ_{n+1}, ..., ŷ_{n+steps} from the series ``y``.

    ``coefficients`` = (φ_1, ..., φ_p); ``const`` = c.
    """
    owner = "explain.ar_forecast"
    y = as_float_array(y, name="y", owner=owner, ndim=1)
    phi = as_float_array(coefficients, name="coefficients", owner=owner, ndim=1)
    steps = check_int(steps, name="steps", owner=owner, minimum=1, maximum=1000)
    c = check_real(const, name="const", owner=owner)
    p, n = phi.shape[0], y.shape[0]
    if n < p:
        raise ValueError(f"{owner}: an AR({p}) forecast needs the last {p} values, y has only {n}; "
                         "give a longer series or fewer coefficients.")
    terms = " + ".join(f"φ{l}·y[t−{l}]" for l in range(1, p + 1))
    steps_out = [Step(f"The model: each value is the constant plus a weighted sum of the {p} before it.",
                      f"ŷ[t] = c + {terms}",
                      {"c": c, "φ": phi, f"last {p} values (oldest first)": y[n - p:]})]
    hist = list(y)
    forecasts = []
    for h in range(1, steps + 1):
        t = n - 1 + h                                       # 0-based index of the forecast
        past = [hist[t - l] for l in range(1, p + 1)]
        value = c + float(np.dot(phi, past))
        sources = ", ".join(("ŷ" if t - l >= n else "y") + f"[{t - l}]" for l in range(1, p + 1))
        sum_text = " + ".join(f"{format_value(a)}·{format_value(b)}" for a, b in zip(phi, past))
        text = (f"Forecast step {h} (t = {t}) from {sources}"
                + (" — earlier forecasts replace values not yet observed." if h > 1 and p > 0 else "."))
        steps_out.append(Step(text, f"ŷ[{t}] = {format_value(c)} + {sum_text} = {format_value(value)}",
                              {f"ŷ[{t}]": value}))
        hist.append(value)
        forecasts.append(value)
    answer = np.array(forecasts)
    return Solution(question=f"What does the AR({p}) model forecast for the next {steps} values?",
                    steps=steps_out, answer=answer)
