"""Cross-validation explainers: the fold tables by hand, agreement with the splitters, the refusal."""
import numpy as np
import pytest

from lucidml import explain
from lucidml.model_selection import KFold, TemporalLeakageError, TimeSeriesSplit


def test_toy_by_hand_kfold():
    # N = 7, K = 3: folds {0,1,2}, {3,4}, {5,6}; round 2 trains on the rest
    s = explain.kfold(7, 3)
    assert s.steps[0].values["fold sizes"] == [3, 2, 2]
    assert s.steps[2].values["validate"].tolist() == [3, 4]
    assert s.steps[2].values["train"].tolist() == [0, 1, 2, 5, 6]
    assert s.answer.tolist() == [0, 0, 0, 1, 1, 2, 2]
    assert s.answer_text.splitlines()[1] == "round 2: T T T V V T T"
    assert "1 fold(s) get one more" in s.steps[0].text


def test_kfold_agrees_with_splitter():
    s = explain.kfold(23, 4, shuffle=True, random_state=5)
    splits = list(KFold(4, shuffle=True, random_state=5).split(np.zeros(23)))
    for step, (train, test) in zip(s.steps[1:], splits):
        np.testing.assert_array_equal(step.values["train"], train)
        np.testing.assert_array_equal(step.values["validate"], test)


def test_toy_by_hand_time_series():
    # N = 12, K = 4, m = 2, t = 4, 6, 8, 10; sliding window L = 4
    s = explain.time_series_cv(12, 4, window="sliding")
    assert s.steps[0].values["validation starts"] == [4, 6, 8, 10]
    assert s.answer_text.splitlines() == ["round 1: T T T T V V · · · · · ·",
                                          "round 2: · · T T T T V V · · · ·",
                                          "round 3: · · · · T T T T V V · ·",
                                          "round 4: · · · · · · T T T T V V"]
    # the last step shows the invalid configuration and the guard's message
    last = s.steps[-1]
    assert last.values["train"].tolist() == [8, 9, 10, 11] and last.values["validate"].tolist() == [0, 1]
    assert "Training must precede validation" in last.values["TemporalLeakageError"]


def test_time_series_agrees_with_splitter_and_gap():
    s = explain.time_series_cv(20, 3, gap=2, test_size=4)
    splits = list(TimeSeriesSplit(3, gap=2, test_size=4).split(np.zeros(20)))
    for (a_tr, a_te), (b_tr, b_te) in zip(s.answer, splits):
        np.testing.assert_array_equal(a_tr, b_tr)
        np.testing.assert_array_equal(a_te, b_te)
    assert "g g V V V V" in s.answer_text.splitlines()[0]
    assert "**Answer:**" in s.to_markdown() and "<ol>" in s.to_html()


def test_bad_input():
    with pytest.raises(ValueError, match="n_splits=5 must be <= 3"):
        explain.kfold(3, 5)
    with pytest.raises(ValueError, match="n_splits=1 must be >= 2"):
        explain.kfold(10, 1)
    with pytest.raises(ValueError, match="window='rolling'"):
        explain.time_series_cv(12, 3, window="rolling")
    with pytest.raises(ValueError, match="first training set empty"):
        explain.time_series_cv(12, 4, test_size=3)
    assert issubclass(TemporalLeakageError, ValueError)
