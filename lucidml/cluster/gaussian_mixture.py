"""Gaussian mixture model fitted by expectation-maximisation, in log space.

    p(x) = Σ_k π_k N(x | μ_k, Σ_k)

EM alternates (Bishop §9.2.2):

    E step   ln γ_ik = ln π_k + ln N(x_i | μ_k, Σ_k) − ln Σ_j π_j N(x_i | μ_j, Σ_j)
             (the last term by log-sum-exp, so no density underflows to 0)
    M step   N_k = Σ_i γ_ik,   π_k = N_k / N,   μ_k = (1/N_k) Σ_i γ_ik x_i,
             Σ_k = (1/N_k) Σ_i γ_ik (x_i − μ_k)(x_i − μ_k)ᵀ + reg_covar · I

and each round cannot lower the log-likelihood ln p(X) = Σ_i ln Σ_k π_k N(x_i | μ_k, Σ_k).
The densities use the Cholesky factor of each precision, Σ_k⁻¹ = L_k L_kᵀ (L_k = the
transposed inverse of chol(Σ_k), a triangular solve, never an explicit inverse):

    ln N(x | μ, Σ) = −D/2 ln 2π + Σ_d ln L_dd − ½ ‖(x − μ)ᵀ L‖²

``covariance_type`` restricts Σ_k: "full" (any), "tied" (one Σ shared by all k),
"diag" (diagonal), "spherical" (σ_k² I). Initial responsibilities come from k-means
(one-hot γ from its labels) or are random.

Symbols: X (N, D), γ (N, K) responsibilities, π = weights_, μ = means_, Σ = covariances_.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §9.2.

>>> X = np.array([[0.], [0.2], [-0.2], [10.], [10.2], [9.8]])
>>> gm = GaussianMixture(n_components=2, random_state=0).fit(X)
>>> sorted(np.round(gm.means_.ravel(), 3).tolist())
[0.0, 10.0]
>>> gm.predict([[1.0], [9.0]]).tolist() == [gm.predict([[0.]])[0], gm.predict([[10.]])[0]]
True
"""
from __future__ import annotations

import warnings

import numpy as np
from scipy.linalg import solve_triangular
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, DensityMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.cluster.kmeans import KMeans
from lucidml.utils.parallel import row_blocks, run_blocks
from lucidml.utils.progress import progress_bar
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["GaussianMixture"]

COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")
INITS = ("kmeans", "random")
_BLOCK_ROWS = 4096


