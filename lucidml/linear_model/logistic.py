"""Logistic regression, binary and multinomial, fitted by Newton's method (IRLS).

Binary (two classes, t ∈ {0, 1}): a single neuron with a sigmoid,

    p(t = 1 | x) = σ(a),  a = xᵀ w + b,  σ(a) = 1 / (1 + e^(−a))

Multinomial (K >= 3 classes, one-hot t_k): one weight vector per class and the softmax,

    p(t = k | x) = softmax(a)_k = e^(a_k) / Σ_j e^(a_j),  a_k = xᵀ w_k + b_k

Both minimise the cross-entropy with an L2 penalty (scikit-learn's objective, scaled by 1/(CN)):

    J(θ) = (1/N) Σ_n ℓ_n + 1/(2CN) ‖W‖²,   ℓ_n = −Σ_k t_nk ln p_nk   (the intercepts are not penalised)

With the intercept folded in as a column of ones (x̃ = [x, 1], θ = [w; b]) the gradient and
Hessian are, per class block k, l,

    ∇_k J = (1/N) Σ_n (p_nk − t_nk) x̃_n + Λ θ_k / (CN)
    H_kl  = (1/N) Σ_n p_nk (δ_kl − p_nl) x̃_n x̃_nᵀ + δ_kl Λ / (CN)     (binary: one block, p(1 − p))

where Λ = diag(1, ..., 1, 0) leaves the intercept out of the penalty. Newton's method takes
θ ← θ − s H⁻¹ ∇J, solving H d = ∇J by Cholesky, with a backtracking step s (halved until J
decreases enough, Armijo's rule). For the binary case this is iteratively reweighted least
squares (IRLS): each step is a weighted least-squares fit with weights p_n(1 − p_n).
With many parameters (D'K > ``FULL_HESSIAN_MAX``, e.g. 10 classes of 64 pixels) forming H
costs N (D'K)² operations per step, so H d = ∇J is solved instead by conjugate gradients,
which need only products H v = x̃ᵀ [p ⊙ (a_v − Σ_l p_l a_v,l)] / N + λΛv (a_v = x̃ v, about
N D'K operations each), to a relative residual min(½, √‖∇J‖) (truncated Newton: rough
far from the optimum, exact near it; Nocedal & Wright, *Numerical Optimization*, §7.1).

The softmax is unchanged when the same vector is added to every w_k, so H is singular along
those directions for unpenalised coordinates (always the intercepts; every coordinate when
``penalty=None``). The gradient has no component there, so adding those directions' projector
to H changes nothing but makes the Cholesky solve well posed, and keeps Σ_k θ_k = 0, the
symmetric solution that scikit-learn also reports.

``solver="gd"`` replaces the Newton step by plain gradient descent θ ← θ − η ∇J (η =
``learning_rate``, "auto": 1 / (an upper bound of H's largest eigenvalue)), for teaching;
it needs many more iterations. Both record J per iteration in ``loss_curve_``.

Symbols: X (N, D), K classes, θ = [coef_ | intercept_] per class, C = C, N samples.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §4.3.2-4.3.4;
Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §4.4.1.

>>> X = np.array([[-2.0], [-1.0], [1.0], [2.0], [0.5], [-0.5]])
>>> y = np.array([0, 0, 1, 1, 0, 1])
>>> model = LogisticRegression(C=10.0).fit(X, y)
>>> model.predict([[-3.0], [3.0]]).tolist()
[0, 1]
>>> model.predict_proba([[0.0]]).round(3).tolist()    # on the boundary the two classes tie
[[0.5, 0.5]]
"""
from __future__ import annotations

import warnings

import numpy as np
from scipy.linalg import LinAlgError, cho_factor, cho_solve
from scipy.special import expit, log_softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.utils.parallel import one_blas_thread, row_blocks
from lucidml.utils.progress import progress_bar
from lucidml.utils.validation import check_int, check_option, check_real, check_two_classes

__all__ = ["LogisticRegression"]

