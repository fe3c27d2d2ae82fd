"""The tensor ops that sequence and attention models need, against PyTorch (float64) and
finite differences; integer and boolean tensors stay out of the graph."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.nn import Tensor
from lucidml.nn import functional as F
from lucidml.nn.tensor import arange, ones, tril, triu, zeros

from ._nn_testing import check_gradient

rng = np.random.default_rng(0)
A = rng.normal(size=(3, 4, 5))


def _torch_pair(op_ours, op_torch, a=A):
    """Forward and ∂(Σ w ⊙ out)/∂a of ours and torch's."""
    torch = pytest.importorskip("torch")
    x = Tensor(a.copy(), requires_grad=True, dtype=np.float64)
    out = op_ours(x)
    w = np.random.default_rng(1).normal(size=out.shape)
    (out * w).sum().backward()
    t = torch.tensor(a, requires_grad=True)
    t_out = op_torch(t)
    (t_out * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(x.grad, t.grad.numpy(), rtol=1e-12, atol=1e-12)


IDX = np.array([[[0, 2, 2, 1, 4]], [[3, 3, 3, 0, 1]], [[4, 0, 1, 2, 2]]])   # (3, 1, 5), repeats on purpose


@pytest.mark.parametrize("name, ours, theirs", [
    ("unsqueeze", lambda x: x.unsqueeze(1), lambda t: t.unsqueeze(1)),
    ("squeeze", lambda x: x[:, :1].squeeze(1), lambda t: t[:, :1].squeeze(1)),
    ("expand", lambda x: x[:, :1].expand(3, 6, 5), lambda t: t[:, :1].expand(3, 6, 5)),
    ("expand-1", lambda x: x[None].expand(2, -1, -1, -1), lambda t: t[None].expand(2, -1, -1, -1)),
    ("view", lambda x: x.view(12, 5), lambda t: t.view(12, 5)),
    ("flatten", lambda x: x.flatten(1), lambda t: t.flatten(1)),
    ("split", lambda x: x.split(2, axis=1)[1] * 3, lambda t: t.split(2, dim=1)[1] * 3),
    ("split-sections", lambda x: x.split([1, 3], axis=1)[1], lambda t: t.split([1, 3], dim=1)[1]),
    ("chunk", lambda x: x.chunk(3, axis=2)[2], lambda t: t.chunk(3, dim=2)[2]),
    ("masked_fill", lambda x: x.masked_fill(x > 0.3, -1.5), lambda t: t.masked_fill(t > 0.3, -1.5)),
    ("logsumexp", lambda x: x.logsumexp(axis=-1), lambda t: t.logsumexp(dim=-1)),
    ("logsumexp-keep", lambda x: x.logsumexp(axis=1, keepdims=True), lambda t: t.logsumexp(dim=1, keepdim=True)),
    ("gather", lambda x: x.gather(2, IDX), lambda t: t.gather(2, __import__("torch").tensor(IDX))),
    ("index_select", lambda x: x.index_select(1, np.array([3, 0, 3])),
     lambda t: t.index_select(1, __import__("torch").tensor([3, 0, 3]))),
    ("tril", lambda x: x.tril(), lambda t: t.tril()),
    ("triu-1", lambda x: x.triu(1), lambda t: t.triu(1)),
    ("pad", lambda x: F.pad(x, (1, 2, 0, 1), value=0.5),
     lambda t: __import__("torch").nn.functional.pad(t, (1, 2, 0, 1), value=0.5)),
    ("unbind", lambda x: __import__("lucidml.nn", fromlist=["stack"]).stack(x.unbind(1)[::-1], axis=1),
     lambda t: __import__("torch").stack(t.unbind(1)[::-1], dim=1)),
    ("astype", lambda x: x.astype(np.float32).astype(np.float64) * 2, lambda t: t.float().double() * 2),
])
def test_matches_torch(name, ours, theirs):
    if name == "astype":     # float32 round trip loses digits; compare to float32 precision
        pytest.importorskip("torch")
        x = Tensor(A.copy(), requires_grad=True, dtype=np.float64)
        ours(x).sum().backward()
        np.testing.assert_allclose(x.grad, 2 * np.ones_like(A))
        return
    _torch_pair(ours, theirs)


@pytest.mark.parametrize("op", [
    lambda x: x.logsumexp(axis=0), lambda x: x.gather(2, IDX), lambda x: x.index_select(2, np.array([1, 1, 0])),
    lambda x: F.pad(x, (2, 0)), lambda x: x.masked_fill(x < 0, 0.0), lambda x: x[:, :1].expand(3, 2, 5),
])
def test_finite_differences(op):
    check_gradient(op, [A])


def test_comparisons_are_boolean_and_outside_the_graph():
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    for mask, expected in [(x < 2, [1, 0, 0]), (x <= 2, [1, 1, 0]), (x > 2, [0, 0, 1]), (x >= 2, [0, 1, 1]),
                           (x == 2, [0, 1, 0]), (x != 2, [1, 0, 1]), (~(x == 2), [1, 0, 1]),
                           ((x > 1) & (x < 3), [0, 1, 0]), ((x < 2) | (x > 2), [1, 0, 1])]:
        assert mask.dtype == bool and not mask.requires_grad
        assert mask.data.astype(int).tolist() == expected
    assert {x, x} == {x}                        # still hashable by identity
    assert x.argmax().item() == 2 and x.argmin().dtype == np.int64
    assert Tensor(A).argmax(axis=1).shape == (3, 5)


def test_integer_tensors_stay_int64():
    ids = Tensor(np.array([[1, 2], [3, 0]], dtype=np.int32))
    assert ids.dtype == np.int64 and not ids.requires_grad
    assert (ids + 1).dtype == np.int64
    assert (ids * 0.5).dtype.kind == "f"       # a float scalar is not truncated
    np.testing.assert_allclose((ids * 0.5).data, [[0.5, 1.0], [1.5, 0.0]])
    assert ids[0].dtype == np.int64
    with pytest.raises(TypeError, match="only floating"):
        Tensor([1, 2], requires_grad=True)
    with pytest.raises(TypeError, match="only floating"):
        ids.requires_grad_()
    assert arange(4).dtype == np.int64 and zeros(2, 3).shape == (2, 3) and ones((2,)).dtype == np.float32


def test_causal_masks():
    T = 4
    future = triu(ones(T, T, dtype=bool), 1)                    # True above the diagonal
    assert future.dtype == bool
    np.testing.assert_array_equal(future.data, np.triu(np.ones((T, T), bool), 1))
    np.testing.assert_array_equal(tril(ones(T, T, dtype=bool)).data, ~future.data)
    scores = Tensor(np.zeros((T, T)), requires_grad=True)
    att = F.softmax(scores.masked_fill(future, -np.inf), axis=-1)
    np.testing.assert_allclose(att.data[0], [1, 0, 0, 0])
    np.testing.assert_allclose(att.data[3], [0.25] * 4)
    att.sum().backward()
    assert np.all(scores.grad[future.data] == 0)


def test_logsumexp_is_stable_and_handles_minus_infinity():
    x = Tensor(np.array([[1000.0, 1000.0], [-np.inf, -np.inf]]), requires_grad=True, dtype=np.float64)
    y = x.logsumexp(axis=1)
    np.testing.assert_allclose(y.data[0], 1000 + np.log(2))
    assert y.data[1] == -np.inf
    y[0].backward()
    np.testing.assert_allclose(x.grad[0], [0.5, 0.5])
    assert np.all(np.isfinite(x.grad))


def test_bad_input_messages():
    x = Tensor(A)
    with pytest.raises(ValueError, match="cannot expand shape"):
        x.expand(3, 4, 6)
    with pytest.raises(ValueError, match="add up to the length 4"):
        x.split([1, 2], axis=1)
    with pytest.raises(TypeError, match="boolean"):
        x.masked_fill(np.ones((3, 4, 5)), 0.0)
    with pytest.raises(ValueError, match="does not broadcast"):
        x.masked_fill(np.ones((2, 5), bool), 0.0)
    with pytest.raises(IndexError, match=r"use indices in \[0, 3\]"):
        x.index_select(1, np.array([0, 7]))
    with pytest.raises(TypeError, match="integers"):
        x.gather(2, IDX.astype(float))
    with pytest.raises(ValueError, match="axis=5 is out of range"):
        x.unsqueeze(5)
    with pytest.raises(ValueError, match="pairs"):
        F.pad(x, (1, 2, 3))
