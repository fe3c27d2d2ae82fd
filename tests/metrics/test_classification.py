"""Classification scores: by hand, against scikit-learn, properties and bad input."""
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import UndefinedMetricWarning

from lucidml.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    fbeta_score,
    log_loss,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
)


def test_toy_by_hand():
    y = [0, 1, 1, 1, 0, 2]
    y_hat = [0, 1, 0, 2, 0, 2]
    # rows = truth, columns = prediction:
    #   truth 0: predicted 0, 0          -> [2, 0, 0]
    #   truth 1: predicted 1, 0, 2       -> [1, 1, 1]
    #   truth 2: predicted 2             -> [0, 0, 1]
    assert confusion_matrix(y, y_hat).tolist() == [[2, 0, 0], [1, 1, 1], [0, 0, 1]]
    assert accuracy_score(y, y_hat) == 4 / 6
    assert accuracy_score(y, y_hat, normalize=False) == 4
    # per class: precision = diag / column sums = 2/3, 1/1, 1/2; recall = diag / row sums = 1, 1/3, 1
    p, r, f, support = precision_recall_fscore_support(y, y_hat)
    np.testing.assert_allclose(p, [2 / 3, 1, 1 / 2])
    np.testing.assert_allclose(r, [1, 1 / 3, 1])
    np.testing.assert_allclose(f, [2 * 2 / (2 * 2 + 1 + 0), 2 / (2 + 0 + 2), 2 / (2 + 1 + 0)])  # 2TP/(2TP+FP+FN)
    assert support.tolist() == [2, 3, 1]
    assert precision_score(y, y_hat, average="macro") == pytest.approx((2 / 3 + 1 + 1 / 2) / 3)
    assert precision_score(y, y_hat, average="micro") == pytest.approx(4 / 6)   # = accuracy
    assert recall_score(y, y_hat, average="weighted") == pytest.approx((2 * 1 + 3 / 3 + 1 * 1) / 6)
    # binary: TP = 2 (samples 0, 2), FP = 1 (sample 1), FN = 1 (sample 3)
    yb, yb_hat = [1, 0, 1, 1, 0], [1, 1, 1, 0, 0]
    assert precision_score(yb, yb_hat) == 2 / 3
    assert recall_score(yb, yb_hat) == 2 / 3
    assert f1_score(yb, yb_hat) == pytest.approx(2 / 3)
    assert precision_score(yb, yb_hat, pos_label=0) == 1 / 2          # TP=1, FP=1
    # log-loss: −(ln 0.9 + ln 0.8 + ln 0.3) / 3
    assert log_loss([0, 1, 1], [0.1, 0.8, 0.3]) == pytest.approx(-(np.log(0.9) + np.log(0.8) + np.log(0.3)) / 3)


def test_string_labels_and_label_order():
    y = np.array(["cat", "dog", "cat", "pig"])
    y_hat = np.array(["cat", "cat", "cat", "pig"])
    C = confusion_matrix(y, y_hat, labels=["pig", "dog", "cat"])
    assert C.tolist() == [[1, 0, 0], [0, 0, 1], [0, 0, 2]]
    assert confusion_matrix(y, y_hat, labels=["cat", "dog"]).tolist() == [[2, 0], [1, 0]]   # pig rows dropped
    assert precision_score(y, y_hat, average="micro") == 3 / 4


DATA = ["iris", "wine", "breast_cancer"]


def _predictions(name):
    from sklearn import datasets
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    model = LogisticRegression(C=0.05, max_iter=1000).fit(X[::2], y[::2])  # weak, so there are errors
    return y, model.predict(X), model.predict_proba(X)


@pytest.mark.parametrize("name", DATA)
@pytest.mark.parametrize("weighted", [False, True])
def test_matches_reference(name, weighted):
    sk = pytest.importorskip("sklearn.metrics")
    y, y_hat, P = _predictions(name)
    s = np.random.default_rng(0).uniform(0, 2, len(y)) if weighted else None
    assert accuracy_score(y, y_hat, sample_weight=s) == pytest.approx(sk.accuracy_score(y, y_hat, sample_weight=s),
                                                                       rel=1e-12)
    np.testing.assert_allclose(confusion_matrix(y, y_hat, sample_weight=s),
                               sk.confusion_matrix(y, y_hat, sample_weight=s), rtol=1e-12)
    for normalize in ["true", "pred", "all"]:
        np.testing.assert_allclose(confusion_matrix(y, y_hat, normalize=normalize),
                                   sk.confusion_matrix(y, y_hat, normalize=normalize), rtol=1e-12)
    averages = ["binary", "macro", "micro", "weighted"] if len(np.unique(y)) == 2 else [
        "macro", "micro", "weighted", None]
    for average in averages:
        for ours, ref in [(precision_score, sk.precision_score), (recall_score, sk.recall_score),
                          (f1_score, sk.f1_score)]:
            np.testing.assert_allclose(ours(y, y_hat, average=average, sample_weight=s),
                                       ref(y, y_hat, average=average, sample_weight=s), rtol=1e-12)
    assert log_loss(y, P, sample_weight=s) == pytest.approx(sk.log_loss(y, P, sample_weight=s), rel=1e-12)
    assert fbeta_score(y, y_hat, beta=2, average="macro") == pytest.approx(
        sk.fbeta_score(y, y_hat, beta=2, average="macro"), rel=1e-12)


