"""The compiled steps of CART: impurity, the best split of a node, growing the tree, routing.

Everything here is a serial ``@njit(cache=True, nogil=True)`` function on plain arrays,
so a forest can grow several trees at once in threads. ``NUMBA_DISABLE_JIT=1`` turns
them into plain Python for stepping through in a debugger. The readable reference for
all of this is :mod:`lucidml.tree.split_search`: every threshold of every feature tried
from scratch, and a recursive ``grow_tree`` that the tests hold equal to ``_grow_tree``.

Data layout (built once per fit by :func:`lucidml.tree.cart._presort`):

    Xs[f, p]    the p-th smallest value of feature f among the samples in play   (D, M)
    order[f, p] the sample index that value belongs to                           (D, M)

A node owns the same slice ``[start, end)`` of every row, each row sorted by its own
feature. The split search is then one left-to-right scan per feature, and after a
split every row is partitioned stably (left samples first), so the children's slices
are sorted again without any new sort: O(M · D) work per tree level.

Criteria (codes used by the kernels), impurity of a node with weights w_i, targets y_i:
    GINI = 0            H = 1 − Σ_k p_k²                     p_k = Σ_{y_i = k} w_i / Σ w_i
    ENTROPY = 1         H = −Σ_k p_k log₂ p_k
    SQUARED_ERROR = 2   H = Σ w_i (y_i − ȳ)² / Σ w_i          ȳ = weighted mean
    ABSOLUTE_ERROR = 3  H = Σ w_i |y_i − m| / Σ w_i           m = weighted median
Reference: Breiman, Friedman, Olshen & Stone, *Classification and Regression Trees* (1984);
Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §9.2.
"""
from __future__ import annotations

import numpy as np
from numba import njit

GINI, ENTROPY, SQUARED_ERROR, ABSOLUTE_ERROR = 0, 1, 2, 3
CRITERIA = {"gini": GINI, "entropy": ENTROPY, "log_loss": ENTROPY,
            "squared_error": SQUARED_ERROR, "absolute_error": ABSOLUTE_ERROR}

LEAF = -1               # children of a leaf (as in scikit-learn's tree_)
UNDEFINED = -2          # feature and threshold of a leaf
FEATURE_THRESHOLD = 1e-7  # values closer than this count as equal (no threshold between them)
EPSILON = np.finfo(np.float64).eps


# -- impurity of one node -----------------------------------------------------------------
@njit(cache=True, nogil=True)
def _class_impurity(counts, W, criterion):
    # counts[k] = Σ_{y_i = k} w_i, W = Σ_k counts[k]
    H = 0.0
    if criterion == GINI:
        s = 0.0
        for c in counts:
            s += c * c
        return 1.0 - s / (W * W)                        # 1 − Σ p_k²
    for c in counts:
        if c > 0.0:
            p = c / W
            H -= p * np.log2(p)                         # −Σ p_k log₂ p_k
    return H


@njit(cache=True, nogil=True)
def _weighted_median(y, w):
    """m with Σ_{y_i < m} w_i <= W/2 <= Σ_{y_i <= m} w_i; the midpoint when W/2 falls between two values."""
    idx = np.argsort(y, kind="mergesort")
    half = 0.5 * w.sum()
    cum = 0.0
    for t in range(len(idx)):
        cum += w[idx[t]]
        if cum > half:
            return y[idx[t]]
        if cum == half and w[idx[t]] > 0.0:             # exactly half below: average with the next value
            for u in range(t + 1, len(idx)):
                if w[idx[u]] > 0.0:
                    return 0.5 * (y[idx[t]] + y[idx[u]])
            return y[idx[t]]
    return y[idx[len(idx) - 1]]


