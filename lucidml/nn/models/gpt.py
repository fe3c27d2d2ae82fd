"""A tiny GPT: a decoder-only transformer language model (Radford et al. 2018, 2019).

nanoGPT's ``model.py`` (Karpathy, 2022) in lucidml's autograd, with its configuration names:

    x = wte(idx) + wpe(pos)                     token + learned position embeddings   (B, T, C)
    for each block:                             pre-norm residual blocks
        x = x + attn(ln_1(x))                   causal multi-head self-attention
        x = x + mlp(ln_2(x))                    C → 4C → C with GELU
    logits = ln_f(x) · wteᵀ                     the head shares the token embedding   (B, T, V)

trained to predict token t + 1 from tokens ≤ t (cross-entropy, nats per token).
``generate`` samples one token at a time; with ``use_cache=True`` each block keeps the
keys and values of the tokens already seen (the KV cache), so a new token costs one
row of attention instead of a pass over the whole context, and the logits equal the
uncached path's.

Symbols: B batch, T time (≤ block_size), C = n_embd, h = n_head, V = vocab_size.

>>> model = GPT(vocab_size=7, block_size=8, n_layer=1, n_head=2, n_embd=8, random_state=0)
>>> model(Tensor(np.array([[1, 2, 3]]))).shape                      # (B, T, V)
(1, 3, 7)
>>> model.generate(np.array([[1]]), max_new_tokens=4, random_state=0).shape
(1, 5)
"""
from __future__ import annotations

import numbers

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn.attention import scaled_dot_product_attention
from lucidml.nn.functional import linear
from lucidml.nn.modules import Linear
from lucidml.nn.modules import Dropout, LayerNorm, Module, ModuleDict, ModuleList, Parameter, _init_generator
from lucidml.nn.tensor import Tensor, cat, no_grad
from lucidml.utils.validation import check_int

__all__ = ["GPT", "lm_loss"]


def lm_loss(logits, targets, ignore_index: int = -100):
    """Mean cross-entropy of next-token logits (B, T, V) against targets (B, T); ``ignore_index`` skips padding."""
    B, T, V = logits.shape
    y = np.asarray(targets.data if isinstance(targets, Tensor) else targets)
    if y.shape != (B, T):
        raise ValueError(f"lm_loss: targets have shape {y.shape} but the logits are {logits.shape}; "
                         f"expected ({B}, {T}).")
    return F.cross_entropy(logits.reshape(B * T, V), y.reshape(-1).astype(np.int64), ignore_index=ignore_index)


