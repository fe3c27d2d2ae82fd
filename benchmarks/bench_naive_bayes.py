"""Naive Bayes: fit + predict_proba against scikit-learn."""
from __future__ import annotations

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from sklearn.naive_bayes import GaussianNB as SkGaussianNB
    from sklearn.naive_bayes import MultinomialNB as SkMultinomialNB

    from lucidml.naive_bayes import GaussianNB, MultinomialNB

    n, d = (2_000, 50) if quick else (200_000, 50)
    n_docs, n_words = (1_000, 500) if quick else (20_000, 2_000)
    rng = np.random.default_rng(0)

    def data_gaussian():
        y = rng.integers(0, 3, n)
        return rng.normal(size=(n, d)) + y[:, None] * 0.3, y

    def data_counts():
        y = rng.integers(0, 5, n_docs)
        rates = rng.gamma(0.3, 1.0, size=(5, n_words))
        return rng.poisson(rates[y]).astype(float), y

    def run(cls):
        return lambda a: cls().fit(a[0], a[1]).predict_log_proba(a[0])

    def close(a, b):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)

    return [
        Workload(f"GaussianNB fit+predict_log_proba {n}x{d}, 3 classes", data_gaussian,
                 run(GaussianNB), run(SkGaussianNB), "sklearn GaussianNB", check=close, repeats=5),
        Workload(f"MultinomialNB fit+predict_log_proba {n_docs}x{n_words}, 5 classes", data_counts,
                 run(MultinomialNB), run(SkMultinomialNB), "sklearn MultinomialNB", check=close, repeats=5),
    ]
