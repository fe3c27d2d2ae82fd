"""A tiny BERT: an encoder-only transformer pretrained by masked language modelling (Devlin et al. 2019).

    x = LN(tok_emb(ids) + pos_emb(pos))                          (B, T, C)
    h = TransformerEncoder(x, key_padding_mask = ids == [PAD])  post-norm blocks with GELU (B, T, C)

    MLM head       logits = LN(gelu(W h)) · tok_embᵀ + b             (B, T, V), tied to the token table
    pooler         p = tanh(W_p h[:, 0])                             the first ([CLS]) token, (B, C)
    task heads     heads[name](p)                                    (B, K) per task (ModuleDict)

Pretraining (§3.1, "Task #1: Masked LM"): pick 15% of the real tokens; of those, 80% become
[MASK], 10% a random token, 10% stay as they are; the loss is the cross-entropy of the
original token at the picked positions only (the others carry label −100, ignored).
Fine-tuning (§4) puts a small head on the pooled [CLS] vector and trains everything on
the labelled task; several heads on one body trained together is multi-task learning.

>>> bert = BERT(vocab_size=9, max_len=6, n_layer=1, n_head=2, n_embd=8, random_state=0)
>>> bert.add_head("sex", 2)
>>> ids = np.array([[4, 5, 6, 2, 0, 0]])                   # [CLS] c c [EOS] [PAD] [PAD]
>>> bert(ids).shape, bert.classify(ids, "sex").shape
((1, 6, 8), (1, 2))
"""
from __future__ import annotations

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn.functional import linear
from lucidml.nn.modules import Linear
from lucidml.nn.models.gpt import _check_ids
from lucidml.nn.modules import Dropout, LayerNorm, Module, ModuleDict, Parameter, _init_generator
from lucidml.nn.positional import LearnedPositionalEmbedding
from lucidml.nn.tensor import Tensor, no_grad
from lucidml.nn.transformer import TransformerEncoder, TransformerEncoderLayer
from lucidml.utils.validation import check_int, check_real

__all__ = ["BERT", "mask_tokens", "mlm_loss"]


def mask_tokens(ids, *, mask_id: int, vocab_size: int, n_special: int, pad_id: int = 0, mask_prob: float = 0.15,
                random_state=None):
    """BERT's 80/10/10 rule on (B, T) ids → (inputs, labels).

    Each non-special token is picked with probability ``mask_prob`` (at least one per
    batch); a picked token becomes [MASK] with probability 0.8, a random ordinary token
    with 0.1, and stays with 0.1. ``labels`` holds the original id at picked positions
    and −100 (ignored by the loss) everywhere else.
    """
    ids = np.asarray(ids)
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    candidates = ids >= n_special                                       # never [PAD], [CLS], [EOS], …
    picked = candidates & (rng.random(ids.shape) < mask_prob)
    if not picked.any() and candidates.any():                           # a batch with no target teaches nothing
        picked[tuple(np.argwhere(candidates)[rng.integers(candidates.sum())])] = True
    labels = np.where(picked, ids, -100).astype(np.int64)
    u = rng.random(ids.shape)
    inputs = ids.copy()
    inputs[picked & (u < 0.8)] = mask_id                                # 80%: [MASK]
    random_slot = picked & (u >= 0.8) & (u < 0.9)                       # 10%: a random ordinary token
    inputs[random_slot] = rng.integers(n_special, vocab_size, random_slot.sum())
    return inputs.astype(np.int64), labels                              # the last 10% stay as they were


def mlm_loss(logits, labels):
    """Cross-entropy at the picked positions (labels ≠ −100), averaged over them."""
    B, T, V = logits.shape
    return F.cross_entropy(logits.reshape(B * T, V), np.asarray(labels).reshape(-1), ignore_index=-100)


