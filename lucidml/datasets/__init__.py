"""Data: synthetic generators and loaders for data that ships with installed packages.

One module per family; every name in a module's ``__all__`` is ``lucidml.datasets.<name>``,
found without importing the module (a topic adds a module here and edits nothing else).
"""
from lucidml.utils.exports import lazy_exports, scan_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, scan_exports(__path__))
