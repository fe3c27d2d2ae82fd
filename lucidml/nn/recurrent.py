"""Recurrent layers: RNN, LSTM and GRU cells and multi-layer, bidirectional sequence layers.

A recurrent layer reads a sequence x₁ … x_T one step at a time and carries a hidden state
h_t (and, for the LSTM, a cell state c_t) from step to step, with the same weights at
every step. Back-propagation through time (BPTT) is ordinary back-propagation through the
unrolled graph: the gradient ∂L/∂h_{t−1} = (∂h_t/∂h_{t−1})ᵀ ∂L/∂h_t is a product of T
Jacobians, which vanishes or explodes for a plain RNN (Bengio, Simard & Frasconi 1994) and
is kept alive by the LSTM's additive cell update (Hochreiter & Schmidhuber 1997) and the
GRU's interpolation (Cho et al. 2014).

    RNN    h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
    LSTM   i, f, g, o = σ, σ, tanh, σ of (W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)   (gate order i, f, g, o)
           c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
    GRU    r = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr),  z = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)
           n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t−1} + b_hn)),   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}

Names, shapes, gate order, initialisation (U(−1/√H, 1/√H) for every weight) and return
values are PyTorch's, so a ``torch.nn.LSTM``'s ``state_dict()`` loads unchanged:
``weight_ih_l{k}`` (G·H, I), ``weight_hh_l{k}`` (G·H, H), ``bias_ih_l{k}``, ``bias_hh_l{k}``
(G·H,), with suffix ``_reverse`` for the backward direction (G = 1, 4, 3). Dimensions:
T = time steps, B = batch, I = input features, H = hidden size, D = 2 if bidirectional.

Two paths compute the same numbers. The plain path (``fused=False``) unrolls the cell
equations step by step through the autograd, so BPTT is the autograd's backward. The fused
path (the default) runs the whole loop of one layer and direction as a single graph node
whose backward is BPTT written out by hand (the same equations, differentiated); a test
shows its gradients equal the plain path's. Either way the input projection W_ih x_t + b_ih
for all T steps is one matrix product.

Variable-length batches: ``lengths`` (B,) makes padded steps t ≥ L_b leave the state
unchanged and output zeros, so they neither change the results nor receive gradient; this
is what PyTorch computes from a packed sequence.

>>> lstm = LSTM(3, 4, num_layers=2, batch_first=True, random_state=0, dtype="float64")
>>> x = Tensor(np.ones((2, 5, 3)))                    # (B, T, I)
>>> output, (h_n, c_n) = lstm(x)
>>> output.shape, h_n.shape, c_n.shape                # (B, T, D·H), (layers·D, B, H)
((2, 5, 4), (2, 2, 4), (2, 2, 4))
>>> bool(np.allclose(output.data[:, -1], h_n.data[-1]))   # the last output is the top layer's h_T
True
"""
from __future__ import annotations

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn.modules import Module, Parameter, _init_generator
from lucidml.nn.tensor import Tensor, stack
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["RNNCell", "LSTMCell", "GRUCell", "RNN", "LSTM", "GRU"]

_GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


# ================================================================================================
# the cell equations, one time step each (used by the cells and by the plain sequence path)
# ================================================================================================
def _rnn_step(xp, h, W_hh, b_hh, nonlinearity="tanh"):
    """h′ = f(xp + h W_hhᵀ + b_hh), xp = x W_ihᵀ + b_ih (B, H); f = tanh or relu."""
    a = xp + F.linear(h, W_hh, b_hh)                                  # (B, H)
    return a.tanh() if nonlinearity == "tanh" else a.relu()


def _lstm_step(xp, h, c, W_hh, b_hh):
    """i, f, g, o from xp + h W_hhᵀ + b_hh (B, 4H); c′ = f ⊙ c + i ⊙ g; h′ = o ⊙ tanh(c′)."""
    a = xp + F.linear(h, W_hh, b_hh)                                  # (B, 4H)
    a_i, a_f, a_g, a_o = a.chunk(4, axis=-1)                          # 4 × (B, H)
    i, f, g, o = a_i.sigmoid(), a_f.sigmoid(), a_g.tanh(), a_o.sigmoid()
    c = f * c + i * g
    h = o * c.tanh()
    return h, c


