"""Step-by-step worked solutions. Every explainer returns a :class:`Solution`.

Explainers live one per module in this package (``convolution.py``, ``knn.py``, ...).
Every name in a module's ``__all__`` is ``lucidml.explain.<name>``: a topic adds an
explainer by adding its module, without editing this file.
"""
from lucidml.explain.solution import Solution, Step, format_value  # noqa: F401  (the core type first)
from lucidml.utils.lazy import collect_exports

__all__ = collect_exports(__name__, __path__)
