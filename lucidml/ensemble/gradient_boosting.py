"""Gradient boosting with regression trees (Friedman's gradient tree boosting).

The model is a sum of small trees, F_M(x) = F_0 + ν Σ_{m=1}^M T_m(x). Stage m fits a
regression tree T_m to the negative gradient of the loss at the current model,

    r_im = −∂L(y_i, F(x_i)) / ∂F(x_i) |_{F = F_{m−1}},

then replaces each leaf's value by the best constant step γ_jm for the samples in that
leaf R_jm (the line search), and adds ν T_m (ν = learning_rate):

    loss            L(y, F)                          r                      γ_jm (leaf)
    squared_error   ½ (y − F)²                       y − F                  mean of r (the tree's own leaf)
    absolute_error  |y − F|                          sign(y − F)            median of y − F
    huber           ½ e² if |e| <= δ else δ(|e| − δ/2) e or δ sign(e)       median + mean of clipped residuals
    log_loss (2)    −y log p − (1−y) log(1−p), p = σ(F)  y − p              Σ r / Σ p(1 − p)  (one Newton step)
    log_loss (K)    −Σ_k y_k log p_k, p = softmax(F)   y_k − p_k (K trees)  (K−1)/K · Σ r / Σ p_k(1 − p_k)

with e = y − F and δ the alpha-quantile of |e| at each stage (huber). F_0 is the mean,
the median (``np.median``; the weighted lower median when sample weights are given, as in
scikit-learn), or the log-odds of the class priors. With ``subsample < 1`` each tree sees a
random fraction of the samples (stochastic gradient boosting).

Symbols: M = n_estimators, ν = learning_rate, F (N,) or (N, K) raw scores.
Reference: Friedman, "Greedy Function Approximation: A Gradient Boosting Machine",
*Annals of Statistics* 29 (2001), Algorithms 1–6; Hastie, Tibshirani & Friedman,
*The Elements of Statistical Learning*, §10.9–10.10, Algorithm 10.3.

>>> X = np.array([[0.], [1.], [2.], [3.], [4.], [5.]])
>>> y = np.array([0., 0., 0., 1., 1., 1.])
>>> gb = GradientBoostingRegressor(n_estimators=50, learning_rate=0.5, max_depth=1).fit(X, y)
>>> np.round(gb.predict([[0.5], [4.5]]), 6).tolist()
[0.0, 1.0]
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit, logsumexp, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from lucidml.tree.cart import DecisionTreeRegressor, mean_importances, presort
from lucidml.utils.progress import track
from lucidml.utils.validation import check_int, check_option, check_real, check_two_classes

__all__ = ["GradientBoostingClassifier", "GradientBoostingRegressor"]


class _BaseBoosting(BaseEstimator):
    """The boosting loop shared by the regressor and the classifier."""

    def __init__(self, *, loss, learning_rate=0.1, n_estimators=100, subsample=1.0, max_depth=3,
                 min_samples_split=2, min_samples_leaf=1, max_features=None, min_impurity_decrease=0.0,
                 random_state=None, verbose=0):
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.min_impurity_decrease = min_impurity_decrease
        self.random_state = random_state
        self.verbose = verbose

    def _check_params(self):
        name = type(self).__name__
        check_option(self.loss, name="loss", owner=name, allowed=self._losses)
        check_real(self.learning_rate, name="learning_rate", owner=name, minimum=0.0, strict=True)
        check_int(self.n_estimators, name="n_estimators", owner=name, minimum=1)
        check_real(self.subsample, name="subsample", owner=name, minimum=0.0, strict=True)
        if self.subsample > 1.0:
            raise ValueError(f"{name}: subsample={self.subsample} must be in (0, 1].")

    def _boost(self, X, Y, w, F):
        """Stages m = 1..M on targets Y (N, K) from raw scores F (N, K), updated in place."""
        N, D = X.shape
        K = F.shape[1]
        nu, M = self.learning_rate, self.n_estimators
        rng = check_random_state(self.random_state)
        Xs, order = presort(X, np.ones(N))
        n_inbag = max(1, int(self.subsample * N))
        self.estimators_ = np.empty((M, K), dtype=object)
        self.train_score_ = np.zeros(M)
        self.init_raw_ = F[0].copy()
        for m in track(range(M), f"{type(self).__name__}: boosting", verbose=self.verbose):
            inbag = np.ones(N, bool)
            if n_inbag < N:
                inbag[:] = False
                inbag[rng.permutation(N)[:n_inbag]] = True
            w_m = w * inbag
            r = self._negative_gradient(Y, F, w)                        # (N, K), at F_{m−1}
            P = self._probabilities(F)
            keep = w_m[order] > 0
            n_keep = int(keep[0].sum())
            for k in range(K):                                          # one tree per class (K > 2)
                seed = rng.randint(np.iinfo(np.int32).max)
                tree = DecisionTreeRegressor(
                    max_depth=self.max_depth, min_samples_split=self.min_samples_split,
                    min_samples_leaf=self.min_samples_leaf, max_features=self.max_features,
                    min_impurity_decrease=self.min_impurity_decrease, random_state=seed)
                tree._check_params(D)
                tree.n_features_in_ = D
                tree._grow(Xs[keep].reshape(D, n_keep), order[keep].reshape(D, n_keep), r[:, k], w_m,
                           0, seed)                                     # T_m fitted to r_m (squared error)
                leaf = tree.tree_.apply(X)
                self._line_search(tree.tree_, leaf, Y[:, k], F[:, k], r[:, k], P, w_m, k)
                F[:, k] += nu * tree.tree_.value[leaf, 0]               # F_m = F_{m−1} + ν T_m
                self.estimators_[m, k] = tree
            self.train_score_[m] = self._loss_value(Y[inbag], F[inbag], w[inbag])
        self.n_estimators_ = M
        return self

    def _line_search(self, tree, leaf, y, F, r, P, w, k):
        """γ_j for every leaf j (see the table in the module docstring), written into tree.value."""
        if self.loss == "squared_error":
            return                                                      # the tree's mean of r already is γ
        for j in np.flatnonzero(tree.children_left < 0):
            in_j = (leaf == j) & (w > 0)
            if not in_j.any():
                continue
            tree.value[j, 0] = self._leaf_step(y[in_j], F[in_j], r[in_j], P[in_j, k], w[in_j])

    def _raw(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return X, np.tile(self.init_raw_, (X.shape[0], 1))

    def _staged_raw(self, X):
        """F_m(X) for m = 1..M, as (N, K) arrays."""
        X, F = self._raw(X)
        for stage in self.estimators_:
            for k, tree in enumerate(stage):
                F[:, k] += self.learning_rate * tree.tree_.predict(X)[:, 0]
            yield F.copy()

    def _decision(self, X):
        X, F = self._raw(X)
        for stage in self.estimators_:
            for k, tree in enumerate(stage):
                F[:, k] += self.learning_rate * tree.tree_.predict(X)[:, 0]
        return F

    @property
    def feature_importances_(self) -> np.ndarray:
        """Mean over all trees of their (unnormalised) impurity decreases, normalised to sum 1.

        Each tree counts by how much it reduced the squared error of its residuals, so the
        early trees, which fit the large residuals, weigh most (as in scikit-learn)."""
        check_is_fitted(self)
        return mean_importances(self.estimators_.ravel(), self.n_features_in_, normalize_each=False)


class GradientBoostingRegressor(RegressorMixin, _BaseBoosting):
    """Gradient tree boosting for regression.

    Parameters
    ----------
    loss : "squared_error", "absolute_error" or "huber"
    learning_rate : ν > 0, the shrinkage of each tree
    n_estimators : number of stages M
    subsample : fraction of samples per tree (< 1: stochastic gradient boosting)
    max_depth, min_samples_split, min_samples_leaf, max_features, min_impurity_decrease : for each tree
    alpha : the quantile of |y − F| that sets the Huber δ
    random_state, verbose : seed; progress bar when > 0

    Attributes: ``estimators_`` (M, 1) trees, ``train_score_`` (the loss after each stage:
    mean squared error, mean absolute error or mean Huber loss), ``init_raw_`` (F_0).
    """

    _losses = ("squared_error", "absolute_error", "huber")

    def __init__(self, *, loss="squared_error", learning_rate=0.1, n_estimators=100, subsample=1.0,
                 max_depth=3, min_samples_split=2, min_samples_leaf=1, max_features=None,
                 min_impurity_decrease=0.0, alpha=0.9, random_state=None, verbose=0):
        super().__init__(loss=loss, learning_rate=learning_rate, n_estimators=n_estimators, subsample=subsample,
                         max_depth=max_depth, min_samples_split=min_samples_split,
                         min_samples_leaf=min_samples_leaf, max_features=max_features,
                         min_impurity_decrease=min_impurity_decrease, random_state=random_state,
                         verbose=verbose)
        self.alpha = alpha

    def fit(self, X, y, sample_weight=None):
        X, y = validate_data(self, X, y, dtype=np.float64, ensure_min_samples=2, y_numeric=True)
        self._check_params()
        name = type(self).__name__
        check_real(self.alpha, name="alpha", owner=name, minimum=0.0, strict=True)
        if self.alpha >= 1.0:
            raise ValueError(f"{name}: alpha={self.alpha} (the Huber quantile) must be in (0, 1).")
        w = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        if self.loss == "squared_error":
            F0 = np.average(y, weights=w)                               # mean
        elif sample_weight is None:
            F0 = np.median(y)
        else:
            F0 = weighted_percentile(y, w, 50)
        return self._boost(X, y[:, None], w, np.full((len(y), 1), F0))

    # -- the loss: gradient, leaf step, value ------------------------------------------
    def _negative_gradient(self, Y, F, w):
        e = Y - F
        if self.loss == "squared_error":
            return e
        if self.loss == "absolute_error":
            return np.sign(e)
        self.delta_ = weighted_percentile(np.abs(e[:, 0]), w, 100 * self.alpha)   # δ = α-quantile of |e|
        return np.where(np.abs(e) <= self.delta_, e, self.delta_ * np.sign(e))

    def _probabilities(self, F):
        return F  # unused by regression losses

    def _leaf_step(self, y, F, r, p, w):
        e = y - F
        median = weighted_percentile(e, w, 50)
        if self.loss == "absolute_error":
            return median
        d = e - median                                                  # Friedman (2001), Algorithm 4
        return median + np.average(np.sign(d) * np.minimum(self.delta_, np.abs(d)), weights=w)

    def _loss_value(self, Y, F, w):
        e = np.abs(Y - F)[:, 0]
        if self.loss == "squared_error":
            per = e ** 2
        elif self.loss == "absolute_error":
            per = e
        else:
            per = np.where(e <= self.delta_, 0.5 * e ** 2, self.delta_ * (e - 0.5 * self.delta_))
        return float(np.average(per, weights=w))

    def predict(self, X):
        """F_M(x) = F_0 + ν Σ_m T_m(x)."""
        return self._decision(X)[:, 0]

    def staged_predict(self, X):
        """F_m(x) after each stage m = 1..M (a generator)."""
        for F in self._staged_raw(X):
            yield F[:, 0]


class GradientBoostingClassifier(ClassifierMixin, _BaseBoosting):
    """Gradient tree boosting with the log-loss: binary (one tree per stage, p = σ(F)) or
    multinomial (K trees per stage, p = softmax(F)).

    Same parameters as :class:`GradientBoostingRegressor` (``loss`` is "log_loss").
    Attributes: ``classes_``, ``estimators_`` (M, 1) or (M, K), ``train_score_`` (the
    deviance 2 × mean log-loss for two classes, the mean log-loss for K > 2, as scikit-learn).
    """

    _losses = ("log_loss",)

    def __init__(self, *, loss="log_loss", learning_rate=0.1, n_estimators=100, subsample=1.0, max_depth=3,
                 min_samples_split=2, min_samples_leaf=1, max_features=None, min_impurity_decrease=0.0,
                 random_state=None, verbose=0):
        super().__init__(loss=loss, learning_rate=learning_rate, n_estimators=n_estimators, subsample=subsample,
                         max_depth=max_depth, min_samples_split=min_samples_split,
                         min_samples_leaf=min_samples_leaf, max_features=max_features,
                         min_impurity_decrease=min_impurity_decrease, random_state=random_state,
                         verbose=verbose)

    def fit(self, X, y, sample_weight=None):
        X, y = validate_data(self, X, y, dtype=np.float64, ensure_min_samples=2)
        check_classification_targets(y)
        self.classes_, y_k = np.unique(y, return_inverse=True)
        check_two_classes(self.classes_, type(self).__name__)
        self.n_classes_ = K = len(self.classes_)
        self._check_params()
        w = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        eps = np.finfo(np.float64).eps
        prior = np.clip(np.bincount(y_k, weights=w, minlength=K) / w.sum(), eps, 1 - eps)
        if K == 2:
            Y = (y_k == 1).astype(np.float64)[:, None]                  # (N, 1)
            F0 = np.log(prior[1] / (1 - prior[1]))[None]                # log-odds
        else:
            Y = (y_k[:, None] == np.arange(K)).astype(np.float64)       # one-hot (N, K)
            F0 = np.log(prior) - np.mean(np.log(prior))                 # symmetric log-priors
        return self._boost(X, Y, w, np.tile(F0, (len(y), 1)))

    def _probabilities(self, F):
        return expit(F) if F.shape[1] == 1 else softmax(F, axis=1)

    def _negative_gradient(self, Y, F, w):
        return Y - self._probabilities(F)                               # y − p

    def _leaf_step(self, y, F, r, p, w):
        numerator = np.average(r, weights=w)                            # Σ w r / Σ w
        denominator = np.average(p * (1 - p), weights=w)                # Σ w p(1 − p) / Σ w
        if self.n_classes_ > 2:
            numerator *= (self.n_classes_ - 1) / self.n_classes_
        return 0.0 if abs(denominator) < 1e-150 else numerator / denominator

    def _loss_value(self, Y, F, w):
        if F.shape[1] == 1:                                             # log(1 + e^F) − y F, times 2
            per = np.logaddexp(0.0, F[:, 0]) - Y[:, 0] * F[:, 0]
            return 2.0 * float(np.average(per, weights=w))
        per = logsumexp(F, axis=1) - np.sum(Y * F, axis=1)
        return float(np.average(per, weights=w))

    def decision_function(self, X):
        """Raw scores F_M(x): (n_samples,) for two classes, (n_samples, K) otherwise."""
        F = self._decision(X)
        return F[:, 0] if F.shape[1] == 1 else F

    def predict_proba(self, X):
        return self._proba_from_raw(self._decision(X))

    def predict(self, X):
        p = self.predict_proba(X)
        return self.classes_[np.argmax(p, axis=1)]

    def staged_predict_proba(self, X):
        for F in self._staged_raw(X):
            yield self._proba_from_raw(F)

    def staged_predict(self, X):
        for P in self.staged_predict_proba(X):
            yield self.classes_[np.argmax(P, axis=1)]

    def _proba_from_raw(self, F):
        if F.shape[1] == 1:
            p = expit(F[:, 0])
            return np.column_stack([1 - p, p])
        return softmax(F, axis=1)


# -- shared small steps --------------------------------------------------------------------
def weighted_percentile(a, w, q):
    """The smallest a_i whose cumulative weight (a sorted) reaches q % of the total
    (NumPy's "inverted_cdf" with weights; scikit-learn's ``_weighted_percentile``)."""
    order = np.argsort(a, kind="stable")
    cum = np.cumsum(w[order])
    j = np.searchsorted(cum, q / 100.0 * cum[-1], side="left")
    return float(a[order][min(j, len(a) - 1)])
