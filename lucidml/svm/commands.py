"""CLI: ``lucidml explain svm`` (a two-class SVM prediction, step by step)."""
from __future__ import annotations

import typer

from lucidml.cli import explain_command, parse_labels, parse_matrix, parse_vector


def _gamma(text: str):
    if text in ("scale", "auto"):
        return text
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"--gamma must be 'scale', 'auto' or a positive number, got {text!r}.") from None


@explain_command("svm")
def explain_svm(
    train: str = typer.Option(..., help="training inputs: '0 0; 0 1; 2 0; 2 1' or a CSV path"),
    labels: str = typer.Option(..., help="one of two class labels per training row: no,no,yes,yes"),
    query: str = typer.Option(..., help="the query point, e.g. 1.5,0.5"),
    c: float = typer.Option(1.0, "-C", "--C", help="box constraint C > 0"),
    kernel: str = typer.Option("linear", help="linear, poly, rbf or sigmoid"),
    gamma: str = typer.Option("scale", help="kernel γ: scale, auto or a number"),
    degree: int = typer.Option(3, help="poly degree d"),
    coef0: float = typer.Option(0.0, help="poly/sigmoid offset r"),
):
    """A support vector machine: the dual solution, support vectors, margin and decision value."""
    from lucidml.explain import svm

    return svm(parse_matrix(train, "train"), parse_labels(labels), parse_vector(query, "query"), C=c,
               kernel=kernel, gamma=_gamma(gamma), degree=degree, coef0=coef0)
