"""Exercises for §13, transformers: the scaled dot-product attention weights of one query,
softmax(q Kᵀ / √d_k), and the attention output, the weighted sum of the values (Vaswani et
al. 2017, §3.2.1). Computed with :mod:`lucidml.nn` tensors and ``functional.softmax`` on a
tiny q, K, V; once ``F.scaled_dot_product_attention`` lands these should call it."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


def _problem(draw: Draw, with_values: bool):
    T, d = draw.by_level((3, 2), (3, 4), (4, 4))
    places = draw.by_level(0, 1, 1)
    while True:
        q = draw.integers(-2, 2, d) if places == 0 else draw.decimals(-1.5, 1.5, d, places)
        K = draw.integers(-2, 2, (T, d)) if places == 0 else draw.decimals(-1.5, 1.5, (T, d), places)
        scores = np.asarray(K, float) @ np.asarray(q, float)
        if np.ptp(scores) > 0.5:                             # some keys matter more than others
            break
    V = draw.integers(-3, 5, (T, 2)) if with_values else None
    return q, K, V, T, d


def _attention(q, K, V=None):
    from lucidml.nn import Tensor
    from lucidml.nn import functional as F

    d = len(q)
    qt, Kt = Tensor(np.asarray(q, float), dtype=np.float64), Tensor(np.asarray(K, float), dtype=np.float64)
    s = Kt @ qt                                              # (T,)  q·k_t
    z = s / np.sqrt(d)                                       # scaled scores
    a = F.softmax(z, axis=-1)                                # (T,)  attention weights
    out = None if V is None else (a @ Tensor(np.asarray(V, float), dtype=np.float64)).numpy()   # (d_v,)
    return s.numpy(), z.numpy(), a.numpy(), out


def _steps(q, K, s, z, a):
    d = len(q)
    return [Step("Score every key against the query: their dot products.", "s_t = q · k_t",
                 {"s": s}),
            Step(f"Scale by √d_k = √{d} = {format_value(np.sqrt(d))}, so the scores do not grow with the dimension.",
                 "z_t = s_t / √d_k", {"z": z}),
            Step("Softmax: exponentiate and normalise, so the weights are positive and sum to 1.",
                 "a_t = e^(z_t) / Σ_u e^(z_u)", {"e^z": np.exp(z), "a": a})]


def _softmax(v):
    e = np.exp(v - np.max(v))
    return e / e.sum()


@register("attention-weights", topic="attention", section=13, title="Attention weights of one query")
def attention_weights(draw: Draw) -> Spec:
    q, K, _, T, d = _problem(draw, with_values=False)
    s, z, a, _ = _attention(q, K)
    sol = Solution("", _steps(q, K, s, z, a), a)
    mistakes = [Mistake("no-scaling", f"you left out the scaling: divide the scores by √d_k = √{d} before the softmax.",
                        _softmax(s)),
                Mistake("scaled-by-d", f"divide by √d_k, not by d_k = {d}.", _softmax(s / d)),
                Mistake("no-softmax", "those are the scaled scores; the weights are their softmax (positive, sum 1).", z),
                Mistake("normalised-scores", "you divided the scores by their sum; the weights are the softmax "
                        "e^(z_t) / Σ e^(z_u).", z / z.sum() if abs(z.sum()) > 1e-9 else np.full(T, np.nan))]
    return Spec(question=f"In scaled dot-product attention, the query q attends to the {T} keys (rows of K, "
                         f"d_k = {d}). What are its attention weights softmax(q Kᵀ / √d_k)?",
                given={"q": q, "K": K}, answer=a, kind="vector", decimals=3, solution=sol, mistakes=mistakes)


@register("attention-output", topic="attention", section=13, title="Attention output of one query")
def attention_output(draw: Draw) -> Spec:
    q, K, V, T, d = _problem(draw, with_values=True)
    s, z, a, out = _attention(q, K, V)
    Vf = np.asarray(V, float)
    steps = _steps(q, K, s, z, a) + [Step("Mix the values with the weights.", "output = Σ_t a_t v_t = a V",
                                          {"a": a, "output": out})]
    sol = Solution("", steps, out)
    mistakes = [Mistake("no-scaling", f"you left out the scaling by √d_k = √{d} before the softmax.",
                        _softmax(s) @ Vf),
                Mistake("uniform-weights", "that is the plain mean of the values; weight them by the attention "
                        "weights softmax(q Kᵀ / √d_k).", Vf.mean(axis=0)),
                Mistake("no-softmax", "you weighted the values by the raw scaled scores; take their softmax first.",
                        z @ Vf)]
    return Spec(question=f"In scaled dot-product attention, the query q attends to the {T} keys (rows of K, "
                         f"d_k = {d}), each with a value (rows of V). What is the attention output "
                         "softmax(q Kᵀ / √d_k) V?",
                given={"q": q, "K": K, "V": V}, answer=out, kind="vector", decimals=3, solution=sol,
                mistakes=mistakes)
