"""The CNN experiments in their fast setting: shapes, the shift helper by hand, tables."""
from __future__ import annotations

import numpy as np

from lucidml.experiments.convolutional import (cnn_vs_mlp, digits_split, learned_filters, residual_vs_plain,
                                               shift_images)


def test_shift_images_by_hand():
    img = np.zeros((1, 64))
    img[0, 8 * 3 + 4] = 1.0                               # pixel (row 3, col 4)
    right = shift_images(img, 2).reshape(8, 8)
    down = shift_images(img, 0, -1).reshape(8, 8)
    assert right[3, 6] == 1 and right.sum() == 1
    assert down[2, 4] == 1 and down.sum() == 1
    assert shift_images(img, 5).sum() == 0                # pushed off the 8 × 8 paper


def test_digits_split_is_the_issue_split():
    Xtr, Xte, ytr, yte = digits_split()
    assert Xtr.shape == (1347, 64) and Xte.shape == (450, 64) and Xtr.dtype == np.float32
    assert np.bincount(yte).min() >= 43                    # stratified: 25% of the smallest class (174) is 43.5


def test_fast_experiments_run_and_report():
    versus = cnn_vs_mlp(fast=True)
    # the MLP is sized to the CNN's parameter count (to within one hidden unit, 75 parameters)
    assert abs(versus.n_parameters["CNN"] - versus.n_parameters["MLP"]) <= 75
    assert set(versus.accuracy) == {"CNN", "MLP"} and "parameters" in versus.table()
    filters = learned_filters(fast=True)
    assert filters.filters.shape == (6, 3, 3) and filters.feature_maps.shape == (6, 8, 8)
    deep = residual_vs_plain(fast=True, blocks_per_stage=1)
    assert deep.depth == 5 and set(deep.loss_curves) == {"plain", "residual"}
    assert all(np.isfinite(v).all() for v in deep.first_layer_grad.values())


def test_cli_experiment_cnn_fast():
    from typer.testing import CliRunner

    from lucidml.cli import app

    result = CliRunner().invoke(app, ["experiment", "cnn", "--part", "filters", "--fast"])
    assert result.exit_code == 0, result.output
    bad = CliRunner().invoke(app, ["experiment", "cnn", "--part", "nope"])
    assert bad.exit_code == 2 and "--part='nope' is not known" in bad.output
