"""CLI commands for neural networks.

    lucidml explain backprop                                  (the course network)
    lucidml explain backprop --weights "0.15 0.2; 0.25 0.3 | 0.4 0.45; 0.5 0.55" --biases "0.35 | 0.6"
    lucidml experiment vanishing --depth 20 --figure vanishing.png
    lucidml experiment activations --figure activations.png
    lucidml experiment regularisation --figure regularisation.png
    lucidml explain conv-layer --input "1 2 0; 0 1 3; 2 1 1 | 0 1 1; 1 0 2; 1 1 0" \
        --kernel "1 0; 0 1 | 2 0; 0 -1" --bias 1 --row 0 --col 1
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import typer

from lucidml.cli import experiment_command, explain_command, parse_matrix, parse_vector


def _layers(text: str, name: str, vector: bool):
    """Layers separated by '|': each a matrix ('0.15 0.2; 0.25 0.3') or a vector/number ('0.35')."""
    parts = [p.strip() for p in text.split("|")]
    if any(not p for p in parts):
        raise ValueError(f"--{name}: an empty layer between '|' separators.")
    return [(parse_vector(p, name) if vector else parse_matrix(p, name)) for p in parts]


@explain_command("backprop")
def explain_backprop(
    weights: str = typer.Option(None, help="weight matrices W (n_out × n_in), layers separated by '|' "
                                           "(default: the course network)"),
    biases: str = typer.Option(None, help="one bias (shared) or one per unit for each layer, separated by '|'"),
    inputs: str = typer.Option(None, help="the input vector, e.g. 0.05,0.10"),
    targets: str = typer.Option(None, help="the target vector, e.g. 0.01,0.99"),
    learning_rate: float = typer.Option(None, "--learning-rate", "--lr", help="η (default 0.5)"),
):
    """One step of back-propagation in a small sigmoid network: forward, error, every ∂E/∂w, update."""
    from lucidml.explain.backpropagation import backprop

    W = _layers(weights, "weights", vector=False) if weights else None
    b = _layers(biases, "biases", vector=True) if biases else None
    if b is not None:
        b = [v[0] if v.size == 1 else v for v in b]
    x = parse_vector(inputs, "inputs") if inputs else None
    t = parse_vector(targets, "targets") if targets else None
    if W is not None and b is None:
        raise ValueError("--biases is needed with --weights (one per layer, e.g. '0.35 | 0.6').")
    return backprop(W, b, x, t, learning_rate)


@explain_command("conv-layer")
def explain_conv_layer(
    x: str = typer.Option(..., "--input", help="the input x: channels separated by '|', rows by ';', "
                                                  "e.g. '1 2 0; 0 1 3 | 0 1 1; 1 0 2'"),
    kernel: str = typer.Option(..., help="the filters: filters separated by '||', each filter's channel slices "
                                         "by '|', rows by ';', e.g. '1 0; 0 1 | 2 0; 0 -1'"),
    bias: str = typer.Option(None, help="one bias per filter, e.g. 1 or 1,0.5 (default 0)"),
    out_channel: int = typer.Option(0, "--out-channel", help="which filter (output channel), 0-based"),
    row: int = typer.Option(0, help="the output cell's row, 0-based"),
    col: int = typer.Option(0, help="the output cell's column, 0-based"),
    stride: str = typer.Option("1", help="s, or s_h,s_w"),
    padding: str = typer.Option("0", help="p, p_h,p_w, 'valid' or 'same'"),
    dilation: str = typer.Option("1", help="d, or d_h,d_w"),
):
    """One output cell of a convolution layer: a sum over input channels of 2-D products, and the output size."""
    from lucidml.explain.convolution_layer import conv_layer

    x = _channels(x, "input")                                               # (C, H, W)
    filters = [_channels(f, "kernel") for f in _split(kernel, "||", "kernel", "filter")]
    if len({f.shape for f in filters}) != 1:
        raise ValueError(f"--kernel: the filters have shapes {[f.shape for f in filters]}; they must all match.")
    b = parse_vector(bias, "bias") if bias else None
    return conv_layer(x, np.stack(filters), b, out_channel=out_channel, row=row, col=col,
                      stride=_ints(stride, "stride"), padding=padding if padding in ("valid", "same")
                      else _ints(padding, "padding"), dilation=_ints(dilation, "dilation"))


def _split(text: str, separator: str, name: str, what: str) -> list[str]:
    parts = [p.strip() for p in text.split(separator)]
    if any(not p for p in parts):
        raise ValueError(f"--{name}: an empty {what} between '{separator}' separators.")
    return parts


def _channels(text: str, name: str) -> np.ndarray:
    """Channels separated by '|', each a matrix -> (C, H, W)."""
    channels = [parse_matrix(p, name) for p in _split(text, "|", name, "channel")]
    if len({c.shape for c in channels}) != 1:
        raise ValueError(f"--{name}: the channels have shapes {[c.shape for c in channels]}; they must all match.")
    return np.stack(channels)


def _ints(text: str, name: str):
    """'2' -> 2, '2,1' -> (2, 1)."""
    values = parse_vector(text, name)
    if len(values) > 2 or not np.array_equal(values, np.round(values)):
        raise ValueError(f"--{name}={text!r} must be one or two whole numbers, e.g. 2 or 2,1.")
    ints = tuple(int(v) for v in values)
    return ints[0] if len(ints) == 1 else ints


@experiment_command("vanishing")
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
    _report(result, figure)


@experiment_command("activations")
def experiment_activations(figure: Path = typer.Option(None, help="save the figure to this PNG file")):
    """Every activation and its derivative (from backward())."""
    from lucidml.experiments.neural import activations

    result = activations()
    _report(result, figure)


@experiment_command("regularisation")
def experiment_regularisation(
    epochs: int = typer.Option(600, help="training epochs"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """An over-parameterised MLP on 20 points: none / L2 / dropout / early stopping, train vs validation loss."""
    from lucidml.experiments.neural import regularisation

    result = regularisation(epochs=epochs, random_state=seed)
    _report(result, figure)


@experiment_command("cnn")
def experiment_cnn(
    part: str = typer.Option("all", help="all, versus (CNN vs MLP), shift, filters, residual, or seeds"),
    fast: bool = typer.Option(False, help="500 training digits and a few epochs (seconds, not minutes)"),
    figures: Path = typer.Option(None, help="save each experiment's figure as a PNG in this folder"),
):
    """CNNs on digits: CNN vs MLP, shifted digits, learned filters, residual vs plain, accuracy over seeds."""
    from lucidml.experiments import convolutional as E

    parts = {"versus": lambda: E.cnn_vs_mlp(fast=fast), "shift": lambda: E.shift_robustness(fast=fast),
             "filters": lambda: E.learned_filters(fast=fast), "residual": lambda: E.residual_vs_plain(fast=fast),
             "seeds": lambda: E.digits_accuracy(fast=fast)}
    if part != "all" and part not in parts:
        raise ValueError(f"--part={part!r} is not known; choose all or one of {', '.join(parts)}.")
    for name in (parts if part == "all" else [part]):
        result = parts[name]()
        typer.echo(f"== {name}")
        if hasattr(result, "table"):
            typer.echo(result.table())
        if figures is not None and hasattr(result, "figure"):
            figures.mkdir(parents=True, exist_ok=True)
            _save(result, figures / f"cnn_{name}.png")


def _report(result, figure) -> None:
    """Print an experiment's table and, if asked, save its figure."""
    typer.echo(result.table())
    _save(result, figure)


