"""The SVM tour section and the ``lucidml explain svm`` command."""
from typer.testing import CliRunner

from lucidml.cli import app


def test_tour_section():
    from lucidml.svm.tour import section

    s = section()
    assert s.title == "Support vector machines" and s.order == 64
    assert len(s.figures) == 2 and all(f.png.startswith(b"\x89PNG") for f in s.figures)
    assert s.solutions[0].answer in ("yes", "no")


def test_cli_explain_svm():
    runner = CliRunner()
    ok = runner.invoke(app, ["explain", "svm", "--train", "0 0; 0 1; 2 0; 2 1", "--labels", "no,no,yes,yes",
                             "--query", "1.5,0.5", "-C", "10"])
    assert ok.exit_code == 0, ok.output
    assert "Answer: yes" in ok.output and "margin width = 2" in ok.output
    md = runner.invoke(app, ["explain", "svm", "--train", "0 0; 0 1; 2 0; 2 1", "--labels", "a,a,b,b",
                             "--query", "0,0", "--kernel", "rbf", "--gamma", "0.5", "--format", "markdown"])
    assert md.exit_code == 0 and "**Answer:** a" in md.output


def test_cli_bad_input_is_one_line():
    runner = CliRunner()
    for extra, message in [(["-C", "0"], "C=0.0"), (["--kernel", "cubic"], "kernel='cubic'"),
                           (["--gamma", "wide"], "--gamma")]:
        bad = runner.invoke(app, ["explain", "svm", "--train", "0 0; 0 1; 2 0; 2 1", "--labels", "a,a,b,b",
                                  "--query", "1,1", *extra])
        assert bad.exit_code == 2 and message in bad.output and "Traceback" not in bad.output
