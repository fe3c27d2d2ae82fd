"""Exercises for §12, time series and recurrent networks: an AR(p) forecast, a differencing
step, one step of a simple RNN h_t = tanh(W_hh h_{t−1} + W_xh x_t + b) and one step of an LSTM
cell. Answers and worked solutions from ``explain.ar_forecast``, ``explain.differencing`` and
:mod:`lucidml.nn` tensors (the RNN and LSTM steps; they should move to ``lucidml.nn.RNNCell``
and ``LSTMCell`` once those layers land)."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


@register("ar-forecast", topic="timeseries", section=12, title="AR(p) forecast")
def ar_forecast(draw: Draw) -> Spec:
    from lucidml import explain

    p = draw.by_level(draw.choice([1, 2]), 2, draw.choice([2, 3]))
    h = draw.by_level(draw.choice([1, 2]), 2, draw.choice([2, 3]))
    n = draw.by_level(5, 6, 8)
    while True:
        y = draw.by_level(lambda: draw.integers(0, 10, n), lambda: draw.decimals(0, 10, n, 1),
                          lambda: draw.decimals(-5, 5, n, 1))()
        phi = draw.decimals(-0.9, 0.9, p, 1)
        if np.any(phi != 0) and (p == 1 or not np.array_equal(phi, phi[::-1])):
            break
    c = draw.by_level(draw.integer(0, 2), draw.decimals(-1, 2, places=1), draw.decimals(-1, 1, places=1))
    sol = explain.ar_forecast(y, phi, steps=h, const=c)
    answer = sol.answer

    def forecast(coef, const=c):
        """The recursion with other coefficients or constant (for the mistakes)."""
        hist = list(np.asarray(y, float))
        for _ in range(h):
            hist.append(const + float(np.dot(coef, hist[::-1][:p])))
        return np.array(hist[len(y):])

    mistakes = [Mistake("no-constant", "you left out the constant c.", forecast(phi, 0.0)),
                Mistake("sign-error", "sign error: the model adds the weighted past, ŷ = c + Σ φ_l y_{t−l}.",
                        -np.asarray(answer))]
    if p > 1:
        mistakes.append(Mistake("reversed-coefficients", "φ₁ multiplies the most recent value y[t−1], φ₂ the one "
                                "before it: you applied the coefficients in reverse order.", forecast(phi[::-1])))
    if h > 1:
        mistakes.append(Mistake("no-feedback", "beyond the data, each forecast must use the earlier forecasts "
                                "ŷ in place of the unknown values.", _no_feedback(y, phi, c, h)))
    return Spec(question=f"An AR({p}) model ŷ[t] = c + " + " + ".join(f"φ{l} y[t−{l}]" for l in range(1, p + 1))
                         + f" has the coefficients φ = ({', '.join(f'φ{l}' for l in range(1, p + 1))}) and constant "
                           "c. What does it forecast for "
                           f"the next {h} value{'s' * (h > 1)} of the series y?",
                given={"y": y, "φ": phi, "c": c}, answer=answer, kind="vector", decimals=3, solution=sol,
                mistakes=mistakes)


def _no_feedback(y, phi, c, h):
    """Multi-step forecasts that reuse the last observed values (a common mistake)."""
    y = list(np.asarray(y, float))
    p = len(phi)
    return np.array([c + float(np.dot(phi, y[::-1][:p])) for _ in range(h)])


@register("differencing", topic="timeseries", section=12, title="Differencing a series")
def differencing(draw: Draw) -> Spec:
    from lucidml import explain

    n = draw.by_level(5, 6, 7)
    d = draw.by_level(1, draw.choice([1, 2]), 2)
    y = draw.by_level(lambda: draw.integers(0, 12, n), lambda: draw.integers(-5, 20, n),
                      lambda: draw.decimals(-5, 5, n, 1))()
    sol = explain.differencing(y, d)
    answer = sol.answer
    yf = np.asarray(y, float)
    mistakes = [Mistake("sign-error", "sign error: ∇y[t] = y[t] − y[t−1] (the later value minus the earlier one).",
                        -answer),
                Mistake("kept-length", f"each difference loses one value: {n} values give {n - d} after "
                        f"{d} difference{'s' * (d > 1)}.", shape=(n - d + 1,)),
                Mistake("kept-length", f"each difference loses one value: {n} values give {n - d}.", shape=(n,))]
    if d == 2:
        mistakes += [Mistake("first-difference", "that is the first difference; difference it once more.",
                             yf[1:] - yf[:-1]),
                     Mistake("lag-two", "that is y[t] − y[t−2] (a lag-2 difference); the second difference is "
                             "∇(∇y)[t] = y[t] − 2y[t−1] + y[t−2].", yf[2:] - yf[:-2])]
    exact = draw.level < 3
    return Spec(question=f"What is the {'first' if d == 1 else 'second'} difference "
                         f"{'∇y' if d == 1 else '∇²y = ∇(∇y)'} of the series y?",
                given={"y": y, "d": d}, answer=answer, kind="vector", decimals=None if exact else 1,
                solution=sol, mistakes=mistakes, reveal_shape=False)


@register("rnn-step", topic="rnn", section=12, title="One step of a recurrent network")
def rnn_step(draw: Draw) -> Spec:
    from lucidml.nn import Tensor
    from lucidml.nn import functional as F

    H, D = draw.by_level((2, 1), (2, 2), (3, 2))
    places = draw.by_level(1, 1, 2)
    W_hh = draw.decimals(-1, 1, (H, H), places)
    W_xh = draw.decimals(-1, 1, (H, D), places)
    b = draw.decimals(-0.5, 0.5, H, places)
    h_prev = draw.decimals(-1, 1, H, places)
    x = draw.by_level(lambda: draw.integers(-2, 2, D), lambda: draw.decimals(-2, 2, D, 1),
                      lambda: draw.decimals(-2, 2, D, 1))()
    T = lambda a: Tensor(np.asarray(a, float), dtype=np.float64)   # noqa: E731
    a = T(W_hh) @ T(h_prev) + T(W_xh) @ T(x) + T(b)          # (H,)  the pre-activation
    h = F.tanh(a)
    answer = h.numpy()
    steps = [Step("The recurrent part: the previous state through W_hh.", "W_hh h_{t−1}",
                  {"W_hh h_{t−1}": (T(W_hh) @ T(h_prev)).numpy()}),
             Step("The input part: the new input through W_xh.", "W_xh x_t", {"W_xh x_t": (T(W_xh) @ T(x)).numpy()}),
             Step("Add them and the bias: the pre-activation.", "a_t = W_hh h_{t−1} + W_xh x_t + b", {"a_t": a.numpy()}),
             Step("Squash with tanh: the new hidden state.", "h_t = tanh(a_t)", {"h_t": answer})]
    sol = Solution("", steps, answer)
    Wf, hf, xf, bf = (np.asarray(v, float) for v in (W_hh, h_prev, x, b))
    mistakes = [Mistake("no-tanh", "that is the pre-activation a_t; the new state is tanh(a_t).", a.numpy()),
                Mistake("sigmoid", "you used the sigmoid; this RNN's activation is tanh.", F.sigmoid(a).numpy()),
                Mistake("no-recurrence", "you left out the previous state: h_t depends on W_hh h_{t−1}.",
                        np.tanh(np.asarray(W_xh, float) @ xf + bf)),
                Mistake("transposed-W_hh", "you multiplied by W_hhᵀ; row i of W_hh gives the weights into unit i.",
                        np.tanh(Wf.T @ hf + np.asarray(W_xh, float) @ xf + bf))]
    return Spec(question="A simple (Elman) RNN updates its hidden state by h_t = tanh(W_hh h_{t−1} + W_xh x_t + b). "
                         "Given the previous state h_{t−1} and the input x_t, what is h_t?",
                given={"W_hh": W_hh, "W_xh": W_xh, "b": b, "h_{t−1}": h_prev, "x_t": x}, answer=answer,
                kind="vector", decimals=4, solution=sol, mistakes=mistakes)


_GATES = ("input i", "forget f", "cell candidate g", "output o")   # PyTorch's order of the four blocks


@register("lstm-step", topic="rnn", section=12, title="One step of an LSTM cell")
def lstm_step(draw: Draw) -> Spec:
    from lucidml.nn import Tensor
    from lucidml.nn import functional as F

    H, D = draw.by_level((1, 1), (2, 1), (2, 2))
    places = draw.by_level(1, 1, 2)
    W_ih = draw.decimals(-1, 1, (4 * H, D), places)         # rows: i, f, g, o (H each), as PyTorch stacks them
    W_hh = draw.decimals(-1, 1, (4 * H, H), places)
    b = draw.decimals(-0.5, 0.5, 4 * H, places)
    h_prev, c_prev = draw.decimals(-1, 1, H, places), draw.decimals(-1, 1, H, places)
    x = draw.by_level(lambda: draw.integers(-2, 2, D), lambda: draw.decimals(-2, 2, D, 1),
                      lambda: draw.decimals(-2, 2, D, 1))()
    T = lambda a: Tensor(np.asarray(a, float), dtype=np.float64)   # noqa: E731
    z = T(W_ih) @ T(x) + T(W_hh) @ T(h_prev) + T(b)          # (4H,)  all gates' pre-activations
    i, f, g, o = (z[k * H:(k + 1) * H] for k in range(4))
    i, f, g, o = F.sigmoid(i), F.sigmoid(f), F.tanh(g), F.sigmoid(o)
    c = f * T(c_prev) + i * g                                # c_t = f ⊙ c_{t−1} + i ⊙ g
    h = o * F.tanh(c)                                        # h_t = o ⊙ tanh(c_t)
    answer = np.r_[h.numpy(), c.numpy()]
    gates = {name: v.numpy() for name, v in zip(_GATES, (i, f, g, o))}
    steps = [Step("All four gates' pre-activations at once: the input and the previous state through the stacked "
                  "weights (rows: i, f, g, o).", "z = W_ih x_t + W_hh h_{t−1} + b", {"z": z.numpy()}),
             Step("Squash: sigmoids for the three gates, tanh for the candidate.",
                  "i = σ(z_i),  f = σ(z_f),  g = tanh(z_g),  o = σ(z_o)", gates),
             Step("The cell keeps f of its old content and adds i of the candidate.", "c_t = f ⊙ c_{t−1} + i ⊙ g",
                  {"c_t": c.numpy()}),
             Step("The output gate lets part of the squashed cell out as the new state.", "h_t = o ⊙ tanh(c_t)",
                  {"h_t": h.numpy()})]
    sol = Solution("", steps, answer)
    iv, fv, gv, ov = (gates[k] for k in _GATES)
    cf = np.asarray(c_prev, float)
    no_forget = iv * gv
    swapped = iv * cf + fv * gv                              # the input and forget blocks exchanged
    z_g = z.numpy()[2 * H:3 * H]
    sig_g = fv * cf + iv / (1 + np.exp(-z_g))                # the cell with σ(z_g) as the candidate
    mistakes = [Mistake("no-forget-gate", "the old cell state is kept through the forget gate: c_t = f ⊙ c_{t−1} "
                        "+ i ⊙ g.", np.r_[ov * np.tanh(no_forget), no_forget]),
                Mistake("no-tanh-on-cell", "the new state squashes the cell first: h_t = o ⊙ tanh(c_t), not o ⊙ c_t.",
                        np.r_[ov * c.numpy(), c.numpy()]),
                Mistake("gate-order", "PyTorch stacks the blocks as input, forget, cell, output (i, f, g, o); you "
                        "exchanged the input and forget gates.", np.r_[ov * np.tanh(swapped), swapped]),
                Mistake("sigmoid-candidate", "the candidate g uses tanh (values in (−1, 1)), not the sigmoid.",
                        np.r_[ov * np.tanh(sig_g), sig_g]),
                Mistake("swapped-h-c", "give h_t first, then c_t.", np.r_[c.numpy(), h.numpy()])]
    return Spec(question="An LSTM cell (PyTorch's gate order: the rows of W_ih, W_hh and b are the blocks i, f, g, o, "
                         f"{H} row{'s' * (H > 1)} each) receives x_t with the previous state h_{{t−1}} and cell "
                         "c_{t−1}. What are h_t and c_t? Give (h_t, c_t).",
                given={"W_ih": W_ih, "W_hh": W_hh, "b": b, "h_{t−1}": h_prev, "c_{t−1}": c_prev, "x_t": x},
                answer=answer, kind="vector", decimals=4, solution=sol, mistakes=mistakes)
