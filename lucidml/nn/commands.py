"""CLI commands for neural networks.

    lucidml explain backprop                                  (the course network)
    lucidml explain backprop --weights "0.15 0.2; 0.25 0.3 | 0.4 0.45; 0.5 0.55" --biases "0.35 | 0.6"
    lucidml experiment vanishing --depth 20 --figure vanishing.png
    lucidml experiment activations --figure activations.png
    lucidml experiment regularisation --figure regularisation.png
"""
from __future__ import annotations

from pathlib import Path

import typer

from lucidml.cli import Format, experiment_app, explain_app, friendly_errors, parse_matrix, parse_vector, show


def _layers(text: str, name: str, vector: bool):
    """Layers separated by '|': each a matrix ('0.15 0.2; 0.25 0.3') or a vector/number ('0.35')."""
    parts = [p.strip() for p in text.split("|")]
    if any(not p for p in parts):
        raise ValueError(f"--{name}: an empty layer between '|' separators.")
    return [(parse_vector(p, name) if vector else parse_matrix(p, name)) for p in parts]


@explain_app.command("backprop")
@friendly_errors
def explain_backprop(
    weights: str = typer.Option(None, help="weight matrices W (n_out × n_in), layers separated by '|' "
                                           "(default: the course network)"),
    biases: str = typer.Option(None, help="one bias (shared) or one per unit for each layer, separated by '|'"),
    inputs: str = typer.Option(None, help="the input vector, e.g. 0.05,0.10"),
    targets: str = typer.Option(None, help="the target vector, e.g. 0.01,0.99"),
    learning_rate: float = typer.Option(None, "--learning-rate", "--lr", help="η (default 0.5)"),
    format: Format = typer.Option(Format.text, "--format", help="text, markdown or html"),
):
    """One step of back-propagation in a small sigmoid network: forward, error, every ∂E/∂w, update."""
    from lucidml.explain.backprop import backprop

    W = _layers(weights, "weights", vector=False) if weights else None
    b = _layers(biases, "biases", vector=True) if biases else None
    if b is not None:
        b = [v[0] if v.size == 1 else v for v in b]
    x = parse_vector(inputs, "inputs") if inputs else None
    t = parse_vector(targets, "targets") if targets else None
    if W is not None and b is None:
        raise ValueError("--biases is needed with --weights (one per layer, e.g. '0.35 | 0.6').")
    show(backprop(W, b, x, t, learning_rate), format)


@experiment_app.command("vanishing")
@friendly_errors
def experiment_vanishing(
    depth: int = typer.Option(20, help="number of layers"),
    width: int = typer.Option(64, help="units per layer"),
    scale: float = typer.Option(2.0, help="initial-scale factor for the exploding ReLU stack"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """Gradient norm per layer at initialisation: sigmoid/tanh/ReLU, with and without batch/layer norm."""
    from lucidml.experiments.neural import vanishing_gradients

    result = vanishing_gradients(depth, width, exploding_scale=scale, random_state=seed)
    typer.echo(result.table())
    _save(result, figure)


@experiment_app.command("activations")
@friendly_errors
def experiment_activations(figure: Path = typer.Option(None, help="save the figure to this PNG file")):
    """Every activation and its derivative (from backward())."""
    from lucidml.experiments.neural import activations

    result = activations()
    typer.echo(result.table())
    _save(result, figure)


@experiment_app.command("regularisation")
@friendly_errors
def experiment_regularisation(
    epochs: int = typer.Option(600, help="training epochs"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """An over-parameterised MLP on 20 points: none / L2 / dropout / early stopping, train vs validation loss."""
    from lucidml.experiments.neural import regularisation

    result = regularisation(epochs=epochs, random_state=seed)
    typer.echo(result.table())
    _save(result, figure)


def _save(result, figure) -> None:
    if figure is not None:
        import matplotlib

        matplotlib.use("Agg")
        result.figure().savefig(figure, dpi=100, bbox_inches="tight")
        typer.echo(f"wrote {figure}")
