"""Finding the topics' commands without importing them.

A topic adds commands in ``lucidml/<topic>/commands.py``. To list every command (``lucidml
--help``, ``lucidml explain --help``) the CLI reads those files' source: each decorated
function gives a section, a name and a help text, and ``app.add_typer(sub, name=...)``
gives a command group. A topic's module is imported only when one of its commands runs,
so ``lucidml explain conv1d`` loads the signal topic and nothing else, and ``--help`` loads
no topic at all. The decorators recognised (the names are those of :mod:`lucidml.cli`):

    @explain_command("conv1d")              lucidml explain conv1d
    @experiment_command("curse")            lucidml experiment curse
    @explain_app.command("tree")            lucidml explain tree
    @experiment_app.command("choose-k")     lucidml experiment choose-k
    @app.command("tour")                    lucidml tour

A command's help is the decorator's ``help=`` or the function's docstring, as typer takes
it. A commands.py in which none of these is found is imported whenever the CLI starts,
so it still works, only without the saving.
"""
from __future__ import annotations

import ast
import functools
import inspect
import pkgutil
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CommandEntry", "command_modules", "scan_commands", "command_index"]

#: decorator -> section: "" is the top level, else the group the command belongs to
_DECORATORS = {"explain_command": "explain", "experiment_command": "experiment"}
_APPS = {"app": "", "explain_app": "explain", "experiment_app": "experiment"}


@dataclass(frozen=True)
class CommandEntry:
    """One command as its source declares it."""

    section: str      # "" (top level), "explain" or "experiment"
    name: str         # as typed: "conv1d", "choose-k"
    help: str         # the full help text; the listing shows its first paragraph
    module: str       # the module that defines it: "lucidml.signal.commands"


def command_modules() -> dict[str, Path]:
    """``{"lucidml.<topic>.commands": its file}`` for every topic that has one (nothing imported)."""
    root = Path(__file__).resolve().parent.parent
    return {f"lucidml.{info.name}.commands": root / info.name / "commands.py"
            for info in sorted(pkgutil.iter_modules([str(root)]), key=lambda i: i.name)
            if info.ispkg and (root / info.name / "commands.py").is_file()}


def scan_commands(module: str, path: Path) -> list[CommandEntry]:
    """The commands that ``path`` (the source of ``module``) declares, in source order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    typer_help = _typer_helps(tree)
    entries = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                found = _command_decorator(decorator)
                if found is not None:
                    section, name, help_text = found
                    name = name or node.name.lower().replace("_", "-")   # typer's default name
                    help_text = help_text if help_text is not None else (ast.get_docstring(node) or "")
                    entries.append(CommandEntry(section, name, help_text, module))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            group = _added_group(node.value, typer_help)
            if group is not None:
                entries.append(CommandEntry("", group[0], group[1], module))
    return entries


@functools.cache
def command_index() -> tuple[dict[tuple[str, str], CommandEntry], tuple[str, ...]]:
    """``({(section, name): entry}, modules with no recognisable command)`` over every topic."""
    index: dict[tuple[str, str], CommandEntry] = {}
    unindexed = []
    for module, path in command_modules().items():
        entries = scan_commands(module, path)
        if not entries:
            unindexed.append(module)
        for entry in entries:
            key = (entry.section, entry.name)
            if key in index:
                where = f"lucidml {entry.section} {entry.name}".replace("  ", " ")
                raise ValueError(f"'{where}' is defined in both {index[key].module} and {module}; "
                                 "rename one of the two commands.")
            index[key] = entry
    return index, tuple(unindexed)


# -- reading the decorators ------------------------------------------------------------------
def _command_decorator(node):
    """(section, name or None, help or None) if ``node`` registers a command, else None."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Name) and func.id in _DECORATORS:
        section = _DECORATORS[func.id]
    elif (isinstance(func, ast.Attribute) and func.attr == "command" and isinstance(func.value, ast.Name)
          and func.value.id in _APPS):
        section = _APPS[func.value.id]
    else:
        return None
    name = _string(node.args[0]) if node.args else _string(_keyword(node, "name"))
    return section, name, _clean(_string(_keyword(node, "help")))


def _added_group(call, typer_help):
    """(name, help) for ``app.add_typer(sub_app, name="quiz", help=...)`` at module level."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "add_typer" and isinstance(func.value, ast.Name)
            and func.value.id == "app"):
        return None
    name = _string(_keyword(call, "name"))
    if name is None:
        return None
    help_text = _string(_keyword(call, "help"))
    if help_text is None and call.args and isinstance(call.args[0], ast.Name):
        help_text = typer_help.get(call.args[0].id)
    return name, _clean(help_text) or ""


def _typer_helps(tree):
    """``{variable: help}`` for module-level ``variable = typer.Typer(help="...")``."""
    helps = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call)):
            help_text = _string(_keyword(node.value, "help"))
            if help_text is not None:
                helps[node.targets[0].id] = help_text
    return helps


def _keyword(call, name):
    return next((k.value for k in call.keywords if k.arg == name), None)


def _string(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _clean(text):
    return None if text is None else inspect.cleandoc(text)
