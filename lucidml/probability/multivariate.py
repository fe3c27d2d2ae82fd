"""The multivariate Gaussian N(x | μ, Σ), evaluated through a Cholesky factor.

    N(x | μ, Σ) = (2π)^(−D/2) |Σ|^(−1/2) exp(−½ (x − μ)ᵀ Σ⁻¹ (x − μ))

Neither Σ⁻¹ nor |Σ| is ever formed. With the Cholesky factor Σ = L Lᵀ (L lower triangular):

    z = L⁻¹ (x − μ)           one triangular solve, so (x − μ)ᵀ Σ⁻¹ (x − μ) = ‖z‖²
    ln |Σ| = 2 Σ_d ln L_dd    the diagonal of L
    ln N = −D/2 ln 2π − Σ_d ln L_dd − ½ ‖z‖²

Sampling reverses the whitening: x = μ + L z with z ~ N(0, I).
MLE from x_1..x_N: μ_ML = (1/N) Σ_n x_n, Σ_ML = (1/N) Σ_n (x_n − μ_ML)(x_n − μ_ML)ᵀ.

Symbols: D = number of dimensions, x (N, D), μ = mu (D,), Σ = cov (D, D).
Reference: Bishop, *Pattern Recognition and Machine Learning*, §2.3, §2.3.4.

>>> g = MultivariateGaussian([0.0, 0.0], [[2.0, 0.0], [0.0, 0.5]])
>>> round(float(g.pdf([0.0, 0.0])), 6)        # 1 / (2π √(2 · 0.5))
0.159155
>>> MultivariateGaussian.fit([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [2.0, 2.0]]).cov.tolist()
[[1.0, 0.0], [0.0, 1.0]]
"""
from __future__ import annotations

import numpy as np
from scipy.linalg import cholesky, solve_triangular

from lucidml.probability._base import Distribution
from lucidml.utils.validation import as_float_array

__all__ = ["MultivariateGaussian"]


class MultivariateGaussian(Distribution):
    """N(μ, Σ) in D dimensions: ``mu`` μ (D,), ``cov`` Σ (D, D) symmetric positive definite."""

    _params = ("mu", "cov")

    def __init__(self, mu, cov):
        owner = "MultivariateGaussian"
        self.mu = as_float_array(mu, name="mu", owner=owner, ndim=1)
        self.cov = as_float_array(cov, name="cov", owner=owner, ndim=2)
        D = self.mu.shape[0]
        if self.cov.shape != (D, D):
            raise ValueError(f"{owner}: cov must be ({D}, {D}) to match mu, got {self.cov.shape}.")
        if not np.allclose(self.cov, self.cov.T, rtol=1e-10, atol=1e-12 * np.abs(self.cov).max()):
            raise ValueError(f"{owner}: cov is not symmetric; a covariance matrix equals its transpose.")
        self._L = _cholesky(self.cov, owner)                                  # Σ = L Lᵀ

    @property
    def n_features(self) -> int:
        return self.mu.shape[0]

    def logpdf(self, x):
        """ln N(x | μ, Σ) = −D/2 ln 2π − Σ_d ln L_dd − ½ ‖L⁻¹(x − μ)‖², one value per row of x."""
        owner = "MultivariateGaussian.logpdf"
        x = as_float_array(x, name="x", owner=owner, ndim=(1, 2))
        single = x.ndim == 1
        X = x.reshape(-1, x.shape[-1])                                        # (N, D)
        D = self.n_features
        if X.shape[1] != D:
            raise ValueError(f"{owner}: x has {X.shape[1]} features but the distribution has {D}.")
        z = solve_triangular(self._L, (X - self.mu).T, lower=True)            # (D, N) = L⁻¹ (x − μ)
        half_log_det = np.sum(np.log(np.diag(self._L)))                      # ½ ln |Σ|
        log_p = -0.5 * D * np.log(2 * np.pi) - half_log_det - 0.5 * np.sum(z ** 2, axis=0)
        return float(log_p[0]) if single else log_p

    def pdf(self, x):
        log_p = self.logpdf(x)
        return float(np.exp(log_p)) if np.ndim(log_p) == 0 else np.exp(log_p)

    def mean(self) -> np.ndarray:
        return self.mu.copy()

    def var(self) -> np.ndarray:
        """The marginal variances, diag Σ (the full matrix is ``cov``)."""
        return np.diag(self.cov).copy()

    def _draw(self, rng, n):
        z = rng.standard_normal(size=(n, self.n_features))                   # (n, D), z ~ N(0, I)
        return self.mu + z @ self._L.T                                        # x = μ + L z, row-wise

    @classmethod
    def fit(cls, data) -> "MultivariateGaussian":
        """Maximum likelihood: μ_ML = the mean row, Σ_ML = (1/N) Σ_n (x_n − μ)(x_n − μ)ᵀ."""
        X = as_float_array(data, name="data", owner="MultivariateGaussian.fit", ndim=2)
        N, D = X.shape
        if N <= D:
            raise ValueError(f"MultivariateGaussian.fit: {N} samples in {D} dimensions give a singular Σ_ML; "
                             f"use more than {D} samples.")
        mu = X.mean(axis=0)
        Xc = X - mu                                                           # (N, D)
        return cls(mu, Xc.T @ Xc / N)


def _cholesky(S, owner):
    try:
        return cholesky(S, lower=True)
    except np.linalg.LinAlgError:
        raise ValueError(f"{owner}: cov is not positive definite (some direction has zero or negative "
                         "variance); remove collinear features or add a small multiple of the identity.") from None
