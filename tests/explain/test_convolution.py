"""Convolution explainer: the course answers, cell by cell, and the same numbers as lucidml.signal."""
import numpy as np
import pytest

from lucidml import explain
from lucidml.signal import conv1d, conv2d

COURSE_D = [[1, 0, 1, 1, 0], [1, 0, 0, 1, 1], [0, 1, 0, 0, 0], [1, 0, 0, 0, 1], [0, 1, 0, 1, 0]]
COURSE_K = [[0, 0, 0], [0, 5, 0], [0, 0, 0]]


def test_course_1d_answer_and_steps():
    s = explain.convolution([2, 5, 0, 1, 3], [0, 1, 0])
    assert s.answer.tolist() == [5, 0, 1]
    cells = s.steps[1:]
    assert [c.values["sum"] for c in cells] == [5, 0, 1]
    assert [c.values["window"].tolist() for c in cells] == [[2, 5, 0], [5, 0, 1], [0, 1, 3]]
    assert "5, 0, 1" in s.to_text()


def test_course_2d_answer_built_cell_by_cell():
    s = explain.convolution2d(COURSE_D, COURSE_K)
    assert s.answer.tolist() == [[0, 0, 5], [5, 0, 0], [0, 0, 0]]
    sums = [step.values["sum"] for step in s.steps[1:]]
    assert sums == [0, 0, 5, 5, 0, 0, 0, 0, 0]  # "0, then 0, then 5, then 5 ..."
    third = s.steps[3]
    np.testing.assert_array_equal(third.values["window"], [[1, 1, 0], [0, 1, 1], [0, 0, 0]])
    np.testing.assert_array_equal(third.values["products"], [[0, 0, 0], [0, 5, 0], [0, 0, 0]])


def test_flip_is_shown():
    s = explain.convolution([1, 2, 3], [1, 2])
    np.testing.assert_array_equal(s.steps[0].values["flip(g)"], [2, 1])
    s2 = explain.convolution2d([[1, 2], [3, 4]], [[1, 2], [3, 4]])
    np.testing.assert_array_equal(s2.steps[0].values["flip(K)"], [[4, 3], [2, 1]])


@pytest.mark.parametrize("mode", ["valid", "same", "full"])
def test_same_numbers_as_the_library(mode):
    rng = np.random.default_rng(0)
    f, g = rng.normal(size=9), rng.normal(size=4)
    np.testing.assert_allclose(explain.convolution(f, g, mode).answer, conv1d(f, g, mode), rtol=1e-13)
    D, K = rng.normal(size=(5, 6)), rng.normal(size=(3, 2))
    np.testing.assert_allclose(explain.convolution2d(D, K, mode).answer, conv2d(D, K, mode), rtol=1e-13)
    assert len(explain.convolution2d(D, K, mode).steps) >= conv2d(D, K, mode).size + 1


def test_bad_input():
    with pytest.raises(ValueError, match="larger than"):
        explain.convolution([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="larger than"):
        explain.convolution2d([[1]], COURSE_K)
    with pytest.raises(ValueError, match="NaN"):
        explain.convolution([1, float("nan")], [1])
    with pytest.raises(ValueError, match="mode"):
        explain.convolution([1, 2], [1], mode="circular")