@njit(cache=True, nogil=True)
def _node_stats(samples, y, w, n_classes, criterion, value):
    """Fill ``value`` (class fractions, or the mean/median) and return (H, Σ w_i)."""
    W = 0.0
    if criterion == GINI or criterion == ENTROPY:
        value[:] = 0.0
        for i in samples:
            value[int(y[i])] += w[i]
            W += w[i]
        H = _class_impurity(value, W, criterion)
        value /= W
        return H, W
    S = 0.0
    for i in samples:
        W += w[i]
        S += w[i] * y[i]
    if criterion == SQUARED_ERROR:
        mean = S / W
        H = 0.0
        for i in samples:
            H += w[i] * (y[i] - mean) ** 2
        value[0] = mean
        return H / W, W
    ys, ws = y[samples], w[samples]
    m = _weighted_median(ys, ws)
    value[0] = m
    return np.sum(ws * np.abs(ys - m)) / W, W


# -- the best split of one node -------------------------------------------------------------
@njit(cache=True, nogil=True)
def _scan_classification(xs, idx, y, w, node_counts, W, criterion, min_samples_leaf, min_weight_leaf,
                         left):
    """Best cut of one sorted feature for a class criterion.

    Cutting after position p gives children L = idx[:p+1], R = idx[p+1:]; the search
    maximises the proxy −(W_L H_L + W_R H_R) (the impurity decrease up to constants).
    Returns (proxy, p) with p = -1 when no cut is allowed.
    """
    n = len(idx)
    left[:] = 0.0
    W_L = 0.0
    best, best_p = -np.inf, -1
    for p in range(n - 1):
        i = idx[p]
        left[int(y[i])] += w[i]
        W_L += w[i]
        if xs[p + 1] <= xs[p] + FEATURE_THRESHOLD:      # no threshold between equal values
            continue
        if p + 1 < min_samples_leaf or n - p - 1 < min_samples_leaf:
            continue
        W_R = W - W_L
        if W_L < min_weight_leaf or W_R < min_weight_leaf:
            continue
        if criterion == GINI:                           # W_L H_L = W_L − Σ c_k² / W_L
            sq_L, sq_R = 0.0, 0.0
            for k in range(len(left)):
                sq_L += left[k] * left[k]
                r = node_counts[k] - left[k]
                sq_R += r * r
            proxy = -(W_R * (1.0 - sq_R / (W_R * W_R)) + W_L * (1.0 - sq_L / (W_L * W_L)))
        else:
            H_L, H_R = 0.0, 0.0
            for k in range(len(left)):
                c = left[k]
                if c > 0.0:
                    H_L -= c / W_L * np.log2(c / W_L)
                r = node_counts[k] - c
                if r > 0.0:
                    H_R -= r / W_R * np.log2(r / W_R)
            proxy = -W_R * H_R - W_L * H_L
        if proxy > best:
            best, best_p = proxy, p
    return best, best_p


@njit(cache=True, nogil=True)
def _scan_squared_error(xs, idx, y, w, W, S, min_samples_leaf, min_weight_leaf):
    """Best cut for squared error: W_L H_L + W_R H_R = Σ w y² − S_L²/W_L − S_R²/W_R, so
    the search maximises the proxy S_L²/W_L + S_R²/W_R (S = Σ w_i y_i)."""
    n = len(idx)
    W_L, S_L = 0.0, 0.0
    best, best_p = -np.inf, -1
    for p in range(n - 1):
        i = idx[p]
        W_L += w[i]
        S_L += w[i] * y[i]
        if xs[p + 1] <= xs[p] + FEATURE_THRESHOLD:
            continue
        if p + 1 < min_samples_leaf or n - p - 1 < min_samples_leaf:
            continue
        W_R = W - W_L
        if W_L < min_weight_leaf or W_R < min_weight_leaf:
            continue
        S_R = S - S_L
        proxy = S_L * S_L / W_L + S_R * S_R / W_R
        if proxy > best:
            best, best_p = proxy, p
    return best, best_p


