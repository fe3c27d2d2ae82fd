"""make_sinusoid: the grid, the noise, the seed, bad input."""
import numpy as np
import pytest

from lucidml.datasets import make_sinusoid


def test_toy_by_hand():
    x, t = make_sinusoid(n_samples=3, noise=0.0)
    assert x.tolist() == [0.0, 0.5, 1.0]                                    # evenly spaced, ends included
    np.testing.assert_allclose(t, [0.0, 0.0, 0.0], atol=1e-15)              # sin 0, sin π, sin 2π


def test_noise_level_and_seed():
    x, t = make_sinusoid(n_samples=20_000, noise=0.3, random_state=0)
    residual = t - np.sin(2 * np.pi * x)
    assert residual.std() == pytest.approx(0.3, rel=0.02)
    assert abs(residual.mean()) < 5 * 0.3 / np.sqrt(x.size)
    np.testing.assert_array_equal(make_sinusoid(random_state=4)[1], make_sinusoid(random_state=4)[1])
    assert not np.array_equal(make_sinusoid(random_state=4)[1], make_sinusoid(random_state=5)[1])
    x_random, _ = make_sinusoid(100, evenly_spaced=False, random_state=1)
    assert np.all(np.diff(x_random) >= 0) and 0 <= x_random.min() and x_random.max() <= 1


def test_bad_input():
    with pytest.raises(ValueError, match="n_samples=0"):
        make_sinusoid(0)
    with pytest.raises(TypeError, match="n_samples"):
        make_sinusoid(2.5)
    with pytest.raises(ValueError, match="noise"):
        make_sinusoid(10, noise=-0.1)
