"""Step-by-step worked solutions. Every explainer returns a :class:`Solution`.

Explainers live one per module in this package (``convolutions.py``, ``nearest_neighbours.py``,
...). Every name in a module's ``__all__`` is ``lucidml.explain.<name>``, found without
importing the module: a topic adds an explainer by adding its module, without editing
this file. A module may not be named like a function it exports (``backpropagation.py``
defines ``backprop``).
"""
from lucidml.utils.exports import lazy_exports, scan_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, scan_exports(__path__))