@njit(cache=True, nogil=True)
def _absolute_errors(idx, rank, y_sorted, w, step, out, fen_w, fen_wy):
    """out[p] = Σ_{i ∈ A_p} w_i |y_i − m_p| for the growing sets A_p = idx[:p+1] (step 1)
    or A_p = idx[p:] (step −1), m_p their weighted median.

    A Fenwick tree over the ranks of y keeps Σ w and Σ w y of the values added so far,
    so the median and the two sums either side of it take O(log n):
    Σ |y − m| w = (m W_below − S_below) + (S_above − m W_above).
    """
    n = len(idx)
    fen_w[:] = 0.0
    fen_wy[:] = 0.0
    W, S = 0.0, 0.0
    top = 1
    while top * 2 <= n:
        top *= 2
    p = 0 if step == 1 else n - 1
    for _ in range(n):
        i = idx[p]
        r = rank[i] + 1                                 # Fenwick trees count from 1
        while r <= n:
            fen_w[r] += w[i]
            fen_wy[r] += w[i] * y_sorted[rank[i]]
            r += r & (-r)
        W += w[i]
        S += w[i] * y_sorted[rank[i]]
        # the largest prefix of ranks with weight <= W/2; the next rank holds the median
        pos, W_below, S_below, bit = 0, 0.0, 0.0, top
        half = 0.5 * W
        while bit > 0:
            nxt = pos + bit
            if nxt <= n and W_below + fen_w[nxt] <= half:
                pos = nxt
                W_below += fen_w[nxt]
                S_below += fen_wy[nxt]
            bit //= 2
        m = y_sorted[min(pos, n - 1)]
        out[p] = (m * W_below - S_below) + (S - S_below - m * (W - W_below))
        p += step


@njit(cache=True, nogil=True)
def _scan_absolute_error(xs, idx, rank, y_sorted, w, W, min_samples_leaf, min_weight_leaf,
                         ae_left, ae_right, fen_w, fen_wy):
    """Best cut for absolute error: maximise −(AE_L + AE_R) (AE = Σ w |y − median|)."""
    n = len(idx)
    _absolute_errors(idx, rank, y_sorted, w, 1, ae_left, fen_w, fen_wy)
    _absolute_errors(idx, rank, y_sorted, w, -1, ae_right, fen_w, fen_wy)
    W_L = 0.0
    best, best_p = -np.inf, -1
    for p in range(n - 1):
        W_L += w[idx[p]]
        if xs[p + 1] <= xs[p] + FEATURE_THRESHOLD:
            continue
        if p + 1 < min_samples_leaf or n - p - 1 < min_samples_leaf:
            continue
        if W_L < min_weight_leaf or W - W_L < min_weight_leaf:
            continue
        proxy = -(ae_left[p] + ae_right[p + 1])
        if proxy > best:
            best, best_p = proxy, p
    return best, best_p


@njit(cache=True, nogil=True)
def _xorshift(state):
    # Marsaglia's xorshift64: the forest's and the splitter's only source of randomness
    x = state[0]
    x ^= (x << np.uint64(13))
    x ^= (x >> np.uint64(7))
    x ^= (x << np.uint64(17))
    state[0] = x
    return x


