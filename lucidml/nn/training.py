"""The training loop: mini-batches, validation, early stopping, progress, checkpoints.

One epoch = one pass over the shuffled training set in mini-batches of B samples:

    for each batch (X_b, y_b):   L = loss(model(X_b), y_b);  ∇θ L by backward();  θ ← optimiser step

then the validation loss (and metrics) on held-out data with the model in evaluation
mode. Early stopping (SYLLABUS §15) watches a monitored number and stops once it has not
improved by ``min_delta`` for ``patience`` epochs, optionally restoring the best weights.
Every random choice (shuffles, the validation split, dropout masks) comes from
``random_state``, and a checkpoint stores those generators too, so a run interrupted and
resumed from its checkpoint ends with the same weights as one that never stopped.
Reference: Goodfellow, Bengio & Courville, *Deep Learning*, §7.8 (early stopping), §8.1.3 (mini-batches).

>>> from lucidml.nn import Linear, SGD, functional as F
>>> X = np.linspace(-1, 1, 32)[:, None]; y = 3 * X
>>> net = Linear(1, 1, random_state=0, dtype="float64")
>>> h = Trainer(net, F.mse_loss, SGD(net.parameters(), lr=0.5), batch_size=8, max_epochs=50, random_state=0).fit(X, y)
>>> round(float(net.weight.data[0, 0]), 3), h["loss"][-1] < 1e-6
(3.0, True)
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np

from lucidml.nn.clipping import clip_grad_norm_
from lucidml.nn.init import as_generator
from lucidml.nn.modules import Module
from lucidml.nn.tensor import Tensor, no_grad
from lucidml.utils.progress import progress_bar
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["Trainer", "EarlyStopping", "TrainingDivergedError"]


class TrainingDivergedError(ValueError):
    """The loss became NaN or infinite."""


@dataclass
class EarlyStopping:
    """Stop when ``monitor`` has not improved by more than ``min_delta`` for ``patience`` epochs.

    monitor: "val_loss", "loss" or any metric name in the history (e.g. "val_score");
    mode: "min" (losses) or "max" (scores); restore_best_weights: put back the weights of
    the best epoch when training ends.
    """

    patience: int = 10
    min_delta: float = 0.0
    restore_best_weights: bool = True
    monitor: str = "val_loss"
    mode: str = "min"
    best: float = field(default=np.inf, init=False)
    best_epoch: int = field(default=0, init=False)
    wait: int = field(default=0, init=False)
    best_state: dict | None = field(default=None, init=False, repr=False)

    def __post_init__(self):
        check_int(self.patience, name="patience", owner="EarlyStopping", minimum=1)
        check_real(self.min_delta, name="min_delta", owner="EarlyStopping", minimum=0.0)
        check_option(self.mode, name="mode", owner="EarlyStopping", allowed=("min", "max"))

    def reset(self) -> None:
        self.best, self.best_epoch, self.wait, self.best_state = np.inf, 0, 0, None

    def update(self, value: float, epoch: int, model: Module) -> bool:
        """Record this epoch's value; return True when training should stop."""
        score = value if self.mode == "min" else -value            # always minimise
        if score < self.best - self.min_delta:
            self.best, self.best_epoch, self.wait = score, epoch, 0
            if self.restore_best_weights:
                self.best_state = model.state_dict()
        else:
            self.wait += 1
        return self.wait >= self.patience

    @property
    def best_value(self) -> float:
        return self.best if self.mode == "min" else -self.best


