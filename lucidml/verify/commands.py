"""CLI command for the agreement report.

    lucidml verify                         every case, a rich table in the terminal
    lucidml verify --only KMeans,signal    some cases, by name or by topic
    lucidml verify --format json           or markdown, html (for a file: > verify.html)

Exit code 0 when every comparison is within its tolerance (skipped ones included: their
reference library is not installed), 1 when any failed or raised, 2 for bad input
(an unknown ``--only`` name, with the known ones listed).
"""
from __future__ import annotations

from enum import Enum

import typer

from lucidml.cli import app, friendly_errors


class ReportFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"


@app.command("verify")
@friendly_errors
def verify(only: str = typer.Option(None, "--only", help="comma-separated case names or topics, e.g. KMeans,signal"),
           format: ReportFormat = typer.Option(ReportFormat.text, "--format", help="text, markdown, html or json"),
           quiet: bool = typer.Option(False, "--quiet", help="no progress bar")):
    """Run every estimator and function against its reference library on real data: the agreement report."""
    from lucidml.verify import registry

    report = registry.run(only, progress=not quiet and format is ReportFormat.text)
    if format is ReportFormat.markdown:
        typer.echo(report.to_markdown())
    elif format is ReportFormat.html:
        typer.echo(report.to_html())
    elif format is ReportFormat.json:
        typer.echo(report.to_json())
    else:
        report.print()
    if not report.passed:
        raise typer.Exit(code=1)