@njit(cache=True, nogil=True)
def _best_split(Xs, order, start, end, y, w, n_classes, criterion, node_counts, W, S,
                min_samples_leaf, min_weight_leaf, max_features, rng_state, scratch, rank, y_sorted):
    """The best (feature, position) over the features examined at node [start, end).

    Features are drawn in a random order (Fisher–Yates, seeded by random_state) until
    ``max_features`` non-constant features have been examined, or all D of them. As in
    scikit-learn, the order also decides exact ties between features (the first one
    examined wins), so ties are broken at random instead of always favouring low
    indices. Returns (feature, p, proxy); feature = -1: no split.
    """
    D = Xs.shape[0]
    n = end - start
    features = np.arange(D)
    best_f, best_p, best = -1, -1, -np.inf
    visited = 0
    for t in range(D):
        if visited >= max_features:
            break
        j = t + np.int64(_xorshift(rng_state) % np.uint64(D - t))   # Fisher–Yates: draw the next feature
        features[t], features[j] = features[j], features[t]
        f = features[t]
        xs = Xs[f, start:end]
        if xs[n - 1] <= xs[0] + FEATURE_THRESHOLD:      # constant in this node: does not count
            continue
        visited += 1
        idx = order[f, start:end]
        if criterion == SQUARED_ERROR:
            proxy, p = _scan_squared_error(xs, idx, y, w, W, S, min_samples_leaf, min_weight_leaf)
        elif criterion == ABSOLUTE_ERROR:
            proxy, p = _scan_absolute_error(xs, idx, rank, y_sorted, w, W, min_samples_leaf, min_weight_leaf,
                                            scratch[0], scratch[1], scratch[2], scratch[3])
        else:
            proxy, p = _scan_classification(xs, idx, y, w, node_counts, W, criterion, min_samples_leaf,
                                            min_weight_leaf, scratch[0, :n_classes])
        if p >= 0 and proxy > best:
            best_f, best_p, best = f, p, proxy
    return best_f, best_p, best


@njit(cache=True, nogil=True)
def _partition(Xs, order, start, end, goes_left, skip, buf_x, buf_i):
    """Stable partition of every row's slice [start, end): left samples first, order kept."""
    for f in range(Xs.shape[0]):
        if f == skip:                                   # the split feature is already in order
            continue
        a, b = start, 0
        for p in range(start, end):
            i = order[f, p]
            if goes_left[i]:
                Xs[f, a] = Xs[f, p]
                order[f, a] = i
                a += 1
            else:
                buf_x[b] = Xs[f, p]
                buf_i[b] = i
                b += 1
        Xs[f, a:end] = buf_x[:b]
        order[f, a:end] = buf_i[:b]