def _save(result, figure) -> None:
    if figure is not None:
        import matplotlib

        matplotlib.use("Agg")
        result.figure().savefig(figure, dpi=100, bbox_inches="tight")
        typer.echo(f"wrote {figure}")


# -- recurrent networks (lucidml.nn.recurrent) ------------------------------------------------------
@explain_command("lstm-step")
def explain_lstm_step(
    x: str = typer.Option(None, help="the input x_t, e.g. 1,0.5 (default: the course LSTM)"),
    h: str = typer.Option(None, help="the previous hidden state h_{t−1}, e.g. 0.1,-0.2"),
    c: str = typer.Option(None, help="the previous cell state c_{t−1}, e.g. 0.3,-0.1"),
):
    """One LSTM time step with numbers: the gates i, f, g, o, the new cell state c_t and hidden state h_t."""
    from lucidml.explain.recurrent_cells import lstm_step

    return lstm_step(x=parse_vector(x, "x") if x else None, h=parse_vector(h, "h") if h else None,
                     c=parse_vector(c, "c") if c else None)


@explain_command("rnn-step")
def explain_rnn_step(
    x: str = typer.Option(None, help="the input x_t, e.g. 1,0.5"),
    h: str = typer.Option(None, help="the previous hidden state h_{t−1}, e.g. 0.3,-0.1"),
):
    """One tanh RNN time step with numbers: h_t = tanh(W_ih x_t + W_hh h_{t−1} + b)."""
    from lucidml.explain.recurrent_cells import rnn_step

    return rnn_step(x=parse_vector(x, "x") if x else None, h=parse_vector(h, "h") if h else None)


