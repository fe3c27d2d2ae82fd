"""The best split of a CART node by exhaustive search, written to be read.

This is the slide's algorithm, and the readable twin of the compiled search in
:mod:`lucidml.tree._grow`: for every feature f and every threshold θ halfway between two
consecutive distinct sorted values of x_f, split the node t into

    L = {i ∈ t : x_{i,f} <= θ},   R = t \\ L,

and score the cut by the impurity decrease

    ΔH(f, θ) = H(t) − W_L/W_t · H(L) − W_R/W_t · H(R),      W_S = Σ_{i ∈ S} w_i.

Keep the largest. Impurities, for weights w_i and targets y_i:

    gini            H = 1 − Σ_k p_k²            p_k = Σ_{y_i = k} w_i / W
    entropy         H = −Σ_k p_k log₂ p_k
    squared_error   H = Σ_i w_i (y_i − ȳ)² / W   ȳ the weighted mean
    absolute_error  H = Σ_i w_i |y_i − m| / W    m the weighted median

Two values closer than ``FEATURE_THRESHOLD`` (1e-7) count as equal: no threshold lies
between them. A cut must leave ``min_samples_leaf`` samples on each side. Ties: within
a feature the smallest θ wins; between features the first one examined wins, and
:func:`grow_tree` examines them in the random order the compiled tree draws (so it
grows the very same tree as :class:`~lucidml.tree.DecisionTreeClassifier`).

Here every candidate costs O(N) (the children are rebuilt from scratch), O(N² D) per
node; the compiled kernel gets the same numbers in O(N D) from running sums over the
presorted samples. ``explain.tree_split`` shows :func:`split_candidates` step by step,
and the tests check that kernel and this module agree split for split and tree for tree.

Symbols: x (N,) one feature, y (N,) targets (class codes 0..K−1 for a classifier),
w (N,) sample weights, θ a threshold, H an impurity, W a total weight.
Reference: Breiman, Friedman, Olshen & Stone, *Classification and Regression Trees* (1984), ch. 2, 4, 8;
Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §9.2.

>>> c = split_candidates(np.array([1., 2., 3., 4.]), np.array([0, 0, 1, 1]), criterion="gini")
>>> c.threshold.tolist(), c.gain.round(4).tolist()
([1.5, 2.5, 3.5], [0.1667, 0.5, 0.1667])
>>> s = best_split(np.array([[5., 1.], [5., 2.], [5., 3.], [5., 4.]]), np.array([0, 0, 1, 1]), criterion="gini")
>>> s.feature, s.threshold, s.gain                   # feature 0 is constant: no cut there
(1, 2.5, 0.5)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lucidml.tree import _grow

__all__ = ["FEATURE_THRESHOLD", "TIE_RTOL", "CRITERIA", "Split", "SplitCandidates", "impurity", "leaf_value",
           "weighted_median", "candidate_thresholds", "split_candidates", "best_split", "grow_tree"]

FEATURE_THRESHOLD = _grow.FEATURE_THRESHOLD   # values closer than this count as equal
TIE_RTOL = 1e-12                              # gains closer than TIE_RTOL · H(t) count as tied
CRITERIA = ("gini", "entropy", "squared_error", "absolute_error")
_ALIASES = {"log_loss": "entropy"}


@dataclass
class SplitCandidates:
    """Every allowed cut of one feature at one node, one entry per threshold (increasing θ).

    threshold θ; n_left/n_right: N_L, N_R; weight_left/right: W_L, W_R; impurity_left/right:
    H(L), H(R); gain: ΔH = H(t) − W_L/W_t H(L) − W_R/W_t H(R). ``impurity`` is H(t).
    """

    threshold: np.ndarray
    n_left: np.ndarray
    n_right: np.ndarray
    weight_left: np.ndarray
    weight_right: np.ndarray
    impurity_left: np.ndarray
    impurity_right: np.ndarray
    gain: np.ndarray
    impurity: float

    @property
    def best(self) -> int:
        """Index of the largest gain (the first, i.e. smallest θ, on ties); -1 if there is no cut.

        Gains that differ by less than rounding error (TIE_RTOL · H(t)) count as tied: the
        same two children sums, reached in a different order, must not decide the split.
        """
        if len(self.gain) == 0:
            return -1
        return int(np.flatnonzero(self.gain >= self.gain.max() - _tie_tolerance(self.impurity))[0])


@dataclass
class Split:
    """The chosen cut x_feature <= threshold of a node, with its gain ΔH and the children's numbers."""

    feature: int
    threshold: float
    gain: float
    impurity: float
    impurity_left: float
    impurity_right: float
    n_left: int
    n_right: int
    weight_left: float
    weight_right: float


