"""Support vector machines: SVC and SVR solved by SMO (SYLLABUS §6)."""
from lucidml.svm.kernels import kernel_matrix
from lucidml.svm.svc import SVC
from lucidml.svm.svr import SVR

__all__ = ["SVC", "SVR", "kernel_matrix"]
