"""The ``lucidml`` command: worked solutions in the terminal and the course tour.

    lucidml explain conv1d --signal 2,5,0,1,3 --kernel 0,1,0
    lucidml explain conv2d --data "1 0 1 1 0; 1 0 0 1 1; ..." --kernel "0 0 0; 0 5 0; 0 0 0"
    lucidml explain knn --train "0 0; 1 0; 5 5" --labels a,a,b --query 0.5,0.2 -k 3
    lucidml tour --out report/

Bad input (a ragged matrix, a kernel larger than the data in 'valid' mode, ...) gets a
one-line error on stderr and exit code 2, never a traceback. A topic adds commands by
defining them in its own ``lucidml/<topic>/commands.py`` on :data:`explain_app`,
:data:`experiment_app` (or :data:`app`); they are found at start-up.
"""
from __future__ import annotations

import functools
import importlib
import pkgutil
from enum import Enum
from pathlib import Path

import numpy as np
import typer

app = typer.Typer(help="lucidml: machine learning you can read, run and check.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
explain_app = typer.Typer(help="Worked solutions, step by step.", no_args_is_help=True)
experiment_app = typer.Typer(help="Course experiments: run them, print the table, save the figure.",
                             no_args_is_help=True)
app.add_typer(explain_app, name="explain")
app.add_typer(experiment_app, name="experiment")


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"


class Mode(str, Enum):
    valid = "valid"
    same = "same"
    full = "full"


def friendly_errors(command):
    """Turn a ValueError/TypeError/OSError into one line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (ValueError, TypeError, OSError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(code=2) from None

    return wrapper


def show(solution, fmt: Format) -> None:
    """Print a Solution in the chosen format (rich text in a terminal by default)."""
    if fmt is Format.markdown:
        typer.echo(solution.to_markdown())
    elif fmt is Format.html:
        typer.echo(solution.to_html())
    else:
        solution.print()


# -- parsing numbers from the command line ------------------------------------------------
def parse_vector(text: str, name: str) -> np.ndarray:
    """'2,5,0,1,3' or '2 5 0 1 3' -> array([2., 5., 0., 1., 3.])."""
    M = parse_matrix(text, name)
    if M.shape[0] != 1:
        raise ValueError(f"--{name} must be a single row of numbers, got {M.shape[0]} rows.")
    return M[0]


def parse_matrix(text: str, name: str) -> np.ndarray:
    """Rows separated by ';' or newlines, entries by spaces or commas; or a CSV file path."""
    path = Path(text)
    if "\n" not in text and ";" not in text and path.suffix and path.is_file():
        text = path.read_text()
    rows = [r for r in (line.replace(",", " ").split() for line in text.replace(";", "\n").splitlines()) if r]
    if not rows:
        raise ValueError(f"--{name} is empty; give numbers like '1 0 1; 0 1 0'.")
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        counts = ", ".join(str(len(r)) for r in rows)
        raise ValueError(f"--{name} is not a matrix: its rows have {counts} entries; every row needs the same number.")
    try:
        return np.array([[float(v) for v in r] for r in rows])
    except ValueError as exc:
        raise ValueError(f"--{name} contains something that is not a number ({exc}).") from None


def parse_labels(text: str) -> np.ndarray:
    labels = [v for v in text.replace(";", ",").replace(" ", ",").split(",") if v]
    as_numbers = []
    for v in labels:
        try:
            as_numbers.append(float(v))
        except ValueError:
            return np.array(labels)
    values = np.array(as_numbers)
    return values.astype(int) if np.array_equal(values, np.round(values)) else values


# -- explain ---------------------------------------------------------------------------------
@explain_app.command("conv1d")
@friendly_errors
def explain_conv1d(
    signal: str = typer.Option(..., help="the signal f, e.g. 2,5,0,1,3"),
    kernel: str = typer.Option(..., help="the kernel g, e.g. 0,1,0"),
    mode: Mode = typer.Option(Mode.valid, help="valid, same or full"),
    format: Format = typer.Option(Format.text, "--format", help="text, markdown or html"),
):
    """1-D convolution f * g, one output cell at a time."""
    from lucidml.explain import convolution

    show(convolution(parse_vector(signal, "signal"), parse_vector(kernel, "kernel"), mode.value), format)


@explain_app.command("conv2d")
@friendly_errors
def explain_conv2d(
    data: str = typer.Option(..., help="the data matrix: '1 0 1; 0 1 0; ...' or a CSV path"),
    kernel: str = typer.Option(..., help="the kernel matrix: '0 0 0; 0 5 0; 0 0 0' or a CSV path"),
    mode: Mode = typer.Option(Mode.valid, help="valid, same or full"),
    format: Format = typer.Option(Format.text, "--format", help="text, markdown or html"),
):
    """2-D convolution D * K, one output cell at a time."""
    from lucidml.explain import convolution2d

    show(convolution2d(parse_matrix(data, "data"), parse_matrix(kernel, "kernel"), mode.value), format)


@explain_app.command("distances")
@friendly_errors
def explain_distances(
    x: str = typer.Option(..., help="first vector, e.g. 1,2,3"),
    y: str = typer.Option(..., help="second vector, e.g. 4,0,3"),
    format: Format = typer.Option(Format.text, "--format", help="text, markdown or html"),
):
    """L1, L2 and cosine distances between two vectors."""
    from lucidml.explain import distances

    show(distances(parse_vector(x, "x"), parse_vector(y, "y")), format)


@explain_app.command("knn")
@friendly_errors
def explain_knn(
    train: str = typer.Option(..., help="training inputs: '0 0; 1 0; 5 5' or a CSV path"),
    labels: str = typer.Option(..., help="one label or target per training row: a,a,b"),
    query: str = typer.Option(..., help="the query point, e.g. 0.5,0.2"),
    k: int = typer.Option(3, "-k", "--k", help="number of neighbours"),
    metric: str = typer.Option("euclidean", help="euclidean, manhattan, cosine, minkowski"),
    p: float = typer.Option(2.0, help="Minkowski exponent"),
    task: str = typer.Option("auto", help="classification, regression or auto"),
    format: Format = typer.Option(Format.text, "--format", help="text, markdown or html"),
):
    """A kNN prediction: distances, the k nearest, the vote or the mean."""
    from lucidml.explain import knn

    show(knn(parse_matrix(train, "train"), parse_labels(labels), parse_vector(query, "query"),
             k=k, metric=metric, p=p, task=task), format)


# -- tour ------------------------------------------------------------------------------------
@app.command("tour")
@friendly_errors
def tour(out: Path = typer.Option(Path("report"), help="folder for index.html"),
         quiet: bool = typer.Option(False, "--quiet", help="no progress bar")):
    """Write the course tour, one HTML page with every topic built so far."""
    from lucidml.report import write_report

    path = write_report(out, progress=not quiet)
    typer.echo(f"wrote {path}")


@experiment_app.command("classifiers")
@friendly_errors
def experiment_classifiers(out: Path = typer.Option(None, help="folder to save classifiers.png in"),
                           random_state: int = typer.Option(0, help="seed for the data and the models")):
    """Every classifier on the same two-moons data: held-out accuracy and decision boundaries."""
    import matplotlib

    matplotlib.use("Agg")
    from lucidml.experiments.classifier_comparison import compare_classifiers

    result = compare_classifiers(random_state=random_state)
    typer.echo(result.table())
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        result.figure.savefig(out / "classifiers.png", dpi=90, bbox_inches="tight")
        typer.echo(f"wrote {out / 'classifiers.png'}")


def _load_topic_commands() -> None:
    import lucidml

    root = Path(lucidml.__file__).parent
    for info in pkgutil.iter_modules(lucidml.__path__):
        if info.ispkg and (root / info.name / "commands.py").is_file():
            importlib.import_module(f"lucidml.{info.name}.commands")


_load_topic_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    # Run the imported module's app, on which the topics registered their commands,
    # not this __main__ copy of it.
    from lucidml.cli import main as _main

    _main()