class GaussianMixture(DensityMixin, BaseEstimator):
    """A mixture of K Gaussians fitted by EM.

    Parameters
    ----------
    n_components : int, K
    covariance_type : "full", "tied", "diag" or "spherical"
    tol : stop when the mean log-likelihood per sample changes by less than tol
    reg_covar : added to the diagonal of every Σ_k (keeps it positive definite)
    max_iter : EM rounds per initialisation
    n_init : initialisations; the one with the highest final bound wins
    init_params : "kmeans" (one-hot γ from k-means labels) or "random" (random γ)
    random_state : seed for the initialisation and for ``sample``
    verbose : > 0 shows a progress bar over the EM rounds

    Attributes: ``weights_`` (K,), ``means_`` (K, D), ``covariances_`` (shape by type),
    ``precisions_cholesky_``, ``converged_``, ``n_iter_``, ``lower_bound_`` (the mean
    log-likelihood per sample reached), ``lower_bounds_`` (its history).
    """

    def __init__(self, n_components=1, *, covariance_type="full", tol=1e-3, reg_covar=1e-6, max_iter=100,
                 n_init=1, init_params="kmeans", random_state=None, verbose=0):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.random_state = random_state
        self.verbose = verbose

    def _check_params(self, N):
        name = "GaussianMixture"
        K = check_int(self.n_components, name="n_components", owner=name, minimum=1)
        if K > N:
            raise ValueError(f"GaussianMixture: n_components={K} exceeds n_samples={N}; "
                             f"use n_components <= {N}.")
        check_option(self.covariance_type, name="covariance_type", owner=name, allowed=COVARIANCE_TYPES)
        check_option(self.init_params, name="init_params", owner=name, allowed=INITS)
        check_real(self.tol, name="tol", owner=name, minimum=0.0)
        check_real(self.reg_covar, name="reg_covar", owner=name, minimum=0.0)
        check_int(self.max_iter, name="max_iter", owner=name, minimum=1)
        check_int(self.n_init, name="n_init", owner=name, minimum=1)
        return K

    def fit(self, X, y=None):
        self.fit_predict(X)
        return self

    def fit_predict(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64, ensure_min_samples=2)
        K = self._check_params(X.shape[0])
        rng = check_random_state(self.random_state)
        best = None
        with progress_bar(self.n_init * self.max_iter, "GaussianMixture EM", verbose=self.verbose) as bar:
            for _ in range(self.n_init):
                gamma0 = self._initial_responsibilities(X, K, rng)
                params = _m_step(X, gamma0, self.covariance_type, self.reg_covar)
                run = self._em(X, params, bar.advance)
                bar.advance(self.max_iter - len(run[1]))              # an early stop skips the rest
                if best is None or run[1][-1] > best[1][-1]:
                    best = run
        (pi, mu, Sigma, L), bounds, converged = best
        if not converged:
            warnings.warn(f"GaussianMixture: EM did not converge within max_iter={self.max_iter} rounds "
                          f"(last change of the mean log-likelihood > tol={self.tol}); increase max_iter "
                          "or tol.", ConvergenceWarning, stacklevel=2)
        self.weights_, self.means_, self.covariances_, self.precisions_cholesky_ = pi, mu, Sigma, L
        self.converged_ = converged
        self.n_iter_ = len(bounds)
        self.lower_bounds_ = np.array(bounds)
        self.lower_bound_ = float(bounds[-1])
        _, log_gamma = _e_step(X, pi, mu, L, self.covariance_type)
        return log_gamma.argmax(axis=1)

    def _initial_responsibilities(self, X, K, rng):
        N = X.shape[0]
        if self.init_params == "kmeans":
            z = KMeans(K, n_init=1, random_state=rng).fit(X).labels_
            gamma = np.zeros((N, K))
            gamma[np.arange(N), z] = 1.0                             # one-hot γ from the labels
            return gamma
        gamma = rng.uniform(size=(N, K))
        return gamma / gamma.sum(axis=1, keepdims=True)

    def _em(self, X, params, advance=lambda n=1: None):
        """EM rounds from M-step parameters; returns (params, bound history, converged)."""
        bounds = []
        bound = -np.inf
        for _ in range(self.max_iter):
            advance()
            pi, mu, Sigma, L = params
            log_px, log_gamma = _e_step(X, pi, mu, L, self.covariance_type)
            params = _m_step(X, np.exp(log_gamma), self.covariance_type, self.reg_covar)
            previous, bound = bound, log_px.mean()                  # (1/N) ln p(X | θ_old)
            bounds.append(bound)
            if abs(bound - previous) < self.tol:
                return params, bounds, True
        return params, bounds, False

    # -- using the fitted mixture ------------------------------------------------------------------
    def _X(self, X):
        check_is_fitted(self)
        return validate_data(self, X, dtype=np.float64, reset=False)

    def score_samples(self, X):
        """ln p(x) for every row."""
        X = self._X(X)
        return _e_step(X, self.weights_, self.means_, self.precisions_cholesky_, self.covariance_type)[0]

    def score(self, X, y=None):
        """Mean log-likelihood per sample, (1/N) Σ_i ln p(x_i)."""
        return float(self.score_samples(X).mean())

    def predict_proba(self, X):
        """Responsibilities γ_ik = p(k | x_i), shape (N, K)."""
        X = self._X(X)
        return np.exp(_e_step(X, self.weights_, self.means_, self.precisions_cholesky_, self.covariance_type)[1])

    def predict(self, X):
        """The most responsible component, argmax_k γ_ik."""
        return self.predict_proba(X).argmax(axis=1)

    def _n_parameters(self):
        K, D = self.means_.shape
        n_cov = {"full": K * D * (D + 1) / 2, "tied": D * (D + 1) / 2, "diag": K * D,
                 "spherical": K}[self.covariance_type]
        return int(n_cov + K * D + K - 1)

    def bic(self, X):
        """Bayesian information criterion −2 ln p(X) + P ln N (lower is better)."""
        X = self._X(X)
        return -2 * self.score(X) * X.shape[0] + self._n_parameters() * np.log(X.shape[0])

    def aic(self, X):
        """Akaike information criterion −2 ln p(X) + 2 P (lower is better)."""
        X = self._X(X)
        return -2 * self.score(X) * X.shape[0] + 2 * self._n_parameters()

    def sample(self, n_samples=1):
        """Draw n samples: k ~ Categorical(π), then x ~ N(μ_k, Σ_k). Returns (X, k)."""
        check_is_fitted(self)
        n = check_int(n_samples, name="n_samples", owner="GaussianMixture.sample", minimum=1)
        rng = check_random_state(self.random_state)
        K, D = self.means_.shape
        counts = rng.multinomial(n, self.weights_)
        Xs, ks = [], []
        for k in range(K):
            Sigma_k = _full_covariance(self.covariances_, self.covariance_type, k, D)
            A = np.linalg.cholesky(Sigma_k)                          # Σ = A Aᵀ
            Xs.append(self.means_[k] + rng.standard_normal((counts[k], D)) @ A.T)
            ks.append(np.full(counts[k], k))
        return np.vstack(Xs), np.concatenate(ks)


