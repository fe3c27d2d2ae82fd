"""The clustering and PCA commands: output, and one-line errors with exit code 2."""
from typer.testing import CliRunner

from lucidml.cli import app

runner = CliRunner()


def test_explain_pca_course_example():
    result = runner.invoke(app, ["explain", "pca", "--cov", "4 3; 3 7"])
    assert result.exit_code == 0, result.output
    assert "λ² − 11 λ + 19 = 0" in result.output
    assert "2.1459, 8.8541" in result.output


def test_explain_kmeans_and_silhouette():
    result = runner.invoke(app, ["explain", "kmeans", "--data", "0 0; 0 2; 10 0; 10 2", "--centres", "0 1; 1 1",
                                 "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "[[0, 1], [10, 1]]" in result.output
    result = runner.invoke(app, ["explain", "silhouette", "--data", "0; 1; 10; 11", "--labels", "0,0,1,1", "-i", "0"])
    assert result.exit_code == 0, result.output
    assert "0.904762" in result.output


def test_experiments(tmp_path):
    result = runner.invoke(app, ["experiment", "curse", "--max-features", "3", "--figure", str(tmp_path / "c.png")])
    assert result.exit_code == 0, result.output
    assert "42.1%" in result.output and (tmp_path / "c.png").exists()
    result = runner.invoke(app, ["experiment", "choose-k", "--data",
                                 "0 0; 0 1; 1 0; 9 9; 9 10; 10 9; 0 9; 1 9; 0 10", "--k-max", "5"])
    assert result.exit_code == 0, result.output
    assert "3  0.872533   <- chosen" in result.output


def test_bad_input_is_one_line_exit_2():
    result = runner.invoke(app, ["explain", "pca", "--cov", "1 2; 0 1"])
    assert result.exit_code == 2
    assert "not symmetric" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["explain", "kmeans", "--data", "0 0; 1", "--centres", "0 0"])
    assert result.exit_code == 2 and "not a matrix" in result.output
