"""Probability distributions with densities, sampling and maximum-likelihood fits (SYLLABUS §3).

Each distribution has ``pdf``/``logpdf`` (continuous) or ``pmf``/``logpmf`` (discrete),
``sample(n, random_state)``, ``mean()``, ``var()``, ``log_likelihood(data)`` and the
classmethod ``fit(data)`` returning the maximum-likelihood estimate.
"""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "continuous": ["Gaussian", "Uniform"],
    "multivariate": ["MultivariateGaussian"],
    "discrete": ["Bernoulli", "Binomial", "Categorical", "Poisson"],
})
