"""Transformer blocks and positional encodings against torch.nn (float64, dropout 0).

A torch model's state_dict loads unchanged (same keys and shapes); outputs and every
parameter's and input's gradient agree to 1e-8 (observed ~1e-14: the same float64
arithmetic in another order; 1e-8 is the issue's bar and still catches any wrong term).
"""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.nn import Tensor
from lucidml.nn.positional import LearnedPositionalEmbedding, SinusoidalPositionalEncoding, sinusoidal_table
from lucidml.nn.transformer import (Transformer, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder,
                                    TransformerEncoderLayer, generate_square_subsequent_mask)
from tests.nn._nn_testing import check_gradient

TOL = 1e-8
pytestmark = pytest.mark.filterwarnings("ignore:Support for mismatched:UserWarning",
                                        "ignore:enable_nested_tensor:UserWarning")


def _load(ours, ref):
    state = {k: v.numpy() for k, v in ref.state_dict().items()}
    assert set(state) == set(ours.state_dict()), set(state) ^ set(ours.state_dict())
    ours.load_state_dict(state)


def _backward_both(torch, ours_out, ref_out, rng):
    G = rng.normal(size=ref_out.shape)
    (ref_out * torch.tensor(G)).sum().backward()
    (ours_out * G).sum().backward()
    np.testing.assert_allclose(ours_out.data, ref_out.detach().numpy(), rtol=TOL, atol=TOL)


def _compare_grads(ours, ref):
    t = dict(ref.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, t[name].grad.numpy(), rtol=TOL, atol=TOL, err_msg=name)


def _pair(x, torch):
    return Tensor(x, requires_grad=True, dtype="float64"), torch.tensor(x, requires_grad=True)


@pytest.mark.parametrize("norm_first,activation,batch_first,masked", [
    (False, "relu", True, False), (False, "relu", True, True), (True, "gelu", True, True), (False, "gelu", False, True)])
def test_encoder_matches_torch(norm_first, activation, batch_first, masked):
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    kw = dict(dim_feedforward=12, dropout=0.0, activation=activation, batch_first=batch_first, norm_first=norm_first)
    ref = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(8, 2, **kw), 2,
                                      norm=torch.nn.LayerNorm(8), enable_nested_tensor=False).double()
    from lucidml.nn.modules import LayerNorm
    ours = TransformerEncoder(TransformerEncoderLayer(8, 2, dtype="float64", **kw), 2, norm=LayerNorm(8, dtype="float64"))
    _load(ours, ref)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 5, 8) if batch_first else (5, 3, 8))
    kpm = np.zeros((3, 5), dtype=bool)
    kpm[1, 3:] = True
    masks = dict(mask=generate_square_subsequent_mask(5, "float64"), src_key_padding_mask=kpm) if masked else {}
    X, Xt = _pair(x, torch)
    y = ours(X, **masks)
    y_t = ref(Xt, **{k: torch.tensor(v) for k, v in masks.items()})
    _backward_both(torch, y, y_t, rng)
    np.testing.assert_allclose(X.grad, Xt.grad.numpy(), rtol=TOL, atol=TOL)
    _compare_grads(ours, ref)


@pytest.mark.parametrize("norm_first", [False, True])
def test_decoder_layer_matches_torch(norm_first):
    torch = pytest.importorskip("torch")
    torch.manual_seed(1)
    kw = dict(dim_feedforward=10, dropout=0.0, batch_first=True, norm_first=norm_first)
    ref = torch.nn.TransformerDecoderLayer(6, 3, **kw).double()
    ours = TransformerDecoderLayer(6, 3, dtype="float64", **kw)
    _load(ours, ref)
    rng = np.random.default_rng(1)
    (T, Tt), (M, Mt) = _pair(rng.normal(size=(2, 4, 6)), torch), _pair(rng.normal(size=(2, 7, 6)), torch)
    mkpm = np.zeros((2, 7), dtype=bool)
    mkpm[0, 5:] = True
    causal = np.triu(np.ones((4, 4), dtype=bool), 1)             # boolean, True = hidden
    y = ours(T, M, tgt_mask=causal, memory_key_padding_mask=mkpm)
    y_t = ref(Tt, Mt, tgt_mask=torch.tensor(causal), memory_key_padding_mask=torch.tensor(mkpm))
    _backward_both(torch, y, y_t, rng)
    for a, b in ((T, Tt), (M, Mt)):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=TOL, atol=TOL)
    _compare_grads(ours, ref)


