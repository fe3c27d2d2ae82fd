"""Collected namespaces: every exported name is the object itself, never a module."""
import importlib
import pkgutil
import types

import pytest

import lucidml


@pytest.mark.parametrize("package", ["lucidml.explain", "lucidml.datasets", "lucidml.experiments"])
def test_every_export_is_the_object(package):
    pkg = importlib.import_module(package)
    for info in pkgutil.iter_modules(pkg.__path__):
        # importing a submodule explicitly must not rebind a same-named export to the module
        module = importlib.import_module(f"{package}.{info.name}")
        for name in getattr(module, "__all__", ()):
            value = getattr(pkg, name)
            assert not isinstance(value, types.ModuleType), f"{package}.{name} resolves to a module"
            assert value is getattr(module, name)
            assert name in pkg.__all__


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="nothing_here"):
        lucidml.datasets.nothing_here  # noqa: B018
