"""Neural-network experiments: derivatives, vanishing/exploding gradients, regularisation curves."""
from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from lucidml import experiments
from lucidml.experiments.neural import activations, regularisation, vanishing_gradients

matplotlib.use("Agg")


def test_toy_by_hand_activation_derivatives():
    # σ′(0) = 1/4, tanh′(0) = 1, ReLU′(2) = 1, softplus′(0) = σ(0) = 1/2, step′ = 0
    r = activations(-2.0, 2.0, 5)                       # x = -2, -1, 0, 1, 2
    assert r.derivatives["sigmoid"][2] == 0.25 and r.derivatives["tanh"][2] == 1.0
    assert r.derivatives["relu"][4] == 1.0 and r.derivatives["softplus"][2] == 0.5
    assert not r.derivatives["binary_step"].any()
    # the autograd derivative equals the closed form everywhere on the grid
    s = 1 / (1 + np.exp(-r.x))
    np.testing.assert_allclose(r.derivatives["sigmoid"], s * (1 - s), rtol=1e-12)
    assert "smht" in r.table() and r.figure() is not None


def test_property_vanishing_and_exploding():
    r = vanishing_gradients(depth=12, width=32, n_samples=64, random_state=0)
    g = dict(zip(r.labels, r.grad_norms))
    assert all(len(v) == 12 for v in r.grad_norms)
    # plain sigmoid: the first layer gets orders of magnitude less gradient than the last
    assert g["sigmoid"][0] < 1e-6 * g["sigmoid"][-1]
    # batch normalisation keeps the first layer within a factor 100 of the last
    assert 1e-2 < g["sigmoid + batch norm"][0] / g["sigmoid + batch norm"][-1] < 1e2
    # a ×2 He initialisation explodes: every layer's gradient is enormous
    exploding = next(v for k, v in g.items() if "exploding" in k)
    assert exploding.min() > 1e4 * g["relu + batch norm"].max()
    assert "layer 12" in r.table() and r.figure() is not None


def test_regularisation_curves():
    r = regularisation(n_train=15, n_val=60, hidden=32, epochs=300, patience=30, random_state=0)
    h = r.histories
    assert list(h) == ["none", "L2", "dropout", "early stopping"]
    # without regularisation the network fits the training points best and generalises worst
    assert h["none"]["loss"][-1] < min(h[m]["loss"][-1] for m in ("L2", "dropout"))
    assert h["none"]["val_loss"][-1] > h["L2"]["val_loss"][-1]
    assert r.stopped_at["early stopping"] < 300
    assert "early stopping" in r.table() and r.figure() is not None


def test_exported_by_the_experiments_namespace():
    assert experiments.vanishing_gradients is vanishing_gradients


def test_bad_input():
    with pytest.raises(ValueError, match="depth"):
        vanishing_gradients(depth=1)
    with pytest.raises(ValueError, match="n_points"):
        activations(n_points=1)
    with pytest.raises(ValueError, match="n_train"):
        regularisation(n_train=1)