# -- impurity and leaf values from the definitions ------------------------------------------
def impurity(y, w, criterion: str, n_classes: int | None = None) -> float:
    """H of one node (see the module docstring); ``y`` holds class codes for gini/entropy."""
    criterion = _ALIASES.get(criterion, criterion)
    W = w.sum()
    if criterion in ("gini", "entropy"):
        p = np.bincount(y.astype(np.int64), weights=w, minlength=n_classes or 0) / W   # p_k
        if criterion == "gini":
            return float(1.0 - np.sum(p * p))
        p = p[p > 0]
        return float(-np.sum(p * np.log2(p)) + 0.0)
    if criterion == "squared_error":
        mean = np.sum(w * y) / W
        return float(np.sum(w * (y - mean) ** 2) / W)
    if criterion == "absolute_error":
        return float(np.sum(w * np.abs(y - weighted_median(y, w))) / W)
    raise ValueError(f"impurity: criterion={criterion!r} is not supported; choose one of {CRITERIA}.")


def weighted_median(y, w) -> float:
    """m with Σ_{y_i < m} w_i <= W/2 <= Σ_{y_i <= m} w_i; the midpoint of the two middle values
    when exactly half the weight lies at or below one of them (np.median for unit weights)."""
    order = np.argsort(y, kind="stable")
    y_sorted, cum = y[order], np.cumsum(w[order])
    half = 0.5 * w.sum()
    k = int(np.searchsorted(cum, half))                  # the first k with Σ_{≤k} w >= W/2
    if cum[k] == half and k + 1 < len(y_sorted):
        return 0.5 * (y_sorted[k] + y_sorted[k + 1])
    return float(y_sorted[k])


def leaf_value(y, w, criterion: str, n_classes: int | None = None) -> np.ndarray:
    """What a leaf predicts: the class fractions p_k (K,), or [ȳ] / [median] for a regressor."""
    criterion = _ALIASES.get(criterion, criterion)
    if criterion in ("gini", "entropy"):
        return np.bincount(y.astype(np.int64), weights=w, minlength=n_classes or 0) / w.sum()
    if criterion == "squared_error":
        return np.array([np.sum(w * y) / w.sum()])
    return np.array([weighted_median(y, w)])


# -- the search ---------------------------------------------------------------------------
def candidate_thresholds(x) -> np.ndarray:
    """θ_j = (v_j + v_{j+1}) / 2 for consecutive distinct sorted values v_j < v_{j+1} more than 1e-7 apart."""
    v = np.unique(x)
    apart = v[1:] > v[:-1] + FEATURE_THRESHOLD
    return v[:-1][apart] / 2.0 + v[1:][apart] / 2.0


def split_candidates(x, y, w=None, *, criterion: str, n_classes: int | None = None,
                     min_samples_leaf: int = 1) -> SplitCandidates:
    """Try every threshold of one feature ``x``: the two children, their impurities and the gain."""
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=np.float64)
    N, W_t = len(y), w.sum()
    H_t = impurity(y, w, criterion, n_classes)
    rows = []
    for theta in candidate_thresholds(x):
        left = x <= theta
        n_L = int(left.sum())
        n_R = N - n_L
        if n_L < min_samples_leaf or n_R < min_samples_leaf:
            continue
        W_L, W_R = w[left].sum(), w[~left].sum()
        H_L = impurity(y[left], w[left], criterion, n_classes)
        H_R = impurity(y[~left], w[~left], criterion, n_classes)
        rows.append((theta, n_L, n_R, W_L, W_R, H_L, H_R, H_t - W_L / W_t * H_L - W_R / W_t * H_R))
    table = np.array(rows, dtype=np.float64).reshape(-1, 8)             # (n_cuts, 8)
    return SplitCandidates(table[:, 0], table[:, 1].astype(np.int64), table[:, 2].astype(np.int64),
                           table[:, 3], table[:, 4], table[:, 5], table[:, 6], table[:, 7], H_t)


def best_split(X, y, w=None, *, criterion: str, n_classes: int | None = None, min_samples_leaf: int = 1,
               features=None) -> Split | None:
    """Try every threshold of every feature; keep the largest impurity decrease ΔH.

    ``features`` is the order in which to examine the columns (default 0, 1, ..., D−1): on
    an exact tie the first examined wins. Samples with zero weight are not in the node.
    Returns None when no cut is allowed (every feature constant, or min_samples_leaf).
    """
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=np.float64)
    keep = w > 0
    X, y, w = X[keep], y[keep], w[keep]
    best = None
    for f in range(X.shape[1]) if features is None else features:
        c = split_candidates(X[:, f], y, w, criterion=criterion, n_classes=n_classes,
                             min_samples_leaf=min_samples_leaf)
        k = c.best
        if k >= 0 and (best is None or c.gain[k] > best.gain + _tie_tolerance(c.impurity)):
            best = Split(int(f), float(c.threshold[k]), float(c.gain[k]), c.impurity,
                         float(c.impurity_left[k]), float(c.impurity_right[k]), int(c.n_left[k]),
                         int(c.n_right[k]), float(c.weight_left[k]), float(c.weight_right[k]))
    return best


