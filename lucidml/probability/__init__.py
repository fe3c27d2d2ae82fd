"""Probability distributions with densities, sampling and maximum-likelihood fits (SYLLABUS §3).

Each distribution has ``pdf``/``logpdf`` (continuous) or ``pmf``/``logpmf`` (discrete),
``sample(n, random_state)``, ``mean()``, ``var()``, ``log_likelihood(data)`` and the
classmethod ``fit(data)`` returning the maximum-likelihood estimate.
"""
from lucidml.probability.continuous import Gaussian, Uniform
from lucidml.probability.discrete import Bernoulli, Binomial, Categorical, Poisson
from lucidml.probability.multivariate import MultivariateGaussian

__all__ = ["Gaussian", "MultivariateGaussian", "Uniform", "Bernoulli", "Binomial", "Categorical", "Poisson"]
