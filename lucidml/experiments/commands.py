"""CLI commands for the cross-topic experiments.

    lucidml experiment classifiers [--out folder] [--random-state 0]
"""
from __future__ import annotations

from pathlib import Path

import typer

from lucidml.cli import experiment_command


@experiment_command("classifiers")
def experiment_classifiers(out: Path = typer.Option(None, help="folder to save classifiers.png in"),
                           random_state: int = typer.Option(0, help="seed for the data and the models")):
    """Every classifier on the same two-moons data: held-out accuracy and decision boundaries."""
    import matplotlib

    matplotlib.use("Agg")
    from lucidml.experiments.classifier_comparison import compare_classifiers

    result = compare_classifiers(random_state=random_state)
    typer.echo(result.table())
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        result.figure.savefig(out / "classifiers.png", dpi=90, bbox_inches="tight")
        typer.echo(f"wrote {out / 'classifiers.png'}")
