"""Random forests: bagged CART trees that each look at a random subset of features per split.

Tree b is grown on a bootstrap sample Z_b (N draws with replacement, i.e. sample
weights c_i = how often i was drawn) and at every node examines only m = max_features
randomly chosen features. The forest averages the trees:

    classification   p(k | x) = (1/B) Σ_b p_b(k | x),   ŷ = argmax_k p(k | x)
    regression       ŷ(x)     = (1/B) Σ_b T_b(x)

Each sample is left out of about (1 − 1/N)^N ≈ 37 % of the bootstraps; averaging only
those trees gives its out-of-bag prediction, and their accuracy (R² for regression) is
``oob_score_``, a free estimate of the test score. The data are sorted once for all the
trees; the trees are grown in parallel threads (the compiled builder releases the GIL).

Symbols: B = n_estimators, m = max_features, X (N, D), y (N,).
Reference: Breiman, "Random Forests", *Machine Learning* 45 (2001); Hastie, Tibshirani &
Friedman, *The Elements of Statistical Learning*, §15.1–15.3.

>>> X = np.array([[0.], [1.], [2.], [3.], [10.], [11.], [12.], [13.]])
>>> y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
>>> forest = RandomForestClassifier(n_estimators=20, random_state=0).fit(X, y)
>>> forest.predict([[1.5], [11.5]]).tolist()
[0, 1]
"""
from __future__ import annotations

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from lucidml.tree.cart import (DecisionTreeClassifier, DecisionTreeRegressor,
                               mean_importances, presort, resolve_max_features)
from lucidml.utils.parallel import effective_n_jobs
from lucidml.utils.progress import track
from lucidml.utils.validation import check_int, check_two_classes

__all__ = ["RandomForestClassifier", "RandomForestRegressor"]


