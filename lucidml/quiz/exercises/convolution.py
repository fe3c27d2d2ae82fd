"""Exercises for §1, convolution: 1-D and 2-D convolution (valid/same/full, stride) and the
cross-correlation that deep-learning layers compute. Answers from :mod:`lucidml.signal`,
worked solutions from ``explain.convolution`` / ``explain.convolution2d``."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Step, format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register

_MODES = {
    "valid": "no padding: only the windows that lie inside the data",
    "same": "zero padding so the output is as long as the input",
    "full": "K − 1 zeros on each side: every overlap of kernel and data",
}

_COURSE_F, _COURSE_G = np.array([2, 5, 0, 1, 3]), np.array([0, 1, 0])
_COURSE_K = np.array([[0, 0, 0], [0, 5, 0], [0, 0, 0]])
_COURSE_D = np.array([[1, 0, 1, 1, 0], [1, 0, 0, 1, 1], [0, 1, 0, 0, 0], [1, 0, 0, 0, 1], [0, 1, 0, 1, 0]])


def _signal(draw: Draw, n: int) -> np.ndarray:
    return draw.by_level(lambda: draw.integers(0, 5, n), lambda: draw.integers(-3, 5, n),
                         lambda: draw.decimals(-2, 2, n, 1))()


def _asymmetric_kernel(draw: Draw, shape) -> np.ndarray:
    """A kernel that is not its own flip, so convolution and correlation differ."""
    for _ in range(100):
        g = draw.by_level(lambda: draw.integers(-1, 3, shape), lambda: draw.integers(-2, 3, shape),
                          lambda: draw.decimals(-1, 1, shape, 1))()
        if not np.array_equal(g, np.flip(g)) and np.any(g != 0):
            return g
    raise RuntimeError("no asymmetric kernel drawn")  # pragma: no cover  (probability ~ 0)


def _length_mistakes(n_out: int, shape_of, mode: str, formula: str):
    if mode != "valid":
        return []
    hint = (f"off by one: a 'valid' output has {formula} cells, one for every position where the whole "
            "kernel fits inside the data.")
    return [Mistake("valid-length-off-by-one", hint, shape=shape_of(n_out - 1)),
            Mistake("valid-length-off-by-one", hint, shape=shape_of(n_out + 1))]


@register("conv1d", topic="conv", section=1, title="1-D convolution")
def conv1d(draw: Draw) -> Spec:
    from lucidml import explain
    from lucidml.signal import conv1d as convolve, correlate1d

    N = draw.integer(*draw.by_level((5, 6), (5, 7), (6, 8)))
    K = draw.by_level(3, draw.choice([2, 3]), 3)
    mode = draw.by_level("valid", draw.choice(["valid", "same", "full"]), draw.choice(["valid", "full"]))
    stride = draw.by_level(1, 1, 2)
    f, g = _signal(draw, N), _asymmetric_kernel(draw, K)
    if draw.level == 1 and draw.integer(0, 5) == 0:
        f, g, N = _COURSE_F, _COURSE_G, len(_COURSE_F)       # the course's own example: [5, 0, 1]
    y = convolve(f, g, mode, stride=stride)
    sol = explain.convolution(f, g, mode)
    steps = list(sol.steps)
    if stride > 1:
        steps.append(Step(f"Stride {stride}: keep every {stride}-th output cell, starting with the first.",
                          f"y_s[n] = y[{stride}·n]", {"all cells": sol.answer, f"every {stride}-th": y}))
    sol = type(sol)(sol.question, steps, y)
    n_pad = N + {"valid": 0, "same": K - 1, "full": 2 * (K - 1)}[mode]
    formula = (f"N − K + 1 = {N} − {K} + 1 = {N - K + 1}" if stride == 1
               else f"⌊(N − K) / s⌋ + 1 = ⌊({n_pad} − {K}) / {stride}⌋ + 1 = {len(y)}")
    flipped = format_value(g[::-1])
    mistakes = [Mistake("no-flip", "you computed the cross-correlation f ⋆ g (the kernel slid as it is). "
                        f"Convolution flips the kernel first: flip(g) = {flipped}.",
                        correlate1d(f, g, mode, stride=stride) if mode != "same" else
                        convolve(f, g[::-1], mode, stride=stride))]
    mistakes += _length_mistakes(len(y), lambda n: (n,), mode, formula)
    for other in _MODES:
        if other != mode:
            mistakes.append(Mistake(f"mode-{other}", f"that is the '{other}' convolution ({_MODES[other]}); "
                                    f"'{mode}' means {_MODES[mode]}.", convolve(f, g, other, stride=stride)))
    if stride > 1:
        mistakes.append(Mistake("stride-ignored", f"that is every output cell; with stride {stride} keep only "
                                f"every {stride}-th one.", sol.steps[-1].values["all cells"]))
    return Spec(
        question=f"What is the {mode} convolution f * g" + (f" with stride {stride}" if stride > 1 else "")
                 + " of the signal f with the kernel g?",
        given={"f": f, "g": g, "mode": mode, "stride": stride},
        answer=y, kind="vector", decimals=None if draw.level < 3 else 2, solution=sol, mistakes=mistakes, reveal_shape=False)


@register("correlate1d", topic="conv", section=1, title="1-D cross-correlation")
def correlate1d(draw: Draw) -> Spec:
    from lucidml import explain
    from lucidml.signal import conv1d as convolve, correlate1d as correlate

    N = draw.integer(*draw.by_level((5, 6), (5, 7), (6, 8)))
    K = draw.by_level(3, draw.choice([2, 3]), 3)
    mode = draw.by_level("valid", draw.choice(["valid", "full"]), draw.choice(["valid", "full"]))
    f, g = _signal(draw, N), _asymmetric_kernel(draw, K)
    y = correlate(f, g, mode)
    inner = explain.convolution(f, g[::-1], mode)       # f ⋆ g = f * flip(g)
    steps = [Step("Cross-correlation slides the kernel as it is. It equals the convolution with the flipped "
                  "kernel, f ⋆ g = f * flip(g), so convolve with flip(g): flipping that back gives g itself.",
                  "(f ⋆ g)[n] = Σ_k g[k] · f[n + k] = (f * flip(g))[n]", {"g": g, "flip(g)": g[::-1]})]
    sol = type(inner)(inner.question, steps + list(inner.steps), y)
    mistakes = [Mistake("flipped", "you flipped the kernel: that is the convolution f * g. A deep-learning "
                        "'convolution' layer computes the cross-correlation, which slides g unflipped.",
                        convolve(f, g, mode))]
    mistakes += _length_mistakes(len(y), lambda n: (n,), mode, f"N − K + 1 = {N} − {K} + 1 = {N - K + 1}")
    return Spec(
        question=f"A 1-channel deep-learning convolution layer (no bias) computes the {mode} cross-correlation "
                 "f ⋆ g. What does it output for the signal f and the kernel g?",
        given={"f": f, "g": g, "mode": mode}, answer=y, kind="vector",
        decimals=None if draw.level < 3 else 2, solution=sol, mistakes=mistakes, reveal_shape=False)


@register("conv2d", topic="conv", section=1, title="2-D convolution")
def conv2d(draw: Draw) -> Spec:
    from lucidml import explain
    from lucidml.signal import conv2d as convolve, correlate2d

    level = draw.level
    if level == 1:
        # The course's exercise and its variants: a 5×5 binary image, a 3×3 kernel with one non-zero cell.
        course = draw.integer(0, 3) == 0
        D = _COURSE_D if course else draw.integers(0, 1, (5, 5))
        K = np.zeros((3, 3), dtype=np.int64)
        K[draw.integer(0, 2), draw.integer(0, 2)] = draw.integer(2, 9)
        if course and draw.integer(0, 1) == 0:
            K = _COURSE_K                                     # exactly the course's: [[0,0,5],[5,0,0],[0,0,0]]
        mode = "valid"
    elif level == 2:
        n = draw.integer(4, 5)
        D = draw.integers(0, 3, (n, n))
        K = _asymmetric_kernel(draw, (2, 2)) if n == 4 else _asymmetric_kernel(draw, (3, 3))
        mode = draw.choice(["valid", "valid", "same"])
    else:
        D = draw.decimals(-1, 1, (5, 5), 1)
        K = _asymmetric_kernel(draw, (3, 3))
        mode = draw.choice(["valid", "same", "full"])
    Y = convolve(D, K, mode)
    sol = explain.convolution2d(D, K, mode)
    kh, kw = K.shape
    no_flip = correlate2d(D, K, mode) if mode != "same" else convolve(D, K[::-1, ::-1], mode)
    mistakes = [
        Mistake("no-flip", "you computed the cross-correlation (the kernel laid on the data as it is). "
                "Convolution first rotates the kernel by 180° (flip both rows and columns).", no_flip),
        Mistake("flip-one-axis", "you flipped the kernel along one axis only; convolution flips both "
                "(rows and columns: a 180° rotation).", convolve(D, K[::-1, :], mode)),
        Mistake("flip-one-axis", "you flipped the kernel along one axis only; convolution flips both "
                "(rows and columns: a 180° rotation).", convolve(D, K[:, ::-1], mode)),
    ]
    H, W = D.shape
    mistakes += _length_mistakes(Y.shape[0], lambda n: (n, n - Y.shape[0] + Y.shape[1]), mode,
                                 f"(H − Kh + 1) × (W − Kw + 1) = {H - kh + 1} × {W - kw + 1}")
    for other in _MODES:
        if other != mode:
            mistakes.append(Mistake(f"mode-{other}", f"that is the '{other}' convolution ({_MODES[other]}); "
                                    f"'{mode}' means {_MODES[mode]}.", convolve(D, K, other)))
    return Spec(
        question=f"What is the {mode} 2-D convolution D * K of the data matrix D with the kernel K?",
        given={"D": D, "K": K, "mode": mode}, answer=Y, kind="matrix",
        decimals=None if level < 3 else 2, solution=sol, mistakes=mistakes, reveal_shape=False)
