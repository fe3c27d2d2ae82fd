"""Naive Bayes for counts (multinomial) and for binary features (Bernoulli).

Multinomial (x_d = how often word d occurs):

    θ_cd = (N_cd + α) / (N_c + α D),   N_cd = Σ_{i ∈ c} x_id,  N_c = Σ_d N_cd
    jll_c(x) = log π_c + Σ_d x_d log θ_cd

Bernoulli (x_d ∈ {0, 1}: does word d occur; ``binarize`` thresholds x first):

    θ_cd = (N_cd + α) / (n_c + 2α),    n_c = number of samples in class c
    jll_c(x) = log π_c + Σ_d [x_d log θ_cd + (1 − x_d) log(1 − θ_cd)]

α > 0 is additive (Laplace, α = 1, or Lidstone) smoothing: without it a word never seen
in class c gives θ_cd = 0, log 0 = −∞, and that one word vetoes the class (the
zero-frequency problem). The prior π_c is the class frequency (``fit_prior=True``), uniform
(``fit_prior=False``) or ``class_prior``. The counts N_cd, n_c are sufficient statistics,
so ``partial_fit`` just adds the counts of each new batch.

Symbols: X (N, D), N_cd = feature_count_ (C, D), n_c = class_count_ (C,),
log θ = feature_log_prob_ (C, D), log π = class_log_prior_ (C,).
Reference: Manning, Raghavan & Schütze, *Introduction to Information Retrieval*, §13.2–13.3;
Murphy, *Machine Learning: A Probabilistic Perspective*, §3.5.

>>> X = np.array([[2, 1, 0], [3, 0, 0], [0, 1, 3], [0, 2, 2]])
>>> nb = MultinomialNB(alpha=1.0).fit(X, ["sport", "sport", "tech", "tech"])
>>> np.exp(nb.feature_log_prob_).round(3).tolist()     # (N_cd + 1) / (N_c + 3)
[[0.667, 0.222, 0.111], [0.091, 0.364, 0.545]]
>>> nb.predict([[1, 0, 0], [0, 0, 1]]).tolist()
['sport', 'tech']
"""
from __future__ import annotations

import numpy as np

from lucidml.naive_bayes._base import _NaiveBayes, class_sums, times_classes
from lucidml.utils.validation import check_real, check_two_classes

__all__ = ["MultinomialNB", "BernoulliNB"]


class _CountNB(_NaiveBayes):
    """Shared by MultinomialNB and BernoulliNB: count, smooth, take logs."""

    def _partial_fit(self, X, y, classes, sample_weight, *, first_call, fit):
        """Add the counts N_cd and n_c of (X, y), then estimate log θ and log π."""
        name = type(self).__name__
        alpha = check_real(self.alpha, name="alpha", owner=name, minimum=0.0, strict=True)
        X, z, w = self._start(X, y, classes, sample_weight, first_call=first_call)
        X = self._features(X, name)
        C, D = len(self.classes_), X.shape[1]
        if fit:
            check_two_classes(self.classes_, name)
        if first_call:
            self.feature_count_ = np.zeros((C, D))
            self.class_count_ = np.zeros(C)
        self.feature_count_ += class_sums(X, z, w, C)          # N_cd += Σ_{i ∈ c} w_i x_id
        self.class_count_ += np.bincount(z, weights=w, minlength=C)   # n_c += Σ_{i ∈ c} w_i
        self.feature_log_prob_ = self._log_theta(alpha)
        self.class_log_prior_ = self._log_prior(C, name)
        return self

    def _log_prior(self, C, name):
        if self.class_prior is not None:
            p = np.asarray(self.class_prior, dtype=np.float64)
            if p.shape != (C,):
                raise ValueError(f"{name}: class_prior has {p.size} entries but there are {C} "
                                 "classes; give one prior per class.")
            if not np.isfinite(p).all() or (p < 0).any():
                raise ValueError(f"{name}: class_prior must be finite and non-negative.")
            with np.errstate(divide="ignore"):
                return np.log(p)
        if not self.fit_prior:
            return np.full(C, -np.log(C))                      # uniform π_c = 1/C
        with np.errstate(divide="ignore"):                     # a class not seen yet: π_c = 0
            return np.log(self.class_count_) - np.log(self.class_count_.sum())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # check_estimator's blobs are not counts or presences: these event models separate
        # them only roughly (scikit-learn sets the same tag on its discrete naive Bayes)
        tags.classifier_tags.poor_score = True
        return tags

    def _validate_for_predict(self, X):
        return self._features(super()._validate_for_predict(X), type(self).__name__)


