"""Package namespaces that collect the ``__all__`` of their modules on first use.

Used by packages that several topics add modules to (``explain``, ``datasets``,
``experiments``): a topic adds a module and its names appear, no shared file to edit.
"""
from __future__ import annotations

import importlib
import pkgutil


def lazy_namespace(package_name: str, package_path, eager: tuple[str, ...] = ()):
    """Return ``(__getattr__, __dir__)`` for a package whose names live in its modules."""

    def modules():
        for info in pkgutil.iter_modules(package_path):
            if not info.name.startswith("_"):
                yield importlib.import_module(f"{package_name}.{info.name}")

    def __getattr__(name):
        for module in modules():
            if name in getattr(module, "__all__", ()):
                return getattr(module, name)
        raise AttributeError(f"{package_name} has no attribute {name!r}")

    def __dir__():
        names = set(eager)
        for module in modules():
            names.update(getattr(module, "__all__", ()))
        return sorted(names)

    return __getattr__, __dir__
