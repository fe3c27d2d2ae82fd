"""Scaled dot-product and multi-head attention against torch (float64, to 1e-10), by hand,
by finite differences, and on bad input.

Tolerances: the same float64 formula evaluated in a different order agrees to a few ulps
(observed ≤ 2e-15 relative); 1e-10 leaves room for BLAS blocking differences and still
catches any wrong term. Finite differences (h = 1e-6, central) are accurate to ~1e-8.
"""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.nn import Tensor
from lucidml.nn import functional as F
from lucidml.nn.attention import MultiheadAttention, causal_mask, scaled_dot_product_attention
from tests.nn._nn_testing import check_gradient

RTOL, ATOL = 1e-10, 1e-12


def test_toy_by_hand():
    # one query q = (1, 0), keys k₁ = (1, 0), k₂ = (0, 1), d_k = 2:
    # scores q·k/√2 = (0.7071, 0); softmax = (e^0.7071, 1) / (e^0.7071 + 1) = (0.6698, 0.3302)
    # output = 0.6698·(1, 2) + 0.3302·(3, 4) = (1.6604, 2.6604)
    q, k = Tensor(np.array([[1.0, 0.0]])), Tensor(np.array([[1.0, 0.0], [0.0, 1.0]]))
    v = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))
    out, w = scaled_dot_product_attention(q, k, v, return_weights=True)
    np.testing.assert_allclose(w.data, [[0.6698, 0.3302]], atol=1e-4)
    np.testing.assert_allclose(out.data, [[1.6604, 2.6604]], atol=1e-4)
    # hiding key 1 leaves all the weight on key 2: the output is v₂ exactly
    out = scaled_dot_product_attention(q, k, v, attn_mask=np.array([[False, True]]))
    assert out.data.tolist() == [[3.0, 4.0]]


def _qkv(seed=0, shape=(2, 3, 4, 5), S=6):
    rng = np.random.default_rng(seed)
    B, h, L, d = shape
    return rng.normal(size=shape), rng.normal(size=(B, h, S, d)), rng.normal(size=(B, h, S, d + 1))


@pytest.mark.parametrize("mask_kind", ["none", "bool", "float", "causal"])
def test_sdpa_matches_torch(mask_kind):
    torch = pytest.importorskip("torch")
    q, k, v = _qkv(S=4)
    rng = np.random.default_rng(1)
    kwargs_ours, kwargs_torch = {}, {}
    if mask_kind == "bool":
        m = rng.random((2, 1, 4, 4)) > 0.4
        m[..., 0] = True                                         # every query keeps a key
        kwargs_ours["attn_mask"], kwargs_torch["attn_mask"] = m, torch.tensor(m)
    elif mask_kind == "float":
        m = rng.normal(size=(4, 4))
        kwargs_ours["attn_mask"], kwargs_torch["attn_mask"] = m, torch.tensor(m)
    elif mask_kind == "causal":
        kwargs_ours["is_causal"] = kwargs_torch["is_causal"] = True
    g = rng.normal(size=(2, 3, 4, 6))
    ts = [Tensor(a, requires_grad=True, dtype="float64") for a in (q, k, v)]
    out = scaled_dot_product_attention(*ts, **kwargs_ours)
    (out * g).sum().backward()
    tt = [torch.tensor(a, requires_grad=True) for a in (q, k, v)]
    ref = torch.nn.functional.scaled_dot_product_attention(*tt, **kwargs_torch)
    (ref * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=RTOL, atol=ATOL)
    for a, b in zip(ts, tt):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=RTOL, atol=ATOL)


def test_functional_forwards_here():
    assert F.scaled_dot_product_attention is scaled_dot_product_attention


def test_masked_weights_are_exactly_zero_and_stable():
    q, k, v = _qkv(shape=(1, 1, 5, 3), S=5)
    q = q * 1e4                                                  # logits ~1e4: a naive exp overflows
    _, w = scaled_dot_product_attention(Tensor(q), Tensor(k), Tensor(v), is_causal=True, return_weights=True)
    assert np.all(np.isfinite(w.data))
    assert np.all(w.data[..., ~causal_mask(5)] == 0.0)           # the future gets weight exactly 0
    np.testing.assert_allclose(w.data.sum(-1), 1.0, rtol=1e-6)
    float_mask = np.where(causal_mask(5), 0.0, -np.inf)
    _, w2 = scaled_dot_product_attention(Tensor(q), Tensor(k), Tensor(v), attn_mask=float_mask, return_weights=True)
    np.testing.assert_array_equal(w.data, w2.data)


