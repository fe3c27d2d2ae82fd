"""Splitting data for honest evaluation: hold-out sets, k-fold and time-ordered folds.

A model is judged on data it was not trained on. Three ways to get such data:

    hold-out       indices 0..N-1 are cut once into train / (validation) / test
    k-fold         the N indices are cut into K folds F_1..F_K; round k trains on
                   ∪_{j≠k} F_j and validates on F_k, and the K scores are averaged
    time-ordered   for sequential data the future must not leak into the past: round k
                   trains on indices before t_k − gap and validates on [t_k, t_k + m)

The leakage guard states the time-ordered rule as a check: a (train, validation) pair is
valid only if   max(train) + gap < min(validation),   i.e. every training index lies
strictly before every validation index (and at least ``gap`` steps before it). Anything
else (for instance "train on folds 4–5, validate on fold 1") is refused with
:class:`TemporalLeakageError` instead of being scored.

Unshuffled :class:`KFold`, :class:`StratifiedKFold` and :class:`TimeSeriesSplit` give the
same indices as scikit-learn's splitters with the same parameters, and all three follow
its protocol (``split(X, y, groups)``, ``get_n_splits``), so they work inside
scikit-learn's own tools too.

Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §7.10;
Hyndman & Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed.), §5.10.

>>> [test.tolist() for _, test in KFold(n_splits=3).split(np.zeros(7))]
[[0, 1, 2], [3, 4], [5, 6]]
>>> [(train.tolist(), test.tolist()) for train, test in TimeSeriesSplit(n_splits=2).split(np.zeros(6))]
[([0, 1], [2, 3]), ([0, 1, 2, 3], [4, 5])]
>>> check_temporal_split([3, 4], [0, 1])
Traceback (most recent call last):
...
lucidml.model_selection.split.TemporalLeakageError: ...
"""
from __future__ import annotations

import numbers
from math import ceil, floor

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import type_of_target

from lucidml.utils.validation import check_int, check_option, count_or_fraction

__all__ = ["train_test_split", "train_val_test_split", "KFold", "StratifiedKFold", "TimeSeriesSplit",
           "check_temporal_split", "TemporalLeakageError", "check_cv"]


class TemporalLeakageError(ValueError):
    """A (train, validation) split that lets the model see the future of its validation data."""


# -- the leakage guard --------------------------------------------------------------------
def check_temporal_split(train_idx, val_idx, gap: int = 0):
    """Refuse a split unless every training index precedes every validation index.

    Valid  ⇔  max(train) + gap < min(val). Indices are positions in time order (row i
    happened before row i + 1). Returns ``(train_idx, val_idx)`` as integer arrays when
    the split is valid; otherwise raises :class:`TemporalLeakageError` naming the
    offending training indices and saying why they leak.

    >>> check_temporal_split([0, 1, 2], [4, 5], gap=1)[1].tolist()
    [4, 5]
    """
    owner = "check_temporal_split"
    gap = check_int(gap, name="gap", owner=owner, minimum=0)
    train = _as_index_array(train_idx, "train_idx", owner)
    val = _as_index_array(val_idx, "val_idx", owner)
    if train.size == 0 or val.size == 0:
        which = "train_idx" if train.size == 0 else "val_idx"
        raise ValueError(f"{owner}: {which} is empty; every split needs at least one training "
                         "and one validation index.")
    first_val = int(val.min())
    bad = np.unique(train[train + gap >= first_val])       # training indices too late
    if bad.size:
        shown = ", ".join(str(i) for i in bad[:8]) + (", ..." if bad.size > 8 else "")
        gap_text = f" − gap ({gap})" if gap else ""
        raise TemporalLeakageError(
            f"{owner}: time-ordered split refused: {bad.size} training index(es) [{shown}] are not "
            f"before the first validation index {first_val}{gap_text}. Training must precede "
            f"validation in time; here the model would learn from the future "
            f"(training reaches index {int(train.max())}) and be scored on the past "
            f"(validation starts at {first_val}), which overstates how well it forecasts. "
            "Use TimeSeriesSplit, or only splits whose training indices all come before the "
            "validation indices."
        )
    return train, val


