"""Exercises for §11, neural networks: an activation and its derivative at a point, and the
back-propagation partial derivatives ∂E/∂w of an output weight (w5 in the course's numbering)
and of a hidden weight (w1, which reaches the error through both outputs), with the updated
weight. Answers from :mod:`lucidml.nn` autograd (``backward()``), worked solutions from
``explain.backprop``."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register

_ACTIVATIONS = {
    "sigmoid": ("σ(x) = 1 / (1 + e^(−x))", "σ′(x) = σ(x) (1 − σ(x))"),
    "tanh": ("tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x))", "tanh′(x) = 1 − tanh²(x)"),
    "relu": ("ReLU(x) = max(0, x)", "ReLU′(x) = 1 if x > 0, else 0"),
    "binary step": ("step(x) = 1 if x >= 0, else 0", "step′(x) = 0 for x ≠ 0"),
    "identity": ("id(x) = x", "id′(x) = 1"),
    "smht": ("smht(x) = (e^(ax) − e^(−bx)) / (e^(cx) + e^(−dx))",
             "smht′ = (N′D − ND′) / D²,  N = e^(ax) − e^(−bx),  D = e^(cx) + e^(−dx)"),
}


@register("activation", topic="activations", section=11, title="An activation and its derivative")
def activation(draw: Draw) -> Spec:
    from lucidml.nn import Tensor
    from lucidml.nn import functional as F

    name = draw.by_level(draw.choice(["sigmoid", "tanh", "relu"]),
                         draw.choice(["sigmoid", "tanh", "relu", "binary step", "identity"]),
                         draw.choice(["sigmoid", "tanh", "smht"]))
    while True:
        x = draw.by_level(draw.decimals(-3, 3, places=1), draw.decimals(-3, 3, places=1),
                          draw.decimals(-2, 2, places=2))
        if x != 0:
            break
    params = {}
    if name == "smht":
        params = {k: float(draw.decimals(0.5, 1.5, places=1)) for k in "abcd"}
    fn = {"sigmoid": F.sigmoid, "tanh": F.tanh, "relu": F.relu, "binary step": F.binary_step,
          "identity": F.identity, "smht": lambda t: F.smht(t, **params)}[name]
    t = Tensor(np.array(float(x)), requires_grad=True, dtype=np.float64)
    out = fn(t)
    out.backward()
    f, df = float(out.item()), float(t.grad)
    steps = [Step(f"Evaluate the activation at x = {format_value(x)}.", _ACTIVATIONS[name][0],
                  {"x": x, **params, "f(x)": f}),
             Step("Its derivative, as the autograd engine's backward() computes it.", _ACTIVATIONS[name][1],
                  {"f′(x)": df})]
    sol = Solution("", steps, np.array([f, df]))
    mistakes = [Mistake("swapped", "you gave f′(x) first; the answer is (f(x), f′(x)).", [df, f])]
    if name == "sigmoid":
        mistakes += [Mistake("derivative-is-sigma", "σ′(x) is σ(x)(1 − σ(x)), not σ(x) itself.", [f, f]),
                     Mistake("derivative-sign", "σ′(x) = σ(x)(1 − σ(x)) is always positive.", [f, -df])]
    if name == "tanh":
        mistakes += [Mistake("tanh-not-squared", "tanh′(x) = 1 − tanh²(x): square the tanh.", [f, 1 - f]),
                     Mistake("derivative-sign", "tanh′(x) = 1 − tanh²(x) is always positive.", [f, -df])]
    if name == "relu":
        mistakes += [Mistake("relu-derivative-x", "ReLU′ is 0 or 1 (the slope), not x.", [f, float(x) * (x > 0)]),
                     Mistake("relu-negative", "ReLU(x) = max(0, x) is 0 for negative x.", [float(x), df])]
    question = f"What are the value and the derivative of the {name} activation at x = {format_value(x)}" + (
        f", with a = {params['a']:g}, b = {params['b']:g}, c = {params['c']:g}, d = {params['d']:g}?" if params else "?")
    return Spec(question=question + " Give (f(x), f′(x)).", given={"activation": name, "x": x, **params},
                answer=np.array([f, df]), kind="vector", decimals=4, solution=sol, mistakes=mistakes)


def _network(draw: Draw):
    """A 2-2-2 sigmoid network like the course's (at level 1, one time in four, the course's own)."""
    level = draw.level
    if level == 1 and draw.integer(0, 3) == 0:
        from lucidml import explain

        net = explain.COURSE_NETWORK
        return ([np.array(w) for w in net["weights"]], [np.array(b) for b in net["biases"]], np.array(net["inputs"]),
                np.array(net["targets"]), net["learning_rate"])
    W1 = draw.decimals(0.05, 0.6, (2, 2), 2) if level < 3 else draw.decimals(-1, 1, (2, 2), 2)
    W2 = draw.decimals(0.05, 0.6, (2, 2), 2) if level < 3 else draw.decimals(-1, 1, (2, 2), 2)
    b1 = draw.by_level(lambda: np.full(2, draw.decimals(0.1, 0.6, places=2)),
                       lambda: np.full(2, draw.decimals(0.1, 0.6, places=2)),
                       lambda: draw.decimals(-0.5, 0.5, 2, 2))()
    b2 = draw.by_level(lambda: np.full(2, draw.decimals(0.1, 0.6, places=2)),
                       lambda: np.full(2, draw.decimals(0.1, 0.6, places=2)),
                       lambda: draw.decimals(-0.5, 0.5, 2, 2))()
    x = draw.by_level(lambda: draw.decimals(0.05, 0.3, 2, 2), lambda: draw.decimals(0.05, 0.5, 2, 2),
                      lambda: draw.decimals(-1, 1, 2, 2))()
    targets = draw.by_level(lambda: np.array([0.01, 0.99]), lambda: draw.choice([np.array([0.01, 0.99]),
                                                                                  np.array([0.99, 0.01])]),
                            lambda: draw.decimals(0.01, 0.99, 2, 2))()
    eta = draw.by_level(0.5, draw.choice([0.5, 0.1]), draw.choice([0.5, 0.1, 0.05]))
    return [W1, W2], [b1, b2], x, targets, eta


def _given(W, b, x, t, eta) -> dict:
    w = np.concatenate([W[0].ravel(), W[1].ravel()])
    return {"inputs i1, i2": x, "w1..w4 (i→h)": w[:4], "w5..w8 (h→o)": w[4:], "b1 (hidden)": b[0],
            "b2 (output)": b[1], "targets": t, "η": eta}


_NET_TEXT = ("A 2-2-2 network of sigmoid units (inputs i1, i2; hidden h1, h2; outputs o1, o2) has the weights "
             "w1 = i1→h1, w2 = i2→h1, w3 = i1→h2, w4 = i2→h2, w5 = h1→o1, w6 = h2→o1, w7 = h1→o2, w8 = h2→o2 and "
             "the error E = ½ Σ_k (target_k − out_k)².")


@register("backprop-output", topic="backprop", section=11, title="Back-propagation: an output weight")
def backprop_output(draw: Draw) -> Spec:
    from lucidml import explain

    W, b, x, t, eta = _network(draw)
    k = draw.integer(5, 8) if draw.level > 1 else draw.choice([5, 6])
    trace = explain.backprop_trace(W, b, x, t, eta)
    j, i = divmod(k - 5, 2)                                  # w5 = W2[0, 0], w6 = W2[0, 1], w7 = W2[1, 0], ...
    g = float(trace.dE_dW[1][j, i])
    w = float(W[1][j, i])
    new = w - eta * g
    answer = np.array([g, new])
    sol = explain.backprop(W, b, x, t, eta)
    dE_dout, dout_dnet, out_h = trace.dE_dout[1][j], trace.dout_dnet[1][j], trace.outs[0][i]
    sol = Solution("", list(sol.steps) + [Step(f"The asked weight is w{k} (h{i + 1}→o{j + 1}).",
                                               f"∂E/∂w{k} = ∂E/∂out_o{j + 1} · ∂out_o{j + 1}/∂net_o{j + 1} · out_h{i + 1};"
                                               f"  w{k}⁺ = w{k} − η ∂E/∂w{k}",
                                               {f"∂E/∂w{k}": g, f"w{k}⁺": new})], answer)
    mistakes = [Mistake("gradient-sign", "sign error in the gradient: ∂E/∂out = −(target − out) = out − target.",
                        [-g, w + eta * g]),
                Mistake("update-sign", "the gradient is right but the update went uphill: w⁺ = w − η ∂E/∂w.",
                        [g, w + eta * g], credit=0.5),
                Mistake("no-sigmoid-derivative", "you left out ∂out/∂net = out (1 − out), the sigmoid's derivative.",
                        [dE_dout * out_h, w - eta * dE_dout * out_h]),
                Mistake("other-output", f"you used the error of the other output; w{k} feeds o{j + 1}.",
                        _other_output(trace, j, i, w, eta))]
    return Spec(question=_NET_TEXT + f" After one forward pass, what are ∂E/∂w{k} and the updated weight "
                                     f"w{k}⁺ = w{k} − η ∂E/∂w{k}? Give (∂E/∂w{k}, w{k}⁺).",
                given={**_given(W, b, x, t, eta), "weight": f"w{k}"}, answer=answer, kind="vector", decimals=5,
                solution=sol, mistakes=mistakes)


def _other_output(trace, j, i, w, eta):
    o = 1 - j
    g = float(trace.dE_dout[1][o] * trace.dout_dnet[1][o] * trace.outs[0][i])
    return [g, w - eta * g]


@register("backprop-hidden", topic="backprop", section=11, title="Back-propagation: a hidden weight")
def backprop_hidden(draw: Draw) -> Spec:
    from lucidml import explain

    W, b, x, t, eta = _network(draw)
    k = draw.integer(1, 4) if draw.level > 1 else draw.choice([1, 2])
    trace = explain.backprop_trace(W, b, x, t, eta)
    j, i = divmod(k - 1, 2)                                  # w1 = W1[0, 0] (i1→h1), w2 = W1[0, 1] (i2→h1), ...
    g = float(trace.dE_dW[0][j, i])
    w = float(W[0][j, i])
    new = w - eta * g
    answer = np.array([g, new])
    sol = explain.backprop(W, b, x, t, eta)
    delta_o = trace.delta[1]                                 # δ_o = ∂E/∂net_o
    factor = trace.dout_dnet[0][j] * x[i]
    one_path = float(delta_o[0] * W[1][0, j] * factor)
    sol = Solution("", list(sol.steps) + [Step(f"The asked weight is w{k} (i{i + 1}→h{j + 1}); h{j + 1} feeds both "
                                               "outputs, so its error adds the two paths.",
                                               f"∂E/∂w{k} = (δ_o1 · w(h{j + 1}→o1) + δ_o2 · w(h{j + 1}→o2)) · "
                                               f"out_h{j + 1}(1 − out_h{j + 1}) · i{i + 1}",
                                               {f"∂E/∂w{k}": g, f"w{k}⁺": new})], answer)
    mistakes = [Mistake("one-output-path", f"you followed only the path through o1; w{k} changes h{j + 1}, which "
                        "feeds both outputs, so add δ_o1 · w + δ_o2 · w over the two paths.",
                        [one_path, w - eta * one_path]),
                Mistake("gradient-sign", "sign error in the gradient: ∂E/∂out = −(target − out) = out − target.",
                        [-g, w + eta * g]),
                Mistake("update-sign", "the gradient is right but the update went uphill: w⁺ = w − η ∂E/∂w.",
                        [g, w + eta * g], credit=0.5),
                Mistake("no-hidden-derivative", f"you left out ∂out_h/∂net_h = out_h{j + 1}(1 − out_h{j + 1}).",
                        [g / trace.dout_dnet[0][j], w - eta * g / trace.dout_dnet[0][j]])]
    return Spec(question=_NET_TEXT + f" After one forward pass, what are ∂E/∂w{k} and the updated weight "
                                     f"w{k}⁺ = w{k} − η ∂E/∂w{k}? Give (∂E/∂w{k}, w{k}⁺).",
                given={**_given(W, b, x, t, eta), "weight": f"w{k}"}, answer=answer, kind="vector", decimals=6,
                solution=sol, mistakes=mistakes)
