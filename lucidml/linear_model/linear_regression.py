"""Linear regression by least squares: three ways to the same minimiser.

The model ŷ = X w + b and the error

    E(w, b) = ½ Σ_n (ŷ_n − y_n)² = ½ ‖X w + b − y‖²

are minimised by the parameters that make the gradient zero. Three solvers:

    "lstsq"   QR of the centred data, then the SVD of the small triangular factor
              (numerically stable; collinear or constant columns give the minimum-norm
              answer with a warning). The default.
    "normal"  the normal equations X_cᵀ X_c w = X_cᵀ y_c, solved by Cholesky
              X_cᵀ X_c = L Lᵀ (L z = X_cᵀ y_c, then Lᵀ w = z). The textbook route; it squares
              the condition number, so it warns when cond(X_cᵀ X_c) > 1e10.
    "gd"      batch gradient descent  w ← w − η ∇E / N,  ∇E = X_cᵀ (X_c w − y_c),
              with η = ``learning_rate`` ("auto": 1 / λ_max(X_cᵀ X_c / N), the largest step
              that is safe for every direction), stopping when ‖∇E‖ <= tol · ‖∇E(0)‖;
              ``loss_curve_`` records E at every iteration.

With an intercept the data are centred first (x̄, ȳ the means): then b = ȳ − x̄ᵀ w and w
solves the problem without intercept on X_c = X − x̄, y_c = y − ȳ.

Symbols: X (N, D), y (N,) or (N, T), w = coef_, b = intercept_, η = learning_rate.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §3.1.1;
Golub & Van Loan, *Matrix Computations*, §5.3.

>>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
>>> y = np.array([1.0, 3.0, 5.0, 7.0])               # y = 1 + 2x exactly
>>> model = LinearRegression().fit(X, y)
>>> round(model.intercept_, 10), model.coef_.round(10).tolist()
(1.0, [2.0])
>>> LinearRegression(solver="gd", tol=1e-10).fit(X, y).coef_.round(6).tolist()
[2.0]
"""
from __future__ import annotations

import warnings

import numpy as np
from scipy.linalg import LinAlgWarning, cholesky, solve_triangular
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import validate_data

from lucidml.linear_model._base import _LinearPredictor, set_linear_output
from lucidml.linear_model._least_squares import _center, _gram, _qr_reduce, _svd_solve
from lucidml.utils.progress import progress_bar
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["LinearRegression"]

SOLVERS = ("lstsq", "normal", "gd")
NORMAL_MAX_COND = 1e10   # cond(XᵀX) above this: the normal equations lose more than ~6 digits


class LinearRegression(_LinearPredictor):
    """Ordinary least squares: minimise E = ½ ‖X w + b − y‖².

    Parameters
    ----------
    fit_intercept : bool, fit b (else b = 0)
    solver : "lstsq" (QR + SVD), "normal" (Cholesky of XᵀX) or "gd" (gradient descent)
    learning_rate : float > 0 or "auto", η for "gd"
    max_iter, tol : stopping rule for "gd" (relative gradient norm)
    verbose : int, show a progress bar for "gd"

    Attributes: ``coef_`` (D,) or (T, D), ``intercept_``, ``n_features_in_``, ``n_iter_`` (1 for
    the direct solvers); for "lstsq" ``rank_`` and ``singular_`` (of X_c); for "gd" ``loss_curve_``.
    """

    def __init__(self, *, fit_intercept=True, solver="lstsq", learning_rate="auto", max_iter=10_000,
                 tol=1e-8, verbose=0):
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose

    def fit(self, X, y):
        name = type(self).__name__
        check_option(self.solver, name="solver", owner=name, allowed=SOLVERS)
        if self.solver == "gd":
            check_int(self.max_iter, name="max_iter", owner=name, minimum=1)
            check_real(self.tol, name="tol", owner=name, minimum=0.0)
            if self.learning_rate != "auto":
                check_real(self.learning_rate, name="learning_rate", owner=name, minimum=0.0, strict=True)
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True, multi_output=True)
        Y = y.reshape(y.shape[0], -1)                                       # (N, T)
        self.n_iter_ = 1                                                    # a direct solve is one step
        if self.solver == "lstsq":
            W, x_bar, y_bar = self._fit_lstsq(X, Y)
        else:
            X_c, Y_c, x_bar, y_bar = _center(X, Y, self.fit_intercept)
            if self.solver == "normal":
                W = _solve_normal_equations(X_c, Y_c, name)
                if W is None:                                               # singular: fall back
                    W, x_bar, y_bar = self._fit_lstsq(X, Y, warn_rank=False)
            else:
                W, self.loss_curve_, self.n_iter_ = _gradient_descent(
                    X_c, Y_c, self.learning_rate, self.max_iter, self.tol, self.verbose, name)
        set_linear_output(self, W, y_bar - x_bar @ W, y.ndim)               # b = ȳ − x̄ᵀ w
        return self

    def _fit_lstsq(self, X, Y, warn_rank=True):
        R_x, c, x_bar, y_bar = _qr_reduce(X, Y, self.fit_intercept)
        W, self.rank_, self.singular_ = _svd_solve(R_x, c, 0.0, type(self).__name__, warn_rank)
        return W, x_bar, y_bar