def _gru_step(xp, h, W_hh, b_hh):
    """r, z from xp + h W_hhᵀ + b_hh; n = tanh(xp_n + r ⊙ (W_hn h + b_hn)); h′ = (1 − z) ⊙ n + z ⊙ h."""
    x_r, x_z, x_n = xp.chunk(3, axis=-1)                              # 3 × (B, H)
    h_r, h_z, h_n = F.linear(h, W_hh, b_hh).chunk(3, axis=-1)         # b_hn stays inside r ⊙ (…)
    r = (x_r + h_r).sigmoid()
    z = (x_z + h_z).sigmoid()
    n = (x_n + r * h_n).tanh()
    return (1.0 - z) * n + z * h


# ================================================================================================
# cells
# ================================================================================================
class _CellBase(Module):
    """weight_ih (G·H, I), weight_hh (G·H, H), bias_ih, bias_hh (G·H,), all U(−1/√H, 1/√H)."""

    kind = "RNN"

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, *, random_state=None,
                 dtype="float32"):
        owner = type(self).__name__
        self.input_size = check_int(input_size, name="input_size", owner=owner, minimum=1)
        self.hidden_size = check_int(hidden_size, name="hidden_size", owner=owner, minimum=1)
        self.dtype = str(np.dtype(dtype))
        rng = _init_generator(random_state)
        G, H = _GATES[self.kind], hidden_size
        self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh = _draw_weights(rng, G, H, input_size, bias,
                                                                                   dtype)

    def _check(self, x, hx, n_states):
        """x (B, I) or (I,); each state (B, H) or (H,). Returns tensors (B, …) and whether x was unbatched."""
        owner = type(self).__name__
        x = _as_tensor(x, self.dtype)
        if x.ndim not in (1, 2):
            raise ValueError(f"{owner}: input must be (batch, input_size) or (input_size,), got shape {x.shape}.")
        if x.shape[-1] != self.input_size:
            raise ValueError(f"{owner}: input has {x.shape[-1]} features (shape {x.shape}) but input_size="
                             f"{self.input_size}.")
        unbatched = x.ndim == 1
        if unbatched:
            x = x.reshape(1, -1)
        B, H = x.shape[0], self.hidden_size
        if hx is None:
            states = [Tensor(np.zeros((B, H), dtype=x.dtype)) for _ in range(n_states)]
        else:
            hx = (hx,) if n_states == 1 else tuple(hx)
            names = ("hx",) if n_states == 1 else ("h", "c")
            states = []
            for name, s in zip(names, hx):
                s = _as_tensor(s, self.dtype)
                expected = (H,) if unbatched else (B, H)
                if s.shape != expected:
                    raise ValueError(f"{owner}: {name} has shape {s.shape} but must be {expected} "
                                     f"(batch={B}, hidden_size={H}).")
                states.append(s.reshape(1, H) if unbatched else s)
        return x, states, unbatched

    def config(self):
        return {"input_size": self.input_size, "hidden_size": self.hidden_size, "bias": self.bias_ih is not None,
                "dtype": self.dtype}


class RNNCell(_CellBase):
    """Elman cell: h′ = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) (or relu with ``nonlinearity="relu"``).

    x (B, I), h (B, H) -> h′ (B, H). ``hx=None`` starts from h = 0.
    """

    kind = "RNN"

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh", *,
                 random_state=None, dtype="float32"):
        self.nonlinearity = check_option(nonlinearity, name="nonlinearity", owner="RNNCell", allowed=("tanh", "relu"))
        super().__init__(input_size, hidden_size, bias, random_state=random_state, dtype=dtype)

    def forward(self, input, hx=None):
        x, (h,), unbatched = self._check(input, hx, 1)
        h = _rnn_step(F.linear(x, self.weight_ih, self.bias_ih), h, self.weight_hh, self.bias_hh, self.nonlinearity)
        return h.reshape(-1) if unbatched else h

    def config(self):
        return {**super().config(), "nonlinearity": self.nonlinearity}


