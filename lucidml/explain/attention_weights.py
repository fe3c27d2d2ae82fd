"""Scaled dot-product attention for one query, worked step by step (Vaswani et al. 2017, §3.2.1).

    scores     sⱼ = q · kⱼ / √d            one per key, d = the length of q
    mask       sⱼ = −∞ where key j is hidden (a causal mask hides the keys after the query)
    weights    aⱼ = e^{sⱼ − max s} / Σₗ e^{sₗ − max s}     (a softmax: aⱼ ≥ 0, Σ aⱼ = 1; hidden aⱼ = 0)
    output     o = Σⱼ aⱼ vⱼ                  the weighted average of the values

The weights and output are checked against :func:`lucidml.nn.attention.scaled_dot_product_attention`.

>>> s = attention([1.0, 0.0], [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [[1.0], [2.0], [3.0]], causal_position=1)
>>> [round(float(w), 4) for w in s.steps[2].values["a"]]      # key 3 is after position 1: weight 0
[0.6698, 0.3302, 0.0]
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step
from lucidml.utils.validation import as_float_array

__all__ = ["attention"]


def attention(query=None, keys=None, values=None, mask=None, causal_position=None) -> Solution:
    """Every score q·k/√d, the softmax weights, and the weighted sum of the values for one query.

    ``mask``: one boolean per key, True = the key takes part (PyTorch's scaled_dot_product_attention
    convention). ``causal_position``: the query's position i (0-based); keys j > i are hidden, as
    a causal mask does. Defaults: a 2-d query against three keys.
    """
    q = as_float_array([1.0, 0.0] if query is None else query, name="query", owner="explain.attention", ndim=1)
    K = as_float_array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]] if keys is None else keys, name="keys",
                       owner="explain.attention", ndim=2)
    V = as_float_array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]] if values is None else values, name="values",
                       owner="explain.attention")
    V = V[:, None] if V.ndim == 1 else V
    n, d = K.shape
    if q.shape[0] != d:
        raise ValueError(f"explain.attention: the query has {q.shape[0]} numbers but each key has {d}; q · k needs "
                         "equal lengths.")
    if V.shape[0] != n:
        raise ValueError(f"explain.attention: {n} keys but {V.shape[0]} values; each key needs one value row.")
    keep = np.ones(n, dtype=bool) if mask is None else np.asarray(mask, dtype=bool).ravel()
    if keep.shape != (n,):
        raise ValueError(f"explain.attention: the mask has {keep.size} entries but there are {n} keys.")
    causal_note = ""
    if causal_position is not None:
        i = int(causal_position)
        if not 0 <= i < n:
            raise ValueError(f"explain.attention: causal_position={i} must lie in [0, {n - 1}].")
        removed = [j for j in range(i + 1, n) if keep[j]]
        keep = keep & (np.arange(n) <= i)
        causal_note = (f" The causal mask at position {i} hides keys {[j + 1 for j in removed]} (they come later)."
                       if removed else f" The causal mask at position {i} hides nothing more.")
    if not keep.any():
        raise ValueError("explain.attention: every key is masked, so the softmax would be 0/0; keep at least one.")
    s = K @ q / np.sqrt(d)                                              # (n,)
    s_masked = np.where(keep, s, -np.inf)
    e = np.where(keep, np.exp(s_masked - s_masked[keep].max()), 0.0)
    a = e / e.sum()
    o = a @ V                                                           # (d_v,)

    from lucidml.nn.attention import scaled_dot_product_attention
    check = scaled_dot_product_attention(q[None], K, V, attn_mask=keep[None]).data[0]
    assert np.allclose(check, o), "explain.attention disagrees with lucidml.nn.attention"

    steps = [
        Step(f"Score each of the {n} keys against the query and divide by √d = √{d} = {np.sqrt(d):.4g}, so the "
             "scores keep unit scale whatever d is.", "sⱼ = q · kⱼ / √d", {"s": s}),
        Step("Hide the masked keys: their score becomes −∞, so e^{sⱼ} = 0 and they get weight exactly 0."
             + causal_note, "sⱼ = −∞ for hidden j", {"s (masked)": s_masked}),
        Step("Softmax: subtract the largest visible score (nothing overflows), exponentiate, normalise.",
             "aⱼ = e^{sⱼ − max s} / Σₗ e^{sₗ − max s}", {"a": a}),
        Step("The output is the weights' average of the value rows.", "o = Σⱼ aⱼ vⱼ", {"o": o}),
    ]
    return Solution(question=f"Attention of query q = {q.tolist()} over {n} keys (d = {d})", steps=steps, answer=o)
