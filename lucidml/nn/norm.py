"""Normalisation and regularisation for feature maps (N, C, H, W) (SYLLABUS §15).

    BatchNorm2d   y = γ_c (x − μ_c) / √(σ²_c + ε) + β_c, with μ_c, σ²_c over (N, H, W) of channel c
    Dropout2d     y = m_{n,c} · x / (1 − p), m_{n,c} ~ Bernoulli(1 − p): whole channels dropped

Batch normalisation for convolutions normalises per channel, pooling the statistics over
the batch and every position (one μ and σ² per channel, because a filter's output has
the same meaning everywhere in the image). While training it uses the batch's mean and
biased variance, σ²_B = Σ (x − μ_B)² / n with n = N·H·W, and updates the running
estimates r ← (1 − momentum)·r + momentum·(batch value) using the unbiased variance
σ²_B · n/(n − 1) (``momentum=None``: the cumulative mean, momentum = 1/t at batch t);
evaluation uses the running estimates. The backward pass through the batch statistics is

    ∂L/∂x = (γ / √(σ²_B + ε)) · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)),   ĝ = ∂L/∂y,

means over (N, H, W) per channel, x̂ = (x − μ_B)/√(σ²_B + ε) (Ioffe & Szegedy 2015, §3).

Dropout2d drops entire channels, because neighbouring pixels of a feature map are
strongly correlated and dropping single pixels barely regularises (Tompson et al. 2015).

Names, buffers and semantics are PyTorch's: ``weight`` (γ), ``bias`` (β),
``running_mean``, ``running_var``, ``num_batches_tracked`` (int64).

References: Ioffe & Szegedy (2015), "Batch normalization"; Tompson et al. (2015),
"Efficient object localization using convolutional networks" (spatial dropout).

>>> bn = BatchNorm2d(2)
>>> x = Tensor(np.arange(16.0).reshape(2, 2, 2, 2))
>>> y = bn(x).data
>>> np.round(y.mean(axis=(0, 2, 3)), 6).tolist(), np.round(y.var(axis=(0, 2, 3)), 3).tolist()
([0.0, 0.0], [1.0, 1.0])
>>> [round(float(r), 4) for r in bn.running_mean], int(bn.num_batches_tracked)   # 0.1 · the means 5.5, 9.5
([0.55, 0.95], 1)
"""
from __future__ import annotations

import numbers

import numpy as np

from lucidml.nn import init as initialisers
from lucidml.nn.modules import Module, Parameter
from lucidml.nn.tensor import Tensor
from lucidml.utils.validation import check_int

__all__ = ["BatchNorm2d", "Dropout2d"]


class BatchNorm2d(Module):
    """Batch normalisation per channel of an (N, C, H, W) batch (see the module docstring).

    ``affine=False`` has no γ, β (y = x̂); ``track_running_stats=False`` keeps no running
    estimates and normalises with the batch's statistics in evaluation too.
    """

    _buffers = ("running_mean", "running_var", "num_batches_tracked")

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, *, dtype="float32"):
        self.num_features = check_int(num_features, name="num_features", owner="BatchNorm2d", minimum=1)
        if not (isinstance(eps, numbers.Real) and eps >= 0):
            raise ValueError(f"BatchNorm2d: eps={eps!r} must be a number >= 0 (it keeps √(σ² + ε) away from 0).")
        if momentum is not None and not (isinstance(momentum, numbers.Real) and 0.0 <= momentum <= 1.0):
            raise ValueError(f"BatchNorm2d: momentum={momentum!r} must lie in [0, 1] (or be None for a "
                             "cumulative average).")
        self.eps, self.momentum, self.affine = float(eps), momentum, bool(affine)
        self.track_running_stats, self.dtype = bool(track_running_stats), str(np.dtype(dtype))
        C = num_features
        self.weight = Parameter(np.ones(C), dtype=dtype) if affine else None       # γ
        self.bias = Parameter(np.zeros(C), dtype=dtype) if affine else None        # β
        if track_running_stats:
            self.running_mean = np.zeros(C, dtype=dtype)
            self.running_var = np.ones(C, dtype=dtype)
            self.num_batches_tracked = np.array(0, dtype=np.int64)
        else:                        # no statistics, and none in the state_dict (as PyTorch: None buffers)
            self.running_mean = self.running_var = self.num_batches_tracked = None

    def forward(self, x):
        x = x if isinstance(x, Tensor) else Tensor(x, dtype=self.dtype)
        if x.ndim != 4 or x.shape[1] != self.num_features:
            raise ValueError(f"BatchNorm2d: expected input of shape (N, {self.num_features}, H, W), got {x.shape}.")
        N, C, H, W = x.shape
        n = N * H * W                                                       # values per channel
        batch_stats = self.training or not self.track_running_stats
        if batch_stats:
            if n < 2:
                raise ValueError(f"BatchNorm2d: training needs more than one value per channel to estimate a "
                                 f"variance, got input shape {x.shape} (N·H·W = {n}).")
            mu = x.data.mean(axis=(0, 2, 3))                                # μ_B (C,)
            var = x.data.var(axis=(0, 2, 3))                                # σ²_B (C,), biased
            if self.training and self.track_running_stats:
                self.num_batches_tracked = np.array(self.num_batches_tracked + 1, dtype=np.int64)
                m = 1.0 / float(self.num_batches_tracked) if self.momentum is None else self.momentum
                dt = self.running_mean.dtype
                self.running_mean = ((1 - m) * self.running_mean + m * mu).astype(dt)
                self.running_var = ((1 - m) * self.running_var + m * var * n / (n - 1)).astype(dt)  # unbiased
        else:
            mu, var = self.running_mean, self.running_var
        return _batch_norm(x, mu, var, self.weight, self.bias, self.eps, batch_stats)

    def config(self):
        return {"num_features": self.num_features, "eps": self.eps, "momentum": self.momentum,
                "affine": self.affine, "track_running_stats": self.track_running_stats, "dtype": self.dtype}


