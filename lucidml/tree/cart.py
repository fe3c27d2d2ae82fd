"""Decision trees by CART: recursive binary splits chosen by exhaustive search.

A node t holding samples with weights w_i is split on the feature f and threshold θ
that maximise the weighted impurity decrease

    ΔH(f, θ) = H(t) − W_L/W_t · H(L) − W_R/W_t · H(R),   L = {i ∈ t : x_{i,f} <= θ}, R = t \\ L

over every feature and every threshold halfway between two consecutive distinct sorted
values. H is the Gini index 1 − Σ_k p_k² or the entropy −Σ_k p_k log₂ p_k for
classification (p_k the weighted class fractions of the node), the weighted variance
(squared error) or the mean absolute deviation from the weighted median for regression.
A leaf predicts its class fractions (classifier) or its mean / median (regressor).

Symbols: X (N, D) inputs, y (N,) targets, w (N,) sample weights, W_t = Σ_{i ∈ t} w_i,
K classes. The compiled steps (split search, partition, growth) are in
:mod:`lucidml.tree._grow`; the same search written as the slide states it ("try every
threshold of every feature, keep the largest impurity decrease") is
:mod:`lucidml.tree.split_search`, which grows the same trees (tests/tree/test_split_search.py).
Reference: Breiman, Friedman, Olshen & Stone, *Classification and Regression Trees* (1984), ch. 2, 4, 8;
Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §9.2.

>>> X = np.array([[1.], [2.], [3.], [10.], [11.], [12.]])
>>> tree = DecisionTreeClassifier().fit(X, ["a", "a", "a", "b", "b", "b"])
>>> float(tree.tree_.threshold[0]), tree.get_depth(), tree.predict([[2.5], [9.]]).tolist()
(6.5, 1, ['a', 'b'])
>>> DecisionTreeRegressor(max_depth=1).fit(X, [1., 1., 1., 5., 5., 7.]).predict([[0.], [20.]]).tolist()
[1.0, 5.666666666666667]
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from lucidml.tree import _grow
from lucidml.utils.validation import check_int, check_option, check_real, check_two_classes, count_or_fraction

__all__ = ["DecisionTreeClassifier", "DecisionTreeRegressor", "Tree"]


@dataclass
class Tree:
    """The grown tree as parallel arrays, one entry per node (numbered depth first, left first).

    children_left/right: child node ids (-1 at a leaf); feature/threshold: the split
    x_feature <= threshold goes left (-2 at a leaf); impurity: H(t); n_node_samples and
    weighted_n_node_samples: N_t and W_t; value: (n_nodes, K) class fractions, or
    (n_nodes, 1) the mean / median. Same names and meaning as scikit-learn's ``tree_``.
    """

    children_left: np.ndarray
    children_right: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    impurity: np.ndarray
    n_node_samples: np.ndarray
    weighted_n_node_samples: np.ndarray
    value: np.ndarray

    @property
    def node_count(self) -> int:
        return len(self.feature)

    @property
    def n_leaves(self) -> int:
        return int(np.sum(self.children_left == _grow.LEAF))

    @property
    def max_depth(self) -> int:
        depth = np.zeros(self.node_count, np.int64)
        for t in range(self.node_count):  # parents come before children (depth-first order)
            if self.children_left[t] != _grow.LEAF:
                depth[self.children_left[t]] = depth[self.children_right[t]] = depth[t] + 1
        return int(depth.max())

    def apply(self, X: np.ndarray) -> np.ndarray:
        """Leaf id of every row of X (already validated, float64)."""
        return _grow._apply(X, self.children_left, self.children_right, self.feature, self.threshold)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The value of each row's leaf: (n, K)."""
        return self.value[self.apply(X)]

    def impurity_decrease(self) -> np.ndarray:
        """W_t H(t) − W_L H(L) − W_R H(R) at every node (0 at leaves)."""
        inner = self.children_left != _grow.LEAF
        L, R = self.children_left[inner], self.children_right[inner]
        WH = self.weighted_n_node_samples * self.impurity
        out = np.zeros(self.node_count)
        out[inner] = WH[inner] - WH[L] - WH[R]
        return out


