"""Support vector machines: SVC and SVR solved by SMO (SYLLABUS §6)."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "svc": ["SVC"],
    "svr": ["SVR"],
    "kernels": ["kernel_matrix"],
})
