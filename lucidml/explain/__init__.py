"""Step-by-step worked solutions. Every explainer returns a :class:`Solution`.

Explainers live one per module in this package (``convolution.py``, ``knn.py``, ...).
Names listed in a module's ``__all__`` are reachable as ``lucidml.explain.<name>``
without editing this file: a topic adds an explainer by adding its module.
"""
import importlib
import pkgutil

from lucidml.explain.convolution import convolution, convolution2d
from lucidml.explain.distances import distances
from lucidml.explain.knn import knn
from lucidml.explain.solution import Solution, Step, format_value

__all__ = ["Solution", "Step", "format_value", "convolution", "convolution2d", "distances", "knn"]


def _explainer_modules():
    for info in pkgutil.iter_modules(__path__):
        yield importlib.import_module(f"{__name__}.{info.name}")


def __getattr__(name):
    for module in _explainer_modules():
        if name in getattr(module, "__all__", ()):
            return getattr(module, name)
    raise AttributeError(f"lucidml.explain has no explainer {name!r}")


def __dir__():
    names = set(__all__)
    for module in _explainer_modules():
        names.update(getattr(module, "__all__", ()))
    return sorted(names)
