"""Lazy package namespaces: every exported name is the object itself, loaded on first use."""
import importlib
import pkgutil
import sys
import types
from pathlib import Path

import pytest

import lucidml
from lucidml.utils.exports import lazy_exports, scan_exports

PACKAGES = sorted(f"lucidml.{info.name}" for info in pkgutil.iter_modules(lucidml.__path__) if info.ispkg)


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


@pytest.mark.parametrize("package", PACKAGES)
def test_every_listed_name_resolves(package):
    # a typo in a package's table, or a name a module stopped defining, fails here
    pkg = importlib.import_module(package)
    assert pkg.__all__, f"{package} exports nothing"
    for name in pkg.__all__:
        value = getattr(pkg, name)
        assert not isinstance(value, types.ModuleType), f"{package}.{name} resolves to a module"
        assert name in dir(pkg)


def test_first_access_binds_the_name_on_the_package():
    import lucidml.signal as signal

    value = signal.conv1d
    assert vars(signal)["conv1d"] is value                  # later look-ups skip __getattr__
    from lucidml.signal.convolution import conv1d
    assert value is conv1d


def test_a_submodule_is_an_attribute_and_cross_package_names_work():
    import lucidml.cluster
    import lucidml.metrics

    assert isinstance(lucidml.explain.solution, types.ModuleType)
    assert lucidml.cluster.silhouette_score is lucidml.metrics.silhouette_score     # one function, two homes


def test_a_name_listed_twice_or_shadowed_by_its_module_is_refused():
    with pytest.raises(ValueError, match="listed for both 'a' and 'b'"):
        lazy_exports("pkg", {"a": ["f"], "b": ["f"]})
    with pytest.raises(ValueError, match=r"\['backprop'\].*rename the module"):
        lazy_exports("pkg", {"backprop": ["backprop", "trace"]})


def _package(tmp_path, files):
    root = tmp_path / "scanned_pkg"
    root.mkdir()
    (root / "__init__.py").write_text("")
    for name, text in files.items():
        (root / name).write_text(text)
    return [str(root)]


def test_scan_reads_all_without_importing(tmp_path):
    path = _package(tmp_path, {
        "alpha.py": ("raise RuntimeError('imported')\n"
                     "__all__ = [\n    'f',   # a comment [with brackets]\n    'g',\n]\n"),
        "beta.py": "__all__ = ('h',)\n",
        "_private.py": "__all__ = ['hidden']\n",
        "no_exports.py": "x = 1\n",
    })
    assert scan_exports(path) == {"alpha": ["f", "g"], "beta": ["h"]}
    assert "scanned_pkg" not in sys.modules


def test_scan_refuses_an_all_it_cannot_read(tmp_path):
    path = _package(tmp_path, {"gamma.py": "__all__ = [name for name in ('a', 'b')]\n"})
    with pytest.raises(ValueError, match="literal list of strings"):
        scan_exports(path)


def test_new_module_in_a_scanned_package_appears(tmp_path):
    path = _package(tmp_path, {"delta.py": "__all__ = ['d']\nd = 4\n"})
    table = scan_exports(path)
    module = types.ModuleType("scanned_pkg")
    module.__path__ = path
    sys.modules["scanned_pkg"] = module
    sys.path.insert(0, str(Path(path[0]).parent))
    try:
        module.__getattr__, module.__dir__, module.__all__ = lazy_exports("scanned_pkg", table)
        assert module.__all__ == ["d"]
        assert module.d == 4
    finally:
        sys.path.remove(str(Path(path[0]).parent))
        for name in [m for m in sys.modules if m.startswith("scanned_pkg")]:
            del sys.modules[name]
