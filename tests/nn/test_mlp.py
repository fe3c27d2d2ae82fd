"""MLPClassifier / MLPRegressor: scikit-learn's API, digits accuracy vs scikit-learn, overfitting tools."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.nn import MLPClassifier, MLPRegressor, Trainer


@parametrize_with_checks([MLPClassifier(random_state=0), MLPRegressor(random_state=0),
                          MLPClassifier(hidden_layer_sizes=(32,), dropout=0.1, batch_norm=True, random_state=0)])
def test_estimator_api(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        check(estimator)


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    scaler = StandardScaler().fit(Xtr)
    return scaler.transform(Xtr), scaler.transform(Xte), ytr, yte


@pytest.mark.slow
def test_matches_reference_digits_accuracy(digits):
    """>= 97% test accuracy on digits (scaled, fixed split) and within 1 point of scikit-learn's
    MLPClassifier with the same architecture and training (one hidden layer of 100 ReLUs, Adam with
    learning rate 0.01, alpha 1e-4, batches of 200, 30 epochs)."""
    from sklearn.neural_network import MLPClassifier as SkMLP

    Xtr, Xte, ytr, yte = digits
    kw = dict(hidden_layer_sizes=(100,), learning_rate_init=0.01, max_iter=30, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = MLPClassifier(**kw).fit(Xtr, ytr).score(Xte, yte)
        theirs = SkMLP(**kw).fit(Xtr, ytr).score(Xte, yte)
    assert ours >= 0.97
    assert abs(ours - theirs) <= 0.01


def test_toy_by_hand():
    # y = 2x − 1 is linear: an MLP with identity activation is a linear model and finds it
    X = np.linspace(-1, 1, 40)[:, None]
    reg = MLPRegressor((4,), activation="identity", alpha=0.0, learning_rate_init=0.05, max_iter=300,
                       tol=1e-9, n_iter_no_change=50, random_state=0).fit(X, 2 * X[:, 0] - 1)
    np.testing.assert_allclose(reg.predict([[0.0], [0.5]]), [-1.0, 0.0], atol=1e-3)
    # two far-apart blobs: every probability is near 0 or 1 and rows sum to 1
    X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier((5,), learning_rate_init=0.05, max_iter=200, random_state=0).fit(X, ["a", "a", "b", "b"])
    assert clf.predict([[0.05, 0.0], [5.05, 5.0]]).tolist() == ["a", "b"]
    P = clf.predict_proba(X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    np.testing.assert_allclose(np.exp(clf.predict_log_proba(X)), P, rtol=1e-12)


def test_attributes_and_sklearn_shapes(digits):
    Xtr, _, ytr, _ = digits
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier((20, 10), max_iter=5, random_state=0).fit(Xtr[:300], ytr[:300])
    assert [c.shape for c in clf.coefs_] == [(64, 20), (20, 10), (10, 10)]
    assert [b.shape for b in clf.intercepts_] == [(20,), (10,), (10,)]
    assert len(clf.loss_curve_) == clf.n_iter_ == 5 and clf.validation_scores_ is None
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]
    es = MLPClassifier((20,), early_stopping=True, n_iter_no_change=3, max_iter=200, random_state=0).fit(Xtr, ytr)
    assert len(es.validation_scores_) == es.n_iter_ < 200
    assert es.best_validation_score_ == max(es.validation_scores_)


def test_reproducible_with_random_state(digits):
    Xtr, Xte, ytr, _ = digits
    kw = dict(hidden_layer_sizes=(16,), dropout=0.1, max_iter=3, random_state=7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = MLPClassifier(**kw).fit(Xtr, ytr).predict_proba(Xte)
        b = MLPClassifier(**kw).fit(Xtr, ytr).predict_proba(Xte)
        c = MLPClassifier(**{**kw, "random_state": 8}).fit(Xtr, ytr).predict_proba(Xte)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_property_training_loss_decreases_for_every_solver(digits):
    Xtr, _, ytr, _ = digits
    for solver, lr in [("adam", 1e-3), ("sgd", 0.05), ("adamw", 1e-3), ("rmsprop", 1e-3)]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf = MLPClassifier((32,), solver=solver, learning_rate_init=lr, max_iter=8, random_state=0,
                                batch_norm=solver == "sgd").fit(Xtr, ytr)
        assert clf.loss_curve_[-1] < 0.7 * clf.loss_curve_[0], solver


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_bad_input():
    X, y = np.random.default_rng(0).normal(size=(20, 3)), np.arange(20) % 2
    with pytest.raises(ValueError, match="only one class"):
        MLPClassifier().fit(X, np.zeros(20))
    with pytest.raises(ValueError, match="activation='swish'"):
        MLPClassifier(activation="swish").fit(X, y)
    with pytest.raises(ValueError, match="solver='lbfgs'"):
        MLPClassifier(solver="lbfgs").fit(X, y)
    with pytest.raises(ValueError, match="dropout"):
        MLPClassifier(dropout=1.0).fit(X, y)
    with pytest.raises(ValueError, match="NaN"):
        MLPRegressor().fit(np.full((4, 2), np.nan), np.zeros(4))
    with pytest.raises(ValueError, match="diverged|epoch 1"):
        MLPRegressor((50,), solver="sgd", learning_rate_init=1e3, max_iter=5, random_state=0).fit(X * 1e3, y * 1e3)
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):
        MLPClassifier((4,), max_iter=2, random_state=0).fit(X, y)
    assert Trainer is not None
