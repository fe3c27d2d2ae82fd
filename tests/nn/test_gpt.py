"""The tiny GPT: equal to a PyTorch nanoGPT twin (float64), KV cache = uncached path,
learns a tiny corpus, saves and loads, and refuses bad input with clear messages."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.nn import AdamW, Tensor
from lucidml.nn.models.char_tokenizer import CharTokenizer
from lucidml.nn.models.gpt import GPT, lm_loss


def _torch_twin(torch, cfg):
    """nanoGPT's model.py written with torch.nn, parameter names equal to ours."""
    nn, Fn = torch.nn, torch.nn.functional
    C, h = cfg["n_embd"], cfg["n_head"]

    class Attn(nn.Module):
        def __init__(self):
            super().__init__()
            self.c_attn, self.c_proj = nn.Linear(C, 3 * C), nn.Linear(C, C)

        def forward(self, x):
            B, T, _ = x.shape
            q, k, v = self.c_attn(x).split(C, 2)
            q, k, v = (t.view(B, T, h, C // h).transpose(1, 2) for t in (q, k, v))
            y = Fn.scaled_dot_product_attention(q, k, v, is_causal=True)
            return self.c_proj(y.transpose(1, 2).reshape(B, T, C))

    class Mlp(nn.Module):
        def __init__(self):
            super().__init__()
            self.c_fc, self.c_proj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)

        def forward(self, x):
            return self.c_proj(Fn.gelu(self.c_fc(x)))

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1, self.attn, self.ln_2, self.mlp = nn.LayerNorm(C), Attn(), nn.LayerNorm(C), Mlp()

        def forward(self, x):
            x = x + self.attn(self.ln_1(x))
            return x + self.mlp(self.ln_2(x))

    class Twin(nn.Module):
        def __init__(self):
            super().__init__()
            self.transformer = nn.ModuleDict(dict(
                wte=nn.Embedding(cfg["vocab_size"], C), wpe=nn.Embedding(cfg["block_size"], C),
                h=nn.ModuleList([Block() for _ in range(cfg["n_layer"])]), ln_f=nn.LayerNorm(C)))

        def forward(self, idx):
            tr = self.transformer
            x = tr.wte(idx) + tr.wpe(torch.arange(idx.shape[1]))
            for b in tr.h:
                x = b(x)
            return tr.ln_f(x) @ tr.wte.weight.T

    return Twin().double()


CFG = dict(vocab_size=11, block_size=8, n_layer=2, n_head=2, n_embd=8)


def test_matches_nanogpt_in_torch():
    torch = pytest.importorskip("torch")
    ours = GPT(**CFG, random_state=0, dtype="float64")
    twin = _torch_twin(torch, CFG)
    state = ours.state_dict()
    assert set(state) == set(twin.state_dict())
    twin.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    idx = np.random.default_rng(0).integers(0, 11, (3, 8))
    loss = lm_loss(ours(idx), idx)
    loss.backward()
    ref = torch.nn.functional.cross_entropy(twin(torch.tensor(idx)).reshape(-1, 11), torch.tensor(idx).reshape(-1))
    ref.backward()
    assert abs(loss.item() - ref.item()) < 1e-12
    t = dict(twin.named_parameters())
    for name, p in ours.named_parameters():              # 1e-10: float64, same formula (observed ~1e-16)
        np.testing.assert_allclose(p.grad, t[name].grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=name)


def test_kv_cache_equals_uncached_path():
    model = GPT(**CFG, random_state=1, dtype="float64")
    idx = np.random.default_rng(1).integers(0, 11, (2, 8))
    full = model(idx).data
    caches = [{} for _ in range(CFG["n_layer"])]
    parts = [model(idx[:, :5], caches).data] + [model(idx[:, t:t + 1], caches).data for t in range(5, 8)]
    np.testing.assert_allclose(np.concatenate(parts, axis=1), full, rtol=1e-12, atol=1e-13)
    # sampling 20 tokens runs past block_size=8, so the window slides and the cache is rebuilt
    for top_k in (None, 3):
        a = model.generate(idx[:, :2], 20, temperature=0.8, top_k=top_k, random_state=5, use_cache=True)
        b = model.generate(idx[:, :2], 20, temperature=0.8, top_k=top_k, random_state=5, use_cache=False)
        np.testing.assert_array_equal(a, b)
        assert a.shape == (2, 22)


def test_top_k_one_is_greedy():
    model = GPT(**CFG, random_state=2, dtype="float64")
    out = model.generate(np.array([[1]]), 3, top_k=1, random_state=0)
    x = np.array([[1]])
    for _ in range(3):                                     # argmax of the last position, by hand
        x = np.concatenate([x, model(x).data[:, -1].argmax(-1)[:, None]], axis=1)
    np.testing.assert_array_equal(out, x)


def test_learns_a_tiny_corpus():
    words = ["anna", "bob", "cecil", "dora"] * 8
    tok = CharTokenizer.fit(words)
    ids = tok.batch(words)                                 # (32, 7) with [BOS] … [EOS] [PAD]
    x, y = ids[:, :-1], np.where(ids[:, 1:] == tok.PAD, -100, ids[:, 1:])
    model = GPT(tok.vocab_size, block_size=8, n_layer=1, n_head=2, n_embd=16, random_state=0)
    opt = AdamW(model.parameters(), lr=1e-2, weight_decay=0.0)
    first = None
    for _ in range(60):
        opt.zero_grad()
        loss = lm_loss(model(x), y)
        loss.backward()
        opt.step()
        first = first if first is not None else loss.item()
    # the four words are deterministic after their first letter (chosen from 4): ~ln 4 / 5 ≈ 0.28 nats/char
    assert first > 2.0 and loss.item() < 0.45, (first, loss.item())
    samples = {tok.decode(r[1:]) for r in model.generate(np.full((20, 1), tok.BOS), 7, temperature=0.5,
                                                         random_state=0, stop_token=tok.EOS)}
    assert samples <= set(words) and len(samples) >= 2


def test_save_and_load(tmp_path):
    from lucidml import io

    model = GPT(**CFG, random_state=3)
    io.save(model, tmp_path / "gpt.npz")
    back = io.load(tmp_path / "gpt.npz")
    idx = np.array([[1, 2, 3]])
    np.testing.assert_array_equal(back(idx).data, model(idx).data)
    tok = CharTokenizer.fit(["abc"])
    io.save(tok, tmp_path / "tok.npz")
    assert io.load(tmp_path / "tok.npz").decode(tok.encode("cab")) == "cab"


def test_bad_input():
    model = GPT(**CFG, random_state=0)
    with pytest.raises(ValueError, match=r"token ids must lie in \[0, 10\].*\[11\]"):
        model(np.array([[1, 11]]))
    with pytest.raises(ValueError, match="the sequence has 9 tokens but block_size=8"):
        model(np.zeros((1, 9), dtype=np.int64))
    with pytest.raises(ValueError, match="temperature=0 must be > 0"):
        model.generate(np.array([[1]]), 2, temperature=0)
    with pytest.raises(ValueError, match="n_embd=10 is not divisible by n_head=4"):
        GPT(5, 4, 1, 4, 10)
    with pytest.raises(TypeError, match="must be integers"):
        model(np.array([[1.5]]))
    with pytest.raises(ValueError, match="not in the vocabulary"):
        CharTokenizer.fit(["ab"]).encode("abz")
    with pytest.raises(ValueError, match=r"targets have shape \(1, 2\)"):
        lm_loss(model(np.array([[1, 2, 3]])), np.array([[1, 2]]))
