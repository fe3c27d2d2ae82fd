"""The typer apps of the ``lucidml`` command, and the decorators and printer its commands share.

This module imports no topic. Commands live in the topics' ``commands.py`` and are found
from their source (:mod:`lucidml.cli.discovery`); a topic's module is imported only when
one of its commands is run (or its own ``--help`` shown).
"""
from __future__ import annotations

import functools
import importlib
import inspect
from enum import Enum

import typer
from typer.core import TyperCommand, TyperGroup

from lucidml.cli.discovery import command_index

__all__ = ["app", "explain_app", "experiment_app", "Format", "friendly_errors", "show", "explain_command",
           "experiment_command", "main"]


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"


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


class _TopicGroup(TyperGroup):
    """A command group that lists the topics' commands from their source and imports a
    topic's ``commands.py`` only when one of its commands is asked for."""

    _listing = False   # True while the help page is drawn: a name and a help line are enough

    def list_commands(self, ctx):
        index, unindexed = command_index()
        self._load(unindexed)
        return sorted(set(self.commands) | {name for section, name in index if section == self.name})

    def get_command(self, ctx, name):
        command = self.commands.get(name)
        if command is not None:
            return command
        index, unindexed = command_index()
        entry = index.get((self.name, name))
        if entry is not None and self._listing:
            return TyperCommand(name=name, help=entry.help, rich_markup_mode=self.rich_markup_mode)
        self._load(unindexed + ((entry.module,) if entry is not None else ()))
        return self.commands.get(name)

    def _load(self, modules):
        """Import ``modules`` (their decorators register on the apps below) and take up their commands."""
        if not modules:
            return
        for module in modules:
            importlib.import_module(module)
        for name, command in typer.main.get_group(_APPS[self.name]).commands.items():
            self.commands.setdefault(name, command)

    def format_help(self, ctx, formatter):
        self._listing = True
        try:
            return super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(help="lucidml: machine learning you can read, run and check.", cls=_TopicGroup,
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
explain_app = typer.Typer(help="Worked solutions, step by step.", cls=_TopicGroup, no_args_is_help=True)
experiment_app = typer.Typer(help="Course experiments: run them, print the table, save the figure.",
                             cls=_TopicGroup, no_args_is_help=True)
app.add_typer(explain_app, name="explain")
app.add_typer(experiment_app, name="experiment")
_APPS = {"": app, "explain": explain_app, "experiment": experiment_app}

_FORMAT = inspect.Parameter("format", inspect.Parameter.KEYWORD_ONLY, annotation=Format,
                            default=typer.Option(Format.text, "--format", help="text, markdown or html"))


def explain_command(name: str, **options):
    """Register ``lucidml explain <name>``: the decorated function returns a :class:`Solution`.

    The command gets a ``--format text|markdown|html`` option and prints the Solution in
    it; bad input (ValueError/TypeError/OSError) becomes one line on stderr and exit code 2.
    The function itself is returned unchanged. ``options`` go to typer's ``command``.
    """

    def register(explainer):
        @functools.wraps(explainer)
        def command(*args, format: Format = Format.text, **kwargs):
            show(explainer(*args, **kwargs), format)

        signature = inspect.signature(explainer, eval_str=True)
        command.__signature__ = signature.replace(parameters=[*signature.parameters.values(), _FORMAT])
        command.__annotations__ = {**explainer.__annotations__, "format": Format}
        explain_app.command(name, **options)(friendly_errors(command))
        return explainer

    return register


def experiment_command(name: str, **options):
    """Register ``lucidml experiment <name>``, with bad input as one line on stderr and exit code 2."""

    def register(experiment):
        experiment_app.command(name, **options)(friendly_errors(experiment))
        return experiment

    return register


def main() -> None:
    """The ``lucidml`` command."""
    app()
