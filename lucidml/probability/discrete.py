"""Discrete distributions: Bernoulli, binomial, categorical and Poisson.

    Bernoulli    Bern(x | p) = p^x (1 − p)^(1 − x),  x ∈ {0, 1};  mean p, variance p(1 − p)
                 MLE p_ML = (1/N) Σ_n x_n (the share of ones)
    binomial     Bin(k | n, p) = C(n, k) p^k (1 − p)^(n − k),  k = 0..n;  mean np, variance np(1 − p)
                 MLE (n known) p_ML = Σ_j k_j / (N n)
    categorical  Cat(x | p) = p_x,  x ∈ {0..K−1}, Σ_k p_k = 1;  mean Σ_k k p_k
                 MLE p_k = N_k / N (the share of each category)
    Poisson      Pois(k | λ) = λ^k e^(−λ) / k!,  k = 0, 1, 2, ...;  mean λ, variance λ
                 MLE λ_ML = (1/N) Σ_n k_n

Log-masses are computed in log space (ln C(n, k) = ln Γ(n+1) − ln Γ(k+1) − ln Γ(n−k+1),
ln k! = ln Γ(k+1)), so large counts neither overflow nor underflow. Values outside the
support (negative, non-integer, above n) have mass 0 and log-mass −∞.
Sampling inverts the cumulative distribution: draw u ~ U(0, 1) and return the smallest
x with F(x) > u.

Reference: Bishop, *Pattern Recognition and Machine Learning*, §2.1-2.2, Appendix B.

>>> Bernoulli.fit([1, 0, 1, 1]).p           # 3 ones in 4 tries
0.75
>>> round(Binomial(3, 0.5).pmf(1), 6)        # C(3, 1) / 2³ = 3/8
0.375
>>> Categorical([0.2, 0.5, 0.3]).pmf([0, 1, 2, 3]).tolist()
[0.2, 0.5, 0.3, 0.0]
>>> Poisson.fit([0, 2, 4]).lam
2.0
"""
from __future__ import annotations

import numpy as np
from scipy.special import gammaln, xlog1py, xlogy

from lucidml.probability._base import Distribution
from lucidml.utils.validation import as_float_array, check_int, check_real

__all__ = ["Bernoulli", "Binomial", "Categorical", "Poisson"]


class Bernoulli(Distribution):
    """One coin toss: x = 1 with probability ``p``, x = 0 with probability 1 − p."""

    _params = ("p",)

    def __init__(self, p: float = 0.5):
        self.p = _probability(p, "Bernoulli")

    def logpmf(self, x):
        """ln Bern(x | p) = x ln p + (1 − x) ln(1 − p)."""
        x = _values(x, "Bernoulli.logpmf")
        inside = (x == 0) | (x == 1)
        xs = np.where(inside, x, 0.0)
        return _out(np.where(inside, xlogy(xs, self.p) + xlog1py(1 - xs, -self.p), -np.inf))

    def pmf(self, x):
        return _out(np.exp(self.logpmf(x)))

    def mean(self) -> float:
        return self.p

    def var(self) -> float:
        return self.p * (1 - self.p)

    def _draw(self, rng, n):
        return (rng.uniform(size=n) < self.p).astype(np.int64)               # x = [u < p]

    @classmethod
    def fit(cls, data) -> "Bernoulli":
        """Maximum likelihood: p_ML = the mean of the 0/1 data."""
        x = as_float_array(data, name="data", owner="Bernoulli.fit", ndim=1)
        if not np.isin(x, (0.0, 1.0)).all():
            raise ValueError("Bernoulli.fit: data must be 0 or 1, got "
                             f"{np.setdiff1d(x, (0.0, 1.0))[:5].tolist()}.")
        return cls(x.mean())


class Binomial(Distribution):
    """The number of ones in ``n`` independent Bernoulli(``p``) tosses."""

    _params = ("n", "p")

    def __init__(self, n: int = 1, p: float = 0.5):
        self.n = check_int(n, name="n", owner="Binomial", minimum=0)
        self.p = _probability(p, "Binomial")

    def logpmf(self, k):
        """ln Bin(k | n, p) = ln C(n, k) + k ln p + (n − k) ln(1 − p)."""
        k = _values(k, "Binomial.logpmf")
        n = self.n
        inside = (k >= 0) & (k <= n) & (k == np.floor(k))
        ks = np.where(inside, k, 0.0)
        log_choose = gammaln(n + 1) - gammaln(ks + 1) - gammaln(n - ks + 1)   # ln C(n, k)
        return _out(np.where(inside, log_choose + xlogy(ks, self.p) + xlog1py(n - ks, -self.p), -np.inf))

    def pmf(self, k):
        return _out(np.exp(self.logpmf(k)))

    def mean(self) -> float:
        return self.n * self.p

    def var(self) -> float:
        return self.n * self.p * (1 - self.p)

    def _draw(self, rng, size):
        support = np.arange(self.n + 1)
        return _invert_cdf(np.exp(self.logpmf(support)), rng, size)

    @classmethod
    def fit(cls, data, n: int) -> "Binomial":
        """Maximum likelihood with ``n`` known: p_ML = Σ_j k_j / (N n)."""
        n = check_int(n, name="n", owner="Binomial.fit", minimum=1)
        k = as_float_array(data, name="data", owner="Binomial.fit", ndim=1)
        if (k < 0).any() or (k > n).any() or (k != np.floor(k)).any():
            raise ValueError(f"Binomial.fit: data must be whole numbers between 0 and n={n}.")
        return cls(n, k.mean() / n)


