"""The readable split search (lucidml.tree.split_search) against the compiled kernel (lucidml.tree._grow):
the same split at every node of real-data trees, and the very same trees grown."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_diabetes, load_iris, load_wine
from sklearn.utils import check_random_state

from lucidml.explain.tree_splits import tree_split
from lucidml.tree import DecisionTreeClassifier, DecisionTreeRegressor
from lucidml.tree.split_search import (TIE_RTOL, best_split, candidate_thresholds, grow_tree, impurity, leaf_value,
                                       split_candidates, weighted_median)


def test_toy_by_hand():
    # x = 1, 2, 3, 4 with labels 0, 0, 1, 1: H(t) = 1 − (½² + ½²) = ½. θ = 1.5 leaves {0} and
    # {0, 1, 1} (Gini 4/9): ΔH = ½ − ¾ · 4/9 = 1/6; θ = 2.5 leaves two pure children: ΔH = ½.
    c = split_candidates(np.array([1.0, 2.0, 3.0, 4.0]), np.array([0, 0, 1, 1]), criterion="gini")
    np.testing.assert_array_equal(c.threshold, [1.5, 2.5, 3.5])
    np.testing.assert_allclose(c.gain, [1 / 6, 1 / 2, 1 / 6], rtol=1e-15)
    np.testing.assert_array_equal(c.n_left, [1, 2, 3])
    assert c.best == 1 and c.impurity == 0.5
    # y = 1, 1, 5, 7 (squared error): ȳ = 3.5, H(t) = (6.25 + 6.25 + 2.25 + 12.25)/4 = 6.75;
    # θ = 2.5 leaves {1, 1} (0) and {5, 7} (1): ΔH = 6.75 − ½ · 0 − ½ · 1 = 6.25, the best.
    s = best_split(np.array([[1.0], [2.0], [3.0], [4.0]]), np.array([1.0, 1.0, 5.0, 7.0]),
                   criterion="squared_error")
    assert (s.feature, s.threshold, s.gain) == (0, 2.5, 6.25)
    # weight 3 on the last sample counts it three times: H = Σ w (y − ȳ)² / W
    w = np.array([1.0, 1.0, 1.0, 3.0])
    y = np.array([1.0, 1.0, 5.0, 7.0])
    assert impurity(y, w, "squared_error") == pytest.approx(np.var([1, 1, 5, 7, 7, 7]), rel=1e-15)
    # the weighted median: W/2 = 3 is reached exactly at y = 5, so the midpoint with 7
    assert weighted_median(y, w) == 6.0 and leaf_value(y, np.ones(4), "absolute_error", None)[0] == 3.0
    # values closer than 1e-7 count as equal: no threshold between them
    np.testing.assert_array_equal(candidate_thresholds(np.array([1.0, 1.0 + 5e-8, 2.0])), [(1.0 + 5e-8) / 2 + 1.0])


def _seed(random_state):
    # how DecisionTreeClassifier turns random_state into the kernel's seed
    return check_random_state(random_state).randint(np.iinfo(np.int32).max)


def _fast(loader, criterion, **kw):
    X, y = loader(return_X_y=True)
    classification = criterion in ("gini", "entropy")
    model = (DecisionTreeClassifier if classification else DecisionTreeRegressor)(criterion=criterion, **kw)
    model.fit(X, y)
    codes = np.unique(y, return_inverse=True)[1] if classification else y
    return X, codes, model, (model.n_classes_ if classification else None)


CASES = [(load_iris, "gini", None), (load_iris, "entropy", None), (load_wine, "gini", None),
         (load_wine, "entropy", None), (load_diabetes, "squared_error", 6), (load_diabetes, "absolute_error", 4)]


@pytest.mark.parametrize("loader,criterion,max_depth", CASES)
def test_kernel_split_matches_readable_at_every_node(loader, criterion, max_depth):
    # At every inner node of the fast tree, the readable search over all features (in
    # order 0..D−1) finds the same impurity decrease ΔH. Both sum the same numbers in a
    # different order, so ΔH agrees to rounding: 1e-10 relative to H(t). Where one
    # feature's best cut is strictly better than every other feature's (by more than
    # TIE_RTOL · H(t)), the feature and the threshold are the same, exactly.
    X, y, model, K = _fast(loader, criterion, max_depth=max_depth, random_state=0)
    t = model.tree_
    paths = model.decision_path(X).tocsc()
    compared = unique = 0
    for node in np.flatnonzero(t.children_left >= 0):
        rows = paths[:, node].nonzero()[0]
        s = best_split(X[rows], y[rows], criterion=criterion, n_classes=K)
        dH = t.impurity_decrease()[node] / t.weighted_n_node_samples[node]
        np.testing.assert_allclose(s.gain, dH, rtol=0, atol=1e-10 * t.impurity[node])
        np.testing.assert_allclose(s.impurity, t.impurity[node], rtol=1e-12)
        per_feature = [split_candidates(X[rows, f], y[rows], criterion=criterion, n_classes=K)
                       for f in range(X.shape[1])]
        gains = np.array([c.gain.max() if len(c.gain) else -np.inf for c in per_feature])
        if np.sum(gains >= gains.max() - TIE_RTOL * s.impurity) == 1:      # no other feature ties
            unique += 1
            assert (s.feature, s.threshold) == (t.feature[node], t.threshold[node]), node
        compared += 1
    assert compared >= 7 and unique >= 0.5 * compared, (compared, unique)


@pytest.mark.parametrize("loader,criterion,max_depth", CASES)
@pytest.mark.parametrize("random_state", [0, 1])
def test_grown_tree_equals_fast_tree(loader, criterion, max_depth, random_state):
    # grow_tree draws the features of each node in the kernel's random order, so even
    # tied splits fall the same way: the same tree, node for node. Structure, features,
    # thresholds and counts exactly; impurities and values to 1e-12 (sums in another order).
    X, y, model, K = _fast(loader, criterion, max_depth=max_depth, random_state=random_state)
    fast = model.tree_
    slow = grow_tree(X, y, criterion=criterion, n_classes=K, max_depth=max_depth, seed=_seed(random_state))
    _assert_same_tree(slow, fast)


@pytest.mark.parametrize("kw", [dict(max_features=2, min_samples_leaf=3), dict(min_samples_split=10, max_depth=4),
                                dict(min_impurity_decrease=0.01), dict(max_features=1)])
def test_grown_tree_equals_fast_tree_with_options(kw):
    X, y = load_iris(return_X_y=True)
    w = np.arange(len(y)) % 3 * 1.0                     # weights 0, 1, 2: a third of the samples left out
    fast = DecisionTreeClassifier(random_state=3, **kw).fit(X, y, sample_weight=w).tree_
    slow = grow_tree(X, y, w, criterion="gini", n_classes=3, seed=_seed(3), **kw)
    _assert_same_tree(slow, fast)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["gini", "entropy", "squared_error", "absolute_error"]))
def test_property_same_tree_up_to_ties(seed, criterion):
    # Small integer data are full of exact ties. The kernel compares proxies of ΔH, the
    # readable search ΔH itself, so where two cuts tie exactly, rounding may pick either
    # one in the kernel. The trees agree node for node up to the first such tie, which
    # must be a true tie: the kernel's cut has the readable search's best ΔH (to 1e-9 · H(t)).
    rng = np.random.default_rng(seed)
    N, D = int(rng.integers(8, 60)), int(rng.integers(1, 4))
    X = rng.integers(0, 5, size=(N, D)).astype(float)
    classification = criterion in ("gini", "entropy")
    y = rng.integers(0, 3, N) if classification else rng.integers(-4, 5, N).astype(float)
    if classification and np.unique(y).size < 2:
        return
    kw = dict(max_depth=int(rng.integers(1, 5)), min_samples_leaf=int(rng.integers(1, 3)))
    model = (DecisionTreeClassifier if classification else DecisionTreeRegressor)(
        criterion=criterion, random_state=seed, **kw).fit(X, y)
    codes = np.unique(y, return_inverse=True)[1] if classification else y
    K = model.n_classes_ if classification else None
    fast = model.tree_
    slow = grow_tree(X, codes, criterion=criterion, n_classes=K, seed=_seed(seed), **kw)
    paths = model.decision_path(X).tocsc()
    stack = [(0, 0)]
    while stack:
        a, b = stack.pop()
        assert fast.n_node_samples[a] == slow.n_node_samples[b]
        np.testing.assert_allclose(fast.value[a], slow.value[b], rtol=1e-12, atol=1e-12)
        if fast.children_left[a] < 0 or slow.children_left[b] < 0:
            assert fast.children_left[a] < 0 and slow.children_left[b] < 0
            continue
        if (fast.feature[a], fast.threshold[a]) != (slow.feature[b], slow.threshold[b]):
            rows = paths[:, a].nonzero()[0]
            c = split_candidates(X[rows, fast.feature[a]], codes[rows], criterion=criterion, n_classes=K,
                                 min_samples_leaf=kw["min_samples_leaf"])
            s = best_split(X[rows], codes[rows], criterion=criterion, n_classes=K,
                           min_samples_leaf=kw["min_samples_leaf"])
            g = c.gain[c.threshold == fast.threshold[a]][0]
            np.testing.assert_allclose(g, s.gain, rtol=0, atol=1e-9 * c.impurity)
            continue                                    # the subtrees below a tie may differ
        stack += [(fast.children_left[a], slow.children_left[b]), (fast.children_right[a], slow.children_right[b])]


def test_explainer_shows_the_readable_search():
    # explain.tree_split's table is split_candidates' numbers, and its answer the tree's cut
    X, y = load_wine(return_X_y=True)
    s = tree_split(X, y, feature=6, criterion="entropy")
    c = split_candidates(X[:, 6], y, criterion="entropy", n_classes=3)
    table = s.steps[2].values["candidates"]
    np.testing.assert_array_equal(table, np.column_stack([c.threshold, c.n_left, c.n_right, c.impurity_left,
                                                          c.impurity_right, c.gain]))
    stump = DecisionTreeClassifier(criterion="entropy", max_depth=1).fit(X[:, [6]], y)
    assert s.answer == c.threshold[c.best] == stump.tree_.threshold[0]


def test_no_cut_and_bad_input():
    X = np.ones((5, 2))
    assert best_split(X, np.array([0, 1, 0, 1, 0]), criterion="gini") is None      # every feature constant
    assert len(split_candidates(np.arange(4.0), np.array([0, 1, 0, 1]), criterion="gini",
                                min_samples_leaf=3).gain) == 0                    # no cut leaves 3 a side
    with pytest.raises(ValueError, match="criterion='mse' is not supported"):
        impurity(np.zeros(3), np.ones(3), "mse")


def _assert_same_tree(slow, fast):
    assert slow.node_count == fast.node_count
    for name in ("children_left", "children_right", "feature", "threshold", "n_node_samples"):
        np.testing.assert_array_equal(getattr(slow, name), getattr(fast, name), err_msg=name)
    for name in ("impurity", "weighted_n_node_samples", "value"):
        np.testing.assert_allclose(getattr(slow, name), getattr(fast, name), rtol=1e-12, atol=1e-12, err_msg=name)
