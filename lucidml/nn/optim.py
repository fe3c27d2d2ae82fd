"""Optimisers and learning-rate schedules, step for step as in PyTorch.

With gradient g = ∂L/∂θ (plus λθ when ``weight_decay`` = λ is an L2 penalty) and step t:

    SGD       v ← μ v + g (v = g at t = 1);  θ ← θ − η (g + μ v if nesterov else v)
    Adam      m ← β₁ m + (1 − β₁) g;  s ← β₂ s + (1 − β₂) g²;
              m̂ = m / (1 − β₁ᵗ);  ŝ = s / (1 − β₂ᵗ);  θ ← θ − η m̂ / (√ŝ + ε)
    AdamW     θ ← θ (1 − η λ) first (decoupled weight decay), then Adam without the L2 term
    RMSprop   s ← α s + (1 − α) g²;  θ ← θ − η g / (√s + ε)   (with momentum: b ← μ b + g/(√s + ε), θ ← θ − η b)

Schedules change η between epochs: StepLR multiplies by γ every ``step_size`` epochs;
CosineAnnealingLR follows η_t = η_min + (η₀ − η_min)(1 + cos(π t / T)) / 2.
References: Kingma & Ba (2015) for Adam; Loshchilov & Hutter (2019) for AdamW and
cosine annealing; Sutskever et al. (2013) for Nesterov momentum.

>>> from lucidml.nn.modules import Parameter
>>> w = Parameter(np.array([1.0]))
>>> opt = SGD([w], lr=0.1)
>>> w.grad = np.array([2.0]); opt.step(); w.data.tolist()      # 1 − 0.1 · 2
[0.8]
"""
from __future__ import annotations

import math
from abc import ABC, abstractmethod

import numpy as np

from lucidml.utils.validation import check_real

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "StepLR", "CosineAnnealingLR", "OPTIMIZERS"]