class Categorical(Distribution):
    """One draw from K categories 0..K−1 with probabilities ``p`` (summing to 1)."""

    _params = ("p",)

    def __init__(self, p=(0.5, 0.5)):
        p = as_float_array(p, name="p", owner="Categorical", ndim=1)
        if (p < 0).any() or not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-10):
            raise ValueError(f"Categorical: p must be non-negative and sum to 1, got sum {p.sum():.12g} "
                             f"and min {p.min():g}.")
        self.p = p / p.sum()

    @property
    def n_categories(self) -> int:
        return self.p.shape[0]

    def logpmf(self, x):
        """ln Cat(x | p) = ln p_x (−∞ outside 0..K−1)."""
        x = _values(x, "Categorical.logpmf")
        K = self.n_categories
        inside = (x >= 0) & (x < K) & (x == np.floor(x))
        index = np.where(inside, x, 0).astype(np.intp)
        with np.errstate(divide="ignore"):
            return _out(np.where(inside, np.log(self.p[index]), -np.inf))

    def pmf(self, x):
        return _out(np.exp(self.logpmf(x)))

    def mean(self) -> float:
        return float(np.arange(self.n_categories) @ self.p)

    def var(self) -> float:
        k = np.arange(self.n_categories)
        return float((k - self.mean()) ** 2 @ self.p)

    def _draw(self, rng, n):
        return _invert_cdf(self.p, rng, n)

    @classmethod
    def fit(cls, data, n_categories: int | None = None) -> "Categorical":
        """Maximum likelihood: p_k = N_k / N, the share of each category (K = max + 1 by default)."""
        x = as_float_array(data, name="data", owner="Categorical.fit", ndim=1)
        if (x < 0).any() or (x != np.floor(x)).any():
            raise ValueError("Categorical.fit: data must be category indices 0, 1, 2, ...")
        K = int(x.max()) + 1 if n_categories is None else check_int(
            n_categories, name="n_categories", owner="Categorical.fit", minimum=int(x.max()) + 1)
        counts = np.bincount(x.astype(np.intp), minlength=K)                 # N_k
        return cls(counts / counts.sum())


class Poisson(Distribution):
    """Counts of rare events: k = 0, 1, 2, ... with rate ``lam`` > 0."""

    _params = ("lam",)

    def __init__(self, lam: float = 1.0):
        self.lam = check_real(lam, name="lam", owner="Poisson", minimum=0.0, strict=True)

    def logpmf(self, k):
        """ln Pois(k | λ) = k ln λ − λ − ln k!."""
        k = _values(k, "Poisson.logpmf")
        inside = (k >= 0) & (k == np.floor(k))
        ks = np.where(inside, k, 0.0)
        return _out(np.where(inside, xlogy(ks, self.lam) - self.lam - gammaln(ks + 1), -np.inf))

    def pmf(self, k):
        return _out(np.exp(self.logpmf(k)))

    def mean(self) -> float:
        return self.lam

    def var(self) -> float:
        return self.lam

    def _draw(self, rng, n):
        # the support is infinite; cut it where the remaining mass is below 1e-16
        k_max = int(self.lam + 12 * np.sqrt(self.lam) + 40)
        return _invert_cdf(np.exp(self.logpmf(np.arange(k_max + 1))), rng, n)

    @classmethod
    def fit(cls, data) -> "Poisson":
        """Maximum likelihood: λ_ML = the mean count."""
        k = as_float_array(data, name="data", owner="Poisson.fit", ndim=1)
        if (k < 0).any() or (k != np.floor(k)).any():
            raise ValueError("Poisson.fit: data must be counts 0, 1, 2, ...")
        if k.sum() == 0:
            raise ValueError("Poisson.fit: every count is 0, so λ_ML = 0, which is not a valid rate.")
        return cls(k.mean())


# -- private steps -------------------------------------------------------------------------
def _invert_cdf(pmf, rng, n):
    """x = the smallest value with F(x) > u, u ~ U(0, 1), F the cumulative sum of ``pmf``."""
    F = np.cumsum(pmf)
    u = rng.uniform(size=n) * F[-1]               # F[-1] is 1 up to rounding (or the cut-off)
    return np.searchsorted(F, u, side="right").astype(np.int64)


def _probability(p, owner):
    p = check_real(p, name="p", owner=owner)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{owner}: p={p:g} is not a probability; use 0 <= p <= 1.")
    return p


def _values(x, owner):
    return as_float_array(x, name="x", owner=owner, allow_empty=True)


def _out(a):
    a = np.asarray(a)
    return float(a) if a.ndim == 0 else a
