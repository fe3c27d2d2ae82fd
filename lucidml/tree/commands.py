"""CLI commands for decision trees and tree ensembles.

    lucidml explain split --train "1; 2; 3; 4" --labels a,a,b,b --feature 0
    lucidml explain tree --train iris.csv --labels ... --max-depth 3
    lucidml experiment ensemble-size --dataset breast_cancer --max-estimators 200
"""
from __future__ import annotations

from pathlib import Path

import typer

from lucidml.cli import experiment_command, explain_app, explain_command, friendly_errors, parse_labels, parse_matrix


@explain_command("split")
def explain_split(
    train: str = typer.Option(..., help="the samples at the node: '1 5; 2 3; 3 8' or a CSV path"),
    labels: str = typer.Option(..., help="one label (or target) per row: a,a,b"),
    feature: int = typer.Option(0, "--feature", "-f", help="the column to split (0-based)"),
    criterion: str = typer.Option("auto", help="gini, entropy, squared_error, absolute_error or auto"),
):
    """The best threshold on one feature: every candidate, the children's impurities, the gain."""
    from lucidml.explain.tree_splits import tree_split

    return tree_split(parse_matrix(train, "train"), parse_labels(labels), feature=feature, criterion=criterion)


@explain_app.command("tree")
@friendly_errors
def explain_tree(
    train: str = typer.Option(..., help="training inputs: '1 5; 2 3; 3 8' or a CSV path"),
    labels: str = typer.Option(..., help="one label (or target) per row: a,a,b"),
    max_depth: int = typer.Option(3, help="the deepest the tree may grow"),
    criterion: str = typer.Option("gini", help="gini or entropy (labels); squared_error or absolute_error"),
):
    """Grow a CART tree and print it, one line per test and per leaf."""
    from lucidml.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text

    X, y = parse_matrix(train, "train"), parse_labels(labels)
    if len(y) != X.shape[0]:
        raise ValueError(f"--labels has {len(y)} entries but --train has {X.shape[0]} rows; give one per row.")
    model = (DecisionTreeRegressor if criterion in ("squared_error", "absolute_error") else DecisionTreeClassifier)
    tree = model(criterion=criterion, max_depth=max_depth, random_state=0).fit(X, y)   # ties: reproducible
    typer.echo(export_text(tree), nl=False)


@experiment_command("ensemble-size")
def experiment_ensemble_size(
    dataset: str = typer.Option("breast_cancer", help="iris, wine or breast_cancer"),
    max_estimators: int = typer.Option(200, help="the largest ensemble"),
    seed: int = typer.Option(0, help="random seed of the split and the forest"),
    save: Path | None = typer.Option(None, help="also save the figure to this PNG file"),
):
    """Test error of a random forest, gradient boosting and AdaBoost against the number of trees."""
    from rich.console import Console
    from rich.table import Table

    from lucidml.experiments.ensemble_size import ensemble_size_curves

    sizes, errors = ensemble_size_curves(dataset, max_estimators, seed)
    table = Table(title=f"test error on {dataset} against the number of estimators")
    table.add_column("estimators", justify="right")
    for name in errors:
        table.add_column(name, justify="right")
    for i, m in enumerate(sizes):
        table.add_row(str(m), *[f"{errors[name][i]:.3f}" for name in errors])
    Console().print(table)
    if save is not None:
        from lucidml.experiments.ensemble_size import figure_ensemble_size

        save.write_bytes(figure_ensemble_size(sizes, errors, dataset).png)
        typer.echo(f"wrote {save}")
