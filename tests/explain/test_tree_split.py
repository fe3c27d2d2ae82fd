"""explain.tree_split: by hand, agreement with the tree's own root split, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.datasets import load_iris

from lucidml.explain.tree_splits import tree_split
from lucidml.tree import DecisionTreeClassifier, DecisionTreeRegressor


def test_toy_by_hand():
    # x = 1, 2, 3, 4; labels a, a, b, b. H(parent) = 1 − (½² + ½²) = 0.5.
    # θ = 1.5: L = {a} (H 0), R = {a, b, b} (H 4/9): gain 0.5 − ¾ · 4/9 = 1/6
    # θ = 2.5: both pure: gain 0.5;  θ = 3.5: symmetric to 1.5: gain 1/6
    s = tree_split([[1], [2], [3], [4]], ["a", "a", "b", "b"], feature=0)
    table = s.steps[2].values["candidates"]
    np.testing.assert_allclose(table[:, 0], [1.5, 2.5, 3.5])
    np.testing.assert_allclose(table[:, 5], [1 / 6, 0.5, 1 / 6])
    assert s.answer == 2.5
    assert "x[0] <= 2.5" in s.to_text() and "gain 0.5" in s.to_markdown()
    assert "<table" in s.to_html()


def test_regression_by_hand():
    # y = 1, 2, 3, 10: variance of the parent = mean((y − 4)²) = (9 + 4 + 1 + 36)/4 = 12.5.
    # θ = 3.5 leaves {1, 2, 3} (variance 2/3) and {10} (0): gain 12.5 − ¾ · ⅔ = 12.0
    s = tree_split([1, 2, 3, 4], [1.0, 2.0, 3.0, 10.0], criterion="squared_error")
    assert s.answer == 3.5
    np.testing.assert_allclose(s.steps[-1].values["gain"], 12.0)
    s = tree_split([1, 2, 3, 4], [1.0, 2.0, 3.0, 10.0], criterion="absolute_error")
    # parent: median 2.5, mean |y − 2.5| = (1.5 + 0.5 + 0.5 + 7.5)/4 = 2.5; θ = 3.5: ¾ · ⅔ → gain 2.0
    assert s.answer == 3.5
    np.testing.assert_allclose(s.steps[-1].values["gain"], 2.0)


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
@pytest.mark.parametrize("feature", [0, 1, 2, 3])
def test_matches_tree_root_split(criterion, feature):
    # a tree restricted to one feature splits its root exactly where the explainer says
    X, y = load_iris(return_X_y=True)
    s = tree_split(X, y, feature=feature, criterion=criterion)
    tree = DecisionTreeClassifier(criterion=criterion, max_depth=1).fit(X[:, [feature]], y)
    assert s.answer == tree.tree_.threshold[0]
    # the gain (unweighted samples) equals the tree's impurity decrease at the root
    np.testing.assert_allclose(s.steps[-1].values["gain"], tree.tree_.impurity_decrease()[0] / len(y))


@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=3, max_size=30), st.integers(0, 1000))
def test_property_same_as_regression_stump(xs, seed):
    x = np.array(xs)
    if np.unique(x).size < 2:
        return
    y = np.random.default_rng(seed).normal(size=len(x))
    s = tree_split(x, y, criterion="squared_error")
    stump = DecisionTreeRegressor(max_depth=1).fit(x[:, None], y)
    if s.answer is None:                     # values within 1e-7 of each other: no split, as the tree
        assert stump.get_n_leaves() == 1
        return
    table = s.steps[2].values["candidates"]
    g_tree = stump.tree_.impurity_decrease()[0] / len(y)
    np.testing.assert_allclose(table[:, 5].max(), g_tree, rtol=1e-9, atol=1e-12)
    assert np.all(table[:, 5] >= -1e-12)   # splitting never increases the weighted impurity


def test_constant_feature_has_no_split():
    s = tree_split([[1.0], [1.0], [1.0]], [0, 1, 0])
    assert s.answer is None and "constant" in s.to_text()


def test_bad_input():
    with pytest.raises(ValueError, match="one label per row"):
        tree_split([[1], [2]], [0, 1, 1])
    with pytest.raises(ValueError, match="feature=3 must be <= 1"):
        tree_split([[1, 2], [3, 4]], [0, 1], feature=3)
    with pytest.raises(ValueError, match="NaN"):
        tree_split([[1], [np.nan]], [0, 1])
    with pytest.raises(ValueError, match="at least 2 samples"):
        tree_split([[1]], [0])
    with pytest.raises(ValueError, match="criterion='mse' is not supported"):
        tree_split([[1], [2]], [0, 1], criterion="mse")


def test_auto_criterion():
    # labels (even integer-valued floats) get Gini; non-integer floats get squared error
    assert "(gini)" in tree_split([1, 2, 3], [0.0, 1.0, 1.0]).question
    assert "(squared_error)" in tree_split([1, 2, 3], [0.5, 1.0, 1.0]).question