# -- private steps ---------------------------------------------------------------------------
def _e_step(X, pi, mu, L, covariance_type):
    """ln p(x_i) (N,) and ln γ_ik (N, K), by log-sum-exp over ln π_k + ln N(x_i | μ_k, Σ_k).

    Computed a block of rows at a time on parallel threads (each with single-threaded BLAS:
    these products are tall and thin, where a multi-threaded BLAS mostly waits on itself).
    """
    N, K = X.shape[0], mu.shape[0]
    log_px = np.empty(N)
    log_gamma = np.empty((N, K))
    log_pi = np.log(pi)

    def work(start, stop, _worker):
        log_joint = _log_gaussian(X[start:stop], mu, L, covariance_type) + log_pi[None, :]   # (b, K)
        log_px[start:stop] = logsumexp(log_joint, axis=1)
        log_gamma[start:stop] = log_joint - log_px[start:stop, None]

    run_blocks(work, row_blocks(N, _BLOCK_ROWS))
    return log_px, log_gamma


def _log_gaussian(X, mu, L, covariance_type):
    """ln N(x_i | μ_k, Σ_k) for all i, k: −D/2 ln 2π + ln|L_k| − ½ ‖(x_i − μ_k)ᵀ L_k‖²."""
    N, D = X.shape
    K = mu.shape[0]
    if covariance_type == "full":
        log_det = np.log(np.diagonal(L, axis1=1, axis2=2)).sum(axis=1)           # ln|L_k| (K,)
        maha = np.empty((N, K))
        for k in range(K):                                                       # one GEMM per component
            Y = X @ L[k] - mu[k] @ L[k]                                          # (x − μ)ᵀ L  (N, D)
            maha[:, k] = np.einsum("ij,ij->i", Y, Y)
    elif covariance_type == "tied":
        log_det = np.full(K, np.log(np.diag(L)).sum())
        Y = X @ L                                                                 # (N, D)
        M = mu @ L                                                                # (K, D)
        maha = (np.einsum("ij,ij->i", Y, Y)[:, None] - 2 * Y @ M.T + np.einsum("kd,kd->k", M, M)[None, :])
    elif covariance_type == "diag":                                              # L_k = diag(1/σ_kd)
        log_det = np.log(L).sum(axis=1)
        P = L**2                                                                  # precisions (K, D)
        maha = (X**2 @ P.T - 2 * X @ (mu * P).T + np.einsum("kd,kd->k", mu**2, P)[None, :])
    else:                                                                         # spherical: L_k = 1/σ_k
        log_det = D * np.log(L)
        P = L**2                                                                  # (K,)
        maha = (np.einsum("ij,ij->i", X, X)[:, None] - 2 * X @ mu.T
                + np.einsum("kd,kd->k", mu, mu)[None, :]) * P[None, :]
    return -0.5 * (D * np.log(2 * np.pi) + np.maximum(maha, 0.0)) + log_det[None, :]


