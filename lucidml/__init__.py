"""lucidml: machine learning you can read, run and check.

Each course topic is a subpackage (``lucidml.signal``, ``lucidml.cluster``, ...), imported
the first time it is used: ``import lucidml`` alone loads none of them.
"""
import pkgutil as _pkgutil

from lucidml.utils.exports import lazy_exports as _lazy_exports

__version__ = "0.1.0"

__getattr__, __dir__, _names = _lazy_exports(__name__, {
    info.name: [] for info in _pkgutil.iter_modules(__path__) if not info.name.startswith("_")})
__all__ = ["__version__"]
