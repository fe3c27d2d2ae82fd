"""RNN, LSTM, GRU (cells and sequence layers) against torch.nn, by hand and by finite differences.

Tolerance: every comparison with PyTorch is in float64 at 1e-9 (the issue's bound); the
measured differences are ~1e-15, round-off of the same sums taken in another order.
"""
from __future__ import annotations

import numpy as np
import pytest

from lucidml import io
from lucidml.nn import Tensor
from lucidml.nn.recurrent import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell

from ._nn_testing import finite_difference_grads, relative_error

torch = pytest.importorskip("torch")

OURS = {"RNN": RNN, "LSTM": LSTM, "GRU": GRU}
CELLS = {"RNN": (RNNCell, "RNNCell"), "LSTM": (LSTMCell, "LSTMCell"), "GRU": (GRUCell, "GRUCell")}
TOL = 1e-9


def test_toy_by_hand():
    # RNN, one unit, W_ih = 1, W_hh = 0.5, no bias, x = (1, 1):
    #   h₁ = tanh(1) = 0.761594,  h₂ = tanh(1 + 0.5 · 0.761594) = tanh(1.380797) = 0.881130
    rnn = RNN(1, 1, bias=False, dtype="float64")
    rnn.weight_ih_l0.data[:] = 1.0
    rnn.weight_hh_l0.data[:] = 0.5
    out, h_n = rnn(Tensor(np.ones((2, 1, 1))))
    np.testing.assert_allclose(out.data.ravel(), [0.761594, 0.881130], atol=1e-6)
    assert h_n.data.ravel()[0] == out.data.ravel()[1]
    # LSTM cell with every weight and bias 0: i = f = o = σ(0) = ½, g = tanh(0) = 0, so from c = 1:
    #   c′ = ½ · 1 + ½ · 0 = 0.5,   h′ = ½ tanh(0.5) = 0.231059
    cell = LSTMCell(2, 1, dtype="float64")
    for p in cell.parameters():
        p.data[:] = 0.0
    h, c = cell(Tensor(np.ones((1, 2))), (Tensor(np.zeros((1, 1))), Tensor(np.ones((1, 1)))))
    np.testing.assert_allclose([h.item(), c.item()], [0.5 * np.tanh(0.5), 0.5], atol=1e-12)
    # GRU cell, zero weights and biases: r = z = ½, n = tanh(0) = 0, h′ = ½ n + ½ h = h / 2
    gru = GRUCell(1, 1, dtype="float64")
    for p in gru.parameters():
        p.data[:] = 0.0
    assert gru(Tensor(np.ones((1, 1))), Tensor(np.full((1, 1), 0.8))).item() == pytest.approx(0.4)


def _torch_pair(kind, I, H, L, bidirectional, batch_first, fused, seed=0, **kw):
    torch.manual_seed(seed)
    ref = getattr(torch.nn, kind)(I, H, num_layers=L, bidirectional=bidirectional, batch_first=batch_first,
                                  **kw).double()
    ours = OURS[kind](I, H, num_layers=L, bidirectional=bidirectional, batch_first=batch_first, fused=fused,
                      dtype="float64", **kw)
    ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    return ref, ours


