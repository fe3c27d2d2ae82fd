"""A worked solution for one output cell of a convolution layer (many input channels).

A deep-learning convolution layer slides each filter over the input *without* flipping
it (it computes cross-correlation), and a filter spans every input channel. Output
channel o at cell (i, j) is the sum over the input channels c of 2-D element-wise
products, plus the filter's bias:

    y[o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q] · x_pad[c, s·i + d·p, s·j + d·q]

and each spatial axis of the output has floor((H + 2·pad − d·(k − 1) − 1)/s) + 1 cells.
The steps are: the output size with the numbers plugged in, the padding (if any), one
step per input channel (its window, the kernel slice w[o, c], the products and the
running total) and the bias. The answer equals :func:`lucidml.nn.functional_conv.conv2d`
at that cell. Reference: Goodfellow, Bengio & Courville, *Deep Learning*, §9.1 and §9.5;
Dumoulin & Visin (2016), "A guide to convolution arithmetic for deep learning".

>>> x = [[[1, 2, 0], [0, 1, 3], [2, 1, 1]],      # channel 0
...      [[0, 1, 1], [1, 0, 2], [1, 1, 0]]]      # channel 1
>>> w = [[[1, 0], [0, 1]], [[2, 0], [0, -1]]]    # one 2×2 filter over both channels
>>> s = conv_layer(x, w, bias=[1], row=0, col=1)
>>> int(s.answer)                                # (2·1 + 3·1) + (1·2 + 2·(−1)) + 1
6
>>> [int(step.values["channel sum"]) for step in s.steps if "channel sum" in step.values]
[5, 0]
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.nn.functional_conv import conv_geometry
from lucidml.utils.validation import as_float_array, check_int

__all__ = ["conv_layer"]

_OWNER = "explain.conv_layer"


def conv_layer(x, weight, bias=None, *, out_channel: int = 0, row: int = 0, col: int = 0, stride=1, padding=0,
               dilation=1) -> Solution:
    """Explain output cell (``row``, ``col``) of output channel ``out_channel`` of a convolution layer.

    x: (C, H, W), or (H, W) for one channel. weight: (C_out, C, kH, kW), or (C, kH, kW)
    for one filter, or (kH, kW) for one channel and one filter. bias: None, a number or
    one per filter. ``stride``, ``dilation``: int or (h, w); ``padding``: int, (h, w),
    "valid" or "same" (stride 1), as :func:`lucidml.nn.functional_conv.conv2d`.
    """
    X = _exact(x, "x", (2, 3))
    X = X[None] if X.ndim == 2 else X                                    # (C, H, W)
    w = _exact(weight, "weight", (2, 3, 4))
    w = w.reshape((1,) * (4 - w.ndim) + w.shape)                         # (C_out, C, kH, kW)
    C, H, W = X.shape
    C_out, C_w, kH, kW = w.shape
    if C_w != C:
        raise ValueError(f"{_OWNER}: the weight {w.shape} spans {C_w} input channels but x {X.shape} has {C}; "
                         "give one kernel slice per input channel.")
    b = np.zeros(C_out) if bias is None else _exact(np.atleast_1d(bias), "bias", 1)
    if b.shape == (1,) and C_out > 1:
        b = np.repeat(b, C_out)
    if b.shape != (C_out,):
        raise ValueError(f"{_OWNER}: bias needs one value per filter ({C_out}), got {b.shape[0]}.")
    o = _index(out_channel, "out_channel", C_out, "output channels (filters)")
    s, pads, d, _, H_out, W_out = conv_geometry(X[None], w, stride, padding, dilation, 1, _OWNER)
    i = _index(row, "row", H_out, "output rows")
    j = _index(col, "col", W_out, "output columns")

    steps = [_output_size_step(H, W, kH, kW, s, pads, d, H_out, W_out)]
    (pt, pb), (pl, pr) = pads
    X_pad = np.pad(X, ((0, 0), (pt, pb), (pl, pr)))
    if any((pt, pb, pl, pr)):
        steps.append(Step(f"Pad every channel with zeros: {pt} row(s) above, {pb} below, {pl} column(s) left, "
                          f"{pr} right.", None, {f"padded x[{c}]": X_pad[c] for c in range(C)}))
    r0, c0 = s[0] * i, s[1] * j                                          # the window's top-left corner
    rows = list(range(r0, r0 + d[0] * (kH - 1) + 1, d[0]))
    cols = list(range(c0, c0 + d[1] * (kW - 1) + 1, d[1]))
    every = "" if d == (1, 1) else f" (every {d[0]}th row, every {d[1]}th column: dilation {d[0]}×{d[1]})"
    total = 0
    for c in range(C):
        window = X_pad[c][np.ix_(rows, cols)]                            # (kH, kW)
        kernel = w[o, c]
        products = window * kernel
        channel_sum = products.sum()
        total = total + channel_sum
        steps.append(Step(
            f"Input channel {c}: the window of rows {rows[0]}..{rows[-1]} and columns {cols[0]}..{cols[-1]} of the "
            f"padded input{every}, times the kernel slice w[{o}, {c}] as it is (a convolution layer does not flip "
            "the kernel), summed, and added to the running total.",
            f"Σ_p Σ_q w[{o}, {c}, p, q] · x[{c}, {s[0]}·{i} + {d[0]}p, {s[1]}·{j} + {d[1]}q] = "
            f"{_sum_text(products)}",
            {"window": window, f"w[{o}, {c}]": kernel, "products": products, "channel sum": channel_sum,
             "running total": total}))
    y = total + b[o]
    steps.append(Step(f"Add the bias of filter {o}.",
                      f"y[{o}, {i}, {j}] = Σ_c (channel sums) + b[{o}] = {format_value(total)} + "
                      f"{format_value(b[o])} = {format_value(y)}",
                      {"sum over channels": total, f"b[{o}]": b[o], f"y[{o}, {i}, {j}]": y}))
    question = (f"What is output cell ({i}, {j}) of output channel {o} when the {C}-channel {H}×{W} input goes "
                f"through a convolution layer with {C_out} filter(s) of size {C}×{kH}×{kW} "
                f"(stride {_pair_text(s)}, padding {_pair_text((pt, pl)) if (pt, pl) == (pb, pr) else pads}, "
                f"dilation {_pair_text(d)})?")
    return Solution(question=question, steps=steps, answer=y)


def _output_size_step(H, W, kH, kW, s, pads, d, H_out, W_out) -> Step:
    def axis(name, n, k, ss, pad, dd, result):
        padding = f"2·{pad[0]}" if pad[0] == pad[1] else f"{pad[0]} + {pad[1]}"
        return f"{name}_out = ⌊({n} + {padding} − {dd}·({k} − 1) − 1)/{ss}⌋ + 1 = {result}"

    return Step("The size of the output: along each axis, the positions where the (dilated) kernel fits inside "
                "the padded input, one every stride.",
                "H_out = ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1:  " + axis("H", H, kH, s[0], pads[0], d[0], H_out)
                + ";  " + axis("W", W, kW, s[1], pads[1], d[1], W_out),
                {"H_out": H_out, "W_out": W_out})


def _index(value, name: str, n: int, what: str) -> int:
    value = check_int(value, name=name, owner=_OWNER)
    if not 0 <= value < n:
        raise ValueError(f"{_OWNER}: {name}={value} is out of range: there are {n} {what}, numbered 0..{n - 1}.")
    return value


def _exact(value, name, ndim):
    """Validated like everywhere else, but integers stay integers so the steps read 5, not 5.0."""
    a = as_float_array(value, name=name, owner=_OWNER, ndim=ndim)
    as_int = a.astype(np.int64)
    return as_int if np.array_equal(as_int, a) and np.abs(a).max() < 2**31 else a


def _pair_text(pair) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}×{pair[1]}"


def _sum_text(products) -> str:
    terms = [format_value(v) if v >= 0 else f"({format_value(v)})" for v in np.ravel(products)]
    return " + ".join(terms) + f" = {format_value(np.sum(products))}"
