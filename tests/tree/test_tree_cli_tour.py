"""The tree commands (explain split / tree, experiment ensemble-size) and the tour section."""
import pytest
from typer.testing import CliRunner

from lucidml.cli import app

runner = CliRunner()


def test_explain_split():
    result = runner.invoke(app, ["explain", "split", "--train", "1; 2; 3; 4", "--labels", "a,a,b,b"])
    assert result.exit_code == 0, result.output
    assert "Answer: x[0] <= 2.5 (gain 0.5)" in result.output
    result = runner.invoke(app, ["explain", "split", "--train", "1 9; 2 8; 3 7", "--labels", "1.5,2.5,9.25",
                                 "--feature", "1", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "(squared_error)" in result.output and "**Answer:** x[1] <= 7.5" in result.output


def test_explain_tree():
    result = runner.invoke(app, ["explain", "tree", "--train", "1; 2; 10; 11", "--labels", "a,a,b,b"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["|--- feature_0 <= 6.00", "|   |--- class: a",
                                          "|--- feature_0 >  6.00", "|   |--- class: b"]


def test_bad_input_is_one_line_exit_2():
    for args in (["explain", "split", "--train", "1; 2", "--labels", "a,b,c"],
                 ["explain", "split", "--train", "1; 2", "--labels", "a,b", "--feature", "4"],
                 ["explain", "split", "--train", "1 2; 3", "--labels", "a,b"],
                 ["explain", "tree", "--train", "1; 2", "--labels", "a,a"],
                 ["explain", "tree", "--train", "1; 2; 3", "--labels", "a,b"],
                 ["experiment", "ensemble-size", "--dataset", "mnist"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("error: ") and len(result.output.strip().splitlines()) == 1


def test_experiment_ensemble_size(tmp_path):
    out = tmp_path / "curve.png"
    result = runner.invoke(app, ["experiment", "ensemble-size", "--dataset", "iris", "--max-estimators", "8",
                                 "--save", str(out)])
    assert result.exit_code == 0, result.output
    assert "random forest" in result.output and "AdaBoost" in result.output
    assert out.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_tour_section():
    from lucidml.tree.tour import section

    s = section()
    assert s.order == 60 and len(s.figures) == 3
    assert all(f.png[:4] == b"\x89PNG" for f in s.figures)
    assert 1.6 < s.solutions[0].answer < 1.8      # petal width splits versicolor from virginica
