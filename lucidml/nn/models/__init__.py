"""Small, readable versions of the networks the course names (SYLLABUS §11, §12, §13),
one module per architecture with its paper cited: LeNet, VGG, ResNet, Inception (CNNs);
GPT, BERT and the encoder–decoder transformer; character-level recurrent models.

Names resolve lazily: ``lucidml.nn.models.LeNet5`` imports only ``models/lenet.py``.
A module added to this package is found through its ``__all__`` with no edit here.
"""
from __future__ import annotations

import importlib
import pkgutil

_FOUND: dict[str, str] = {}


def _modules() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    if name not in _FOUND:
        for module_name in _modules():
            module = importlib.import_module(f"{__name__}.{module_name}")
            if name in getattr(module, "__all__", ()):
                _FOUND[name] = module_name
                break
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_FOUND[name]}"), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_modules()))
