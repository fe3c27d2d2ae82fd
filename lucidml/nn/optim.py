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
    """Holds the parameters, the learning rate ``lr`` and each parameter's state (momenta)."""

    def __init__(self, params, lr: float):
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__}: got no parameters to optimise.")
        self.lr = check_real(lr, name="lr", owner=type(self).__name__, minimum=0.0)
        self.t = 0                                           # steps taken
        self.state: list[dict[str, np.ndarray]] = [{} for _ in self.params]

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        """One update of every parameter that has a gradient."""
        self.t += 1
        for p, state in zip(self.params, self.state):
            if p.grad is not None:
                p.data = self._update(p.data, p.grad, state).astype(p.dtype, copy=False)

    @abstractmethod
    def _update(self, theta, g, state):
        """The new θ from the old θ, its gradient g and its state (updated in place)."""

    # -- checkpoints ------------------------------------------------------------------------------
    def state_dict(self) -> dict[str, np.ndarray]:
        """Step count, learning rate and every momentum array, flat by name (for :mod:`lucidml.io`)."""
        out = {"t": np.array(self.t), "lr": np.array(self.lr)}
        for i, state in enumerate(self.state):
            out.update({f"{i}.{k}": v.copy() for k, v in state.items()})
        return out

    def load_state_dict(self, state: dict) -> "Optimizer":
        self.t, self.lr = int(state["t"]), float(state["lr"])
        self.state = [{} for _ in self.params]
        for key, value in state.items():
            if "." in key:
                i, name = key.split(".", 1)
                self.state[int(i)][name] = np.array(value, copy=True)
        return self


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum μ and L2 weight decay λ."""

    def __init__(self, params, lr: float = 0.01, momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0):
        super().__init__(params, lr)
        if nesterov and momentum <= 0:
            raise ValueError("SGD: nesterov=True needs momentum > 0.")
        self.momentum, self.nesterov, self.weight_decay = momentum, nesterov, weight_decay

    def _update(self, theta, g, state):
        if self.weight_decay:
            g = g + self.weight_decay * theta                        # ∇(L + λ/2 ‖θ‖²)
        if self.momentum:
            v = state["velocity"] = g.copy() if "velocity" not in state else self.momentum * state["velocity"] + g
            g = g + self.momentum * v if self.nesterov else v
        return theta - self.lr * g


class Adam(Optimizer):
    """Adam: a step along the bias-corrected mean gradient, scaled per weight by its RMS."""

    def __init__(self, params, lr: float = 0.001, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0):
        super().__init__(params, lr)
        self.betas, self.eps, self.weight_decay = tuple(betas), eps, weight_decay

    def _update(self, theta, g, state):
        if self.weight_decay:
            g = g + self.weight_decay * theta                        # L2 penalty in the gradient
        return self._adam_step(theta, g, state)

    def _adam_step(self, theta, g, state):
        b1, b2, t = self.betas[0], self.betas[1], self.t
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
        step += self.eps                                             # √ŝ + ε
        np.divide(m, step, out=step)
        step *= self.lr / (1 - b1 ** t)                              # η m̂ / (√ŝ + ε)
        return theta - step


class AdamW(Adam):
    """Adam with decoupled weight decay: θ shrinks by ηλ before the Adam step."""

    def __init__(self, params, lr: float = 0.001, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.01):
        super().__init__(params, lr, betas, eps, weight_decay)

    def _update(self, theta, g, state):
        theta = theta * (1 - self.lr * self.weight_decay)
        return self._adam_step(theta, g, state)


class RMSprop(Optimizer):
    """RMSprop: divide the gradient by a running root-mean-square of recent gradients."""

    def __init__(self, params, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0.0,
                 momentum: float = 0.0, centered: bool = False):
        super().__init__(params, lr)
        self.alpha, self.eps, self.weight_decay, self.momentum, self.centered = alpha, eps, weight_decay, momentum, centered

    def _update(self, theta, g, state):
        if self.weight_decay:
            g = g + self.weight_decay * theta
        a = self.alpha
        s = state["s"] = a * state.get("s", 0.0) + (1 - a) * g * g               # running E[g²]
        if self.centered:                                                        # Var[g] = E[g²] − E[g]²
            mean = state["g_mean"] = a * state.get("g_mean", 0.0) + (1 - a) * g
            rms = np.sqrt(s - mean * mean) + self.eps
        else:
            rms = np.sqrt(s) + self.eps
        if self.momentum:
            b = state["buffer"] = self.momentum * state.get("buffer", 0.0) + g / rms
            return theta - self.lr * b
        return theta - self.lr * g / rms


OPTIMIZERS = {"sgd": SGD, "adam": Adam, "adamw": AdamW, "rmsprop": RMSprop}


# -- learning-rate schedules -----------------------------------------------------------------------
class _Schedule(ABC):
    def __init__(self, optimizer: Optimizer):
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.epoch = 0

    def step(self) -> None:
        """Call once per epoch, after the optimiser's steps."""
        self.epoch += 1
        self.optimizer.lr = self.lr_at(self.epoch)

    @abstractmethod
    def lr_at(self, epoch: int) -> float:
        """The learning rate for epoch ``epoch`` (0 = the start)."""


class StepLR(_Schedule):
    """η_t = η₀ γ^⌊t / step_size⌋."""

    def __init__(self, optimizer, step_size: int, gamma: float = 0.1):
        super().__init__(optimizer)
        self.step_size, self.gamma = step_size, gamma

    def lr_at(self, epoch):
        return self.base_lr * self.gamma ** (epoch // self.step_size)


class CosineAnnealingLR(_Schedule):
    """η_t = η_min + (η₀ − η_min)(1 + cos(π t / T_max)) / 2: a smooth decay to η_min at T_max."""

    def __init__(self, optimizer, T_max: int, eta_min: float = 0.0):
        super().__init__(optimizer)
        self.T_max, self.eta_min = T_max, eta_min

    def lr_at(self, epoch):
        return self.eta_min + (self.base_lr - self.eta_min) * (1 + math.cos(math.pi * epoch / self.T_max)) / 2
