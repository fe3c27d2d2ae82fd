"""The tiny BERT: the 80/10/10 masking rule, padding invariance, fine-tuning learns,
persistence, and clear errors. (Its encoder blocks equal torch's: tests/nn/test_transformer.py.)"""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.nn import functional as F
from lucidml.nn.models.bert import BERT, mask_tokens, mlm_loss
from lucidml.nn.models.char_tokenizer import CharTokenizer
from lucidml.nn.optim import AdamW


def test_masking_rule_80_10_10():
    rng = np.random.default_rng(0)
    ids = rng.integers(5, 30, (400, 50))
    ids[:, 0], ids[:, -5:] = 4, 0                          # [CLS] first, padding last: never picked
    inputs, labels = mask_tokens(ids, mask_id=3, vocab_size=30, n_special=5, random_state=1)
    picked = labels != -100
    assert not picked[:, 0].any() and not picked[:, -5:].any()
    np.testing.assert_array_equal(labels[picked], ids[picked])
    n = picked.sum()                                       # ≈ 0.15 · 400 · 44 = 2640
    # binomial standard errors: ≈ 0.0017 for 15%, ≈ 0.008 for 80%, ≈ 0.006 for 10%; 4 s.e. margins
    assert abs(n / (400 * 44) - 0.15) < 0.007
    masked = (inputs == 3) & picked
    unchanged = (inputs == ids) & picked
    assert abs(masked.sum() / n - 0.8) < 0.03
    assert abs(unchanged.sum() / n - 0.1 - 0.1 / 25) < 0.025   # a random token can equal the original
    assert np.all(inputs[~picked] == ids[~picked])
    assert inputs.min() >= 3 or np.all(inputs[inputs < 3] == ids[inputs < 3])


def test_padding_does_not_change_real_tokens():
    bert = BERT(12, 10, n_layer=2, n_head=2, n_embd=8, dropout=0.0, random_state=0, dtype="float64")
    short = np.array([[4, 5, 6, 7, 2]])
    padded = np.array([[4, 5, 6, 7, 2, 0, 0, 0]])
    h1, h2 = bert(short).data, bert(padded).data
    np.testing.assert_allclose(h2[:, :5], h1, rtol=1e-12, atol=1e-12)   # PAD keys get weight exactly 0
    bert.add_head("t", 3)
    np.testing.assert_allclose(bert.classify(padded, "t").data, bert.classify(short, "t").data, atol=1e-12)


def test_pretraining_lowers_mlm_loss_and_finetuning_learns():
    words = [w + e for w in ["ann", "bel", "cor", "dan", "ell", "fin", "gus", "hil"] for e in ("a", "o")] * 4
    y = np.array([1 if w.endswith("a") else 0 for w in words])
    tok = CharTokenizer.fit(words)
    ids = tok.batch(words)
    ids[:, 0] = tok.CLS
    bert = BERT(tok.vocab_size, ids.shape[1], n_layer=1, n_head=2, n_embd=16, dropout=0.0, heads={"end": 2},
                random_state=0)
    opt = AdamW(bert.parameters(), lr=5e-3, weight_decay=0.0)
    rng = np.random.default_rng(0)
    losses = []
    for _ in range(40):
        opt.zero_grad()
        loss = bert.mlm_step_loss(ids, random_state=rng)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert np.mean(losses[-10:]) < np.mean(losses[:5]) - 0.5, losses
    for _ in range(40):
        opt.zero_grad()
        loss = F.cross_entropy(bert.classify(ids, "end"), y)
        loss.backward()
        opt.step()
    # chance is 0.5: the label is the last letter, which attention must find past the varying stems
    assert (bert.predict_proba(ids, "end").argmax(1) == y).mean() >= 0.9


def test_mlm_loss_ignores_unpicked():
    logits = F.log_softmax(np.random.default_rng(0).normal(size=(1, 3, 4)))
    labels = np.array([[-100, 2, -100]])
    assert abs(mlm_loss(logits, labels).item() - F.cross_entropy(logits.reshape(3, 4)[1:2], [2]).item()) < 1e-7


def test_save_and_load(tmp_path):
    from lucidml import io

    bert = BERT(12, 8, n_layer=1, n_head=2, n_embd=8, heads={"a": 2, "b": 3}, random_state=0)
    io.save(bert, tmp_path / "bert.npz")
    back = io.load(tmp_path / "bert.npz")
    ids = np.array([[4, 5, 6, 2]])
    bert.eval()
    back.eval()
    np.testing.assert_array_equal(back.classify(ids, "b").data, bert.classify(ids, "b").data)


def test_bad_input():
    bert = BERT(12, 6, n_layer=1, n_head=2, n_embd=8, random_state=0)
    with pytest.raises(ValueError, match=r"rows \[1\] are all \[PAD\]"):
        bert(np.array([[4, 5], [0, 0]]))
    with pytest.raises(ValueError, match=r"must lie in \[0, 11\]"):
        bert(np.array([[4, 12]]))
    with pytest.raises(ValueError, match="7 tokens but max_len=6"):
        bert(np.full((1, 7), 5))
    with pytest.raises(KeyError, match="no head named 'sex'"):
        bert.classify(np.array([[4, 5]]), "sex")
    with pytest.raises(ValueError, match="not divisible"):
        BERT(12, 6, n_layer=1, n_head=3, n_embd=8)
