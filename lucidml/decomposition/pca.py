"""Principal component analysis: the eigen-decomposition of the covariance matrix.

With the centred data X̃ = X − x̄ and the sample covariance C = X̃ᵀX̃ / (N − 1),

    C u_j = λ_j u_j,   λ_1 ≥ λ_2 ≥ … ≥ λ_D ≥ 0,

the first d eigenvectors u_1 … u_d (the principal axes, ``components_``) span the
d-dimensional subspace that both

    maximises the projected variance    Σ_j u_jᵀ C u_j = Σ_{j≤d} λ_j, and
    minimises the reconstruction error  (1/N) Σ_i ‖x̃_i − Σ_j (u_jᵀ x̃_i) u_j‖² ∝ Σ_{j>d} λ_j

(the two views of the same objective). The projection is z = Uᵀ(x − x̄), the
reconstruction x̂ = x̄ + U z. Two solvers give the same answer: ``"covariance-eigh"``
forms the D × D matrix C (cheap when N ≫ D) and ``"svd"`` takes the thin SVD
X̃ = U S Vᵀ, where V holds the eigenvectors and λ_j = s_j² / (N − 1). Eigenvectors are
defined only up to sign; lucidml makes the largest-|value| entry of each one positive
(scikit-learn's convention).

Symbols: X (N, D), x̄ = mean_, C (D, D), λ = explained_variance_, U (D, d) = components_ᵀ.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §12.1.

>>> X = np.array([[-1., -1.], [1., 1.], [-2., -2.1], [2., 2.1]])
>>> pca = PCA(n_components=1).fit(X)
>>> np.round(pca.components_, 3).tolist()
[[0.693, 0.721]]
>>> np.round(pca.explained_variance_ratio_, 4).tolist()
[0.9999]
"""
from __future__ import annotations

import warnings

import numpy as np
from scipy.linalg.blas import dsyrk
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.utils.validation import check_option, count_or_fraction

__all__ = ["PCA"]

SOLVERS = ("auto", "covariance-eigh", "svd")


