"""The encoder–decoder: causal teacher forcing, padding invariance, greedy/beam decoding
learn a small task, cross-attention weights, persistence and clear errors."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.nn.models.seq2seq import Seq2SeqTransformer, seq2seq_loss
from lucidml.nn.optim import AdamW


def _model(**kw):
    args = dict(d_model=16, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=32, dropout=0.0,
                max_len=12, random_state=0, dtype="float64")
    return Seq2SeqTransformer(9, 9, **{**args, **kw})


def test_decoder_is_causal_and_padding_is_invisible():
    m = _model()
    src = np.array([[1, 5, 6, 7, 2]])
    tgt = np.array([[1, 8, 7, 6, 5]])
    base = m(src, tgt).data
    changed = tgt.copy()
    changed[0, 3:] = [5, 8]
    np.testing.assert_allclose(m(src, changed).data[:, :3], base[:, :3], atol=1e-12)   # no peeking ahead
    assert not np.allclose(m(src, changed).data[:, 3:], base[:, 3:])
    padded = np.array([[1, 5, 6, 7, 2, 0, 0]])
    np.testing.assert_allclose(m(padded, tgt).data, base, atol=1e-12)                 # PAD keys weigh 0
    w = m.cross_attention(padded, tgt)
    assert w.shape == (1, 5, 7) and np.all(w[..., 5:] == 0)
    np.testing.assert_allclose(w.sum(-1), 1.0)


def _copy_task(n, rng):
    src = np.zeros((n, 6), dtype=np.int64)
    for i in range(n):
        k = rng.integers(2, 5)
        src[i, :k + 2] = [1, *rng.integers(3, 9, k), 2]
    return src


def test_learns_to_copy_with_greedy_and_beam():
    rng = np.random.default_rng(0)
    src = _copy_task(128, rng)
    m = _model(dtype="float32")
    opt = AdamW(m.parameters(), lr=1e-2, weight_decay=0.0)
    for step in range(100):
        b = src[(step * 32) % 128:(step * 32) % 128 + 32]
        opt.zero_grad()
        loss = seq2seq_loss(m(b, b[:, :-1]), b[:, 1:])
        loss.backward()
        opt.step()
    test = _copy_task(20, np.random.default_rng(1))
    greedy, beam = m.greedy_decode(test, max_len=6), m.beam_search(test, beam_size=3, max_len=6)
    np.testing.assert_array_equal(m.beam_search(test, beam_size=1, max_len=6), greedy)   # beam 1 = greedy

    def exact(out):
        return np.mean([list(o[:len(t[t > 0])]) == list(t[t > 0]) for o, t in zip(out, test)])
    assert loss.item() < 0.3, loss.item()
    assert exact(greedy) >= 0.8 and exact(beam) >= 0.8, (exact(greedy), exact(beam))


def test_loss_ignores_padding():
    m = _model()
    src = np.array([[1, 5, 2], [1, 6, 2]])
    tgt = np.array([[1, 5, 2, 0], [1, 6, 6, 2]])
    full = seq2seq_loss(m(src, tgt[:, :-1]), tgt[:, 1:]).item()
    one = seq2seq_loss(m(src[:1], tgt[:1, :2]), tgt[:1, 1:3]).item()
    two = seq2seq_loss(m(src[1:], tgt[1:, :-1]), tgt[1:, 1:]).item()
    assert abs(full - (2 * one + 3 * two) / 5) < 1e-10          # a mean over the 5 real target tokens


def test_save_and_load(tmp_path):
    from lucidml import io

    m = _model(dtype="float32")
    io.save(m, tmp_path / "s2s.npz")
    back = io.load(tmp_path / "s2s.npz")
    src = np.array([[1, 5, 6, 2]])
    np.testing.assert_array_equal(back.greedy_decode(src, 4), m.greedy_decode(src, 4))


def test_bad_input():
    m = _model()
    with pytest.raises(ValueError, match=r"\(source\): token ids must lie in \[0, 8\]"):
        m(np.array([[1, 9]]), np.array([[1]]))
    with pytest.raises(ValueError, match="the source has 13 tokens but max_len=12"):
        m(np.ones((1, 13), dtype=np.int64), np.array([[1]]))
    with pytest.raises(ValueError, match="all \\[PAD\\]"):
        m(np.zeros((1, 3), dtype=np.int64), np.array([[1]]))
    with pytest.raises(ValueError, match="beam_size=0 must be >= 1"):
        m.beam_search(np.array([[1, 5, 2]]), beam_size=0)
