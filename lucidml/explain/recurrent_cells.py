"""One time step of a recurrent cell, worked out with numbers.

    RNN    h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
    LSTM   i = σ(·), f = σ(·), g = tanh(·), o = σ(·) of the rows of W_ih x_t + b_ih + W_hh h_{t−1} + b_hh
           (gate order i, f, g, o, as PyTorch);   c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)

Each gate is computed here from the formula; the new state is then computed again by the
layer itself (:class:`lucidml.nn.recurrent.RNNCell` / ``LSTMCell`` with the same weights),
and the two must agree, so the worked example shows exactly what the layers compute.
Reference: Hochreiter & Schmidhuber (1997); Olah, "Understanding LSTM networks" (2015).

>>> s = lstm_step()
>>> [round(float(v), 6) for v in s.answer["h"]]
[0.271588, -0.001077]
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step
from lucidml.utils.validation import as_float_array

__all__ = ["rnn_step", "lstm_step", "COURSE_LSTM"]

#: a 2-input, 2-unit LSTM with small round weights (rows: i₁ i₂ f₁ f₂ g₁ g₂ o₁ o₂)
COURSE_LSTM = {
    "W_ih": [[0.5, -0.2], [0.1, 0.4], [0.3, 0.2], [-0.1, 0.5], [0.6, -0.4], [0.2, 0.3], [0.4, 0.1], [-0.3, 0.2]],
    "W_hh": [[0.2, 0.1], [-0.1, 0.3], [0.1, 0.2], [0.4, -0.2], [0.3, 0.1], [-0.2, 0.5], [0.1, -0.1], [0.2, 0.2]],
    "b": [0.0, 0.1, 1.0, 1.0, 0.0, -0.1, 0.0, 0.2],
    "x": [1.0, 0.5],
    "h": [0.1, -0.2],
    "c": [0.3, -0.1],
}


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def _arrays(W_ih, W_hh, b, x, h, G, owner):
    W_ih = as_float_array(W_ih, name="W_ih", owner=owner, ndim=2)
    H = W_ih.shape[0] // G
    if W_ih.shape[0] != G * H or H == 0:
        raise ValueError(f"{owner}: W_ih must have {G}·H rows (gates stacked), got shape {W_ih.shape}.")
    W_hh = as_float_array(W_hh, name="W_hh", owner=owner, ndim=2)
    b = as_float_array(b, name="b", owner=owner, ndim=1)
    x = as_float_array(x, name="x", owner=owner, ndim=1)
    h = as_float_array(h, name="h", owner=owner, ndim=1)
    for name, arr, shape in (("W_hh", W_hh, (G * H, H)), ("b", b, (G * H,)), ("x", x, (W_ih.shape[1],)),
                             ("h", h, (H,))):
        if arr.shape != shape:
            raise ValueError(f"{owner}: {name} has shape {arr.shape} but must be {shape} for W_ih of shape "
                             f"{W_ih.shape} (H={H} units).")
    return W_ih, W_hh, b, x, h, H


def _layer(cls, W_ih, W_hh, b, x, states):
    """The layer's own answer with these weights (b goes in bias_ih, bias_hh = 0)."""
    from lucidml.nn.tensor import Tensor

    cell = cls(W_ih.shape[1], W_hh.shape[1], dtype="float64")
    cell.weight_ih.data, cell.weight_hh.data = W_ih.copy(), W_hh.copy()
    cell.bias_ih.data, cell.bias_hh.data = b.copy(), np.zeros_like(b)
    out = cell(Tensor(x), tuple(Tensor(s) for s in states) if len(states) > 1 else Tensor(states[0]))
    return [o.data for o in out] if isinstance(out, tuple) else [out.data]


