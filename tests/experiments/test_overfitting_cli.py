"""`lucidml experiment overfitting`: Bishop's points by default, --data random --seed N, bad --data."""
from typer.testing import CliRunner

from lucidml.cli import app

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, ["experiment", "overfitting", *args])


def test_bishop_is_the_default():
    default, bishop = _run(), _run("--data", "bishop")
    assert default.exit_code == 0, default.output
    assert default.output == bishop.output
    assert "slide" in default.output and "lucidml" in default.output and "max|Δ|" in default.output
    assert "-25.43    -25.43" in default.output                              # M = 3's w₂*, slide and lucidml
    assert '"M = 6" is the cubic fit' in default.output


def test_random_data_and_seed_change_the_numbers():
    bishop, r3, r3_again, r4 = _run(), _run("--data", "random", "--seed", "3"), \
        _run("--data", "random", "--seed", "3"), _run("--data", "random", "--seed", "4")
    assert r3.exit_code == 0, r3.output
    assert r3.output == r3_again.output                                     # the seed fixes the draw
    assert r3.output != bishop.output and r3.output != r4.output
    assert "data='random', seed 3" in r3.output


def test_bad_data_is_one_line_with_exit_code_2():
    result = _run("--data", "bishops")
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "data='bishops' is not supported; choose one of 'bishop', 'random'" in lines[0]
    result = _run("--n-samples", "20")                                      # Bishop's set has 10 points
    assert result.exit_code == 2 and "applies to data='random' only" in result.output
