"""Back-propagation worked step by step for a small fully connected sigmoid network.

    forward    net_j = Σᵢ w_ji xᵢ + b_j,   out_j = σ(net_j) = 1 / (1 + e^{−net_j})
    error      E_total = Σ_k ½ (target_k − out_k)²
    output w   ∂E/∂w_kj = ∂E/∂out_k · ∂out_k/∂net_k · ∂net_k/∂w_kj
                        = −(target_k − out_k) · out_k (1 − out_k) · out_j
    hidden w   ∂E/∂w_ji = (Σ_k δ_k w_kj) · out_j (1 − out_j) · xᵢ,   δ_k = ∂E/∂net_k
               (a hidden weight reaches the error through every output: the sum over k)
    update     w⁺ = w − η ∂E/∂w

The numbers come from :mod:`lucidml.nn` (float64 tensors, ``backward()``): the chain-rule
factors shown here multiply to exactly the gradients the autograd engine computes.
The default network is the course's (Mazur, "A step by step backpropagation example", 2015):
inputs 0.05, 0.10; w1…w8 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55; biases 0.35
and 0.60; targets 0.01, 0.99; learning rate 0.5. Weights are numbered layer by layer,
row by row of W (out, in): w1 = i1→h1, w2 = i2→h1, w3 = i1→h2, ..., w5 = h1→o1, w6 = h2→o1.

>>> s = backprop()
>>> round(float(s.answer[4]), 8)   # w5⁺ = 0.4 − 0.5 · 0.082167041
0.35891648
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.utils.validation import as_float_array, check_real

__all__ = ["backprop", "backprop_trace", "COURSE_NETWORK"]

COURSE_NETWORK = {
    "weights": [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]],
    "biases": [[0.35, 0.35], [0.60, 0.60]],
    "inputs": [0.05, 0.10],
    "targets": [0.01, 0.99],
    "learning_rate": 0.5,
}


@dataclass
class BackpropTrace:
    """Every number of one forward and backward pass, layer by layer (index 0 = first hidden layer).

    nets[l], outs[l]    (n_l,) net inputs and outputs of layer l
    dE_dout[l]          (n_l,) ∂E/∂out, from the engine (``out.grad``)
    dout_dnet[l]        (n_l,) out (1 − out)
    delta[l]            (n_l,) ∂E/∂net = ∂E/∂out · ∂out/∂net
    dE_dW[l], dE_db[l]  gradients from the engine (``W.grad``, ``b.grad``)
    W_new[l], b_new[l]  after w ← w − η ∂E/∂w
    """

    inputs: np.ndarray
    targets: np.ndarray
    W: list
    b: list
    nets: list
    outs: list
    errors: np.ndarray
    E_total: float
    dE_dout: list
    dout_dnet: list
    delta: list
    dE_dW: list
    dE_db: list
    W_new: list
    b_new: list
    learning_rate: float


def backprop_trace(weights=None, biases=None, inputs=None, targets=None, learning_rate=None) -> BackpropTrace:
    """Run the forward and backward pass with :mod:`lucidml.nn` and record every number."""
    from lucidml.nn import Tensor
    from lucidml.nn import functional as F

    W, b, x, t, eta = _check_network(weights, biases, inputs, targets, learning_rate)
    W_t = [Tensor(w, requires_grad=True, dtype=np.float64) for w in W]
    b_t = [Tensor(v, requires_grad=True, dtype=np.float64) for v in b]
    a = Tensor(x, dtype=np.float64)
    nets, outs = [], []
    for W_l, b_l in zip(W_t, b_t):
        net = a @ W_l.T + b_l                      # net_j = Σᵢ w_ji aᵢ + b_j
        a = F.sigmoid(net)                         # out_j = σ(net_j)
        nets.append(net)
        outs.append(a)
    E = F.half_squared_error(a, t)                 # E = Σ ½ (target − out)²
    E.backward()                                   # the engine fills every .grad
    dE_dout = [o.grad for o in outs]
    dout_dnet = [o.data * (1 - o.data) for o in outs]
    return BackpropTrace(
        inputs=x, targets=t, W=W, b=b, nets=[n.data for n in nets], outs=[o.data for o in outs],
        errors=0.5 * (t - a.data) ** 2, E_total=E.item(), dE_dout=dE_dout, dout_dnet=dout_dnet,
        delta=[n.grad for n in nets], dE_dW=[w.grad for w in W_t], dE_db=[v.grad for v in b_t],
        W_new=[w - eta * w_t.grad for w, w_t in zip(W, W_t)], b_new=[v - eta * v_t.grad for v, v_t in zip(b, b_t)],
        learning_rate=eta)


def backprop(weights=None, biases=None, inputs=None, targets=None, learning_rate=None) -> Solution:
    """Explain one step of gradient descent by back-propagation.

    ``weights``: a list of matrices W (n_out, n_in), one per layer; ``biases``: a list of
    vectors (n_out,) or numbers (one bias shared by the layer); every unit is a sigmoid and
    the error is E = ½ Σ (target − out)². Anything left out is the course network's.
    The answer is the vector of updated weights w1⁺, w2⁺, ... in the course's numbering.
    """
    tr = backprop_trace(weights, biases, inputs, targets, learning_rate)
    L = len(tr.W)
    names = _unit_names(tr)
    wname = _weight_names(tr)
    steps = []
    # forward pass
    prev = tr.inputs
    for l in range(L):
        for j in range(tr.W[l].shape[0]):
            terms = " + ".join(f"{wname[l][j][i]}·{names[l][i]}" for i in range(tr.W[l].shape[1]))
            nums = " + ".join(f"{format_value(tr.W[l][j, i])}·{format_value(prev[i])}" for i in range(len(prev)))
            u = names[l + 1][j]
            steps.append(Step(f"Forward: the net input and output of {u}.",
                              f"net_{u} = {terms} + b = {nums} + {format_value(tr.b[l][j])};  out_{u} = σ(net_{u})",
                              {f"net_{u}": _num(tr.nets[l][j]), f"out_{u}": _num(tr.outs[l][j])}))
        prev = tr.outs[l]
    out_names = names[L]
    steps.append(Step("The error of each output and the total error.",
                      "E = ½ (target − out)²;  E_total = Σ E",
                      {**{f"E_{u}": _num(tr.errors[k]) for k, u in enumerate(out_names)}, "E_total": _num(tr.E_total)}))
    # backward pass: output layer
    for l in reversed(range(L)):
        here, below = names[l + 1], names[l]
        a_below = tr.inputs if l == 0 else tr.outs[l - 1]
        if l < L - 1:
            above = names[l + 2]
            for j, u in enumerate(here):
                parts = " + ".join(f"δ_{above[k]}·{wname[l + 1][k][j]}" for k in range(len(above)))
                steps.append(Step(f"{u} reaches the error through every unit it feeds ({', '.join(above)}): "
                                  "add the paths.",
                                  f"∂E/∂out_{u} = {parts}",
                                  {**{f"δ_{above[k]}·{wname[l + 1][k][j]}": _num(tr.delta[l + 1][k] * tr.W[l + 1][k, j])
                                      for k in range(len(above))}, f"∂E/∂out_{u}": _num(tr.dE_dout[l][j])}))
        for j, u in enumerate(here):
            for i, v in enumerate(below):
                w = wname[l][j][i]
                first = (f"−(target_{u} − out_{u})" if l == L - 1 else f"∂E/∂out_{u}")
                steps.append(Step(f"Backward: how much does {w} ({v}→{u}) change the error? Chain rule.",
                                  f"∂E/∂{w} = ∂E/∂out_{u} · ∂out_{u}/∂net_{u} · ∂net_{u}/∂{w} "
                                  f"= {first} · out_{u}(1 − out_{u}) · {v if l == 0 else 'out_' + v}",
                                  {f"∂E/∂out_{u}": _num(tr.dE_dout[l][j]), f"∂out_{u}/∂net_{u}": _num(tr.dout_dnet[l][j]),
                                   f"∂net_{u}/∂{w}": _num(a_below[i]), f"∂E/∂{w}": _num(tr.dE_dW[l][j, i])}))
    flat_old = np.concatenate([w.ravel() for w in tr.W])
    flat_grad = np.concatenate([g.ravel() for g in tr.dE_dW])
    flat_new = np.concatenate([w.ravel() for w in tr.W_new])
    all_names = [n for layer in wname for row in layer for n in row]
    steps.append(Step(f"Update every weight with learning rate η = {format_value(tr.learning_rate)} "
                      "(all gradients were computed with the old weights).",
                      "w⁺ = w − η ∂E/∂w",
                      {"w": _num(flat_old), "∂E/∂w": _num(flat_grad), "w⁺": _num(flat_new)}))
    steps.append(Step("The biases follow the same rule (∂net/∂b = 1, so ∂E/∂b = δ).",
                      "b⁺ = b − η δ",
                      {f"b⁺ (layer {l + 1})": _num(tr.b_new[l]) for l in range(L)}))
    text = ", ".join(f"{n}⁺ = {v:.9g}" for n, v in zip(all_names, flat_new))
    return Solution(question=f"One step of back-propagation on a {'-'.join(str(len(n)) for n in names)} sigmoid "
                             f"network: E_total = {tr.E_total:.9f}. What are the updated weights?",
                    steps=steps, answer=flat_new, answer_text=text)


# -- helpers ----------------------------------------------------------------------------------------
def _num(v) -> str:
    """Nine significant digits, as the course prints them (0.74136507, 0.186815602)."""
    a = np.asarray(v, dtype=float)
    if a.ndim == 0:
        return f"{float(a):.9g}"
    return "[" + ", ".join(f"{x:.9g}" for x in a.ravel()) + "]"


def _check_network(weights, biases, inputs, targets, learning_rate):
    owner = "explain.backprop"
    course = COURSE_NETWORK
    weights = course["weights"] if weights is None else weights
    biases = course["biases"] if biases is None else biases
    x = as_float_array(course["inputs"] if inputs is None else inputs, name="inputs", owner=owner, ndim=1)
    t = as_float_array(course["targets"] if targets is None else targets, name="targets", owner=owner, ndim=1)
    eta = check_real(course["learning_rate"] if learning_rate is None else learning_rate,
                     name="learning_rate", owner=owner, minimum=0.0)
    W = [as_float_array(w, name=f"weights[{l}]", owner=owner, ndim=2) for l, w in enumerate(weights)]
    if not W:
        raise ValueError(f"{owner}: weights is empty; give one matrix (n_out, n_in) per layer.")
    if len(biases) != len(W):
        raise ValueError(f"{owner}: {len(W)} weight matrices but {len(biases)} biases; give one bias per layer.")
    b = []
    n_in = x.shape[0]
    for l, (w, v) in enumerate(zip(W, biases)):
        if w.shape[1] != n_in:
            raise ValueError(f"{owner}: weights[{l}] has shape {w.shape}, so it expects {w.shape[1]} inputs, but "
                             f"the layer below gives {n_in}; W must be (n_out, n_in).")
        v = as_float_array(v, name=f"biases[{l}]", owner=owner, ndim=(0, 1))
        v = np.full(w.shape[0], float(v)) if v.ndim == 0 else v
        if v.shape != (w.shape[0],):
            raise ValueError(f"{owner}: biases[{l}] has {v.shape[0]} values but layer {l} has {w.shape[0]} units.")
        b.append(v)
        n_in = w.shape[0]
    if t.shape[0] != n_in:
        raise ValueError(f"{owner}: {t.shape[0]} targets but the network has {n_in} outputs.")
    return W, b, x, t, eta


def _unit_names(tr) -> list[list[str]]:
    """i1, i2 for inputs; h1, h2 (or h1_1 ... for several hidden layers); o1, o2 for outputs."""
    L = len(tr.W)
    names = [[f"i{i + 1}" for i in range(tr.inputs.shape[0])]]
    for l in range(L):
        n = tr.W[l].shape[0]
        if l == L - 1:
            names.append([f"o{j + 1}" for j in range(n)])
        elif L == 2:
            names.append([f"h{j + 1}" for j in range(n)])
        else:
            names.append([f"h{l + 1}_{j + 1}" for j in range(n)])
    return names


def _weight_names(tr) -> list[list[list[str]]]:
    """w1, w2, ... layer by layer, row by row."""
    k, out = 1, []
    for w in tr.W:
        layer = []
        for _ in range(w.shape[0]):
            layer.append([f"w{k + i}" for i in range(w.shape[1])])
            k += w.shape[1]
        out.append(layer)
    return out
