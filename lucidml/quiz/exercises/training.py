"""Exercises for §15, training neural networks: input standardisation, batch and layer
normalisation, the vanishing gradient through a stack of sigmoids, and early stopping.
Answers from :class:`lucidml.preprocessing.StandardScaler`, :class:`lucidml.nn.BatchNorm1d`,
:class:`lucidml.nn.LayerNorm`, :mod:`lucidml.nn` autograd and :class:`lucidml.nn.EarlyStopping`."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


@register("standardize", topic="training", section=15, title="Input normalisation: the standard scaler")
def standardize(draw: Draw) -> Spec:
    from lucidml.preprocessing import StandardScaler

    n = draw.by_level(4, 5, 6)
    while True:
        x = draw.by_level(lambda: draw.integers(0, 10, n), lambda: draw.integers(-10, 30, n),
                          lambda: draw.decimals(-5, 5, n, 1))()
        if len(np.unique(x)) > 1:
            break
    scaler = StandardScaler().fit(np.asarray(x, float)[:, None])
    z = scaler.transform(np.asarray(x, float)[:, None])[:, 0]
    mu, sigma = float(scaler.mean_[0]), float(scaler.scale_[0])
    xf = np.asarray(x, float)
    s_sample = float(np.sqrt(((xf - mu) ** 2).sum() / (n - 1)))
    steps = [Step("The feature's mean.", "μ = (1/N) Σ_i x_i", {"μ": mu}),
             Step("Its standard deviation, with the population variance (divide by N).",
                  "σ = √((1/N) Σ_i (x_i − μ)²)", {"σ²": sigma**2, "σ": sigma}),
             Step("Shift and scale every value.", "z_i = (x_i − μ) / σ", {"x − μ": xf - mu, "z": z})]
    sol = Solution("", steps, z)
    mistakes = [Mistake("population-vs-sample", "population vs sample variance: the standard scaler divides by "
                        "the population standard deviation (÷N inside the root), not the sample one (÷(N − 1)).",
                        (xf - mu) / s_sample),
                Mistake("not-centred", "subtract the mean first: z = (x − μ) / σ.", xf / sigma),
                Mistake("divided-by-variance", "divide by the standard deviation σ, not the variance σ².",
                        (xf - mu) / sigma**2),
                Mistake("min-max", "that is min-max scaling to [0, 1]; the standard scaler gives mean 0 and "
                        "variance 1.", (xf - xf.min()) / (xf.max() - xf.min()))]
    return Spec(question="A standard scaler is fitted to one input feature with the values x. What does it turn "
                         "them into?", given={"x": x}, answer=z, kind="vector", decimals=3, solution=sol,
                mistakes=mistakes)


def _batch(draw: Draw, features=((3, 2), (4, 2), (4, 3))):
    B, C = draw.by_level(*features)
    while True:
        X = draw.by_level(lambda: draw.integers(0, 6, (B, C)), lambda: draw.integers(-5, 8, (B, C)),
                          lambda: draw.decimals(-2, 2, (B, C), 1))()
        if np.all(np.ptp(X, axis=0) > 0) and np.all(np.ptp(X, axis=1) > 0):
            break
    gamma = draw.by_level(lambda: np.ones(C), lambda: draw.decimals(0.5, 2, C, 1),
                          lambda: draw.decimals(0.5, 2, C, 1))()
    beta = draw.by_level(lambda: np.zeros(C), lambda: draw.decimals(-1, 1, C, 1), lambda: draw.decimals(-1, 1, C, 1))()
    return X, gamma, beta


def _norm(X, gamma, beta, axis, ddof=0, eps=1e-5):
    X = np.asarray(X, float)
    mu = X.mean(axis=axis, keepdims=True)
    var = X.var(axis=axis, keepdims=True, ddof=ddof)
    return (X - mu) / np.sqrt(var + eps) * gamma + beta


def _run(layer, X, gamma, beta):
    from lucidml.nn import Tensor

    layer.weight.data[...] = gamma
    layer.bias.data[...] = beta
    return layer(Tensor(np.asarray(X, float), dtype=np.float64)).numpy()


@register("batchnorm", topic="training", section=15, title="Batch normalisation")
def batchnorm(draw: Draw) -> Spec:
    from lucidml.nn import BatchNorm1d

    X, gamma, beta = _batch(draw)
    layer = BatchNorm1d(X.shape[1], dtype="float64")
    layer.train()
    Y = _run(layer, X, gamma, beta)
    Xf = np.asarray(X, float)
    mu, var = Xf.mean(axis=0), Xf.var(axis=0)
    steps = [Step("Batch statistics, one per feature (column), over the batch (rows).",
                  "μ_B = (1/B) Σ_b x_b,  σ²_B = (1/B) Σ_b (x_b − μ_B)²  (the biased variance)", {"μ_B": mu, "σ²_B": var}),
             Step("Normalise each column; ε = 10⁻⁵ keeps the division safe.", "x̂ = (x − μ_B) / √(σ²_B + ε)",
                  {"x̂": (Xf - mu) / np.sqrt(var + 1e-5)}),
             Step("Scale and shift by the learned γ and β (lucidml's BatchNorm1d in training mode).",
                  "y = γ x̂ + β", {"γ": gamma, "β": beta, "y": Y})]
    sol = Solution("", steps, Y)
    mistakes = [Mistake("population-vs-sample", "population vs sample variance: batch normalisation divides by the "
                        "biased batch variance (÷B), not the unbiased one (÷(B − 1)).", _norm(X, gamma, beta, 0, ddof=1)),
                Mistake("layer-norm", "you normalised each sample (row) across its features: that is layer "
                        "normalisation. Batch normalisation normalises each feature (column) across the batch.",
                        _norm(X, gamma, beta, 1)),
                Mistake("no-affine", "you left out the learned scale γ and shift β.", _norm(X, 1.0, 0.0, 0))]
    return Spec(question="A batch normalisation layer (training mode, ε = 10⁻⁵) with scale γ and shift β receives "
                         "the batch X (one sample per row, one feature per column). What does it output?",
                given={"X": X, "γ": gamma, "β": beta}, answer=Y, kind="matrix", decimals=3, solution=sol,
                mistakes=mistakes)


@register("layernorm", topic="training", section=15, title="Layer normalisation")
def layernorm(draw: Draw) -> Spec:
    from lucidml.nn import LayerNorm

    X, gamma, beta = _batch(draw, ((2, 3), (3, 3), (3, 4)))     # C >= 3: two features always normalise to ±1
    layer = LayerNorm(X.shape[1], dtype="float64")
    Y = _run(layer, X, gamma, beta)
    Xf = np.asarray(X, float)
    mu, var = Xf.mean(axis=1), Xf.var(axis=1)
    steps = [Step("Statistics per sample (row), over its features: independent of the batch.",
                  "μ = (1/C) Σ_c x_c,  σ² = (1/C) Σ_c (x_c − μ)²", {"μ (per row)": mu, "σ² (per row)": var}),
             Step("Normalise each row.", "x̂ = (x − μ) / √(σ² + ε)",
                  {"x̂": (Xf - mu[:, None]) / np.sqrt(var[:, None] + 1e-5)}),
             Step("Scale and shift per feature (lucidml's LayerNorm).", "y = γ x̂ + β", {"γ": gamma, "β": beta, "y": Y})]
    sol = Solution("", steps, Y)
    mistakes = [Mistake("batch-norm", "you normalised each feature (column) across the batch: that is batch "
                        "normalisation. Layer normalisation normalises each sample (row) across its features.",
                        _norm(X, gamma, beta, 0)),
                Mistake("population-vs-sample", "population vs sample variance: layer normalisation divides by the "
                        "biased variance (÷C), not ÷(C − 1).", _norm(X, gamma, beta, 1, ddof=1)),
                Mistake("no-affine", "you left out the learned scale γ and shift β.", _norm(X, 1.0, 0.0, 1))]
    return Spec(question="A layer normalisation layer (ε = 10⁻⁵) with scale γ and shift β receives the batch X "
                         "(one sample per row, one feature per column). What does it output?",
                given={"X": X, "γ": gamma, "β": beta}, answer=Y, kind="matrix", decimals=3, solution=sol,
                mistakes=mistakes)


@register("vanishing-gradient", topic="training", section=15, title="Vanishing gradients through sigmoids")
def vanishing_gradient(draw: Draw) -> Spec:
    from lucidml.nn import Tensor
    from lucidml.nn import functional as F

    L = draw.by_level(draw.integer(3, 5), draw.integer(5, 10), draw.integer(10, 20))
    w = draw.by_level(draw.choice([0.5, 1.0, 2.0]), draw.decimals(0.5, 3, places=1), draw.decimals(0.5, 4, places=1))
    x0 = draw.decimals(-1, 1, places=1)
    x = Tensor(np.array(float(x0)), requires_grad=True, dtype=np.float64)
    a, outs = x, []
    for _ in range(L):
        a = F.sigmoid(a * w)                                 # a_l = σ(w a_{l−1})
        outs.append(a)
    a.backward()
    answer = float(x.grad)
    acts = np.array([float(o.item()) for o in outs])
    local = acts * (1 - acts)                                # σ′(net_l) = a_l (1 − a_l)
    steps = [Step(f"Forward through the {L} units.", "a_l = σ(w a_{l−1}),  a_0 = x", {"a_l": acts}),
             Step("Each unit contributes its local derivative.", "∂a_l/∂a_{l−1} = w σ′(net_l) = w a_l (1 − a_l)",
                  {"σ′(net_l)": local, "w σ′(net_l)": w * local}),
             Step("The chain rule multiplies them (the autograd engine's backward() gives the same number). Since "
                  "σ′ <= 1/4, the product shrinks like (w/4)^L whenever w < 4.",
                  "∂a_L/∂x = Π_l w σ′(net_l)", {"∂a_L/∂x": answer, "bound (w/4)^L": (w / 4) ** L})]
    sol = Solution("", steps, answer)
    mistakes = [Mistake("no-weights", "you multiplied only the σ′ factors; each layer also multiplies by its weight w.",
                        float(np.prod(local))),
                Mistake("bound-only", "that is the upper bound (w/4)^L with σ′ at its maximum 1/4; use σ′ at each "
                        "unit's actual net input.", (w / 4) ** L),
                Mistake("sum-not-product", "the chain rule multiplies the local derivatives; you added them.",
                        float(np.sum(w * local)))]
    return Spec(question=f"A chain of L = {L} sigmoid units, each with the weight w = {format_value(w)} and no bias, "
                         f"computes a_l = σ(w a_{{l−1}}) from a_0 = x = {format_value(x0)}. What is the gradient "
                         "∂a_L/∂x that reaches the input?",
                given={"L": L, "w": w, "x": x0}, answer=answer, kind="number", sig=3, solution=sol,
                mistakes=mistakes)


@register("early-stopping", topic="training", section=15, title="Early stopping")
def early_stopping(draw: Draw) -> Spec:
    from lucidml.nn import EarlyStopping

    E = draw.by_level(8, 10, 14)
    patience = draw.by_level(2, draw.integer(2, 3), draw.integer(2, 4))
    while True:
        drops = draw.decimals(-0.3, 0.15, E, 2)
        losses = np.round(np.maximum(1.2 + np.cumsum(drops), 0.05), 2)
        stopper = EarlyStopping(patience=patience, restore_best_weights=False)
        stop = next((e for e, v in enumerate(losses, 1) if stopper.update(float(v), e, None)), None)
        if stop is not None and stop < E and stopper.best_epoch > 1:
            break
    best = stopper.best_epoch
    answer = np.array([stop, best])
    steps = [Step(f"Track the best validation loss; every epoch without an improvement adds 1 to a counter, "
                  f"and training stops when the counter reaches the patience {patience}.",
                  "improved ⇔ loss_e < best;  stop when wait = patience", {"validation loss": losses})]
    wait, best_value = 0, np.inf
    rows = []
    for e, v in enumerate(losses, 1):
        if v < best_value:
            best_value, wait = v, 0
        else:
            wait += 1
        rows.append([e, v, best_value, wait])
        if e == stop:
            break
    steps.append(Step("Epoch by epoch (columns: epoch, loss, best so far, wait):", None,
                      {"table": np.array(rows)}))
    steps.append(Step(f"lucidml's EarlyStopping stops after epoch {stop}; the best weights are those of epoch {best}.",
                      None, {"stop epoch": stop, "best epoch": best}))
    sol = Solution("", steps, answer)
    mistakes = [Mistake("patience-off-by-one", f"off by one: training stops once {patience} epochs in a row brought "
                        "no improvement, at the epoch that makes the count reach the patience.", [stop + 1, best]),
                Mistake("patience-off-by-one", f"off by one: it takes {patience} epochs without improvement "
                        "(counted after the best epoch) to stop.", [stop - 1, best]),
                Mistake("restore-last", "early stopping restores the weights of the best epoch, not the last one.",
                        [stop, stop]),
                Mistake("first-increase", "training does not stop at the first epoch that got worse; it waits "
                        f"{patience} epochs for an improvement.", [_first_increase(losses), best])]
    return Spec(question=f"Training with early stopping (patience {patience}, no minimum improvement) records the "
                         f"validation losses below, epochs numbered from 1. After which epoch does training stop, and "
                         "which epoch's weights are restored? Give (stop epoch, best epoch).",
                given={"validation loss": losses, "patience": patience}, answer=answer, kind="vector",
                solution=sol, mistakes=mistakes)


def _first_increase(losses) -> int:
    up = np.flatnonzero(np.diff(losses) >= 0)
    return int(up[0] + 2) if up.size else len(losses)
