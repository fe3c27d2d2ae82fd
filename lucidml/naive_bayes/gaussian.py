"""Gaussian naive Bayes: each feature is normal within each class.

    p(x_d | c) = N(x_d | μ_cd, σ²_cd) = exp(−(x_d − μ_cd)² / (2 σ²_cd)) / √(2π σ²_cd)

    jll_c(x) = log π_c − ½ Σ_d log(2π σ²_cd) − ½ Σ_d (x_d − μ_cd)² / σ²_cd

The maximum-likelihood estimates are the class means μ_cd and the (biased, 1/N_c)
class variances σ²_cd, each plus ε = var_smoothing · max_d Var(x_d) so that a constant
feature does not divide by zero; the prior π_c = N_c / N unless ``priors`` are given.
``partial_fit`` merges the running (N_c, μ_c, σ²_c) with a new batch by the pairwise
update of Chan, Golub & LeVeque (1979):

    N = N_a + N_b,   μ = (N_a μ_a + N_b μ_b) / N,
    N σ² = N_a σ²_a + N_b σ²_b + (N_a N_b / N) (μ_a − μ_b)²

Symbols: X (N, D), μ = theta_ (C, D), σ² = var_ (C, D), π = class_prior_ (C,), N_c = class_count_.
Reference: Murphy, *Machine Learning: A Probabilistic Perspective*, §3.5 and §4.2.

>>> X = np.array([[0.], [1.], [2.], [10.], [11.], [12.]])
>>> nb = GaussianNB().fit(X, [0, 0, 0, 1, 1, 1])
>>> nb.theta_.ravel().tolist(), np.round(nb.var_.ravel(), 4).tolist()
([1.0, 11.0], [0.6667, 0.6667])
>>> nb.predict([[5.], [7.]]).tolist()
[0, 1]
"""
from __future__ import annotations

import numpy as np
from numba import njit

from lucidml.naive_bayes._base import _NaiveBayes, _add_rows_by_class
from lucidml.utils.validation import check_real, check_two_classes

__all__ = ["GaussianNB"]


class GaussianNB(_NaiveBayes):
    """Naive Bayes with a normal density per class and feature.

    Parameters
    ----------
    priors : class priors π_c (summing to 1), or None for the class frequencies N_c / N
    var_smoothing : ε / max_d Var(x_d), added to every variance (default 1e-9)

    Attributes: ``classes_``, ``theta_`` (μ), ``var_`` (σ² + ε), ``class_count_`` (N_c),
    ``class_prior_`` (π), ``epsilon_`` (ε), ``n_features_in_``.

    ``epsilon_`` uses the variance of all data seen so far (scikit-learn uses the last
    batch of ``partial_fit``, unweighted); after one unweighted ``fit`` both are the same.
    """

    def __init__(self, *, priors=None, var_smoothing=1e-9):
        self.priors = priors
        self.var_smoothing = var_smoothing

    def _partial_fit(self, X, y, classes, sample_weight, *, first_call, fit):
        """Merge the moments N_c, μ_c, σ²_c of (X, y) into those seen so far, then set ε and π."""
        name = type(self).__name__
        check_real(self.var_smoothing, name="var_smoothing", owner=name, minimum=0.0)
        X, z, w = self._start(X, y, classes, sample_weight, first_call=first_call)
        C, D = len(self.classes_), X.shape[1]
        if fit:
            check_two_classes(self.classes_, name)
        if first_call:
            self._prior = _check_priors(self.priors, C, name)
            self.class_count_ = np.zeros(C)
            self.theta_ = np.zeros((C, D))
            self._sigma2 = np.zeros((C, D))      # σ² without ε
        N_b, mu_b, s2_b = _class_moments(X, z, w, C)
        self.class_count_, self.theta_, self._sigma2 = _merge_moments(
            self.class_count_, self.theta_, self._sigma2, N_b, mu_b, s2_b)
        N_c, mu_c, s2_c = self.class_count_, self.theta_, self._sigma2
        seen = N_c > 0
        N = N_c.sum()
        mu = (N_c @ mu_c) / N                                          # pooled mean (D,)
        var_all = (N_c[seen] @ (s2_c[seen] + (mu_c[seen] - mu) ** 2)) / N
        self.epsilon_ = float(self.var_smoothing * var_all.max())      # ε = var_smoothing · max_d Var(x_d)
        self.var_ = self._sigma2 + self.epsilon_
        self.class_prior_ = N_c / N if self._prior is None else self._prior
        if fit:
            _check_variances(self.var_, self.classes_, name)
        return self

    def _joint_log_likelihood(self, X):
        # jll_c(x) = log π_c − ½ Σ_d log(2π σ²_cd) − ½ Σ_d (x_d − μ_cd)² / σ²_cd
        mu, s2 = self.theta_, self.var_
        _check_variances(s2, self.classes_, type(self).__name__)
        with np.errstate(divide="ignore"):
            log_prior = np.log(self.class_prior_)                       # (C,)
        log_norm = -0.5 * np.log(2.0 * np.pi * s2).sum(axis=1)          # (C,)
        maha = np.empty((X.shape[0], mu.shape[0]))
        _squared_mahalanobis(np.ascontiguousarray(X), mu, 1.0 / s2, maha)                    # (N, C)
        return log_prior + log_norm - 0.5 * maha


