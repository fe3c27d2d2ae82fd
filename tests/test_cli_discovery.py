"""The CLI finds the topics' commands from their source, and lists exactly what they register."""
import importlib
import inspect
import sys

import pytest
import typer
from typer.testing import CliRunner

from lucidml.cli import app, explain_app, explain_command
from lucidml.cli import apps as cli_apps
from lucidml.cli.discovery import CommandEntry, command_index, command_modules, scan_commands

runner = CliRunner()


def _real_commands():
    """{(section, name): help} as typer builds them once every commands.py is imported."""
    for module in command_modules():
        importlib.import_module(module)
    real = {}
    for section, typer_app in (("", app), ("explain", explain_app), ("experiment", cli_apps.experiment_app)):
        for name, command in typer.main.get_group(typer_app).commands.items():
            if section == "" and name in ("explain", "experiment"):
                continue
            real[(section, name)] = command.help or ""
    return real


def test_the_source_index_lists_exactly_the_registered_commands():
    index, unindexed = command_index()
    assert unindexed == ()
    real = _real_commands()
    assert set(index) == set(real)
    for key, entry in index.items():
        assert entry.help == real[key], key                # the listing shows the same help as the command


def test_every_topic_with_commands_is_found():
    found = {entry.module for entry in command_index()[0].values()}
    assert found == set(command_modules())
    for topic in ("signal", "metrics", "neighbors", "report", "experiments", "nn"):
        assert f"lucidml.{topic}.commands" in found


def test_builtin_commands_live_in_their_topics():
    index, _ = command_index()
    assert index[("explain", "conv1d")].module == "lucidml.signal.commands"
    assert index[("explain", "conv2d")].module == "lucidml.signal.commands"
    assert index[("explain", "distances")].module == "lucidml.metrics.commands"
    assert index[("explain", "knn")].module == "lucidml.neighbors.commands"
    assert index[("experiment", "classifiers")].module == "lucidml.experiments.commands"
    assert index[("", "tour")].module == "lucidml.report.commands"


def test_scan_reads_every_decorator_form(tmp_path):
    source = tmp_path / "commands.py"
    source.write_text('''
import typer
from lucidml.cli import app, explain_app, experiment_app, explain_command, experiment_command, friendly_errors

quiz_app = typer.Typer(help="Seeded exercises.")
app.add_typer(quiz_app, name="quiz")

@explain_command("alpha")
def explain_alpha(x: str = typer.Option(...)):
    """Alpha: the first.

    More text."""

@experiment_command("beta", help="Beta, from the decorator.")
def experiment_beta():
    """Not this one."""

@explain_app.command()
@friendly_errors
def gamma_delta():
    """Named after the function."""

@experiment_app.command(name="epsilon")
def eps():
    pass

@app.command("zeta")
def zeta():
    "Top level."

def helper():
    """Not a command."""
''')
    entries = scan_commands("lucidml.fake.commands", source)
    assert entries == [
        CommandEntry("", "quiz", "Seeded exercises.", "lucidml.fake.commands"),
        CommandEntry("explain", "alpha", "Alpha: the first.\n\nMore text.", "lucidml.fake.commands"),
        CommandEntry("experiment", "beta", "Beta, from the decorator.", "lucidml.fake.commands"),
        CommandEntry("explain", "gamma-delta", "Named after the function.", "lucidml.fake.commands"),
        CommandEntry("experiment", "epsilon", "", "lucidml.fake.commands"),
        CommandEntry("", "zeta", "Top level.", "lucidml.fake.commands"),
    ]


def test_the_same_command_in_two_topics_is_refused(tmp_path, monkeypatch):
    for topic in ("one", "two"):
        (tmp_path / f"{topic}.py").write_text('@explain_command("same")\ndef f():\n    """A."""\n')
    monkeypatch.setattr("lucidml.cli.discovery.command_modules",
                        lambda: {f"lucidml.{t}.commands": tmp_path / f"{t}.py" for t in ("one", "two")})
    command_index.cache_clear()
    try:
        with pytest.raises(ValueError, match="'lucidml explain same' is defined in both"):
            command_index()
    finally:
        monkeypatch.undo()
        command_index.cache_clear()


def test_a_commands_module_without_recognisable_commands_is_imported_at_start(tmp_path, monkeypatch):
    module = tmp_path / "odd_topic_commands.py"
    module.write_text('from lucidml.cli import explain_app\n\n'
                      'def _odd():\n    """An oddly registered command."""\n    print("odd ran")\n\n'
                      'explain_app.command("odd")(_odd)\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    index, _ = command_index()
    monkeypatch.setattr(cli_apps, "command_index", lambda: (index, ("odd_topic_commands",)))
    registered = list(explain_app.registered_commands)
    try:
        result = runner.invoke(app, ["explain", "odd"])
        assert result.exit_code == 0, result.output
        assert "odd ran" in result.output
        assert "odd" in runner.invoke(app, ["explain", "--help"]).output
    finally:
        explain_app.registered_commands[:] = registered
        sys.modules.pop("odd_topic_commands", None)


def test_explain_command_adds_format_and_returns_the_function():
    def build(x: int = typer.Option(1)):
        """Docstring."""
        return x

    registered = list(explain_app.registered_commands)
    try:
        assert explain_command("tmp-probe")(build) is build
        callback = explain_app.registered_commands[-1].callback
        assert list(inspect.signature(callback).parameters) == ["x", "format"]
        assert callback.__doc__ == "Docstring."
    finally:
        explain_app.registered_commands[:] = registered


@pytest.mark.parametrize("name", sorted(n for s, n in command_index()[0] if s == "explain" and n != "tree"))
def test_every_explain_command_offers_the_three_formats(name):
    result = runner.invoke(app, ["explain", name, "--help"])
    assert result.exit_code == 0, result.output
    assert "--format" in result.output


def test_unknown_command_is_a_usage_error():
    result = runner.invoke(app, ["explain", "no-such-thing"])
    assert result.exit_code == 2
    assert "No such command" in result.output