def rnn_step(W_ih=None, W_hh=None, b=None, x=None, h=None) -> Solution:
    """h_t = tanh(W_ih x_t + W_hh h_{t−1} + b) for one step (b = b_ih + b_hh); defaults: the i-gate rows
    of :data:`COURSE_LSTM`, x = its x, h_{t−1} = its c."""
    c = COURSE_LSTM
    W_ih = c["W_ih"][:2] if W_ih is None else W_ih
    W_hh = c["W_hh"][:2] if W_hh is None else W_hh
    b = c["b"][:2] if b is None else b
    W_ih, W_hh, b, x, h, H = _arrays(W_ih, W_hh, b, c["x"] if x is None else x, c["c"] if h is None else h, 1,
                                     "rnn_step")
    from lucidml.nn.recurrent import RNNCell

    u, w = W_ih @ x, W_hh @ h
    a = u + w + b
    h_new = np.tanh(a)
    (h_layer,) = _layer(RNNCell, W_ih, W_hh, b, x, [h])
    if not np.allclose(h_new, h_layer, rtol=0, atol=1e-12):       # internal invariant: the layer agrees
        raise AssertionError("rnn_step: the worked numbers disagree with RNNCell")
    steps = [Step("The input's contribution.", "W_ih x_t", {"x_t": x, "W_ih x_t": u}),
             Step("The previous state's contribution.", "W_hh h_{t−1}", {"h_{t−1}": h, "W_hh h_{t−1}": w}),
             Step("Add them and the bias: the pre-activation.", "a = W_ih x_t + W_hh h_{t−1} + b", {"b": b, "a": a}),
             Step("Squash with tanh: the new hidden state (RNNCell computes the same).", "h_t = tanh(a)",
                  {"h_t": h_new})]
    return Solution(question=f"One step of a tanh RNN with {H} units: what is h_t?", steps=steps,
                    answer=h_new, answer_text="h_t = [" + ", ".join(f"{v:.6f}" for v in h_new) + "]")


def lstm_step(W_ih=None, W_hh=None, b=None, x=None, h=None, c=None) -> Solution:
    """One LSTM step: every gate, the new cell state and the new hidden state (defaults: :data:`COURSE_LSTM`)."""
    d = COURSE_LSTM
    W_ih, W_hh, b, x, h, H = _arrays(d["W_ih"] if W_ih is None else W_ih, d["W_hh"] if W_hh is None else W_hh,
                                     d["b"] if b is None else b, d["x"] if x is None else x,
                                     d["h"] if h is None else h, 4, "lstm_step")
    c = as_float_array(d["c"] if c is None else c, name="c", owner="lstm_step", ndim=1)
    if c.shape != (H,):
        raise ValueError(f"lstm_step: c has shape {c.shape} but must be ({H},), like h.")
    from lucidml.nn.recurrent import LSTMCell

    a = W_ih @ x + W_hh @ h + b                                        # (4H,) pre-activations
    a_i, a_f, a_g, a_o = a[:H], a[H:2 * H], a[2 * H:3 * H], a[3 * H:]
    i, f, g, o = _sigmoid(a_i), _sigmoid(a_f), np.tanh(a_g), _sigmoid(a_o)
    c_new = f * c + i * g
    h_new = o * np.tanh(c_new)
    h_layer, c_layer = _layer(LSTMCell, W_ih, W_hh, b, x, [h, c])
    if not (np.allclose(h_new, h_layer, rtol=0, atol=1e-12) and np.allclose(c_new, c_layer, rtol=0, atol=1e-12)):
        raise AssertionError("lstm_step: the worked numbers disagree with LSTMCell")
    steps = [
        Step("Pre-activations of all four gates at once (rows i, f, g, o of the stacked weights).",
             "a = W_ih x_t + W_hh h_{t−1} + b", {"x_t": x, "h_{t−1}": h, "a": a}),
        Step("Input gate: how much of the candidate to write.", "i = σ(a_i)", {"a_i": a_i, "i": i}),
        Step("Forget gate: how much of the old cell to keep.", "f = σ(a_f)", {"a_f": a_f, "f": f}),
        Step("Candidate cell values.", "g = tanh(a_g)", {"a_g": a_g, "g": g}),
        Step("Output gate: how much of the cell to show.", "o = σ(a_o)", {"a_o": a_o, "o": o}),
        Step("New cell state: keep part of the old, add part of the candidate.", "c_t = f ⊙ c_{t−1} + i ⊙ g",
             {"c_{t−1}": c, "f ⊙ c_{t−1}": f * c, "i ⊙ g": i * g, "c_t": c_new}),
        Step("New hidden state (LSTMCell computes the same h_t and c_t).", "h_t = o ⊙ tanh(c_t)",
             {"tanh(c_t)": np.tanh(c_new), "h_t": h_new}),
    ]
    return Solution(question=f"One step of an LSTM with {H} units: what are the gates, c_t and h_t?", steps=steps,
                    answer={"i": i, "f": f, "g": g, "o": o, "c": c_new, "h": h_new},
                    answer_text="c_t = [" + ", ".join(f"{v:.6f}" for v in c_new) + "],  h_t = ["
                                + ", ".join(f"{v:.6f}" for v in h_new) + "]")
