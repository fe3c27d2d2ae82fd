"""Worked solution: one block Gibbs step of a restricted Boltzmann machine.

    1. P(h_j = 1 | v) = σ(Σ_i W_ji v_i + b_h,j)      (every hidden unit at once)
    2. h_j = 1 if u_j < P(h_j = 1 | v), u_j ~ U(0, 1)  (a sample)
    3. P(v_i = 1 | h) = σ(Σ_j W_ji h_j + b_v,i)      (every visible unit at once)

The layers are conditionally independent because an RBM has no connections inside a layer.
The default machine has 4 visible and 3 hidden units; pass W (H, D), b_h and b_v (or a fitted
:class:`lucidml.generative.BernoulliRBM` as ``model=``) for another.
Reference: Hinton (2010), "A practical guide to training restricted Boltzmann machines", §3.

>>> s = rbm_gibbs_step([1, 0, 1, 0], random_state=0)
>>> s.answer["p_h"].shape, set(s.answer["h"].tolist()) <= {0.0, 1.0}
((3,), True)
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step
from lucidml.utils.validation import as_float_array

__all__ = ["rbm_gibbs_step"]

_W = np.array([[2.0, -1.0, 1.0, -2.0], [-1.5, 2.0, -0.5, 1.0], [0.5, 0.5, -1.0, 1.5]])
_B_H = np.array([-0.5, 0.0, -1.0])
_B_V = np.array([0.1, -0.2, 0.0, -0.1])


def rbm_gibbs_step(v, W=None, b_h=None, b_v=None, model=None, random_state=0) -> Solution:
    """Explain one Gibbs step v → h → P(v | h) of a binary RBM."""
    owner = "explain.rbm_gibbs_step"
    v = as_float_array(v, name="v", owner=owner, ndim=1)
    if v.min() < 0 or v.max() > 1:
        raise ValueError(f"{owner}: v must lie in [0, 1] (binary units), got values from {v.min():g} to "
                         f"{v.max():g}; scale it first.")
    default = W is None and model is None                                   # the documented 4 × 3 machine
    if model is not None:
        W, b_h, b_v = model.components_, model.intercept_hidden_, model.intercept_visible_
    W = _W if default else as_float_array(W, name="W", owner=owner, ndim=2)
    H, D = W.shape
    b_h = (_B_H if default else np.zeros(H)) if b_h is None else as_float_array(b_h, name="b_h", owner=owner, ndim=1)
    b_v = (_B_V if default else np.zeros(D)) if b_v is None else as_float_array(b_v, name="b_v", owner=owner, ndim=1)
    if v.size != D or b_h.size != H or b_v.size != D:
        raise ValueError(f"{owner}: W has shape {W.shape} (hidden, visible), so v and b_v need {D} values and b_h "
                         f"{H}; got v {v.size}, b_v {b_v.size}, b_h {b_h.size}.")
    net_h = W @ v + b_h
    p_h = 1.0 / (1.0 + np.exp(-net_h))
    u = np.random.default_rng(random_state).random(H)
    h = (u < p_h).astype(float)
    net_v = W.T @ h + b_v
    p_v = 1.0 / (1.0 + np.exp(-net_v))
    steps = [
        Step("Hidden probabilities given the visible layer (all hidden units at once).",
             "P(hⱼ = 1 | v) = σ(Σᵢ Wⱼᵢ vᵢ + b_h,ⱼ)", {"v": v, "W v + b_h": net_h, "P(h = 1 | v)": p_h}),
        Step("Sample the hidden layer: unit j switches on when a uniform draw falls below its probability.",
             "hⱼ = 1 if uⱼ < P(hⱼ = 1 | v) else 0", {"u": u, "h": h}),
        Step("Visible probabilities given the sampled hidden layer: the reconstruction the next step samples from.",
             "P(vᵢ = 1 | h) = σ(Σⱼ Wⱼᵢ hⱼ + b_v,ᵢ)", {"Wᵀ h + b_v": net_v, "P(v = 1 | h)": p_v}),
    ]
    return Solution(question=f"One Gibbs step of the RBM from v = {np.array2string(v, precision=3)}: P(h | v), a "
                             "sampled h, and P(v | h)?", steps=steps,
                    answer={"p_h": p_h, "h": h, "p_v": p_v},
                    answer_text=f"P(h | v) = {np.round(p_h, 4).tolist()}, h = {h.astype(int).tolist()}, "
                                f"P(v | h) = {np.round(p_v, 4).tolist()}")
