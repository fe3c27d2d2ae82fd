"""Embedding against torch.nn.Embedding; clipping against torch.nn.utils; cross-entropy's
ignore_index and label smoothing against torch's."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.nn import Tensor
from lucidml.nn import functional as F
from lucidml.nn.clipping import clip_grad_norm_, clip_grad_value_
from lucidml.nn.embedding import Embedding
from lucidml.nn.modules import Parameter

IDS = np.array([[1, 3, 3, 0], [2, 3, 0, 0]])           # id 3 three times, 0 (padding) three times


def test_toy_by_hand():
    emb = Embedding(4, 2, random_state=0, dtype="float64")
    emb.weight.data = np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    out = emb(Tensor(np.array([3, 1, 3])))
    assert out.data.tolist() == [[5.0, 6.0], [1.0, 2.0], [5.0, 6.0]]
    out.sum().backward()
    # each row's gradient counts how often its id appeared: id 3 twice, id 1 once
    assert emb.weight.grad.tolist() == [[0, 0], [1, 1], [0, 0], [2, 2]]


@pytest.mark.parametrize("padding_idx", [None, 0])
def test_matches_torch(padding_idx):
    torch = pytest.importorskip("torch")
    ref = torch.nn.Embedding(5, 3, padding_idx=padding_idx).double()
    ours = Embedding(5, 3, padding_idx=padding_idx, dtype="float64")
    ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    w = np.random.default_rng(0).normal(size=IDS.shape + (3,))
    out = ours(Tensor(IDS))
    (out * w).sum().backward()
    t_out = ref(torch.tensor(IDS))
    (t_out * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=0, atol=0)
    np.testing.assert_allclose(ours.weight.grad, ref.weight.grad.numpy(), rtol=1e-13, atol=1e-13)
    if padding_idx is not None:
        assert np.all(ours.weight.grad[padding_idx] == 0)
        assert np.all(Embedding(5, 3, padding_idx=0).weight.data[0] == 0)


def test_bad_ids():
    emb = Embedding(5, 2)
    with pytest.raises(IndexError, match=r"ids must lie in \[0, 4\].*\[7\]"):
        emb(Tensor(np.array([1, 7])))
    with pytest.raises(IndexError, match="lie in"):
        emb(Tensor(np.array([-1])))
    with pytest.raises(TypeError, match="must be integers"):
        emb(Tensor(np.array([1.0, 2.0])))
    with pytest.raises(ValueError, match="padding_idx=5 must be <= 4"):
        Embedding(5, 2, padding_idx=5)


def _params_with_grads(seed=0):
    rng = np.random.default_rng(seed)
    ps = [Parameter(np.zeros(s), dtype="float64") for s in [(3, 4), (4,), (2, 2)]]
    for p in ps:
        p.grad = rng.normal(scale=3.0, size=p.shape)
    return ps


@pytest.mark.parametrize("max_norm, norm_type", [(1.0, 2.0), (100.0, 2.0), (0.5, 1.0), (0.3, np.inf)])
def test_clip_grad_norm_matches_torch(max_norm, norm_type):
    torch = pytest.importorskip("torch")
    ours = _params_with_grads()
    theirs = [torch.zeros(p.shape, dtype=torch.float64, requires_grad=True) for p in ours]
    for t, p in zip(theirs, ours):
        t.grad = torch.tensor(p.grad.copy())
    n1 = clip_grad_norm_(ours, max_norm, norm_type)
    n2 = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert n1 == pytest.approx(float(n2), rel=1e-12)
    for p, t in zip(ours, theirs):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-12)


def test_clip_grad_value_matches_torch():
    torch = pytest.importorskip("torch")
    ours = _params_with_grads(1)
    theirs = [torch.zeros(p.shape, dtype=torch.float64, requires_grad=True) for p in ours]
    for t, p in zip(theirs, ours):
        t.grad = torch.tensor(p.grad.copy())
    clip_grad_value_(ours, 1.5)
    torch.nn.utils.clip_grad_value_(theirs, 1.5)
    for p, t in zip(ours, theirs):
        np.testing.assert_array_equal(p.grad, t.grad.numpy())
    with pytest.raises(ValueError, match="positive"):
        clip_grad_norm_(ours, 0)


@pytest.mark.parametrize("ignore, smoothing", [(True, 0.0), (False, 0.1), (True, 0.2)])
def test_cross_entropy_ignore_index_and_smoothing_match_torch(ignore, smoothing):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    z = rng.normal(size=(6, 4))
    y = np.array([0, 3, -100, 1, -100, 2]) if ignore else np.array([0, 3, 2, 1, 1, 2])
    x = Tensor(z.copy(), requires_grad=True, dtype=np.float64)
    loss = F.cross_entropy(x, y, label_smoothing=smoothing)
    loss.backward()
    t = torch.tensor(z, requires_grad=True)
    ref = torch.nn.functional.cross_entropy(t, torch.tensor(y), label_smoothing=smoothing)
    ref.backward()
    assert loss.item() == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(x.grad, t.grad.numpy(), rtol=1e-11, atol=1e-14)