def _as_index_array(idx, name, owner):
    a = np.asarray(idx)
    if a.dtype == bool:
        a = np.flatnonzero(a)
    if a.ndim != 1 or (a.size and a.dtype.kind not in "iu"):
        raise ValueError(f"{owner}: {name} must be a 1-D array of integer indices, got "
                         f"dtype {a.dtype} and shape {a.shape}.")
    if a.size and a.min() < 0:
        raise ValueError(f"{owner}: {name} contains the negative index {int(a.min())}; "
                         "use positions 0..n_samples-1.")
    return a.astype(np.intp)


# -- hold-out splits ----------------------------------------------------------------------
def train_test_split(*arrays, test_size=None, train_size=None, shuffle: bool = True, stratify=None,
                     random_state=None):
    """Cut each array into a training part and a test part (the same rows for every array).

    ``test_size``/``train_size``: a fraction in (0, 1) or a number of rows (default
    test_size=0.25). Without stratification, a shuffled split draws the same rows as
    scikit-learn's ``train_test_split`` for the same ``random_state``; ``shuffle=False``
    keeps the order (the first rows train, the last ones test), as time-ordered data needs.
    Returns ``[a_train, a_test, b_train, b_test, ...]``.

    >>> train_test_split(np.arange(5), test_size=2, shuffle=False)
    [array([0, 1, 2]), array([3, 4])]
    """
    owner = "train_test_split"
    n = _n_rows(arrays, owner)
    if test_size is None and train_size is None:
        test_size = 0.25
    n_test = None if test_size is None else _size(test_size, n, "test_size", owner, round_up=True)
    n_train = None if train_size is None else _size(train_size, n, "train_size", owner, round_up=False)
    if n_test is None:
        n_test = n - n_train
    if n_train is None:
        n_train = n - n_test
    if n_train + n_test > n:
        raise ValueError(f"{owner}: train_size ({n_train} rows) + test_size ({n_test} rows) = "
                         f"{n_train + n_test} exceeds n_samples={n}; reduce one of them.")
    if n_train == 0 or n_test == 0:
        raise ValueError(f"{owner}: with n_samples={n}, test_size={test_size!r} and train_size="
                         f"{train_size!r} one part would be empty; adjust the sizes.")
    test, train = _hold_out_indices(n, [n_test, n_train], shuffle, stratify, random_state, owner)
    return _take(arrays, [train, test])


def train_val_test_split(*arrays, val_size=0.2, test_size=0.2, stratify=None, shuffle: bool = True,
                         random_state=None):
    """Cut each array into training, validation and test parts.

    The training part fits the model, the validation part chooses hyperparameters, and
    the test part is looked at once, at the end. Sizes are fractions in (0, 1) or row
    counts; fractions round up (as in scikit-learn). ``shuffle=False`` keeps the order:
    train, then validation, then test — the split time-ordered data needs.
    Returns ``[a_train, a_val, a_test, b_train, b_val, b_test, ...]``.

    >>> train_val_test_split(np.arange(10), val_size=0.2, test_size=0.3, shuffle=False)
    [array([0, 1, 2, 3, 4]), array([5, 6]), array([7, 8, 9])]
    """
    owner = "train_val_test_split"
    n = _n_rows(arrays, owner)
    n_val = _size(val_size, n, "val_size", owner, round_up=True)
    n_test = _size(test_size, n, "test_size", owner, round_up=True)
    n_train = n - n_val - n_test
    if n_train < 1:
        raise ValueError(f"{owner}: val_size ({n_val} rows) + test_size ({n_test} rows) leave "
                         f"{n_train} of n_samples={n} rows for training; reduce them.")
    test, val, train = _hold_out_indices(n, [n_test, n_val, n_train], shuffle, stratify, random_state, owner)
    return _take(arrays, [train, val, test])


