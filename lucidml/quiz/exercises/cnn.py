"""Exercises for §11, convolutional networks: a conv layer's output shape, its number of
parameters, and one output cell of a multi-channel convolution.

A deep-learning "convolution" layer computes a cross-correlation summed over the input
channels: Y[o, i, j] = b_o + Σ_c Σ_m Σ_n W[o, c, m, n] · X_pad[c, i·s + m, j·s + n], with the
output size ⌊(H + 2p − k) / s⌋ + 1 per axis. The shapes and the cell are computed with
:func:`lucidml.signal.correlate2d` (its stride and padding), one channel at a time; the
parameter count follows PyTorch's layout, weight (C_out, C_in, k, k) and bias (C_out,).
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


def _output_size(H: int, W: int, k: int, s: int, p: int) -> tuple[int, int]:
    """(H_out, W_out) of a k × k cross-correlation with stride s and padding p, by lucidml.signal."""
    from lucidml.signal import correlate2d

    return correlate2d(np.zeros((H, W)), np.ones((k, k)), "valid", stride=s, padding=p).shape


def _layer(draw: Draw):
    C_in = draw.by_level(draw.choice([1, 3]), draw.choice([3, 16, 32]), draw.choice([3, 64, 128]))
    C_out = draw.by_level(draw.choice([4, 6, 8]), draw.choice([16, 32, 64]), draw.choice([64, 128, 256]))
    k = draw.by_level(draw.choice([3, 5]), draw.choice([3, 5]), draw.choice([1, 3, 5, 7]))
    s = draw.by_level(1, draw.choice([1, 2]), draw.choice([1, 2, 3]))
    p = draw.by_level(draw.choice([0, 1]), draw.choice([0, 1, 2]), draw.choice([0, 1, 2, 3]))
    H = draw.by_level(draw.choice([28, 32]), draw.choice([28, 32, 64]), draw.choice([32, 57, 112, 224]))
    W = H if draw.level < 3 else draw.choice([H, H // 2 + 1])
    return C_in, C_out, k, s, p, H, W


@register("conv-shape", topic="cnn", section=11, title="Convolution layer: output shape")
def conv_shape(draw: Draw) -> Spec:
    while True:
        C_in, C_out, k, s, p, H, W = _layer(draw)
        if H + 2 * p >= k and W + 2 * p >= k:
            break
    H_out, W_out = _output_size(H, W, k, s, p)
    answer = np.array([C_out, H_out, W_out])
    steps = [Step("Each axis: pad by p on both sides, count the positions where the k × k window fits, "
                  "keep every s-th.", "H_out = ⌊(H + 2p − k) / s⌋ + 1,  W_out = ⌊(W + 2p − k) / s⌋ + 1",
                  {"H_out": f"⌊({H} + 2·{p} − {k}) / {s}⌋ + 1 = {H_out}",
                   "W_out": f"⌊({W} + 2·{p} − {k}) / {s}⌋ + 1 = {W_out}"}),
             Step("Every filter makes one output channel, whatever C_in is (it sums over the input channels).",
                  "C_out = number of filters", {"output shape": answer})]
    sol = Solution("", steps, answer)
    size = lambda h, w: np.array([C_out, h, w])              # noqa: E731
    mistakes = [Mistake("no-padding", "you left out the padding: the input grows by 2p along each axis.",
                        size((H - k) // s + 1, (W - k) // s + 1) if H >= k and W >= k else [np.nan] * 3),
                Mistake("no-stride", f"you left out the stride: with s = {s} only every {s}-th position is kept.",
                        size(H + 2 * p - k + 1, W + 2 * p - k + 1)),
                Mistake("missing-plus-one", "off by one: the number of window positions is ⌊(H + 2p − k) / s⌋ + 1.",
                        size(H_out - 1, W_out - 1)),
                Mistake("ceil", "the division rounds down: a window that would stick out of the padded input is "
                        "not computed.", size(-(-(H + 2 * p - k) // s) + 1, -(-(W + 2 * p - k) // s) + 1)),
                Mistake("input-channels", "the number of output channels is the number of filters C_out, "
                        "not C_in.", [C_in, H_out, W_out]),
                Mistake("one-padding", "padding p adds p zeros on each side, 2p per axis, not p.",
                        size((H + p - k) // s + 1, (W + p - k) // s + 1))]
    return Spec(question=f"A convolution layer with C_out = {C_out} filters of size {k} × {k}, stride {s} and "
                         f"padding {p} is applied to an input of shape (C_in, H, W) = ({C_in}, {H}, {W}). "
                         "What is the output shape (C_out, H_out, W_out)?",
                given={"input (C_in, H, W)": np.array([C_in, H, W]), "filters C_out": C_out, "kernel k": k,
                       "stride s": s, "padding p": p},
                answer=answer, kind="vector", solution=sol, mistakes=mistakes)


@register("conv-params", topic="cnn", section=11, title="Convolution layer: number of parameters")
def conv_params(draw: Draw) -> Spec:
    C_in, C_out, k, s, p, H, W = _layer(draw)
    bias = draw.integer(0, 3) > 0
    weight_shape = (C_out, C_in, k, k)
    n_weight = int(np.prod(weight_shape))
    n_bias = C_out if bias else 0
    answer = n_weight + n_bias
    H_out, W_out = _output_size(H, W, k, s, p) if H + 2 * p >= k else (1, 1)
    steps = [Step("The weight holds one k × k kernel per (output channel, input channel) pair.",
                  "weight: (C_out, C_in, k, k)", {"shape": np.array(weight_shape), "entries": n_weight}),
             Step("One bias per output channel." if bias else "This layer has no bias.", "bias: (C_out,)",
                  {"entries": n_bias}),
             Step("Weights are shared across positions, so the input's height and width do not matter.",
                  "parameters = C_out · C_in · k² + C_out·[bias]", {"parameters": answer})]
    sol = Solution("", steps, answer)
    mistakes = [Mistake("forgot-bias", "you left out the C_out biases.", n_weight) if bias else
                Mistake("added-bias", "this layer has no bias (bias=False).", n_weight + C_out),
                Mistake("forgot-input-channels", "each filter has one k × k kernel per input channel: multiply by C_in.",
                        C_out * k * k + n_bias),
                Mistake("per-position", "the weights are shared across positions; the count does not grow with "
                        "the output size.", (n_weight + n_bias) * H_out * W_out),
                Mistake("bias-per-input", "there is one bias per output channel, not per (output, input) pair.",
                        n_weight + (C_out * C_in if bias else 0))]
    return Spec(question=f"How many learnable parameters has a convolution layer with C_in = {C_in} input "
                         f"channels, C_out = {C_out} filters of size {k} × {k}, "
                         + ("with a bias" if bias else "without a bias") + f", applied to {H} × {W} images?",
                given={"C_in": C_in, "C_out": C_out, "k": k, "bias": "yes" if bias else "no", "image": f"{H}×{W}"},
                answer=float(answer), kind="number", solution=sol, mistakes=mistakes)


@register("conv-layer-cell", topic="cnn", section=11, title="Multi-channel convolution: one output cell")
def conv_layer_cell(draw: Draw) -> Spec:
    from lucidml.signal import conv2d, correlate2d

    C, H, k = draw.by_level((2, 3, 2), (2, 4, draw.choice([2, 3])), (3, 5, 3))
    s, p = draw.by_level((1, 0), (1, draw.choice([0, 1])), (draw.choice([1, 2]), draw.choice([0, 1])))
    while True:
        X = draw.by_level(lambda: draw.integers(0, 2, (C, H, H)), lambda: draw.integers(0, 3, (C, H, H)),
                          lambda: draw.decimals(-1, 1, (C, H, H), 1))()
        Wt = draw.by_level(lambda: draw.integers(-1, 2, (C, k, k)), lambda: draw.integers(-2, 2, (C, k, k)),
                           lambda: draw.decimals(-1, 1, (C, k, k), 1))()
        if all(not np.array_equal(Wt[c], Wt[c][::-1, ::-1]) for c in range(C)):
            break
    b = draw.by_level(draw.integer(-1, 2), draw.integer(-2, 2), draw.decimals(-1, 1, places=1))
    maps = np.stack([correlate2d(X[c], Wt[c], "valid", stride=s, padding=p) for c in range(C)])   # (C, H_out, W_out)
    Y = maps.sum(axis=0) + b
    i, j = draw.integer(0, Y.shape[0] - 1), draw.integer(0, Y.shape[1] - 1)
    answer = float(Y[i, j])
    Xp = np.pad(np.asarray(X, float), ((0, 0), (p, p), (p, p)))
    steps = [Step(f"The layer cross-correlates each input channel with its own kernel (no flip), stride {s}, "
                  f"padding {p}, adds the channels and the bias.",
                  "Y[i, j] = b + Σ_c Σ_m Σ_n W[c, m, n] · X_pad[c, i·s + m, j·s + n]", {})]
    for c in range(C):
        window = Xp[c, i * s:i * s + k, j * s:j * s + k]
        steps.append(Step(f"Channel {c}: the window of output cell ({i}, {j}) times the kernel W[{c}], summed.",
                          f"(X_{c} ⋆ W_{c})[{i}, {j}]",
                          {"window": window, f"W[{c}]": Wt[c], "products": window * Wt[c], "sum": maps[c, i, j]}))
    steps.append(Step("Add the channels and the bias.",
                      f"Y[{i}, {j}] = {' + '.join(format_value(v) for v in maps[:, i, j])} + {format_value(b)}",
                      {f"Y[{i}, {j}]": answer, "whole output map Y": Y}))
    sol = Solution("", steps, answer)
    flipped = sum(conv2d(X[c], Wt[c], "valid", stride=s, padding=p) for c in range(C)) + b
    mistakes = [Mistake("flipped-kernel", "you flipped the kernels (a true convolution); a convolution layer computes "
                        "the cross-correlation and slides each kernel as it is.", float(flipped[i, j])),
                Mistake("no-bias", "you left out the bias b.", float(maps[:, i, j].sum())),
                Mistake("one-channel", "you used only channel 0; a filter sums over all input channels.",
                        float(maps[0, i, j] + b)),
                Mistake("transposed-cell", f"that is cell ({j}, {i}); the cell ({i}, {j}) is row {i}, column {j}.",
                        float(Y[j, i]) if j < Y.shape[0] and i < Y.shape[1] else np.nan)]
    exact = draw.level < 3
    return Spec(question=f"A convolution layer (as in deep learning: cross-correlation) has one filter with "
                         f"{C} input channels, {k} × {k} kernels W[c], bias b, stride {s} and padding {p}. For the "
                         f"input X (channel c = X[c]), what is the output cell Y[{i}, {j}] (rows and columns from 0)?",
                given={**{f"X[{c}]": X[c] for c in range(C)}, **{f"W[{c}]": Wt[c] for c in range(C)}, "b": b,
                       "stride": s, "padding": p, "cell": f"({i}, {j})"},
                answer=answer, kind="number", decimals=None if exact else 2, solution=sol, mistakes=mistakes)
