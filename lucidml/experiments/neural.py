"""Neural-network experiments of the course (SYLLABUS §11, §15), all computed with :mod:`lucidml.nn`.

1. ``activations()``: every activation f and its derivative f′, the derivative taken by
   the autograd engine itself (``backward()`` on Σ f(x)), so the figure shows what training uses.
2. ``vanishing_gradients(depth=20)``: the gradient norm ‖∂L/∂W_l‖ of every layer of a deep
   stack at initialisation. Back-propagation multiplies one factor f′(net) Wᵀ per layer; with
   sigmoid (f′ ≤ 1/4) the product shrinks geometrically towards the input (vanishing), with a
   large initial scale it grows geometrically (exploding). Batch and layer normalisation
   keep every layer's input at unit scale and so keep the gradients alive.
3. ``regularisation()``: an over-parameterised MLP on 20 noisy points of sin(2πx) (Bishop's
   data) trained with nothing, an L2 penalty, dropout, and early stopping; the train and
   validation loss curves show overfitting and how each tool holds it back.

References: Glorot & Bengio (2010), "Understanding the difficulty of training deep
feedforward neural networks"; Goodfellow, Bengio & Courville, *Deep Learning*, §7–8.

>>> r = vanishing_gradients(depth=6, activations=("sigmoid",), norms=(None,), exploding_scale=None)
>>> bool(r.grad_norms[0][0] < r.grad_norms[0][-1])    # layer 1 gets less gradient than layer 6
True
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn.modules import ACTIVATION_MODULES, BatchNorm1d, Dropout, LayerNorm, Linear, Sequential
from lucidml.nn.optim import Adam
from lucidml.nn.tensor import Tensor
from lucidml.nn.training import EarlyStopping, Trainer
from lucidml.utils.validation import check_int, check_real

__all__ = ["activations", "vanishing_gradients", "regularisation", "ActivationsResult", "VanishingResult",
           "RegularisationResult"]

_PLOTTED = ("identity", "binary_step", "sigmoid", "tanh", "smht", "relu", "leaky_relu", "elu", "gelu", "softplus")


# -- 1. activations ------------------------------------------------------------------------------------
@dataclass
class ActivationsResult:
    x: np.ndarray
    values: dict[str, np.ndarray]         # f(x) per activation
    derivatives: dict[str, np.ndarray]    # f′(x) per activation, from backward()

    def table(self, points=(-2.0, 0.0, 2.0)) -> str:
        idx = [int(np.argmin(np.abs(self.x - p))) for p in points]
        head = "".join(f"{'f(' + format(p, 'g') + ')':>10}{'f′(' + format(p, 'g') + ')':>10}" for p in points)
        lines = [f"{'activation':<12}{head}"]
        for name in self.values:
            row = "".join(f"{self.values[name][i]:>10.4f}{self.derivatives[name][i]:>10.4f}" for i in idx)
            lines.append(f"{name:<12}{row}")
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        names = list(self.values)
        cols = 5
        rows = int(np.ceil(len(names) / cols))
        fig, axes = plt.subplots(rows, cols, figsize=(13, 2.6 * rows), sharex=True)
        for ax, name in zip(axes.ravel(), names):
            ax.plot(self.x, self.values[name], label="f(x)")
            ax.plot(self.x, self.derivatives[name], "--", label="f′(x)")
            ax.axhline(0, color="grey", lw=0.5)
            ax.set_title(name, fontsize=10)
        for ax in axes.ravel()[len(names):]:
            ax.axis("off")
        axes.ravel()[0].legend(fontsize=8)
        fig.tight_layout()
        return fig


def activations(x_min: float = -4.0, x_max: float = 4.0, n_points: int = 401) -> ActivationsResult:
    """Every activation and its derivative on a grid; f′ comes from the autograd engine."""
    n = check_int(n_points, name="n_points", owner="activations", minimum=2)
    x = np.linspace(check_real(x_min, name="x_min", owner="activations"),
                    check_real(x_max, name="x_max", owner="activations"), n)
    values, derivatives = {}, {}
    for name in _PLOTTED:
        t = Tensor(x, requires_grad=True, dtype=np.float64)
        y = F.ACTIVATIONS[name](t)
        y.sum().backward()                      # ∂(Σ f(xᵢ))/∂xᵢ = f′(xᵢ)
        values[name], derivatives[name] = y.data, t.grad
    return ActivationsResult(x, values, derivatives)


# -- 2. vanishing and exploding gradients -----------------------------------------------------------------
@dataclass
class VanishingResult:
    depth: int
    labels: list[str]                    # one per configuration
    grad_norms: list[np.ndarray]         # ‖∂L/∂W_l‖_F for l = 1 … depth

    def table(self) -> str:
        mid = self.depth // 2
        lines = [f"Gradient norm ‖∂L/∂W_l‖ at initialisation, depth {self.depth}",
                 f"{'configuration':<32}{'layer 1':>11}{f'layer {mid}':>11}{f'layer {self.depth}':>11}"
                 f"{'1 / last':>11}"]
        for label, g in zip(self.labels, self.grad_norms):
            lines.append(f"{label:<32}{g[0]:>11.3g}{g[mid - 1]:>11.3g}{g[-1]:>11.3g}{g[0] / g[-1]:>11.3g}")
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(8, 4.2))
        layers = np.arange(1, self.depth + 1)
        for label, g in zip(self.labels, self.grad_norms):
            ax.plot(layers, g, "o-" if "exploding" in label else ".-", ms=3, label=label)
        ax.set_yscale("log")
        ax.set_xlabel("layer l (1 = next to the input)")
        ax.set_ylabel("‖∂L/∂W_l‖")
        ax.set_title(f"Gradients through {self.depth} layers at initialisation", fontsize=10)
        ax.legend(fontsize=7, ncol=2)
        fig.tight_layout()
        return fig


def vanishing_gradients(depth: int = 20, width: int = 64, n_samples: int = 256, *,
                        activations=("sigmoid", "tanh", "relu"), norms=(None, "batch", "layer"),
                        exploding_scale: float | None = 2.0, random_state=0) -> VanishingResult:
    """Gradient norm per layer for deep stacks Linear → [norm] → f, at initialisation.

    Every stack uses PyTorch's default initialisation U(−1/√n, 1/√n) (Var = 1/(3n)), so the
    forward signal shrinks by about 1/√3 per linear layer. The "exploding" rows instead
    draw W ~ N(0, (scale²·2)/n) (He initialisation times ``exploding_scale``) with ReLU: each
    layer multiplies the backward signal by about ``exploding_scale``. The loss is
    L = ½ mean ‖output − target‖² for random inputs and targets.
    """
    owner = "vanishing_gradients"
    L = check_int(depth, name="depth", owner=owner, minimum=2)
    H = check_int(width, name="width", owner=owner, minimum=1)
    N = check_int(n_samples, name="n_samples", owner=owner, minimum=2)
    rng = np.random.default_rng(random_state)
    X = rng.normal(size=(N, H))
    Y = rng.normal(size=(N, H))
    labels, norms_out = [], []
    configs = [(a, n, None) for a in activations for n in norms]
    if exploding_scale is not None:
        configs.append(("relu", None, check_real(exploding_scale, name="exploding_scale", owner=owner, minimum=0.0)))
    for act, norm, scale in configs:
        seed = int(rng.integers(2**31))
        layers = []
        for _ in range(L):
            lin = Linear(H, H, dtype="float64", random_state=seed + len(layers),
                         init="default" if scale is None else "kaiming_normal")
            if scale is not None:
                lin.weight.data = lin.weight.data * scale
            layers.append(lin)
            if norm == "batch":
                layers.append(BatchNorm1d(H, dtype="float64"))
            elif norm == "layer":
                layers.append(LayerNorm(H, dtype="float64"))
            layers.append(ACTIVATION_MODULES[act]())
        net = Sequential(*layers)
        loss = F.mse_loss(net(Tensor(X, dtype=np.float64)), Y) * 0.5
        loss.backward()
        linears = [m for m in net if isinstance(m, Linear)]
        norms_out.append(np.array([np.linalg.norm(m.weight.grad) for m in linears]))
        if scale is not None:
            labels.append(f"relu, ×{scale:g} He init (exploding)")
        else:
            labels.append(f"{act}" + ("" if norm is None else f" + {norm} norm"))
    return VanishingResult(L, labels, norms_out)


# -- 3. regularisation -----------------------------------------------------------------------------
@dataclass
class RegularisationResult:
    histories: dict[str, dict[str, list[float]]] = field(default_factory=dict)   # method -> history
    stopped_at: dict[str, int] = field(default_factory=dict)

    def table(self) -> str:
        lines = [f"{'method':<16}{'epochs':>8}{'train loss':>12}{'val loss':>12}{'best val':>12}"]
        for name, h in self.histories.items():
            lines.append(f"{name:<16}{len(h['loss']):>8}{h['loss'][-1]:>12.4f}{h['val_loss'][-1]:>12.4f}"
                         f"{min(h['val_loss']):>12.4f}")
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, len(self.histories), figsize=(3.3 * len(self.histories), 3.2), sharey=True)
        for ax, (name, h) in zip(np.atleast_1d(axes), self.histories.items()):
            ax.plot(h["loss"], label="train")
            ax.plot(h["val_loss"], label="validation")
            ax.set_yscale("log")
            ax.set_title(name, fontsize=10)
            ax.set_xlabel("epoch")
        np.atleast_1d(axes)[0].set_ylabel("½ mean squared error")
        np.atleast_1d(axes)[0].legend(fontsize=8)
        fig.tight_layout()
        return fig


def regularisation(n_train: int = 20, n_val: int = 200, hidden: int = 64, epochs: int = 600, *,
                   alpha: float = 3e-3, dropout: float = 0.2, patience: int = 100, noise: float = 0.3,
                   random_state=0) -> RegularisationResult:
    """Train a 1-hidden-hidden-1 tanh network on few noisy points four ways; record both losses.

    Data: x ~ U(0, 1), t = sin(2πx) + N(0, noise²). Every run starts from the same weights and
    uses Adam (η = 0.01) on full batches. L2 adds (α/2) Σ ‖W‖²; dropout drops hidden units with
    probability p; early stopping watches the validation loss and restores the best weights.
    The training loss of the L2 run includes its penalty; validation losses never do.
    """
    owner = "regularisation"
    n_train = check_int(n_train, name="n_train", owner=owner, minimum=2)
    n_val = check_int(n_val, name="n_val", owner=owner, minimum=1)
    hidden = check_int(hidden, name="hidden", owner=owner, minimum=1)
    epochs = check_int(epochs, name="epochs", owner=owner, minimum=1)
    rng = np.random.default_rng(random_state)
    x = rng.uniform(size=(n_train + n_val, 1))
    t = np.sin(2 * np.pi * x) + rng.normal(0, noise, size=x.shape)
    X, T, X_val, T_val = x[:n_train], t[:n_train], x[n_train:], t[n_train:]
    seed = int(rng.integers(2**31))
    result = RegularisationResult()
    for method in ("none", "L2", "dropout", "early stopping"):
        init_rng = np.random.default_rng(seed)
        layers = [Linear(1, hidden, dtype="float64", random_state=init_rng), ACTIVATION_MODULES["tanh"]()]
        if method == "dropout":
            layers.append(Dropout(dropout, random_state=seed))
        layers += [Linear(hidden, hidden, dtype="float64", random_state=init_rng), ACTIVATION_MODULES["tanh"]()]
        if method == "dropout":
            layers.append(Dropout(dropout, random_state=seed + 1))
        layers.append(Linear(hidden, 1, dtype="float64", random_state=init_rng))
        net = Sequential(*layers)
        weights = [m.weight for m in net if isinstance(m, Linear)]
        lam = alpha if method == "L2" else 0.0

        def loss(out, target, weights=weights, lam=lam):
            data = F.mse_loss(out, target) * 0.5
            return data + F.l2_penalty(weights) * lam if lam else data

        def val_loss(y_true, out):
            return 0.5 * float(np.mean((out - y_true) ** 2))

        stopper = EarlyStopping(patience, 0.0, True) if method == "early stopping" else None
        trainer = Trainer(net, loss, Adam(net.parameters(), lr=0.01), batch_size=n_train, max_epochs=epochs,
                          early_stopping=stopper, metrics={"mse": val_loss}, random_state=seed)
        h = trainer.fit(X, T, validation_data=(X_val, T_val))
        # validation loss without the penalty, so the four curves are comparable
        result.histories[method] = {"loss": h["loss"], "val_loss": h["val_mse"]}
        result.stopped_at[method] = trainer.epoch
    return result
