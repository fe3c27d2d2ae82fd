"""Support vector regression (ε-SVR).

    primal   min_{w, b, ξ, ξ*}  ½ ‖w‖² + C Σ_i (ξ_i + ξ*_i)
             s.t.  y_i − wᵀφ(x_i) − b ≤ ε + ξ_i,   wᵀφ(x_i) + b − y_i ≤ ε + ξ*_i,   ξ, ξ* ≥ 0

Errors smaller than ε cost nothing (the ε-insensitive tube); larger ones cost linearly.
The dual has two variables per point,

    min_{α, α*}  ½ (α − α*)ᵀ K (α − α*) + ε Σ_i (α_i + α*_i) − Σ_i y_i (α_i − α*_i)
    s.t.  Σ_i (α_i − α*_i) = 0,   0 ≤ α_i, α*_i ≤ C,

which is the SMO problem of :mod:`lucidml.svm.smo` (or :mod:`lucidml.svm.platt_smo`) in 2n
variables (α with sign +1, α* with sign −1, both on row i of X, linear term ε ∓ y_i). The prediction is
f(x) = Σ_i (α_i − α*_i) K(x_i, x) + b, b = −ρ; points strictly inside the tube have
α_i = α*_i = 0 and are not support vectors.

Symbols: β_i = α_i − α*_i = dual_coef_, ε = epsilon, C the box, b = intercept_.
Reference: Smola & Schölkopf, "A tutorial on support vector regression", Statistics and
Computing 14 (2004); Bishop, *PRML*, §7.1.4; Chang & Lin, "LIBSVM" (2011), §2.4.

>>> X = np.array([[0.], [1.], [2.], [3.]])
>>> svr = SVR(kernel="linear", C=100.0, epsilon=0.1).fit(X, [0., 1., 2., 3.])
>>> svr.coef_.round(4).tolist(), svr.intercept_.round(4).tolist()   # the flattest line within ε of every point
([[0.9333]], [0.1])
>>> svr.support_.tolist()                                 # the two ends touch the tube
[0, 3]
"""
from __future__ import annotations

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.utils.validation import validate_data

from lucidml.svm._base import _SVMBase, solve_dual
from lucidml.utils.validation import check_real

__all__ = ["SVR"]


class SVR(RegressorMixin, _SVMBase):
    """ε-insensitive support vector regression, trained by SMO.

    Parameters
    ----------
    C : box constraint C > 0
    epsilon : half-width ε ≥ 0 of the tube inside which errors are free
    kernel, degree, gamma, coef0, tol, shrinking, cache_size, max_iter, solver : as in :class:`SVC`

    Attributes: ``support_``, ``support_vectors_``, ``dual_coef_`` (1, n_SV) = α − α*,
    ``intercept_`` (1,), ``n_support_``, ``n_iter_``.
    """

    def __init__(self, *, kernel="rbf", degree=3, gamma="scale", coef0=0.0, tol=1e-3, C=1.0,
                 epsilon=0.1, shrinking=True, cache_size=200, max_iter=-1, solver="libsvm"):
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.tol = tol
        self.shrinking = shrinking
        self.C = C
        self.epsilon = epsilon
        self.cache_size = cache_size
        self.max_iter = max_iter
        self.solver = solver

    def fit(self, X, y):
        """Solve the 2n-variable dual by SMO."""
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True, order="C")
        self._gamma = self._check_params(X)
        eps = check_real(self.epsilon, name="epsilon", owner=type(self).__name__, minimum=0.0)
        n = X.shape[0]
        sign = np.concatenate([np.ones(n), -np.ones(n)])                  # α: +1, α*: −1
        p = np.concatenate([eps - y, eps + y])                             # linear term ε ∓ y_i
        rows = np.concatenate([np.arange(n), np.arange(n)])               # both variables use row i
        result = solve_dual(X, sign, p, float(self.C), rows=rows, **self._solver_args())
        beta = result.alpha[:n] - result.alpha[n:]                          # β_i = α_i − α*_i
        self.support_ = np.flatnonzero(beta != 0).astype(np.int32)
        self.support_vectors_ = X[self.support_]
        self.dual_coef_ = beta[self.support_][None, :]
        self.intercept_ = np.array([-result.rho])
        self.n_support_ = np.array([len(self.support_)], dtype=np.int32)
        self.n_iter_ = np.array([result.n_iter], dtype=np.int32)
        self.fit_status_ = 0
        self.shape_fit_ = X.shape
        return self

    def predict(self, X):
        """f(x) = Σ_i β_i K(x_i, x) + b over the support vectors."""
        return self._kernel_to_support(X) @ self.dual_coef_[0] + self.intercept_[0]

    @property
    def coef_(self):
        """w = Σ_i β_i x_i (linear kernel only)."""
        if self.kernel != "linear":
            raise AttributeError("coef_ exists only for kernel='linear'.")
        return self.dual_coef_ @ self.support_vectors_
