"""Reproducible course experiments and figures (overfitting, the curse of dimensionality, ...).

One module per experiment; every name in a module's ``__all__`` is ``lucidml.experiments.<name>``.
"""
from lucidml.utils.lazy import collect_exports

__all__ = collect_exports(__name__, __path__)
