"""CLI commands for the quiz.

    lucidml quiz --topics conv,backprop --n 5 --seed 7        (interactive: asks, checks, explains)
    lucidml quiz topics                                        (the topics and their exercise types)
    lucidml quiz show conv1d.s7.d1 --solution                  (one exercise by id)
    lucidml quiz check conv1d.s7.d1 "5, 0, 1"                  (grade one answer)
    lucidml quiz worksheet --topics conv,backprop --n 10 --seed 7 --out sheet.html   (or --format markdown)
    lucidml quiz grade --answers class.csv --seed 7 --topics conv,backprop --n 10    (CSV or JSON answers)
    lucidml quiz export --topics all --n 20 --seed 7 --format moodle --out bank.xml

Bad input (an unknown topic, a negative seed, n < 1, an answers file without the needed
columns) gets one line on stderr and exit code 2, and no file is written.
"""
from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from lucidml.cli import app, friendly_errors

quiz_app = typer.Typer(help="Seeded course exercises: practise in the terminal, print worksheets with answer keys, "
                            "grade a class, export a Moodle question bank.",
                       invoke_without_command=True, no_args_is_help=False)
app.add_typer(quiz_app, name="quiz")

_TOPICS = typer.Option("all", "--topics", "-t", help="'all', or topics / exercise types / section numbers, "
                                                     "comma-separated: conv,backprop,11")
_DIFFICULTY = typer.Option(1, "--difficulty", "-d", help="1 (small integers, by hand), 2, or 3 (real-valued)")


class SheetFormat(str, Enum):
    html = "html"
    markdown = "markdown"


class ExportFormat(str, Enum):
    moodle = "moodle"
    json = "json"


class ShowFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"


def _console():
    from rich.console import Console

    return Console(highlight=False)


def _prompt(label: str) -> str:
    """One line from the student; the end of the input (Ctrl-D) ends the session."""
    try:
        return typer.prompt(label, default="", show_default=False, prompt_suffix="> ")
    except (typer.Abort, EOFError):
        raise EOFError from None


@quiz_app.callback()
@friendly_errors
def quiz(ctx: typer.Context,
         topics: str = _TOPICS,
         n: int = typer.Option(5, "--n", "-n", help="number of exercises"),
         seed: int = typer.Option(None, help="makes the session reproducible (default: a fresh one, printed)"),
         difficulty: int = _DIFFICULTY,
         attempts: int = typer.Option(2, help="attempts per exercise (a malformed answer costs none)")):
    """Practise: exercises one at a time, feedback on each answer, worked solutions, a summary by topic."""
    if ctx.invoked_subcommand is not None:
        return
    import secrets

    from lucidml.quiz.session import run_session
    from lucidml.quiz.worksheets import worksheet

    if seed is None:
        seed = secrets.randbelow(1_000_000)
    sheet = worksheet(topics, n, seed, difficulty)
    console = _console()
    console.print(f"lucidml quiz: {n} exercise{'s' * (n != 1)}, seed {seed} (replay with --seed {seed}). "
                  "Commands at the answer prompt: help, solution, skip, quit.", markup=False)
    run_session(sheet.exercises, _prompt, console, attempts=attempts)


@quiz_app.command("topics")
@friendly_errors
def quiz_topics():
    """The topics, their syllabus sections and their exercise types."""
    from rich.table import Table

    from lucidml.quiz.registry import SECTIONS, exercise_types, topics

    table = Table(title="lucidml quiz topics")
    for col in ("topic", "§", "section", "exercise types"):
        table.add_column(col)
    for topic in topics():
        kinds = exercise_types(topic)
        table.add_row(topic, str(kinds[0].section), SECTIONS[kinds[0].section], ", ".join(k.name for k in kinds))
    _console().print(table)


@quiz_app.command("show")
@friendly_errors
def quiz_show(exercise_id: str = typer.Argument(..., help="an exercise id, e.g. conv1d.s7.d1"),
              solution: bool = typer.Option(False, "--solution", help="add the worked solution"),
              format: ShowFormat = typer.Option(ShowFormat.text, "--format", help="text, markdown or html")):
    """One exercise, by id (and its worked solution)."""
    from lucidml.quiz.registry import from_id

    ex = from_id(exercise_id)
    if format is ShowFormat.markdown:
        typer.echo(ex.to_markdown(solution=solution))
    elif format is ShowFormat.html:
        typer.echo(ex.to_html(solution=solution))
    else:
        typer.echo(ex.to_text(solution=solution))