class _BaseTree(BaseEstimator):
    """What both trees share: parameters, input checks, growth and the tree queries."""

    _criteria: tuple[str, ...] = ()

    def __init__(self, *, criterion, max_depth=None, min_samples_split=2, min_samples_leaf=1,
                 max_features=None, min_impurity_decrease=0.0, random_state=None):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.min_impurity_decrease = min_impurity_decrease
        self.random_state = random_state

    # -- fitting --------------------------------------------------------------------------
    def _check_params(self, n_features: int):
        name = type(self).__name__
        check_option(self.criterion, name="criterion", owner=name, allowed=self._criteria)
        if self.max_depth is not None:
            check_int(self.max_depth, name="max_depth", owner=name, minimum=1)
        check_int(self.min_samples_split, name="min_samples_split", owner=name, minimum=2)
        check_int(self.min_samples_leaf, name="min_samples_leaf", owner=name, minimum=1)
        check_real(self.min_impurity_decrease, name="min_impurity_decrease", owner=name, minimum=0.0)
        self.max_features_ = resolve_max_features(self.max_features, n_features, name)

    def _validate_fit(self, X, y, sample_weight):
        X, y = validate_data(self, X, y, dtype=np.float64, ensure_min_samples=2,
                             y_numeric=not isinstance(self, ClassifierMixin))
        self._check_params(X.shape[1])
        w = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        return X, y, w

    def _grow(self, Xs, order, y, w, n_classes, seed):
        """Grow ``tree_`` from presorted data (see :func:`presort`); Xs/order are reordered."""
        max_depth = np.iinfo(np.int32).max if self.max_depth is None else self.max_depth
        arrays = _grow._grow_tree(Xs, order, y, w, n_classes, _grow.CRITERIA[self.criterion], max_depth,
                                  self.min_samples_split, self.min_samples_leaf, 0.0, self.max_features_,
                                  float(self.min_impurity_decrease), seed)
        self.tree_ = Tree(*arrays)
        return self

    def _fit(self, X, y, w, n_classes):
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        Xs, order = presort(X, w)
        return self._grow(Xs, order, y.astype(np.float64), w, n_classes, seed)

    # -- queries --------------------------------------------------------------------------
    def _validate_X(self, X):
        check_is_fitted(self)
        return validate_data(self, X, dtype=np.float64, reset=False)

    def apply(self, X):
        """Index of the leaf each sample ends in: (n_samples,)."""
        X = self._validate_X(X)
        return self.tree_.apply(X)

    def decision_path(self, X):
        """Sparse (n_samples, n_nodes) indicator: entry (i, t) = 1 when sample i passes node t."""
        X = self._validate_X(X)
        t = self.tree_
        indptr, indices = _grow._paths(X, t.children_left, t.children_right, t.feature, t.threshold)
        data = np.ones(len(indices), dtype=np.int64)
        return sp.csr_matrix((data, indices, indptr), shape=(X.shape[0], t.node_count))

    def get_depth(self) -> int:
        """Length of the longest root-to-leaf path (a single leaf has depth 0)."""
        check_is_fitted(self)
        return self.tree_.max_depth

    def get_n_leaves(self) -> int:
        check_is_fitted(self)
        return self.tree_.n_leaves

    @property
    def feature_importances_(self) -> np.ndarray:
        """Mean decrease in impurity: Σ_{t splits on f} (W_t H(t) − W_L H(L) − W_R H(R)) / W,
        normalised to sum to 1 (all zeros for a single leaf)."""
        check_is_fitted(self)
        return impurity_importances(self.tree_, self.n_features_in_)


class DecisionTreeClassifier(ClassifierMixin, _BaseTree):
    """CART classification tree.

    Parameters
    ----------
    criterion : "gini" (1 − Σ p_k²), "entropy" or "log_loss" (−Σ p_k log₂ p_k)
    max_depth : int or None (grow until the leaves are pure or too small)
    min_samples_split : a node needs at least this many samples to be split
    min_samples_leaf : each child must keep at least this many samples
    max_features : features examined per split: None (all), int, float fraction, "sqrt", "log2"
    min_impurity_decrease : split only if W_t/W · ΔH >= this
    random_state : seeds the order in which each node examines the features: it picks the
        features drawn when max_features < n_features, and it decides exact ties between
        equally good splits (the first examined wins), as in scikit-learn

    Attributes: ``tree_`` (:class:`Tree`), ``classes_``, ``n_classes_``, ``n_features_in_``,
    ``max_features_``, ``feature_importances_``.
    """

    _criteria = ("gini", "entropy", "log_loss")

    def __init__(self, *, criterion="gini", max_depth=None, min_samples_split=2, min_samples_leaf=1,
                 max_features=None, min_impurity_decrease=0.0, random_state=None):
        super().__init__(criterion=criterion, max_depth=max_depth, min_samples_split=min_samples_split,
                         min_samples_leaf=min_samples_leaf, max_features=max_features,
                         min_impurity_decrease=min_impurity_decrease, random_state=random_state)

    def fit(self, X, y, sample_weight=None):
        X, y, w = self._validate_fit(X, y, sample_weight)
        check_classification_targets(y)
        self.classes_, y_k = np.unique(y, return_inverse=True)
        check_two_classes(self.classes_, type(self).__name__)
        self.n_classes_ = len(self.classes_)
        return self._fit(X, y_k, w, self.n_classes_)

    def predict_proba(self, X):
        """Class fractions p_k of each sample's leaf: (n_samples, n_classes)."""
        X = self._validate_X(X)
        return self.tree_.predict(X)

    def predict(self, X):
        p = self.predict_proba(X)
        return self.classes_[np.argmax(p, axis=1)]