class LSTMCell(_CellBase):
    """Long short-term memory cell (Hochreiter & Schmidhuber 1997; forget gate: Gers et al. 2000).

        i = σ(W_ii x + b_ii + W_hi h + b_hi)      input gate
        f = σ(W_if x + b_if + W_hf h + b_hf)      forget gate
        g = tanh(W_ig x + b_ig + W_hg h + b_hg)   candidate cell
        o = σ(W_io x + b_io + W_ho h + b_ho)      output gate
        c′ = f ⊙ c + i ⊙ g,    h′ = o ⊙ tanh(c′)

    weight_ih stacks [W_ii; W_if; W_ig; W_io] (4H, I), as PyTorch. ``forward(x, (h, c))``
    returns ``(h′, c′)``; ``hx=None`` starts from zeros.
    """

    kind = "LSTM"

    def forward(self, input, hx=None):
        x, (h, c), unbatched = self._check(input, hx, 2)
        h, c = _lstm_step(F.linear(x, self.weight_ih, self.bias_ih), h, c, self.weight_hh, self.bias_hh)
        return (h.reshape(-1), c.reshape(-1)) if unbatched else (h, c)


class GRUCell(_CellBase):
    """Gated recurrent unit (Cho et al. 2014), with PyTorch's placement of b_hn inside the reset product.

        r = σ(W_ir x + b_ir + W_hr h + b_hr)              reset gate
        z = σ(W_iz x + b_iz + W_hz h + b_hz)              update gate
        n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))     candidate
        h′ = (1 − z) ⊙ n + z ⊙ h

    weight_ih stacks [W_ir; W_iz; W_in] (3H, I).
    """

    kind = "GRU"

    def forward(self, input, hx=None):
        x, (h,), unbatched = self._check(input, hx, 1)
        h = _gru_step(F.linear(x, self.weight_ih, self.bias_ih), h, self.weight_hh, self.bias_hh)
        return h.reshape(-1) if unbatched else h


