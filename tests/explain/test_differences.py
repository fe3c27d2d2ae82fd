"""explain.differencing: the same numbers as lucidml.timeseries.difference, worked by hand."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lucidml import explain
from lucidml.timeseries import difference


def test_toy_by_hand():
    # squares 1, 4, 9, 16, 25: ∇ = 3, 5, 7, 9 (odd numbers), ∇² = 2, 2, 2
    s = explain.differencing([1, 4, 9, 16, 25], d=2)
    np.testing.assert_array_equal(s.answer, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(s.steps[1].values["∇y"], [3.0, 5.0, 7.0, 9.0])
    assert "4 − 1, 9 − 4" in s.to_text()
    np.testing.assert_array_equal(s.steps[-1].values["rebuilt y"], [1, 4, 9, 16, 25])


@given(arrays(float, st.integers(3, 30), elements=st.floats(-100, 100)), st.integers(1, 2))
def test_property_matches_difference_and_rebuilds(y, d):
    s = explain.differencing(y, d)
    np.testing.assert_allclose(s.answer, difference(y, d))
    np.testing.assert_allclose(s.steps[-1].values["rebuilt y"], y, atol=1e-9 * (1 + np.abs(y).max()))


def test_bad_input():
    with pytest.raises(ValueError, match="d <= 2|<= 2"):
        explain.differencing([1.0, 2.0, 3.0, 4.0], d=3)
    with pytest.raises(ValueError, match="leave nothing"):
        explain.differencing([1.0, 2.0], d=2)
    with pytest.raises(ValueError, match="infinity"):
        explain.differencing([1.0, np.inf, 2.0])
