"""The shared validators: every message names the function, the argument and the fix."""
import numpy as np
import pytest

from lucidml.utils.parallel import effective_n_jobs, row_blocks, run_blocks
from lucidml.utils.validation import as_float_array, check_int, check_option, check_real


def test_as_float_array_accepts_numbers():
    a = as_float_array([[1, 2], [3, 4]], name="X", owner="f", ndim=2)
    assert a.dtype == np.float64 and a.shape == (2, 2)
    assert as_float_array(np.array([True, False]), name="x", owner="f").tolist() == [1.0, 0.0]
    assert as_float_array(np.array(["1.5", "2"]), name="x", owner="f").tolist() == [1.5, 2.0]


@pytest.mark.parametrize("value, kwargs, message", [
    (None, {}, "f: X is None"),
    ([1, np.nan], {}, "f: X contains NaN"),
    ([1, -np.inf], {}, "infinity"),
    ([], {}, "empty"),
    ([1, 2], {"ndim": 2}, "must be 2-D, got a 1-D array of shape \\(2,\\).*reshape"),
    ([[1], [2]], {"ndim": 1}, "must be 1-D"),
    (["a"], {}, "must contain numbers"),
    ([1j], {}, "complex"),
    ([[1, 2], [3]], {}, "same length"),
])
def test_as_float_array_errors(value, kwargs, message):
    with pytest.raises(ValueError, match=message):
        as_float_array(value, name="X", owner="f", **kwargs)


def test_scalar_checks():
    assert check_int(3, name="k", owner="f", minimum=1) == 3
    assert check_int(np.int32(3), name="k", owner="f") == 3
    with pytest.raises(TypeError, match="k must be an integer"):
        check_int(2.5, name="k", owner="f")
    with pytest.raises(TypeError):
        check_int(True, name="k", owner="f")
    with pytest.raises(ValueError, match="k=0 must be >= 1"):
        check_int(0, name="k", owner="f", minimum=1)
    with pytest.raises(ValueError, match="<= 4"):
        check_int(5, name="k", owner="f", maximum=4)
    assert check_real(0.5, name="a", owner="f", minimum=0.0) == 0.5
    with pytest.raises(ValueError, match="> 0"):
        check_real(0.0, name="a", owner="f", minimum=0.0, strict=True)
    with pytest.raises(ValueError, match="finite"):
        check_real(np.nan, name="a", owner="f")
    assert check_option("l1", name="m", owner="f", allowed=["l1", "l2"]) == "l1"
    with pytest.raises(ValueError, match="choose one of 'l1', 'l2'"):
        check_option("l3", name="m", owner="f", allowed=["l1", "l2"])


def test_parallel_blocks_cover_everything_once():
    assert row_blocks(10, 4) == [(0, 4), (4, 8), (8, 10)]
    seen = np.zeros(103, dtype=int)

    def work(start, stop, worker):
        seen[start:stop] += 1

    run_blocks(work, row_blocks(103, 10), n_jobs=2)
    assert (seen == 1).all()
    assert effective_n_jobs(1) == 1 and effective_n_jobs(None) >= 1
    with pytest.raises(ValueError, match="n_jobs=0"):
        effective_n_jobs(0)


def test_parallel_errors_reach_the_caller():
    def work(start, stop, worker):
        raise ValueError(f"bad block {start}")

    with pytest.raises(ValueError, match="bad block"):
        run_blocks(work, row_blocks(10, 2), n_jobs=2)
