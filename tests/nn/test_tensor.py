"""The autograd Tensor: every op's gradient vs finite differences (float64, rel. error < 1e-6)
and vs PyTorch (forward and backward), broadcasting over hypothesis-drawn shapes, bad input."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

from lucidml.nn import Tensor, cat, no_grad, stack, where

sys.path.insert(0, str(Path(__file__).parent))  # the shared helpers beside this file
from _nn_testing import check_gradient, check_torch  # noqa: E402

rng = np.random.default_rng(0)


def away_from_zero(shape, low=0.2, high=2.0, seed=0):
    """Values with |x| in [low, high]: no kinks (abs, relu, clip) within finite-difference reach."""
    r = np.random.default_rng(seed)
    return r.uniform(low, high, size=shape) * r.choice([-1.0, 1.0], size=shape)


def positive(shape, seed=0):
    return np.random.default_rng(seed).uniform(0.3, 2.0, size=shape)


# name, our op, torch op, inputs
UNARY = [
    ("neg", lambda x: -x, lambda x: -x, [away_from_zero((3, 4))]),
    ("exp", lambda x: x.exp(), lambda x: x.exp(), [away_from_zero((3, 4))]),
    ("log", lambda x: x.log(), lambda x: x.log(), [positive((3, 4))]),
    ("sqrt", lambda x: x.sqrt(), lambda x: x.sqrt(), [positive((3, 4))]),
    ("abs", lambda x: x.abs(), lambda x: x.abs(), [away_from_zero((3, 4))]),
    ("clip", lambda x: x.clip(-1.0, 0.9), lambda x: x.clamp(-1.0, 0.9), [away_from_zero((3, 4))]),
    ("pow3", lambda x: x ** 3, lambda x: x ** 3, [away_from_zero((3, 4))]),
    ("pow-half", lambda x: x ** -0.5, lambda x: x ** -0.5, [positive((3, 4))]),
    ("rsub", lambda x: 2.0 - x, lambda x: 2.0 - x, [away_from_zero((3, 4))]),
    ("rdiv", lambda x: 2.0 / x, lambda x: 2.0 / x, [away_from_zero((3, 4))]),
    ("sum", lambda x: x.sum(), lambda x: x.sum(), [away_from_zero((3, 4))]),
    ("sum-axis0", lambda x: x.sum(axis=0), lambda x: x.sum(dim=0), [away_from_zero((3, 4))]),
    ("sum-keep", lambda x: x.sum(axis=(0, 2), keepdims=True), lambda x: x.sum(dim=(0, 2), keepdim=True),
     [away_from_zero((2, 3, 4))]),
    ("mean-axis1", lambda x: x.mean(axis=1), lambda x: x.mean(dim=1), [away_from_zero((3, 4))]),
    ("mean", lambda x: x.mean(), lambda x: x.mean(), [away_from_zero((2, 3, 4))]),
    ("var-axis0", lambda x: x.var(axis=0), lambda x: x.var(dim=0, unbiased=False), [away_from_zero((5, 3))]),
    ("var-ddof1-keep", lambda x: x.var(axis=-1, keepdims=True, ddof=1),
     lambda x: x.var(dim=-1, keepdim=True, unbiased=True), [away_from_zero((3, 5))]),
    ("var-all", lambda x: x.var(), lambda x: x.var(unbiased=False), [away_from_zero((3, 4))]),
    ("max-axis1", lambda x: x.max(axis=1), lambda x: x.amax(dim=1), [away_from_zero((3, 4))]),
    ("min-keep", lambda x: x.min(axis=0, keepdims=True), lambda x: x.amin(dim=0, keepdim=True),
     [away_from_zero((3, 4))]),
    ("max-all", lambda x: x.max(), lambda x: x.max(), [away_from_zero((3, 4))]),
    ("reshape", lambda x: x.reshape(4, 3) * Tensor(np.arange(12.).reshape(4, 3), dtype=np.float64),
     lambda x: x.reshape(4, 3) * __import__("torch").arange(12.).double().reshape(4, 3), [away_from_zero((3, 4))]),
    ("transpose", lambda x: x.T, lambda x: x.T, [away_from_zero((3, 4))]),
    ("permute", lambda x: x.permute(2, 0, 1), lambda x: x.permute(2, 0, 1), [away_from_zero((2, 3, 4))]),
    ("swap-axes", lambda x: x.transpose(0, 2), lambda x: x.transpose(0, 2), [away_from_zero((2, 3, 4))]),
    ("slice", lambda x: x[1:, ::2], lambda x: x[1:, ::2], [away_from_zero((3, 4))]),
    ("int-index", lambda x: x[1], lambda x: x[1], [away_from_zero((3, 4))]),
    ("gather-repeated", lambda x: x[[0, 2, 0, 0]], lambda x: x[[0, 2, 0, 0]], [away_from_zero((3, 4))]),
    ("gather-pairs", lambda x: x[np.array([0, 1, 2, 2]), np.array([3, 0, 1, 1])],
     lambda x: x[[0, 1, 2, 2], [3, 0, 1, 1]], [away_from_zero((3, 4))]),
]

BINARY = [
    ("add", lambda a, b: a + b, lambda a, b: a + b, [(3, 4), (4,)]),
    ("sub", lambda a, b: a - b, lambda a, b: a - b, [(3, 1), (1, 4)]),
    ("mul", lambda a, b: a * b, lambda a, b: a * b, [(2, 3, 4), (3, 1)]),
    ("div", lambda a, b: a / b, lambda a, b: a / b, [(3, 4), (3, 4)]),
    ("pow-tensor", lambda a, b: a.abs() ** b, lambda a, b: a.abs() ** b, [(3, 4), (4,)]),
    ("matmul", lambda a, b: a @ b, lambda a, b: a @ b, [(3, 4), (4, 5)]),
    ("matmul-batched", lambda a, b: a @ b, lambda a, b: a @ b, [(2, 3, 4), (4, 5)]),
    ("matmul-batched-both", lambda a, b: a @ b, lambda a, b: a @ b, [(2, 1, 3, 4), (3, 4, 2)]),
    ("matvec", lambda a, b: a @ b, lambda a, b: a @ b, [(3, 4), (4,)]),
    ("vecmat", lambda a, b: a @ b, lambda a, b: a @ b, [(4,), (4, 3)]),
    ("dot", lambda a, b: a @ b, lambda a, b: a @ b, [(4,), (4,)]),
    ("cat", lambda a, b: cat([a, b], axis=1), lambda a, b: __import__("torch").cat([a, b], dim=1),
     [(3, 2), (3, 4)]),
    ("stack", lambda a, b: stack([a, b], axis=1), lambda a, b: __import__("torch").stack([a, b], dim=1),
     [(3, 4), (3, 4)]),
    ("where", lambda a, b: where(a.data > 0, a, b),
     lambda a, b: __import__("torch").where(a > 0, a, b), [(3, 4), (1, 4)]),
]


@pytest.mark.parametrize("name, op, torch_op, inputs", UNARY, ids=[u[0] for u in UNARY])
def test_unary_gradient_matches_finite_differences(name, op, torch_op, inputs):
    check_gradient(op, inputs)


@pytest.mark.parametrize("name, op, torch_op, shapes", BINARY, ids=[b[0] for b in BINARY])
def test_binary_gradient_matches_finite_differences(name, op, torch_op, shapes):
    check_gradient(op, [away_from_zero(s, seed=i) for i, s in enumerate(shapes)])


@pytest.mark.parametrize("name, op, torch_op, inputs", UNARY, ids=[u[0] for u in UNARY])
def test_unary_matches_torch(name, op, torch_op, inputs):
    pytest.importorskip("torch")
    check_torch(op, torch_op, inputs)


@pytest.mark.parametrize("name, op, torch_op, shapes", BINARY, ids=[b[0] for b in BINARY])
def test_binary_matches_torch(name, op, torch_op, shapes):
    pytest.importorskip("torch")
    check_torch(op, torch_op, [away_from_zero(s, seed=i) for i, s in enumerate(shapes)])


ELEMENTWISE = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
               "/": lambda a, b: a / b}


@given(shapes=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
       op=st.sampled_from(sorted(ELEMENTWISE)), seed=st.integers(0, 2**16))
def test_property_broadcasting_gradient(shapes, op, seed):
    """For any pair of broadcastable shapes the gradient is reduced back to each input's shape
    and equals central finite differences (and PyTorch, when installed)."""
    a, b = away_from_zero(shapes.input_shapes[0], seed=seed), away_from_zero(shapes.input_shapes[1], seed=seed + 1)
    grads = check_gradient(ELEMENTWISE[op], [a, b], seed=seed)
    assert grads[0].shape == a.shape and grads[1].shape == b.shape
    if "torch" in sys.modules or _has_torch():
        check_torch(ELEMENTWISE[op], ELEMENTWISE[op], [a, b], seed=seed)


@given(batch=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, max_side=3),
       n=st.integers(1, 3), k=st.integers(1, 3), m=st.integers(1, 3), seed=st.integers(0, 2**16))
def test_property_batched_matmul_gradient(batch, n, k, m, seed):
    a = away_from_zero(batch.input_shapes[0] + (n, k), seed=seed)
    b = away_from_zero(batch.input_shapes[1] + (k, m), seed=seed + 1)
    grads = check_gradient(lambda x, y: x @ y, [a, b], seed=seed)
    assert grads[0].shape == a.shape and grads[1].shape == b.shape


def _has_torch():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def test_toy_by_hand():
    # y = (a·b + a)²  with a = 2, b = 3: inner = 8, y = 64
    # ∂y/∂a = 2·inner·(b + 1) = 2·8·4 = 64;  ∂y/∂b = 2·inner·a = 2·8·2 = 32
    a = Tensor(2.0, requires_grad=True, dtype=np.float64)
    b = Tensor(3.0, requires_grad=True, dtype=np.float64)
    y = (a * b + a) ** 2
    y.backward()
    assert y.item() == 64.0 and a.grad == 64.0 and b.grad == 32.0


def test_gradient_accumulates_and_reuses_nodes():
    # x is used twice: y = x·x + x  ->  ∂y/∂x = 2x + 1 = 7 at x = 3; a second backward adds 7 more
    x = Tensor(3.0, requires_grad=True, dtype=np.float64)
    y = x * x + x
    y.backward()
    assert x.grad == 7.0
    y.backward()
    assert x.grad == 14.0


def test_deep_graph_has_no_recursion_limit():
    x = Tensor(1.0, requires_grad=True, dtype=np.float64)
    y = x
    for _ in range(5 * sys.getrecursionlimit()):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0


def test_no_grad_and_detach_build_no_graph():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        y = x * 2
    assert not y.requires_grad and y._parents == ()
    z = x.detach() * 2
    assert not z.requires_grad


def test_dtypes():
    # PyTorch's rule: Python floats -> float32, NumPy floats keep their width, integers -> int64
    assert Tensor([1.0, 2.0]).dtype == np.float32
    assert Tensor(np.zeros(2)).dtype == np.float64
    assert Tensor([1, 2]).dtype == np.int64 and Tensor(np.arange(3, dtype=np.int32)).dtype == np.int64
    assert Tensor([True, False]).dtype == bool
    x = Tensor([1.0, 2.0], requires_grad=True, dtype=np.float64)
    (x * 2 + np.ones(2)).sum().backward()
    assert x.grad.dtype == np.float64
    with pytest.raises(TypeError, match="only floating tensors can require a gradient"):
        Tensor([1, 2], requires_grad=True)
    with pytest.raises(TypeError, match="dtype must be"):
        Tensor(["a"], dtype=np.str_)


def test_bad_input_shape_mismatch_names_both_shapes():
    a, b = Tensor(np.ones((2, 3))), Tensor(np.ones((4,)))
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(4,\)"):
        a + b
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(4,\)"):
        a @ b
    with pytest.raises(ValueError, match=r"batch axes \(2,\) and \(5,\)"):
        Tensor(np.ones((2, 3, 4))) @ Tensor(np.ones((5, 4, 2)))
    with pytest.raises(ValueError, match="cannot reshape"):
        a.reshape(4, 2)


def test_bad_input_backward_on_non_scalar():
    x = Tensor(np.ones(3), requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match="not a scalar"):
        y.backward()
    y.backward(np.array([1.0, 2.0, 3.0]))        # a vector-Jacobian product is fine
    np.testing.assert_array_equal(x.grad, [2.0, 4.0, 6.0])
    with pytest.raises(ValueError, match="must match"):
        y.backward(np.ones(2))
    with pytest.raises(RuntimeError, match="does not require a gradient"):
        Tensor(1.0).backward()
