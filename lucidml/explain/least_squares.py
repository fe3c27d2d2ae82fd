"""Worked solutions for least squares and its probabilistic twin.

``linear_regression(x, y)``: the normal equations step by step
    1. X = [1  x]                 the design matrix (a column of ones for the intercept)
    2. XᵀX and Xᵀy
    3. solve (XᵀX) w = Xᵀy         (w₀ the intercept, w₁.. the slopes)
    4. ŷ = X w, e = ŷ − y, E = ½ Σ e²

``mle_gaussian(x, y, w)``: the Gaussian log-likelihood of a polynomial y(x, w) = Σ_j w_j x^j
    1. r_n = y(x_n, w) − t_n
    2. 1/β_ML = (1/N) Σ r_n²
    3. ln p = −β/2 Σ r_n² + N/2 ln β − N/2 ln 2π, term by term

>>> linear_regression([0, 1, 2], [1, 3, 5]).answer.round(10).tolist()     # y = 1 + 2x
[1.0, 2.0]
>>> s = mle_gaussian([0, 1, 2, 3], [0, 2, 2, 4], [0.2, 1.2])
>>> round(s.answer, 6)          # β = 5: −2 + 2 ln 5 − 2 ln 2π
-2.456878
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.linear_model.linear_regression import LinearRegression
from lucidml.utils.validation import as_float_array

__all__ = ["linear_regression", "mle_gaussian"]


def linear_regression(x, y) -> Solution:
    """Explain the least-squares fit of y = w₀ + w₁ x (or w₀ + Σ_d w_d x_d for 2-D ``x``)."""
    owner = "explain.linear_regression"
    X_raw, t = _check_xy(x, y, owner)
    N, D = X_raw.shape
    if N < D + 1:
        raise ValueError(f"{owner}: {D + 1} parameters need at least {D + 1} points, got {N}.")
    X = np.hstack([np.ones((N, 1)), X_raw])                                  # design matrix (N, D+1)
    XtX, Xty = X.T @ X, X.T @ t
    if np.linalg.matrix_rank(X) < D + 1:
        raise ValueError(f"{owner}: XᵀX is singular (an input column is constant or a copy of another), so "
                         "the line is not unique; give inputs with some spread.")
    model = LinearRegression().fit(X_raw, t)                                # the stable solve (QR + SVD)
    w = np.r_[model.intercept_, model.coef_]
    y_hat = X @ w
    e = y_hat - t
    E = 0.5 * float(e @ e)
    names = "w₀ + w₁ x" if D == 1 else "w₀ + Σ_d w_d x_d"
    steps = [
        Step("Build the design matrix: a column of ones (for the intercept w₀) next to the inputs.",
             "X = [1  x]", {"X": X}),
        Step("Form the normal equations' matrix and right-hand side.",
             "XᵀX,  Xᵀy", {"XᵀX": XtX, "Xᵀy": Xty}),
        Step("Solve (XᵀX) w = Xᵀy for w (numerically: by QR and the SVD, never by inverting XᵀX).",
             "w = argmin_w ½‖X w − y‖²  ⇔  XᵀX w = Xᵀy", {"w": w}),
        Step(f"The fitted model is ŷ = {names}; its predictions on the data:",
             "ŷ = X w", {"ŷ": y_hat}),
        Step("The residuals and the sum-of-squares error.",
             "e = ŷ − y,  E = ½ Σ_n e_n²", {"e": e, "E": E}),
    ]
    line = " + ".join([format_value(w[0])] + [f"{format_value(wj)}·x{'' if D == 1 else j + 1}"
                                              for j, wj in enumerate(w[1:])])
    return Solution(question=f"Fit y = {names} by least squares to {N} points.", steps=steps, answer=w,
                    answer_text=f"ŷ = {line}  (E = {format_value(E)})")


def mle_gaussian(x, y, w=None) -> Solution:
    """Explain the Gaussian log-likelihood of the polynomial y(x, w) = Σ_j w_j x^j (w₀ first).

    Without ``w`` the least-squares line is fitted first (it is also the maximum-likelihood w).
    """
    owner = "explain.mle_gaussian"
    X_raw, t = _check_xy(x, y, owner)
    if X_raw.shape[1] != 1:
        raise ValueError(f"{owner}: x must be one input (a vector), got {X_raw.shape[1]} columns.")
    x = X_raw[:, 0]
    N = x.shape[0]
    if w is None:
        model = LinearRegression().fit(X_raw, t)
        w = np.r_[model.intercept_, model.coef_]
    w = as_float_array(w, name="w", owner=owner, ndim=1)
    y_hat = np.polynomial.polynomial.polyval(x, w)                           # y(x_n, w) = Σ_j w_j x_n^j
    r = y_hat - t
    sse = float(r @ r)
    if sse == 0:
        raise ValueError(f"{owner}: the model passes through every point (Σ r² = 0), so β_ML is infinite and "
                         "the likelihood unbounded; use data with noise or a simpler model.")
    beta = N / sse                                                           # 1/β = Σ r² / N
    terms = {"−β/2 Σ r²": -beta / 2 * sse, "N/2 ln β": N / 2 * np.log(beta),
             "−N/2 ln 2π": -N / 2 * np.log(2 * np.pi)}
    log_p = float(sum(terms.values()))
    steps = [
        Step("Evaluate the model y(x, w) = Σ_j w_j x^j at every input and take the residuals.",
             "r_n = y(x_n, w) − t_n", {"w": w, "y(x, w)": y_hat, "r": r}),
        Step("Maximising over β gives the noise precision: one over the mean squared residual.",
             "1/β_ML = (1/N) Σ_n r_n²", {"Σ r²": sse, "1/β_ML": sse / N, "β_ML": beta}),
        Step("The log-likelihood of N independent Gaussian errors, term by term.",
             "ln p(t | x, w, β) = −β/2 Σ_n r_n² + N/2 ln β − N/2 ln(2π)", {**terms, "ln p": log_p}),
        Step("Only the first term depends on w, through −Σ r²: maximising the likelihood over w is "
             "minimising the squared error.", "argmax_w ln p = argmin_w ½ Σ_n r_n²", {}),
    ]
    return Solution(question=f"What is the Gaussian log-likelihood of y(x, w) on {N} points, with β at its "
                             "maximum-likelihood value?", steps=steps, answer=log_p,
                    answer_text=f"ln p = {format_value(log_p)} with β_ML = {format_value(beta)}")


def _check_xy(x, y, owner):
    X = as_float_array(x, name="x", owner=owner, ndim=(1, 2))
    X = X[:, None] if X.ndim == 1 else X                                     # (N, D)
    t = as_float_array(y, name="y", owner=owner, ndim=1)
    if X.shape[0] != t.shape[0]:
        raise ValueError(f"{owner}: x has {X.shape[0]} points but y has {t.shape[0]}; give one y per x.")
    return X, t