# -- a whole tree, grown with the readable split --------------------------------------------
def grow_tree(X, y, w=None, *, criterion: str, n_classes: int | None = None, max_depth: int | None = None,
              min_samples_split: int = 2, min_samples_leaf: int = 1, max_features: int | None = None,
              min_impurity_decrease: float = 0.0, seed: int = 0):
    """Grow a CART tree by recursion with :func:`best_split` at every node; returns a :class:`~lucidml.tree.cart.Tree`.

    The stopping rules are the compiled tree's: a node is a leaf at depth ``max_depth``,
    with fewer than ``min_samples_split`` (or 2·``min_samples_leaf``) samples, when pure
    (H <= ε), when no cut is allowed, or when W_t/W · ΔH < ``min_impurity_decrease``. Each
    node examines features in a random order (Fisher–Yates driven by the kernel's xorshift
    generator, seeded by ``seed``) until ``max_features`` non-constant ones have been tried,
    so ties fall the same way as in the fast tree. Nodes are numbered depth first, left first.
    """
    from lucidml.tree.cart import Tree

    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=np.float64)
    keep = w > 0                                           # zero-weight samples are in no node
    X, y, w = np.asarray(X, dtype=np.float64)[keep], np.asarray(y, dtype=np.float64)[keep], w[keep]
    D = X.shape[1]
    max_depth = np.inf if max_depth is None else max_depth
    max_features = D if max_features is None else max_features
    rng_state = np.array([np.uint64(seed) * np.uint64(2654435761) + np.uint64(1)], np.uint64)
    nodes = []                                             # one dict per node, in depth-first order
    W_root = w.sum()

    def grow(rows, depth):
        node = len(nodes)
        y_t, w_t = y[rows], w[rows]
        H, W_t = impurity(y_t, w_t, criterion, n_classes), w_t.sum()
        nodes.append(dict(left=_grow.LEAF, right=_grow.LEAF, feature=_grow.UNDEFINED,
                          threshold=float(_grow.UNDEFINED), impurity=H, n=len(rows), weight=W_t,
                          value=leaf_value(y_t, w_t, criterion, n_classes)))
        if (depth >= max_depth or len(rows) < min_samples_split or len(rows) < 2 * min_samples_leaf
                or H <= _grow.EPSILON):
            return node
        split = best_split(X[rows], y_t, w_t, criterion=criterion, n_classes=n_classes,
                           min_samples_leaf=min_samples_leaf,
                           features=_examined_features(X[rows], max_features, rng_state))
        if split is None or W_t / W_root * split.gain + _grow.EPSILON < min_impurity_decrease:
            return node
        goes_left = X[rows, split.feature] <= split.threshold
        nodes[node].update(feature=split.feature, threshold=split.threshold)
        nodes[node]["left"] = grow(rows[goes_left], depth + 1)
        nodes[node]["right"] = grow(rows[~goes_left], depth + 1)
        return node

    grow(np.arange(len(y)), 0)
    column = lambda key, dtype: np.array([nd[key] for nd in nodes], dtype=dtype)   # noqa: E731
    return Tree(column("left", np.int64), column("right", np.int64), column("feature", np.int64),
                column("threshold", np.float64), column("impurity", np.float64), column("n", np.int64),
                column("weight", np.float64), np.array([nd["value"] for nd in nodes]).reshape(len(nodes), -1))


def _tie_tolerance(H_t: float) -> float:
    # every term of ΔH is at most H(t), so rounding moves ΔH by a few ulps of H(t)
    return TIE_RTOL * H_t


def _examined_features(X, max_features, rng_state) -> list[int]:
    """The features one node examines: drawn one at a time without replacement (Fisher–Yates),
    constant ones skipped, until ``max_features`` non-constant features have been drawn."""
    D = X.shape[1]
    order = list(range(D))
    examined = []
    for t in range(D):
        if len(examined) >= max_features:
            break
        j = t + int(_grow._xorshift(rng_state) % np.uint64(D - t))     # the next feature, uniformly
        order[t], order[j] = order[j], order[t]
        x = X[:, order[t]]
        if x.max() > x.min() + FEATURE_THRESHOLD:                      # constant in this node: not counted
            examined.append(order[t])
    return examined
