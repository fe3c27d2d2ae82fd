"""Reproducible course experiments and figures (overfitting, the curse of dimensionality, ...).

One module per experiment; every name in a module's ``__all__`` is ``lucidml.experiments.<name>``,
found without importing the module (a topic adds a module here and edits nothing else).
"""
from lucidml.utils.exports import lazy_exports, scan_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, scan_exports(__path__))
