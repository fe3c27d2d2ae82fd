"""Exercises for §5, the probabilistic twin of least squares: the noise precision β_ML and
the Gaussian log-likelihood ln p(t | x, w, β_ML) of a given polynomial. Answers and worked
solutions from ``explain.mle_gaussian``."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


def _problem(draw: Draw):
    from lucidml import explain

    n = draw.by_level(4, 5, 6)
    while True:
        x = np.sort(draw.numbers(0, 6, n))
        t = draw.numbers(-2, 8, n)
        w = draw.by_level(lambda: draw.integers(-1, 2, 2), lambda: draw.decimals(-1, 2, 2, 1),
                          lambda: draw.decimals(-1, 1, 3, 1))()
        r = np.polynomial.polynomial.polyval(np.asarray(x, float), np.asarray(w, float)) - t
        if float(r @ r) > 0.5:                               # some noise, so β_ML is finite and readable
            break
    sol = explain.mle_gaussian(x, t, w)
    return x, t, w, r, sol


def _model_text(w) -> str:
    text = format_value(w[0])
    for j, c in enumerate(w[1:], 1):
        text += f" {'−' if c < 0 else '+'} {format_value(abs(c))}·x{'²' if j == 2 else ''}"
    return "y(x, w) = " + text


@register("beta-ml", topic="likelihood", section=5, title="The noise precision β_ML")
def beta_ml(draw: Draw) -> Spec:
    x, t, w, r, sol = _problem(draw)
    values = sol.steps[1].values
    beta, sse, N = values["β_ML"], values["Σ r²"], len(t)
    mistakes = [Mistake("gave-variance", "that is 1/β_ML, the mean squared residual (the noise variance); "
                        "β is the precision, its inverse.", sse / N),
                Mistake("n-minus-one", "you divided by N − 1; the maximum-likelihood estimate is 1/β_ML = Σ r² / N.",
                        (N - 1) / sse),
                Mistake("half-sse", "you used ½ Σ r²; maximising ln p over β gives 1/β_ML = (1/N) Σ r², no ½.",
                        N / (sse / 2))]
    return Spec(question=f"The model {_model_text(w)} has Gaussian noise of precision β: "
                         "p(t | x, w, β) = Π_n N(t_n | y(x_n, w), 1/β). What is the maximum-likelihood β_ML "
                         "on the data (x, t)?",
                given={"x": x, "t": t, "w": w}, answer=beta, kind="number", sig=4, solution=sol,
                mistakes=mistakes)


@register("log-likelihood", topic="likelihood", section=5, title="Gaussian log-likelihood at β_ML")
def log_likelihood(draw: Draw) -> Spec:
    x, t, w, r, sol = _problem(draw)
    values = sol.steps[2].values
    log_p = sol.answer
    N, beta = len(t), sol.steps[1].values["β_ML"]
    mistakes = [Mistake("sign-error", "sign error: ln p = −β/2 Σ r² + N/2 ln β − N/2 ln 2π; check the sign of "
                        "each term.", -log_p),
                Mistake("no-2pi-term", "you left out the constant −N/2 ln(2π).", log_p - values["−N/2 ln 2π"]),
                Mistake("log10", "you used log₁₀; the likelihood uses the natural logarithm ln.",
                        -beta / 2 * float(r @ r) + N / 2 * np.log10(beta) - N / 2 * np.log10(2 * np.pi))]
    return Spec(question=f"The model {_model_text(w)} has Gaussian noise of precision β. With β at its "
                         "maximum-likelihood value β_ML, what is the log-likelihood "
                         "ln p(t | x, w, β_ML) = −β/2 Σ_n (y(x_n, w) − t_n)² + N/2 ln β − N/2 ln 2π?",
                given={"x": x, "t": t, "w": w}, answer=log_p, kind="number", decimals=3, solution=sol,
                mistakes=mistakes)
