"""CLI: ``lucidml explain bayes`` (a naive Bayes prediction, step by step)."""
from __future__ import annotations

import typer

from lucidml.cli import explain_command, parse_labels, parse_matrix, parse_vector


@explain_command("bayes")
def explain_bayes(
    train: str = typer.Option(..., help="training inputs: '1 2; 1.2 1.8; 3 4' or a CSV path"),
    labels: str = typer.Option(..., help="one class label per training row: a,a,b"),
    query: str = typer.Option(..., help="the query point, e.g. 1.1,2.1"),
    model: str = typer.Option("gaussian", help="gaussian, multinomial (counts) or bernoulli (presence)"),
    alpha: float = typer.Option(1.0, help="additive smoothing for multinomial/bernoulli"),
):
    """A naive Bayes prediction: priors, likelihoods, their log-sum, the posterior."""
    from lucidml.explain import naive_bayes

    return naive_bayes(parse_matrix(train, "train"), parse_labels(labels), parse_vector(query, "query"),
                       model=model, alpha=alpha)
