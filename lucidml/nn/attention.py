"""Scaled dot-product attention and multi-head attention (Vaswani et al. 2017, §3.2).

    Attention(Q, K, V) = softmax(Q Kᵀ / √d_k + M) V

    MultiHead(Q, K, V) = Concat(head₁, …, head_h) Wᴼ,   headᵢ = Attention(Q Wᵢᵠ, K Wᵢᴷ, V Wᵢⱽ)

Each query row of Q (L, d_k) scores every key row of K (S, d_k) by a dot product, scaled
by 1/√d_k so the scores' variance stays near 1 whatever d_k is; the softmax turns the
scores into weights over the S keys, and the output is that weighted average of the
value rows. The mask M is 0 where a key may be seen and −∞ where it may not, so a
masked key gets a weight of exactly 0 (e^{−∞} = 0). A causal mask hides the keys after
the query (j > i): a decoder cannot look at the future it is asked to predict.

The softmax subtracts each row's largest score before exponentiating (the weights do not
change, and nothing overflows however large the logits). Every step is an autograd op
(matmul, masked_fill, softmax), so the gradient is the chain rule through those ops.

Masks follow PyTorch's conventions, which differ between the two functions:
``scaled_dot_product_attention``'s boolean ``attn_mask`` is True where a key *takes part*;
``MultiheadAttention``'s boolean ``attn_mask`` and ``key_padding_mask`` are True where a
key is *hidden*. A float mask is added to the scores in both.

Symbols: B batch, h heads, L queries, S keys, E = embed_dim, d = E / h per head.

>>> q = Tensor(np.array([[1.0, 0.0]])); k = Tensor(np.array([[1.0, 0.0], [0.0, 1.0]]))
>>> v = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))
>>> w = np.exp([1 / np.sqrt(2), 0]); w = w / w.sum()        # softmax of the scaled scores
>>> np.allclose(scaled_dot_product_attention(q, k, v).data, w @ v.data)
True
"""
from __future__ import annotations

import numbers

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn import init as initialisers
from lucidml.nn.modules import Linear, Module, Parameter, _init_generator
from lucidml.nn.tensor import Tensor

__all__ = ["scaled_dot_product_attention", "MultiheadAttention", "causal_mask"]


def causal_mask(L: int, S: int | None = None) -> np.ndarray:
    """The (L, S) boolean pattern of a causal mask: True where key j may be seen by query i (j ≤ i)."""
    S = L if S is None else S
    return np.tril(np.ones((L, S), dtype=bool))


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p: float = 0.0, is_causal: bool = False,
                                 scale: float | None = None, *, training: bool = True, rng=None,
                                 return_weights: bool = False):
    """softmax(Q Kᵀ · scale + M) V with Q (..., L, d_k), K (..., S, d_k), V (..., S, d_v) → (..., L, d_v).

    ``attn_mask`` broadcasts to (..., L, S): boolean True = the key takes part (False = hidden,
    weight exactly 0), or float = added to the scores (use −inf to hide). ``is_causal``
    hides the keys j > i. ``scale`` defaults to 1/√d_k. ``dropout_p`` drops attention
    weights (inverted dropout, drawn from ``rng``) when ``training``. With
    ``return_weights=True`` the weights (..., L, S) are returned too: ``(out, weights)``.
    PyTorch's function and argument order (``rng``/``training``/``return_weights`` are ours).
    """
    q, k, v = (_as_tensor(t, name) for t, name in ((query, "query"), (key, "key"), (value, "value")))
    hidden, additive = None, None
    if attn_mask is not None:
        m = attn_mask.data if isinstance(attn_mask, Tensor) else np.asarray(attn_mask)
        if m.dtype == bool:
            hidden = ~m
        else:
            additive = attn_mask if isinstance(attn_mask, Tensor) else Tensor(m, dtype=q.dtype)
    if is_causal:
        if attn_mask is not None:
            raise ValueError("scaled_dot_product_attention: give either attn_mask or is_causal=True, not both "
                             "(PyTorch's rule); fold the causal pattern into the mask yourself.")
        hidden = ~causal_mask(q.shape[-2], k.shape[-2])
    out, weights = _attend(q, k, v, hidden=hidden, additive=additive, dropout_p=dropout_p, training=training,
                           rng=rng, scale=scale, owner="scaled_dot_product_attention")
    return (out, weights) if return_weights else out


