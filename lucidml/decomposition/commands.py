"""CLI commands for PCA and the curse of dimensionality.

    lucidml explain pca --cov "4 3; 3 7"
    lucidml experiment curse --samples 3 --bins 6 --figure curse.png
"""
from __future__ import annotations

from pathlib import Path

import typer

from lucidml.cli import experiment_command, explain_command, parse_matrix


@explain_command("pca")
def explain_pca(
    cov: str = typer.Option(..., help="a symmetric covariance matrix: '4 3; 3 7'"),
):
    """Eigenvalues and eigenvectors of a covariance matrix, and the variance each component explains."""
    from lucidml.explain.principal_components import pca

    return pca(parse_matrix(cov, "cov"))


@experiment_command("curse")
def experiment_curse(
    samples: int = typer.Option(3, help="fixed sample size N"),
    bins: int = typer.Option(6, help="bins per feature b"),
    max_features: int = typer.Option(6, help="largest number of features D"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """The curse of dimensionality: grid coverage and distance concentration as features are added."""
    from lucidml.experiments.dimensionality import curse_of_dimensionality

    result = curse_of_dimensionality(samples, bins, max_features, random_state=seed)
    typer.echo(result.table())
    if figure is not None:
        result.figure().savefig(figure, dpi=100, bbox_inches="tight")
        typer.echo(f"wrote {figure}")