def test_matches_reference_edge_cases():
    sk = pytest.importorskip("sklearn.metrics")
    # a label that is never predicted (precision 0/0) and a label subset
    y, y_hat = [0, 1, 2, 2, 1, 0], [0, 0, 2, 2, 0, 0]
    for zd in [0, 1, np.nan]:
        for average in ["macro", "weighted", "micro", None]:
            np.testing.assert_allclose(precision_score(y, y_hat, average=average, zero_division=zd),
                                       sk.precision_score(y, y_hat, average=average, zero_division=zd))
            np.testing.assert_allclose(f1_score(y, y_hat, average=average, labels=[1, 2], zero_division=zd),
                                       sk.f1_score(y, y_hat, average=average, labels=[1, 2], zero_division=zd))
    with pytest.warns(UndefinedMetricWarning):
        precision_score(y, y_hat, average="macro")
    # only one class in both arrays, binary: the positive class never appears
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert recall_score([0, 0], [0, 0]) == sk.recall_score([0, 0], [0, 0]) == 0.0
    # log-loss with the classes given explicitly, and clipping of a confident mistake
    assert log_loss([1, 1], [[0.3, 0.7], [0.6, 0.4]], labels=[0, 1]) == pytest.approx(
        sk.log_loss([1, 1], [[0.3, 0.7], [0.6, 0.4]], labels=[0, 1]), rel=1e-12)
    assert log_loss([0, 1], [1.0, 0.0]) == pytest.approx(sk.log_loss([0, 1], [1.0, 0.0]), rel=1e-12)
    assert log_loss(["a", "b", "c"], np.eye(3) * 0.8 + 0.2 / 3 - 0.0) == pytest.approx(
        sk.log_loss(["a", "b", "c"], np.eye(3) * 0.8 + 0.2 / 3), rel=1e-12)


labels = st.lists(st.integers(0, 3), min_size=1, max_size=40)


@given(labels, st.data())
def test_property(y, data):
    y = np.array(y)
    y_hat = np.array(data.draw(st.lists(st.integers(0, 3), min_size=len(y), max_size=len(y))))
    C = confusion_matrix(y, y_hat)
    assert C.sum() == len(y)
    assert np.trace(C) / len(y) == pytest.approx(accuracy_score(y, y_hat))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert precision_score(y, y_hat, average="micro") == pytest.approx(accuracy_score(y, y_hat))
        assert recall_score(y, y_hat, average="micro") == pytest.approx(accuracy_score(y, y_hat))
        p, r, f, _ = precision_recall_fscore_support(y, y_hat, zero_division=0)
    assert ((0 <= p) & (p <= 1) & (0 <= r) & (r <= 1)).all()
    assert (f <= np.maximum(p, r) + 1e-12).all() and (f >= np.minimum(p, r) - 1e-12).all()  # between P and R
    assert accuracy_score(y, y) == 1.0


@given(st.lists(st.floats(0.01, 0.99), min_size=2, max_size=30))
def test_property_log_loss(p):
    p = np.array(p)
    y = (np.arange(len(p)) % 2).astype(int)
    L = log_loss(y, p)
    assert L > 0
    assert log_loss(y, y * 0.999 + 0.0005) < L + 1e-12 or L < 0.01      # near-perfect probabilities beat these


def test_bad_input():
    with pytest.raises(ValueError, match="samples"):
        accuracy_score([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="empty"):
        confusion_matrix([], [])
    with pytest.raises(ValueError, match="NaN"):
        accuracy_score([0.0, np.nan], [0, 1])
    with pytest.raises(ValueError, match="continuous"):
        f1_score([0.5, 1.0], [0, 1])
    with pytest.raises(ValueError, match="1-D"):
        precision_score(np.zeros((3, 2)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="different"):
        accuracy_score(["a", "b"], [0, 1])
    with pytest.raises(ValueError, match="average='binary'"):
        f1_score([0, 1, 2], [0, 1, 2])
    with pytest.raises(ValueError, match="pos_label"):
        precision_score([0, 1], [0, 1], pos_label=2)
    with pytest.raises(ValueError, match="average"):
        recall_score([0, 1], [0, 1], average="samplewise")
    with pytest.raises(ValueError, match="zero_division"):
        recall_score([0, 1], [0, 1], zero_division=5)
    with pytest.raises(ValueError, match="none of labels"):
        confusion_matrix([0, 1], [0, 1], labels=[7])
    with pytest.raises(ValueError, match="duplicates"):
        confusion_matrix([0, 1], [0, 1], labels=[0, 0])
    with pytest.raises(ValueError, match="normalize"):
        confusion_matrix([0, 1], [0, 1], normalize="rows")
    with pytest.raises(ValueError, match="only one label"):
        log_loss([1, 1], [0.3, 0.4])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        log_loss([0, 1], [1.2, 0.4])
    with pytest.raises(ValueError, match="columns"):
        log_loss([0, 1, 2], [[0.5, 0.5]] * 3)
    with pytest.raises(ValueError, match="NaN"):
        log_loss([0, 1], [np.nan, 0.4])
    with pytest.warns(UserWarning, match="sum to one"):
        log_loss([0, 1], [[0.5, 0.2], [0.5, 0.2]])