class CausalSelfAttention(Module):
    """Multi-head self-attention where position t sees positions ≤ t; ``c_attn`` makes q, k, v at once."""

    def __init__(self, n_embd, n_head, dropout, bias, rng, dtype):
        if n_embd % n_head:
            raise ValueError(f"GPT: n_embd={n_embd} is not divisible by n_head={n_head}; each head gets "
                             "n_embd / n_head features.")
        self.n_embd, self.n_head, self.dropout = n_embd, n_head, dropout
        self.c_attn = Linear(n_embd, 3 * n_embd, bias=bias, random_state=rng, dtype=dtype)
        self.c_proj = Linear(n_embd, n_embd, bias=bias, random_state=rng, dtype=dtype)
        self.resid_dropout = Dropout(dropout, random_state=rng)
        self._rng = rng

    def forward(self, x, cache=None):
        """x (B, T, C) → (B, T, C). ``cache`` (a dict, per layer) holds the past keys and values."""
        B, T, C = x.shape
        h = self.n_head
        q, k, v = self.c_attn(x).split(C, axis=-1)                            # 3 × (B, T, C)
        q, k, v = (t.reshape(B, T, h, C // h).transpose(0, 2, 1, 3) for t in (q, k, v))   # (B, h, T, d)
        past = 0
        if cache is not None:
            if "k" in cache:                                                   # prepend what was seen
                past = cache["k"].shape[2]
                k, v = cat([cache["k"], k], axis=2), cat([cache["v"], v], axis=2)  # (B, h, past + T, d)
            cache["k"], cache["v"] = k.detach(), v.detach()
        # query i (at position past + i) sees keys j ≤ past + i
        visible = np.tril(np.ones((T, past + T), dtype=bool), past)
        y = scaled_dot_product_attention(q, k, v, attn_mask=visible, dropout_p=self.dropout,
                                         training=self.training, rng=self._rng)    # (B, h, T, d)
        y = y.transpose(0, 2, 1, 3).reshape(B, T, C)                          # re-assemble the heads
        return self.resid_dropout(self.c_proj(y))


class MLP(Module):
    """The position-wise feed-forward network: C → 4C → C with GELU."""

    def __init__(self, n_embd, dropout, bias, rng, dtype):
        self.c_fc = Linear(n_embd, 4 * n_embd, bias=bias, random_state=rng, dtype=dtype)
        self.c_proj = Linear(4 * n_embd, n_embd, bias=bias, random_state=rng, dtype=dtype)
        self.dropout = Dropout(dropout, random_state=rng)

    def forward(self, x):
        return self.dropout(self.c_proj(F.gelu(self.c_fc(x))))             # (B, T, C)


class Block(Module):
    """x = x + attn(ln_1(x)); x = x + mlp(ln_2(x))  (pre-norm, GPT-2)."""

    def __init__(self, n_embd, n_head, dropout, bias, rng, dtype):
        self.ln_1 = LayerNorm(n_embd, dtype=dtype)
        self.attn = CausalSelfAttention(n_embd, n_head, dropout, bias, rng, dtype)
        self.ln_2 = LayerNorm(n_embd, dtype=dtype)
        self.mlp = MLP(n_embd, dropout, bias, rng, dtype)

    def forward(self, x, cache=None):
        x = x + self.attn(self.ln_1(x), cache)
        return x + self.mlp(self.ln_2(x))


class GPT(Module):
    """Decoder-only transformer language model with nanoGPT's names (see the module docstring).

    ``forward(idx)`` maps int64 ids (B, T), T ≤ block_size, to logits (B, T, V). Weights are
    initialised as GPT-2: N(0, 0.02²), the residual projections N(0, (0.02/√(2·n_layer))²),
    zero biases.
    """

    def __init__(self, vocab_size: int, block_size: int, n_layer: int = 4, n_head: int = 4, n_embd: int = 128,
                 dropout: float = 0.0, bias: bool = True, *, random_state=None, dtype="float32"):
        owner = "GPT"
        self.vocab_size = check_int(vocab_size, name="vocab_size", owner=owner, minimum=1)
        self.block_size = check_int(block_size, name="block_size", owner=owner, minimum=1)
        self.n_layer = check_int(n_layer, name="n_layer", owner=owner, minimum=1)
        self.n_head = check_int(n_head, name="n_head", owner=owner, minimum=1)
        self.n_embd = check_int(n_embd, name="n_embd", owner=owner, minimum=1)
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"GPT: dropout={dropout} must lie in [0, 1).")
        self.dropout, self.bias, self.dtype = float(dropout), bool(bias), str(np.dtype(dtype))
        rng = _init_generator(random_state)
        self.transformer = ModuleDict({
            "wte": _Table(vocab_size, n_embd, dtype),
            "wpe": _Table(block_size, n_embd, dtype),
            "drop": Dropout(dropout, random_state=rng),
            "h": ModuleList([Block(n_embd, n_head, dropout, bias, rng, dtype) for _ in range(n_layer)]),
            "ln_f": LayerNorm(n_embd, dtype=dtype),
        })
        for name, p in self.named_parameters():                              # GPT-2's initialisation
            if name.endswith("bias"):
                p.data[:] = 0.0
            elif p.ndim == 2:
                std = 0.02 / np.sqrt(2 * n_layer) if name.endswith("c_proj.weight") else 0.02
                p.data = rng.normal(0.0, std, p.shape).astype(p.dtype)

    def forward(self, idx, caches=None):
        """idx (B, T) int64 → logits (B, T, V). ``caches``: one dict per block (for generation)."""
        ids = _check_ids(idx, self.vocab_size, "GPT")
        B, T = ids.shape
        past = 0 if not caches or "k" not in caches[0] else caches[0]["k"].shape[2]
        if past + T > self.block_size:
            raise ValueError(f"GPT: the sequence has {past + T} tokens but block_size={self.block_size}; "
                             f"feed at most {self.block_size} (generate() crops the context itself).")
        tr = self.transformer
        tok = F.embedding(Tensor(ids), tr["wte"].weight)                      # (B, T, C)
        pos = F.embedding(Tensor(np.arange(past, past + T)), tr["wpe"].weight)  # (T, C)
        x = tr["drop"](tok + pos)                                             # (B, T, C)
        for i, block in enumerate(tr["h"]):
            x = block(x, None if caches is None else caches[i])
        x = tr["ln_f"](x)
        return linear(x, tr["wte"].weight)                                  # (B, T, V): tied head x Wᵀ

    def loss(self, idx, targets):
        """Mean next-token cross-entropy (nats per token) of ``targets`` given ``idx``."""
        return lm_loss(self(idx), targets)

    def generate(self, idx, max_new_tokens: int, temperature: float = 1.0, top_k: int | None = None,
                 random_state=None, use_cache: bool = True, stop_token: int | None = None) -> np.ndarray:
        """Append ``max_new_tokens`` sampled tokens to each row of ``idx`` (B, T) and return (B, T + n).

        Token t + 1 ~ softmax(logits_t / temperature), restricted to the ``top_k`` most
        likely when given. With ``use_cache`` the keys and values of earlier tokens are
        kept; the result equals ``use_cache=False`` (same logits, same draws). Rows that
        produced ``stop_token`` keep producing it (so a batch stops together when all have).
        """
        if not isinstance(temperature, numbers.Real) or not temperature > 0:
            raise ValueError(f"GPT.generate: temperature={temperature!r} must be > 0; a small value (0.01) is "
                             "almost greedy.")
        max_new_tokens = check_int(max_new_tokens, name="max_new_tokens", owner="GPT.generate", minimum=0)
        if top_k is not None:
            top_k = check_int(top_k, name="top_k", owner="GPT.generate", minimum=1)
        rng = np.random.default_rng(random_state) if not isinstance(random_state, np.random.Generator) else random_state
        idx = _check_ids(idx, self.vocab_size, "GPT.generate").copy()
        was_training = self.training
        self.eval()
        caches = None                                               # one {k, v} dict per block
        with no_grad():
            for _ in range(max_new_tokens):
                if not use_cache:
                    logits = self(idx[:, -self.block_size:])         # the whole (cropped) context again
                elif caches is None:                                # fill the cache with the context
                    caches = [{} for _ in range(self.n_layer)]
                    logits = self(idx[:, -self.block_size:], caches)
                else:
                    logits = self(idx[:, -1:], caches)              # only the newest token
                z = logits.data[:, -1, :].astype(np.float64) / temperature   # (B, V)
                if top_k is not None and top_k < z.shape[1]:
                    kth = np.sort(z, axis=1)[:, -top_k][:, None]
                    z = np.where(z < kth, -np.inf, z)
                p = np.exp(z - z.max(axis=1, keepdims=True))
                p /= p.sum(axis=1, keepdims=True)
                u = rng.random((idx.shape[0], 1))                   # inverse-CDF draw, one per row
                nxt = np.minimum((np.cumsum(p, axis=1) < u).sum(axis=1), z.shape[1] - 1)
                if stop_token is not None:
                    nxt = np.where(idx[:, -1] == stop_token, stop_token, nxt)
                idx = np.concatenate([idx, nxt[:, None].astype(np.int64)], axis=1)
                if caches is not None and caches[0]["k"].shape[2] >= self.block_size:
                    caches = None                                   # the window slides: rebuild it
                if stop_token is not None and np.all(idx[:, -1] == stop_token):
                    break
        self.train(was_training)
        return idx

    def config(self):
        return {"vocab_size": self.vocab_size, "block_size": self.block_size, "n_layer": self.n_layer,
                "n_head": self.n_head, "n_embd": self.n_embd, "dropout": self.dropout, "bias": self.bias,
                "dtype": self.dtype}


class _Table(Module):
    """An embedding table ``weight`` (n, C) (nanoGPT's wte/wpe; initialised by GPT)."""

    def __init__(self, n, C, dtype):
        self.n, self.C, self.dtype = n, C, dtype
        self.weight = Parameter(np.zeros((n, C)), dtype=dtype)

    def forward(self, ids):
        return F.embedding(ids, self.weight)

    def config(self):
        return {"n": self.n, "C": self.C, "dtype": self.dtype}


def _check_ids(idx, vocab_size, owner) -> np.ndarray:
    ids = np.asarray(idx.data if isinstance(idx, Tensor) else idx)
    if ids.ndim == 1:
        ids = ids[None]
    if ids.ndim != 2:
        raise ValueError(f"{owner}: token ids must be (B, T), got shape {ids.shape}.")
    if ids.size and ids.dtype.kind not in "iu":
        raise TypeError(f"{owner}: token ids must be integers, got dtype {ids.dtype}.")
    if ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
        bad = ids[(ids < 0) | (ids >= vocab_size)]
        raise ValueError(f"{owner}: token ids must lie in [0, {vocab_size - 1}] (vocab_size={vocab_size}), got "
                         f"{bad.ravel()[:5].tolist()}.")
    return ids.astype(np.int64)