class PCA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Principal component analysis.

    Parameters
    ----------
    n_components : int d, a float in (0, 1) (the smallest d whose components explain at
                   least that fraction of the variance), or None (min(N, D))
    solver : "covariance-eigh" (eigh of the D × D covariance), "svd" (thin SVD of X̃) or
             "auto" (covariance-eigh when N >= 10 D, svd otherwise)
    whiten : divide each projected coordinate by √λ_j so the output has unit variance

    Attributes: ``components_`` (d, D), ``explained_variance_`` (λ_1..λ_d),
    ``explained_variance_ratio_``, ``singular_values_`` (s_j = √((N−1) λ_j)), ``mean_``,
    ``n_components_``, ``noise_variance_`` (mean of the discarded λ_j), ``n_samples_``.
    """

    def __init__(self, n_components=None, *, solver="auto", whiten=False):
        self.n_components = n_components
        self.solver = solver
        self.whiten = whiten

    def fit(self, X, y=None):
        self._fit(X)
        return self

    def fit_transform(self, X, y=None):
        X = self._fit(X)
        return self._project(X)

    def transform(self, X):
        """z = Uᵀ(x − x̄), divided by √λ when whiten=True."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        return self._project(X)

    def inverse_transform(self, Z):
        """x̂ = x̄ + U z (undoing the whitening first)."""
        check_is_fitted(self)
        Z = np.asarray(Z, dtype=np.float64)
        if Z.ndim != 2 or Z.shape[1] != self.n_components_:
            raise ValueError(f"PCA.inverse_transform: Z must have shape (n, {self.n_components_}), got {Z.shape}.")
        if self.whiten:
            Z = Z * np.sqrt(self.explained_variance_)
        return Z @ self.components_ + self.mean_

    def score_samples(self, X):
        """Reconstruction error ‖x − x̂‖² per row, negated (higher is better)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        R = X - self.inverse_transform(self._project(X))
        return -np.einsum("ij,ij->i", R, R)

    # -- the algorithm -------------------------------------------------------------------------
    def _fit(self, X):
        check_option(self.solver, name="solver", owner="PCA", allowed=SOLVERS)
        X = validate_data(self, X, dtype=[np.float64, np.float32], ensure_min_samples=2)
        N, D = X.shape
        x_bar = X.mean(axis=0)
        Xc = X - x_bar                                              # X̃ (N, D)
        d_max = min(N, D)
        solver = self.solver
        if solver == "auto":
            solver = "covariance-eigh" if N >= 10 * D else "svd"
        lam, V = (_eigh_step if solver == "covariance-eigh" else _svd_step)(Xc)
        V = _sign_flip(V)
        total = float(np.einsum("ij,ij->", Xc, Xc) / (N - 1))      # Σ_j λ_j = trace C
        lam = lam[:d_max]
        V = V[:d_max]
        d = _n_components(self.n_components, lam, total, d_max)
        if total == 0.0:
            warnings.warn("PCA: every feature of X is constant (total variance 0); the components "
                          "are arbitrary and explained_variance_ratio_ is set to 0.", RuntimeWarning,
                          stacklevel=3)
            ratio = np.zeros_like(lam)
        else:
            ratio = lam / total
        self.mean_ = x_bar
        self.components_ = np.ascontiguousarray(V[:d])
        self.explained_variance_ = lam[:d].copy()
        self.explained_variance_ratio_ = ratio[:d].copy()
        self.singular_values_ = np.sqrt(lam[:d] * (N - 1))
        self.noise_variance_ = float(lam[d:].mean()) if d < d_max else 0.0
        self.n_components_ = d
        self.n_samples_ = N
        self._n_features_out = d
        return X

    def _project(self, X):
        Z = (X - self.mean_) @ self.components_.T                  # z = Uᵀ(x − x̄)  (N, d)
        if self.whiten:
            scale = np.sqrt(self.explained_variance_)
            Z /= np.where(scale > 0, scale, 1.0)
        return Z


def _eigh_step(Xc):
    """λ, V from C = X̃ᵀX̃/(N−1): eigenvalues in decreasing order, eigenvectors as rows.

    X̃ᵀX̃ is symmetric, so BLAS ``syrk`` computes only its upper triangle: half the flops
    of a general matrix product.
    """
    N = Xc.shape[0]
    A = np.asarray(Xc.T, dtype=np.float64, order="F")               # (D, N), a view when X̃ is C-ordered
    C = dsyrk(1.0 / (N - 1), A, trans=0)                            # upper triangle of X̃ᵀX̃/(N−1)  (D, D)
    lam, U = np.linalg.eigh(C, UPLO="U")                            # ascending
    lam, U = lam[::-1], U[:, ::-1]
    return np.maximum(lam, 0.0), U.T


def _svd_step(Xc):
    """X̃ = U S Vᵀ: λ_j = s_j² / (N − 1), the rows of Vᵀ are the eigenvectors of C."""
    N = Xc.shape[0]
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    return s**2 / (N - 1), Vt


def _sign_flip(V):
    """Make the largest-|value| entry of every row positive (the sign is otherwise arbitrary)."""
    j = np.argmax(np.abs(V), axis=1)
    signs = np.sign(V[np.arange(V.shape[0]), j])
    signs[signs == 0] = 1.0
    return V * signs[:, None]


def _n_components(n_components, lam, total, d_max):
    """d from an int, a variance fraction in (0, 1), or None."""
    if n_components is None:
        return d_max
    d = count_or_fraction(n_components, name="n_components", owner="PCA", unit="components")
    if isinstance(d, float):                                   # the share of the variance to keep
        if total == 0.0:
            return 1
        cumulative = np.cumsum(lam) / total
        return int(min(np.searchsorted(cumulative, d, side="right") + 1, d_max))
    if not 1 <= d <= d_max:
        raise ValueError(f"PCA: n_components={d} must be between 1 and min(n_samples, n_features) = {d_max}.")
    return d