def _attend(q: Tensor, k: Tensor, v: Tensor, *, hidden=None, additive=None, dropout_p=0.0, training=True, rng=None,
            scale=None, owner="attention"):
    """The formula itself: S = Q Kᵀ · scale (+ additive), hidden scores → −∞, P = softmax(S), out = P V.

    hidden: a boolean array broadcasting to (..., L, S), True = weight exactly 0.
    additive: a float Tensor broadcasting to (..., L, S), added to the scores (gradient flows into it).
    """
    _check_qkv(q, k, v, owner)
    L, S, d_k = q.shape[-2], k.shape[-2], q.shape[-1]
    if not 0.0 <= dropout_p < 1.0:
        raise ValueError(f"{owner}: dropout_p={dropout_p} must lie in [0, 1).")
    tau = 1.0 / np.sqrt(d_k) if scale is None else float(scale)
    scores = (q @ k.transpose(-1, -2)) * tau                            # (..., L, S)
    if additive is not None:
        _check_mask_shape(additive.shape, scores.shape, owner, "attn_mask")
        scores = scores + additive
    if hidden is not None:
        hidden = np.asarray(hidden, dtype=bool)
        _check_mask_shape(hidden.shape, scores.shape, owner, "mask")
        scores = scores.masked_fill(np.broadcast_to(hidden, scores.shape), -np.inf)
    if hidden is not None or additive is not None:
        blind = ~np.any(np.isfinite(scores.data), axis=-1)             # (..., L): a query with no key left
        if np.any(blind):
            where = np.argwhere(blind)[0].tolist()
            raise ValueError(f"{owner}: every key is masked for query position {where} (of {blind.shape}, "
                             f"{L} queries × {S} keys); its softmax would be 0/0 = NaN. Leave at least one "
                             "key visible per query (e.g. a padded sequence needs one real token).")
    weights = F.softmax(scores, axis=-1)                               # (..., L, S), rows sum to 1
    if training and dropout_p > 0.0:
        weights = F.dropout(weights, dropout_p, training=True, rng=rng)
    return weights @ v, weights                                        # (..., L, d_v)


def _as_tensor(x, name) -> Tensor:
    if isinstance(x, Tensor):
        return x
    return Tensor(np.asarray(x))


def _check_qkv(q, k, v, owner):
    if q.ndim < 2 or k.ndim < 2 or v.ndim < 2:
        raise ValueError(f"{owner}: query, key and value need at least 2 axes (..., length, features), got shapes "
                         f"{q.shape}, {k.shape}, {v.shape}.")
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"{owner}: query has {q.shape[-1]} features but key has {k.shape[-1]} "
                         f"(shapes {q.shape}, {k.shape}); Q Kᵀ needs the same d_k.")
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(f"{owner}: key has {k.shape[-2]} positions but value has {v.shape[-2]} "
                         f"(shapes {k.shape}, {v.shape}); each key needs its value.")


def _check_mask_shape(mask_shape, scores_shape, owner, name):
    try:
        shape = np.broadcast_shapes(tuple(mask_shape), tuple(scores_shape))
    except ValueError:
        shape = None
    if shape != tuple(scores_shape):
        raise ValueError(f"{owner}: {name} of shape {tuple(mask_shape)} does not broadcast to the attention "
                         f"scores' shape {tuple(scores_shape)} (..., L queries, S keys).")