class DecisionTreeRegressor(RegressorMixin, _BaseTree):
    """CART regression tree: leaves predict the mean ("squared_error") or the median ("absolute_error").

    Same parameters as :class:`DecisionTreeClassifier` otherwise.
    """

    _criteria = ("squared_error", "absolute_error")

    def __init__(self, *, criterion="squared_error", max_depth=None, min_samples_split=2, min_samples_leaf=1,
                 max_features=None, min_impurity_decrease=0.0, random_state=None):
        super().__init__(criterion=criterion, max_depth=max_depth, min_samples_split=min_samples_split,
                         min_samples_leaf=min_samples_leaf, max_features=max_features,
                         min_impurity_decrease=min_impurity_decrease, random_state=random_state)

    def fit(self, X, y, sample_weight=None):
        X, y, w = self._validate_fit(X, y, sample_weight)
        return self._fit(X, y, w, 0)

    def predict(self, X):
        X = self._validate_X(X)
        return self.tree_.predict(X)[:, 0]


# -- helpers shared with the ensembles ------------------------------------------------------
def presort(X: np.ndarray, w: np.ndarray):
    """Sort every feature once: Xs[f] = sorted values, order[f] = their sample indices,
    keeping only samples with w_i > 0. Shapes (D, M), M = number of such samples."""
    XT = np.ascontiguousarray(X.T)                                       # (D, N)
    order = np.argsort(XT, axis=1, kind="stable").astype(np.int32)      # (D, N)
    if not np.all(w > 0):
        keep = w[order] > 0                                              # same count in every row
        order = order[keep].reshape(X.shape[1], -1)
    Xs = np.take_along_axis(XT, order, axis=1)                          # (D, M)
    return Xs, np.ascontiguousarray(order)


def resolve_max_features(max_features, n_features: int, owner: str) -> int:
    """None -> D, "sqrt" -> ⌊√D⌋, "log2" -> ⌊log₂ D⌋, int k -> k, float q -> ⌊q D⌋ (at least 1)."""
    if max_features is None:
        return n_features
    if isinstance(max_features, str):
        check_option(max_features, name="max_features", owner=owner, allowed=("sqrt", "log2"))
        f = math.sqrt if max_features == "sqrt" else math.log2
        return max(1, int(f(n_features)))
    m = count_or_fraction(max_features, name="max_features", owner=owner, unit="features", fraction_closed=True)
    if isinstance(m, float):
        return max(1, int(m * n_features))
    return check_int(m, name="max_features", owner=owner, minimum=1, maximum=n_features)


def impurity_importances(tree: Tree, n_features: int, normalize: bool = True) -> np.ndarray:
    """Σ over the nodes splitting on f of the impurity decrease / W, normalised to sum 1 by default."""
    decrease = tree.impurity_decrease()
    inner = tree.children_left != _grow.LEAF
    imp = np.bincount(tree.feature[inner], weights=decrease[inner], minlength=n_features).astype(np.float64)
    imp /= tree.weighted_n_node_samples[0]
    total = imp.sum()
    return imp / total if normalize and total > 0 else imp


def mean_importances(trees, n_features: int, normalize_each: bool = True) -> np.ndarray:
    """Mean over the trees (leaf-only trees skipped) of their impurity-decrease importances, summing to 1.

    Forests normalise each tree first; boosting does not, so that early trees, which fit
    the large residuals, weigh most (both as in scikit-learn).
    """
    per_tree = [impurity_importances(t.tree_, n_features, normalize=normalize_each)
                for t in trees if t.tree_.node_count > 1]
    if not per_tree:
        return np.zeros(n_features)
    mean = np.mean(per_tree, axis=0)
    return mean / mean.sum()