@njit(cache=True, nogil=True)
def _squared_mahalanobis(X, mu, P, out):
    # out[i, c] = Σ_d (x_id − μ_cd)² P_cd with P_cd = 1/σ²_cd: one pass over X, no temporaries
    N, D = X.shape
    C = mu.shape[0]
    for i in range(N):
        for c in range(C):
            s = 0.0
            for d in range(D):
                diff = X[i, d] - mu[c, d]
                s += diff * diff * P[c, d]
            out[i, c] = s


def _class_moments(X, z, w, C):
    """N_c = Σ_{i: z_i = c} w_i, μ_c and the biased variance σ²_c of each class in this batch."""
    N_c = np.bincount(z, weights=w, minlength=C)                # (C,)
    mu = np.zeros((C, X.shape[1]))
    s2 = np.zeros((C, X.shape[1]))
    _weighted_class_moments(np.ascontiguousarray(X), z, w, N_c, mu, s2)
    return N_c, mu, s2


@njit(cache=True, nogil=True)
def _weighted_class_moments(X, z, w, N_c, mu, s2):
    # two passes, no copies of X:  μ_c = Σ_{i ∈ c} w_i x_i / N_c,  σ²_c = Σ_{i ∈ c} w_i (x_i − μ_c)² / N_c
    N, D = X.shape
    _add_rows_by_class(X, z, w, mu)                            # Σ_{i ∈ c} w_i x_i
    for c in range(mu.shape[0]):
        if N_c[c] > 0:
            for d in range(D):
                mu[c, d] /= N_c[c]
    for i in range(N):
        c = z[i]
        for d in range(D):
            diff = X[i, d] - mu[c, d]
            s2[c, d] += w[i] * diff * diff
    for c in range(mu.shape[0]):
        if N_c[c] > 0:
            for d in range(D):
                s2[c, d] /= N_c[c]


def _merge_moments(N_a, mu_a, s2_a, N_b, mu_b, s2_b):
    """Chan–Golub–LeVeque: combine the moments of two disjoint sets, class by class."""
    N = N_a + N_b
    safe = np.where(N > 0, N, 1.0)[:, None]
    Na, Nb = N_a[:, None], N_b[:, None]
    mu = (Na * mu_a + Nb * mu_b) / safe
    s2 = (Na * s2_a + Nb * s2_b + (Na * Nb / safe) * (mu_a - mu_b) ** 2) / safe
    return N, mu, s2


def _check_variances(s2, classes, owner):
    if (s2 <= 0).any():
        c, d = np.argwhere(s2 <= 0)[0]
        raise ValueError(f"{owner}: feature {d} is constant in class {classes[c].tolist()!r} and "
                         "ε = var_smoothing · max_d Var(x_d) is 0 (every feature is constant, or "
                         "var_smoothing=0), so its normal density has zero variance; use "
                         "var_smoothing > 0 with at least one non-constant feature, or drop the feature.")


def _check_priors(priors, C, owner):
    if priors is None:
        return None
    p = np.asarray(priors, dtype=np.float64)
    if p.shape != (C,):
        raise ValueError(f"{owner}: priors has {p.size} entries but there are {C} classes; "
                         "give one prior per class.")
    if not np.isfinite(p).all() or (p < 0).any():
        raise ValueError(f"{owner}: priors must be finite and non-negative, got {p.tolist()}.")
    if not np.isclose(p.sum(), 1.0):
        raise ValueError(f"{owner}: priors sum to {p.sum():.6g}, not 1; normalise them.")
    return p