@experiment_command("char-rnn")
def experiment_char_rnn(
    epochs: int = typer.Option(4, help="training epochs for each network"),
    hidden: int = typer.Option(128, help="hidden units"),
    names: int = typer.Option(None, help="use only this many surnames (a quick run); default all 88,799"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """Character-level models of the US Census surnames: n-grams vs RNN, GRU, LSTM (validation nats/char, samples)."""
    from lucidml.experiments.recurrent import char_rnn_names

    result = char_rnn_names(max_epochs=epochs, hidden_size=hidden, n_names=names, random_state=seed, verbose=1)
    _report(result, figure)


@experiment_command("rnn-forecast")
def experiment_rnn_forecast(
    epochs: int = typer.Option(60, help="training epochs of each recurrent forecaster"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """RNNForecaster (GRU, LSTM) beside ARIMA and LagForecaster on sunspots and Nile, rolling-origin RMSE per fold."""
    from lucidml.experiments.recurrent import rnn_forecast

    result = rnn_forecast(max_epochs=epochs, random_state=seed)
    _report(result, figure)


@experiment_command("gradients-through-time")
def experiment_gradients_through_time(
    steps: int = typer.Option(50, help="sequence length T"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """‖∂L/∂h_t‖ against t for RNN, GRU, LSTM, and exploding gradients with and without clipping."""
    from lucidml.experiments.recurrent import gradients_through_time

    result = gradients_through_time(T=steps, random_state=seed)
    _report(result, figure)


# -- transformers (SYLLABUS §13) -------------------------------------------------------------------------
@explain_command("attention")
def explain_attention(
    query: str = typer.Option(None, help="the query vector q, e.g. '1 0' (default: a 2-d example)"),
    keys: str = typer.Option(None, help="the keys, one row each, e.g. '1 0; 0 1; 1 1'"),
    values: str = typer.Option(None, help="the values, one row per key, e.g. '1 2; 3 4; 5 6'"),
    causal_position: int = typer.Option(None, "--causal-position", help="hide the keys after this position (0-based)"),
):
    """Scaled dot-product attention for one query: each score q·k/√d, the softmax weights, the weighted sum."""
    from lucidml.explain.attention_weights import attention

    return attention(parse_vector(query, "query") if query else None, parse_matrix(keys, "keys") if keys else None,
                     parse_matrix(values, "values") if values else None, causal_position=causal_position)


@experiment_command("gpt-names")
def experiment_gpt_names(
    epochs: int = typer.Option(3, help="training epochs"),
    layers: int = typer.Option(2, help="transformer blocks"),
    width: int = typer.Option(64, help="n_embd"),
    names: int = typer.Option(None, help="use only this many surnames (a quick run); default all 88,799"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """A tiny GPT on the US Census surnames beside the n-gram ladder (validation nats/char, samples)."""
    from lucidml.experiments.foundation import gpt_names

    result = gpt_names(n_layer=layers, n_embd=width, max_epochs=epochs, n_names=names, random_state=seed, verbose=1)
    _report(result, figure)


@experiment_command("pretrain-finetune")
def experiment_pretrain_finetune(
    pretrain_epochs: int = typer.Option(6, "--pretrain-epochs", help="masked-LM epochs over the unlabelled names"),
    steps: int = typer.Option(250, help="fine-tuning steps per run"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """BERT pretrained by masked LM on names, fine-tuned to predict sex from 50…all labels, vs from scratch."""
    from lucidml.experiments.foundation import pretrain_finetune

    result = pretrain_finetune(pretrain_epochs=pretrain_epochs, finetune_steps=steps, random_state=seed, verbose=1)
    _report(result, figure)


@experiment_command("translation")
def experiment_translation(
    epochs: int = typer.Option(8, help="training epochs"),
    train: int = typer.Option(6000, help="training pairs"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the cross-attention heat map to this PNG file"),
):
    """Encoder–decoder translation of written dates to ISO (exact-match, per-character, greedy vs beam)."""
    from lucidml.experiments.translation import date_translation

    result = date_translation(n_train=train, epochs=epochs, random_state=seed, verbose=1)
    _report(result, figure)