# ================================================================================================
# sequence layers
# ================================================================================================
class _RecurrentBase(Module):
    kind = "RNN"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False, *,
                 nonlinearity: str = "tanh", fused: bool = True, random_state=None, dtype="float32"):
        owner = type(self).__name__
        self.input_size = check_int(input_size, name="input_size", owner=owner, minimum=1)
        self.hidden_size = check_int(hidden_size, name="hidden_size", owner=owner, minimum=1)
        self.num_layers = check_int(num_layers, name="num_layers", owner=owner, minimum=1)
        self.dropout = check_real(dropout, name="dropout", owner=owner, minimum=0.0)
        if self.dropout >= 1:
            raise ValueError(f"{owner}: dropout={dropout} must lie in [0, 1).")
        self.nonlinearity = check_option(nonlinearity, name="nonlinearity", owner=owner, allowed=("tanh", "relu"))
        self.bias, self.batch_first, self.bidirectional = bool(bias), bool(batch_first), bool(bidirectional)
        self.fused, self.dtype = bool(fused), str(np.dtype(dtype))
        self._rng = _init_generator(random_state)
        G, H, D = _GATES[self.kind], hidden_size, 2 if bidirectional else 1
        for layer in range(num_layers):                    # PyTorch's state_dict order
            n_in = input_size if layer == 0 else D * H
            for suffix in ("", "_reverse")[:D]:
                W_ih, W_hh, b_ih, b_hh = _draw_weights(self._rng, G, H, n_in, bias, dtype)
                setattr(self, f"weight_ih_l{layer}{suffix}", W_ih)
                setattr(self, f"weight_hh_l{layer}{suffix}", W_hh)
                if bias:
                    setattr(self, f"bias_ih_l{layer}{suffix}", b_ih)
                    setattr(self, f"bias_hh_l{layer}{suffix}", b_hh)

    def _weights(self, layer: int, reverse: bool):
        s = f"l{layer}{'_reverse' if reverse else ''}"
        return (getattr(self, f"weight_ih_{s}"), getattr(self, f"weight_hh_{s}"),
                getattr(self, f"bias_ih_{s}", None), getattr(self, f"bias_hh_{s}", None))

    def forward(self, input, hx=None, lengths=None):
        """input (T, B, I), or (B, T, I) with batch_first, or unbatched (T, I).

        hx: h0 (D·num_layers, B, H) (for the LSTM a pair (h0, c0)); None = zeros.
        lengths: (B,) valid steps of each sequence (1 ≤ L_b ≤ T, any order); steps t ≥ L_b
        are padding: the output there is 0 and the final state is that of step L_b − 1.

        Returns (output (T, B, D·H) [or (B, T, D·H)], h_n (D·num_layers, B, H)), and for the
        LSTM (output, (h_n, c_n)), as PyTorch.
        """
        owner = type(self).__name__
        n_states = 2 if self.kind == "LSTM" else 1
        x = _as_tensor(input, self.dtype)
        if x.ndim not in (2, 3):
            raise ValueError(f"{owner}: input must be 3-D ({'(B, T, I)' if self.batch_first else '(T, B, I)'}) or "
                             f"unbatched 2-D (T, I), got shape {x.shape}.")
        if x.shape[-1] != self.input_size:
            raise ValueError(f"{owner}: input has {x.shape[-1]} features (shape {x.shape}) but input_size="
                             f"{self.input_size}; the last axis must be the features.")
        unbatched = x.ndim == 2
        if unbatched:
            x = x.reshape(x.shape[0], 1, x.shape[1])                      # (T, 1, I)
        elif self.batch_first:
            x = x.transpose(1, 0, 2)                                      # (B, T, I) -> (T, B, I)
        T, B, _ = x.shape
        if T == 0:
            raise ValueError(f"{owner}: the input sequence is empty (T=0); give at least one time step.")
        if B == 0:
            raise ValueError(f"{owner}: the batch is empty (B=0).")
        D, H, L = 2 if self.bidirectional else 1, self.hidden_size, self.num_layers
        states = self._initial_states(hx, n_states, D * L, B, x.dtype, unbatched)
        mask = _lengths_mask(lengths, T, B, owner, x.dtype)                # (T, B, 1) or None
        h_n, c_n = [], []
        for layer in range(L):
            outputs = []
            for d in range(D):
                k = layer * D + d
                W_ih, W_hh, b_ih, b_hh = self._weights(layer, reverse=d == 1)
                xp = F.linear(x, W_ih, b_ih)                              # (T, B, G·H): W_ih x_t + b_ih, all t
                init = [s[k] for s in states]
                run = _run_fused if self.fused else _run_plain
                out, finals = run(self.kind, xp, init, W_hh, b_hh, mask, reverse=d == 1,
                                  nonlinearity=self.nonlinearity)
                outputs.append(out)                                       # (T, B, H)
                h_n.append(finals[0])
                if n_states == 2:
                    c_n.append(finals[1])
            x = outputs[0] if D == 1 else _cat_last(outputs)              # (T, B, D·H)
            if self.dropout and self.training and layer < L - 1:
                x = F.dropout(x, self.dropout, training=True, rng=self._rng)
        output = x
        h_n = stack(h_n, axis=0)                                          # (D·L, B, H)
        c_n = stack(c_n, axis=0) if n_states == 2 else None
        if unbatched:
            output = output.reshape(T, D * H)
            h_n = h_n.reshape(D * L, H)
            c_n = c_n.reshape(D * L, H) if c_n is not None else None
        elif self.batch_first:
            output = output.transpose(1, 0, 2)                            # (B, T, D·H)
        return (output, (h_n, c_n)) if n_states == 2 else (output, h_n)

    def _initial_states(self, hx, n_states, n_dirs, B, dtype, unbatched):
        owner = type(self).__name__
        H = self.hidden_size
        if hx is None:
            zero = Tensor(np.zeros((n_dirs, B, H), dtype=dtype))
            return [zero] * n_states
        if n_states == 2:
            if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                raise ValueError(f"{owner}: hx must be a pair (h0, c0), got {type(hx).__name__}.")
            parts, names = list(hx), ("h0", "c0")
        else:
            parts, names = [hx], ("h0",)
        expected = (n_dirs, H) if unbatched else (n_dirs, B, H)
        states = []
        for name, s in zip(names, parts):
            s = _as_tensor(s, self.dtype)
            if s.shape != expected:
                raise ValueError(f"{owner}: {name} has shape {s.shape} but must be {expected} "
                                 f"(num_layers·directions={n_dirs}, batch={B}, hidden_size={H}).")
            states.append(s.reshape(n_dirs, 1, H) if unbatched else s)
        return states

    def config(self):
        cfg = {"input_size": self.input_size, "hidden_size": self.hidden_size, "num_layers": self.num_layers,
               "bias": self.bias, "batch_first": self.batch_first, "dropout": self.dropout,
               "bidirectional": self.bidirectional, "fused": self.fused, "dtype": self.dtype}
        if self.kind == "RNN":
            cfg["nonlinearity"] = self.nonlinearity
        return cfg


