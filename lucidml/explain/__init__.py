"""Step-by-step worked solutions. Every explainer returns a :class:`Solution`.

Explainers live one per module in this package (``convolution.py``, ``knn.py``, ...).
Names listed in a module's ``__all__`` are reachable as ``lucidml.explain.<name>``
without editing this file: a topic adds an explainer by adding its module.
"""
from lucidml.explain.convolution import convolution, convolution2d
from lucidml.explain.distances import distances
from lucidml.explain.knn import knn
from lucidml.explain.solution import Solution, Step, format_value
from lucidml.utils.lazy import lazy_namespace

__all__ = ["Solution", "Step", "format_value", "convolution", "convolution2d", "distances", "knn"]
__getattr__, __dir__ = lazy_namespace(__name__, __path__, tuple(__all__))