def _n_rows(arrays, owner):
    if not arrays:
        raise ValueError(f"{owner}: pass at least one array to split.")
    lengths = [len(a) for a in arrays]
    if len(set(lengths)) != 1:
        raise ValueError(f"{owner}: the arrays have different numbers of rows {lengths}; "
                         "every array needs one row per sample.")
    if lengths[0] == 0:
        raise ValueError(f"{owner}: the arrays are empty; there is nothing to split.")
    return lengths[0]


def _size(value, n, name, owner, *, round_up):
    """A fraction in (0, 1) → ceil/floor(fraction · n) rows; an int in [1, n − 1] → itself."""
    size = count_or_fraction(value, name=name, owner=owner, unit="rows")
    if isinstance(size, float):
        return ceil(size * n) if round_up else floor(size * n)
    if not 1 <= size <= n - 1:
        raise ValueError(f"{owner}: {name}={value} rows is out of range; with n_samples={n} "
                         f"use 1..{n - 1} rows or a fraction in (0, 1).")
    return size


def _hold_out_indices(n, sizes, shuffle, stratify, random_state, owner):
    """Index arrays with ``sizes[j]`` rows each.

    Unshuffled: consecutive blocks in reverse order of ``sizes`` (the last size takes the
    first rows). Shuffled: one permutation π, part j = the next ``sizes[j]`` entries of π
    (scikit-learn's ShuffleSplit for two parts). Stratified: each class is shared out in
    proportion (largest remainders), then each part is shuffled.
    """
    if not shuffle:
        if stratify is not None:
            raise ValueError(f"{owner}: stratify needs shuffle=True; an unshuffled split keeps the "
                             "row order and cannot also balance the classes.")
        stops = np.cumsum(sizes[::-1])
        blocks = [np.arange(stop - size, stop) for size, stop in zip(sizes[::-1], stops)]
        return blocks[::-1]
    rng = check_random_state(random_state)
    if stratify is None:
        perm = rng.permutation(n)
        starts = np.concatenate([[0], np.cumsum(sizes)])
        return [perm[a:b] for a, b in zip(starts[:-1], starts[1:])]
    unused = n - sum(sizes)                     # train_size + test_size < n: a part nobody gets
    parts = _stratified_indices(np.asarray(stratify), n, list(sizes) + [unused] * (unused > 0), rng, owner)
    return parts[:len(sizes)]


def _stratified_indices(y, n, sizes, rng, owner):
    if y.ndim != 1 or y.shape[0] != n:
        raise ValueError(f"{owner}: stratify must hold one label per row ({n}), got shape {y.shape}.")
    classes, y_enc, counts = np.unique(y, return_inverse=True, return_counts=True)
    if counts.min() < 2:
        raise ValueError(f"{owner}: class {classes[counts.argmin()].tolist()!r} has only {counts.min()} member; "
                         "stratification needs at least 2 rows per class.")
    # allocation[j, c] = rows of class c in part j, with Σ_c = sizes[j] and Σ_j = counts[c]
    allocation = np.zeros((len(sizes), len(classes)), dtype=int)
    remaining = counts.copy()
    for j, size in enumerate(sizes[:-1]):
        allocation[j] = _largest_remainder(size * counts / n, size, remaining)
        remaining -= allocation[j]
    allocation[-1] = remaining
    parts = [[] for _ in sizes]
    for c in range(len(classes)):
        members = rng.permutation(np.flatnonzero(y_enc == c))
        for j, stop in enumerate(np.cumsum(allocation[:, c])):
            parts[j].append(members[stop - allocation[j, c]:stop])
    return [rng.permutation(np.concatenate(p)) for p in parts]


