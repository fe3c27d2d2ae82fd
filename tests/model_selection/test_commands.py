"""CLI commands and the tour section for model generalisation."""
import pytest
from typer.testing import CliRunner

from lucidml.cli import app

runner = CliRunner()


def test_explain_kfold():
    result = runner.invoke(app, ["explain", "kfold", "--n", "12", "--k", "3"])
    assert result.exit_code == 0, result.output
    assert "round 2: T T T T V V V V T T T T" in result.output


def test_explain_tscv_sliding():
    result = runner.invoke(app, ["explain", "tscv", "--n", "12", "--k", "4", "--window", "sliding"])
    assert result.exit_code == 0, result.output
    assert "round 4: · · · · · · T T T T V V" in result.output
    assert "Training must precede validation" in result.output
    result = runner.invoke(app, ["explain", "tscv", "--n", "12", "--k", "3", "--gap", "1", "--format", "markdown"])
    assert result.exit_code == 0 and "**Answer:**" in result.output


@pytest.mark.parametrize("args, message", [
    (["explain", "kfold", "--n", "3", "--k", "5"], "n_splits=5 must be <= 3"),
    (["explain", "tscv", "--n", "12", "--k", "4", "--train-size", "3"], "use window='sliding'"),
])
def test_bad_input_is_one_line(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_tour_section():
    from lucidml.model_selection.tour import section

    s = section()
    assert s.title == "Model generalisation" and s.order == 70
    assert len(s.figures) >= 3 and all(f.png.startswith(b"\x89PNG") for f in s.figures)
    assert "picks k =" in s.notes[0]