class RNN(_RecurrentBase):
    """Multi-layer Elman RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh) (or relu).

    ``RNN(input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True,
    batch_first=False, dropout=0.0, bidirectional=False)``; ``forward(input, hx=None,
    lengths=None)`` (hx = h0) returns ``(output, h_n)`` (see :meth:`_RecurrentBase.forward`).
    """

    kind = "RNN"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, nonlinearity: str = "tanh",
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 *, fused: bool = True, random_state=None, dtype="float32"):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         nonlinearity=nonlinearity, fused=fused, random_state=random_state, dtype=dtype)


class LSTM(_RecurrentBase):
    """Multi-layer LSTM (cell equations in :class:`LSTMCell`); returns ``(output, (h_n, c_n))``.

    Gates stacked i, f, g, o in weight_ih_l{k} (4H, I) and weight_hh_l{k} (4H, H), as PyTorch.
    """

    kind = "LSTM"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False, *,
                 fused: bool = True, random_state=None, dtype="float32"):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         fused=fused, random_state=random_state, dtype=dtype)


class GRU(_RecurrentBase):
    """Multi-layer GRU (cell equations in :class:`GRUCell`, b_hn inside r ⊙ (…)); returns ``(output, h_n)``.

    Gates stacked r, z, n in weight_ih_l{k} (3H, I) and weight_hh_l{k} (3H, H), as PyTorch.
    """

    kind = "GRU"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False, *,
                 fused: bool = True, random_state=None, dtype="float32"):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         fused=fused, random_state=random_state, dtype=dtype)


# ================================================================================================
# the two ways to run one layer in one direction
# ================================================================================================
def _run_plain(kind, xp, init, W_hh, b_hh, mask, reverse, nonlinearity="tanh"):
    """Unroll the cell step by step through the autograd (BPTT = the autograd's backward).

    With a mask m_t (B, 1): state_t = m_t ⊙ step(state_{t−1}) + (1 − m_t) ⊙ state_{t−1},
    output_t = m_t ⊙ h_t, so a padded step changes nothing and passes no gradient.
    """
    T = xp.shape[0]
    steps = xp.unbind(0)                                                   # T × (B, G·H)
    state = list(init)
    outputs = [None] * T
    for t in (range(T - 1, -1, -1) if reverse else range(T)):
        if kind == "LSTM":
            new = list(_lstm_step(steps[t], state[0], state[1], W_hh, b_hh))
        elif kind == "GRU":
            new = [_gru_step(steps[t], state[0], W_hh, b_hh)]
        else:
            new = [_rnn_step(steps[t], state[0], W_hh, b_hh, nonlinearity)]
        if mask is not None:
            m = mask[t]                                                   # (B, 1), 1 = a real step
            new = [n * m + s * (1.0 - m) for n, s in zip(new, state)]
            outputs[t] = new[0] * m
        else:
            outputs[t] = new[0]
        state = new
    return stack(outputs, axis=0), state                                  # (T, B, H), [h_T (, c_T)]


def _run_fused(kind, xp, init, W_hh, b_hh, mask, reverse, nonlinearity="tanh"):
    """The whole loop as one graph node: forward stores each step's gates, backward is BPTT by hand.

    The node's value is the outputs (T, B, H); the final states are its children, whose
    backward hands their gradient to the node's, so one hand-written BPTT serves all three.
    """
    m = None if mask is None else mask.data                               # (T, B, 1)
    W = W_hh.data
    b = None if b_hh is None else b_hh.data
    states = [s.data for s in init]
    forward = {"LSTM": _lstm_forward, "GRU": _gru_forward, "RNN": _rnn_forward}[kind]
    backward = {"LSTM": _lstm_backward, "GRU": _gru_backward, "RNN": _rnn_backward}[kind]
    order = np.arange(xp.shape[0])[::-1] if reverse else np.arange(xp.shape[0])
    out, finals, cache = forward(xp.data, states, W, b, m, order, nonlinearity)
    parents = (xp, W_hh, *init) + ((b_hh,) if b_hh is not None else ())
    y = xp._child(out, parents, f"{kind.lower()}_fused")                 # (T, B, H)
    pending: dict[int, np.ndarray] = {}                                   # gradients of the final states

    def _backward(g):
        d_finals = [pending.pop(k, None) for k in range(len(finals))]
        d_finals = [np.zeros_like(f) if d is None else d for f, d in zip(finals, d_finals)]
        d_xp, d_W, d_b, d_init = backward(g, d_finals, cache, W, m, order)
        xp._accumulate(d_xp)
        W_hh._accumulate(d_W)
        if b_hh is not None:
            b_hh._accumulate(d_b)
        for s, d in zip(init, d_init):
            s._accumulate(d)
    y._backward = _backward
    final_tensors = []
    for k, f in enumerate(finals):
        node = y._child(f, (y,), f"{kind.lower()}_fused.final[{k}]")      # h_T (or c_T), (B, H)

        def _final_backward(g, k=k):                                      # handed to y's backward above
            pending[k] = g if k not in pending else pending[k] + g
            if y.grad is None:                                            # y's backward must run even if
                y.grad = np.zeros_like(y.data)                            # the outputs got no gradient
        node._backward = _final_backward
        final_tensors.append(node)
    return y, final_tensors


