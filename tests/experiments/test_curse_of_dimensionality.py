"""The curse of dimensionality: the coverage formula, the simulation, the concentration of distances."""
import numpy as np
import pytest

from lucidml.experiments.dimensionality import curse_of_dimensionality


def test_course_numbers():
    # 3 points, 6 bins: 1 − (5/6)³ = 42.1% of the 1-D cells, 1 − (35/36)³ = 8.1% of the 2-D ones.
    r = curse_of_dimensionality(max_features=4, n_repeats=4000, random_state=0)
    np.testing.assert_allclose(r.expected_coverage[:2], [1 - (5 / 6) ** 3, 1 - (35 / 36) ** 3])
    # the simulation agrees with the formula to a few standard errors (≤ 0.01 here)
    np.testing.assert_allclose(r.simulated_coverage, r.expected_coverage, atol=0.01)
    assert np.all(np.diff(r.expected_coverage) < 0)                  # empty space grows with D
    assert "42.1%" in r.table()


def test_distances_concentrate():
    r = curse_of_dimensionality(max_features=2, n_repeats=10, distance_dims=(2, 20, 200), n_points=200,
                                random_state=1)
    assert np.all(np.diff(r.relative_contrast) < 0)
    assert np.all(np.diff(r.nearest_over_farthest) > 0)
    assert r.nearest_over_farthest[-1] > 0.7                          # in 200-D nearest ≈ farthest


def test_same_seed_same_numbers_and_figure():
    a = curse_of_dimensionality(max_features=3, n_repeats=50, distance_dims=(1, 10), random_state=5)
    b = curse_of_dimensionality(max_features=3, n_repeats=50, distance_dims=(1, 10), random_state=5)
    np.testing.assert_array_equal(a.simulated_coverage, b.simulated_coverage)
    fig = a.figure()
    assert len(fig.axes) == 2


def test_bad_input():
    with pytest.raises(ValueError, match="n_bins=1"):
        curse_of_dimensionality(n_bins=1)
    with pytest.raises(ValueError, match="n_samples=0"):
        curse_of_dimensionality(n_samples=0)
    with pytest.raises(TypeError, match="distance_dims"):
        curse_of_dimensionality(distance_dims=(2.5,))
