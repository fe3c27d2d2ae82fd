"""Convolution layers: by hand, against PyTorch (values and every gradient), finite differences,
the readable reference, the course's signal convolution, and bad input."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lucidml.nn import Tensor
from lucidml.nn import functional_conv as FC
from lucidml.nn.conv import Conv1d, Conv2d

sys.path.insert(0, str(Path(__file__).parent))  # the shared helpers beside this file
from _nn_testing import check_gradient, check_torch  # noqa: E402

# torch's note that it pads a copy for padding="same" with an even kernel; the numbers are right
pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same'")


def _torch():
    return pytest.importorskip("torch")


def test_toy_by_hand():
    # x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], w = [[1, 2], [0, −1]], b = 0.5; no flip, stride 1:
    #   y[0, 0] = 1·1 + 2·2 + 4·0 + 5·(−1) + 0.5 = 0.5     y[0, 1] = 2 + 6 + 0 − 6 + 0.5 = 2.5
    #   y[1, 0] = 4 + 10 + 0 − 8 + 0.5 = 6.5               y[1, 1] = 5 + 12 + 0 − 9 + 0.5 = 8.5
    # With L = Σ y: ∂L/∂w[p, q] = Σ of the four windows' (p, q) entries, e.g. w[0, 0]: 1 + 2 + 4 + 5 = 12;
    # ∂L/∂b = 4 (four cells); ∂L/∂x[i, j] = Σ of w over the windows covering (i, j):
    #   x[0, 0] is only under w[0, 0] = 1; x[1, 1] is under all four taps: 1 + 2 + 0 − 1 = 2.
    x = Tensor(np.arange(1.0, 10.0).reshape(1, 1, 3, 3), requires_grad=True)
    w = Tensor(np.array([[[[1.0, 2.0], [0.0, -1.0]]]]), requires_grad=True)
    b = Tensor(np.array([0.5]), requires_grad=True)
    y = FC.conv2d(x, w, b)
    np.testing.assert_array_equal(y.data[0, 0], [[0.5, 2.5], [6.5, 8.5]])
    y.sum().backward()
    np.testing.assert_array_equal(w.grad[0, 0], [[12, 16], [24, 28]])
    np.testing.assert_array_equal(b.grad, [4])
    np.testing.assert_array_equal(x.grad[0, 0], [[1, 3, 2], [1, 2, 1], [0, -1, -1]])


def test_two_channels_by_hand():
    # one filter over two channels: each cell is the sum of the two channels' 2-D products
    #   channel 0: x0 = 1 everywhere, w0 = [[1, 1], [1, 1]] -> 4 per cell
    #   channel 1: x1 = [[0, 1, 2], [3, 4, 5], [6, 7, 8]], w1 = [[0, 0], [0, 1]] -> the bottom-right value
    x = np.stack([np.ones((3, 3)), np.arange(9.0).reshape(3, 3)])[None]          # (1, 2, 3, 3)
    w = np.stack([np.ones((2, 2)), [[0.0, 0.0], [0.0, 1.0]]])[None]                # (1, 2, 2, 2)
    y = FC.conv2d(x, w).data[0, 0]
    np.testing.assert_array_equal(y, [[4 + 4, 4 + 5], [4 + 7, 4 + 8]])


@st.composite
def conv2d_cases(draw):
    groups = draw(st.integers(1, 3))
    C_in, C_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    k = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    d = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    if draw(st.integers(0, 3)) == 0:
        padding, s, pad = "same", (1, 1), (0, 0)
    else:
        s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
        padding = draw(st.sampled_from(["valid", 0, 1, 2, (0, 1), (2, 1)]))
        pad = (0, 0) if padding == "valid" else (padding, padding) if isinstance(padding, int) else padding
    # the dilated kernel must fit in the padded input
    H = draw(st.integers(max(1, d[0] * (k[0] - 1) + 1 - 2 * pad[0]), 7))
    W = draw(st.integers(max(1, d[1] * (k[1] - 1) + 1 - 2 * pad[1]), 7))
    N = draw(st.integers(1, 2))
    bias = draw(st.booleans())
    seed = draw(st.integers(0, 2**16))
    return dict(shape=(N, C_in, H, W), weight=(C_out, C_in // groups) + k, bias=bias,
                kw=dict(stride=s, padding=padding, dilation=d, groups=groups), seed=seed)


@settings(max_examples=30, deadline=None)
@given(conv2d_cases())
def test_conv2d_matches_torch_property(case):
    """Forward and ∂L/∂x, ∂L/∂w, ∂L/∂b equal torch.nn.functional.conv2d in float64 to 1e-10."""
    torch = _torch()
    rng = np.random.default_rng(case["seed"])
    arrays = [rng.normal(size=case["shape"]), rng.normal(size=case["weight"])]
    if case["bias"]:
        arrays.append(rng.normal(size=case["weight"][0]))
    kw = case["kw"]
    check_torch(lambda *t: FC.conv2d(*t, **kw), lambda *t: torch.nn.functional.conv2d(*t, **kw), arrays,
                seed=case["seed"])


@pytest.mark.parametrize("kw", [dict(), dict(stride=2, padding=1), dict(padding="same", dilation=2),
                                dict(groups=2, stride=3, padding=2, dilation=2), dict(padding="same")])
def test_conv1d_matches_torch(kw):
    torch = _torch()
    rng = np.random.default_rng(1)
    x, w, b = rng.normal(size=(2, 4, 9)), rng.normal(size=(6, 4 // kw.get("groups", 1), 4)), rng.normal(size=6)
    check_torch(lambda *t: FC.conv1d(*t, **kw), lambda *t: torch.nn.functional.conv1d(*t, **kw), [x, w, b])


def test_blocks_of_samples_match_torch(monkeypatch):
    """With a tiny block budget the batch goes through im2col one sample at a time; same answer."""
    torch = _torch()
    monkeypatch.setattr(FC, "_BLOCK_BYTES", 1)
    rng = np.random.default_rng(2)
    arrays = [rng.normal(size=(5, 4, 6, 7)), rng.normal(size=(6, 2, 3, 2)), rng.normal(size=6)]
    kw = dict(stride=(1, 2), padding=(1, 0), dilation=(2, 1), groups=2)
    check_torch(lambda *t: FC.conv2d(*t, **kw), lambda *t: torch.nn.functional.conv2d(*t, **kw), arrays)
    kw = dict(padding=1)                                     # wide rows (stride 1) one sample at a time
    check_torch(lambda *t: FC.conv2d(*t, **kw), lambda *t: torch.nn.functional.conv2d(*t, **kw),
                [rng.normal(size=(3, 2, 8, 8)), rng.normal(size=(3, 2, 3, 3))])
    # the whole padded plane as the grid: each block's extra cells reach into the next sample,
    # whose block another thread computes at the same time
    grid = FC._grid((4, 2, 20, 20), (3, 2, 3, 3), 1, ((1, 1), (1, 1)), (1, 1), (1, 1), 20, 20, 8)
    assert (grid.Hg, grid.B, grid.block) == (22, 22, 1) and grid.tail > 0
    check_torch(lambda *t: FC.conv2d(*t, **kw), lambda *t: torch.nn.functional.conv2d(*t, **kw),
                [rng.normal(size=(4, 2, 20, 20)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=3)])


@pytest.mark.parametrize("kw", [dict(), dict(stride=2, padding=1), dict(padding="same", dilation=(2, 1)),
                                dict(groups=2)])
def test_conv2d_finite_differences(kw):
    rng = np.random.default_rng(3)
    arrays = [rng.normal(size=(2, 2, 5, 4)), rng.normal(size=(2, 2 // kw.get("groups", 1), 3, 2)),
              rng.normal(size=2)]
    check_gradient(lambda *t: FC.conv2d(*t, **kw), arrays)


def test_conv1d_finite_differences():
    rng = np.random.default_rng(4)
    check_gradient(lambda *t: FC.conv1d(*t, stride=2, padding=1, dilation=2),
                   [rng.normal(size=(2, 3, 8)), rng.normal(size=(2, 3, 3)), rng.normal(size=2)])


@pytest.mark.parametrize("kw", [dict(), dict(stride=(2, 1), padding=(1, 2)), dict(dilation=2, padding="same"),
                                dict(groups=3, stride=2), dict(padding="same")])
def test_fast_path_equals_sliding_window_reference(kw):
    rng = np.random.default_rng(5)
    x, w, b = rng.normal(size=(2, 3, 7, 6)), rng.normal(size=(6, 3 // kw.get("groups", 1), 3, 2)), rng.normal(size=6)
    np.testing.assert_allclose(FC.conv2d(x, w, b, **kw).data, FC.conv2d_reference(x, w, b, **kw),
                               rtol=1e-12, atol=1e-12)


def test_one_channel_layer_is_cross_correlation_and_flipping_gives_convolution():
    """A 1-channel Conv2d computes lucidml.signal.correlate2d; with the kernel flipped, the
    course's convolution lucidml.signal.conv2d (deep learning's "convolution" never flips)."""
    from lucidml.signal import conv2d as signal_conv2d
    from lucidml.signal import correlate2d

    rng = np.random.default_rng(6)
    D, K = rng.normal(size=(7, 6)), rng.normal(size=(3, 2))
    layer = Conv2d(1, 1, (3, 2), bias=False, dtype="float64")
    layer.load_state_dict({"weight": K[None, None]})
    out = layer(Tensor(D[None, None], dtype=np.float64)).data[0, 0]
    np.testing.assert_allclose(out, correlate2d(D, K), rtol=1e-12, atol=1e-12)
    layer.load_state_dict({"weight": K[::-1, ::-1][None, None]})
    np.testing.assert_allclose(layer(Tensor(D[None, None], dtype=np.float64)).data[0, 0], signal_conv2d(D, K),
                               rtol=1e-12, atol=1e-12)
    # the same with stride and padding (signal's explicit zeros, then 'valid')
    strided = FC.conv2d(D[None, None], K[None, None], stride=2, padding=1).data[0, 0]
    np.testing.assert_allclose(strided, correlate2d(D, K, stride=2, padding=1), rtol=1e-12, atol=1e-12)


def test_torch_state_dict_loads_and_layer_matches():
    torch = _torch()
    ref = torch.nn.Conv2d(3, 4, (3, 2), stride=2, padding=1, dilation=(1, 2)).double()
    ours = Conv2d(3, 4, (3, 2), stride=2, padding=1, dilation=(1, 2), dtype="float64")
    ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    assert sorted(ours.state_dict()) == sorted(ref.state_dict()) == ["bias", "weight"]
    x = np.random.default_rng(7).normal(size=(2, 3, 8, 9))
    g = np.random.default_rng(8).normal(size=tuple(ref(torch.tensor(x)).shape))
    xt, xT = Tensor(x, requires_grad=True, dtype=np.float64), torch.tensor(x, requires_grad=True)
    y, yT = ours(xt), ref(xT)
    y.backward(g)
    yT.backward(torch.tensor(g))
    np.testing.assert_allclose(y.data, yT.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(xt.grad, xT.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.weight.grad, ref.weight.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.bias.grad, ref.bias.grad.numpy(), rtol=1e-10, atol=1e-12)
    ref1 = torch.nn.Conv1d(2, 3, 3, padding="same", groups=1).double()
    ours1 = Conv1d(2, 3, 3, padding="same", dtype="float64").load_state_dict(
        {k: v.numpy() for k, v in ref1.state_dict().items()})
    x1 = np.random.default_rng(9).normal(size=(2, 2, 7))
    np.testing.assert_allclose(ours1(Tensor(x1, dtype=np.float64)).data, ref1(torch.tensor(x1)).detach().numpy(),
                               rtol=1e-10, atol=1e-12)


def test_initialisation_like_torch():
    layer = Conv2d(6, 64, (3, 5), groups=2, random_state=0)
    assert layer.weight.shape == (64, 3, 3, 5) and layer.bias.shape == (64,)
    bound = 1 / np.sqrt(3 * 3 * 5)                        # fan_in = C_in/groups · kH · kW = 45
    for p in (layer.weight.data, layer.bias.data):
        assert np.abs(p).max() <= bound
    assert abs(layer.weight.data.std() - bound / np.sqrt(3)) < 0.05 * bound     # U(−r, r) has std r/√3
    assert np.array_equal(Conv2d(2, 3, 3, random_state=1).weight.data, Conv2d(2, 3, 3, random_state=1).weight.data)
    assert Conv2d(2, 3, 3, bias=False).bias is None


def test_float32_in_float32_out():
    layer = Conv2d(2, 3, 3, padding=1, random_state=0)
    x = Tensor(np.random.default_rng(0).normal(size=(2, 2, 5, 5)).astype(np.float32), requires_grad=True)
    y = layer(x)
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == layer.weight.grad.dtype == layer.bias.grad.dtype == np.float32
    assert Conv1d(2, 3, 3)(Tensor(np.ones((1, 2, 6), dtype=np.float32))).dtype == np.float32


def test_config_rebuilds_and_io_round_trip(tmp_path):
    from lucidml.io import load, save

    layer = Conv2d(4, 6, (3, 1), stride=(2, 1), padding=(1, 0), dilation=1, groups=2,
                   random_state=0)
    rebuilt = Conv2d.from_config(layer.config())
    assert rebuilt.config() == layer.config() and rebuilt.weight.shape == layer.weight.shape
    save(layer, tmp_path / "conv.npz")
    loaded = load(tmp_path / "conv.npz")
    x = Tensor(np.random.default_rng(0).normal(size=(1, 4, 5, 5)).astype(np.float32))
    np.testing.assert_array_equal(loaded(x).data, layer(x).data)
    assert Conv1d.from_config(Conv1d(2, 2, 3, padding="same").config()).padding == "same"


# -- bad input ----------------------------------------------------------------------------------------
def test_wrong_ndim_names_the_expected_layout():
    with pytest.raises(ValueError, match=r"4-D input \(N, C, H, W\), got shape \(3, 5, 5\)"):
        Conv2d(3, 2, 3)(Tensor(np.zeros((3, 5, 5))))
    with pytest.raises(ValueError, match=r"must be 4-D \(N, C, H, W\), got shape \(5, 5\)"):
        FC.conv2d(np.zeros((5, 5)), np.zeros((1, 1, 3, 3)))
    with pytest.raises(ValueError, match=r"3-D input \(N, C, L\), got shape \(2, 8\)"):
        Conv1d(2, 2, 3)(Tensor(np.zeros((2, 8))))
    with pytest.raises(ValueError, match=r"weight must be 4-D \(C_out, C_in/groups, kH, kW\)"):
        FC.conv2d(np.zeros((1, 1, 5, 5)), np.zeros((3, 3)))


def test_channel_count_must_match():
    with pytest.raises(ValueError, match=r"input has 4 channels .* in_channels=3"):
        Conv2d(3, 2, 3)(Tensor(np.zeros((1, 4, 5, 5))))
    with pytest.raises(ValueError, match=r"input has 4 channels .* expects 6"):
        FC.conv2d(np.zeros((1, 4, 5, 5)), np.zeros((2, 3, 3, 3)), groups=2)
    with pytest.raises(ValueError, match=r"bias must have shape \(2,\)"):
        FC.conv2d(np.zeros((1, 3, 5, 5)), np.zeros((2, 3, 3, 3)), np.zeros(3))


def test_kernel_larger_than_padded_input():
    with pytest.raises(ValueError, match=r"extent d·\(k − 1\) \+ 1 = 5\) is larger than the padded input "
                                         r"along H \(3 \+ 0 \+ 0 = 3\)"):
        Conv2d(1, 1, 5)(Tensor(np.zeros((1, 1, 3, 8))))
    with pytest.raises(ValueError, match=r"extent d·\(k − 1\) \+ 1 = 5\) is larger .* along W \(2 \+ 1 \+ 1 = 4\)"):
        FC.conv2d(np.zeros((1, 1, 9, 2)), np.zeros((1, 1, 3, 3)), padding=1, dilation=2)


def test_non_positive_stride_or_dilation():
    with pytest.raises(ValueError, match=r"stride=0 must be >= 1"):
        Conv2d(1, 1, 3, stride=0)
    with pytest.raises(ValueError, match=r"dilation=\(1, -1\) must be >= 1"):
        Conv2d(1, 1, 3, dilation=(1, -1))
    with pytest.raises(ValueError, match=r"stride=\(0, 1\) must be >= 1 on each axis"):
        FC.conv2d(np.zeros((1, 1, 5, 5)), np.zeros((1, 1, 3, 3)), stride=(0, 1))
    with pytest.raises(ValueError, match=r"conv1d: dilation=0 must be >= 1"):
        FC.conv1d(np.zeros((1, 1, 5)), np.zeros((1, 1, 3)), dilation=0)
    with pytest.raises(TypeError, match=r"stride=1.5 must be an int"):
        Conv2d(1, 1, 3, stride=1.5)


def test_groups_must_divide_the_channels():
    with pytest.raises(ValueError, match=r"groups=3 must divide in_channels=4 and out_channels=6"):
        Conv2d(4, 6, 3, groups=3)
    with pytest.raises(ValueError, match=r"groups=2 does not divide out_channels=3"):
        FC.conv2d(np.zeros((1, 4, 5, 5)), np.zeros((3, 2, 3, 3)), groups=2)
    with pytest.raises(ValueError, match=r"groups=2 does not divide the input's 3 channels"):
        FC.conv2d(np.zeros((1, 3, 5, 5)), np.zeros((2, 1, 3, 3)), groups=2)
    with pytest.raises(ValueError, match=r"groups=0 must be a positive integer"):
        FC.conv2d(np.zeros((1, 3, 5, 5)), np.zeros((2, 3, 3, 3)), groups=0)


def test_same_padding_needs_stride_one():
    with pytest.raises(ValueError, match=r"padding='same' needs stride=1, got stride=2"):
        Conv2d(1, 1, 3, stride=2, padding="same")
    with pytest.raises(ValueError, match=r"padding='same' needs stride=1, got stride=\(1, 2\)"):
        FC.conv2d(np.zeros((1, 1, 5, 5)), np.zeros((1, 1, 3, 3)), stride=(1, 2), padding="same")
    with pytest.raises(ValueError, match=r"padding='full' is not supported"):
        Conv2d(1, 1, 3, padding="full")
    with pytest.raises(ValueError, match=r"padding_mode='reflect' is not supported; only 'zeros'"):
        Conv2d(1, 1, 3, padding_mode="reflect")
