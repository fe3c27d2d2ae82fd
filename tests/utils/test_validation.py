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


def test_check_two_classes():
    from lucidml.utils.validation import check_two_classes

    check_two_classes(np.array(["a", "b"]), "f")                        # two classes: fine
    with pytest.raises(ValueError, match=r"f: y has only one class \('a'\); a single class"):
        check_two_classes(np.array(["a"]), "f")                         # a plain 'a', not np.str_('a')


@pytest.mark.parametrize("value, closed, expected", [(3, False, 3), (np.int64(2), False, 2), (0.25, False, 0.25),
                                                     (1.0, True, 1.0), (np.float32(0.5), True, 0.5)])
def test_count_or_fraction_reads_counts_and_fractions(value, closed, expected):
    from lucidml.utils.validation import count_or_fraction

    got = count_or_fraction(value, name="n", owner="f", unit="rows", fraction_closed=closed)
    assert got == expected and type(got) is type(expected)             # int for a count, float for a fraction


@pytest.mark.parametrize("value, closed, error, message", [
    (1.0, False, ValueError, r"f: n=1.0 as a fraction must lie strictly between 0 and 1"),
    (0.0, True, ValueError, r"n=0.0 as a fraction must lie in \(0, 1\], so n=0.0 is out of range"),
    (float("nan"), False, ValueError, "out of range"),
    (True, False, TypeError, r"f: n must be an int \(a number of rows\) or a float"),
    ("half", False, TypeError, "got 'half'"),
])
def test_count_or_fraction_errors(value, closed, error, message):
    from lucidml.utils.validation import count_or_fraction

    with pytest.raises(error, match=message):
        count_or_fraction(value, name="n", owner="f", unit="rows", fraction_closed=closed)


def test_as_generator():
    from lucidml.utils.validation import as_generator

    g = np.random.default_rng(0)
    assert as_generator(g) is g                                         # a Generator passes through
    assert as_generator(5).random() == np.random.default_rng(5).random()
    a, b = as_generator(np.random.RandomState(1)), as_generator(np.random.RandomState(1))
    assert a.random() == b.random()                                     # a seeded RandomState reproduces
    assert isinstance(as_generator(None), np.random.Generator)
    with pytest.raises(TypeError, match="random_state must be None, an int"):
        as_generator("seed")


def test_one_blas_thread_limits_and_restores():
    from threadpoolctl import threadpool_info

    from lucidml.utils.parallel import one_blas_thread

    def blas_threads():
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = blas_threads()
    with one_blas_thread():
        assert all(n == 1 for n in blas_threads())
        with one_blas_thread():                                         # nests
            pass
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before
