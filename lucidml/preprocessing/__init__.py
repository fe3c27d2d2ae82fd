"""Preprocessing: scalers (input normalisation) and polynomial features.

Each transformer has its own module; names are loaded on first use.
"""
import importlib

_WHERE = {
    "StandardScaler": "lucidml.preprocessing.scalers",
    "MinMaxScaler": "lucidml.preprocessing.scalers",
    "PolynomialFeatures": "lucidml.preprocessing.polynomial",
}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"lucidml.preprocessing has no attribute {name!r}")
