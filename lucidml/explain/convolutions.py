"""Worked solutions for 1-D and 2-D convolution, one step per output cell.

Each output cell is the sum of the element-wise products of one window of the
(zero-padded) input with the *flipped* kernel:

    (f * g)[n] = Σ_k g[k] · f[n − k] = Σ_t flip(g)[t] · f_pad[n·s + t]

The steps show exactly that: the flip, any padding, and then for every output cell the
window, the flipped kernel, their products and the sum. The final answer is assembled
from those sums and equals :func:`lucidml.signal.conv1d` / :func:`conv2d`.

>>> s = convolution([2, 5, 0, 1, 3], [0, 1, 0])
>>> s.answer.tolist()
[5, 0, 1]
>>> s.steps[1].values["window"].tolist(), int(s.steps[1].values["sum"])
([2, 5, 0], 5)
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.signal.convolution import MODES, mode_padding
from lucidml.utils.validation import as_float_array, check_option

__all__ = ["convolution", "convolution2d"]


def convolution(signal, kernel, mode: str = "valid") -> Solution:
    """Explain the 1-D convolution of ``signal`` f with ``kernel`` g, cell by cell."""
    f = _exact(signal, "signal", 1, "explain.convolution")
    g = _exact(kernel, "kernel", 1, "explain.convolution")
    check_option(mode, name="mode", owner="explain.convolution", allowed=MODES)
    g_flip = g[::-1]
    steps = [Step("Flip the kernel: convolution slides g reversed (cross-correlation would not flip it).",
                  "flip(g)[t] = g[K − 1 − t]", {"g": g, "flip(g)": g_flip})]
    f_pad = _pad_for_mode(f, g.shape, mode, steps, "explain.convolution")
    K = len(g)
    out = np.empty(len(f_pad) - K + 1, dtype=np.result_type(f, g))
    for n in range(len(out)):
        window = f_pad[n:n + K]
        products = window * g_flip
        out[n] = products.sum()
        steps.append(Step(
            f"Output cell {n}: place the flipped kernel over positions {n}..{n + K - 1}, "
            "multiply element by element and add.",
            f"y[{n}] = Σ_t flip(g)[t] · f[{n} + t] = {_sum_text(products)}",
            {"window": window, "flip(g)": g_flip, "products": products, "sum": out[n]},
        ))
    return Solution(
        question=f"What is the {mode} convolution of f = {format_value(f)} with g = {format_value(g)}?",
        steps=steps, answer=out)


def convolution2d(data, kernel, mode: str = "valid") -> Solution:
    """Explain the 2-D convolution of ``data`` D with ``kernel`` K, cell by cell (row-major)."""
    D = _exact(data, "data", 2, "explain.convolution2d")
    K = _exact(kernel, "kernel", 2, "explain.convolution2d")
    check_option(mode, name="mode", owner="explain.convolution2d", allowed=MODES)
    K_flip = K[::-1, ::-1]
    steps = [Step("Flip the kernel in both directions (rotate it by 180°).",
                  "flip(K)[m, n] = K[Kh − 1 − m, Kw − 1 − n]", {"K": K, "flip(K)": K_flip})]
    D_pad = _pad_for_mode(D, K.shape, mode, steps, "explain.convolution2d")
    Kh, Kw = K.shape
    out = np.empty((D_pad.shape[0] - Kh + 1, D_pad.shape[1] - Kw + 1), dtype=np.result_type(D, K))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            window = D_pad[i:i + Kh, j:j + Kw]
            products = window * K_flip
            out[i, j] = products.sum()
            steps.append(Step(
                f"Output cell ({i}, {j}): the window of rows {i}..{i + Kh - 1} and columns "
                f"{j}..{j + Kw - 1}, times the flipped kernel, summed.",
                f"Y[{i}, {j}] = Σ_m Σ_n flip(K)[m, n] · D[{i} + m, {j} + n] = {_sum_text(products)}",
                {"window": window, "flip(K)": K_flip, "products": products, "sum": out[i, j]},
            ))
    return Solution(
        question=f"What is the {mode} 2-D convolution of the {D.shape[0]}×{D.shape[1]} data "
                 f"matrix with the {Kh}×{Kw} kernel?",
        steps=steps, answer=out)


def _exact(x, name, ndim, owner):
    """Validated like everywhere else, but integers stay integers so the steps read 5, not 5.0."""
    a = as_float_array(x, name=name, owner=owner, ndim=ndim)
    as_int = a.astype(np.int64)
    return as_int if np.array_equal(as_int, a) and np.abs(a).max() < 2**31 else a


def _pad_for_mode(x, kernel_shape, mode, steps, owner):
    pads = [mode_padding(mode, k) for k in kernel_shape]
    if any(k > n for k, n in zip(kernel_shape, x.shape)) and mode == "valid":
        raise ValueError(f"{owner}: the kernel {tuple(kernel_shape)} is larger than the data "
                         f"{x.shape} in mode='valid'; use mode='same' or 'full'.")
    if mode == "valid":
        return x
    x_pad = np.pad(x, pads)
    steps.append(Step(f"Pad the input with zeros for mode '{mode}' "
                      f"({', '.join(f'{a} before and {b} after' for a, b in pads)}).",
                      None, {"padded input": x_pad}))
    return x_pad


def _sum_text(products) -> str:
    terms = [format_value(v) for v in np.ravel(products)]
    return " + ".join(terms) + f" = {format_value(np.sum(products))}"