def _compare(kind, ref, ours, x, h0, c0=None, lengths=None):
    """Outputs, final states and the gradients of a random projection of all of them, ours vs torch."""
    rng = np.random.default_rng(1)
    xt = Tensor(x.copy(), requires_grad=True, dtype="float64")
    ht = Tensor(h0.copy(), requires_grad=True, dtype="float64")
    ct = Tensor(c0.copy(), requires_grad=True, dtype="float64") if c0 is not None else None
    tx, th = torch.tensor(x, requires_grad=True), torch.tensor(h0, requires_grad=True)
    tc = torch.tensor(c0, requires_grad=True) if c0 is not None else None
    hx, thx = ((ht, ct), (th, tc)) if kind == "LSTM" else (ht, th)
    out, state = ours(xt, hx, lengths=lengths)
    if lengths is None:
        t_out, t_state = ref(tx, thx)
    else:
        packed = torch.nn.utils.rnn.pack_padded_sequence(tx, torch.tensor(lengths), batch_first=ref.batch_first,
                                                         enforce_sorted=False)
        t_packed, t_state = ref(packed, thx)
        t_out, _ = torch.nn.utils.rnn.pad_packed_sequence(t_packed, batch_first=ref.batch_first,
                                                          total_length=x.shape[1 if ref.batch_first else 0])
    ours_states = list(state) if kind == "LSTM" else [state]
    t_states = list(t_state) if kind == "LSTM" else [t_state]
    loss, t_loss = 0.0, 0.0
    for a, b in zip([out] + ours_states, [t_out] + t_states):
        np.testing.assert_allclose(a.data, b.detach().numpy(), rtol=0, atol=TOL)
        w = rng.normal(size=a.shape)
        loss = (a * w).sum() + loss
        t_loss = (b * torch.tensor(w)).sum() + t_loss
    loss.backward()
    t_loss.backward()
    np.testing.assert_allclose(xt.grad, tx.grad.numpy(), rtol=0, atol=TOL)
    np.testing.assert_allclose(ht.grad, th.grad.numpy(), rtol=0, atol=TOL)
    if ct is not None:
        np.testing.assert_allclose(ct.grad, tc.grad.numpy(), rtol=0, atol=TOL)
    t_params = dict(ref.named_parameters())
    names = [n for n, _ in ours.named_parameters()]
    assert names == list(t_params)                                        # PyTorch's names, in its order
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, t_params[name].grad.numpy(), rtol=0, atol=TOL, err_msg=name)
    return out, ours_states, xt.grad


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("num_layers, bidirectional", [(1, False), (1, True), (2, False), (2, True)])
@pytest.mark.parametrize("fused", [True, False])
def test_matches_torch(kind, num_layers, bidirectional, fused):
    rng = np.random.default_rng(num_layers + 2 * bidirectional)
    I, H, B = 3, 4, 2
    D = 2 if bidirectional else 1
    for T, batch_first in [(1, False), (4, True), (7, False)]:
        ref, ours = _torch_pair(kind, I, H, num_layers, bidirectional, batch_first, fused, seed=T)
        x = rng.normal(size=(B, T, I) if batch_first else (T, B, I))
        h0 = rng.normal(size=(D * num_layers, B, H))
        c0 = rng.normal(size=(D * num_layers, B, H)) if kind == "LSTM" else None
        _compare(kind, ref, ours, x, h0, c0)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("fused", [True, False])
def test_variable_lengths_match_packed_sequences(kind, fused):
    rng = np.random.default_rng(5)
    T, B, I, H, L = 6, 4, 3, 5, 2
    lengths = [3, 6, 1, 4]                                                # unsorted, one full, one of length 1
    ref, ours = _torch_pair(kind, I, H, L, True, True, fused, seed=3)
    x = rng.normal(size=(B, T, I))
    h0 = rng.normal(size=(2 * L, B, H))
    c0 = rng.normal(size=(2 * L, B, H)) if kind == "LSTM" else None
    out, _, dx = _compare(kind, ref, ours, x, h0, c0, lengths=lengths)
    for b, n in enumerate(lengths):                                       # padding: zero output, no gradient
        assert np.all(out.data[b, n:] == 0) and np.all(dx[b, n:] == 0)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_padding_changes_nothing(kind):
    """A sequence padded with garbage gives the same results as the sequence alone."""
    rng = np.random.default_rng(2)
    layer = OURS[kind](2, 3, bidirectional=True, random_state=0, dtype="float64")
    x = rng.normal(size=(5, 1, 2))
    short, state_short = layer(Tensor(x[:3]))
    padded, state_padded = layer(Tensor(np.concatenate([x[:3], 100 * rng.normal(size=(2, 1, 2))])), lengths=[3])
    np.testing.assert_allclose(padded.data[:3], short.data, atol=1e-14)
    first = lambda s: (s[0] if kind == "LSTM" else s).data           # noqa: E731
    np.testing.assert_allclose(first(state_padded), first(state_short), atol=1e-14)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_fused_and_plain_paths_give_the_same_gradients(kind):
    rng = np.random.default_rng(7)
    x = rng.normal(size=(5, 3, 2))
    w = rng.normal(size=(5, 3, 8))
    grads = []
    for fused in (True, False):
        layer = OURS[kind](2, 4, num_layers=2, bidirectional=True, fused=fused, random_state=0, dtype="float64")
        xt = Tensor(x, requires_grad=True, dtype="float64")
        out, _ = layer(xt, lengths=[5, 2, 4])
        (out * w).sum().backward()
        grads.append([xt.grad] + [p.grad for p in layer.parameters()])
    for a, b in zip(*grads):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-13)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_cells_match_torch(kind):
    cls, name = CELLS[kind]
    torch.manual_seed(0)
    ref = getattr(torch.nn, name)(3, 4).double()
    ours = cls(3, 4, dtype="float64")
    ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    rng = np.random.default_rng(0)
    x, h, c = rng.normal(size=(2, 3)), rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    xt, ht, ct = (Tensor(a, requires_grad=True, dtype="float64") for a in (x, h, c))
    tx, th, tc = (torch.tensor(a, requires_grad=True) for a in (x, h, c))
    if kind == "LSTM":
        outs, t_outs = ours(xt, (ht, ct)), ref(tx, (th, tc))
    else:
        outs, t_outs = (ours(xt, ht),), (ref(tx, th),)
    w = rng.normal(size=(2, 4))
    sum((o * w).sum() for o in outs).backward()
    sum((o * torch.tensor(w)).sum() for o in t_outs).backward()
    for o, t in zip(outs, t_outs):
        np.testing.assert_allclose(o.data, t.detach().numpy(), atol=TOL)
    for a, b in [(xt, tx), (ht, th)] + ([(ct, tc)] if kind == "LSTM" else []):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), atol=TOL)
    t_params = dict(ref.named_parameters())
    for n, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, t_params[n].grad.numpy(), atol=TOL)
    # unbatched (I,) input, as torch
    single = ours(Tensor(x[0], dtype="float64"))
    t_single = ref(torch.tensor(x[0]))
    first, t_first = (single[0], t_single[0]) if kind == "LSTM" else (single, t_single)
    np.testing.assert_allclose(first.data, t_first.detach().numpy(), atol=TOL)


