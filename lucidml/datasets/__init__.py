"""Data: synthetic generators and loaders for data that ships with installed packages.

One module per family; every name in a module's ``__all__`` is ``lucidml.datasets.<name>``.
"""
from lucidml.utils.lazy import collect_exports

__all__ = collect_exports(__name__, __path__)
