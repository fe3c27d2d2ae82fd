"""Activations and losses: values and gradients vs finite differences and PyTorch; stability."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes

from lucidml.nn import Tensor
from lucidml.nn import functional as F

sys.path.insert(0, str(Path(__file__).parent))  # the shared helpers beside this file
from _nn_testing import check_gradient, check_torch  # noqa: E402


def values(shape, seed=0, low=0.1, high=3.0):
    r = np.random.default_rng(seed)
    return r.uniform(low, high, size=shape) * r.choice([-1.0, 1.0], size=shape)


def torch_smht(x, a=1.0, b=1.0, c=1.0, d=1.0):
    return ((a * x).exp() - (-b * x).exp()) / ((c * x).exp() + (-d * x).exp())


def _t():
    import torch
    return torch


ACTIVATIONS = [
    ("identity", F.identity, lambda x: x * 1.0),
    ("sigmoid", F.sigmoid, lambda x: _t().sigmoid(x)),
    ("tanh", F.tanh, lambda x: _t().tanh(x)),
    ("smht", lambda x: F.smht(x, 0.9, 1.1, 0.8, 1.2), lambda x: torch_smht(x, 0.9, 1.1, 0.8, 1.2)),
    ("relu", F.relu, lambda x: _t().relu(x)),
    ("leaky_relu", lambda x: F.leaky_relu(x, 0.1), lambda x: _t().nn.functional.leaky_relu(x, 0.1)),
    ("elu", lambda x: F.elu(x, 1.5), lambda x: _t().nn.functional.elu(x, 1.5)),
    ("gelu", F.gelu, lambda x: _t().nn.functional.gelu(x)),
    ("softplus", F.softplus, lambda x: _t().nn.functional.softplus(x)),
    ("softmax", lambda x: F.softmax(x, axis=-1), lambda x: _t().softmax(x, dim=-1)),
    ("softmax-axis0", lambda x: F.softmax(x, axis=0), lambda x: _t().softmax(x, dim=0)),
    ("log_softmax", F.log_softmax, lambda x: _t().log_softmax(x, dim=-1)),
]

labels = np.array([0, 2, 1, 2])
targets01 = np.random.default_rng(5).uniform(0, 1, size=(4, 3))


def _tF():
    return _t().nn.functional


LOSSES = [
    ("mse", lambda x: F.mse_loss(x, targets01), lambda x: _tF().mse_loss(x, _t().tensor(targets01)), values((4, 3))),
    ("mse-sum", lambda x: F.mse_loss(x, targets01, reduction="sum"),
     lambda x: _tF().mse_loss(x, _t().tensor(targets01), reduction="sum"), values((4, 3))),
    ("half-sse", lambda x: F.half_squared_error(x, targets01),
     lambda x: 0.5 * ((_t().tensor(targets01) - x) ** 2).sum(), values((4, 3))),
    ("bce", lambda x: F.binary_cross_entropy(x, targets01),
     lambda x: _tF().binary_cross_entropy(x, _t().tensor(targets01)),
     np.random.default_rng(1).uniform(0.05, 0.95, size=(4, 3))),
    ("bce-logits", lambda x: F.binary_cross_entropy_with_logits(x, targets01),
     lambda x: _tF().binary_cross_entropy_with_logits(x, _t().tensor(targets01)), values((4, 3))),
    ("bce-logits-none", lambda x: F.binary_cross_entropy_with_logits(x, targets01, reduction="none"),
     lambda x: _tF().binary_cross_entropy_with_logits(x, _t().tensor(targets01), reduction="none"), values((4, 3))),
    ("cross-entropy", lambda x: F.cross_entropy(x, labels),
     lambda x: _tF().cross_entropy(x, _t().tensor(labels)), values((4, 3))),
    ("cross-entropy-sum", lambda x: F.cross_entropy(x, labels, reduction="sum"),
     lambda x: _tF().cross_entropy(x, _t().tensor(labels), reduction="sum"), values((4, 3))),
    ("nll", lambda x: F.nll_loss(F.log_softmax(x), labels),
     lambda x: _tF().nll_loss(_t().log_softmax(x, dim=1), _t().tensor(labels)), values((4, 3))),
]


@pytest.mark.parametrize("name, op, torch_op", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_gradient_matches_finite_differences(name, op, torch_op):
    check_gradient(op, [values((3, 5))])


@pytest.mark.parametrize("name, op, torch_op", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_matches_torch(name, op, torch_op):
    pytest.importorskip("torch")
    check_torch(op, torch_op, [values((3, 5))])


@pytest.mark.parametrize("name, op, torch_op, x", LOSSES, ids=[a[0] for a in LOSSES])
def test_loss_gradient_matches_finite_differences(name, op, torch_op, x):
    check_gradient(op, [x])


@pytest.mark.parametrize("name, op, torch_op, x", LOSSES, ids=[a[0] for a in LOSSES])
def test_loss_matches_torch(name, op, torch_op, x):
    pytest.importorskip("torch")
    check_torch(op, torch_op, [x])


@given(shape=array_shapes(min_dims=1, max_dims=3, max_side=4), seed=st.integers(0, 2**16),
       name=st.sampled_from([a[0] for a in ACTIVATIONS]))
def test_property_activations_any_shape(shape, seed, name):
    op = dict((a[0], a[1]) for a in ACTIVATIONS)[name]
    grads = check_gradient(op, [values(shape, seed=seed)], seed=seed)
    assert grads[0].shape == shape


def test_toy_by_hand():
    # σ(0) = 1/2, σ′(0) = 1/4;  tanh(0) = 0, tanh′(0) = 1;  ReLU(−1) = 0, ReLU′(2) = 1
    x = Tensor([0.0], requires_grad=True, dtype=np.float64)
    F.sigmoid(x).sum().backward()
    assert x.grad[0] == 0.25
    # smht with a = b = c = d = 1 is tanh
    z = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(F.smht(Tensor(z)).data, np.tanh(z), atol=1e-12)
    np.testing.assert_array_equal(F.binary_step(Tensor([-1.0, 0.0, 2.0])).data, [0, 1, 1])
    # softmax of equal scores is uniform
    np.testing.assert_allclose(F.softmax(Tensor(np.zeros((1, 4)))).data, 0.25)


def test_binary_step_has_zero_gradient():
    x = Tensor([-1.0, 0.5, 2.0], requires_grad=True)
    F.binary_step(x).sum().backward()
    np.testing.assert_array_equal(x.grad, 0.0)


def test_numerically_stable_for_huge_inputs():
    z = Tensor(np.array([[1000.0, 0.0, -1000.0]]), requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = F.softmax(z)
        ls = F.log_softmax(z)
        sig = F.sigmoid(z)
        sp = F.softplus(z)
        loss = F.cross_entropy(z, [2]) + F.binary_cross_entropy_with_logits(z, np.ones((1, 3)))
        loss.backward()
    for t in (s, ls, sig, sp, loss):
        assert np.isfinite(t.data).all()
    np.testing.assert_allclose(sp.data, [[1000.0, np.log(2), 0.0]], atol=1e-12)
    assert np.isfinite(z.grad).all()


def test_bad_input_losses():
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(4,\)"):
        F.mse_loss(values((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match="class indices must lie"):
        F.cross_entropy(values((4, 3)), [0, 1, 2, 3])
    with pytest.raises(ValueError, match="one class index per row"):
        F.cross_entropy(values((4, 3)), [0, 1])
    with pytest.raises(ValueError, match="probabilities"):
        F.binary_cross_entropy(values((2, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="reduction"):
        F.mse_loss(values((2,)), np.zeros(2), reduction="avg")


def test_linear_gradient_and_torch():
    x, W, b = values((5, 3), seed=1), values((4, 3), seed=2), values((4,), seed=3)
    check_gradient(lambda x, W, b: F.linear(x, W, b), [x, W, b])
    check_gradient(lambda x, W: F.linear(x, W), [values((2, 5, 3), seed=4), W])     # batched (B, T, in)
    torch = pytest.importorskip("torch")
    check_torch(lambda x, W, b: F.linear(x, W, b), lambda x, W, b: torch.nn.functional.linear(x, W, b), [x, W, b])
    with pytest.raises(ValueError, match=r"3 features .* expects 2"):
        F.linear(Tensor(x), Tensor(values((4, 2))))


def test_binary_step_matches_torch_heaviside():
    torch = pytest.importorskip("torch")
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    ours = F.binary_step(Tensor(x, dtype=np.float64)).data
    np.testing.assert_array_equal(ours, torch.heaviside(torch.tensor(x), torch.tensor(1.0, dtype=torch.float64)))


def test_l2_penalty_gradient_and_value():
    W1, W2 = values((3, 2), seed=7), values((4,), seed=8)
    check_gradient(lambda a, b: F.l2_penalty([a, b]), [W1, W2])
    assert F.l2_penalty([Tensor([[3.0, 4.0]])]).item() == 12.5          # ½ (9 + 16)
    with pytest.raises(ValueError, match="no weights"):
        F.l2_penalty([])
