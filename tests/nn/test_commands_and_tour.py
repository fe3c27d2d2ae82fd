"""The nn CLI commands and the tour section."""
from __future__ import annotations

import matplotlib
import pytest
from typer.testing import CliRunner

from lucidml.cli import app

matplotlib.use("Agg")
runner = CliRunner()


def test_explain_backprop_course_network_by_default():
    result = runner.invoke(app, ["explain", "backprop", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    for number in ("0.74136507", "0.186815602", "0.593269992", "w5⁺ = 0.35891648", "w1⁺ = 0.149780716"):
        assert number in result.output


def test_explain_backprop_weights_overridable():
    args = ["explain", "backprop", "--weights", "0.15 0.2; 0.25 0.3 | 0.4 0.45; 0.5 0.55", "--biases", "0.35 | 0.6",
            "--inputs", "0.05,0.10", "--targets", "0.01,0.99", "--lr", "0.5", "--format", "markdown"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "w5⁺ = 0.35891648" in result.output
    result = runner.invoke(app, ["explain", "backprop", "--weights", "1 2 3 | 4", "--biases", "0 | 0",
                                 "--inputs", "1,0,1", "--targets", "0.5"])
    assert result.exit_code == 0, result.output            # a 3-1-1 network
    assert "w4⁺" in result.output


def test_bad_input_is_one_line():
    result = runner.invoke(app, ["explain", "backprop", "--weights", "1 2; 3 4 | 1 2 3", "--biases", "0 | 0"])
    assert result.exit_code == 2
    assert "error: explain.backprop: weights[1] has shape (1, 3)" in result.output
    result = runner.invoke(app, ["explain", "backprop", "--weights", "1 2; 3 4"])
    assert result.exit_code == 2 and "--biases" in result.output
    result = runner.invoke(app, ["experiment", "vanishing", "--depth", "1"])
    assert result.exit_code == 2 and "depth" in result.output


def test_experiment_vanishing(tmp_path):
    png = tmp_path / "v.png"
    result = runner.invoke(app, ["experiment", "vanishing", "--depth", "8", "--width", "16", "--figure", str(png)])
    assert result.exit_code == 0, result.output
    assert "sigmoid + batch norm" in result.output and png.stat().st_size > 1000
    result = runner.invoke(app, ["experiment", "activations"])
    assert result.exit_code == 0 and "gelu" in result.output


@pytest.mark.slow
def test_tour_section():
    from lucidml.nn.tour import section

    s, cnn, rnn, transformers = section()         # the MLP, CNN, recurrent and transformer sections
    assert s.order == 110 and s.title == "Neural networks"
    assert len(s.figures) == 3 and all(f.png.startswith(b"\x89PNG") for f in s.figures)
    assert "0.35891648" in s.solutions[0].to_html()
    assert (cnn.order, rnn.order, transformers.order) == (115, 125, 130)
    # the teaching tables are Tables (HTML <table> in the tour), not text in the notes
    assert [t.columns[0] for t in s.tables] == ["configuration", "method"] and not s.notes
    assert [t.columns[0] for t in cnn.tables] == ["model", "model", "network"] and not cnn.notes
    assert "<td>" in s.tables[0].to_html() and "layer 20" in s.tables[0].to_text()