# -- hand-written BPTT, one function pair per cell ------------------------------------------------
def _sigm(a):
    return 1.0 / (1.0 + np.exp(-a))


def _recurrent_term(h, W, b):
    a = h @ W.T                                                           # (B, G·H)
    return a + b if b is not None else a


def _lstm_forward(xp, states, W, b, m, order, _nonlinearity):
    h, c = states
    T, B, G4 = xp.shape
    H = G4 // 4
    xpb = xp + b if b is not None else xp                                 # b_hh folded in once, (T, B, 4H)
    gates = np.empty((T, B, G4), dtype=xp.dtype)                          # i, f, g, o after σ / tanh
    h_prev, c_prev, tanh_c = (np.empty((T, B, H), dtype=xp.dtype) for _ in range(3))
    out = np.zeros((T, B, H), dtype=xp.dtype)
    WT = np.ascontiguousarray(W.T)                                        # (H, 4H)
    for t in order:
        a = xpb[t] + h @ WT                                               # (B, 4H) pre-activations
        z = gates[t]
        np.negative(a, out=z)                                             # σ(a) = 1 / (1 + e^{−a}), in place
        np.exp(z, out=z)
        z += 1.0
        np.reciprocal(z, out=z)
        z[:, 2 * H:3 * H] = np.tanh(a[:, 2 * H:3 * H])                    # g = tanh(a_g)
        i, f, g, o = z[:, :H], z[:, H:2 * H], z[:, 2 * H:3 * H], z[:, 3 * H:]
        c_new = f * c + i * g                                             # c_t = f ⊙ c_{t−1} + i ⊙ g
        tc = np.tanh(c_new)
        h_new = o * tc                                                    # h_t = o ⊙ tanh(c_t)
        h_prev[t], c_prev[t], tanh_c[t] = h, c, tc
        if m is not None:
            h_new = m[t] * h_new + (1 - m[t]) * h
            c_new = m[t] * c_new + (1 - m[t]) * c
            out[t] = m[t] * h_new
        else:
            out[t] = h_new
        h, c = h_new, c_new
    return out, [h, c], (gates, h_prev, c_prev, tanh_c)


def _lstm_backward(d_out, d_finals, cache, W, m, order):
    gates, h_prev, c_prev, tanh_c = cache
    T, B, G4 = gates.shape
    H = G4 // 4
    dh, dc = d_finals[0].copy(), d_finals[1].copy()
    d_xp = np.empty_like(gates)                                           # every row is written below
    for t in order[::-1]:
        i, f, g, o = gates[t, :, :H], gates[t, :, H:2 * H], gates[t, :, 2 * H:3 * H], gates[t, :, 3 * H:]
        if m is not None:
            dh = dh + m[t] * d_out[t]
            dh_new, dc_new = m[t] * dh, m[t] * dc                         # a padded step passes through
            dh_keep, dc_keep = (1 - m[t]) * dh, (1 - m[t]) * dc
        else:
            dh_new, dc_new = dh + d_out[t], dc
            dh_keep = dc_keep = None
        tc = tanh_c[t]
        dc_new = dc_new + dh_new * o * (1 - tc * tc)                      # ∂h/∂c = o (1 − tanh² c)
        da = d_xp[t]
        np.multiply(dc_new * g, i * (1 - i), out=da[:, :H])               # ∂c/∂i = g, σ′ = σ (1 − σ)
        np.multiply(dc_new * c_prev[t], f * (1 - f), out=da[:, H:2 * H])  # ∂c/∂f = c_{t−1}
        np.multiply(dc_new * i, 1 - g * g, out=da[:, 2 * H:3 * H])        # ∂c/∂g = i, tanh′ = 1 − tanh²
        np.multiply(dh_new * tc, o * (1 - o), out=da[:, 3 * H:])          # ∂h/∂o = tanh(c)
        dh = da @ W                                                       # ∂L/∂h_{t−1}
        dc = dc_new * f                                                   # ∂L/∂c_{t−1}
        if dh_keep is not None:
            dh += dh_keep
            dc += dc_keep
    d_W = d_xp.reshape(T * B, G4).T @ h_prev.reshape(T * B, H)            # Σ_t daᵀ h_{t−1}: one product
    return d_xp, d_W, d_xp.sum(axis=(0, 1)), [dh, dc]


