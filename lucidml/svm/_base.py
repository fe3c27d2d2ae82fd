"""What SVC and SVR share: hyperparameters, their checks, the dual solver, and the kernel against the support vectors.

Two solvers minimise the same dual (both stop when the KKT conditions hold to ``tol``):

    "libsvm"  :func:`lucidml.svm.smo.smo`, libsvm's algorithm compiled (second-order pair choice,
              shrinking, a kernel cache): the default, and the fast one
    "platt"   :func:`lucidml.svm.platt_smo.smo_platt`, Platt's two-variable step on the pair that
              violates the KKT conditions most, in plain NumPy: the one to read (and to step through)

Their decision functions agree to about tol relative (measured ~3e-4 at tol = 1e-3); see tests/svm.
"""
from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.svm.kernels import KERNELS, kernel_matrix, resolve_gamma
from lucidml.utils.validation import check_int, check_option, check_real

SOLVERS = ("libsvm", "platt")


def solve_dual(X, y, p, C, *, solver="libsvm", rows=None, cache_size=200.0, shrinking=True, **kw):
    """min ½ αᵀQα + pᵀα, yᵀα = 0, 0 ≤ α ≤ C by the chosen SMO solver; returns its ``SMOResult``.
    The Platt solver has no kernel cache and no shrinking, so it ignores those two arguments."""
    if solver == "platt":
        from lucidml.svm.platt_smo import smo_platt

        return smo_platt(X, y, p, C, rows=rows, **kw)
    from lucidml.svm.smo import smo

    return smo(X, y, p, C, rows=rows, cache_size=cache_size, shrinking=shrinking, **kw)


class _SVMBase(BaseEstimator):
    def _check_params(self, X):
        """Validate the hyperparameters; returns γ resolved against X."""
        name = type(self).__name__
        check_real(self.C, name="C", owner=name, minimum=0.0, strict=True)
        check_option(self.kernel, name="kernel", owner=name, allowed=KERNELS)
        check_int(self.degree, name="degree", owner=name, minimum=0)
        check_real(self.coef0, name="coef0", owner=name)
        check_real(self.tol, name="tol", owner=name, minimum=0.0, strict=True)
        check_real(self.cache_size, name="cache_size", owner=name, minimum=0.0, strict=True)
        check_option(self.solver, name="solver", owner=name, allowed=SOLVERS)
        if isinstance(self.max_iter, bool) or not isinstance(self.max_iter, numbers.Integral) \
                or (self.max_iter < 1 and self.max_iter != -1):
            raise ValueError(f"{name}: max_iter={self.max_iter!r} must be a positive integer, or -1 "
                             "for no limit beyond libsvm's own.")
        return resolve_gamma(self.gamma, X, name)

    def _solver_args(self):
        return dict(kernel=self.kernel, gamma=self._gamma, coef0=float(self.coef0), degree=int(self.degree),
                    tol=float(self.tol), max_iter=int(self.max_iter), cache_size=float(self.cache_size),
                    shrinking=bool(self.shrinking), solver=self.solver,
                    owner=type(self).__name__)

    def _kernel_to_support(self, X):
        """K(x, s) for every query x and support vector s: shape (n_queries, n_SV)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return kernel_matrix(X, self.support_vectors_, self.kernel, gamma=self._gamma,
                             coef0=float(self.coef0), degree=int(self.degree))