def test_unbatched_sequence_and_relu_match_torch():
    torch.manual_seed(1)
    ref = torch.nn.RNN(2, 3, num_layers=2, nonlinearity="relu").double()
    ours = RNN(2, 3, num_layers=2, nonlinearity="relu", dtype="float64")
    ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    x = np.random.default_rng(0).normal(size=(4, 2))                      # (T, I), no batch axis
    out, h_n = ours(Tensor(x))
    t_out, t_h = ref(torch.tensor(x))
    assert out.shape == (4, 3) and h_n.shape == (2, 3)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), atol=TOL)
    np.testing.assert_allclose(h_n.data, t_h.detach().numpy(), atol=TOL)


@pytest.mark.parametrize("kind", ["LSTM", "GRU", "RNN"])
def test_property_finite_differences(kind):
    """∂L/∂x, ∂L/∂h0 and ∂L/∂W (every parameter) by BPTT equal central differences to 1e-6."""
    rng = np.random.default_rng(3)
    layer = OURS[kind](2, 2, bidirectional=True, random_state=0, dtype="float64")
    x, h0 = rng.normal(size=(3, 2, 2)), rng.normal(size=(2, 2, 2))
    c0, w_out = rng.normal(size=(2, 2, 2)), rng.normal(size=(3, 2, 4))
    params = [p.data for p in layer.parameters()]

    def loss(x, h0, *weights):
        for p, a in zip(layer.parameters(), weights):
            p.data = a
        hx = (Tensor(h0), Tensor(c0)) if kind == "LSTM" else Tensor(h0)
        out, _ = layer(Tensor(x), hx, lengths=[3, 2])
        return float((out.data * w_out).sum())

    numeric = finite_difference_grads(loss, [x.copy(), h0.copy()] + [a.copy() for a in params])
    for p, a in zip(layer.parameters(), params):
        p.data, p.grad = a, None
    xt, ht = Tensor(x, requires_grad=True), Tensor(h0, requires_grad=True)
    hx = (ht, Tensor(c0)) if kind == "LSTM" else ht
    out, _ = layer(xt, hx, lengths=[3, 2])
    (out * w_out).sum().backward()
    for analytic, num in zip([xt.grad, ht.grad] + [p.grad for p in layer.parameters()], numeric):
        assert relative_error(analytic, num) < 1e-6


def test_dropout_between_layers():
    torch.manual_seed(0)
    ref = torch.nn.LSTM(3, 4, num_layers=3, dropout=0.5).double().eval()
    ours = LSTM(3, 4, num_layers=3, dropout=0.5, random_state=0, dtype="float64")
    ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    x = np.random.default_rng(0).normal(size=(5, 2, 3))
    out_eval, _ = ours.eval()(Tensor(x))                                  # evaluation: no dropout, as torch
    np.testing.assert_allclose(out_eval.data, ref(torch.tensor(x))[0].detach().numpy(), atol=TOL)
    train_a, _ = ours.train()(Tensor(x))
    train_b, _ = ours(Tensor(x))
    assert not np.allclose(train_a.data, out_eval.data)                   # dropout acts while training ...
    assert not np.allclose(train_a.data, train_b.data)                    # ... with fresh masks each call
    again = LSTM(3, 4, num_layers=3, dropout=0.5, random_state=0, dtype="float64")
    again.load_state_dict(ours.state_dict())
    np.testing.assert_array_equal(again(Tensor(x))[0].data, train_a.data)  # and reproducibly from random_state
    one_layer = LSTM(3, 4, dropout=0.5, random_state=0, dtype="float64")  # PyTorch: no dropout after the last
    np.testing.assert_array_equal(one_layer.train()(Tensor(x))[0].data, one_layer.eval()(Tensor(x))[0].data)


