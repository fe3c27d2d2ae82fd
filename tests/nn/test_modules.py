"""Layers: Linear, Dropout, BatchNorm1d, LayerNorm, Sequential, state dicts, initialisers."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from lucidml.nn import (BatchNorm1d, Dropout, LayerNorm, Linear, Module, Parameter, ReLU, Sequential, Tanh, Tensor,
                        init)
from lucidml.nn import functional as F

sys.path.insert(0, str(Path(__file__).parent))  # the shared helpers beside this file
from _nn_testing import check_gradient, relative_error  # noqa: E402

rng = np.random.default_rng(0)


def test_toy_by_hand_linear():
    # y = x Wᵀ + b with W = [[1, 2], [3, 4]], b = [1, -1], x = [1, 1]: y = [1+2+1, 3+4-1] = [4, 6]
    lin = Linear(2, 2, dtype="float64")
    lin.load_state_dict({"weight": np.array([[1., 2.], [3., 4.]]), "bias": np.array([1., -1.])})
    assert lin(Tensor(np.ones((1, 2)))).data.tolist() == [[4.0, 6.0]]


def test_linear_gradient_matches_finite_differences():
    lin = Linear(3, 2, dtype="float64", random_state=0)
    W, b = lin.weight.data.copy(), lin.bias.data.copy()
    check_gradient(lambda x, W, b: F.tanh(x @ W.T + b), [rng.normal(size=(4, 3)), W, b])


def _torch_linear(lin):
    import torch
    t = torch.nn.Linear(lin.in_features, lin.out_features).double()
    with torch.no_grad():
        t.weight.copy_(torch.tensor(lin.weight.data))
        t.bias.copy_(torch.tensor(lin.bias.data))
    return t


def test_layers_match_torch():
    torch = pytest.importorskip("torch")
    x = rng.normal(size=(6, 4))
    ours = Sequential(Linear(4, 5, dtype="float64", random_state=1), BatchNorm1d(5, dtype="float64"), Tanh(),
                      Linear(5, 3, dtype="float64", random_state=2), LayerNorm(3, dtype="float64"))
    theirs = torch.nn.Sequential(_torch_linear(ours[0]), torch.nn.BatchNorm1d(5).double(), torch.nn.Tanh(),
                                 _torch_linear(ours[3]), torch.nn.LayerNorm(3).double())
    with torch.no_grad():                      # non-trivial γ, β
        for i in (1, 4):
            g, b = rng.normal(size=theirs[i].weight.shape), rng.normal(size=theirs[i].weight.shape)
            theirs[i].weight.copy_(torch.tensor(g))
            theirs[i].bias.copy_(torch.tensor(b))
            ours[i].load_state_dict({**ours[i].state_dict(), "weight": g, "bias": b})
    w = rng.normal(size=(6, 3))
    xt = torch.tensor(x, requires_grad=True)
    out_t = theirs(xt)
    (out_t * torch.tensor(w)).sum().backward()
    xo = Tensor(x, requires_grad=True)
    out = ours(xo)
    (out * w).sum().backward()
    np.testing.assert_allclose(out.data, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(xo.grad, xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    for (name, p), (tname, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert name == tname
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=1e-9, atol=1e-12)
    # running statistics after one training batch
    np.testing.assert_allclose(ours[1].running_mean, theirs[1].running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours[1].running_var, theirs[1].running_var.numpy(), rtol=1e-12)
    ours.eval(), theirs.eval()
    np.testing.assert_allclose(ours(Tensor(x)).data, theirs(torch.tensor(x)).detach().numpy(), rtol=1e-10, atol=1e-12)


def test_batchnorm_and_layernorm_gradients_match_finite_differences():
    bn, ln = BatchNorm1d(3, dtype="float64"), LayerNorm(3, dtype="float64")
    x = rng.normal(size=(5, 3))
    check_gradient(lambda x: bn(x), [x])
    check_gradient(lambda x: ln(x), [x])


def test_batchnorm_train_vs_eval():
    bn = BatchNorm1d(2, momentum=1.0, dtype="float64")
    x = np.array([[0.0, 1.0], [2.0, 5.0]])
    y = bn(Tensor(x)).data                       # batch statistics: μ = [1, 3], σ² = [1, 4]
    np.testing.assert_allclose(y, [[-1, -1], [1, 1]], atol=1e-5)
    np.testing.assert_allclose(bn.running_var, [2.0, 8.0])  # unbiased: 2/1, 8/1
    bn.eval()
    np.testing.assert_allclose(bn(Tensor([[1.0, 3.0]])).data, [[0.0, 0.0]])
    with pytest.raises(ValueError, match="at least 2"):
        bn.train()(Tensor([[1.0, 2.0]]))


def test_dropout_is_inverted_and_off_in_eval():
    d = Dropout(0.25, random_state=0)
    x = Tensor(np.ones((200, 50)))
    y = d(x).data
    np.testing.assert_allclose(np.unique(y), [0.0, 1 / 0.75])
    assert abs(y.mean() - 1.0) < 0.03                      # E[y] = x
    assert abs((y == 0).mean() - 0.25) < 0.02
    d.eval()
    np.testing.assert_array_equal(d(x).data, x.data)
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        Dropout(1.0)


def test_initialisers_have_the_stated_variance():
    shape = (400, 300)
    fan_in, fan_out = 300, 400
    for name, var in [("xavier_uniform", 2 / (fan_in + fan_out)), ("xavier_normal", 2 / (fan_in + fan_out)),
                      ("kaiming_uniform", 2 / fan_in), ("kaiming_normal", 2 / fan_in)]:
        W = init.INITIALISERS[name](shape, random_state=0)
        assert abs(W.var() / var - 1) < 0.03, name
        assert abs(W.mean()) < 0.01 * np.sqrt(var) * 10
    np.testing.assert_array_equal(init.xavier_uniform(shape, random_state=3), init.xavier_uniform(shape, random_state=3))
    lin = Linear(300, 400, init="kaiming_normal", random_state=0)
    assert abs(lin.weight.data.var() * fan_in / 2 - 1) < 0.03 and not lin.bias.data.any()
    with pytest.raises(ValueError, match="init='bogus'"):
        Linear(2, 2, init="bogus")


def test_state_dict_round_trip_and_bad_keys():
    net = Sequential(Linear(3, 4, random_state=0), BatchNorm1d(4), ReLU(), Linear(4, 2, random_state=1))
    state = net.state_dict()
    assert sorted(state) == ["0.bias", "0.weight", "1.bias", "1.running_mean", "1.running_var", "1.weight",
                             "3.bias", "3.weight"]
    other = Sequential(Linear(3, 4, random_state=5), BatchNorm1d(4), ReLU(), Linear(4, 2, random_state=6))
    other.load_state_dict(state)
    x = Tensor(rng.normal(size=(5, 3)))
    net.eval(), other.eval()
    np.testing.assert_array_equal(net(x).data, other(x).data)
    with pytest.raises(KeyError, match=r"missing keys \['3.bias'\]"):
        other.load_state_dict({k: v for k, v in state.items() if k != "3.bias"})
    with pytest.raises(KeyError, match=r"unexpected keys \['9.weight'\]"):
        other.load_state_dict({**state, "9.weight": np.zeros(2)})
    with pytest.raises(ValueError, match="shape"):
        other.load_state_dict({**state, "0.bias": np.zeros(7)})


def test_module_modes_and_parameters():
    net = Sequential(Linear(2, 2), Dropout(0.5), Linear(2, 1))
    assert len(net.parameters()) == 4 and all(isinstance(p, Parameter) for p in net.parameters())
    net.eval()
    assert not any(m.training for m in net)
    net.train()
    assert all(m.training for m in net)
    net(Tensor(np.ones((3, 2)))).sum().backward()
    assert net[0].weight.grad is not None
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    with pytest.raises(TypeError, match="forward"):
        Module()(1)
    with pytest.raises(TypeError, match="not a Module"):
        Sequential(Linear(2, 2), lambda x: x)
    assert "Linear(in_features=2" in repr(net)


def test_property_layernorm_output_is_standardised():
    ln = LayerNorm(7, dtype="float64")
    y = ln(Tensor(rng.normal(3.0, 5.0, size=(10, 7)))).data
    np.testing.assert_allclose(y.mean(axis=1), 0, atol=1e-12)
    assert relative_error(y.var(axis=1), np.ones(10)) < 1e-5
