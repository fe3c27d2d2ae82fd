"""Trainer: mini-batches, validation, early stopping, checkpoints that resume to identical weights."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.nn import (SGD, Adam, CosineAnnealingLR, Dropout, EarlyStopping, Linear, ReLU, Sequential, Trainer,
                        TrainingDivergedError)
from lucidml.nn import functional as F

rng = np.random.default_rng(0)
X = rng.normal(size=(120, 5))
y = (X[:, 0] + X[:, 1] > 0).astype(int)


def _net(seed=0, dropout=0.0):
    layers = [Linear(5, 16, dtype="float64", random_state=seed), ReLU()]
    if dropout:
        layers.append(Dropout(dropout, random_state=seed + 100))
    return Sequential(*layers, Linear(16, 2, dtype="float64", random_state=seed + 1))


def _trainer(net, **kw):
    opt = Adam(net.parameters(), lr=0.01)
    return Trainer(net, F.cross_entropy, opt, batch_size=16, random_state=3, **kw)


def test_toy_by_hand():
    # least squares for y = 3x with full-batch gradient descent converges to w = 3
    Xs = np.linspace(-1, 1, 10)[:, None]
    lin = Linear(1, 1, bias=False, dtype="float64", random_state=0)
    Trainer(lin, F.mse_loss, SGD(lin.parameters(), lr=0.5), batch_size=10, max_epochs=100).fit(Xs, 3 * Xs)
    assert lin.weight.item() == pytest.approx(3.0, abs=1e-9)


def test_history_and_validation_split():
    net = _net()
    t = _trainer(net, max_epochs=5, validation_fraction=0.25,
                 metrics={"accuracy": lambda yt, z: np.mean(z.argmax(1) == yt)})
    h = t.fit(X, y)
    assert sorted(h) == ["loss", "val_accuracy", "val_loss"]
    assert all(len(v) == 5 for v in h.values())
    assert h["loss"][-1] < h["loss"][0] and h["val_accuracy"][-1] > 0.8
    assert not net.training                        # left in evaluation mode


def test_early_stopping_restores_best_weights():
    net = _net()
    es = EarlyStopping(patience=2, min_delta=0.0, restore_best_weights=True)
    t = _trainer(net, max_epochs=300, early_stopping=es)
    h = t.fit(X[:80], y[:80], validation_data=(X[80:], y[80:]))
    assert t.stopped_early and len(h["val_loss"]) < 300
    assert len(h["val_loss"]) == es.best_epoch + 2              # stopped `patience` epochs after the best
    assert es.best_value == min(h["val_loss"])
    val = F.cross_entropy(net(X[80:]), y[80:]).item()
    assert val == pytest.approx(es.best_value, rel=1e-12)       # the best epoch's weights are back


def test_checkpoint_resume_gives_identical_weights(tmp_path):
    """Train 8 epochs in one go, or 3 then resume from the checkpoint to 8: the same weights,
    including the shuffles, dropout masks, Adam moments and the learning-rate schedule."""
    def run(max_epochs, path, resume, seed):
        net = _net(seed=seed, dropout=0.2)
        opt = Adam(net.parameters(), lr=0.01)
        t = Trainer(net, F.cross_entropy, opt, batch_size=16, max_epochs=max_epochs, random_state=3,
                    schedule=CosineAnnealingLR(opt, T_max=8), checkpoint=path,
                    early_stopping=EarlyStopping(patience=50, monitor="loss"))
        t.fit(X, y, resume=resume)
        return net, t

    straight, t1 = run(8, None, False, seed=0)
    path = str(tmp_path / "run.npz")
    run(3, path, False, seed=0)                                   # "interrupted" after epoch 3
    resumed, t2 = run(8, path, True, seed=42)                     # a fresh process: different initial weights
    for (_, a), (_, b) in zip(straight.named_parameters(), resumed.named_parameters()):
        np.testing.assert_array_equal(a.data, b.data)
    assert t1.history == t2.history and t2.epoch == 8


def test_progress_bar_when_verbose(capsys):
    _trainer(_net(), max_epochs=2, verbose=1).fit(X, y)
    out = capsys.readouterr().out
    assert "epoch" in out and "loss" in out
    _trainer(_net(), max_epochs=2, verbose=0).fit(X, y)
    assert capsys.readouterr().out == ""


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_bad_input_nan_loss_names_the_epoch():
    net = _net()
    t = Trainer(net, F.mse_loss, SGD(net.parameters(), lr=1e6), batch_size=16, max_epochs=20)
    with pytest.raises(TrainingDivergedError, match=r"epoch \d+.*smaller learning rate"):
        t.fit(X * 1e3, np.tile(X[:, :2], 1) * 1e3)


def test_bad_input():
    with pytest.raises(ValueError, match="120 samples but y has 7"):
        _trainer(_net()).fit(X, y[:7])
    with pytest.raises(ValueError, match="no validation data"):
        _trainer(_net(), early_stopping=EarlyStopping()).fit(X, y)
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(patience=0)
    with pytest.raises(ValueError, match="validation_fraction"):
        _trainer(_net(), validation_fraction=1.0)