@quiz_app.command("check")
@friendly_errors
def quiz_check(exercise_id: str = typer.Argument(..., help="an exercise id, e.g. conv1d.s7.d1"),
               answer: str = typer.Argument(..., help="the answer, as a student would type it")):
    """Grade one answer: correct / close / wrong, with the hint for a recognised mistake."""
    from lucidml.quiz.registry import from_id

    fb = from_id(exercise_id).check(answer)
    typer.echo(f"{fb.status} (score {fb.score:g}, note {fb.note}): {fb.message}")


@quiz_app.command("worksheet")
@friendly_errors
def quiz_worksheet(topics: str = _TOPICS,
                   n: int = typer.Option(10, "--n", "-n", help="number of exercises"),
                   seed: int = typer.Option(0, help="the worksheet's seed"),
                   difficulty: int = _DIFFICULTY,
                   format: SheetFormat = typer.Option(None, "--format",
                                                      help="html or markdown (default: from --out, else html)"),
                   out: Path = typer.Option(None, "--out", "-o", help="file to write (default: print)"),
                   template: Path = typer.Option(None, "--answers-template",
                                                 help="also write a CSV header for the class's answers")):
    """A printable worksheet: exercises, then the answer key and the worked solutions on separate pages."""
    from lucidml.quiz.worksheets import worksheet, write_atomic

    sheet = worksheet(topics, n, seed, difficulty)
    if format is None:
        format = SheetFormat.markdown if out is not None and out.suffix.lower() in (".md", ".markdown") \
            else SheetFormat.html
    text = sheet.to_html() if format is SheetFormat.html else sheet.to_markdown()
    if out is None:
        typer.echo(text)
    else:
        write_atomic(out, text)
        typer.echo(f"wrote {out} ({len(sheet.exercises)} exercises: {', '.join(sheet.ids)})")
    if template is not None:
        write_atomic(template, sheet.answers_template())
        typer.echo(f"wrote {template}")


@quiz_app.command("grade")
@friendly_errors
def quiz_grade(answers: Path = typer.Option(..., "--answers", "-a",
                                            help="CSV (student, then one column per exercise id or question "
                                                 "number) or JSON"),
               seed: int = typer.Option(None, help="the worksheet's seed (needed for question-number columns)"),
               topics: str = _TOPICS,
               n: int = typer.Option(None, "--n", "-n", help="the worksheet's n (default: the number of columns)"),
               difficulty: int = _DIFFICULTY,
               out: Path = typer.Option(None, "--out", "-o", help="scores CSV (default: <answers>-grades.csv)"),
               strict: bool = typer.Option(False, "--strict", help="refuse the file if any row or answer is "
                                                                   "malformed")):
    """Grade a class: a score table per student and per exercise, with partial credit, written as CSV."""
    from lucidml.quiz.grading import grade
    from lucidml.quiz.worksheets import write_atomic

    report = grade(answers, seed=seed, topics=topics, n=n, difficulty=difficulty, strict=strict)
    out = out if out is not None else answers.with_name(answers.stem + "-grades.csv")
    write_atomic(out, report.to_csv())
    console = _console()
    for table in report.tables():
        console.print(table)
    for problem in report.problems:
        typer.echo(f"warning: {problem}", err=True)
    typer.echo(f"wrote {out} ({len(report.students)} students, {len(report.exercises)} exercises"
               + (f", {len(report.problems)} problem(s) reported" if report.problems else "") + ")")


@quiz_app.command("export")
@friendly_errors
def quiz_export(topics: str = _TOPICS,
                n: int = typer.Option(20, "--n", "-n", help="number of exercises (variants)"),
                seed: int = typer.Option(0, help="the seed of the pool"),
                difficulty: int = _DIFFICULTY,
                format: ExportFormat = typer.Option(ExportFormat.moodle, "--format", help="moodle (XML) or json"),
                out: Path = typer.Option(..., "--out", "-o", help="file to write, e.g. bank.xml")):
    """The exercises as a question bank: Moodle XML (numerical questions with their tolerance) or JSON."""
    import json

    from lucidml.quiz.moodle import to_moodle_xml
    from lucidml.quiz.worksheets import worksheet, write_atomic

    sheet = worksheet(topics, n, seed, difficulty)
    pool = sorted(sheet.exercises, key=lambda ex: (ex.section, ex.topic))
    if format is ExportFormat.moodle:
        text = to_moodle_xml(pool)
    else:
        text = json.dumps([ex.to_dict() for ex in pool], ensure_ascii=False, indent=1) + "\n"
    write_atomic(out, text)
    typer.echo(f"wrote {out} ({len(pool)} questions)")