class MultinomialNB(_CountNB):
    """Naive Bayes for counts: word d occurs x_d times, each occurrence drawn from θ_c.

    Parameters
    ----------
    alpha : additive smoothing α > 0 (1 = Laplace)
    fit_prior : learn π_c from the class frequencies (else uniform)
    class_prior : fixed priors π_c, or None

    Attributes: ``classes_``, ``class_count_``, ``feature_count_``, ``feature_log_prob_``,
    ``class_log_prior_``, ``n_features_in_``.
    """

    def __init__(self, *, alpha=1.0, fit_prior=True, class_prior=None):
        self.alpha = alpha
        self.fit_prior = fit_prior
        self.class_prior = class_prior

    def _features(self, X, name):
        if X.min() < 0:                                        # one pass, no (N, D) mask
            i, d = np.argwhere(X < 0)[0]
            raise ValueError(f"{name}: Negative values in data: X holds counts, but X[{i}, {d}] = {X[i, d]:g} "
                             "is negative; "
                             "multinomial naive Bayes needs counts or frequencies >= 0 "
                             "(use GaussianNB for real-valued features).")
        return X

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        return tags

    def _log_theta(self, alpha):
        # log θ_cd = log(N_cd + α) − log Σ_d' (N_cd' + α)
        smoothed = self.feature_count_ + alpha
        return np.log(smoothed) - np.log(smoothed.sum(axis=1, keepdims=True))

    def _joint_log_likelihood(self, X):
        # jll_c(x) = log π_c + Σ_d x_d log θ_cd
        return times_classes(X, self.feature_log_prob_) + self.class_log_prior_


class BernoulliNB(_CountNB):
    """Naive Bayes for binary features: word d is present (x_d = 1) or absent (x_d = 0).

    Parameters
    ----------
    alpha : additive smoothing α > 0
    binarize : threshold; x_d > binarize counts as 1. None: X is already 0/1
    fit_prior, class_prior : as in :class:`MultinomialNB`

    Unlike the multinomial model, an absent word is evidence too: (1 − x_d) log(1 − θ_cd).
    """

    def __init__(self, *, alpha=1.0, binarize=0.0, fit_prior=True, class_prior=None):
        self.alpha = alpha
        self.binarize = binarize
        self.fit_prior = fit_prior
        self.class_prior = class_prior

    def _features(self, X, name):
        if self.binarize is None:
            return X
        threshold = check_real(self.binarize, name="binarize", owner=name)
        return (X > threshold).astype(np.float64)

    def _log_theta(self, alpha):
        # log θ_cd = log(N_cd + α) − log(n_c + 2α)
        return np.log(self.feature_count_ + alpha) - np.log(self.class_count_ + 2.0 * alpha)[:, None]

    def _joint_log_likelihood(self, X):
        # jll_c(x) = log π_c + Σ_d log(1 − θ_cd) + Σ_d x_d [log θ_cd − log(1 − θ_cd)]
        log_theta = self.feature_log_prob_
        log_not_theta = np.log1p(-np.exp(log_theta))                   # log(1 − θ_cd)
        return times_classes(X, log_theta - log_not_theta) + self.class_log_prior_ + log_not_theta.sum(axis=1)