def test_float32_preserved_and_save_load_round_trip(tmp_path):
    gru = GRU(3, 5, num_layers=2, bidirectional=True, batch_first=True, random_state=0)
    x = np.random.default_rng(0).normal(size=(2, 4, 3)).astype(np.float32)
    out, h_n = gru(Tensor(x))
    assert out.dtype == np.float32 and h_n.dtype == np.float32 and out.shape == (2, 4, 10)
    io.save(gru, tmp_path / "gru.npz")
    back = io.load(tmp_path / "gru.npz")
    assert type(back) is GRU and back.config() == gru.config()
    np.testing.assert_array_equal(back(Tensor(x))[0].data, out.data)


def test_state_dict_from_torch_loads_unchanged():
    ref = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    ours = LSTM(3, 4, num_layers=2, bidirectional=True)
    ours.load_state_dict(ref.state_dict())                                # torch tensors accepted as they are
    assert list(ours.state_dict()) == list(ref.state_dict())
    assert ours.weight_ih_l1_reverse.shape == (16, 8)


def test_bad_input():
    lstm = LSTM(3, 4, num_layers=2)
    with pytest.raises(ValueError, match=r"input has 5 features .* input_size=3"):
        lstm(Tensor(np.zeros((2, 1, 5))))
    with pytest.raises(ValueError, match=r"must be 3-D .* got shape \(3,\)"):
        lstm(Tensor(np.zeros(3)))
    with pytest.raises(ValueError, match=r"h0 has shape \(1, 1, 4\) but must be \(2, 1, 4\)"):
        lstm(Tensor(np.zeros((2, 1, 3))), (Tensor(np.zeros((1, 1, 4))), Tensor(np.zeros((2, 1, 4)))))
    with pytest.raises(ValueError, match=r"c0 has shape"):
        lstm(Tensor(np.zeros((2, 1, 3))), (Tensor(np.zeros((2, 1, 4))), Tensor(np.zeros((2, 2, 4)))))
    with pytest.raises(ValueError, match=r"hx must be a pair"):
        lstm(Tensor(np.zeros((2, 1, 3))), Tensor(np.zeros((2, 1, 4))))
    gru = GRU(3, 4, batch_first=True)
    x = Tensor(np.zeros((2, 5, 3)))
    with pytest.raises(ValueError, match=r"lengths must lie in \[1, 5\] .* max 6"):
        gru(x, lengths=[6, 2])
    with pytest.raises(ValueError, match=r"lengths must lie in \[1, 5\] .* min 0"):
        gru(x, lengths=[0, 2])
    with pytest.raises(ValueError, match=r"one entry per sequence, shape \(2,\)"):
        gru(x, lengths=[3])
    with pytest.raises(TypeError, match="lengths must be integers"):
        gru(x, lengths=[2.5, 1])
    with pytest.raises(ValueError, match=r"sequence is empty \(T=0\)"):
        gru(Tensor(np.zeros((2, 0, 3))))
    with pytest.raises(TypeError, match="embed token ids first"):
        gru(Tensor(np.zeros((2, 5, 3), dtype=np.int64)))
    with pytest.raises(ValueError, match="dropout=1.0 must lie in"):
        GRU(3, 4, dropout=1.0)
    with pytest.raises(ValueError, match="nonlinearity"):
        RNN(3, 4, nonlinearity="sigmoid")
    cell = LSTMCell(3, 4)
    with pytest.raises(ValueError, match=r"h has shape \(1, 4\) but must be \(2, 4\)"):
        cell(Tensor(np.zeros((2, 3))), (Tensor(np.zeros((1, 4))), Tensor(np.zeros((2, 4)))))
    with pytest.raises(ValueError, match=r"input has 2 features"):
        RNNCell(3, 4)(Tensor(np.zeros((2, 2))))


@pytest.mark.parametrize("fused", [True, False])
def test_gradient_through_a_final_state_alone(fused):
    """Only c_n enters the loss (not the outputs, not h_n): the gradients still equal torch's."""
    ref, ours = _torch_pair("LSTM", 3, 4, 2, True, False, fused, seed=0)
    x = np.random.default_rng(0).normal(size=(5, 2, 3))
    xt, tx = Tensor(x, requires_grad=True, dtype="float64"), torch.tensor(x, requires_grad=True)
    _, (_, c_n) = ours(xt)
    _, (_, t_c) = ref(tx)
    c_n.sum().backward()
    t_c.sum().backward()
    np.testing.assert_allclose(xt.grad, tx.grad.numpy(), rtol=0, atol=TOL)
    t_params = dict(ref.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, t_params[name].grad.numpy(), rtol=0, atol=TOL, err_msg=name)