def _largest_remainder(quota, total, cap):
    """Integers a_c <= cap_c with Σ a_c = total, as close as possible to the real quota_c."""
    a = np.minimum(np.floor(quota).astype(int), cap)
    order = np.argsort(-(quota - a), kind="stable")         # largest remainder first
    while a.sum() < total:                                   # Σ cap >= total, so this ends
        room = order[a[order] < cap[order]]
        a[room[: total - a.sum()]] += 1
    return a


def _take(arrays, parts):
    out = []
    for a in arrays:
        for idx in parts:
            out.append(a.iloc[idx] if hasattr(a, "iloc") else
                       (np.asarray(a)[idx] if not hasattr(a, "tocsr") else a.tocsr()[idx]))
    return out


# -- cross-validation splitters -----------------------------------------------------------
class _Splitter:
    """The scikit-learn splitter protocol: ``split(X, y, groups)`` and ``get_n_splits``."""

    time_ordered = False   # True: cross_validate and the searches apply the leakage guard

    def get_n_splits(self, X=None, y=None, groups=None):
        return self.n_splits

    def split(self, X, y=None, groups=None):
        """Yield ``(train_idx, test_idx)`` integer arrays, one pair per fold."""
        n = _num_samples(X, type(self).__name__)
        for fold in self._test_indices(n, y):
            is_test = np.zeros(n, dtype=bool)
            is_test[fold] = True
            yield np.flatnonzero(~is_test), np.flatnonzero(is_test)     # both in increasing order

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({args})"


def _num_samples(X, owner):
    if X is None:
        raise ValueError(f"{owner}.split: X is None; pass the data (or an array of its length).")
    n = X.shape[0] if hasattr(X, "shape") else len(X)
    return int(n)


