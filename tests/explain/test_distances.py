"""Distances explainer."""
import numpy as np
import pytest
from scipy.spatial import distance as ssd

from lucidml import explain


def test_toy_by_hand():
    # x - y = (-3, 2, 0): L1 = 5, L2 = sqrt(13); x·y = 4 + 0 + 9 = 13, |x| = sqrt(14), |y| = 5
    s = explain.distances([1, 2, 3], [4, 0, 3])
    assert s.answer["manhattan"] == 5.0
    assert s.answer["euclidean"] == pytest.approx(np.sqrt(13))
    assert s.answer["cosine"] == pytest.approx(1 - 13 / (np.sqrt(14) * 5))
    assert s.answer["cosine"] == pytest.approx(ssd.cosine([1, 2, 3], [4, 0, 3]))
    assert len(s.steps) == 4


def test_bad_input():
    with pytest.raises(ValueError, match="same length"):
        explain.distances([1, 2], [1, 2, 3])
