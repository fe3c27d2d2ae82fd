"""Data: synthetic generators and loaders for data that ships with installed packages.

One module per family; every name in a module's ``__all__`` is ``lucidml.datasets.<name>``.
"""
from lucidml.utils.lazy import lazy_namespace

__getattr__, __dir__ = lazy_namespace(__name__, __path__)
