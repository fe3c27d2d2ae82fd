"""CLI commands for nearest neighbours.

    lucidml explain knn --train "0 0; 1 0; 5 5" --labels a,a,b --query 0.5,0.2 -k 3
"""
from __future__ import annotations

import typer

from lucidml.cli import explain_command, parse_labels, parse_matrix, parse_vector


@explain_command("knn")
def explain_knn(
    train: str = typer.Option(..., help="training inputs: '0 0; 1 0; 5 5' or a CSV path"),
    labels: str = typer.Option(..., help="one label or target per training row: a,a,b"),
    query: str = typer.Option(..., help="the query point, e.g. 0.5,0.2"),
    k: int = typer.Option(3, "-k", "--k", help="number of neighbours"),
    metric: str = typer.Option("euclidean", help="euclidean, manhattan, cosine, minkowski"),
    p: float = typer.Option(2.0, help="Minkowski exponent"),
    task: str = typer.Option("auto", help="classification, regression or auto"),
):
    """A kNN prediction: distances, the k nearest, the vote or the mean."""
    from lucidml.explain import knn

    return knn(parse_matrix(train, "train"), parse_labels(labels), parse_vector(query, "query"),
               k=k, metric=metric, p=p, task=task)