class _BaseForest(BaseEstimator):
    """Bagging plus per-split feature sampling, shared by both forests."""

    _tree: type = DecisionTreeRegressor

    def __init__(self, n_estimators=100, *, criterion, max_depth=None, min_samples_split=2, min_samples_leaf=1,
                 max_features, bootstrap=True, oob_score=False, n_jobs=None, random_state=None, verbose=0):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    def _fit_forest(self, X, y, sample_weight, n_classes):
        name = type(self).__name__
        B = check_int(self.n_estimators, name="n_estimators", owner=name, minimum=1)
        if self.oob_score and not self.bootstrap:
            raise ValueError(f"{name}: oob_score=True needs bootstrap=True (without bootstrap no sample "
                             "is ever left out).")
        N, D = X.shape
        w = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        rng = check_random_state(self.random_state)
        seeds = rng.randint(np.iinfo(np.int32).max, size=B)
        params = dict(criterion=self.criterion, max_depth=self.max_depth, min_samples_split=self.min_samples_split,
                      min_samples_leaf=self.min_samples_leaf, max_features=self.max_features)
        template = self._tree(**params)
        template._check_params(D)                                       # fail before any work
        self.max_features_ = resolve_max_features(self.max_features, D, name)
        Xs, order = presort(X, np.ones(N))                              # sorted once, shared
        y = y.astype(np.float64)

        def grow(b):
            counts = _bootstrap_counts(seeds[b], N) if self.bootstrap else np.ones(N)   # c_i
            w_b = w * counts
            keep = w_b[order] > 0                                       # (D, N), same count per row
            m = int(keep[0].sum())
            tree = self._tree(**params, random_state=int(seeds[b]))
            tree.n_features_in_, tree.max_features_ = D, self.max_features_
            if n_classes:
                tree.classes_, tree.n_classes_ = self.classes_, n_classes
            if m == 0:  # every drawn sample has weight zero: grow this tree on all the weighted data
                w_b = w
                keep = w_b[order] > 0
                m = int(keep[0].sum())
            tree._grow(Xs[keep].reshape(D, m), order[keep].reshape(D, m), y, w_b, n_classes, int(seeds[b]))
            return tree

        jobs = Parallel(n_jobs=min(effective_n_jobs(self.n_jobs), B), prefer="threads", return_as="generator")
        self.estimators_ = list(track(jobs(delayed(grow)(b) for b in range(B)), f"{name}: growing trees",
                                      total=B, verbose=self.verbose))
        if self.oob_score:
            self._set_oob_score(X, y, seeds, n_classes)
        return self

    def _set_oob_score(self, X, y, seeds, n_classes):
        """Average, for each sample, the trees whose bootstrap left it out."""
        N = X.shape[0]
        total = np.zeros((N, max(n_classes, 1)))
        n_trees = np.zeros(N)
        for tree, seed in zip(self.estimators_, seeds):
            out = _bootstrap_counts(seed, N) == 0
            total[out] += tree.tree_.predict(X[out])
            n_trees[out] += 1
        seen = n_trees > 0
        if not seen.all():
            import warnings
            warnings.warn(f"{type(self).__name__}: {np.sum(~seen)} samples were in every bootstrap, so they "
                          "have no out-of-bag prediction; use more trees for a reliable oob_score_.",
                          UserWarning, stacklevel=3)
        oob = total[seen] / n_trees[seen, None]
        if n_classes:
            self.oob_decision_function_ = np.full((N, n_classes), np.nan)
            self.oob_decision_function_[seen] = oob
            self.oob_score_ = float(np.mean(np.argmax(oob, axis=1) == y[seen]))
        else:
            self.oob_prediction_ = np.full(N, np.nan)
            self.oob_prediction_[seen] = oob[:, 0]
            r = y[seen] - oob[:, 0]
            self.oob_score_ = float(1.0 - r @ r / np.sum((y[seen] - y[seen].mean()) ** 2))

    def _mean_prediction(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return sum(tree.tree_.predict(X) for tree in self.estimators_) / len(self.estimators_)

    def apply(self, X):
        """Leaf index of every sample in every tree: (n_samples, n_estimators)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return np.stack([tree.tree_.apply(X) for tree in self.estimators_], axis=1)

    @property
    def feature_importances_(self) -> np.ndarray:
        """Mean over the trees of their impurity-decrease importances, normalised to sum 1."""
        check_is_fitted(self)
        return mean_importances(self.estimators_, self.n_features_in_)


class RandomForestClassifier(ClassifierMixin, _BaseForest):
    """Random forest of CART classification trees (averaged class probabilities).

    Parameters
    ----------
    n_estimators : number of trees B
    criterion : "gini", "entropy" or "log_loss"
    max_depth, min_samples_split, min_samples_leaf : as for :class:`DecisionTreeClassifier`
    max_features : features examined per split, default "sqrt" (m = ⌊√D⌋)
    bootstrap : grow each tree on a bootstrap sample (else on all the data)
    oob_score : compute ``oob_score_`` (accuracy) and ``oob_decision_function_``
    n_jobs : threads growing trees (None: every core)
    random_state : seeds the bootstraps and each tree's feature draws
    verbose : > 0 shows a progress bar
    """

    _tree = DecisionTreeClassifier

    def __init__(self, n_estimators=100, *, criterion="gini", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, max_features="sqrt", bootstrap=True, oob_score=False, n_jobs=None,
                 random_state=None, verbose=0):
        super().__init__(n_estimators, criterion=criterion, max_depth=max_depth,
                         min_samples_split=min_samples_split, min_samples_leaf=min_samples_leaf,
                         max_features=max_features, bootstrap=bootstrap, oob_score=oob_score, n_jobs=n_jobs,
                         random_state=random_state, verbose=verbose)

    def fit(self, X, y, sample_weight=None):
        X, y = validate_data(self, X, y, dtype=np.float64, ensure_min_samples=2)
        check_classification_targets(y)
        self.classes_, y_k = np.unique(y, return_inverse=True)
        check_two_classes(self.classes_, type(self).__name__)
        self.n_classes_ = len(self.classes_)
        return self._fit_forest(X, y_k, sample_weight, self.n_classes_)

    def predict_proba(self, X):
        """p(k | x) = (1/B) Σ_b p_b(k | x): (n_samples, n_classes)."""
        return self._mean_prediction(X)

    def predict(self, X):
        p = self.predict_proba(X)
        return self.classes_[np.argmax(p, axis=1)]


class RandomForestRegressor(RegressorMixin, _BaseForest):
    """Random forest of CART regression trees (averaged predictions).

    Same parameters as :class:`RandomForestClassifier`, except ``criterion`` is
    "squared_error" or "absolute_error" and ``max_features`` defaults to 1.0 (all features,
    as in scikit-learn; "sqrt" or 1/3 decorrelate the trees more). ``oob_score_`` is R².
    """

    _tree = DecisionTreeRegressor

    def __init__(self, n_estimators=100, *, criterion="squared_error", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, max_features=1.0, bootstrap=True, oob_score=False, n_jobs=None,
                 random_state=None, verbose=0):
        super().__init__(n_estimators, criterion=criterion, max_depth=max_depth,
                         min_samples_split=min_samples_split, min_samples_leaf=min_samples_leaf,
                         max_features=max_features, bootstrap=bootstrap, oob_score=oob_score, n_jobs=n_jobs,
                         random_state=random_state, verbose=verbose)

    def fit(self, X, y, sample_weight=None):
        X, y = validate_data(self, X, y, dtype=np.float64, ensure_min_samples=2, y_numeric=True)
        return self._fit_forest(X, y, sample_weight, 0)

    def predict(self, X):
        return self._mean_prediction(X)[:, 0]


# -- private steps -------------------------------------------------------------------------
def _bootstrap_counts(seed, N):
    """c_i = how many of N draws with replacement picked sample i (seeded per tree)."""
    draws = np.random.RandomState(seed).randint(0, N, N)
    return np.bincount(draws, minlength=N).astype(np.float64)
