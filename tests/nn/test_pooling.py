"""Pooling layers: by hand, against PyTorch (values and gradients), finite differences, bad input."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lucidml.nn import Tensor
from lucidml.nn import functional_conv as FC
from lucidml.nn.pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d

sys.path.insert(0, str(Path(__file__).parent))  # the shared helpers beside this file
from _nn_testing import check_gradient, check_torch  # noqa: E402


def _torch():
    return pytest.importorskip("torch")


X = np.array([[1.0, 3.0, 2.0, 0.0],
              [4.0, 2.0, 1.0, 5.0],
              [0.0, 1.0, 3.0, 3.0],
              [2.0, 6.0, 0.0, 1.0]])[None, None]              # (1, 1, 4, 4)


def test_toy_by_hand():
    # 2×2 windows, stride 2: top-left {1, 3, 4, 2}, top-right {2, 0, 1, 5}, bottom-left {0, 1, 2, 6},
    # bottom-right {3, 3, 0, 1}: maxima 4, 5, 6, 3 and means 10/4, 8/4, 9/4, 7/4.
    x = Tensor(X, requires_grad=True, dtype=np.float64)
    y = MaxPool2d(2)(x)
    np.testing.assert_array_equal(y.data[0, 0], [[4, 5], [6, 3]])
    y.sum().backward()
    # the gradient goes to each maximum; the tie 3 = 3 in the last window goes to the first (row-major)
    np.testing.assert_array_equal(x.grad[0, 0], [[0, 0, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0]])
    np.testing.assert_array_equal(AvgPool2d(2)(Tensor(X)).data[0, 0], [[2.5, 2.0], [2.25, 1.75]])
    # global average pooling: the mean of all 16 values, 34/16
    np.testing.assert_allclose(AdaptiveAvgPool2d(1)(Tensor(X)).data[0, 0], [[34 / 16]])
    # padding 1 with count_include_pad=False: the corner window 3×3 at stride 2 holds only {1, 3, 4, 2}
    corner = FC.avg_pool2d(X, 3, stride=2, padding=1, count_include_pad=False).data[0, 0, 0, 0]
    assert corner == pytest.approx(10 / 4)
    assert FC.avg_pool2d(X, 3, stride=2, padding=1).data[0, 0, 0, 0] == pytest.approx(10 / 9)


@st.composite
def pool_cases(draw):
    k = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    stride = draw(st.sampled_from([None, 1, 2, (1, 3), (3, 2)]))
    padding = (draw(st.integers(0, k[0] // 2)), draw(st.integers(0, k[1] // 2)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    H = draw(st.integers(max(1, dilation[0] * (k[0] - 1) + 1 - 2 * padding[0]), 7))
    W = draw(st.integers(max(1, dilation[1] * (k[1] - 1) + 1 - 2 * padding[1]), 7))
    # skip windows that dilation makes step over every input value (refused; see test_bad_input)
    assume(all(any(0 <= i - pp + dd * t < n for t in range(kk)) for n, kk, pp, dd in
               zip((H, W), k, padding, dilation) for i in range(n + 2 * pp)))
    return dict(shape=(draw(st.integers(1, 2)), draw(st.integers(1, 3)), H, W), k=k, stride=stride,
                padding=padding, dilation=dilation, ceil_mode=draw(st.booleans()),
                count_include_pad=draw(st.booleans()), seed=draw(st.integers(0, 2**16)))


@settings(max_examples=30, deadline=None)
@given(pool_cases())
def test_max_and_avg_pool_match_torch_property(case):
    torch = _torch()
    TF = torch.nn.functional
    x = np.random.default_rng(case["seed"]).normal(size=case["shape"])
    k, s, p, d, ceil = case["k"], case["stride"], case["padding"], case["dilation"], case["ceil_mode"]
    check_torch(lambda t: FC.max_pool2d(t, k, s, p, d, ceil), lambda t: TF.max_pool2d(t, k, s, p, d, ceil), [x])
    count = case["count_include_pad"]
    check_torch(lambda t: FC.avg_pool2d(t, k, s, p, count_include_pad=count),
                lambda t: TF.avg_pool2d(t, k, s, p, count_include_pad=count), [x])


@pytest.mark.parametrize("output_size", [1, 2, (3, 2), (5, 7), (2, None), (9, 4)])
def test_adaptive_avg_pool_matches_torch(output_size):
    torch = _torch()
    x = np.random.default_rng(1).normal(size=(2, 3, 5, 7))
    check_torch(lambda t: FC.adaptive_avg_pool2d(t, output_size),
                lambda t: torch.nn.functional.adaptive_avg_pool2d(t, output_size), [x])


def test_max_pool_ties_go_where_torch_sends_them():
    """ReLU outputs are full of exact zeros: every tied window must route its gradient like PyTorch."""
    torch = _torch()
    x = np.maximum(np.random.default_rng(2).integers(-2, 3, size=(2, 3, 7, 8)), 0).astype(float)
    for args in [(2,), (3, 1, 1), (3, 2, 1, 2), (2, 1)]:
        check_torch(lambda t: FC.max_pool2d(t, *args), lambda t: torch.nn.functional.max_pool2d(t, *args), [x])


@pytest.mark.parametrize("op", [lambda t: FC.max_pool2d(t, 2, 1, dilation=(1, 2)),
                                lambda t: FC.avg_pool2d(t, 3, 2, 1, count_include_pad=False),
                                lambda t: FC.adaptive_avg_pool2d(t, (2, 3))])
def test_finite_differences(op):
    check_gradient(op, [np.random.default_rng(3).normal(size=(2, 2, 5, 6))])


def test_global_average_pooling_is_the_mean_over_positions():
    x = np.random.default_rng(4).normal(size=(3, 4, 6, 5))
    np.testing.assert_allclose(FC.adaptive_avg_pool2d(x, 1).data[:, :, 0, 0], x.mean(axis=(2, 3)), rtol=1e-12)


def test_float32_in_float32_out():
    x = Tensor(np.ones((1, 2, 6, 6), dtype=np.float32), requires_grad=True)
    for layer in (MaxPool2d(2), AvgPool2d(3, 1, 1), AdaptiveAvgPool2d((2, 3))):
        y = layer(x)
        assert y.dtype == np.float32
        x.grad = None
        y.sum().backward()
        assert x.grad.dtype == np.float32


def test_modules_config_round_trip():
    for layer in (MaxPool2d(3, 2, 1, ceil_mode=True), AvgPool2d((2, 3), count_include_pad=False),
                  AdaptiveAvgPool2d((4, None))):
        rebuilt = type(layer).from_config(layer.config())
        assert rebuilt.config() == layer.config()
        x = Tensor(np.random.default_rng(5).normal(size=(1, 2, 7, 8)))
        np.testing.assert_array_equal(rebuilt(x).data, layer(x).data)


def test_bad_input():
    with pytest.raises(ValueError, match=r"must be 4-D \(N, C, H, W\), got shape \(6, 6\)"):
        MaxPool2d(2)(Tensor(np.zeros((6, 6))))
    with pytest.raises(ValueError, match=r"padding=\(2, 2\) must be at most half the kernel_size=\(3, 3\)"):
        MaxPool2d(3, padding=2)
    with pytest.raises(ValueError, match=r"padding=\(2, 2\) must be at most half"):
        FC.avg_pool2d(np.zeros((1, 1, 6, 6)), 3, padding=2)
    with pytest.raises(ValueError, match=r"window \(kernel_size 5, dilation 1: extent 5\) is larger than the "
                                         r"padded input along H \(3 \+ 2·0 = 3\)"):
        AvgPool2d(5)(Tensor(np.zeros((1, 1, 3, 9))))
    with pytest.raises(ValueError, match=r"stride=0 must be >= 1"):
        MaxPool2d(2, stride=0)
    with pytest.raises(ValueError, match=r"dilation=0 must be >= 1"):
        FC.max_pool2d(np.zeros((1, 1, 6, 6)), 2, dilation=0)
    with pytest.raises(ValueError, match=r"output_size=\(0, 2\) must be >= 1"):
        AdaptiveAvgPool2d((0, 2))
    with pytest.raises(ValueError, match=r"window 0 along H \(kernel_size 2, dilation 2, padding 1, input size 1\) "
                                         r"covers only padding"):
        FC.max_pool2d(np.zeros((1, 1, 1, 3)), (2, 3), padding=(1, 0), dilation=(2, 1))
    with pytest.raises(TypeError, match=r"kernel_size=2.5 must be an int or a pair of ints"):
        MaxPool2d(2.5)
