"""CNNClassifier: digits accuracy, the scikit-learn contract, dtypes, persistence, bad input."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml import io
from lucidml.nn import Module
from lucidml.nn.cnn import CNNClassifier
from lucidml.nn.models import LeNet5

X_digits, y_digits = load_digits(return_X_y=True)
X_digits = (X_digits / 16.0).astype(np.float32)
Xtr, Xte, ytr, yte = train_test_split(X_digits, y_digits, test_size=0.25, stratify=y_digits, random_state=0)


@pytest.mark.slow
def test_digits_accuracy_beats_the_mlp():
    from lucidml.nn import MLPClassifier

    cnn = CNNClassifier(image_shape=(8, 8), max_iter=5, random_state=0).fit(Xtr, ytr)      # the default: vgg
    acc = cnn.score(Xte, yte)
    with pytest.warns(Warning):
        mlp = MLPClassifier((64,), max_iter=5, random_state=0).fit(Xtr, ytr)
    # 5 epochs of the default network; the full default (30 epochs, >= 98.5%) is measured by
    # `lucidml experiment cnn` and reported in the closing note. The test asks for the pattern.
    assert acc >= 0.96, acc
    assert acc > mlp.score(Xte, yte)
    assert cnn.network_.features[0].conv.weight.dtype == np.float32


def test_image_layouts_agree():
    X8 = Xtr[:120].reshape(-1, 8, 8)
    kw = dict(architecture="lenet", max_iter=2, random_state=0)
    flat = CNNClassifier(image_shape=(8, 8), **kw).fit(Xtr[:120], ytr[:120])
    three = CNNClassifier(**kw).fit(X8, ytr[:120])
    four = CNNClassifier(**kw).fit(X8[:, None], ytr[:120])
    p = flat.predict_proba(Xte[:10])
    np.testing.assert_allclose(three.predict_proba(Xte[:10].reshape(-1, 8, 8)), p, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(four.predict_proba(Xte[:10].reshape(-1, 1, 8, 8)), p, rtol=1e-5, atol=1e-6)
    assert flat.image_shape_ == (1, 8, 8)


@pytest.mark.parametrize("arch", ["vgg", "resnet", "inception"])
def test_every_architecture_trains(arch):
    clf = CNNClassifier(arch, image_shape=(8, 8), max_iter=2, batch_size=32, random_state=0).fit(Xtr[:150], ytr[:150])
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]
    assert clf.predict_proba(Xte[:5]).shape == (5, 10)


def test_callable_architecture_and_early_stopping():
    def tiny(in_channels, n_classes, image_size, random_state, dtype):
        return LeNet5(in_channels, n_classes, image_size, random_state=random_state, dtype=dtype)

    clf = CNNClassifier(tiny, image_shape=(8, 8), max_iter=40, early_stopping=True, n_iter_no_change=2,
                        random_state=0).fit(Xtr[:300], ytr[:300])
    assert clf.n_iter_ < 40 and len(clf.validation_scores_) == clf.n_iter_
    with pytest.raises(TypeError, match="not a lucidml Module"):
        CNNClassifier(lambda **kw: "nope", image_shape=(8, 8), max_iter=1).fit(Xtr[:50], ytr[:50])


def test_dtype_follows_the_data():
    c64 = CNNClassifier("lenet", image_shape=(8, 8), max_iter=1, random_state=0).fit(Xtr[:64].astype(float), ytr[:64])
    assert c64.network_.features[0].weight.dtype == np.float64


def test_persistence_round_trip(tmp_path):
    clf = CNNClassifier("resnet", image_shape=(8, 8), max_iter=1, random_state=0).fit(Xtr[:100], ytr[:100])
    io.save(clf, tmp_path / "cnn.npz")
    back = io.load(tmp_path / "cnn.npz")
    np.testing.assert_array_equal(back.predict_proba(Xte[:20]), clf.predict_proba(Xte[:20]))


def test_bad_input():
    with pytest.raises(ValueError, match=r"image_shape=\(7, 7\) holds 49 values but each row of X has 64"):
        CNNClassifier(image_shape=(7, 7), max_iter=1).fit(Xtr[:20], ytr[:20])
    with pytest.raises(ValueError, match="architecture='alexnet' is not known"):
        CNNClassifier("alexnet", max_iter=1).fit(Xtr[:20], ytr[:20])
    with pytest.raises(ValueError, match="only one class"):
        CNNClassifier(image_shape=(8, 8), max_iter=1).fit(Xtr[:20], np.zeros(20))
    clf = CNNClassifier("lenet", image_shape=(8, 8), max_iter=1, random_state=0).fit(Xtr[:40], ytr[:40])
    with pytest.raises(ValueError, match=r"images have shape \(1, 4, 4\)"):
        clf.predict(np.zeros((2, 4, 4)))
    with pytest.raises(ValueError, match="NaN"):
        CNNClassifier(image_shape=(8, 8)).fit(np.full((4, 64), np.nan), [0, 1, 0, 1])


def _expected_failures():
    return {}


@parametrize_with_checks([CNNClassifier("lenet", max_iter=5, batch_size=16, random_state=0)],
                         expected_failed_checks=lambda est: _expected_failures())
def test_estimator_api(estimator, check):
    check(estimator)


def test_network_is_a_module():
    clf = CNNClassifier("lenet", image_shape=(8, 8), max_iter=1, random_state=0).fit(Xtr[:40], ytr[:40])
    assert isinstance(clf.network_, Module)