def test_sdpa_finite_differences():
    q, k, v = _qkv(shape=(1, 2, 3, 2), S=3)
    m = causal_mask(3)
    check_gradient(lambda a, b, c: scaled_dot_product_attention(a, b, c, attn_mask=m), [q, k, v], tol=1e-6)
    additive = np.random.default_rng(3).normal(size=(3, 3))
    check_gradient(lambda a, b, c, d: scaled_dot_product_attention(a, b, c, attn_mask=d), [q, k, v, additive],
                   tol=1e-6)


def _torch_pair(torch, E=8, h=2, bias=True, batch_first=True, seed=0):
    torch.manual_seed(seed)
    ref = torch.nn.MultiheadAttention(E, h, bias=bias, batch_first=batch_first).double()
    ours = MultiheadAttention(E, h, bias=bias, batch_first=batch_first, dtype="float64")
    ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    return ref, ours


def _compare_mha(torch, ref, ours, q, k, v, rng, self_attention, **masks):
    tq = torch.tensor(q, requires_grad=True)
    tk, tv = (tq, tq) if self_attention else (torch.tensor(k, requires_grad=True), torch.tensor(v, requires_grad=True))
    oq = Tensor(q, requires_grad=True, dtype="float64")
    ok, ov = (oq, oq) if self_attention else (Tensor(k, requires_grad=True, dtype="float64"),
                                             Tensor(v, requires_grad=True, dtype="float64"))
    t_masks = {n: (torch.tensor(m) if m is not None else None) for n, m in masks.items()}
    for average in (True, False):
        ref.zero_grad()
        ours.zero_grad()
        for t in (tq, tk, tv):
            t.grad = None
        for t in (oq, ok, ov):
            t.grad = None
        y_t, w_t = ref(tq, tk, tv, average_attn_weights=average, **t_masks)
        y, w = ours(oq, ok, ov, average_attn_weights=average, **masks)
        G, H = rng.normal(size=y_t.shape), rng.normal(size=w_t.shape)
        ((y_t * torch.tensor(G)).sum() + (w_t * torch.tensor(H)).sum()).backward()
        ((y * G).sum() + (w * H).sum()).backward()
        np.testing.assert_allclose(y.data, y_t.detach().numpy(), rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(w.data, w_t.detach().numpy(), rtol=RTOL, atol=ATOL)
        for a, b in zip((oq, ok, ov), (tq, tk, tv)):
            if a.grad is not None:
                np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=RTOL, atol=ATOL)
        t_params = dict(ref.named_parameters())
        for name, p in ours.named_parameters():
            np.testing.assert_allclose(p.grad, t_params[name].grad.numpy(), rtol=RTOL, atol=ATOL, err_msg=name)


@pytest.mark.parametrize("batch_first", [True, False])
@pytest.mark.parametrize("bias", [True, False])
def test_mha_matches_torch_self_attention_with_masks(batch_first, bias):
    torch = pytest.importorskip("torch")
    ref, ours = _torch_pair(torch, bias=bias, batch_first=batch_first)
    assert set(ours.state_dict()) == set(ref.state_dict())
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 5, 8) if batch_first else (5, 3, 8))
    kpm = np.zeros((3, 5), dtype=bool)
    kpm[0, 3:] = kpm[2, 4] = True                               # padded keys
    causal = np.triu(np.ones((5, 5), dtype=bool), 1)             # MHA convention: True = hidden
    _compare_mha(torch, ref, ours, x, x, x, rng, True)
    _compare_mha(torch, ref, ours, x, x, x, rng, True, key_padding_mask=kpm, attn_mask=causal)


def test_mha_matches_torch_cross_attention_and_float_masks():
    torch = pytest.importorskip("torch")
    ref, ours = _torch_pair(torch, E=6, h=3)
    rng = np.random.default_rng(1)
    q, k, v = rng.normal(size=(2, 4, 6)), rng.normal(size=(2, 7, 6)), rng.normal(size=(2, 7, 6))
    kpm = np.zeros((2, 7), dtype=bool)
    kpm[1, 5:] = True
    per_head = rng.normal(size=(2 * 3, 4, 7))                    # (B·h, L, S) additive mask
    _compare_mha(torch, ref, ours, q, k, v, rng, False, key_padding_mask=kpm)
    _compare_mha(torch, ref, ours, q, k, v, rng, False, attn_mask=per_head)
    _compare_mha(torch, ref, ours, q, k, v, rng, False, attn_mask=rng.normal(size=(4, 7)))


