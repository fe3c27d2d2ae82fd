"""What every naive Bayes classifier shares: Bayes' rule in log space.

    p(c | x) = p(c) Π_d p(x_d | c) / Σ_c' p(c') Π_d p(x_d | c')

Each event model (Gaussian, multinomial, Bernoulli) supplies only the joint log
likelihood  jll_c(x) = log p(c) + Σ_d log p(x_d | c);  the posterior is then
log p(c | x) = jll_c(x) − log Σ_c' exp jll_c'(x), the log-sum-exp taken after subtracting
the largest term so that no exp underflows.

Reference: Murphy, *Machine Learning: A Probabilistic Perspective*, §3.5.
"""
from __future__ import annotations

import numpy as np
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data


class _NaiveBayes(ClassifierMixin, BaseEstimator):
    """Prediction from the joint log likelihood; class bookkeeping for fit/partial_fit.

    Each subclass defines ``_joint_log_likelihood(X)``: log p(c) + Σ_d log p(x_d | c).
    """

    def _validate_for_predict(self, X):
        check_is_fitted(self)
        return validate_data(self, X, dtype=np.float64, reset=False)

    def predict_joint_log_proba(self, X):
        """jll_c(x) = log p(c) + Σ_d log p(x_d | c): shape (n_samples, n_classes)."""
        return self._joint_log_likelihood(self._validate_for_predict(X))

    def predict_log_proba(self, X):
        """log p(c | x) = jll_c(x) − log Σ_c' exp jll_c'(x)."""
        jll = self.predict_joint_log_proba(X)
        return jll - logsumexp(jll, axis=1)[:, None]

    def predict_proba(self, X):
        """p(c | x), each row summing to 1."""
        return np.exp(self.predict_log_proba(X))

    def predict(self, X):
        """ŷ = argmax_c jll_c(x) (the evidence p(x) is the same for every class)."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_joint_log_proba(X), axis=1)]

    # -- fitting bookkeeping ----------------------------------------------------------------
    def _start(self, X, y, classes, sample_weight, *, first_call):
        """Validate one batch; on the first call fix ``classes_``. Returns X, class index z, weights w."""
        name = type(self).__name__
        X, y = validate_data(self, X, y, dtype=np.float64, reset=first_call)
        check_classification_targets(y)
        if first_call:
            if classes is None:
                classes = np.unique(y)
            else:
                classes = np.unique(np.asarray(classes))
            self.classes_ = classes
        elif classes is not None and not np.array_equal(np.unique(np.asarray(classes)), self.classes_):
            raise ValueError(f"{name}.partial_fit: classes={list(classes)} differ from the classes "
                             f"{self.classes_.tolist()} given on the first call.")
        unknown = ~np.isin(y, self.classes_)
        if unknown.any():
            raise ValueError(f"{name}: label {y[unknown][0]!r} is not one of the classes "
                             f"{self.classes_.tolist()}; pass every class to the first partial_fit "
                             "call through classes=.")
        z = np.searchsorted(self.classes_, y)
        # scikit-learn's check: one finite, non-negative weight per sample, not all zero
        w = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        return X, z, w

    def _first_call(self, classes):
        name = type(self).__name__
        if getattr(self, "classes_", None) is None:
            if classes is None:
                raise ValueError(f"{name}.partial_fit: the first call needs classes=[...], the list "
                                 "of every class that can appear, because later batches may lack some.")
            return True
        return False


def one_hot(z: np.ndarray, n_classes: int, w: np.ndarray) -> np.ndarray:
    """Y[i, c] = w_i [z_i = c]: the (weighted) class indicator matrix, shape (n_samples, n_classes)."""
    Y = np.zeros((z.shape[0], n_classes))
    Y[np.arange(z.shape[0]), z] = w
    return Y