class BERT(Module):
    """Encoder-only transformer with an MLM head, a [CLS] pooler and named classification heads."""

    def __init__(self, vocab_size: int, max_len: int, n_layer: int = 2, n_head: int = 4, n_embd: int = 64,
                 dim_feedforward: int | None = None, dropout: float = 0.1, *, pad_id: int = 0, mask_id: int = 3,
                 n_special: int = 5, heads=None, random_state=None, dtype="float32"):
        owner = "BERT"
        self.vocab_size = check_int(vocab_size, name="vocab_size", owner=owner, minimum=n_special + 1)
        self.max_len = check_int(max_len, name="max_len", owner=owner, minimum=1)
        self.n_layer, self.n_head, self.n_embd = n_layer, n_head, n_embd
        self.dim_feedforward = 4 * n_embd if dim_feedforward is None else dim_feedforward
        self.dropout = check_real(dropout, name="dropout", owner=owner, minimum=0.0)
        self.pad_id, self.mask_id, self.n_special, self.dtype = pad_id, mask_id, n_special, str(np.dtype(dtype))
        rng = _init_generator(random_state)
        self._rng = rng
        self.tok_emb = Parameter(rng.normal(0, 0.02, (vocab_size, n_embd)), dtype=dtype)
        self.pos_emb = LearnedPositionalEmbedding(max_len, n_embd, random_state=rng, dtype=dtype)
        self.emb_norm = LayerNorm(n_embd, eps=1e-12, dtype=dtype)
        self.emb_drop = Dropout(dropout, random_state=rng)
        layer = TransformerEncoderLayer(n_embd, n_head, self.dim_feedforward, dropout, activation="gelu",
                                        layer_norm_eps=1e-12, batch_first=True, random_state=rng, dtype=dtype)
        self.encoder = TransformerEncoder(layer, n_layer)
        for block in self.encoder.layers:                               # the deep copies start different
            for p in block.parameters():
                if p.ndim == 2:
                    p.data = rng.normal(0, 0.02, p.shape).astype(p.dtype)
        self.mlm_dense = Linear(n_embd, n_embd, random_state=rng, dtype=dtype)
        self.mlm_norm = LayerNorm(n_embd, eps=1e-12, dtype=dtype)
        self.mlm_bias = Parameter(np.zeros(vocab_size), dtype=dtype)
        self.pooler = Linear(n_embd, n_embd, random_state=rng, dtype=dtype)
        self.heads = ModuleDict()
        for name, k in dict(heads or {}).items():
            self.add_head(name, k)

    # -- the body ------------------------------------------------------------------------------
    def forward(self, ids):
        """ids (B, T) → contextual vectors h (B, T, C); [PAD] keys are hidden from every query."""
        ids = _check_ids(ids, self.vocab_size, "BERT")
        B, T = ids.shape
        if T > self.max_len:
            raise ValueError(f"BERT: the sequence has {T} tokens but max_len={self.max_len}.")
        padding = ids == self.pad_id                                    # (B, T), True = hidden
        if np.any(padding.all(axis=1)):
            raise ValueError(f"BERT: rows {np.flatnonzero(padding.all(axis=1)).tolist()} are all [PAD]; each "
                             "sequence needs at least one real token.")
        x = F.embedding(Tensor(ids), self.tok_emb)                      # (B, T, C)
        x = self.emb_drop(self.emb_norm(self.pos_emb(x)))
        return self.encoder(x, src_key_padding_mask=padding if padding.any() else None)   # (B, T, C)

    def mlm_logits(self, h):
        """h (B, T, C) → logits over the vocabulary (B, T, V), decoder tied to the token table."""
        z = self.mlm_norm(F.gelu(self.mlm_dense(h)))
        return linear(z, self.tok_emb, self.mlm_bias)

    def pooled(self, h):
        """The [CLS] summary: tanh(W_p h[:, 0] + b_p), (B, C)."""
        return F.tanh(self.pooler(h[:, 0, :]))

    # -- tasks ---------------------------------------------------------------------------------
    def add_head(self, name: str, n_classes: int) -> None:
        """A classification head ``heads[name]``: Linear(C, n_classes) on the pooled vector."""
        check_int(n_classes, name="n_classes", owner="BERT.add_head", minimum=2)
        self.heads[name] = Linear(self.n_embd, n_classes, random_state=self._rng, dtype=self.dtype)

    def classify(self, ids, head: str):
        """Class logits (B, K) of task ``head`` for ids (B, T)."""
        if head not in self.heads:
            raise KeyError(f"BERT.classify: no head named {head!r}; add one with add_head({head!r}, n_classes). "
                           f"Heads: {self.heads.keys()}.")
        return self.heads[head](self.pooled(self(ids)))

    def mlm_step_loss(self, ids, random_state=None):
        """Mask a batch by the 80/10/10 rule and return the MLM loss on it."""
        inputs, labels = mask_tokens(ids, mask_id=self.mask_id, vocab_size=self.vocab_size,
                                     n_special=self.n_special, pad_id=self.pad_id,
                                     random_state=self._rng if random_state is None else random_state)
        return mlm_loss(self.mlm_logits(self(inputs)), labels)

    def predict_proba(self, ids, head: str, batch_size: int = 512) -> np.ndarray:
        was = self.training
        self.eval()
        with no_grad():
            out = [F.softmax(self.classify(ids[i:i + batch_size], head), axis=-1).data
                   for i in range(0, len(ids), batch_size)]
        self.train(was)
        return np.concatenate(out)

    def config(self):
        return {"vocab_size": self.vocab_size, "max_len": self.max_len, "n_layer": self.n_layer,
                "n_head": self.n_head, "n_embd": self.n_embd, "dim_feedforward": self.dim_feedforward,
                "dropout": self.dropout, "pad_id": self.pad_id, "mask_id": self.mask_id,
                "n_special": self.n_special, "heads": {k: m.out_features for k, m in self.heads.items()},
                "dtype": self.dtype}
