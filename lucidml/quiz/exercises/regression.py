"""Exercises for §4, linear to polynomial regression: the least-squares line, the ridge
solution for a small design, and the sum-of-squares error E = ½ Σ (ŷ − y)². Answers from
``explain.linear_regression`` (LinearRegression), :class:`lucidml.linear_model.Ridge` and
:func:`lucidml.metrics.mean_squared_error`."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


def _inputs(draw: Draw, n: int) -> np.ndarray:
    """Distinct inputs, not all equal."""
    while True:
        x = draw.numbers(0, 8, n)
        if len(np.unique(x)) == n:
            return np.sort(x)


@register("least-squares", topic="regression", section=4, title="Least-squares line")
def least_squares(draw: Draw) -> Spec:
    from lucidml import explain

    n = draw.by_level(3, 4, 5)
    x = _inputs(draw, n)
    y = draw.by_level(lambda: draw.integers(0, 8, n), lambda: draw.integers(-5, 10, n),
                      lambda: draw.decimals(-5, 5, n, 1))()
    sol = explain.linear_regression(x, y)
    w = sol.answer
    xf, yf = np.asarray(x, float), np.asarray(y, float)
    mistakes = [Mistake("swapped-order", "you gave the slope first; the answer is (w₀, w₁): intercept, then slope.",
                        w[::-1]),
                Mistake("no-intercept", "you fitted a line through the origin (w₁ = Σxy / Σx²); the model has an "
                        "intercept w₀, so solve the 2 × 2 normal equations (or centre x and y first).",
                        [0.0, float(xf @ yf / (xf @ xf))]),
                Mistake("regressed-x-on-y", "you regressed x on y and inverted the line; least squares minimises "
                        "the vertical errors ŷ − y.", _inverse_fit(xf, yf))]
    return Spec(question="Fit the line ŷ = w₀ + w₁ x to the points (x, y) by least squares, minimising "
                         "E = ½ Σ (ŷ_n − y_n)². What are w₀ and w₁?",
                given={"x": x, "y": y}, answer=w, kind="vector", decimals=3, solution=sol, mistakes=mistakes)


def _inverse_fit(x, y):
    A = np.c_[np.ones_like(y), y]
    if np.linalg.matrix_rank(A) < 2:
        return [np.nan, np.nan]
    c0, c1 = np.linalg.lstsq(A, x, rcond=None)[0]             # x = c0 + c1 y
    if c1 == 0:
        return [np.nan, np.nan]
    return [-c0 / c1, 1.0 / c1]


@register("ridge", topic="regression", section=4, title="Ridge regression for a small design")
def ridge(draw: Draw) -> Spec:
    from lucidml.linear_model import Ridge

    n = draw.by_level(3, 4, 4)
    while True:
        X = draw.by_level(lambda: draw.integers(-2, 3, (n, 2)), lambda: draw.integers(-3, 4, (n, 2)),
                          lambda: draw.decimals(-2, 2, (n, 2), 1))()
        if abs(np.linalg.det(X.T @ X)) > 0.5:
            break
    y = draw.numbers(-4, 6, n)
    lam = draw.by_level(draw.choice([1, 2]), draw.choice([0.5, 1, 2, 4]), draw.decimals(0.1, 3, places=1))
    w = Ridge(alpha=lam, fit_intercept=False, solver="svd").fit(X, y).coef_
    Xf, yf = np.asarray(X, float), np.asarray(y, float)
    G, b = Xf.T @ Xf, Xf.T @ yf
    steps = [Step("Setting the gradient of ½ ‖y − X w‖² + λ/2 ‖w‖² to zero gives the regularised normal "
                  "equations (the ½ in front of λ cancels the 2 from differentiating ‖w‖²).",
                  "∇Ẽ = Xᵀ(X w − y) + λ w = 0  ⇔  (XᵀX + λI) w = Xᵀy", {}),
             Step("Form XᵀX and Xᵀy.", "XᵀX,  Xᵀy", {"XᵀX": G, "Xᵀy": b}),
             Step(f"Add λ = {format_value(lam)} to the diagonal.", "XᵀX + λI", {"XᵀX + λI": G + lam * np.eye(2)}),
             Step("Solve the 2 × 2 system (lucidml's Ridge, by the SVD; never by inverting the matrix).",
                  "w = solve(XᵀX + λI, Xᵀy)", {"w": w}),
             Step("Compare with least squares (λ = 0): the penalty shrinks w towards 0.", "w_LS = solve(XᵀX, Xᵀy)",
                  {"w_LS": np.linalg.solve(G, b)})]
    sol = Solution("", steps, w)
    solve = lambda a: np.linalg.solve(G + a * np.eye(2), b)   # noqa: E731  (the mistaken systems)
    mistakes = [Mistake("no-penalty", "you solved ordinary least squares; ridge adds λ to the diagonal of XᵀX.",
                        solve(0.0)),
                Mistake("half-lambda", "you added λ/2; differentiating λ/2 ‖w‖² gives λ w, so add λ itself.",
                        solve(lam / 2)),
                Mistake("double-lambda", "you added 2λ; with the penalty λ/2 ‖w‖² the normal equations have λ I.",
                        solve(2 * lam)),
                Mistake("sign-error", "sign error: the penalty adds +λ to the diagonal (it shrinks w), not −λ.",
                        solve(-lam) if abs(np.linalg.det(G - lam * np.eye(2))) > 1e-9 else [np.nan, np.nan])]
    return Spec(question="Ridge regression without an intercept minimises Ẽ(w) = ½ Σ_n (x_nᵀ w − y_n)² + λ/2 ‖w‖². "
                         "For the design X (one row per sample), targets y and λ, what is w?",
                given={"X": X, "y": y, "λ": lam}, answer=w, kind="vector", decimals=3, solution=sol,
                mistakes=mistakes)


@register("squared-error", topic="regression", section=4, title="Sum-of-squares error of a line")
def squared_error(draw: Draw) -> Spec:
    from lucidml.metrics import mean_squared_error

    n = draw.by_level(3, 4, 5)
    x = _inputs(draw, n)
    y = draw.numbers(-3, 8, n)
    b0 = draw.by_level(draw.integer(-2, 3), draw.decimals(-2, 3, places=1), draw.decimals(-2, 3, places=1))
    b1 = draw.by_level(draw.integer(-1, 2), draw.decimals(-1, 2, places=1), draw.decimals(-1, 2, places=2))
    y_hat = b0 + b1 * np.asarray(x, float)
    e = y_hat - np.asarray(y, float)
    mse = mean_squared_error(y, y_hat)
    E = n / 2 * mse                                          # ½ Σ e² = N/2 · MSE
    steps = [Step("Predict every point with the line.", f"ŷ = b₀ + b₁ x = {format_value(b0)} + {format_value(b1)} x",
                  {"ŷ": y_hat}),
             Step("The errors and their squares.", "e_n = ŷ_n − y_n", {"e": e, "e²": e**2}),
             Step("Half the sum of squares (= N/2 × the mean squared error).", "E = ½ Σ_n e_n²",
                  {"Σ e²": float(e @ e), "MSE": mse, "E": E})]
    sol = Solution("", steps, E)
    mistakes = [Mistake("no-half", "you gave Σ e² without the factor ½; the course's error is E = ½ Σ (ŷ − y)².",
                        2 * E),
                Mistake("mean", "you gave the mean squared error; E is half the sum, not the mean.", mse),
                Mistake("absolute-errors", "you added the absolute errors |ŷ − y|; E adds their squares (and halves).",
                        float(np.abs(e).sum()))]
    exact = draw.level == 1
    return Spec(question=f"The line ŷ = b₀ + b₁ x has b₀ = {format_value(b0)} and b₁ = {format_value(b1)}. "
                         "What is its error E = ½ Σ_n (ŷ_n − y_n)² on the points (x, y)?",
                given={"x": x, "y": y, "b₀": b0, "b₁": b1}, answer=E, kind="number",
                decimals=None if exact else 3, solution=sol, mistakes=mistakes)
