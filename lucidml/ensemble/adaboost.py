"""AdaBoost for K classes (SAMME): reweight the samples the last tree got wrong.

Start with w_i = 1/N. For m = 1..M:

    1. fit a weak classifier G_m (a decision stump by default) with weights w
    2. err_m = Σ_i w_i [y_i ≠ G_m(x_i)] / Σ_i w_i
    3. α_m = ν (log((1 − err_m) / err_m) + log(K − 1))
    4. w_i ← w_i · exp(α_m [y_i ≠ G_m(x_i)]),  then normalise w to sum 1

and predict ŷ(x) = argmax_k Σ_m α_m [G_m(x) = k]. The log(K − 1) term makes α_m > 0
whenever G_m beats random guessing (err_m < 1 − 1/K), which is what K > 2 classes
need; for K = 2 it is the original AdaBoost.M1. A perfect G_m (err = 0) stops boosting;
one no better than chance is dropped and boosting stops.

Symbols: M = n_estimators, ν = learning_rate, α_m = estimator_weights_[m], err_m = estimator_errors_[m].
Reference: Zhu, Zou, Rosset & Hastie, "Multi-class AdaBoost", *Statistics and Its Interface* 2 (2009);
Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §10.1, Algorithm 10.1.

>>> X = np.array([[0.], [1.], [2.], [3.], [4.], [5.]])
>>> y = np.array([0, 0, 1, 1, 0, 0])   # one stump cannot do it; three can
>>> ada = AdaBoostClassifier(n_estimators=10).fit(X, y)
>>> ada.predict(X).tolist()
[0, 0, 1, 1, 0, 0]
"""
from __future__ import annotations

import warnings

import numpy as np
from scipy.special import softmax
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from lucidml.tree.cart import DecisionTreeClassifier
from lucidml.utils.validation import check_int, check_real, check_two_classes

__all__ = ["AdaBoostClassifier"]


class AdaBoostClassifier(ClassifierMixin, BaseEstimator):
    """AdaBoost (SAMME) over weak classifiers that accept ``sample_weight``.

    Parameters
    ----------
    estimator : the weak learner (default: ``DecisionTreeClassifier(max_depth=1)``, a stump)
    n_estimators : the most boosting rounds M
    learning_rate : ν > 0, shrinks each α_m
    random_state : seeds each weak learner

    Attributes: ``estimators_``, ``estimator_weights_`` (α_m), ``estimator_errors_`` (err_m),
    ``classes_``, ``n_classes_``, ``feature_importances_`` (α-weighted mean of the learners').
    """

    def __init__(self, estimator=None, *, n_estimators=50, learning_rate=1.0, random_state=None, verbose=0):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, X, y, sample_weight=None):
        name = type(self).__name__
        X, y = validate_data(self, X, y, dtype=np.float64, ensure_min_samples=2)
        check_classification_targets(y)
        M = check_int(self.n_estimators, name="n_estimators", owner=name, minimum=1)
        nu = check_real(self.learning_rate, name="learning_rate", owner=name, minimum=0.0, strict=True)
        self.classes_, y_k = np.unique(y, return_inverse=True)
        check_two_classes(self.classes_, name)
        K = self.n_classes_ = len(self.classes_)
        w = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        w = w / w.sum()
        zero = w == 0
        rng = check_random_state(self.random_state)
        base = DecisionTreeClassifier(max_depth=1) if self.estimator is None else self.estimator

        self.estimators_, alphas, errors = [], [], []
        for m in range(M):
            w = np.clip(w, np.finfo(np.float64).eps, None)              # no weight underflows to 0 ...
            w[zero] = 0.0                                               # ... except those given as 0
            G = clone(base).set_params(**_seed(base, rng))
            G.fit(X, y_k, sample_weight=w)                              # 1. weak learner
            wrong = G.predict(X) != y_k
            err = np.average(wrong, weights=w)                          # 2. weighted error
            if err <= 0:                                                # perfect: it alone decides
                self.estimators_.append(G)
                alphas.append(1.0)
                errors.append(0.0)
                break
            if err >= 1.0 - 1.0 / K:                                    # no better than chance
                if not self.estimators_:
                    raise ValueError(f"{name}: the first weak learner is no better than chance "
                                     f"(weighted error {err:.3f} >= 1 − 1/K = {1 - 1 / K:.3f}); "
                                     "use a stronger estimator.")
                break
            alpha = nu * (np.log((1 - err) / err) + np.log(K - 1.0))   # 3. its say α_m
            self.estimators_.append(G)
            alphas.append(alpha)
            errors.append(err)
            w = w * np.exp(alpha * wrong * (w > 0))                     # 4. up-weight the mistakes
            total = w.sum()
            if not np.isfinite(total):
                warnings.warn(f"{name}: sample weights overflowed at round {m}; stopping early. "
                              "Lower the learning_rate.", UserWarning, stacklevel=2)
                break
            w /= total
        self.estimator_weights_ = np.array(alphas)
        self.estimator_errors_ = np.array(errors)
        return self

    def _votes(self, G, X):
        """Row i, column k: 1 if G says k, −1/(K−1) otherwise (SAMME's symmetric coding)."""
        K = self.n_classes_
        return np.where(G.predict(X)[:, None] == np.arange(K), 1.0, -1.0 / (K - 1))

    def staged_decision_function(self, X):
        """f_m(x) = Σ_{j<=m} α_j h_j(x) / Σ_{j<=m} α_j after each round (a generator)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        f, norm = 0.0, 0.0
        for G, alpha in zip(self.estimators_, self.estimator_weights_):
            f = f + alpha * self._votes(G, X)
            norm += alpha
            yield self._shape(f / norm)

    def decision_function(self, X):
        """f(x) = Σ_m α_m h_m(x) / Σ_m α_m: (n_samples,) for two classes (> 0 means classes_[1])."""
        *_, last = self.staged_decision_function(X)
        return last

    def _shape(self, f):
        return f[:, 1] - f[:, 0] if self.n_classes_ == 2 else f       # binary: one score, as sklearn

    def predict(self, X):
        f = self.decision_function(X)
        return self.classes_[self._argmax(f)]

    def staged_predict(self, X):
        """ŷ after each boosting round (a generator)."""
        for f in self.staged_decision_function(X):
            yield self.classes_[self._argmax(f)]

    def predict_proba(self, X):
        """p(k | x) = softmax_k(f_k(x) / (K − 1)) (Zhu et al. 2009, eq. 15)."""
        f = self.decision_function(X)
        if self.n_classes_ == 2:                                        # f = f_1 − f_0 = 2 f_1
            return softmax(np.column_stack([-f, f]) / 2, axis=1)
        return softmax(f / (self.n_classes_ - 1), axis=1)

    def _argmax(self, f):
        return (f > 0).astype(int) if f.ndim == 1 else np.argmax(f, axis=1)

    @property
    def feature_importances_(self) -> np.ndarray:
        check_is_fitted(self)
        imp = sum(a * G.feature_importances_ for G, a in zip(self.estimators_, self.estimator_weights_))
        return imp / self.estimator_weights_.sum()


def _seed(estimator, rng):
    return {"random_state": rng.randint(np.iinfo(np.int32).max)} if "random_state" in estimator.get_params() else {}
