"""Reproducible course experiments and figures (overfitting, the curse of dimensionality, ...).

One module per experiment; every name in a module's ``__all__`` is ``lucidml.experiments.<name>``.
"""
from lucidml.utils.lazy import lazy_namespace

__getattr__, __dir__ = lazy_namespace(__name__, __path__)