def _gru_forward(xp, states, W, b, m, order, _nonlinearity):
    (h,) = states
    T, B, G3 = xp.shape
    H = G3 // 3
    rzn = np.empty((T, B, G3), dtype=xp.dtype)                            # r, z, n
    hn = np.empty((T, B, H), dtype=xp.dtype)                              # W_hn h + b_hn
    h_prev = np.empty((T, B, H), dtype=xp.dtype)
    out = np.zeros((T, B, H), dtype=xp.dtype)
    for t in order:
        ah = _recurrent_term(h, W, b)                                     # (B, 3H)
        r = _sigm(xp[t, :, :H] + ah[:, :H])
        z = _sigm(xp[t, :, H:2 * H] + ah[:, H:2 * H])
        n = np.tanh(xp[t, :, 2 * H:] + r * ah[:, 2 * H:])
        h_new = (1 - z) * n + z * h                                       # h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
        rzn[t, :, :H], rzn[t, :, H:2 * H], rzn[t, :, 2 * H:] = r, z, n
        hn[t], h_prev[t] = ah[:, 2 * H:], h
        h_new, out[t] = _masked_step(h_new, h, None if m is None else m[t])
        h = h_new
    return out, [h], (rzn, hn, h_prev)


def _masked_step(h_new, h, m_t):
    """A padded step (m_t = 0) keeps the state and outputs 0: h ← m h_new + (1 − m) h, out = m h."""
    if m_t is None:
        return h_new, h_new
    h_new = m_t * h_new + (1 - m_t) * h
    return h_new, m_t * h_new


def _masked_step_grad(dh, d_out_t, m_t):
    """The adjoint of :func:`_masked_step`: (∂L/∂h_new, the part of ∂L/∂h that skips the step)."""
    if m_t is None:
        return dh + d_out_t, 0.0
    dh = dh + m_t * d_out_t
    return m_t * dh, (1 - m_t) * dh


def _gru_backward(d_out, d_finals, cache, W, m, order):
    rzn, hn, h_prev = cache
    T, B, G3 = rzn.shape
    H = G3 // 3
    dh = d_finals[0].copy()
    d_xp = np.zeros_like(rzn)
    d_ah_all = np.zeros_like(rzn)                                         # ∂L/∂(W_hh h_{t−1} + b_hh), per step
    for t in order[::-1]:
        r, z, n = rzn[t, :, :H], rzn[t, :, H:2 * H], rzn[t, :, 2 * H:]
        dh_new, dh_keep = _masked_step_grad(dh, d_out[t], None if m is None else m[t])
        dz = dh_new * (h_prev[t] - n)
        da_n = dh_new * (1 - z) * (1 - n * n)                             # through n = tanh(…)
        da_r = da_n * hn[t] * r * (1 - r)                                 # n depends on r ⊙ (W_hn h + b_hn)
        da_z = dz * z * (1 - z)
        dx = d_xp[t]
        dx[:, :H], dx[:, H:2 * H], dx[:, 2 * H:] = da_r, da_z, da_n
        d_ah = d_ah_all[t]
        d_ah[:, :H], d_ah[:, H:2 * H], d_ah[:, 2 * H:] = da_r, da_z, da_n * r
        dh = d_ah @ W + dh_new * z + dh_keep                              # ∂L/∂h_{t−1}
    d_W = d_ah_all.reshape(T * B, G3).T @ h_prev.reshape(T * B, H)        # Σ_t d_ahᵀ h_{t−1}: one product
    return d_xp, d_W, d_ah_all.sum(axis=(0, 1)), [dh]


