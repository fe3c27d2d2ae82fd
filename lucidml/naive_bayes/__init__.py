"""Naive Bayes: Gaussian, multinomial and Bernoulli event models (SYLLABUS §6)."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "gaussian": ["GaussianNB"],
    "discrete": ["MultinomialNB", "BernoulliNB"],
})
