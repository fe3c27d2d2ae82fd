"""Gradient clipping: the standard remedy for exploding gradients (SYLLABUS §15).

    clip_grad_norm_   ‖g‖ = (Σ_p Σᵢ g_{p,i}²)^{1/2} over all parameters together; if ‖g‖ > c,
                      every gradient is scaled by c / (‖g‖ + 10⁻⁶), keeping its direction
    clip_grad_value_  each entry clamped to [−c, c] (changes the direction)

Reference: Pascanu, Mikolov & Bengio (2013), "On the difficulty of training recurrent
neural networks", §3.2 (Algorithm 1). PyTorch's names, defaults and return value.

>>> from lucidml.nn.modules import Parameter
>>> w = Parameter(np.zeros(2)); w.grad = np.array([3.0, 4.0])     # ‖g‖ = 5
>>> round(clip_grad_norm_([w], max_norm=1.0), 6), np.round(w.grad, 4).tolist()
(5.0, [0.6, 0.8])
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["clip_grad_norm_", "clip_grad_value_"]


def _with_grads(parameters):
    from lucidml.nn.tensor import Tensor

    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    return [p for p in params if p.grad is not None]


def clip_grad_norm_(parameters, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False) -> float:
    """Scale all gradients together so their joint norm is at most ``max_norm``; return the norm before."""
    if not isinstance(max_norm, numbers.Real) or not max_norm > 0:
        raise ValueError(f"clip_grad_norm_: max_norm={max_norm!r} must be a positive number.")
    params = _with_grads(parameters)
    if not params:
        return 0.0
    if norm_type == np.inf:
        total = max(float(np.max(np.abs(p.grad))) for p in params)
    else:
        total = float(sum(np.sum(np.abs(p.grad) ** norm_type) for p in params) ** (1.0 / norm_type))
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(f"clip_grad_norm_: the total gradient norm is {total}; the loss diverged before clipping "
                           "could help. Lower the learning rate.")
    scale = max_norm / (total + 1e-6)
    if scale < 1.0:
        for p in params:
            p.grad = p.grad * np.asarray(scale, dtype=p.grad.dtype)
    return total


def clip_grad_value_(parameters, clip_value: float) -> None:
    """Clamp every gradient entry to [−clip_value, clip_value]."""
    if not isinstance(clip_value, numbers.Real) or not clip_value > 0:
        raise ValueError(f"clip_grad_value_: clip_value={clip_value!r} must be a positive number.")
    for p in _with_grads(parameters):
        p.grad = np.clip(p.grad, -clip_value, clip_value)
