"""Ridge regression: least squares with a penalty on the size of the weights.

    Ẽ(w, b) = ½ Σ_n (x_nᵀ w + b − y_n)² + α/2 ‖w‖²

(Bishop's E(w) + λ/2 ‖w‖², λ = α; the intercept b is not penalised, so shifting y shifts
only b). Setting the gradient to zero on centred data gives

    (X_cᵀ X_c + α I) w = X_cᵀ y_c,     b = ȳ − x̄ᵀ w.

Two solvers:

    "svd"     QR of [X_c  y_c], then the SVD R_x = U S Vᵀ of the small factor:
              w = V diag(s / (s² + α)) Uᵀ c. Stable at any conditioning (it is the
              augmented least-squares problem [X_c; √α I] w ≈ [y_c; 0] solved exactly).
    "normal"  the D × D system above by Cholesky, X_cᵀ X_c + α I = L Lᵀ, with X_cᵀ X_c
              summed a block of rows at a time. Half the work of the QR for N ≫ D, and as
              accurate when cond(X_cᵀ X_c + α I) is moderate.
    "auto"    "normal" when cond(X_cᵀ X_c + α I) <= 1e6 (at most ~1e-10 relative error;
              LAPACK's estimate from the Cholesky factor), otherwise "svd". The default.

The shrinkage is visible in the SVD form: the component of y along the j-th singular
direction is multiplied by s_j² / (s_j² + α), so directions of small variance shrink most.

Symbols: X (N, D), y (N,) or (N, T), w = coef_, b = intercept_, α = alpha.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §1.1, §3.1.4;
Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §3.4.1.

>>> X = np.array([[-1.0], [0.0], [1.0]])
>>> y = np.array([-2.0, 0.0, 2.0])                # least squares: w = 2
>>> Ridge(alpha=2.0).fit(X, y).coef_.tolist()     # w = Σxy / (Σx² + α) = 4 / (2 + 2)
[1.0]
"""
from __future__ import annotations

import numpy as np
from sklearn.utils.validation import validate_data

from lucidml.linear_model._base import _LinearPredictor, set_linear_output
from lucidml.linear_model._least_squares import GRAM_MAX_COND, _centred_gram, _gram_solve, _qr_reduce, _svd_solve
from lucidml.utils.validation import check_option, check_real

__all__ = ["Ridge"]

SOLVERS = ("auto", "svd", "normal")


class Ridge(_LinearPredictor):
    """Least squares with an L2 penalty α/2 ‖w‖² on the weights (not on the intercept).

    Parameters
    ----------
    alpha : float >= 0, the regularisation strength α (Bishop's λ)
    fit_intercept : bool
    solver : "auto", "svd" or "normal" (see the module docstring)

    Attributes: ``coef_`` (D,) or (T, D), ``intercept_``, ``n_features_in_``, ``solver_``
    (the route actually taken).
    """

    def __init__(self, alpha=1.0, *, fit_intercept=True, solver="auto"):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.solver = solver

    def fit(self, X, y):
        name = type(self).__name__
        alpha = check_real(self.alpha, name="alpha", owner=name, minimum=0.0)
        check_option(self.solver, name="solver", owner=name, allowed=SOLVERS)
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True, multi_output=True)
        Y = y.reshape(y.shape[0], -1)                                       # (N, T)
        W = None
        if self.solver in ("auto", "normal"):
            G, b, x_bar, y_bar = _centred_gram(X, Y, self.fit_intercept)     # X_cᵀX_c, X_cᵀY_c
            W, cond = _gram_solve(G, b, alpha)
            if self.solver == "auto" and cond > GRAM_MAX_COND:
                W = None                                                    # too ill-conditioned to trust
            self.solver_ = "normal"
        if W is None:
            R_x, c, x_bar, y_bar = _qr_reduce(X, Y, self.fit_intercept)
            W, _, _ = _svd_solve(R_x, c, alpha, name)
            self.solver_ = "svd"
        set_linear_output(self, W, y_bar - x_bar @ W, y.ndim)               # b = ȳ − x̄ᵀ w
        return self