# -- growing the whole tree -----------------------------------------------------------------
@njit(cache=True, nogil=True)
def _grow_tree(Xs, order, y, w, n_classes, criterion, max_depth, min_samples_split, min_samples_leaf,
               min_weight_leaf, max_features, min_impurity_decrease, seed):
    """Grow a CART tree depth first (left child before right, as scikit-learn numbers nodes).

    A node becomes a leaf when depth = max_depth, it has fewer than min_samples_split
    samples (or fewer than 2·min_samples_leaf), it is pure (H <= ε), no cut is allowed,
    or the best cut's weighted impurity decrease
        ΔH = (W_t / W) (H_t − W_L/W_t H_L − W_R/W_t H_R)
    is below min_impurity_decrease. Xs and order are reordered in place.
    Returns the node arrays (children_left, children_right, feature, threshold, impurity,
    n_node_samples, weighted_n_node_samples, value).
    """
    D, M = Xs.shape
    K = max(n_classes, 1)
    cap = 2 * M - 1 if M > 0 else 1
    left_child = np.full(cap, LEAF, np.int64)
    right_child = np.full(cap, LEAF, np.int64)
    feature = np.full(cap, UNDEFINED, np.int64)
    threshold = np.full(cap, float(UNDEFINED))
    impurity = np.zeros(cap)
    n_samples = np.zeros(cap, np.int64)
    w_samples = np.zeros(cap)
    value = np.zeros((cap, K))

    goes_left = np.zeros(y.shape[0], np.bool_)
    buf_x, buf_i = np.empty(M), np.empty(M, order.dtype)
    scratch = np.empty((4, max(M + 1, K)))
    rank = np.zeros(y.shape[0], np.int64)
    y_sorted = np.empty(M)
    rng_state = np.array([np.uint64(seed) * np.uint64(2654435761) + np.uint64(1)], np.uint64)

    stack = np.empty((M + 2, 5), np.int64)             # (start, end, depth, parent, is_left)
    stack[0] = (0, M, 0, -1, 0)
    top = 1
    n_nodes = 0
    W_root = 0.0
    while top > 0:
        top -= 1
        start, end, depth, parent, is_left = stack[top]
        node = n_nodes
        n_nodes += 1
        if parent >= 0:
            if is_left:
                left_child[parent] = node
            else:
                right_child[parent] = node
        samples = order[0, start:end]
        H, W_t = _node_stats(samples, y, w, n_classes, criterion, value[node])
        if node == 0:
            W_root = W_t
        n = end - start
        impurity[node], n_samples[node], w_samples[node] = H, n, W_t
        if (depth >= max_depth or n < min_samples_split or n < 2 * min_samples_leaf
                or W_t < 2 * min_weight_leaf or H <= EPSILON):
            continue

        S = 0.0
        node_counts = np.zeros(K)                       # Σ_{y_i = k} w_i (classification)
        if criterion == GINI or criterion == ENTROPY:
            for i in samples:
                node_counts[int(y[i])] += w[i]
        elif criterion == SQUARED_ERROR:
            for i in samples:
                S += w[i] * y[i]
        elif criterion == ABSOLUTE_ERROR:
            by_y = np.argsort(y[samples], kind="mergesort")
            for r in range(n):
                rank[samples[by_y[r]]] = r
                y_sorted[r] = y[samples[by_y[r]]]
        f, p, _ = _best_split(Xs, order, start, end, y, w, n_classes, criterion, node_counts, W_t, S,
                              min_samples_leaf, min_weight_leaf, max_features, rng_state, scratch,
                              rank, y_sorted[:n])
        if f < 0:
            continue
        pos = start + p + 1                             # left child = [start, pos)
        H_L, W_L = _node_stats(order[f, start:pos], y, w, n_classes, criterion, scratch[0, :K])
        H_R, W_R = _node_stats(order[f, pos:end], y, w, n_classes, criterion, scratch[0, :K])
        gain = W_t / W_root * (H - W_L / W_t * H_L - W_R / W_t * H_R)
        if gain + EPSILON < min_impurity_decrease:
            continue

        feature[node] = f
        threshold[node] = Xs[f, pos - 1] / 2.0 + Xs[f, pos] / 2.0   # midpoint between neighbours
        for q in range(start, end):
            goes_left[order[f, q]] = q < pos
        _partition(Xs, order, start, end, goes_left, f, buf_x, buf_i)
        stack[top] = (pos, end, depth + 1, node, 0)     # right is pushed first, so left is grown first
        stack[top + 1] = (start, pos, depth + 1, node, 1)
        top += 2
    return (left_child[:n_nodes], right_child[:n_nodes], feature[:n_nodes], threshold[:n_nodes],
            impurity[:n_nodes], n_samples[:n_nodes], w_samples[:n_nodes], value[:n_nodes])


# -- using a grown tree ---------------------------------------------------------------------
@njit(cache=True, nogil=True)
def _apply(X, left_child, right_child, feature, threshold):
    """The leaf each row of X falls into: go left while x_f <= threshold."""
    out = np.empty(X.shape[0], np.int64)
    for r in range(X.shape[0]):
        node = 0
        while left_child[node] != LEAF:
            if X[r, feature[node]] <= threshold[node]:
                node = left_child[node]
            else:
                node = right_child[node]
        out[r] = node
    return out


@njit(cache=True, nogil=True)
def _paths(X, left_child, right_child, feature, threshold):
    """CSR pieces (indptr, indices) of the node-indicator matrix: the nodes each row visits."""
    n = X.shape[0]
    indptr = np.zeros(n + 1, np.int64)
    indices = np.empty(16, np.int64)
    k = 0
    for r in range(n):
        node = 0
        while True:
            if k == len(indices):
                grown = np.empty(2 * len(indices), np.int64)
                grown[:k] = indices
                indices = grown
            indices[k] = node
            k += 1
            if left_child[node] == LEAF:
                break
            node = left_child[node] if X[r, feature[node]] <= threshold[node] else right_child[node]
        indptr[r + 1] = k
    return indptr, indices[:k]
