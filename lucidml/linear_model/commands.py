"""CLI commands for regression and logistic regression.

    lucidml explain linreg --x 1,2,3,4 --y 2,4,5,4
    lucidml explain linreg --data bishop --degree 3
    lucidml explain mle-gaussian --x 0,1,2,3 --y 0,2,2,4 [--w 0.2,1.2]
    lucidml explain logistic --x -1,1 --y 0,1 --w 0,0 --learning-rate 0.5
    lucidml experiment overfitting [--data bishop|random] [--seed 0] [--out folder]
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import typer

from lucidml.cli import experiment_command, explain_command, parse_matrix, parse_vector


def _inputs(text: str, name: str) -> np.ndarray:
    """'1,2,3' -> a vector (one input); '1 2; 3 4' -> a matrix (one row per point)."""
    M = parse_matrix(text, name)
    return M[0] if M.shape[0] == 1 else M


@explain_command("linreg")
def explain_linreg(
    x: str = typer.Option(None, help="inputs: 1,2,3,4 (one feature) or '1 2; 3 4; ...' (one row per point)"),
    y: str = typer.Option(None, help="targets, one per point: 2,4,5,4"),
    data: str = typer.Option(None, help="'bishop': Bishop's ten points of PRML Table 1.1 instead of --x/--y"),
    degree: int = typer.Option(1, help="fit a polynomial of this order M in x: features x, x², …, x^M"),
):
    """Least squares: design matrix, XᵀX, Xᵀy, the solve, the line, the residuals and E.

    ``--data bishop --degree 3`` fits Bishop's cubic (the slide's "M = 6" column of Table 1.1:
    w* = 0.31, 7.99, −25.43, 17.37).
    """
    from lucidml.explain.least_squares import linear_regression

    X, t = _linreg_data(x, y, data)
    if degree != 1:
        X = _polynomial_features(X, degree)
    return linear_regression(X, t)


def _linreg_data(x, y, data):
    """The points from --x/--y, or from --data (exactly one of the two)."""
    if data is None:
        if x is None or y is None:
            raise ValueError("explain linreg: give the points as --x and --y, or --data bishop for Bishop's ten "
                             "points of PRML Table 1.1.")
        return _inputs(x, "x"), parse_vector(y, "y")
    if data != "bishop":
        raise ValueError(f"explain linreg: --data {data!r} is not known; the one data set is 'bishop' "
                         "(or give --x and --y).")
    if x is not None or y is not None:
        raise ValueError("explain linreg: --data bishop brings its own points; leave out --x and --y.")
    from lucidml.datasets import bishop_points

    return bishop_points()


def _polynomial_features(X, degree):
    """x (N,) -> [x, x², …, x^M] (N, M): the polynomial y(x, w) = Σ_j w_j x^j as a linear model."""
    if not 1 <= degree <= 9:
        raise ValueError(f"explain linreg: --degree {degree} must be between 1 and 9 (a polynomial order M).")
    if np.ndim(X) != 1:
        raise ValueError(f"explain linreg: --degree {degree} needs one input feature, but --x has "
                         f"{np.shape(X)[1]} columns.")
    return np.asarray(X, dtype=float)[:, None] ** np.arange(1, degree + 1)      # (N, M)


@explain_command("mle-gaussian")
def explain_mle_gaussian(
    x: str = typer.Option(..., help="inputs, one per point: 0,1,2,3"),
    y: str = typer.Option(..., help="targets, one per point: 0,2,2,4"),
    w: str = typer.Option(None, help="polynomial coefficients w0,w1,...; default: the least-squares line"),
):
    """The Gaussian log-likelihood of y(x, w), with β at its maximum-likelihood value."""
    from lucidml.explain.least_squares import mle_gaussian

    return mle_gaussian(parse_vector(x, "x"), parse_vector(y, "y"), None if w is None else parse_vector(w, "w"))


@explain_command("logistic")
def explain_logistic(
    x: str = typer.Option(..., help="inputs: -1,1 (one feature) or '1 2; 3 4' (one row per point)"),
    y: str = typer.Option(..., help="labels 0/1, one per point: 0,1"),
    w: str = typer.Option(..., help="weights, bias first: w0,w1,..."),
    learning_rate: float = typer.Option(0.1, "--learning-rate", help="the step size η"),
):
    """One gradient-descent step of logistic regression: sigmoid, cross-entropy, gradient, update."""
    from lucidml.explain.logistic_regression import logistic_step

    return logistic_step(_inputs(x, "x"), parse_vector(y, "y"), parse_vector(w, "w"), learning_rate)


@experiment_command("overfitting")
def experiment_overfitting(
    data: str = typer.Option("bishop", help="training points: bishop (PRML's ten, recovered from Table 1.1) "
                                            "or random (a fresh draw of sin(2πx) + noise)"),
    seed: int = typer.Option(0, help="random seed: the test points, and the training draw for --data random"),
    n_samples: int = typer.Option(None, help="training points for --data random (default 10)"),
    noise: float = typer.Option(0.3, help="noise standard deviation of the test points (and of --data random)"),
    out: Path = typer.Option(None, help="folder for the figures (PNG); none saved if omitted"),
):
    """Bishop §1.1: polynomial fits of order M, w* beside the book's tables, train/test E_RMS against M and ln λ."""
    from lucidml.experiments.overfitting import polynomial_overfitting

    result = polynomial_overfitting(n_samples=n_samples, noise=noise, random_state=seed, data=data)
    typer.echo(result.tables())
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for name, fig in [("overfitting_fits.png", result.figure_fits()), ("overfitting_rms.png", result.figure_rms())]:
            fig.savefig(out / name, dpi=100, bbox_inches="tight")
            typer.echo(f"wrote {out / name}")