SOLVERS = ("newton", "gd")
FULL_HESSIAN_MAX = 32    # parameters D'K up to which Newton builds the full Hessian (beyond: CG)
PENALTIES = ("l2", None)
CACHE_NUMBERS = 1 << 17  # float64s per block of rows in hessian_vector (1 MiB, inside a core's L2)


class LogisticRegression(ClassifierMixin, BaseEstimator):
    """Binary (sigmoid) or multinomial (softmax) logistic regression with an L2 penalty.

    Parameters
    ----------
    penalty : "l2" or None
    C : float > 0, inverse regularisation strength (the penalty is ‖W‖² / (2C))
    fit_intercept : bool
    solver : "newton" (Newton/IRLS with a line search) or "gd" (gradient descent)
    max_iter : int, Newton steps (gd: gradient steps; it needs thousands)
    tol : stop when max |∇J| <= tol
    learning_rate : float > 0 or "auto", η for "gd"
    multi_class : "multinomial" (the softmax over all classes; the only option)
    verbose : int, a progress bar when > 0

    Attributes: ``classes_``, ``coef_`` (1, D) or (K, D), ``intercept_`` (1,) or (K,),
    ``n_iter_``, ``loss_curve_`` (J per iteration), ``n_features_in_``.
    """

    def __init__(self, penalty="l2", *, C=1.0, fit_intercept=True, solver="newton", max_iter=100, tol=1e-8,
                 learning_rate="auto", multi_class="multinomial", verbose=0):
        self.penalty = penalty
        self.C = C
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.learning_rate = learning_rate
        self.multi_class = multi_class
        self.verbose = verbose

    def _check_params(self):
        name = type(self).__name__
        if self.penalty not in PENALTIES:
            raise ValueError(f"{name}: penalty={self.penalty!r} is not supported; choose 'l2' or None.")
        check_real(self.C, name="C", owner=name, minimum=0.0, strict=True)
        check_option(self.solver, name="solver", owner=name, allowed=SOLVERS)
        check_option(self.multi_class, name="multi_class", owner=name, allowed=("multinomial",))
        check_int(self.max_iter, name="max_iter", owner=name, minimum=1)
        check_real(self.tol, name="tol", owner=name, minimum=0.0)
        if self.learning_rate != "auto":
            check_real(self.learning_rate, name="learning_rate", owner=name, minimum=0.0, strict=True)

    def fit(self, X, y):
        name = type(self).__name__
        self._check_params()
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_, t = np.unique(y, return_inverse=True)
        K = len(self.classes_)
        check_two_classes(self.classes_, name)
        X1 = np.hstack([X, np.ones((X.shape[0], 1))]) if self.fit_intercept else X    # x̃ = [x, 1]  (N, D')
        T = (t == 1).astype(np.float64)[:, None] if K == 2 else np.eye(K)[t]         # (N, 1) or (N, K)
        lam = 0.0 if self.penalty is None else 1.0 / (self.C * X.shape[0])           # 1/(CN)
        penalised = np.ones(X1.shape[1], dtype=bool)
        if self.fit_intercept:
            penalised[-1] = False                                                     # Λ = diag(1..1, 0)
        problem = _Problem(X1, T, lam, penalised)
        fit = _newton if self.solver == "newton" else _gradient_descent
        theta, self.loss_curve_, self.n_iter_, converged, g = fit(problem, self.max_iter, self.tol,
                                                                 self.learning_rate, self.verbose, name)
        if not converged:
            warnings.warn(f"{name}: {self.solver} stopped after max_iter={self.max_iter} with gradient norm "
                          f"{g:.2e} > tol={self.tol:g}; increase max_iter, scale the features, or (for "
                          "separable data with penalty=None) add a penalty.", ConvergenceWarning, stacklevel=2)
        if K > 2:  # J is unchanged by shifting unpenalised coordinates equally in all classes
            free = ~penalised if self.penalty is not None else np.ones_like(penalised)
            theta[free] -= theta[free].mean(axis=1, keepdims=True)
        if self.fit_intercept:
            self.coef_, self.intercept_ = theta[:-1].T.copy(), theta[-1].copy()
        else:
            self.coef_, self.intercept_ = theta.T.copy(), np.zeros(theta.shape[1])
        return self

    def decision_function(self, X):
        """a = X wᵀ + b: (N,) for two classes (the log-odds of classes_[1]), (N, K) otherwise."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        A = X @ self.coef_.T + self.intercept_
        return A[:, 0] if A.shape[1] == 1 else A

    def predict_proba(self, X):
        """p(class | x): σ(a) and 1 − σ(a) for two classes, softmax(a) otherwise.  (N, K)"""
        A = self.decision_function(X)
        if A.ndim == 1:
            return np.column_stack([expit(-A), expit(A)])                   # 1 − σ(a) = σ(−a), exactly
        return np.exp(log_softmax(A, axis=1))

    def predict_log_proba(self, X):
        A = self.decision_function(X)
        if A.ndim == 1:
            return np.column_stack([-np.logaddexp(0.0, A), -np.logaddexp(0.0, -A)])   # ln(1 − σ), ln σ
        return log_softmax(A, axis=1)

    def predict(self, X):
        A = self.decision_function(X)
        return self.classes_[(A > 0).astype(np.intp) if A.ndim == 1 else np.argmax(A, axis=1)]


# -- the optimisation problem --------------------------------------------------------------
class _Problem:
    """J(θ), ∇J and the Hessian for x̃ (N, D'), targets T (N, K') with K' = 1 (binary) or K."""

    def __init__(self, X1, T, lam, penalised):
        self.X1, self.T, self.lam, self.penalised = X1, T, lam, penalised
        self.N, self.D1 = X1.shape
        self.K = T.shape[1]
        self.mask = penalised.astype(np.float64)[:, None]                  # Λ's diagonal   (D', 1)

    def probabilities(self, theta, A=None):
        """p = σ(a) or softmax(a); pass the activations A = x̃ᵀθ if they are known already."""
        A = self.X1 @ theta if A is None else A                             # a = x̃ᵀθ   (N, K')
        return expit(A) if self.K == 1 else np.exp(log_softmax(A, axis=1))

    def loss(self, theta, A=None):
        """J = (1/N) Σ_n ℓ_n + λ/2 ‖Λθ‖², computed from a without forming p (no log(0))."""
        A = self.X1 @ theta if A is None else A
        if self.K == 1:
            nll = np.logaddexp(0.0, A) - self.T * A                         # ln(1 + e^a) − t a
        else:
            nll = -np.sum(self.T * log_softmax(A, axis=1), axis=1)          # −Σ_k t_k ln p_k
        return float(nll.sum() / self.N + 0.5 * self.lam * np.sum(self.mask * theta ** 2))

    def gradient(self, theta, P):
        """∇J = x̃ᵀ (p − t) / N + λ Λ θ.   (D', K')"""
        return self.X1.T @ (P - self.T) / self.N + self.lam * self.mask * theta

    def hessian(self, P):
        """H (D'K', D'K'), blocks H_kl = x̃ᵀ diag(p_k (δ_kl − p_l)) x̃ / N + δ_kl λ Λ, θ stacked class by class."""
        X1, N, D1, K = self.X1, self.N, self.D1, self.K
        # every product below has the form Zᵀ Z, which BLAS computes as a symmetric rank-k update
        if K == 1:
            Z = X1 * np.sqrt(P * (1.0 - P))                                 # √(IRLS weight p(1 − p)) x̃
            H = Z.T @ Z / N
        else:
            # Σ_n (diag(p_n) − p_n p_nᵀ) ⊗ x̃_n x̃_nᵀ: a block diagonal minus one big product
            H = np.zeros((K * D1, K * D1))
            for k in range(K):
                Z = X1 * np.sqrt(P[:, k:k + 1])                             # √p_k x̃
                H[k * D1:(k + 1) * D1, k * D1:(k + 1) * D1] = Z.T @ Z
            PX = (P[:, :, None] * X1[:, None, :]).reshape(N, K * D1)        # rows p_n ⊗ x̃_n   (N, K D')
            H -= PX.T @ PX
            H /= N
        H[np.diag_indices_from(H)] += self.lam * np.tile(self.penalised, K)
        return H

    def hessian_vector(self, P, V):
        """H v without forming H: x̃ᵀ [p_k ⊙ (a_k − Σ_l p_l a_l)] / N + λ Λ v_k with a = x̃ V.  (D', K')

        Summed over blocks of rows that fit in cache, so each block of x̃ is read from memory
        once for both of its products (x̃_b V, then x̃_bᵀ S_b) instead of twice.
        """
        HV = np.zeros_like(V)
        for start, stop in row_blocks(self.N, max(256, CACHE_NUMBERS // self.D1)):
            X_b, P_b = self.X1[start:stop], P[start:stop]
            A = X_b @ V                                                     # (b, K')
            if self.K == 1:
                S = P_b * (1.0 - P_b) * A                                   # p(1 − p) a
            else:
                S = P_b * (A - np.einsum("nk,nk->n", P_b, A)[:, None])     # p_k (a_k − Σ_l p_l a_l)
            HV += X_b.T @ S
        return HV / self.N + self.lam * self.mask * V

    def null_space_projector(self, scale):
        """Σ_d u_d u_dᵀ over the unpenalised coordinates d, u_d = (1/√K) Σ_k e_k ⊗ e_d (scaled).

        These are the directions along which the softmax (and J) does not change; only the
        multinomial case with K blocks has them.
        """
        if self.K == 1:
            return 0.0
        free = np.diag(~self.penalised if self.lam > 0 else np.ones(self.D1, dtype=bool)).astype(np.float64)
        return scale * np.kron(np.ones((self.K, self.K)) / self.K, free)


def _newton(problem, max_iter, tol, learning_rate, verbose, owner):
    """θ ← θ − s H⁻¹ ∇J with a backtracking line search; returns θ, J curve, steps, converged, max|∇J|."""
    D1, K = problem.D1, problem.K
    theta = np.zeros((D1, K))
    A = np.zeros((problem.N, K))                                             # a = x̃ᵀθ, kept in step with θ
    J = problem.loss(theta, A)
    losses, converged, g_max = [J], False, np.inf
    n_iter = 0
    # every product below is thin (x̃ times a vector or a few columns): one BLAS thread is faster
    with one_blas_thread(), progress_bar(max_iter, f"{owner} (newton)", verbose=verbose) as bar:
        for n_iter in range(1, max_iter + 1):
            P = problem.probabilities(theta, A)
            g = problem.gradient(theta, P)                                   # (D', K)
            g_max = float(np.max(np.abs(g)))
            if g_max <= tol:
                converged = True
                n_iter -= 1
                break
            d = _newton_direction(problem, P, g)                             # H d = ∇J
            theta, A, J = _line_search(problem, theta, A, J, g, d)
            losses.append(J)
            bar.advance(postfix=f"loss {J:.6g}")
        else:
            P = problem.probabilities(theta, A)
            g_max = float(np.max(np.abs(problem.gradient(theta, P))))
            converged = g_max <= tol
    return theta, np.asarray(losses), n_iter, converged, g_max


def _gradient_descent(problem, max_iter, tol, learning_rate, verbose, owner):
    """θ ← θ − η ∇J; returns θ, J curve, steps, converged, max|∇J|."""
    D1, K = problem.D1, problem.K
    if learning_rate == "auto":
        # H <= c x̃ᵀx̃ / N + λ I with c = 1/4 (sigmoid) or 1/2 (softmax): a bound on the curvature
        c = 0.25 if K == 1 else 0.5
        L = c * np.linalg.eigvalsh(problem.X1.T @ problem.X1 / problem.N)[-1] + problem.lam
        eta = 1.0 / L
    else:
        eta = float(learning_rate)
    theta = np.zeros((D1, K))
    losses, converged, g_max = [problem.loss(theta)], False, np.inf
    n_iter = 0
    with one_blas_thread(), progress_bar(max_iter, f"{owner} (gd)", verbose=verbose) as bar:
        A = problem.X1 @ theta                                               # a = x̃ᵀθ
        for n_iter in range(1, max_iter + 1):
            g = problem.gradient(theta, problem.probabilities(theta, A))
            g_max = float(np.max(np.abs(g)))
            if g_max <= tol:
                converged, n_iter = True, n_iter - 1
                break
            theta = theta - eta * g
            A = problem.X1 @ theta
            losses.append(problem.loss(theta, A))
            if not np.isfinite(losses[-1]):
                raise ValueError(f"{owner}: gradient descent diverged; learning_rate={eta:g} is too large, "
                                 "lower it or use 'auto'.")
            bar.advance(postfix=f"loss {losses[-1]:.6g}")
    return theta, np.asarray(losses), n_iter, converged, g_max


def _newton_direction(problem, P, g):
    """Solve H d = ∇J: by Cholesky of the full H when it is small, else by conjugate gradients.

    The full Hessian costs N (D'K)² operations, conjugate gradients about N D'K per
    product H v (``hessian_vector``); past ``FULL_HESSIAN_MAX`` parameters the products win.
    """
    D1, K = problem.D1, problem.K
    if D1 * K <= FULL_HESSIAN_MAX:
        H = problem.hessian(P)
        H = H + problem.null_space_projector(np.mean(np.diag(H)))
        return _solve_spd(H, g.ravel(order="F")).reshape((D1, K), order="F")
    # forcing term min(½, √‖∇J‖): a rough solve far from the optimum, an exact one near it
    g_norm = np.linalg.norm(g)
    return _conjugate_gradient(lambda V: problem.hessian_vector(P, V), g, min(0.5, np.sqrt(g_norm)),
                               max_iter=10 * D1 * K)


def _conjugate_gradient(hess_vec, g, rtol, max_iter):
    """Solve H d = g by conjugate gradients, stopping when ‖g − H d‖ <= rtol ‖g‖.

    r = g − H d is the residual, p the search direction; each step moves d to the minimum
    of ½ dᵀH d − gᵀd along p, and keeps the directions H-conjugate (p_iᵀ H p_j = 0).
    """
    d = np.zeros_like(g)
    r = g.copy()
    p = r.copy()
    rr = float(np.sum(r * r))
    stop = rtol * np.sqrt(rr)
    for _ in range(max_iter):
        Hp = hess_vec(p)
        pHp = float(np.sum(p * Hp))
        if pHp <= 0:                                                        # flat direction: stop here
            break
        step = rr / pHp
        d += step * p
        r -= step * Hp
        rr_new = float(np.sum(r * r))
        if np.sqrt(rr_new) <= stop:
            break
        p = r + (rr_new / rr) * p
        rr = rr_new
    return d if np.any(d) else g                                            # no curvature: a gradient step


def _line_search(problem, theta, A, J, g, d, c=1e-4, max_halvings=40):
    """Armijo: the largest s in 1, ½, ¼, ... with J(θ − s d) <= J(θ) − c s ∇Jᵀd.

    Along the line the activations are x̃ᵀ(θ − s d) = a − s x̃ᵀd, so one product x̃ d serves
    every trial step. Returns the accepted θ, its activations a and J.
    """
    slope = float(np.sum(g * d))                                            # ∇Jᵀd > 0 (d is a descent step)
    Ad = problem.X1 @ d                                                     # x̃ᵀd   (N, K')
    s = 1.0
    for _ in range(max_halvings):
        theta_new, A_new = theta - s * d, A - s * Ad
        J_new = problem.loss(theta_new, A_new)
        if J_new <= J - c * s * slope:
            return theta_new, A_new, J_new
        s /= 2
    return theta, A, J                                                      # no progress possible: stay


def _solve_spd(H, g):
    """Solve H d = g by Cholesky; if H is numerically singular, add a little to its diagonal."""
    jitter = 0.0
    scale = max(float(np.mean(np.diag(H))), np.finfo(np.float64).tiny)
    for _ in range(12):
        try:
            factor = cho_factor(H + jitter * np.eye(H.shape[0]), lower=True, check_finite=False)
            return cho_solve(factor, g, check_finite=False)
        except LinAlgError:
            jitter = scale * 1e-10 if jitter == 0 else jitter * 100
    raise LinAlgError("LogisticRegression: the Hessian could not be factorised; scale the features.")