class Trainer:
    """Fit a :class:`~lucidml.nn.modules.Module` with mini-batch gradient descent.

    Parameters
    ----------
    model, loss (callable ``loss(output: Tensor, y) -> scalar Tensor``), optimizer
    batch_size : samples per step
    max_epochs : passes over the data
    validation_fraction : share held out for validation when ``fit`` gets no ``validation_data``
    early_stopping : an :class:`EarlyStopping`, or None
    metrics : {name: f(y_true, output_array) -> float}, computed on the validation set as ``val_<name>``
    schedule : a learning-rate schedule (``StepLR``, ``CosineAnnealingLR``), stepped once per epoch
    checkpoint : a path; the full state is saved there after every epoch (see :mod:`lucidml.io`)
    clip_grad_norm : if set, the gradients' joint norm is clipped to it before each step
        (:func:`lucidml.nn.clipping.clip_grad_norm_`), the cure for exploding gradients
    train_step : a custom step ``train_step(trainer, inputs, y) -> float | dict[str, float]``
        that replaces forward–loss–backward–step (two optimisers for a GAN, a sampled loss
        for a VAE) while the loop, shuffling, history, early stopping and checkpoints stay
        the same. ``inputs`` is the tuple of input batches as Tensors (integer data stays
        int64), ``y`` the target batch (or None); a dict's "loss" entry (or its first)
        is the epoch's loss, every entry is averaged into ``history``.
    random_state : seed for shuffling, the validation split and (through the model) dropout
    verbose : 0 silent, 1 a rich progress bar with epoch, loss and validation loss

    ``X`` (and ``y``) may be one array or a tuple of arrays of the same length, passed to
    ``model(*inputs)``; ``y=None`` trains without targets (an autoencoder's loss
    compares with the input; a custom step uses what it needs).
    """

    def __init__(self, model: Module, loss, optimizer, *, batch_size: int = 32, max_epochs: int = 10,
                 validation_fraction: float = 0.0, early_stopping: EarlyStopping | None = None, metrics=None,
                 schedule=None, checkpoint=None, shuffle: bool = True, clip_grad_norm: float | None = None,
                 train_step=None, random_state=None, verbose: int = 0):
        if loss is None and train_step is None:
            raise ValueError("Trainer: give a loss, or a custom train_step that computes its own.")
        if clip_grad_norm is not None:
            clip_grad_norm = check_real(clip_grad_norm, name="clip_grad_norm", owner="Trainer", minimum=0.0,
                                        strict=True)
        self.model, self.loss, self.optimizer = model, loss, optimizer
        self.clip_grad_norm, self.train_step = clip_grad_norm, train_step
        self.batch_size = check_int(batch_size, name="batch_size", owner="Trainer", minimum=1)
        self.max_epochs = check_int(max_epochs, name="max_epochs", owner="Trainer", minimum=1)
        self.validation_fraction = check_real(validation_fraction, name="validation_fraction", owner="Trainer",
                                              minimum=0.0)
        if self.validation_fraction >= 1:
            raise ValueError(f"Trainer: validation_fraction={validation_fraction} must be < 1.")
        self.early_stopping, self.metrics, self.schedule = early_stopping, dict(metrics or {}), schedule
        self.checkpoint, self.shuffle, self.verbose = checkpoint, shuffle, verbose
        self.rng = as_generator(random_state)
        self.history: dict[str, list[float]] = {}
        self.epoch = 0
        self.stopped_early = False

    # -- the loop -------------------------------------------------------------------------------
    def fit(self, X, y=None, validation_data=None, resume: bool = False) -> dict[str, list[float]]:
        """Train; return the history {"loss": [...], "val_loss": [...], "val_<metric>": [...]}.

        With ``resume=True`` and an existing ``checkpoint`` file, training continues from
        the epoch after the last one saved there.
        """
        X, y = _as_arrays(X, "X"), (None if y is None else _as_arrays(y, "y"))
        n = _length(X)
        if y is not None and _length(y) != n:
            raise ValueError(f"Trainer.fit: X has {n} samples but y has {_length(y)}.")
        if validation_data is not None:
            X_val, y_val = validation_data
            validation_data = (_as_arrays(X_val, "X_val"), None if y_val is None else _as_arrays(y_val, "y_val"))
        if validation_data is None and self.validation_fraction > 0:
            n_val = max(1, int(round(self.validation_fraction * n)))
            order = self.rng.permutation(n)
            validation_data = (_take(X, order[:n_val]), _take(y, order[:n_val]))
            X, y = _take(X, order[n_val:]), _take(y, order[n_val:])
        if _length(X) == 0:
            raise ValueError("Trainer.fit: no training samples left; use a smaller validation_fraction.")
        if self.early_stopping is not None and self.early_stopping.monitor.startswith("val_") and validation_data is None:
            raise ValueError(f"Trainer: early stopping monitors '{self.early_stopping.monitor}' but there is no "
                             "validation data; pass validation_data or validation_fraction > 0.")
        self.history = {"loss": []}
        if validation_data is not None:
            self.history["val_loss"] = []
            self.history.update({f"val_{name}": [] for name in self.metrics})
        self.epoch, self.stopped_early = 0, False
        if self.early_stopping is not None:
            self.early_stopping.reset()
        if resume and self.checkpoint is not None and os.path.exists(self.checkpoint):
            self._restore(self.checkpoint)
        with progress_bar(self.max_epochs, f"{type(self.model).__name__}: epoch", verbose=self.verbose,
                          completed=self.epoch) as bar:
            while self.epoch < self.max_epochs and not self.stopped_early:
                self.epoch += 1
                self._train_one_epoch(X, y)
                if validation_data is not None:
                    self._validate(*validation_data)
                if self.schedule is not None:
                    self.schedule.step()
                if self.early_stopping is not None:
                    es = self.early_stopping
                    self.stopped_early = es.update(self.history[es.monitor][-1], self.epoch, self.model)
                if self.checkpoint is not None:
                    self._save(self.checkpoint)
                bar.update(completed=self.epoch, postfix=_losses_text(self.history))
        es = self.early_stopping
        if es is not None and es.restore_best_weights and es.best_state is not None:
            self.model.load_state_dict(es.best_state)
        self.model.eval()
        return self.history

    def _train_one_epoch(self, X, y) -> None:
        self.model.train()
        n = _length(X)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        totals: dict[str, float] = {}
        for start in range(0, n, self.batch_size):
            batch = order[start:start + self.batch_size]
            inputs = tuple(Tensor(a) for a in _take(X, batch))             # int64 ids stay int64
            y_b = _single(_take(y, batch))
            values = self._step(inputs, y_b)
            for name, value in values.items():
                if not np.isfinite(value):
                    lr = getattr(self.optimizer, "lr", None)
                    raise TrainingDivergedError(
                        f"Trainer: the training {name} became {value} in epoch {self.epoch} (batch starting at "
                        f"sample {start}); the updates diverged. Use a smaller learning rate"
                        f"{f' (now {lr:g})' if isinstance(lr, float) else ''}, scale the inputs, or clip the "
                        "gradients (Trainer(clip_grad_norm=1.0)).")
                totals[name] = totals.get(name, 0.0) + value * len(batch)
        for name, total in totals.items():
            self.history.setdefault(name, []).append(total / n)

    def _step(self, inputs, y_b) -> dict[str, float]:
        """One optimisation step on a batch; returns the numbers to record (at least "loss")."""
        if self.train_step is not None:
            result = self.train_step(self, inputs, y_b)
            if isinstance(result, dict):
                values = {k: float(v) for k, v in result.items()}
                if "loss" not in values:
                    values = {"loss": next(iter(values.values())), **values}
                return values
            return {"loss": float(result)}
        self.optimizer.zero_grad()
        loss = self.loss(self.model(*inputs), y_b)
        value = loss.item()
        if np.isfinite(value):
            loss.backward()
            if self.clip_grad_norm is not None:
                clip_grad_norm_(self.model.parameters(), self.clip_grad_norm)
            self.optimizer.step()
        return {"loss": value}

    def _validate(self, X_val, y_val) -> None:
        self.model.eval()
        y_val = _single(y_val)
        if self.loss is None:
            return
        with no_grad():
            out = self.model(*(Tensor(a) for a in X_val))
            self.history["val_loss"].append(self.loss(out, y_val).item())
        for name, metric in self.metrics.items():
            self.history[f"val_{name}"].append(float(metric(y_val, out.data)))

    # -- checkpoints ---------------------------------------------------------------------------------
    def _random_generators(self) -> dict[str, np.random.Generator]:
        gens = {"trainer": self.rng}
        for name, module in _named_modules(self.model):
            if isinstance(getattr(module, "_rng", None), np.random.Generator):
                gens[f"module:{name}"] = module._rng
        return gens

    def _save(self, path) -> None:
        from lucidml import io

        arrays = {f"model/{k}": v for k, v in self.model.state_dict().items()}
        for i, opt in enumerate(_optimizers(self.optimizer)):
            prefix = "optimizer/" if i == 0 else f"optimizer{i}/"
            arrays.update({f"{prefix}{k}": v for k, v in opt.state_dict().items()})
        es = self.early_stopping
        meta = {"epoch": self.epoch, "history": self.history, "stopped_early": self.stopped_early,
                "rng": {k: g.bit_generator.state for k, g in self._random_generators().items()},
                "schedule_epoch": getattr(self.schedule, "epoch", None)}
        if es is not None:
            meta["early_stopping"] = {"best": float(es.best), "best_epoch": es.best_epoch, "wait": es.wait}
            if es.best_state is not None:
                arrays.update({f"best/{k}": v for k, v in es.best_state.items()})
        io.save_checkpoint(path, arrays, meta)

    def _restore(self, path) -> None:
        from lucidml import io

        arrays, meta = io.load_checkpoint(path)
        self.model.load_state_dict({k[6:]: v for k, v in arrays.items() if k.startswith("model/")})
        for i, opt in enumerate(_optimizers(self.optimizer)):
            prefix = "optimizer/" if i == 0 else f"optimizer{i}/"
            opt.load_state_dict({k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)})
        self.epoch, self.history, self.stopped_early = meta["epoch"], meta["history"], meta["stopped_early"]
        for name, gen in self._random_generators().items():
            if name in meta["rng"]:
                gen.bit_generator.state = meta["rng"][name]
        if self.schedule is not None and meta.get("schedule_epoch") is not None:
            self.schedule.epoch = meta["schedule_epoch"]
        es = self.early_stopping
        if es is not None and "early_stopping" in meta:
            saved = meta["early_stopping"]
            es.best, es.best_epoch, es.wait = saved["best"], saved["best_epoch"], saved["wait"]
            best = {k[5:]: v for k, v in arrays.items() if k.startswith("best/")}
            es.best_state = best or None