def _m_step(X, gamma, covariance_type, reg_covar):
    """π, μ, Σ from responsibilities γ, and the precision Cholesky factors L."""
    N, D = X.shape
    K = gamma.shape[1]
    N_k = gamma.sum(axis=0) + 10 * np.finfo(float).eps                            # (K,), never 0
    mu = _block_sum(lambda Xb, gb: gb.T @ Xb, X, gamma) / N_k[:, None]           # (K, D)
    if covariance_type == "full":
        def scatter(Xb, gb):                                                       # Σ_i γ_ik (x_i − μ_k)(x_i − μ_k)ᵀ
            S = np.empty((K, D, D))
            for k in range(K):
                diff = Xb - mu[k]                                                  # (b, D)
                S[k] = (gb[:, k, None] * diff).T @ diff
            return S
        Sigma = _block_sum(scatter, X, gamma) / N_k[:, None, None]                # (K, D, D)
        Sigma[:, np.arange(D), np.arange(D)] += reg_covar
    elif covariance_type == "tied":
        XtX = _block_sum(lambda Xb, gb: Xb.T @ Xb, X, gamma)
        Sigma = (XtX - (N_k[:, None] * mu).T @ mu) / N_k.sum()                     # Σ_k N_k Σ_k / N
        Sigma.flat[:: D + 1] += reg_covar
    else:
        var = _block_sum(lambda Xb, gb: gb.T @ (Xb * Xb), X, gamma) / N_k[:, None] - mu**2 + reg_covar
        Sigma = var if covariance_type == "diag" else var.mean(axis=1)            # (K, D) or (K,)
    return N_k / N, mu, Sigma, _precision_cholesky(Sigma, covariance_type, reg_covar)


def _block_sum(f, X, gamma):
    """Σ over row blocks of f(X_block, γ_block), blocks on parallel threads (one partial sum each)."""
    partial = {}

    def work(start, stop, worker):
        term = f(X[start:stop], gamma[start:stop])
        partial[worker] = partial[worker] + term if worker in partial else term

    run_blocks(work, row_blocks(X.shape[0], _BLOCK_ROWS))
    return sum(partial[w] for w in sorted(partial))


def _precision_cholesky(Sigma, covariance_type, reg_covar):
    """L with Σ⁻¹ = L Lᵀ: L = (chol(Σ)⁻¹)ᵀ by a triangular solve; a clear error if Σ is singular."""
    def fail(k):
        where = f"component {k}" if k is not None else "the shared covariance"
        return ValueError(
            f"GaussianMixture: the covariance of {where} is singular or not positive definite "
            f"with reg_covar={reg_covar}; too few points fell in it or the features are collinear. "
            "Increase reg_covar (e.g. 1e-3), reduce n_components or scale the features.")

    if covariance_type in ("full", "tied"):
        stack = Sigma if covariance_type == "full" else Sigma[None]
        L = np.empty_like(stack)
        for k, S in enumerate(stack):
            try:
                A = np.linalg.cholesky(S)                                          # Σ = A Aᵀ
            except np.linalg.LinAlgError:
                raise fail(k if covariance_type == "full" else None) from None
            L[k] = solve_triangular(A, np.eye(S.shape[0]), lower=True).T           # L = A⁻ᵀ
        return L if covariance_type == "full" else L[0]
    if np.any(Sigma <= 0.0):
        raise fail(int(np.argwhere(Sigma <= 0.0)[0][0]))
    return 1.0 / np.sqrt(Sigma)


def _full_covariance(Sigma, covariance_type, k, D):
    if covariance_type == "full":
        return Sigma[k]
    if covariance_type == "tied":
        return Sigma
    if covariance_type == "diag":
        return np.diag(Sigma[k])
    return np.eye(D) * Sigma[k]
