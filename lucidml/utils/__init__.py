"""Shared plumbing every topic uses: input validation, thread-parallel row blocks, progress bars,
lazy package namespaces. Every name in a module's ``__all__`` is ``lucidml.utils.<name>``."""
from lucidml.utils.exports import lazy_exports, scan_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, scan_exports(__path__))
