"""Truncated singular value decomposition (latent semantic analysis): PCA without centring.

    X ≈ U_d Σ_d V_dᵀ,   z = V_dᵀ x

keeps the d largest singular values s_1 ≥ … ≥ s_d of X itself (no mean is subtracted,
so sparse-friendly data such as term counts stay as they are). ``"exact"`` takes the
thin SVD; ``"randomized"`` is the range finder of Halko, Martinsson & Tropp: sketch
Y = X Ω with a Gaussian Ω (D, d + p), sharpen it with q power iterations
Y ← X (Xᵀ Y) (re-orthonormalised by QR each time), take Q = orth(Y), and decompose the
small matrix B = Qᵀ X = Û Σ Vᵀ, so that U = Q Û.

Symbols: X (N, D), s = singular_values_, V_dᵀ (d, D) = components_.
References: Golub & Van Loan, *Matrix Computations*, §2.4; Halko, Martinsson & Tropp
(2011), "Finding structure with randomness", Algorithms 4.3 and 5.1.

>>> X = np.array([[3., 0.], [0., 1.], [0., 0.]])
>>> svd = TruncatedSVD(n_components=1).fit(X)
>>> np.round(svd.singular_values_, 6).tolist(), np.round(svd.components_, 6).tolist()
([3.0], [[1.0, 0.0]])
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.decomposition.pca import _sign_flip
from lucidml.utils.validation import check_int, check_option

__all__ = ["TruncatedSVD"]


class TruncatedSVD(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """The d largest singular triplets of X (no centring).

    Parameters
    ----------
    n_components : int d, 1 <= d <= min(N, D) ("exact") or < D ("randomized")
    algorithm : "exact" or "randomized"
    n_oversamples, n_iter : p and q of the randomized range finder
    random_state : seed for Ω

    Attributes: ``components_`` (d, D), ``singular_values_``, ``explained_variance_``
    (variance of each column of z), ``explained_variance_ratio_``.
    """

    def __init__(self, n_components=2, *, algorithm="randomized", n_iter=5, n_oversamples=10,
                 random_state=None):
        self.n_components = n_components
        self.algorithm = algorithm
        self.n_iter = n_iter
        self.n_oversamples = n_oversamples
        self.random_state = random_state

    def fit(self, X, y=None):
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        owner = "TruncatedSVD"
        check_option(self.algorithm, name="algorithm", owner=owner, allowed=("exact", "randomized"))
        X = validate_data(self, X, dtype=[np.float64, np.float32], ensure_min_features=2)
        N, D = X.shape
        d = check_int(self.n_components, name="n_components", owner=owner, minimum=1,
                      maximum=min(N, D))
        if self.algorithm == "exact":
            _, s, Vt = np.linalg.svd(X, full_matrices=False)
        else:
            q = check_int(self.n_iter, name="n_iter", owner=owner, minimum=0)
            p = check_int(self.n_oversamples, name="n_oversamples", owner=owner, minimum=0)
            s, Vt = _randomized_svd(X, d, p, q, check_random_state(self.random_state))
        s, Vt = s[:d], _sign_flip(Vt[:d])
        Z = X @ Vt.T                                                # z = V_dᵀ x  (N, d)
        self.components_ = np.ascontiguousarray(Vt)
        self.singular_values_ = s
        self.explained_variance_ = Z.var(axis=0)
        total = X.var(axis=0).sum()
        self.explained_variance_ratio_ = self.explained_variance_ / total if total > 0 \
            else np.zeros(d)
        self._n_features_out = d
        return Z

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        return X @ self.components_.T

    def inverse_transform(self, Z):
        """x̂ = V_d z."""
        check_is_fitted(self)
        return np.asarray(Z, dtype=np.float64) @ self.components_


def _randomized_svd(X, d, p, q, rng):
    """Halko et al.: range finder with q power iterations, then the SVD of B = Qᵀ X."""
    D = X.shape[1]
    Omega = rng.normal(size=(D, min(d + p, D)))                     # Ω (D, d + p)
    Q, _ = np.linalg.qr(X @ Omega)                                  # orth(X Ω)  (N, d + p)
    for _ in range(q):                                              # Y ← X (Xᵀ Q), re-orthonormalised
        Q, _ = np.linalg.qr(X.T @ Q)
        Q, _ = np.linalg.qr(X @ Q)
    B = Q.T @ X                                                     # (d + p, D)
    _, s, Vt = np.linalg.svd(B, full_matrices=False)
    return s, Vt