class Optimizer(ABC):
    """Holds parameter groups, each with its own hyperparameters, and each parameter's state.

    ``params`` is an iterable of parameters, or of dicts ``{"params": [...], "lr": ...,
    "weight_decay": ...}`` (PyTorch's parameter groups; a key a group leaves out takes
    the optimiser's default). The usual use: no weight decay on biases and norms, as
    nanoGPT does::

        AdamW([{"params": weights, "weight_decay": 0.1}, {"params": biases_and_norms, "weight_decay": 0.0}])
    """

    def __init__(self, params, defaults: dict):
        owner = type(self).__name__
        check_real(defaults["lr"], name="lr", owner=owner, minimum=0.0)
        self.defaults = dict(defaults)
        groups = list(params)
        if not groups:
            raise ValueError(f"{owner}: got no parameters to optimise.")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        self.param_groups: list[dict] = []
        seen: set[int] = set()
        for i, group in enumerate(groups):
            if not isinstance(group, dict) or "params" not in group:
                raise TypeError(f"{owner}: parameter group {i} must be a dict with a 'params' list "
                                "(or pass a plain list of parameters).")
            unknown = sorted(set(group) - set(defaults) - {"params"})
            if unknown:
                raise ValueError(f"{owner}: parameter group {i} has unknown options {unknown}; "
                                 f"{owner} takes {sorted(defaults)}.")
            members = list(group["params"])
            if any(id(p) in seen for p in members):
                raise ValueError(f"{owner}: a parameter appears in more than one parameter group (group {i}).")
            seen.update(id(p) for p in members)
            full = {**self.defaults, **group, "params": members}
            check_real(full["lr"], name="lr", owner=owner, minimum=0.0)
            self.param_groups.append(full)
        self.params = [p for g in self.param_groups for p in g["params"]]
        if not self.params:
            raise ValueError(f"{owner}: got no parameters to optimise.")
        self.t = 0                                           # steps taken
        self.state: list[dict[str, np.ndarray]] = [{} for _ in self.params]

    @property
    def lr(self) -> float:
        """The learning rate of the first group (setting it sets every group's)."""
        return self.param_groups[0]["lr"]

    @lr.setter
    def lr(self, value: float) -> None:
        for group in self.param_groups:
            group["lr"] = value

    def __getattr__(self, name):
        # hyperparameters read as attributes (opt.momentum, opt.betas) come from the first group
        groups = self.__dict__.get("param_groups")
        if groups and name in groups[0] and name != "params":
            return groups[0][name]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        """One update of every parameter that has a gradient, with its group's hyperparameters."""
        self.t += 1
        i = 0
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[i]
                i += 1
                if p.grad is not None:
                    state["step"] = state.get("step", 0) + 1
                    p.data = self._update(p.data, p.grad, state, group).astype(p.dtype, copy=False)

    @abstractmethod
    def _update(self, theta, g, state, group):
        """The new θ from the old θ, its gradient g, its state (updated in place) and its group's settings."""

    # -- checkpoints ------------------------------------------------------------------------------
    def state_dict(self) -> dict[str, np.ndarray]:
        """Step count, each group's learning rate and every state array, flat by name (for :mod:`lucidml.io`)."""
        out = {"t": np.array(self.t), "lr": np.array(self.lr),
               "group_lr": np.array([g["lr"] for g in self.param_groups], dtype=float)}
        for i, state in enumerate(self.state):
            out.update({f"{i}.{k}": np.array(v, copy=True) for k, v in state.items()})
        return out

    def load_state_dict(self, state: dict) -> "Optimizer":
        self.t = int(state["t"])
        lrs = np.atleast_1d(state.get("group_lr", state["lr"]))
        for group, lr in zip(self.param_groups, np.broadcast_to(lrs, (len(self.param_groups),))):
            group["lr"] = float(lr)
        self.state = [{} for _ in self.params]
        for key, value in state.items():
            if "." in key:
                i, name = key.split(".", 1)
                value = np.array(value, copy=True)
                self.state[int(i)][name] = int(value) if name == "step" else value
        return self


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum μ and L2 weight decay λ."""

    def __init__(self, params, lr: float = 0.01, momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0):
        if nesterov and momentum <= 0:
            raise ValueError("SGD: nesterov=True needs momentum > 0.")
        super().__init__(params, {"lr": lr, "momentum": momentum, "nesterov": nesterov, "weight_decay": weight_decay})

    def _update(self, theta, g, state, group):
        mu, lam = group["momentum"], group["weight_decay"]
        if lam:
            g = g + lam * theta                                      # ∇(L + λ/2 ‖θ‖²)
        if mu:
            v = state["velocity"] = g.copy() if "velocity" not in state else mu * state["velocity"] + g
            g = g + mu * v if group["nesterov"] else v
        return theta - group["lr"] * g


class Adam(Optimizer):
    """Adam: a step along the bias-corrected mean gradient, scaled per weight by its RMS."""

    def __init__(self, params, lr: float = 0.001, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0):
        super().__init__(params, {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay})

    def _update(self, theta, g, state, group):
        if group["weight_decay"]:
            g = g + group["weight_decay"] * theta                    # L2 penalty in the gradient
        return self._adam_step(theta, g, state, group)

    def _adam_step(self, theta, g, state, group):
        (b1, b2), t, lr = group["betas"], state["step"], group["lr"]
        if "m" not in state:
            state["m"], state["s"] = np.zeros_like(g), np.zeros_like(g)
        m, s = state["m"], state["s"]
        m *= b1
        m += (1 - b1) * g                                            # m ← β₁ m + (1 − β₁) g
        s *= b2
        s += (1 - b2) * (g * g)                                      # s ← β₂ s + (1 − β₂) g²
        # θ ← θ − η m̂ / (√ŝ + ε) with the bias corrections m̂ = m / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ)
        # (m and s start at 0), computed in place on one scratch array: √ŝ = √s / √(1 − β₂ᵗ).
        step = np.sqrt(s)
        step /= math.sqrt(1 - b2 ** t)
        step += group["eps"]                                         # √ŝ + ε
        np.divide(m, step, out=step)
        step *= lr / (1 - b1 ** t)                                   # η m̂ / (√ŝ + ε)
        if theta.flags.writeable and theta.dtype == step.dtype:
            theta -= step                                            # in place: θ is this optimiser's own copy
            return theta
        return theta - step


class AdamW(Adam):
    """Adam with decoupled weight decay: θ shrinks by ηλ before the Adam step."""

    def __init__(self, params, lr: float = 0.001, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.01):
        super().__init__(params, lr, betas, eps, weight_decay)

    def _update(self, theta, g, state, group):
        theta = theta * (1 - group["lr"] * group["weight_decay"])
        return self._adam_step(theta, g, state, group)


class RMSprop(Optimizer):
    """RMSprop: divide the gradient by a running root-mean-square of recent gradients."""

    def __init__(self, params, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0.0,
                 momentum: float = 0.0, centered: bool = False):
        super().__init__(params, {"lr": lr, "alpha": alpha, "eps": eps, "weight_decay": weight_decay,
                                  "momentum": momentum, "centered": centered})

    def _update(self, theta, g, state, group):
        if group["weight_decay"]:
            g = g + group["weight_decay"] * theta
        a, eps = group["alpha"], group["eps"]
        s = state["s"] = a * state.get("s", 0.0) + (1 - a) * g * g               # running E[g²]
        if group["centered"]:                                                    # Var[g] = E[g²] − E[g]²
            mean = state["g_mean"] = a * state.get("g_mean", 0.0) + (1 - a) * g
            rms = np.sqrt(s - mean * mean) + eps
        else:
            rms = np.sqrt(s) + eps
        if group["momentum"]:
            b = state["buffer"] = group["momentum"] * state.get("buffer", 0.0) + g / rms
            return theta - group["lr"] * b
        return theta - group["lr"] * g / rms


OPTIMIZERS = {"sgd": SGD, "adam": Adam, "adamw": AdamW, "rmsprop": RMSprop}


# -- learning-rate schedules -----------------------------------------------------------------------
class _Schedule(ABC):
    """Sets every parameter group's rate from its own starting rate η₀ (as PyTorch's schedulers)."""

    def __init__(self, optimizer: Optimizer):
        self.optimizer = optimizer
        self.base_lrs = [g["lr"] for g in optimizer.param_groups]
        self.base_lr = self.base_lrs[0]
        self.epoch = 0

    def step(self) -> None:
        """Call once per epoch, after the optimiser's steps."""
        self.epoch += 1
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            group["lr"] = self.lr_at(self.epoch, base)

    @abstractmethod
    def lr_at(self, epoch: int, base_lr: float | None = None) -> float:
        """The learning rate for epoch ``epoch`` (0 = the start) of a group that started at ``base_lr``."""


class StepLR(_Schedule):
    """η_t = η₀ γ^⌊t / step_size⌋."""

    def __init__(self, optimizer, step_size: int, gamma: float = 0.1):
        super().__init__(optimizer)
        self.step_size, self.gamma = step_size, gamma

    def lr_at(self, epoch, base_lr=None):
        base = self.base_lr if base_lr is None else base_lr
        return base * self.gamma ** (epoch // self.step_size)


class CosineAnnealingLR(_Schedule):
    """η_t = η_min + (η₀ − η_min)(1 + cos(π t / T_max)) / 2: a smooth decay to η_min at T_max."""

    def __init__(self, optimizer, T_max: int, eta_min: float = 0.0):
        super().__init__(optimizer)
        self.T_max, self.eta_min = T_max, eta_min

    def lr_at(self, epoch, base_lr=None):
        base = self.base_lr if base_lr is None else base_lr
        return self.eta_min + (base - self.eta_min) * (1 + math.cos(math.pi * epoch / self.T_max)) / 2
