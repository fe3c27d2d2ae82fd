"""Naive Bayes: Gaussian, multinomial and Bernoulli event models (SYLLABUS §6)."""
from lucidml.naive_bayes.discrete import BernoulliNB, MultinomialNB
from lucidml.naive_bayes.gaussian import GaussianNB

__all__ = ["GaussianNB", "MultinomialNB", "BernoulliNB"]