def _optimizers(optimizer) -> list:
    if optimizer is None:
        return []
    if isinstance(optimizer, dict):
        return list(optimizer.values())
    if isinstance(optimizer, (list, tuple)):
        return list(optimizer)
    return [optimizer]


def _as_arrays(data, name: str) -> tuple:
    """One array or a tuple of arrays, as a tuple of NumPy arrays of equal length."""
    parts = data if isinstance(data, tuple) else (data,)       # a tuple = several inputs; a list = one array
    if not parts:
        raise ValueError(f"Trainer.fit: {name} is an empty tuple.")
    arrays = tuple(np.asarray(a.data if isinstance(a, Tensor) else a) for a in parts)
    lengths = {len(a) for a in arrays}
    if len(lengths) > 1:
        raise ValueError(f"Trainer.fit: the arrays of {name} have different lengths {sorted(lengths)}.")
    return arrays


def _length(arrays) -> int:
    return len(arrays[0])


def _take(arrays, index):
    """The rows ``index`` of each array (a tuple of arrays stays a tuple)."""
    if arrays is None:
        return None
    return tuple(a[index] for a in arrays)


def _single(arrays):
    """Targets go to the loss as one array unless several were given."""
    if arrays is None:
        return None
    return arrays[0] if len(arrays) == 1 else arrays


def _named_modules(module: Module, prefix: str = ""):
    yield prefix, module
    for name, child in module.named_children():
        yield from _named_modules(child, f"{prefix}{name}.")


def _losses_text(history: dict) -> str:
    text = f"loss {history['loss'][-1]:.4g}"
    if history.get("val_loss"):
        text += f"  val loss {history['val_loss'][-1]:.4g}"
    return text
