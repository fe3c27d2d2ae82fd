"""CLI commands for clustering.

    lucidml explain kmeans --data "0 0; 0 2; 10 0; 10 2" --centres "0 1; 1 1"
    lucidml explain silhouette --data "0; 1; 10; 11" --labels 0,0,1,1 -i 0
    lucidml experiment choose-k --data points.csv --method silhouette --k-min 2 --k-max 8
"""
from __future__ import annotations

from pathlib import Path

import typer

from lucidml.cli import experiment_command, explain_command, parse_labels, parse_matrix


@explain_command("kmeans")
def explain_kmeans(
    data: str = typer.Option(..., help="the points: '0 0; 0 2; 10 0' or a CSV path"),
    centres: str = typer.Option(..., help="the current centres, one per row: '0 1; 1 1'"),
):
    """One k-means iteration: distances, assignments, new centres, inertia before and after."""
    from lucidml.explain.clustering import kmeans_iteration

    return kmeans_iteration(parse_matrix(data, "data"), parse_matrix(centres, "centres"))


@explain_command("silhouette")
def explain_silhouette(
    data: str = typer.Option(..., help="the points: '0; 1; 10; 11' or a CSV path"),
    labels: str = typer.Option(..., help="one cluster label per row: 0,0,1,1"),
    i: int = typer.Option(0, "-i", "--index", help="the point whose silhouette to explain"),
):
    """The silhouette s(i) = (b − a) / max(a, b) of one point."""
    from lucidml.explain.clustering import silhouette

    return silhouette(parse_matrix(data, "data"), parse_labels(labels), i)


@experiment_command("choose-k")
def experiment_choose_k(
    data: str = typer.Option(..., help="the points: a CSV path or '0 0; 1 1; ...'"),
    method: str = typer.Option("silhouette", help="silhouette, elbow or bic"),
    k_min: int = typer.Option(2, help="smallest K"),
    k_max: int = typer.Option(10, help="largest K"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """Score each K and pick the number of clusters."""
    from lucidml.cluster.choosing_k import choose_n_clusters

    choice = choose_n_clusters(parse_matrix(data, "data"), range(k_min, k_max + 1), method=method)
    typer.echo(choice.table())
    if figure is not None:
        choice.figure().savefig(figure, dpi=100, bbox_inches="tight")
        typer.echo(f"wrote {figure}")