class KFold(_Splitter):
    """K consecutive folds; fold k validates, the other K − 1 train.

    The first N mod K folds have ⌊N/K⌋ + 1 samples, the others ⌊N/K⌋. With
    ``shuffle=True`` the indices are permuted first (the permutation is the same as
    scikit-learn's for the same ``random_state``).
    """

    def __init__(self, n_splits: int = 5, *, shuffle: bool = False, random_state=None):
        self.n_splits = check_int(n_splits, name="n_splits", owner="KFold", minimum=2)
        self.shuffle = _check_shuffle(shuffle, random_state, "KFold")
        self.random_state = random_state

    def _test_indices(self, n, y):
        _check_enough_samples(self.n_splits, n, "KFold")
        idx = np.arange(n)
        if self.shuffle:
            check_random_state(self.random_state).shuffle(idx)
        sizes = np.full(self.n_splits, n // self.n_splits)    # ⌊N/K⌋ each ...
        sizes[: n % self.n_splits] += 1                        # ... + 1 for the first N mod K
        stops = np.cumsum(sizes)
        return [idx[stop - size:stop] for size, stop in zip(sizes, stops)]


class StratifiedKFold(_Splitter):
    """K folds that keep each class's share: class c puts ≈ N_c / K of its samples in each fold.

    Deal the labels, sorted by class (classes in order of first appearance), round-robin
    into the K folds; that fixes how many samples of each class each fold gets. Then
    class c's samples, in data order, fill fold 0's quota, then fold 1's, ... (with
    ``shuffle=True`` the fold labels within each class are shuffled). This is
    scikit-learn's rule, so unshuffled folds are identical to its folds.
    A class with fewer than K members cannot appear in every fold: that is an error.
    """

    def __init__(self, n_splits: int = 5, *, shuffle: bool = False, random_state=None):
        self.n_splits = check_int(n_splits, name="n_splits", owner="StratifiedKFold", minimum=2)
        self.shuffle = _check_shuffle(shuffle, random_state, "StratifiedKFold")
        self.random_state = random_state

    def _test_indices(self, n, y):
        owner, K = "StratifiedKFold", self.n_splits
        if y is None:
            raise ValueError(f"{owner}.split: y is None; stratification needs the class labels.")
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y.ravel()
        if y.shape[0] != n:
            raise ValueError(f"{owner}.split: y has {y.shape[0]} labels but X has {n} rows.")
        kind = type_of_target(y)
        if kind not in ("binary", "multiclass"):
            raise ValueError(f"{owner}.split: y must hold class labels (binary or multiclass), got a "
                             f"{kind} target; use KFold for regression targets.")
        _check_enough_samples(K, n, owner)
        labels, first, y_inv = np.unique(y, return_index=True, return_inverse=True)
        _, by_appearance = np.unique(first, return_inverse=True)
        y_enc = by_appearance[y_inv]                 # 0 = the first label seen in y, ...
        counts = np.bincount(y_enc)
        small = np.flatnonzero(counts < K)
        if small.size:
            c = small[0]
            name = labels[np.argsort(first)][c].tolist()
            raise ValueError(f"{owner}: class {name!r} has only {counts[c]} member(s), fewer than "
                             f"n_splits={K}, so some folds would not contain it; use n_splits <= "
                             f"{counts.min()} or merge rare classes.")
        y_sorted = np.sort(y_enc)
        allocation = np.stack([np.bincount(y_sorted[k::K], minlength=len(counts)) for k in range(K)])  # (K, C)
        rng = check_random_state(self.random_state)
        fold_of = np.empty(n, dtype=np.intp)
        for c in range(len(counts)):
            folds_for_c = np.repeat(np.arange(K), allocation[:, c])
            if self.shuffle:
                rng.shuffle(folds_for_c)
            fold_of[y_enc == c] = folds_for_c
        return [np.flatnonzero(fold_of == k) for k in range(K)]


class TimeSeriesSplit(_Splitter):
    """Time-ordered folds: train on the past, validate on the next ``test_size`` steps.

    With N samples, K = n_splits and m = test_size (default ⌊N / (K + 1)⌋), fold k
    (k = 1..K) validates on [t_k, t_k + m) with t_k = N − (K − k + 1) m, and trains on

        window="expanding":  [0, t_k − gap)                        (all of the past)
        window="sliding":    [t_k − gap − L, t_k − gap)            (the last L steps)

    with L = train_size (default: the first fold's training length, N − K m − gap, so
    every fold trains on the same amount of data). ``gap`` steps between training and
    validation are left out (for targets that overlap in time). Expanding folds are
    scikit-learn's TimeSeriesSplit; sliding ones are its ``max_train_size=L``.
    Every fold passes :func:`check_temporal_split`.
    """

    time_ordered = True

    def __init__(self, n_splits: int = 5, *, window: str = "expanding", train_size=None, test_size=None,
                 gap: int = 0):
        owner = "TimeSeriesSplit"
        self.n_splits = check_int(n_splits, name="n_splits", owner=owner, minimum=2)
        self.window = check_option(window, name="window", owner=owner, allowed=("expanding", "sliding"))
        if train_size is not None:
            if window == "expanding":
                raise ValueError(f"{owner}: train_size={train_size} fixes the length of a sliding window; "
                                 "use window='sliding' with it, or leave train_size=None.")
            train_size = check_int(train_size, name="train_size", owner=owner, minimum=1)
        self.train_size = train_size
        self.test_size = None if test_size is None else check_int(test_size, name="test_size", owner=owner,
                                                                  minimum=1)
        self.gap = check_int(gap, name="gap", owner=owner, minimum=0)

    def split(self, X, y=None, groups=None):
        owner = "TimeSeriesSplit"
        N, K = _num_samples(X, owner), self.n_splits
        if K + 1 > N:
            raise ValueError(f"{owner}: n_splits={K} needs at least n_splits + 1 = {K + 1} samples, "
                             f"got n_samples={N}; use n_splits <= {N - 1}.")
        m = self.test_size if self.test_size is not None else N // (K + 1)
        first_train = N - K * m - self.gap                    # training length of fold 1
        if first_train <= 0:
            raise ValueError(f"{owner}: n_splits={K} folds of test_size={m} plus gap={self.gap} need more "
                             f"than n_samples={N} samples, leaving the first training set empty; "
                             "use fewer splits, a smaller test_size or a smaller gap.")
        L = None
        if self.window == "sliding":
            L = self.train_size if self.train_size is not None else first_train
        idx = np.arange(N)
        for t in range(N - K * m, N, m):                      # t_k, the first validation index
            end = t - self.gap                                # training stops before t_k − gap
            start = 0 if L is None else max(0, end - L)
            yield idx[start:end], idx[t:t + m]


def _check_shuffle(shuffle, random_state, owner):
    if not isinstance(shuffle, (bool, np.bool_)):
        raise TypeError(f"{owner}: shuffle must be True or False, got {shuffle!r}.")
    if not shuffle and random_state is not None:
        raise ValueError(f"{owner}: random_state={random_state!r} has no effect with shuffle=False; "
                         "set shuffle=True or leave random_state=None.")
    return bool(shuffle)


def _check_enough_samples(n_splits, n, owner):
    if n_splits > n:
        raise ValueError(f"{owner}: n_splits={n_splits} is greater than n_samples={n}, so some folds "
                         f"would be empty; use n_splits <= {n}.")


# -- turning the ``cv`` argument into a splitter ------------------------------------------
class _PredefinedSplits(_Splitter):
    """A user's list of (train, test) index pairs, checked once."""

    def __init__(self, pairs, n_samples, owner):
        self.pairs = []
        for k, pair in enumerate(pairs):
            try:
                train, test = pair
            except (TypeError, ValueError):
                raise ValueError(f"{owner}: cv entry {k} is not a (train_idx, test_idx) pair.") from None
            train = _as_index_array(train, f"the training indices of cv entry {k}", owner)
            test = _as_index_array(test, f"the test indices of cv entry {k}", owner)
            if train.size == 0 or test.size == 0:
                which = "training" if train.size == 0 else "validation"
                raise ValueError(f"{owner}: cv entry {k} has an empty {which} fold; every split needs "
                                 "at least one training and one validation index.")
            top = max(train.max(), test.max())
            if top >= n_samples:
                raise ValueError(f"{owner}: cv entry {k} uses index {top}, but there are only "
                                 f"{n_samples} samples.")
            self.pairs.append((train, test))
        if not self.pairs:
            raise ValueError(f"{owner}: cv is an empty list of splits; pass at least one (train, test) pair.")
        self.n_splits = len(self.pairs)

    def split(self, X=None, y=None, groups=None):
        yield from self.pairs


def check_cv(cv=5, y=None, *, classifier: bool = False, n_samples=None, owner="cross_validate"):
    """The ``cv`` argument as a splitter.

    None → 5 folds; an int K → StratifiedKFold(K) for a classifier with class labels,
    else KFold(K); an object with ``split`` → itself; an iterable of (train, test) pairs
    → those pairs, checked.
    """
    if cv is None:
        cv = 5
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        if classifier and y is not None and type_of_target(y) in ("binary", "multiclass"):
            return StratifiedKFold(cv)
        return KFold(cv)
    if hasattr(cv, "split") and hasattr(cv, "get_n_splits"):
        return cv
    if isinstance(cv, str) or not hasattr(cv, "__iter__"):
        raise ValueError(f"{owner}: cv={cv!r} is not a number of folds, a splitter or a list of "
                         "(train, test) pairs.")
    return _PredefinedSplits(list(cv), n_samples, owner)


def is_time_ordered(cv) -> bool:
    """Whether a splitter promises time order (ours and scikit-learn's TimeSeriesSplit)."""
    if getattr(cv, "time_ordered", False):
        return True
    return type(cv).__name__ == "TimeSeriesSplit"
