"""The §13 experiments run end to end at tiny sizes (their real numbers are in the report)."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.experiments.foundation import gpt_names, names_split, pretrain_finetune, sex_task
from lucidml.experiments.translation import _char_accuracy, date_translation, make_dates


def test_make_dates_is_right_and_disjoint():
    X, Y = make_dates(200, random_state=0)
    assert len(set(Y)) == 200
    X2, Y2 = make_dates(50, random_state=1, exclude=Y)
    assert not set(Y) & set(Y2)
    import datetime
    for x, y in zip(X, Y):
        d = datetime.date.fromisoformat(y)
        assert str(d.year) in x and (str(d.day) in x)
    assert _char_accuracy(["2021-03-03"], ["2021-03-04"]) == 0.9


def test_translation_runs():
    r = date_translation(n_train=64, n_test=8, epochs=1, d_model=16, nhead=2, layers=1, beam_size=2)
    assert 0 <= r.exact_greedy <= 1 and 0 <= r.char_beam <= 1 and len(r.losses) == 1
    assert r.attention.shape[1] == len(r.examples[0][0]) + 2
    np.testing.assert_allclose(r.attention.sum(-1), 1.0, rtol=1e-5)
    assert "exact match" in r.table()


def test_names_split_is_the_rnns():
    train, val = names_split()
    assert len(train) == 79919 and len(val) == 8880 and not set(train) & set(val)
    names, y = sex_task()
    assert 4500 < len(names) < 5200 and 0.78 < y.mean() < 0.85   # the issue: ~4,800 names, 82% female


def test_gpt_names_runs():
    r = gpt_names(n_layer=1, n_head=2, n_embd=16, max_epochs=1, n_names=300, n_samples=3, baselines=False)
    (loss,) = r.losses.values()
    assert 1.0 < loss < np.log(40) and len(r.samples) == 3


@pytest.mark.slow
def test_pretrain_finetune_runs():
    r = pretrain_finetune(label_counts=(50,), n_surnames=50, n_layer=1, n_head=2, n_embd=16, pretrain_epochs=1,
                          finetune_steps=2, n_unlabelled=200, multitask=False)
    assert set(r.pretrained) == set(r.scratch) == {50}
    assert 0.7 < r.baselines["majority class"][0] < 0.9
    assert "pretrained BERT" in r.table()
