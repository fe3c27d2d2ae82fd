"""Splits and splitters: by hand, against scikit-learn, properties, the leakage guard, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn import model_selection as skms
from sklearn.datasets import load_iris, load_wine

from lucidml.model_selection import (KFold, StratifiedKFold, TemporalLeakageError, TimeSeriesSplit,
                                     check_temporal_split, train_test_split, train_val_test_split)


def folds(splitter, X, y=None):
    return [(tr.tolist(), te.tolist()) for tr, te in splitter.split(X, y)]


# -- by hand --------------------------------------------------------------------------------
def test_toy_by_hand_kfold():
    # N = 7, K = 3: sizes ⌊7/3⌋ + 1 = 3 for the first 7 mod 3 = 1 fold, then 2 and 2
    assert folds(KFold(3), np.zeros(7)) == [([3, 4, 5, 6], [0, 1, 2]),
                                           ([0, 1, 2, 5, 6], [3, 4]),
                                           ([0, 1, 2, 3, 4], [5, 6])]


def test_toy_by_hand_stratified():
    # y = [a a a a b b]: a deals 2 per fold, b 1 per fold; a's first two go to fold 0, etc.
    y = np.array(["a", "a", "a", "a", "b", "b"])
    assert [te for _, te in folds(StratifiedKFold(2), np.zeros(6), y)] == [[0, 1, 4], [2, 3, 5]]


def test_toy_by_hand_time_series():
    # N = 12, K = 4: m = ⌊12/5⌋ = 2, validation starts at t = 12 − 4·2 = 4, 6, 8, 10
    expanding = folds(TimeSeriesSplit(4), np.zeros(12))
    assert expanding == [(list(range(4)), [4, 5]), (list(range(6)), [6, 7]),
                         (list(range(8)), [8, 9]), (list(range(10)), [10, 11])]
    # sliding: every fold trains on the first fold's length L = 4
    sliding = folds(TimeSeriesSplit(4, window="sliding"), np.zeros(12))
    assert sliding == [([0, 1, 2, 3], [4, 5]), ([2, 3, 4, 5], [6, 7]),
                       ([4, 5, 6, 7], [8, 9]), ([6, 7, 8, 9], [10, 11])]
    # gap = 1 drops the step just before each validation block
    gapped = folds(TimeSeriesSplit(2, test_size=2, gap=1), np.zeros(8))
    assert gapped == [([0, 1, 2], [4, 5]), ([0, 1, 2, 3, 4], [6, 7])]


def test_toy_by_hand_hold_out():
    # unshuffled: training first, then validation, then test (time order preserved)
    a_tr, a_va, a_te, b_tr, b_va, b_te = train_val_test_split(np.arange(10), np.arange(10) * 10,
                                                               val_size=0.2, test_size=3, shuffle=False)
    assert a_tr.tolist() == [0, 1, 2, 3, 4] and a_va.tolist() == [5, 6] and a_te.tolist() == [7, 8, 9]
    assert b_va.tolist() == [50, 60]
    # fractions round up: ceil(0.25 · 10) = 3 test rows
    tr, te = train_test_split(np.arange(10), shuffle=False)
    assert te.tolist() == [7, 8, 9]


# -- against scikit-learn -------------------------------------------------------------------
@pytest.mark.parametrize("n, k", [(10, 2), (150, 5), (7, 7), (23, 4)])
def test_matches_reference_kfold(n, k):
    X = np.zeros((n, 1))
    assert folds(KFold(k), X) == folds(skms.KFold(k), X)
    # shuffled folds use the same permutation as scikit-learn for the same seed
    assert folds(KFold(k, shuffle=True, random_state=3), X) == \
        folds(skms.KFold(k, shuffle=True, random_state=3), X)


@pytest.mark.parametrize("loader, k", [(load_iris, 5), (load_wine, 3), (load_wine, 10)])
def test_matches_reference_stratified(loader, k):
    X, y = loader(return_X_y=True)
    y = np.roll(y, 17)        # not sorted by class, so the in-class order matters
    assert folds(StratifiedKFold(k), X, y) == folds(skms.StratifiedKFold(k), X, y)
    assert folds(StratifiedKFold(k, shuffle=True, random_state=0), X, y) == \
        folds(skms.StratifiedKFold(k, shuffle=True, random_state=0), X, y)


@pytest.mark.parametrize("n, kw, sk_kw", [
    (20, dict(n_splits=3), dict(n_splits=3)),
    (100, dict(n_splits=5, test_size=7, gap=3), dict(n_splits=5, test_size=7, gap=3)),
    (50, dict(n_splits=4, window="sliding", train_size=10), dict(n_splits=4, max_train_size=10)),
    (50, dict(n_splits=4, window="sliding", train_size=30, gap=2), dict(n_splits=4, max_train_size=30, gap=2)),
])
def test_matches_reference_time_series(n, kw, sk_kw):
    X = np.zeros((n, 2))
    assert folds(TimeSeriesSplit(**kw), X) == folds(skms.TimeSeriesSplit(**sk_kw), X)


def test_matches_reference_train_test_split():
    X, y = load_iris(return_X_y=True)
    ours = train_test_split(X, y, test_size=0.3, random_state=42)
    theirs = skms.train_test_split(X, y, test_size=0.3, random_state=42)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a, b)


def test_splitters_work_inside_sklearn():
    from sklearn.neighbors import KNeighborsClassifier

    X, y = load_iris(return_X_y=True)
    ours = skms.cross_val_score(KNeighborsClassifier(), X, y, cv=StratifiedKFold(5))
    theirs = skms.cross_val_score(KNeighborsClassifier(), X, y, cv=skms.StratifiedKFold(5))
    np.testing.assert_array_equal(ours, theirs)


# -- properties -----------------------------------------------------------------------------
@given(n=st.integers(2, 200), k=st.integers(2, 12), shuffle=st.booleans(), seed=st.integers(0, 1000))
def test_property_kfold_partitions(n, k, shuffle, seed):
    if k > n:
        with pytest.raises(ValueError, match="n_splits"):
            list(KFold(k).split(np.zeros(n)))
        return
    splits = list(KFold(k, shuffle=shuffle, random_state=seed if shuffle else None).split(np.zeros(n)))
    tests = [te for _, te in splits]
    # every sample is validated exactly once; fold sizes differ by at most one
    np.testing.assert_array_equal(np.sort(np.concatenate(tests)), np.arange(n))
    assert max(map(len, tests)) - min(map(len, tests)) <= 1
    for tr, te in splits:
        assert np.intersect1d(tr, te).size == 0 and tr.size + te.size == n


@given(counts=st.lists(st.integers(5, 40), min_size=2, max_size=4), k=st.integers(2, 5),
       seed=st.integers(0, 100))
def test_property_stratified_keeps_class_shares(counts, k, seed):
    y = np.random.default_rng(seed).permutation(np.repeat(np.arange(len(counts)), counts))
    tests = [te for _, te in StratifiedKFold(k).split(np.zeros(len(y)), y)]
    np.testing.assert_array_equal(np.sort(np.concatenate(tests)), np.arange(len(y)))
    for c, n_c in enumerate(counts):
        per_fold = [np.sum(y[te] == c) for te in tests]
        assert max(per_fold) - min(per_fold) <= 1 and sum(per_fold) == n_c


@given(n=st.integers(6, 300), k=st.integers(2, 5), gap=st.integers(0, 3), sliding=st.booleans())
def test_property_time_series_never_leaks(n, k, gap, sliding):
    tss = TimeSeriesSplit(k, gap=gap, window="sliding" if sliding else "expanding")
    try:
        splits = list(tss.split(np.zeros(n)))
    except ValueError:
        assert n - gap - k * (n // (k + 1)) <= 0
        return
    assert len(splits) == k
    for tr, te in splits:
        check_temporal_split(tr, te, gap=gap)          # raises on any leak
        assert tr.max() + gap + 1 == te.min()           # training ends exactly gap steps before
    if sliding:
        assert len({len(tr) for tr, _ in splits}) == 1


@given(n=st.integers(10, 200), test=st.floats(0.05, 0.4), val=st.floats(0.05, 0.4), seed=st.integers(0, 99))
def test_property_hold_out_partitions(n, test, val, seed):
    # ceil rounding can take up to one extra row per part: 0.4 + 0.4 of n >= 10 still leaves >= 1
    tr, va, te = train_val_test_split(np.arange(n), val_size=val, test_size=test, random_state=seed)
    np.testing.assert_array_equal(np.sort(np.concatenate([tr, va, te])), np.arange(n))
    assert len(te) == int(np.ceil(test * n)) and len(va) == int(np.ceil(val * n))


def test_stratified_train_test_split_with_both_sizes():
    X, y = load_iris(return_X_y=True)
    tr, te = train_test_split(np.arange(150), train_size=60, test_size=30, stratify=y, random_state=0)
    assert len(tr) == 60 and len(te) == 30 and np.intersect1d(tr, te).size == 0
    np.testing.assert_array_equal(np.bincount(y[tr]), [20, 20, 20])
    np.testing.assert_array_equal(np.bincount(y[te]), [10, 10, 10])


@given(counts=st.lists(st.integers(5, 30), min_size=2, max_size=5), test=st.floats(0.1, 0.4),
       val=st.floats(0.1, 0.4), seed=st.integers(0, 50))
def test_property_stratified_shares(counts, test, val, seed):
    y = np.repeat(np.arange(len(counts)), counts)
    n = len(y)
    tr, va, te = train_val_test_split(np.arange(n), val_size=val, test_size=test, stratify=y, random_state=seed)
    assert len(te) == int(np.ceil(test * n)) and len(va) == int(np.ceil(val * n))
    np.testing.assert_array_equal(np.sort(np.concatenate([tr, va, te])), np.arange(n))
    for part, frac in ((te, len(te) / n), (va, len(va) / n)):
        # each class gets its proportional share, give or take the rounding of a few rows
        assert np.all(np.abs(np.bincount(y[part], minlength=len(counts)) - frac * np.array(counts)) < 2)


def test_property_stratified_hold_out():
    X, y = load_wine(return_X_y=True)
    tr, va, te = train_val_test_split(np.arange(len(y)), val_size=0.2, test_size=0.2, stratify=y,
                                      random_state=0)
    for part in (tr, va, te):
        share = np.bincount(y[part], minlength=3) / len(part)
        np.testing.assert_allclose(share, np.bincount(y) / len(y), atol=0.03)


# -- the leakage guard ----------------------------------------------------------------------
def test_leakage_guard_refuses_future_training():
    # 5 folds of 4: train on folds 4–5 (indices 12..19), validate on fold 1 (0..3)
    fold = np.arange(20).reshape(5, 4)
    with pytest.raises(TemporalLeakageError, match=r"before the first validation index 0") as err:
        check_temporal_split(fold[3:].ravel(), fold[0])
    message = str(err.value)
    assert "12, 13, 14" in message and "future" in message and "TimeSeriesSplit" in message
    assert isinstance(err.value, ValueError)


def test_leakage_guard_gap_and_overlap():
    train, val = check_temporal_split([0, 1, 2], [5, 6], gap=2)          # 2 + 2 < 5: valid
    assert train.tolist() == [0, 1, 2] and val.tolist() == [5, 6]
    with pytest.raises(TemporalLeakageError, match=r"\[3\].*gap \(2\)"):
        check_temporal_split([0, 1, 2, 3], [5, 6], gap=2)                # 3 + 2 ≥ 5
    with pytest.raises(TemporalLeakageError, match=r"\[5\]"):
        check_temporal_split([0, 5], [3, 4])                             # interleaved
    with pytest.raises(ValueError, match="empty"):
        check_temporal_split([], [1])
    with pytest.raises(ValueError, match="integer indices"):
        check_temporal_split([0.5], [1])


# -- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize("make, match", [
    (lambda: KFold(1), "n_splits=1 must be >= 2"),
    (lambda: KFold(2.5), "n_splits must be an integer"),
    (lambda: KFold(3, random_state=0), "random_state=0 has no effect"),
    (lambda: TimeSeriesSplit(3, window="rolling"), "window='rolling'"),
    (lambda: TimeSeriesSplit(3, train_size=5), "window='sliding'"),
    (lambda: TimeSeriesSplit(3, gap=-1), "gap=-1"),
])
def test_bad_splitter_parameters(make, match):
    with pytest.raises((ValueError, TypeError), match=match):
        make()


def test_bad_split_inputs():
    with pytest.raises(ValueError, match="n_splits=5 is greater than n_samples=3"):
        list(KFold(5).split(np.zeros(3)))
    y = np.array([0] * 10 + [1] * 2)
    with pytest.raises(ValueError, match="class 1 has only 2 member.*n_splits=3"):
        list(StratifiedKFold(3).split(np.zeros(12), y))
    with pytest.raises(ValueError, match="KFold for regression"):
        list(StratifiedKFold(3).split(np.zeros(12), np.linspace(0, 1, 12)))
    with pytest.raises(ValueError, match="first training set empty"):
        list(TimeSeriesSplit(3, test_size=4).split(np.zeros(12)))
    with pytest.raises(ValueError, match="n_samples=3"):
        list(TimeSeriesSplit(3).split(np.zeros(3)))


@pytest.mark.parametrize("kw, match", [
    (dict(test_size=1.5), "test_size=1.5 is out of range"),
    (dict(test_size=0.0), "test_size=0.0 is out of range"),
    (dict(test_size=10), "test_size=10 rows is out of range"),
    (dict(test_size="a"), "test_size must be"),
    (dict(test_size=0.6, train_size=0.6), "exceeds n_samples"),
    (dict(stratify=np.zeros(10), shuffle=False), "stratify needs shuffle=True"),
])
def test_bad_train_test_split(kw, match):
    with pytest.raises((ValueError, TypeError), match=match):
        train_test_split(np.arange(10), **kw)


def test_bad_train_val_test_split():
    with pytest.raises(ValueError, match="leave 0 of n_samples=10"):
        train_val_test_split(np.arange(10), val_size=0.5, test_size=0.5)
    with pytest.raises(ValueError, match="different numbers of rows"):
        train_val_test_split(np.arange(10), np.arange(9))
    with pytest.raises(ValueError, match="only 1 member"):
        train_val_test_split(np.arange(10), stratify=[0] * 9 + [1])