# -- private steps -------------------------------------------------------------------------
def _solve_normal_equations(X_c, Y_c, owner):
    """Solve X_cᵀ X_c w = X_cᵀ y_c by Cholesky; None when X_cᵀ X_c is singular."""
    G, b = _gram(X_c, Y_c)                                                  # XᵀX (D, D), Xᵀy (D, T)
    lam = np.linalg.eigvalsh(G)                                             # only to measure cond
    cond = lam[-1] / lam[0] if lam[0] > 0 else np.inf
    if cond > 1 / np.finfo(np.float64).eps:
        warnings.warn(f"{owner}: XᵀX is singular (collinear or constant columns); the normal equations have "
                      "no unique solution, so the minimum-norm least-squares answer is returned instead.",
                      LinAlgWarning, stacklevel=3)
        return None
    if cond > NORMAL_MAX_COND:
        warnings.warn(f"{owner}: XᵀX is ill-conditioned (cond = {cond:.1e}); the normal equations lose about "
                      f"{np.log10(cond):.0f} of 16 digits. Use solver='lstsq' or rescale the features.",
                      LinAlgWarning, stacklevel=3)
    L = cholesky(G, lower=True)                                             # XᵀX = L Lᵀ
    z = solve_triangular(L, b, lower=True)                                  # L z = Xᵀy
    return solve_triangular(L.T, z, lower=False)                            # Lᵀ w = z


def _gradient_descent(X_c, Y_c, learning_rate, max_iter, tol, verbose, owner):
    """w ← w − η ∇E / N with ∇E = X_cᵀ (X_c w − y_c); returns w, the E curve and the iteration count."""
    N, D = X_c.shape
    if learning_rate == "auto":
        L = np.linalg.eigvalsh(X_c.T @ X_c / N)[-1] if D else 0.0          # Lipschitz constant of ∇E / N
        eta = 1.0 / L if L > 0 else 1.0
    else:
        eta = float(learning_rate)
    W = np.zeros((D, Y_c.shape[1]))
    g0 = np.linalg.norm(X_c.T @ Y_c) / N                                   # ‖∇E(0)‖ / N
    losses = []
    n_iter = 0
    with progress_bar(max_iter, f"{owner} (gd)", verbose=verbose) as bar:
        for n_iter in range(1, max_iter + 1):
            r = X_c @ W - Y_c                                               # residuals ŷ − y   (N, T)
            E = 0.5 * float(np.sum(r ** 2))
            losses.append(E)
            bar.advance(postfix=f"loss {E:.6g}")
            if not np.isfinite(E) or E > 1e150:
                raise ValueError(f"{owner}: gradient descent diverged at iteration {n_iter} "
                                 f"(E = {E:.3g}); learning_rate={eta:g} is too large, lower it or use 'auto'.")
            g = X_c.T @ r / N                                               # ∇E / N   (D, T)
            if np.linalg.norm(g) <= tol * g0:
                break
            W -= eta * g
        else:
            warnings.warn(f"{owner}: gradient descent stopped after max_iter={max_iter} with gradient norm "
                          f"{np.linalg.norm(g):.2e} > tol · ‖∇E(0)‖ = {tol * g0:.2e}; increase max_iter or tol, "
                          "or standardise the features.", ConvergenceWarning, stacklevel=3)
    return W, np.asarray(losses), n_iter
