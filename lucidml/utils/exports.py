"""Lazy package namespaces: every ``lucidml/<package>/__init__.py`` is built with this.

A package's ``__init__.py`` lists which of its modules defines which public name, and
nothing is imported until a name is first used (scikit-learn's and SciPy's module-level
``__getattr__``, PEP 562)::

    __getattr__, __dir__, __all__ = lazy_exports(__name__, {
        "convolution": ["conv1d", "conv2d", "correlate1d", "correlate2d"],
    })

``lucidml.signal.conv1d`` then imports ``lucidml.signal.convolution`` on first access and
binds the function on the package, so later accesses are ordinary attribute look-ups.
``import lucidml.signal`` alone costs nothing beyond this module. A table key is a
submodule name, or a full dotted path for a name that lives in another package (the
silhouette is ``lucidml.metrics.clustering``'s, and ``lucidml.cluster`` lists it too).

Packages that several topics add modules to (``explain``, ``datasets``, ``experiments``)
build the table with :func:`scan_exports` instead: it reads each module's ``__all__``
from its source, without importing it, so a topic adds a module and its names appear,
with no shared file to edit.

One rule makes this work: a module must not share its name with a name it exports
(``explain/backprop.py`` defining ``backprop``). Importing the submodule would bind the
module over the function on the package; :func:`lazy_exports` refuses such a table.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

__all__ = ["lazy_exports", "scan_exports"]

_ALL_LINE = re.compile(r"^__all__\s*=", re.MULTILINE)     # where the assignment starts


def lazy_exports(package: str, table: Mapping[str, Iterable[str]]
                 ) -> tuple[Callable[[str], object], Callable[[], list[str]], list[str]]:
    """``(__getattr__, __dir__, __all__)`` for the package named ``package``.

    ``table`` maps a submodule (``"convolution"``, or a full path ``"lucidml.metrics.clustering"``)
    to the public names it defines. A submodule of the package is also reachable as an
    attribute (``lucidml.explain.solution``), imported on first access.
    """
    where: dict[str, str] = {}
    for module, names in table.items():
        for name in names:
            if name in where:
                raise ValueError(f"{package}: {name!r} is listed for both {where[name]!r} and {module!r}; "
                                 "list each name under the one module that defines it.")
            where[name] = module
    clashes = sorted(set(where) & set(table))
    if clashes:
        raise ValueError(f"{package}: {clashes} are names of modules and also names those modules export, so "
                         "importing the module would hide the name; rename the module (e.g. backprop.py -> "
                         "backpropagation.py).")
    names = list(where)

    def __getattr__(name: str):
        if name in where:
            module = where[name]
            target = module if "." in module else f"{package}.{module}"
            value = getattr(importlib.import_module(target), name)
            setattr(sys.modules[package], name, value)   # bound: later look-ups skip __getattr__
            return value
        if name in table and "." not in name:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(names) | {module for module in table if "." not in module})

    return __getattr__, __dir__, names


def scan_exports(package_path: Iterable[str]) -> dict[str, list[str]]:
    """``{module: its __all__}`` for the public modules in ``package_path``, read without importing them.

    Modules whose name starts with ``_`` are skipped, and so are modules without an
    ``__all__``. An ``__all__`` must be a literal list or tuple of strings.
    """
    table: dict[str, list[str]] = {}
    for info in sorted(pkgutil.iter_modules(package_path), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        folder = Path(info.module_finder.path)
        source = folder / info.name / "__init__.py" if info.ispkg else folder / f"{info.name}.py"
        names = _read_all(source)
        if names is not None:
            table[info.name] = names
    return table


def _read_all(source: Path) -> list[str] | None:
    """The literal ``__all__`` of a module's source, or None if it has none."""
    text = source.read_text(encoding="utf-8")
    match = _ALL_LINE.search(text)
    if match is None:
        return None
    lines = text[match.start():].splitlines()
    names = None
    for end in range(1, min(len(lines), 200) + 1):     # the shortest run of lines that parses is the statement
        try:
            statement = ast.parse("\n".join(lines[:end])).body[0]
        except SyntaxError:
            continue
        try:
            names = ast.literal_eval(statement.value)
        except ValueError:
            pass
        break
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"{source}: __all__ must be a literal list of strings (it is read without importing "
                         f"the module); found {lines[0].strip()!r}.")
    return list(names)