@pytest.mark.parametrize("norm_first,activation", [(False, "relu"), (True, "gelu")])
def test_full_transformer_matches_torch(norm_first, activation):
    torch = pytest.importorskip("torch")
    torch.manual_seed(2)
    kw = dict(dim_feedforward=16, dropout=0.0, activation=activation, batch_first=True, norm_first=norm_first)
    ref = torch.nn.Transformer(8, 2, 2, 2, **kw).double()
    ours = Transformer(8, 2, 2, 2, dtype="float64", **kw)
    _load(ours, ref)
    assert "encoder.layers.0.self_attn.in_proj_weight" in ours.state_dict()
    rng = np.random.default_rng(2)
    (S, St), (T, Tt) = _pair(rng.normal(size=(3, 6, 8)), torch), _pair(rng.normal(size=(3, 5, 8)), torch)
    skpm, tkpm = np.zeros((3, 6), dtype=bool), np.zeros((3, 5), dtype=bool)
    skpm[1, 4:] = True
    tkpm[2, 3:] = True
    masks = dict(tgt_mask=Transformer.generate_square_subsequent_mask(5, "float64"), src_key_padding_mask=skpm,
                 tgt_key_padding_mask=tkpm.astype(float) * -1e9, memory_key_padding_mask=skpm)
    y = ours(S, T, **masks)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                          # torch: mixed bool/float masks are deprecated
        y_t = ref(St, Tt, **{k: torch.tensor(v) for k, v in masks.items()})
    _backward_both(torch, y, y_t, rng)
    for a, b in ((S, St), (T, Tt)):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=TOL, atol=TOL)
    _compare_grads(ours, ref)


def test_encoder_layer_finite_differences():
    layer = TransformerEncoderLayer(4, 2, dim_feedforward=6, dropout=0.0, batch_first=True, random_state=0,
                                    dtype="float64")
    kpm = np.array([[False, False, True]])
    check_gradient(lambda x: layer(x, src_key_padding_mask=kpm, is_causal=True),
                   [np.random.default_rng(0).normal(size=(1, 3, 4))], tol=1e-6)


def test_sinusoidal_by_hand_and_against_formula():
    # PE(pos, 2i) = sin(pos / 10000^{2i/d}), PE(pos, 2i+1) = cos(pos / 10000^{2i/d}); d = 4:
    # pos 2: sin 2 = 0.9093, cos 2 = −0.4161, sin(2/100) = 0.0200, cos(2/100) = 0.9998
    pe = sinusoidal_table(3, 4)
    np.testing.assert_allclose(pe[0], [0, 1, 0, 1])
    np.testing.assert_allclose(pe[2], [0.9093, -0.4161, 0.0200, 0.9998], atol=1e-4)
    # PE(pos + k) is a fixed rotation of PE(pos) in every (sin, cos) pair: |PE| per pair is 1
    big = sinusoidal_table(50, 16)
    np.testing.assert_allclose(big[:, 0::2] ** 2 + big[:, 1::2] ** 2, 1.0)
    layer = SinusoidalPositionalEncoding(16, max_len=50, dtype="float64")
    x = Tensor(np.zeros((2, 7, 16)), dtype="float64")
    np.testing.assert_allclose(layer(x).data, np.broadcast_to(big[:7], (2, 7, 16)))
    assert "pe" in layer.state_dict() and not layer.parameters()


def test_learned_positions_train_and_check_length():
    emb = LearnedPositionalEmbedding(5, 3, random_state=0, dtype="float64")
    x = Tensor(np.zeros((2, 4, 3)), dtype="float64")
    out = emb(x)
    np.testing.assert_array_equal(out.data[1], emb.weight.data[:4])
    out.sum().backward()
    np.testing.assert_array_equal(emb.weight.grad, np.r_[np.full((4, 3), 2.0), np.zeros((1, 3))])
    with pytest.raises(ValueError, match="6 positions but the table holds max_len=5"):
        emb(Tensor(np.zeros((1, 6, 3))))
    with pytest.raises(ValueError, match="max_len=5"):
        SinusoidalPositionalEncoding(3, max_len=5)(Tensor(np.zeros((1, 6, 3))))


def test_bad_input():
    with pytest.raises(ValueError, match="activation='tanh' is not supported"):
        TransformerEncoderLayer(8, 2, activation="tanh")
    with pytest.raises(ValueError, match="not divisible by num_heads=3"):
        TransformerDecoderLayer(8, 3)
    model = Transformer(8, 2, 1, 1, 16, batch_first=True, random_state=0)
    with pytest.raises(ValueError, match="src has batch size 2 but tgt has 3"):
        model(Tensor(np.zeros((2, 4, 8))), Tensor(np.zeros((3, 4, 8))))
    with pytest.raises(ValueError, match="tgt_key_padding_mask|key_padding_mask has shape"):
        model(Tensor(np.zeros((2, 4, 8))), Tensor(np.zeros((2, 3, 8))), tgt_key_padding_mask=np.zeros((2, 4), bool))


def test_save_and_load(tmp_path):
    from lucidml import io

    model = Transformer(8, 2, 1, 1, 16, dropout=0.0, batch_first=True, random_state=0)
    io.save(model, tmp_path / "t.npz")
    back = io.load(tmp_path / "t.npz")
    rng = np.random.default_rng(0)
    s, t = Tensor(rng.normal(size=(1, 4, 8)).astype(np.float32)), Tensor(rng.normal(size=(1, 3, 8)).astype(np.float32))
    model.eval()
    back.eval()
    np.testing.assert_array_equal(back(s, t).data, model(s, t).data)
