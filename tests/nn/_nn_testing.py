"""Shared checks for the nn tests: central finite differences and a torch twin."""
from __future__ import annotations

import numpy as np

from lucidml.nn import Tensor


def finite_difference_grads(f, arrays, eps=1e-6):
    """∂f/∂a for every array a (f returns a float), by central differences, one entry at a time."""
    grads = []
    for a in arrays:
        g = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            keep = a[idx]
            a[idx] = keep + eps
            up = f(*arrays)
            a[idx] = keep - eps
            down = f(*arrays)
            a[idx] = keep
            g[idx] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


def relative_error(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    scale = max(np.linalg.norm(a), np.linalg.norm(b), 1e-8)
    return np.linalg.norm(a - b) / scale


def autograd_grads(op, arrays, weight):
    """Forward op on float64 tensors, then backprop L = Σ weight ⊙ op(...); returns (out, grads)."""
    ts = [Tensor(a.copy(), requires_grad=True, dtype=np.float64) for a in arrays]
    out = op(*ts)
    (out * weight).sum().backward()
    return out.data, [t.grad if t.grad is not None else np.zeros_like(t.data) for t in ts]


def check_gradient(op, arrays, seed=0, tol=1e-6):
    """Autograd gradient of L = Σ w ⊙ op(x) (random w) equals central finite differences."""
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    out = op(*[Tensor(a, dtype=np.float64) for a in arrays]).data
    weight = np.random.default_rng(seed).normal(size=out.shape)
    _, grads = autograd_grads(op, arrays, weight)

    def scalar(*xs):
        return float(np.sum(op(*[Tensor(x, dtype=np.float64) for x in xs]).data * weight))

    numeric = finite_difference_grads(scalar, [a.copy() for a in arrays])
    for i, (g, n) in enumerate(zip(grads, numeric)):
        err = relative_error(g, n)
        assert err < tol, f"input {i}: relative error {err:.2e} between autograd and finite differences"
    return grads


def check_torch(op, torch_op, arrays, seed=0, rtol=1e-10, atol=1e-12):
    """Forward values and gradients equal PyTorch's (float64)."""
    import torch

    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    out = op(*[Tensor(a, dtype=np.float64) for a in arrays]).data
    weight = np.random.default_rng(seed).normal(size=out.shape)
    ours, grads = autograd_grads(op, arrays, weight)
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    theirs = torch_op(*ts)
    (theirs * torch.tensor(weight)).sum().backward()
    np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=rtol, atol=atol)
    for g, t in zip(grads, ts):
        np.testing.assert_allclose(g, t.grad.numpy() if t.grad is not None else 0 * g, rtol=rtol, atol=atol)
