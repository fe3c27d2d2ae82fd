"""The naive Bayes tour section and the ``lucidml explain bayes`` command."""
from typer.testing import CliRunner

from lucidml.cli import app


def test_tour_section():
    from lucidml.naive_bayes.tour import section

    s = section()
    assert s.title == "Naive Bayes" and s.order == 66
    assert len(s.figures) == 2 and all(f.png.startswith(b"\x89PNG") for f in s.figures)
    assert s.solutions[0].answer == "versicolor"
    # θ_sport = (6, 2, 2, 1)/11, θ_tech = (1, 4, 6, 6)/17; x = [1, 0, 1, 1]:
    # 6·2·1/11³ = 0.0090 > 1·6·6/17³ = 0.0073, so "sport"
    assert s.solutions[1].answer == "sport"


def test_cli_explain_bayes():
    runner = CliRunner()
    ok = runner.invoke(app, ["explain", "bayes", "--train", "2 1 0; 3 0 0; 0 1 3; 0 2 2", "--labels", "s,s,t,t",
                             "--query", "1,0,1", "--model", "multinomial"])
    assert ok.exit_code == 0, ok.output
    assert "Answer: s (posterior 0.599)" in ok.output
    html = runner.invoke(app, ["explain", "bayes", "--train", "1 2; 1.2 1.8; 3 4; 3.2 4.4", "--labels", "a,a,b,b",
                               "--query", "1.1,2.1", "--format", "html"])
    assert html.exit_code == 0 and html.output.startswith('<div class="solution">')


def test_cli_bad_input_is_one_line():
    runner = CliRunner()
    for args, message in [(["--labels", "s,s,s,s"], "only one class"), (["--labels", "s,s,t,t", "--model", "poisson"], "model"),
                          (["--labels", "s,s,t,t", "--model", "multinomial", "--query", "-1,0,1"], "Negative values")]:
        full = ["explain", "bayes", "--train", "2 1 0; 3 0 0; 0 1 3; 0 2 2", "--query", "1,0,1", *args]
        bad = runner.invoke(app, full)
        assert bad.exit_code == 2 and message in bad.output and "Traceback" not in bad.output
