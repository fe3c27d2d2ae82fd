"""CLI: lucidml explain lstm-step / rnn-step, lucidml experiment char-rnn / rnn-forecast / gradients-through-time."""
from __future__ import annotations

import matplotlib
from typer.testing import CliRunner

from lucidml.cli import app

matplotlib.use("Agg")
runner = CliRunner()


def test_explain_lstm_step():
    result = runner.invoke(app, ["explain", "lstm-step"])
    assert result.exit_code == 0, result.output
    assert "c_t = f ⊙ c_{t−1} + i ⊙ g" in result.output and "h_t = [0.271588, -0.001077]" in result.output
    result = runner.invoke(app, ["explain", "lstm-step", "--h", "0.1"])
    assert result.exit_code == 2 and "h has shape (1,)" in result.output


def test_explain_rnn_step():
    result = runner.invoke(app, ["explain", "rnn-step", "--x", "1,0", "--h", "0,0", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "tanh" in result.output


def test_experiments(tmp_path):
    fig = tmp_path / "g.png"
    result = runner.invoke(app, ["experiment", "gradients-through-time", "--steps", "10", "--figure", str(fig)])
    assert result.exit_code == 0, result.output
    assert "‖∂L/∂h_t‖" in result.output and fig.exists()
    result = runner.invoke(app, ["experiment", "char-rnn", "--epochs", "1", "--hidden", "8", "--names", "300"])
    assert result.exit_code == 0, result.output
    assert "bigram, add-1" in result.output and "LSTM (8 units)" in result.output
