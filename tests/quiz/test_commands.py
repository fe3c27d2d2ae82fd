"""The ``lucidml quiz`` command: the interactive session driven by scripted input, worksheets,
grading, export, and one-line errors with exit code 2 for bad input (nothing written)."""
import csv
import io
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from lucidml.cli import app
from lucidml.quiz import worksheet

runner = CliRunner()


def _typed(ex):
    """The answer as a student types it at the prompt (matrices on one line)."""
    return ex.answer_text.replace("\n", "; ") if ex.kind != "choice" else "abcd"[ex.choices.index(ex.answer)]


def _wrong(ex):
    if ex.kind == "yesno":
        return "no" if ex.answer else "yes"
    if ex.kind in ("label", "choice"):
        return next(c for c in ex.choices if c != ex.answer)
    return "999" if ex.kind == "number" else "; ".join(["999"] * 1)


def test_interactive_session_with_scripted_input():
    ws = worksheet("conv,backprop,pca", n=3, seed=7)
    first, second, third = ws.exercises
    script = "\n".join([
        "help",                 # the answer format
        "1, x",                 # malformed: a format message, no attempt used
        _typed(first), "",      # right; Enter for the next exercise
        _wrong(second), _wrong(second), "solution",   # two wrong attempts, then the worked solution
        "solution",             # gives up on the third: its worked solution
    ]) + "\n"
    result = runner.invoke(app, ["quiz", "--topics", "conv,backprop,pca", "--n", "3", "--seed", "7"], input=script)
    out = result.output
    assert result.exit_code == 0, out
    assert "seed 7" in out and "Exercise 1/3" in out and "Exercise 3/3" in out
    assert "Answer format:" in out and "Commands: help, solution, skip, quit" in out
    assert "Expected:" in out                                   # the malformed answer's format message
    assert out.count("✓ Correct.") == 1 and "Try again (attempt 2 of 2)" in out
    assert f"The answer: {second.answer_text.splitlines()[0]}" in out
    assert "1. The given data." in out                          # a worked solution was printed
    assert "Score: 1 / 3" in out                                # the summary by topic
    for topic in ("conv", "backprop", "pca"):
        assert topic in out.split("Score:")[1]


def test_interactive_session_ends_cleanly_on_quit_and_on_end_of_input():
    result = runner.invoke(app, ["quiz", "--n", "4", "--seed", "1"], input="quit\n")
    assert result.exit_code == 0 and "Score: 0 / 1" in result.output
    result = runner.invoke(app, ["quiz", "--n", "2", "--seed", "1"], input="")
    assert result.exit_code == 0 and "Score:" in result.output


def test_worksheet_grade_and_export_end_to_end(tmp_path):
    sheet, template = tmp_path / "sheet.html", tmp_path / "class.csv"
    args = ["--topics", "conv,backprop", "--n", "4", "--seed", "7"]
    result = runner.invoke(app, ["quiz", "worksheet", *args, "--out", str(sheet), "--answers-template", str(template)])
    assert result.exit_code == 0, result.output
    page = sheet.read_text()
    assert "Answer key" in page and "Worked solutions" in page
    ws = worksheet("conv,backprop", n=4, seed=7)
    header = template.read_text().strip().split(",")
    assert header == ["student", *ws.ids]
    with template.open("a") as f:
        w = csv.writer(f)
        w.writerow(["ada", *(_typed(ex) for ex in ws.exercises)])
        w.writerow(["bob", _typed(ws.exercises[0]), "", "", ""])
    result = runner.invoke(app, ["quiz", "grade", "--answers", str(template), *args])
    assert result.exit_code == 0, result.output
    grades = list(csv.reader(io.StringIO((tmp_path / "class-grades.csv").read_text())))
    assert grades[1][0] == "ada" and grades[1][-1] == "100.0" and grades[2][-1] == "25.0"
    assert "Scores per student" in result.output and "Scores per exercise" in result.output

    md = tmp_path / "sheet.md"
    assert runner.invoke(app, ["quiz", "worksheet", *args, "--out", str(md)]).exit_code == 0
    assert md.read_text().startswith("# lucidml worksheet")
    bank = tmp_path / "bank.xml"
    result = runner.invoke(app, ["quiz", "export", *args, "--format", "moodle", "--out", str(bank)])
    assert result.exit_code == 0, result.output
    names = [q.find("name/text").text for q in ET.parse(bank).getroot().findall("question")
             if q.get("type") != "category"]
    assert sorted(names) == sorted(ws.ids)


def test_show_check_and_topics():
    result = runner.invoke(app, ["quiz", "show", "conv1d.s7.d1", "--solution"])
    assert result.exit_code == 0 and "conv1d.s7.d1" in result.output and "Answer:" in result.output
    from lucidml.quiz import from_id

    ex = from_id("conv1d.s7.d1")
    result = runner.invoke(app, ["quiz", "check", ex.id, _typed(ex)])
    assert result.exit_code == 0 and result.output.startswith("correct (score 1")
    result = runner.invoke(app, ["quiz", "check", ex.id, "1, x"])
    assert result.exit_code == 0 and result.output.startswith("invalid")
    result = runner.invoke(app, ["quiz", "topics"])
    assert result.exit_code == 0 and "backprop" in result.output and "attention" in result.output
    assert runner.invoke(app, ["quiz", "--help"]).exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["quiz", "--topics", "telepathy", "--seed", "1"], "unknown topic 'telepathy'; known topics: conv"),
    (["quiz", "--seed", "-3"], "seed=-3 must be a non-negative integer"),
    (["quiz", "worksheet", "--n", "0", "--out", "{tmp}/sheet.html"], "n=0 must be a whole number"),
    (["quiz", "worksheet", "--topics", "nope", "--out", "{tmp}/sheet.html"], "unknown topic 'nope'"),
    (["quiz", "worksheet", "--difficulty", "5", "--out", "{tmp}/sheet.html"], "difficulty=5"),
    (["quiz", "grade", "--answers", "{tmp}/missing.csv"], "does not exist"),
    (["quiz", "grade", "--answers", "{tmp}/cols.csv", "--seed", "7", "--topics", "conv", "--n", "3"],
     "no column for"),
    (["quiz", "grade", "--answers", "{tmp}/nostudent.csv"], "no 'student' column"),
    (["quiz", "export", "--n", "0", "--out", "{tmp}/bank.xml"], "n=0"),
    (["quiz", "show", "conv1d"], "not an exercise id"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, args, message):
    ws = worksheet("conv", n=3, seed=7)
    (tmp_path / "cols.csv").write_text("student," + ws.ids[0] + "\nada,1\n")
    (tmp_path / "nostudent.csv").write_text("who,conv1d.s7.d1\nada,1\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = runner.invoke(app, [a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_non_integer_seed_is_a_usage_error():
    result = runner.invoke(app, ["quiz", "worksheet", "--seed", "1.5"])
    assert result.exit_code == 2 and "Traceback" not in result.output