class MultiheadAttention(Module):
    """softmax(Q Kᵀ / √d + M) V per head, heads concatenated and projected (Vaswani et al. 2017, §3.2.2).

    Parameters keep PyTorch's names and shapes: ``in_proj_weight`` (3E, E) stacks Wᵠ, Wᴷ,
    Wⱽ; ``in_proj_bias`` (3E,); ``out_proj`` is a :class:`Linear` (E, E), so a
    ``torch.nn.MultiheadAttention`` state_dict loads unchanged. Initialisation as PyTorch:
    Xavier-uniform in_proj_weight, zero biases.

    ``forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    average_attn_weights=True, is_causal=False)`` returns ``(output, weights)``; weights are
    (B, L, S) averaged over heads, (B, h, L, S) with ``average_attn_weights=False``, or None
    with ``need_weights=False``. Masks (PyTorch's MultiheadAttention convention): boolean
    True = hidden, float = added. ``key_padding_mask`` (B, S); ``attn_mask`` (L, S) or
    (B·h, L, S). Inputs are (L, B, E) unless ``batch_first=True`` ((B, L, E)); a 2-D input
    (L, E) is one unbatched sequence.

    >>> mha = MultiheadAttention(4, 2, batch_first=True, random_state=0)
    >>> x = Tensor(np.ones((1, 3, 4), dtype=np.float32))
    >>> y, w = mha(x, x, x)
    >>> y.shape, w.shape, np.allclose(w.data.sum(-1), 1)
    ((1, 3, 4), (1, 3, 3), True)
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 batch_first: bool = False, *, random_state=None, dtype="float32"):
        for name, value in (("embed_dim", embed_dim), ("num_heads", num_heads)):
            if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
                raise ValueError(f"MultiheadAttention: {name}={value!r} must be a positive integer.")
        if embed_dim % num_heads:
            raise ValueError(f"MultiheadAttention: embed_dim={embed_dim} is not divisible by num_heads={num_heads}; "
                             f"each head gets embed_dim / num_heads features, so choose num_heads among "
                             f"{[h for h in range(1, embed_dim + 1) if embed_dim % h == 0]}.")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"MultiheadAttention: dropout={dropout} must lie in [0, 1).")
        self.embed_dim, self.num_heads, self.head_dim = int(embed_dim), int(num_heads), embed_dim // num_heads
        self.dropout, self.batch_first, self.dtype = float(dropout), bool(batch_first), str(np.dtype(dtype))
        rng = _init_generator(random_state)
        E = self.embed_dim
        self.in_proj_weight = Parameter(initialisers.xavier_uniform((3 * E, E), random_state=rng, dtype=dtype),
                                        dtype=dtype)
        self.in_proj_bias = Parameter(np.zeros(3 * E), dtype=dtype) if bias else None
        self.out_proj = Linear(E, E, bias=bias, random_state=rng, dtype=dtype)
        if bias:
            self.out_proj.bias.data[:] = 0.0
        self._rng = rng                                                # attention-weight dropout

    def forward(self, query, key=None, value=None, key_padding_mask=None, need_weights: bool = True,
                attn_mask=None, average_attn_weights: bool = True, is_causal: bool = False):
        key = query if key is None else key
        value = key if value is None else value
        unbatched = query.ndim == 2
        if query.ndim not in (2, 3) or key.ndim != query.ndim or value.ndim != query.ndim:
            layout = "(B, L, E)" if self.batch_first else "(L, B, E)"
            raise ValueError(f"MultiheadAttention: query, key and value must all be 3-D {layout} "
                             f"or all 2-D (L, E), got shapes {query.shape}, {key.shape}, {value.shape}.")
        if unbatched:                                                  # (L, E) -> (1, L, E)
            q_in, k_in, v_in = _same_inputs(query, key, value, lambda t: t.unsqueeze(0))
            if key_padding_mask is not None:
                key_padding_mask = np.asarray(_array(key_padding_mask))[None]
        elif not self.batch_first:                                     # (L, B, E) -> (B, L, E)
            q_in, k_in, v_in = _same_inputs(query, key, value, lambda t: t.transpose(0, 1))
        else:
            q_in, k_in, v_in = query, key, value
        out, weights = self._attention(q_in, k_in, v_in, key_padding_mask, attn_mask, is_causal, need_weights)
        if unbatched:
            out = out.squeeze(0)
        elif not self.batch_first:
            out = out.transpose(0, 1)                                  # (B, L, E) -> (L, B, E)
        if not need_weights:
            return out, None
        if average_attn_weights:
            weights = weights.mean(axis=1)                             # (B, L, S)
        return out, (weights.squeeze(0) if unbatched else weights)

    def _attention(self, query, key, value, key_padding_mask, attn_mask, is_causal, need_weights):
        """Batch-first core: query (B, L, E), key/value (B, S, E) -> (B, L, E), weights (B, h, L, S)."""
        B, L, E = query.shape
        S, h, d = key.shape[1], self.num_heads, self.head_dim
        for name, t in (("query", query), ("key", key), ("value", value)):
            if t.shape[-1] != E or E != self.embed_dim:
                raise ValueError(f"MultiheadAttention: {name} has {t.shape[-1]} features (shape {t.shape}) but "
                                 f"embed_dim={self.embed_dim}.")
        if key.shape[:2] != value.shape[:2] or key.shape[0] != B:
            raise ValueError(f"MultiheadAttention: key {key.shape} and value {value.shape} must share (batch, length) "
                             f"and the batch size {B} of the query {query.shape}.")
        W, b = self.in_proj_weight, self.in_proj_bias
        if query is key and key is value:                              # self-attention: one product
            q, k, v = F.linear(query, W, b).split(E, axis=-1)          # 3 × (B, L, E)
        else:
            Wq, Wk, Wv = W[:E], W[E:2 * E], W[2 * E:]
            bq, bk, bv = (None, None, None) if b is None else (b[:E], b[E:2 * E], b[2 * E:])
            q, k, v = F.linear(query, Wq, bq), F.linear(key, Wk, bk), F.linear(value, Wv, bv)
        q = q.reshape(B, L, h, d).transpose(0, 2, 1, 3)                # (B, h, L, d)
        k = k.reshape(B, S, h, d).transpose(0, 2, 1, 3)                # (B, h, S, d)
        v = v.reshape(B, S, h, d).transpose(0, 2, 1, 3)                # (B, h, S, d)
        hidden, additive = self._masks(B, L, S, key_padding_mask, attn_mask, is_causal, q.dtype)
        y, weights = _attend(q, k, v, hidden=hidden, additive=additive, dropout_p=self.dropout,
                             training=self.training, rng=self._rng, owner="MultiheadAttention")   # (B, h, L, d)
        y = y.transpose(0, 2, 1, 3).reshape(B, L, E)                   # heads side by side: (B, L, E)
        return self.out_proj(y), weights                               # (B, L, E)

    def _masks(self, B, L, S, key_padding_mask, attn_mask, is_causal, dtype):
        """PyTorch's masks as (hidden (B, h|1, L, S) bool, additive (B, h|1, L, S) float Tensor)."""
        h = self.num_heads
        hidden, additive = None, None
        if key_padding_mask is not None:
            kpm = _array(key_padding_mask)
            if kpm.shape != (B, S):
                raise ValueError(f"MultiheadAttention: key_padding_mask has shape {kpm.shape} but must be "
                                 f"(batch, keys) = ({B}, {S}).")
            if kpm.dtype == bool:
                if np.any(kpm.all(axis=1)):
                    rows = np.flatnonzero(kpm.all(axis=1)).tolist()
                    raise ValueError(f"MultiheadAttention: key_padding_mask hides every key of batch element(s) "
                                     f"{rows}; the attention weights would be NaN. Each sequence needs at least "
                                     "one unpadded position.")
                hidden = kpm[:, None, None, :]                         # (B, 1, 1, S)
            else:
                additive = Tensor(kpm[:, None, None, :], dtype=dtype)
        if is_causal and attn_mask is None:
            attn_mask = ~causal_mask(L, S)
        if attn_mask is not None:
            am_is_tensor = isinstance(attn_mask, Tensor)
            am = _array(attn_mask)
            if am.shape == (L, S):
                am4 = am[None, None]                                   # (1, 1, L, S)
            elif am.shape == (B * h, L, S):
                am4 = am.reshape(B, h, L, S)
            else:
                raise ValueError(f"MultiheadAttention: attn_mask has shape {am.shape} but must be (L, S) = "
                                 f"({L}, {S}) or (batch·num_heads, L, S) = ({B * h}, {L}, {S}).")
            if am.dtype == bool:
                hidden = am4 if hidden is None else (hidden | am4)
            else:
                mask_t = (attn_mask if am_is_tensor else Tensor(am, dtype=dtype)).reshape(am4.shape)
                additive = mask_t if additive is None else additive + mask_t
        return hidden, additive

    def config(self):
        return {"embed_dim": self.embed_dim, "num_heads": self.num_heads, "dropout": self.dropout,
                "bias": self.in_proj_bias is not None, "batch_first": self.batch_first, "dtype": self.dtype}


def _same_inputs(query, key, value, change):
    """Apply ``change`` to each input once, keeping "query is key is value" (self-attention) true."""
    q = change(query)
    k = q if key is query else change(key)
    v = k if value is key else (q if value is query else change(value))
    return q, k, v


def _array(mask) -> np.ndarray:
    return np.asarray(mask.data if isinstance(mask, Tensor) else mask)
