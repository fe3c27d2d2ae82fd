"""Continuous distributions on the real line: the Gaussian and the uniform.

    Gaussian   N(x | μ, σ²) = (2πσ²)^(−1/2) exp(−(x − μ)² / (2σ²))
               ln N = −½ ln(2πσ²) − (x − μ)² / (2σ²)
               mean μ, variance σ²
               MLE from x_1..x_N:  μ_ML = (1/N) Σ_n x_n,  σ²_ML = (1/N) Σ_n (x_n − μ_ML)²
               (σ²_ML divides by N, not N − 1: it is biased, E[σ²_ML] = (N − 1)/N σ²)
    uniform    U(x | a, b) = 1 / (b − a) for a <= x <= b, else 0
               mean (a + b)/2, variance (b − a)²/12
               MLE: a_ML = min_n x_n, b_ML = max_n x_n (the smallest interval holding the data)

Sampling: x = μ + σ z with z ~ N(0, 1); x = a + (b − a) u with u ~ U(0, 1).
Reference: Bishop, *Pattern Recognition and Machine Learning*, §1.2.4, §2.3, Appendix B.

>>> g = Gaussian.fit([1.0, 2.0, 3.0])          # μ = 2, σ² = (1 + 0 + 1) / 3
>>> g
Gaussian(mu=2, sigma2=0.666667)
>>> round(float(g.pdf(2.0)), 6)                # 1 / √(2π · 2/3)
0.488603
>>> Uniform(0, 4).pdf([-1.0, 1.0, 4.0]).tolist()
[0.0, 0.25, 0.25]
"""
from __future__ import annotations

import numpy as np

from lucidml.probability._base import Distribution
from lucidml.utils.validation import as_float_array, check_real

__all__ = ["Gaussian", "Uniform"]


class Gaussian(Distribution):
    """The normal distribution N(μ, σ²) with mean ``mu`` and variance ``sigma2`` > 0."""

    _params = ("mu", "sigma2")

    def __init__(self, mu: float = 0.0, sigma2: float = 1.0):
        self.mu = check_real(mu, name="mu", owner="Gaussian")
        self.sigma2 = check_real(sigma2, name="sigma2", owner="Gaussian", minimum=0.0, strict=True)

    def logpdf(self, x):
        """ln N(x | μ, σ²) = −½ ln(2πσ²) − (x − μ)² / (2σ²)."""
        x = _values(x, "Gaussian.logpdf")
        return _out(-0.5 * np.log(2 * np.pi * self.sigma2) - (x - self.mu) ** 2 / (2 * self.sigma2))

    def pdf(self, x):
        """N(x | μ, σ²)."""
        return _out(np.exp(self.logpdf(x)))

    def mean(self) -> float:
        return self.mu

    def var(self) -> float:
        return self.sigma2

    def _draw(self, rng, n):
        return self.mu + np.sqrt(self.sigma2) * rng.standard_normal(n)      # x = μ + σ z

    @classmethod
    def fit(cls, data) -> "Gaussian":
        """Maximum likelihood: μ_ML = mean of the data, σ²_ML = mean squared deviation."""
        x = as_float_array(data, name="data", owner="Gaussian.fit", ndim=1)
        if x.shape[0] < 2:
            raise ValueError(f"Gaussian.fit: needs at least 2 values to estimate a variance, got {x.shape[0]}.")
        mu = x.mean()
        sigma2 = np.mean((x - mu) ** 2)
        if sigma2 == 0:
            raise ValueError(f"Gaussian.fit: every value equals {mu:g}, so σ²_ML = 0 and the density is not "
                             "defined; the data need some spread.")
        return cls(mu, sigma2)


class Uniform(Distribution):
    """The continuous uniform distribution on [``a``, ``b``], a < b."""

    _params = ("a", "b")

    def __init__(self, a: float = 0.0, b: float = 1.0):
        self.a = check_real(a, name="a", owner="Uniform")
        self.b = check_real(b, name="b", owner="Uniform")
        if not self.b > self.a:
            raise ValueError(f"Uniform: needs a < b, got a={self.a:g}, b={self.b:g}.")

    def logpdf(self, x):
        """ln U(x | a, b) = −ln(b − a) inside [a, b], −∞ outside."""
        x = _values(x, "Uniform.logpdf")
        inside = (x >= self.a) & (x <= self.b)
        return _out(np.where(inside, -np.log(self.b - self.a), -np.inf))

    def pdf(self, x):
        """U(x | a, b) = 1 / (b − a) inside [a, b], 0 outside."""
        return _out(np.exp(self.logpdf(x)))

    def mean(self) -> float:
        return (self.a + self.b) / 2

    def var(self) -> float:
        return (self.b - self.a) ** 2 / 12

    def _draw(self, rng, n):
        return self.a + (self.b - self.a) * rng.uniform(size=n)            # x = a + (b − a) u

    @classmethod
    def fit(cls, data) -> "Uniform":
        """Maximum likelihood: the likelihood (b − a)^(−N) grows as [a, b] shrinks, so a = min, b = max."""
        x = as_float_array(data, name="data", owner="Uniform.fit", ndim=1)
        if x.min() == x.max():
            raise ValueError(f"Uniform.fit: every value equals {x.min():g}; the MLE interval would be empty.")
        return cls(x.min(), x.max())


def _values(x, owner):
    return as_float_array(x, name="x", owner=owner, allow_empty=True)


def _out(a):
    a = np.asarray(a)
    return float(a) if a.ndim == 0 else a
