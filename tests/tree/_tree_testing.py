"""Slow, obvious CART pieces for the tests, and a node-by-node comparison with scikit-learn."""
from __future__ import annotations

import numpy as np


def impurity(y, w, criterion, n_classes=None):
    """H of one node straight from the definitions."""
    W = w.sum()
    if criterion in ("gini", "entropy"):
        p = np.bincount(y.astype(int), weights=w, minlength=n_classes) / W
        if criterion == "gini":
            return 1.0 - np.sum(p ** 2)
        p = p[p > 0]
        return -np.sum(p * np.log2(p))
    if criterion == "squared_error":
        mean = np.sum(w * y) / W
        return np.sum(w * (y - mean) ** 2) / W
    order = np.argsort(y)
    cum = np.cumsum(w[order])
    m = y[order][np.searchsorted(cum, 0.5 * W)]   # a weighted median (any one gives the same sum)
    return np.sum(w * np.abs(y - m)) / W


def gain(x, y, w, threshold, criterion, n_classes=None):
    """W_t H(t) − W_L H(L) − W_R H(R) for the cut x <= threshold."""
    left = x <= threshold
    return (w.sum() * impurity(y, w, criterion, n_classes)
            - w[left].sum() * impurity(y[left], w[left], criterion, n_classes)
            - w[~left].sum() * impurity(y[~left], w[~left], criterion, n_classes))


def compare_with_sklearn(ours, theirs, X, y, criterion, n_classes=None, thr_rtol=1e-6):
    """Walk both trees from the root together.

    At every node the sample count, impurity and value must agree. Where the split
    differs, it must be a tie: scikit-learn's split must have the same gain on this
    node's samples (both shuffle the features, with different random streams). A tie that
    sends the same samples left is followed further; one that does not ends the walk
    there. Returns (nodes compared, ties met).
    """
    a, b = ours.tree_, theirs.tree_
    in_a = ours.decision_path(X).tocsc()
    w = np.ones(len(y))
    compared, ties = 0, 0
    stack = [(0, 0)]
    while stack:
        i, j = stack.pop()
        compared += 1
        assert a.n_node_samples[i] == b.n_node_samples[j]
        np.testing.assert_allclose(a.impurity[i], b.impurity[j], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(a.value[i], b.value[j].ravel(), rtol=1e-9, atol=1e-12)
        leaf_a, leaf_b = a.children_left[i] < 0, b.children_left[j] < 0
        rows = in_a[:, i].nonzero()[0]
        if leaf_a or leaf_b:
            if leaf_a != leaf_b:   # only possible when the other tree's split gains nothing
                k = j if leaf_a else i
                t = b if leaf_a else a
                g = gain(X[rows, t.feature[k]], y[rows], w[rows], t.threshold[k], criterion, n_classes)
                assert g <= 1e-9 * max(1.0, abs(a.impurity[i]) * len(rows)), (i, j, g)
            continue
        same = a.feature[i] == b.feature[j] and np.isclose(a.threshold[i], b.threshold[j], rtol=thr_rtol)
        if not same:
            xr, yr, wr = X[rows], y[rows], w[rows]
            g_a = gain(xr[:, a.feature[i]], yr, wr, a.threshold[i], criterion, n_classes)
            g_b = gain(xr[:, b.feature[j]], yr, wr, b.threshold[j], criterion, n_classes)
            np.testing.assert_allclose(g_a, g_b, rtol=1e-9, atol=1e-12, err_msg=f"node {i}: not a tie")
            ties += 1
            if not np.array_equal(xr[:, a.feature[i]] <= a.threshold[i], xr[:, b.feature[j]] <= b.threshold[j]):
                continue
        stack += [(a.children_left[i], b.children_left[j]), (a.children_right[i], b.children_right[j])]
    return compared, ties
