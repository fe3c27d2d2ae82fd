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
from numba import njit
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from lucidml.utils.parallel import row_blocks, run_blocks


class _NaiveBayes(ClassifierMixin, BaseEstimator):
    """Prediction from the joint log likelihood; class bookkeeping for fit/partial_fit.

    Each subclass defines ``_joint_log_likelihood(X)``: log p(c) + Σ_d log p(x_d | c), and
    ``_partial_fit``, which adds one batch to its sufficient statistics (counts or moments).
    """

    def fit(self, X, y, sample_weight=None):
        """Estimate the class priors and the per-class feature model from (X, y)."""
        self.classes_ = None
        return self._partial_fit(X, y, None, sample_weight, first_call=True, fit=True)

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Add one more batch to the sufficient statistics; the first call needs ``classes``."""
        first_call = self._first_call(classes)
        return self._partial_fit(X, y, classes, sample_weight, first_call=first_call, fit=False)

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


def times_classes(X: np.ndarray, B: np.ndarray) -> np.ndarray:
    """X @ Bᵀ for a B (n_classes, n_features) with few rows: (n_samples, n_classes).

    Computed a block of rows at a time on every core (``run_blocks``, one BLAS thread each):
    BLAS's own threads gain little on a product with so few columns.
    """
    out = np.empty((X.shape[0], B.shape[0]))
    B_T = np.ascontiguousarray(B.T)

    def work(start, stop, _worker):
        np.matmul(X[start:stop], B_T, out=out[start:stop])

    run_blocks(work, row_blocks(X.shape[0], max(1, (1 << 20) // X.shape[1])))   # 8 MiB of X a block
    return out


def class_sums(X: np.ndarray, z: np.ndarray, w: np.ndarray, n_classes: int) -> np.ndarray:
    """S_c = Σ_{i: z_i = c} w_i x_i for every class c: shape (n_classes, n_features).

    This is Yᵀ X with Y the weighted one-hot class matrix (Y_ic = w_i [z_i = c]), computed in
    one pass over X without forming Y: BLAS is slow on a product with so few rows.
    """
    S = np.zeros((n_classes, X.shape[1]))
    _add_rows_by_class(X, z, w, S)
    return S


@njit(cache=True, nogil=True)
def _add_rows_by_class(X, z, w, S):
    # S_c += w_i x_i for the class c = z_i of every row i
    N, D = X.shape
    for i in range(N):
        c = z[i]
        for d in range(D):
            S[c, d] += w[i] * X[i, d]
