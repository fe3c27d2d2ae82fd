"""Kernels: inner products in a feature space, computed without going there.

    linear    K(x, z) = x·z
    poly      K(x, z) = (γ x·z + r)^d
    rbf       K(x, z) = exp(−γ ‖x − z‖²)
    sigmoid   K(x, z) = tanh(γ x·z + r)

with γ = ``gamma``, r = ``coef0``, d = ``degree``. ``gamma="scale"`` means
γ = 1 / (D · Var(X)) and ``"auto"`` means γ = 1 / D (D features), as in scikit-learn.

Two paths compute the same numbers: :func:`kernel_matrix` builds a whole block with one
matrix product (BLAS; the RBF block reuses ``pairwise_distances(metric="sqeuclidean")``),
and ``lucidml.svm.smo._kernel_row``, compiled, computes the single row K(x_i, ·) that the
SMO solver asks for when the row is not in its cache.

Reference: Schölkopf & Smola, *Learning with Kernels*, §2.3; Bishop, *PRML*, §6.2.

>>> kernel_matrix([[1., 0.]], [[1., 0.], [0., 1.]], "rbf", gamma=0.5).round(4).tolist()
[[1.0, 0.3679]]
"""
from __future__ import annotations

import numpy as np

from lucidml.metrics.distances import pairwise_distances

__all__ = ["KERNELS", "kernel_matrix", "resolve_gamma"]

KERNELS = ("linear", "poly", "rbf", "sigmoid")
KERNEL_ID = {name: i for i, name in enumerate(KERNELS)}   # the compiled row uses numbers


def resolve_gamma(gamma, X: np.ndarray, owner: str) -> float:
    """γ from "scale" (1 / (D · Var X)), "auto" (1 / D) or a positive number."""
    D = X.shape[1]
    if isinstance(gamma, str):
        if gamma == "scale":
            var = X.var()
            return 1.0 / (D * var) if var > 0 else 1.0
        if gamma == "auto":
            return 1.0 / D
        raise ValueError(f"{owner}: gamma={gamma!r} is not supported; use 'scale', 'auto' or a "
                         "positive number.")
    if isinstance(gamma, bool) or not isinstance(gamma, (int, float, np.integer, np.floating)) \
            or not np.isfinite(gamma) or gamma <= 0:
        raise ValueError(f"{owner}: gamma={gamma!r} must be 'scale', 'auto' or a positive number.")
    return float(gamma)


def kernel_matrix(X, Z, kernel: str, *, gamma: float = 1.0, coef0: float = 0.0,
                  degree: int = 3) -> np.ndarray:
    """K[i, j] = K(X[i], Z[j]), shape (n_X, n_Z), one matrix product for the whole block."""
    X = np.asarray(X, dtype=np.float64)
    Z = np.asarray(Z, dtype=np.float64)
    if Z.shape[0] == 0 or X.shape[0] == 0:                      # e.g. no support vectors
        return np.zeros((X.shape[0], Z.shape[0]))
    if kernel == "rbf":
        K = pairwise_distances(X, Z, metric="sqeuclidean")       # ‖x − z‖²
        K *= -gamma
        return np.exp(K, out=K)
    G = X @ Z.T                                                  # x·z
    if kernel == "linear":
        return G
    if kernel == "poly":
        return (gamma * G + coef0) ** degree
    if kernel == "sigmoid":
        return np.tanh(gamma * G + coef0)
    raise ValueError(f"kernel_matrix: kernel={kernel!r} is not supported; choose one of {KERNELS}.")
