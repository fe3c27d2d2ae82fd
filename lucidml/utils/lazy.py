"""Package namespaces that collect the ``__all__`` of their modules.

Used by packages that several topics add modules to (``explain``, ``datasets``,
``experiments``): a topic adds a module and its names appear as
``lucidml.<package>.<name>``, with no shared file to edit.

The modules are imported when the package is, and their names bound on the package
right away. (Resolving names lazily breaks when a function shares its module's name,
``explain.backprop`` in ``explain/backprop.py``: importing the submodule later would
rebind the package attribute to the module.)
"""
from __future__ import annotations

import importlib
import pkgutil
import sys

__all__ = ["collect_exports"]


def collect_exports(package_name: str, package_path) -> list[str]:
    """Import every public module of the package and bind its ``__all__`` on the package."""
    package = sys.modules[package_name]
    names: list[str] = []
    for info in sorted(pkgutil.iter_modules(package_path), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package_name}.{info.name}")
        for name in getattr(module, "__all__", ()):
            setattr(package, name, getattr(module, name))
            names.append(name)
    return names
