"""BatchNorm2d and Dropout2d: by hand, against PyTorch (train and eval, running statistics), bad input."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from lucidml.nn import Tensor
from lucidml.nn.norm import BatchNorm2d, Dropout2d

sys.path.insert(0, str(Path(__file__).parent))  # the shared helpers beside this file
from _nn_testing import check_gradient  # noqa: E402


def _torch():
    return pytest.importorskip("torch")


def test_toy_by_hand():
    # one channel, values 1, 2, 3, 4 over (N, H, W): μ = 2.5, σ² = 1.25 (biased), so
    # x̂ = (x − 2.5)/√1.25 = ±0.4472·{3, 1}; with γ = 2, β = 1: y = 1 ± 2·(1.5, 0.5)/√1.25.
    # The running mean becomes 0.9·0 + 0.1·2.5 = 0.25, the running variance 0.9·1 + 0.1·(5/3) = 1.0667
    # (unbiased: Σ (x − μ)² / (n − 1) = 5/3).
    bn = BatchNorm2d(1, eps=0.0, dtype="float64")
    bn.weight.data[:] = 2.0
    bn.bias.data[:] = 1.0
    x = np.array([1.0, 2.0, 3.0, 4.0]).reshape(2, 1, 1, 2)
    y = bn(Tensor(x, dtype=np.float64)).data.ravel()
    np.testing.assert_allclose(y, 1 + 2 * np.array([-1.5, -0.5, 0.5, 1.5]) / np.sqrt(1.25), rtol=1e-12)
    np.testing.assert_allclose(bn.running_mean, [0.25])
    np.testing.assert_allclose(bn.running_var, [0.9 + 0.1 * 5 / 3])
    assert bn.num_batches_tracked == 1 and bn.num_batches_tracked.dtype == np.int64


def _copy_into_ours(ref, ours):
    ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    assert sorted(ours.state_dict()) == sorted(ref.state_dict())


@pytest.mark.parametrize("kw", [dict(), dict(momentum=None), dict(affine=False), dict(track_running_stats=False),
                                dict(eps=1e-3, momentum=0.3)])
def test_matches_torch_train_and_eval(kw):
    torch = _torch()
    ref = torch.nn.BatchNorm2d(3, **kw).double()
    if ref.affine:
        with torch.no_grad():
            ref.weight.uniform_(0.5, 1.5)
            ref.bias.uniform_(-1, 1)
    ours = BatchNorm2d(3, **kw, dtype="float64")
    _copy_into_ours(ref, ours)
    rng = np.random.default_rng(0)
    for mode in ("train", "train", "train", "eval", "eval"):
        ref.train(mode == "train")
        ours.train(mode == "train")
        x = rng.normal(loc=2.0, scale=3.0, size=(4, 3, 5, 6))
        g = rng.normal(size=x.shape)
        xt, xT = Tensor(x, requires_grad=True, dtype=np.float64), torch.tensor(x, requires_grad=True)
        y, yT = ours(xt), ref(xT)
        y.backward(g)
        yT.backward(torch.tensor(g))
        np.testing.assert_allclose(y.data, yT.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(xt.grad, xT.grad.numpy(), rtol=1e-10, atol=1e-12)
        if ref.affine:
            np.testing.assert_allclose(ours.weight.grad, ref.weight.grad.numpy(), rtol=1e-10, atol=1e-12)
            np.testing.assert_allclose(ours.bias.grad, ref.bias.grad.numpy(), rtol=1e-10, atol=1e-12)
            ours.zero_grad()
            ref.zero_grad()
        theirs = {k: v.numpy() for k, v in ref.state_dict().items()}
        for k, v in ours.state_dict().items():                     # running statistics after each step
            np.testing.assert_allclose(v, theirs[k], rtol=1e-12, atol=1e-12, err_msg=k)


def test_finite_differences_through_the_batch_statistics():
    bn = BatchNorm2d(2, dtype="float64")
    rng = np.random.default_rng(1)
    bn.weight.data = rng.uniform(0.5, 2, size=2)

    def op(x):
        bn.train()
        return bn(x)

    check_gradient(op, [rng.normal(size=(3, 2, 2, 3))])
    bn.eval()
    check_gradient(lambda x: bn(x), [rng.normal(size=(2, 2, 2, 2))])


def test_float32_in_float32_out():
    bn = BatchNorm2d(2)
    x = Tensor(np.random.default_rng(2).normal(size=(2, 2, 3, 3)).astype(np.float32), requires_grad=True)
    y = bn(x)
    y.sum().backward()
    assert y.dtype == x.grad.dtype == bn.weight.grad.dtype == bn.running_var.dtype == np.float32
    assert bn.eval()(x).dtype == np.float32


def test_config_round_trip():
    bn = BatchNorm2d(4, eps=1e-3, momentum=None, affine=False, dtype="float64")
    assert BatchNorm2d.from_config(bn.config()).config() == bn.config()


def test_batch_norm_bad_input():
    with pytest.raises(ValueError, match=r"expected input of shape \(N, 3, H, W\), got \(2, 4, 5, 5\)"):
        BatchNorm2d(3)(Tensor(np.zeros((2, 4, 5, 5))))
    with pytest.raises(ValueError, match=r"expected input of shape \(N, 3, H, W\), got \(2, 3\)"):
        BatchNorm2d(3)(Tensor(np.zeros((2, 3))))
    with pytest.raises(ValueError, match=r"more than one value per channel .* \(N·H·W = 1\)"):
        BatchNorm2d(3)(Tensor(np.zeros((1, 3, 1, 1))))
    with pytest.raises(ValueError, match=r"momentum=1.5 must lie in \[0, 1\]"):
        BatchNorm2d(3, momentum=1.5)
    with pytest.raises(KeyError, match=r"unexpected keys \['num_batches_tracked', 'running_mean'"):
        BatchNorm2d(3, track_running_stats=False).load_state_dict(BatchNorm2d(3).state_dict())


# -- Dropout2d ----------------------------------------------------------------------------------------
def test_dropout2d_drops_whole_channels_and_rescales():
    drop = Dropout2d(0.5, random_state=0)
    x = Tensor(np.ones((64, 8, 3, 3)), requires_grad=True, dtype=np.float64)
    y = drop(x).data
    per_channel = y.reshape(64, 8, -1)
    assert set(np.unique(per_channel)) <= {0.0, 2.0}                       # kept values scaled by 1/(1 − p)
    assert np.all(per_channel.min(axis=2) == per_channel.max(axis=2))     # a channel is all kept or all dropped
    assert abs((per_channel[:, :, 0] == 0).mean() - 0.5) < 0.08           # about p of 512 channels dropped
    drop(x).sum().backward()                                               # ∂y/∂x = mask / (1 − p)
    assert set(np.unique(x.grad)) <= {0.0, 2.0}
    assert drop.eval()(x) is x and Dropout2d(0.0).train()(x) is x


def test_dropout2d_reproducible_and_bad_input():
    x = Tensor(np.ones((4, 6, 2, 2)))
    np.testing.assert_array_equal(Dropout2d(0.3, random_state=5)(x).data, Dropout2d(0.3, random_state=5)(x).data)
    with pytest.raises(ValueError, match=r"p=1.0 must lie in \[0, 1\)"):
        Dropout2d(1.0)
    with pytest.raises(ValueError, match=r"expected a 4-D input \(N, C, H, W\), got shape \(4, 6\)"):
        Dropout2d(0.5)(Tensor(np.ones((4, 6))))