def _batch_norm(x: Tensor, mu: np.ndarray, var: np.ndarray, weight, bias, eps: float, batch_stats: bool) -> Tensor:
    """y = γ x̂ + β, x̂ = (x − μ)/√(σ² + ε) per channel; the gradient also flows through μ, σ²
    when they are the batch's own (``batch_stats``)."""
    dtype = x.dtype
    axes = (0, 2, 3)
    inv_std = (1.0 / np.sqrt(var + eps)).astype(dtype)[None, :, None, None]      # (1, C, 1, 1)
    x_hat = (x.data - mu.astype(dtype)[None, :, None, None]) * inv_std           # (N, C, H, W)
    if weight is None:
        y, gamma = x_hat, None
    else:
        gamma = weight.data.astype(dtype)[None, :, None, None]
        y = x_hat * gamma + bias.data.astype(dtype)[None, :, None, None]
    parents = (x,) if weight is None else (x, weight, bias)
    out = x._child(y, parents, "batch_norm2d")

    def _backward(g):
        if weight is not None and weight.requires_grad:
            weight._accumulate((g * x_hat).sum(axis=axes))                       # ∂L/∂γ = Σ ĝ x̂
        if bias is not None and bias.requires_grad:
            bias._accumulate(g.sum(axis=axes))                                   # ∂L/∂β = Σ ĝ
        if x.requires_grad:
            g_hat = g if gamma is None else g * gamma                            # ∂L/∂x̂
            if batch_stats:                                                      # through μ_B and σ²_B too
                dx = inv_std * (g_hat - g_hat.mean(axis=axes, keepdims=True)
                                - x_hat * (g_hat * x_hat).mean(axis=axes, keepdims=True))
            else:                                                                # μ, σ² are constants
                dx = g_hat * inv_std
            x._accumulate(dx)
    out._backward = _backward
    return out


class Dropout2d(Module):
    """Spatial dropout: while training zero each whole channel (n, c) with probability p and
    scale the kept ones by 1/(1 − p); evaluation returns the input unchanged.

    Input (N, C, H, W). Each layer draws from its own generator, seeded by ``random_state``.
    """

    def __init__(self, p: float = 0.5, *, random_state=None):
        if not (isinstance(p, numbers.Real) and 0.0 <= p < 1.0):
            raise ValueError(f"Dropout2d: p={p!r} must lie in [0, 1).")
        self.p = float(p)
        self._rng = initialisers.as_generator(random_state)

    def forward(self, x):
        x = x if isinstance(x, Tensor) else Tensor(x)
        if x.ndim != 4:
            raise ValueError(f"Dropout2d: expected a 4-D input (N, C, H, W), got shape {x.shape}.")
        if not self.training or self.p == 0.0:
            return x
        N, C = x.shape[:2]
        keep = (self._rng.random((N, C, 1, 1)) >= self.p).astype(x.dtype)       # m ~ Bernoulli(1 − p), per channel
        return x * (keep / (1.0 - self.p))                                       # broadcast over (H, W)

    def config(self):
        return {"p": self.p}
