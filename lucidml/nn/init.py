"""Weight initialisers: draw a layer's starting weights with the right scale.

With fan_in inputs and fan_out outputs per unit (for a weight matrix of shape (out, in)):

    xavier (Glorot)  Var[w] = 2 / (fan_in + fan_out)   keeps activations and gradients at unit scale for tanh/sigmoid
    kaiming (He)     Var[w] = gain² / fan_in, gain = √2 for ReLU (half the units are off)
    normal           N(mean, std²)
    uniform          U(a, b)

A uniform U(−r, r) has variance r²/3, so the uniform variants use r = √3 · std.
References: Glorot & Bengio (2010); He et al. (2015), §2.2.

>>> W = kaiming_normal((256, 784), random_state=0)
>>> round(float(W.std() * np.sqrt(784 / 2)), 1)      # std = √(2 / fan_in)
1.0
"""
from __future__ import annotations

import numpy as np

from lucidml.utils.validation import as_generator  # noqa: F401  (the one random-state normaliser)

__all__ = ["as_generator", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal",
           "normal", "uniform", "zeros", "ones", "INITIALISERS"]


def _fans(shape) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight of shape (out, in, *kernel) as in PyTorch."""
    if len(shape) < 2:
        raise ValueError(f"initialiser: fan_in and fan_out need a weight with at least 2 axes, got shape {shape}.")
    receptive = int(np.prod(shape[2:])) if len(shape) > 2 else 1
    return shape[1] * receptive, shape[0] * receptive


def xavier_uniform(shape, gain: float = 1.0, random_state=None, dtype=np.float32):
    """U(−r, r), r = gain · √(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _fans(shape)
    r = gain * np.sqrt(6.0 / (fan_in + fan_out))
    return as_generator(random_state).uniform(-r, r, size=shape).astype(dtype)


def xavier_normal(shape, gain: float = 1.0, random_state=None, dtype=np.float32):
    """N(0, σ²), σ = gain · √(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _fans(shape)
    std = gain * np.sqrt(2.0 / (fan_in + fan_out))
    return as_generator(random_state).normal(0.0, std, size=shape).astype(dtype)


def kaiming_uniform(shape, gain: float = np.sqrt(2.0), random_state=None, dtype=np.float32):
    """U(−r, r), r = gain · √(3 / fan_in); gain √2 for ReLU. gain = 1/√3 gives PyTorch's
    ``Linear`` default, r = 1/√fan_in."""
    fan_in, _ = _fans(shape)
    r = gain * np.sqrt(3.0 / fan_in)
    return as_generator(random_state).uniform(-r, r, size=shape).astype(dtype)


def kaiming_normal(shape, gain: float = np.sqrt(2.0), random_state=None, dtype=np.float32):
    """N(0, σ²), σ = gain / √fan_in."""
    fan_in, _ = _fans(shape)
    return as_generator(random_state).normal(0.0, gain / np.sqrt(fan_in), size=shape).astype(dtype)


def normal(shape, mean: float = 0.0, std: float = 1.0, random_state=None, dtype=np.float32):
    return as_generator(random_state).normal(mean, std, size=shape).astype(dtype)


def uniform(shape, low: float = 0.0, high: float = 1.0, random_state=None, dtype=np.float32):
    return as_generator(random_state).uniform(low, high, size=shape).astype(dtype)


def zeros(shape, random_state=None, dtype=np.float32):
    return np.zeros(shape, dtype=dtype)


def ones(shape, random_state=None, dtype=np.float32):
    return np.ones(shape, dtype=dtype)


INITIALISERS = {"xavier_uniform": xavier_uniform, "xavier_normal": xavier_normal, "glorot_uniform": xavier_uniform,
                "glorot_normal": xavier_normal, "kaiming_uniform": kaiming_uniform, "kaiming_normal": kaiming_normal,
                "he_uniform": kaiming_uniform, "he_normal": kaiming_normal, "normal": normal, "uniform": uniform}