def test_mha_unbatched_and_need_weights_false():
    torch = pytest.importorskip("torch")
    ref, ours = _torch_pair(torch)
    x = np.random.default_rng(2).normal(size=(5, 8))
    y, w = ours(Tensor(x, dtype="float64"), Tensor(x, dtype="float64"), Tensor(x, dtype="float64"))
    y_t, w_t = ref(*(torch.tensor(x),) * 3)
    np.testing.assert_allclose(y.data, y_t.detach().numpy(), rtol=RTOL, atol=ATOL)
    assert w.shape == (5, 5)
    y2, none = ours(Tensor(x, dtype="float64"), need_weights=False)
    assert none is None and np.array_equal(y2.data, y.data)


def test_mha_masked_weights_exactly_zero():
    ours = MultiheadAttention(4, 2, batch_first=True, random_state=0, dtype="float64")
    x = Tensor(np.random.default_rng(0).normal(size=(2, 4, 4)) * 100, dtype="float64")
    kpm = np.array([[False, False, True, True], [False, False, False, True]])
    _, w = ours(x, x, x, key_padding_mask=kpm, average_attn_weights=False)
    assert np.all(w.data[0, :, :, 2:] == 0.0) and np.all(w.data[1, :, :, 3] == 0.0)
    np.testing.assert_allclose(w.data.sum(-1), 1.0, rtol=1e-12)


def test_mha_finite_differences():
    mha = MultiheadAttention(4, 2, batch_first=True, random_state=0, dtype="float64")
    kpm = np.array([[False, False, True]])
    x = np.random.default_rng(0).normal(size=(1, 3, 4))
    check_gradient(lambda x: mha(x, x, x, key_padding_mask=kpm)[0], [x], tol=1e-6)


def test_dropout_on_weights_is_seeded():
    x = Tensor(np.random.default_rng(0).normal(size=(2, 5, 8)))
    a = MultiheadAttention(8, 2, dropout=0.5, batch_first=True, random_state=3)
    b = MultiheadAttention(8, 2, dropout=0.5, batch_first=True, random_state=3)
    wa, wb = a(x)[1], b(x)[1]
    np.testing.assert_array_equal(wa.data, wb.data)
    a.eval()
    np.testing.assert_allclose(a(x)[1].data.sum(-1), 1.0, rtol=1e-5)    # no dropout in eval


def test_bad_input():
    with pytest.raises(ValueError, match=r"embed_dim=10 is not divisible by num_heads=3.*\[1, 2, 5, 10\]"):
        MultiheadAttention(10, 3)
    with pytest.raises(ValueError, match="num_heads=0 must be a positive integer"):
        MultiheadAttention(8, 0)
    mha = MultiheadAttention(8, 2, batch_first=True, random_state=0)
    x = Tensor(np.zeros((2, 5, 8), dtype=np.float32))
    with pytest.raises(ValueError, match=r"key_padding_mask has shape \(2, 4\) but must be .* \(2, 5\)"):
        mha(x, x, x, key_padding_mask=np.zeros((2, 4), dtype=bool))
    with pytest.raises(ValueError, match=r"attn_mask has shape \(4, 5\) but must be \(L, S\) = \(5, 5\)"):
        mha(x, x, x, attn_mask=np.zeros((4, 5), dtype=bool))
    with pytest.raises(ValueError, match=r"hides every key of batch element\(s\) \[1\]"):
        mha(x, x, x, key_padding_mask=np.array([[False] * 5, [True] * 5]))
    with pytest.raises(ValueError, match="has 6 features"):
        mha(Tensor(np.zeros((2, 5, 6), dtype=np.float32)))
    q, k, v = (Tensor(a) for a in _qkv(S=4))
    with pytest.raises(ValueError, match=r"attn_mask of shape \(3, 3\) does not broadcast"):
        scaled_dot_product_attention(q, k, v, attn_mask=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="every key is masked"):
        scaled_dot_product_attention(q, k, v, attn_mask=np.zeros((4, 4), dtype=bool))
    with pytest.raises(ValueError, match="query has 5 features but key has 4"):
        scaled_dot_product_attention(q, Tensor(np.zeros((2, 3, 4, 4))), v)
    with pytest.raises(ValueError, match="not both"):
        scaled_dot_product_attention(q, k, v, attn_mask=np.ones((4, 4), bool), is_causal=True)


def test_state_dict_round_trip_through_io(tmp_path):
    from lucidml import io

    mha = MultiheadAttention(8, 2, batch_first=True, random_state=0)
    io.save(mha, tmp_path / "mha.npz")
    back = io.load(tmp_path / "mha.npz")
    x = Tensor(np.random.default_rng(0).normal(size=(1, 3, 8)).astype(np.float32))
    np.testing.assert_array_equal(back(x)[0].data, mha(x)[0].data)
