"""The lucidml command: worked solutions, the tour, one-line errors with exit code 2."""
import subprocess
import sys

import numpy as np
import pytest
from typer.testing import CliRunner

from lucidml.cli import app, parse_matrix, parse_vector

runner = CliRunner()
COURSE_DATA = "1 0 1 1 0; 1 0 0 1 1; 0 1 0 0 0; 1 0 0 0 1; 0 1 0 1 0"


def test_conv1d_course_example():
    result = runner.invoke(app, ["explain", "conv1d", "--signal", "2,5,0,1,3", "--kernel", "0,1,0"])
    assert result.exit_code == 0, result.output
    assert "Answer: [5, 0, 1]" in result.output


def test_conv2d_course_example_and_csv(tmp_path):
    result = runner.invoke(app, ["explain", "conv2d", "--data", COURSE_DATA, "--kernel", "0 0 0; 0 5 0; 0 0 0"])
    assert result.exit_code == 0, result.output
    assert "[0  0  5]" in result.output and "[5  0  0]" in result.output
    csv = tmp_path / "data.csv"
    csv.write_text(COURSE_DATA.replace("; ", "\n").replace(" ", ","))
    result = runner.invoke(app, ["explain", "conv2d", "--data", str(csv), "--kernel", "0 0 0; 0 5 0; 0 0 0",
                                 "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "**Answer:**" in result.output


def test_knn_and_distances():
    result = runner.invoke(app, ["explain", "knn", "--train", "0 0; 1 0; 5 5; 6 5", "--labels", "a,a,b,b",
                                 "--query", "0.5,0.2", "-k", "3"])
    assert result.exit_code == 0, result.output
    assert "Answer: a" in result.output
    result = runner.invoke(app, ["explain", "distances", "--x", "0,0", "--y", "3,4", "--format", "html"])
    assert result.exit_code == 0 and "<ol>" in result.output


@pytest.mark.parametrize("args, message", [
    (["explain", "conv2d", "--data", "1 0; 1 0 0", "--kernel", "1"], "not a matrix"),
    (["explain", "conv2d", "--data", "1 0; 1 0", "--kernel", "1 1 1; 1 1 1; 1 1 1"], "larger than"),
    (["explain", "conv1d", "--signal", "1,x,3", "--kernel", "1"], "not a number"),
    (["explain", "conv1d", "--signal", "1 2; 3 4", "--kernel", "1"], "single row"),
    (["explain", "knn", "--train", "0 0; 1 1", "--labels", "a,b", "--query", "0,0", "-k", "5"], "k=5"),
])
def test_bad_input_is_one_line_exit_2(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_help_for_every_command():
    for args in [[], ["explain"], ["explain", "conv1d"], ["explain", "conv2d"], ["explain", "knn"], ["tour"]]:
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_parsers():
    np.testing.assert_array_equal(parse_vector("2, 5 0", "v"), [2, 5, 0])
    np.testing.assert_array_equal(parse_matrix("1 2\n3 4", "m"), [[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="empty"):
        parse_matrix(" ; ", "m")


def test_installed_entry_point_runs():
    # the real console script, as a user types it (exit code and stderr included)
    out = subprocess.run([sys.executable, "-m", "lucidml.cli", "explain", "conv1d", "--signal", "1,2",
                          "--kernel", "1,2,3"], capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.startswith("error: ") and "Traceback" not in out.stderr


@pytest.mark.parametrize("args, message", [
    (["explain", "distances", "--x", "1,2", "--y", "1,2,3"], "same length"),
    (["explain", "knn", "--train", "0 0; 1 1", "--labels", "a", "--query", "0,0"], "label"),
    (["explain", "conv2d", "--data", "1 2; 3 4", "--kernel", "1 x"], "not a number"),
])
def test_moved_commands_keep_one_line_errors_and_exit_2(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_help_of_the_moved_commands():
    for args in [["explain", "distances"], ["experiment", "classifiers"], ["experiment"]]:
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