def _rnn_forward(xp, states, W, b, m, order, nonlinearity):
    (h,) = states
    T, B, H = xp.shape
    hs = np.empty((T, B, H), dtype=xp.dtype)                              # f(a_t) before masking
    h_prev = np.empty((T, B, H), dtype=xp.dtype)
    out = np.zeros((T, B, H), dtype=xp.dtype)
    relu = nonlinearity == "relu"
    for t in order:
        a = xp[t] + _recurrent_term(h, W, b)
        h_new = np.maximum(a, 0) if relu else np.tanh(a)                  # h_t = f(a_t)
        hs[t], h_prev[t] = h_new, h
        h_new, out[t] = _masked_step(h_new, h, None if m is None else m[t])
        h = h_new
    return out, [h], (hs, h_prev, relu)


def _rnn_backward(d_out, d_finals, cache, W, m, order):
    hs, h_prev, relu = cache
    dh = d_finals[0].copy()
    d_xp = np.zeros_like(hs)
    T, B, H = hs.shape
    for t in order[::-1]:
        dh_new, dh_keep = _masked_step_grad(dh, d_out[t], None if m is None else m[t])
        da = d_xp[t]
        da[...] = dh_new * (hs[t] > 0) if relu else dh_new * (1 - hs[t] * hs[t])
        dh = da @ W + dh_keep
    d_W = d_xp.reshape(T * B, H).T @ h_prev.reshape(T * B, H)             # Σ_t daᵀ h_{t−1}: one product
    return d_xp, d_W, d_xp.sum(axis=(0, 1)), [dh]


# ================================================================================================
# helpers (candidates for the core: unbind, a last-axis cat)
# ================================================================================================


def _cat_last(tensors):
    from lucidml.nn.tensor import cat

    return cat(tensors, axis=-1)


def _draw_weights(rng, G, H, n_in, bias, dtype):
    """PyTorch's initialisation: every weight and bias ~ U(−1/√H, 1/√H)."""
    k = 1.0 / np.sqrt(H)
    W_ih = Parameter(rng.uniform(-k, k, size=(G * H, n_in)), dtype=dtype)
    W_hh = Parameter(rng.uniform(-k, k, size=(G * H, H)), dtype=dtype)
    b_ih = Parameter(rng.uniform(-k, k, size=G * H), dtype=dtype) if bias else None
    b_hh = Parameter(rng.uniform(-k, k, size=G * H), dtype=dtype) if bias else None
    return W_ih, W_hh, b_ih, b_hh


def _as_tensor(x, dtype) -> Tensor:
    if isinstance(x, Tensor):
        if x.dtype.kind != "f":
            raise TypeError(f"recurrent layer: input must be floating, got dtype {x.dtype}; embed token ids first "
                            "(lucidml.nn.Embedding).")
        return x
    a = np.asarray(x)
    if a.dtype.kind not in "fiub":
        raise TypeError(f"recurrent layer: input must be numeric, got dtype {a.dtype}.")
    return Tensor(a, dtype=dtype)


def _lengths_mask(lengths, T, B, owner, dtype):
    """(T, B, 1) float mask m[t, b] = 1 if t < lengths[b], after checking 1 ≤ lengths[b] ≤ T."""
    if lengths is None:
        return None
    L = np.asarray(lengths.data if isinstance(lengths, Tensor) else lengths)
    if L.ndim != 1 or L.shape[0] != B:
        raise ValueError(f"{owner}: lengths must have one entry per sequence, shape ({B},), got shape {L.shape}.")
    if L.dtype.kind not in "iu":
        if L.dtype.kind == "f" and np.all(L == np.round(L)):
            L = L.astype(np.int64)
        else:
            raise TypeError(f"{owner}: lengths must be integers, got dtype {L.dtype}.")
    if L.size and (L.min() < 1 or L.max() > T):
        raise ValueError(f"{owner}: lengths must lie in [1, {T}] (the padded sequence has T={T} steps), got "
                         f"min {int(L.min())}, max {int(L.max())}.")
    mask = (np.arange(T)[:, None] < L[None, :]).astype(dtype)[..., None]    # (T, B, 1)
    return Tensor(mask, dtype=dtype)

