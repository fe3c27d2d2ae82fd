"""CLI command for the course tour.

    lucidml tour --out report/ [--quiet]
"""
from __future__ import annotations

from pathlib import Path

import typer

from lucidml.cli import app, friendly_errors


@app.command("tour")
@friendly_errors
def tour(out: Path = typer.Option(Path("report"), help="folder for index.html"),
         quiet: bool = typer.Option(False, "--quiet", help="no progress bar")):
    """Write the course tour, one HTML page with every topic built so far."""
    from lucidml.report import write_report

    path = write_report(out, progress=not quiet)
    typer.echo(f"wrote {path}")
