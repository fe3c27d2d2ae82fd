"""Convolution and cross-correlation: the course answers, SciPy agreement, stride/padding, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import signal as sps

from lucidml.signal import conv1d, conv2d, correlate1d, correlate2d

COURSE_D = np.array([[1, 0, 1, 1, 0],
                     [1, 0, 0, 1, 1],
                     [0, 1, 0, 0, 0],
                     [1, 0, 0, 0, 1],
                     [0, 1, 0, 1, 0]])
COURSE_K = np.array([[0, 0, 0], [0, 5, 0], [0, 0, 0]])
MODES = ["valid", "same", "full"]


def test_toy_by_hand_course_1d():
    # windows [2,5,0], [5,0,1], [0,1,3] times the flipped kernel [0,1,0] pick the middle value
    np.testing.assert_array_equal(conv1d([2, 5, 0, 1, 3], [0, 1, 0]), [5, 0, 1])


def test_toy_by_hand_course_2d():
    # the centre-5 kernel multiplies the centre of each 3x3 window by 5: D[1:4, 1:4] * 5
    expected = [[0, 0, 5], [5, 0, 0], [0, 0, 0]]
    np.testing.assert_array_equal(conv2d(COURSE_D, COURSE_K), expected)
    np.testing.assert_array_equal(conv2d(COURSE_D, COURSE_K), 5 * COURSE_D[1:4, 1:4])


def test_toy_by_hand_flip():
    # f = [1, 2, 3], g = [1, 0]: convolution y[n] = f[n+1]·g[0] + f[n]·g[1] -> [2, 3];
    # correlation y[n] = f[n]·g[0] + f[n+1]·g[1] -> [1, 2]
    np.testing.assert_array_equal(conv1d([1, 2, 3], [1, 0]), [2, 3])
    np.testing.assert_array_equal(correlate1d([1, 2, 3], [1, 0]), [1, 2])


# (scipy swaps the inputs when the kernel is longer than the data in 'valid' mode;
#  lucidml refuses instead, tested in test_bad_arguments, so those cases are not compared)
CASES_1D = [(mode, n, k) for mode in MODES for n, k in [(1, 1), (5, 3), (6, 4), (7, 7), (10, 2), (3, 5)]
            if not (mode == "valid" and k > n)]
CASES_2D = [(mode, shape, kshape) for mode in MODES
            for shape, kshape in [((5, 5), (3, 3)), ((6, 7), (2, 4)), ((4, 4), (4, 4)), ((8, 3), (1, 3)),
                                  ((3, 3), (5, 2))]
            if not (mode == "valid" and (kshape[0] > shape[0] or kshape[1] > shape[1]))]


@pytest.mark.parametrize("mode,n,k", CASES_1D)
def test_matches_scipy_1d_fixed(mode, n, k):
    rng = np.random.default_rng(n * 10 + k)
    f, g = rng.normal(size=n), rng.normal(size=k)
    np.testing.assert_allclose(conv1d(f, g, mode), sps.convolve(f, g, mode, method="direct"),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(correlate1d(f, g, mode), sps.correlate(f, g, mode, method="direct"),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode,shape,kshape", CASES_2D)
def test_matches_scipy_2d_fixed(mode, shape, kshape):
    rng = np.random.default_rng(sum(shape) + sum(kshape))
    D, K = rng.normal(size=shape), rng.normal(size=kshape)
    np.testing.assert_allclose(conv2d(D, K, mode), sps.convolve2d(D, K, mode), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(correlate2d(D, K, mode), sps.correlate2d(D, K, mode), rtol=1e-12, atol=1e-12)


@given(n=st.integers(1, 40), k=st.integers(1, 12), mode=st.sampled_from(MODES), seed=st.integers(0, 2**16))
def test_property_1d_equals_scipy(n, k, mode, seed):
    if mode == "valid" and k > n:
        k = n
    rng = np.random.default_rng(seed)
    f, g = rng.normal(size=n) * 10, rng.normal(size=k)
    scale = np.abs(f).sum() * np.abs(g).max() + 1.0  # bound on any output cell
    np.testing.assert_allclose(conv1d(f, g, mode), sps.convolve(f, g, mode, method="direct"),
                               rtol=1e-12, atol=1e-12 * scale)
    np.testing.assert_allclose(correlate1d(f, g, mode), sps.correlate(f, g, mode, method="direct"),
                               rtol=1e-12, atol=1e-12 * scale)


@given(h=st.integers(1, 12), w=st.integers(1, 12), kh=st.integers(1, 5), kw=st.integers(1, 5),
       mode=st.sampled_from(MODES), seed=st.integers(0, 2**16))
def test_property_2d_equals_scipy(h, w, kh, kw, mode, seed):
    if mode == "valid":
        kh, kw = min(kh, h), min(kw, w)
    rng = np.random.default_rng(seed)
    D, K = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
    scale = np.abs(D).sum() * np.abs(K).max() + 1.0
    np.testing.assert_allclose(conv2d(D, K, mode), sps.convolve2d(D, K, mode), rtol=1e-12, atol=1e-12 * scale)
    np.testing.assert_allclose(correlate2d(D, K, mode), sps.correlate2d(D, K, mode), rtol=1e-12,
                               atol=1e-12 * scale)


@given(h=st.integers(3, 15), w=st.integers(3, 15), s0=st.integers(1, 4), s1=st.integers(1, 4),
       mode=st.sampled_from(MODES), seed=st.integers(0, 2**16))
def test_property_stride_subsamples_stride_one(h, w, s0, s1, mode, seed):
    rng = np.random.default_rng(seed)
    D, K = rng.normal(size=(h, w)), rng.normal(size=(3, 2))
    np.testing.assert_allclose(conv2d(D, K, mode, stride=(s0, s1)), conv2d(D, K, mode)[::s0, ::s1], rtol=1e-13)
    f = D[0]
    np.testing.assert_allclose(correlate1d(f, K[:, 0], mode, stride=s0), correlate1d(f, K[:, 0], mode)[::s0],
                               rtol=1e-13)


@given(n=st.integers(1, 20), before=st.integers(0, 4), after=st.integers(0, 4), mode=st.sampled_from(MODES),
       seed=st.integers(0, 2**16))
def test_property_padding_equals_padded_input(n, before, after, mode, seed):
    rng = np.random.default_rng(seed)
    f, g = rng.normal(size=n), rng.normal(size=3)
    padded = np.pad(f, (before, after))
    if mode == "valid" and len(padded) < 3:
        return
    np.testing.assert_allclose(conv1d(f, g, mode, padding=(before, after)), conv1d(padded, g, mode), rtol=1e-13)


def test_padding_forms_2d():
    rng = np.random.default_rng(0)
    D, K = rng.normal(size=(4, 5)), rng.normal(size=(3, 3))
    np.testing.assert_allclose(conv2d(D, K, padding=1), conv2d(np.pad(D, 1), K))
    np.testing.assert_allclose(conv2d(D, K, padding=(1, 2)), conv2d(np.pad(D, ((1, 1), (2, 2))), K))
    np.testing.assert_allclose(conv2d(D, K, padding=((0, 1), (2, 0))), conv2d(np.pad(D, ((0, 1), (2, 0))), K))
    # 'same' with padding=1 and a 3x3 kernel equals 'valid' on the input padded by 2
    np.testing.assert_allclose(correlate2d(D, K, "same", padding=1), correlate2d(np.pad(D, 2), K))


def test_deep_learning_layer_shape():
    # a 'valid' 3x3 cross-correlation with padding 1 and stride 2 on 7x7 gives floor((7+2-3)/2)+1 = 4
    assert correlate2d(np.ones((7, 7)), np.ones((3, 3)), padding=1, stride=2).shape == (4, 4)


def test_integer_input_gives_float_output():
    out = conv1d(np.array([1, 2, 3], dtype=np.int8), np.array([1, 1], dtype=np.int8))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [3, 5])


@pytest.mark.parametrize("bad, message", [
    ([1.0, np.nan, 2.0], "NaN"),
    ([1.0, np.inf, 2.0], "infinity"),
    ([], "empty"),
    ([[1.0, 2.0]], "1-D"),
    (["a", "b"], "numbers"),
    ([1 + 2j, 3], "complex"),
])
def test_bad_signal(bad, message):
    with pytest.raises(ValueError, match=message):
        conv1d(bad, [1.0])


def test_bad_arguments():
    with pytest.raises(ValueError, match="larger than"):
        conv1d([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="larger than"):
        conv2d(np.ones((2, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="mode='wrong'"):
        conv1d([1, 2, 3], [1], mode="wrong")
    with pytest.raises(ValueError, match="stride"):
        conv1d([1, 2, 3], [1], stride=0)
    with pytest.raises(TypeError, match="stride"):
        conv1d([1, 2, 3], [1], stride=1.5)
    with pytest.raises(ValueError, match="padding"):
        conv1d([1, 2, 3], [1], padding=-1)
    with pytest.raises(ValueError, match="padding"):
        conv2d(np.ones((3, 3)), np.ones((2, 2)), padding=(1, 1, 1))
    with pytest.raises(ValueError, match="2-D"):
        conv2d([1, 2, 3], [[1]])
    with pytest.raises(ValueError, match="ragged|same length|could not"):
        conv2d([[1, 2], [3]], [[1]])
