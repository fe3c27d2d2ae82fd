"""The Regression and Probability tour sections build, and the CLI commands run."""
import numpy as np
import pytest
from typer.testing import CliRunner

from lucidml.cli import app

runner = CliRunner()


@pytest.mark.slow
@pytest.mark.parametrize("module, order", [("lucidml.linear_model.tour", 40), ("lucidml.probability.tour", 30)])
def test_section_builds(module, order):
    import importlib

    section = importlib.import_module(module).section()
    assert section.order == order
    assert section.figures and section.solutions
    assert all(f.png.startswith(b"\x89PNG") for f in section.figures)
    assert all("<" in s.to_html() for s in section.solutions)


def test_explain_linreg():
    result = runner.invoke(app, ["explain", "linreg", "--x", "1,2,3,4", "--y", "2,4,5,4"])
    assert result.exit_code == 0, result.output
    assert "Answer: ŷ = 2 + 0.7·x" in result.output
    result = runner.invoke(app, ["explain", "linreg", "--x", "1 0; 2 1; 3 0; 4 2", "--y", "2,4,5,4",
                                 "--format", "markdown"])
    assert result.exit_code == 0 and "**Answer:**" in result.output


def test_explain_logistic_and_mle():
    result = runner.invoke(app, ["explain", "logistic", "--x=-1,1", "--y", "0,1", "--w", "0,0",
                                 "--learning-rate", "0.5"])
    assert result.exit_code == 0, result.output
    assert "Answer: [0, 0.5]" in result.output
    result = runner.invoke(app, ["explain", "mle-gaussian", "--x", "0,1,2,3", "--y", "0,2,2,4"])
    assert result.exit_code == 0, result.output
    assert "β_ML = 5" in result.output


def test_bad_input_is_one_line_with_exit_code_2():
    result = runner.invoke(app, ["explain", "linreg", "--x", "1,2,3", "--y", "2,4"])
    assert result.exit_code == 2
    assert "3 points but y has 2" in result.output
    result = runner.invoke(app, ["explain", "logistic", "--x", "1,2", "--y", "0,3", "--w", "0,0"])
    assert result.exit_code == 2 and "0 and 1" in result.output


def test_experiment_overfitting(tmp_path):
    result = runner.invoke(app, ["experiment", "overfitting", "--seed", "3", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "M=9" in result.output and "ln λ=-18" in result.output
    assert (tmp_path / "overfitting_fits.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "overfitting_rms.png").exists()


def test_explain_linreg_on_bishops_points():
    # the slide's "M = 6" column of Table 1.1 is the cubic: w* = 0.31, 7.99, −25.43, 17.37 (issue 16)
    for args, slide in [(["--degree", "3"], [0.31, 7.99, -25.43, 17.37]), ([], [0.82, -1.27])]:   # M = 3, 1
        result = runner.invoke(app, ["explain", "linreg", "--data", "bishop", *args])
        assert result.exit_code == 0, result.output
        answer = result.output.split("Answer: ŷ =")[1].split("(E =")[0]          # "0.314235 + 7.98664·x1 + ..."
        w = [float(term.split("·")[0]) for term in answer.split(" + ")]
        assert np.allclose(w, slide, atol=0.005), w


@pytest.mark.parametrize("args, message", [
    (["--degree", "3"], "give the points as --x and --y, or --data bishop"),
    (["--data", "bishop", "--x", "1,2", "--y", "1,2"], "leave out --x and --y"),
    (["--data", "sinus"], "--data 'sinus' is not known"),
    (["--data", "bishop", "--degree", "12"], "--degree 12 must be between 1 and 9"),
    (["--x", "1 0; 2 1; 3 0", "--y", "1,2,3", "--degree", "2"], "needs one input feature, but --x has 2 columns"),
])
def test_explain_linreg_data_bad_input(args, message):
    result = runner.invoke(app, ["explain", "linreg", *args])
    assert result.exit_code == 2 and message in result.output, result.output
