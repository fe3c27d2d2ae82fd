"""Classification scores: counting right and wrong labels, and the log-loss of probabilities.

For a class c (the "positive" label), with optional sample weights s_i (all 1 by default):

    TP_c = Σ_i s_i [y_i = c and ŷ_i = c]      true positives
    FP_c = Σ_i s_i [y_i ≠ c and ŷ_i = c]      false positives
    FN_c = Σ_i s_i [y_i = c and ŷ_i ≠ c]      false negatives

    accuracy     = Σ_i s_i [ŷ_i = y_i] / Σ_i s_i
    precision_c  = TP_c / (TP_c + FP_c)        of those predicted c, the share that are c
    recall_c     = TP_c / (TP_c + FN_c)        of those that are c, the share found
    F1_c         = 2 TP_c / (2 TP_c + FP_c + FN_c)  = the harmonic mean of the two

Averages over the classes: "binary" reports class ``pos_label`` only; "macro" is the
plain mean over classes; "weighted" weights each class by its support TP_c + FN_c;
"micro" adds TP, FP and FN over the classes first (for single-label multiclass data,
micro precision = micro recall = accuracy). ``average=None`` returns one score per class.
A score whose denominator is 0 is set to ``zero_division`` (0 with a warning by default).

    confusion matrix   C[j, k] = Σ_i s_i [y_i = label_j and ŷ_i = label_k]  (rows: truth)
    log-loss           L = −Σ_i s_i Σ_k t_ik ln p_ik / Σ_i s_i,  t_ik = [y_i = label_k]

(probabilities are clipped to [ε, 1 − ε], ε the machine epsilon, so a confident mistake
costs ln(1/ε) ≈ 36 rather than infinity).

The signatures are scikit-learn's, and the results equal ``sklearn.metrics``'.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §4.3.2 (cross-entropy);
Manning, Raghavan & Schütze, *Introduction to Information Retrieval*, §8.3 (precision, recall, F).

>>> y, y_hat = [1, 0, 1, 1, 0], [1, 1, 1, 0, 0]
>>> confusion_matrix(y, y_hat).tolist()     # rows: truth 0, 1; columns: predicted 0, 1
[[1, 1], [1, 2]]
>>> precision_score(y, y_hat), recall_score(y, y_hat)   # TP=2, FP=1, FN=1
(0.6666666666666666, 0.6666666666666666)
>>> round(log_loss([0, 1], [[0.9, 0.1], [0.2, 0.8]]), 6)   # −(ln 0.9 + ln 0.8) / 2
0.164252
"""
from __future__ import annotations

import numbers
import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from lucidml.metrics.regression import _check_sample_weight
from lucidml.utils.validation import as_float_array, check_option

__all__ = ["accuracy_score", "confusion_matrix", "precision_score", "recall_score", "f1_score",
           "fbeta_score", "precision_recall_fscore_support", "log_loss"]

AVERAGES = ("binary", "micro", "macro", "weighted")


def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    """Share (``normalize=True``) or weighted count of samples with ŷ_i = y_i."""
    y, y_hat, s = _check_targets(y_true, y_pred, sample_weight, "accuracy_score")
    correct = (y == y_hat).astype(np.float64)                              # [ŷ_i = y_i]
    if s is None:
        return float(correct.mean()) if normalize else float(correct.sum())
    return float(np.average(correct, weights=s)) if normalize else float(s @ correct)


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """C[j, k] = number (or weight) of samples with truth ``labels[j]`` predicted as ``labels[k]``.

    ``labels`` (default: the sorted labels found in either array) fixes the order of the
    rows and columns; samples whose truth or prediction is not in ``labels`` are left
    out. ``normalize`` = "true" (rows sum to 1), "pred" (columns sum to 1) or "all".
    Integer counts without weights, floats with weights or normalisation.
    """
    owner = "confusion_matrix"
    y, y_hat, s = _check_targets(y_true, y_pred, sample_weight, owner)
    if normalize is not None:
        check_option(normalize, name="normalize", owner=owner, allowed=("true", "pred", "all"))
    labels = _unique(y, y_hat) if labels is None else _check_label_list(labels, y, owner)
    if labels is not None and not np.isin(labels, y).any():
        raise ValueError(f"{owner}: none of labels={labels.tolist()} occurs in y_true; "
                         "pass the labels of your classes.")
    L = len(labels)
    j, k = _index_of(y, labels), _index_of(y_hat, labels)                  # -1: not a label
    keep = (j >= 0) & (k >= 0)
    w = None if s is None else s[keep]
    C = np.bincount(j[keep] * L + k[keep], weights=w, minlength=L * L).reshape(L, L)
    if s is None:
        C = C.astype(np.int64)
    if normalize is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            if normalize == "true":
                C = C / C.sum(axis=1, keepdims=True)
            elif normalize == "pred":
                C = C / C.sum(axis=0, keepdims=True)
            else:
                C = C / C.sum()
        C = np.nan_to_num(C)
    return C


def precision_recall_fscore_support(y_true, y_pred, *, beta=1.0, labels=None, pos_label=1,
                                    average=None, sample_weight=None, zero_division="warn",
                                    warn_for=("precision", "recall", "f-score")):
    """Precision, recall, F_β and support (TP_c + FN_c) per class, or averaged.

        F_β = (1 + β²) TP / ((1 + β²) TP + β² FN + FP)

    Returns four arrays for ``average=None``; otherwise three floats and ``None``.
    """
    owner = "precision_recall_fscore_support"
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real) or not beta >= 0:
        raise ValueError(f"{owner}: beta={beta!r} must be a number >= 0.")
    zero_value = _check_zero_division(zero_division, owner)
    y, y_hat, s = _check_targets(y_true, y_pred, sample_weight, owner)
    labels = _labels_for_average(y, y_hat, average, labels, pos_label, owner)
    tp, predicted, true = _counts(y, y_hat, labels, s)                    # each (L,)
    if average == "micro":
        tp, predicted, true = tp.sum(keepdims=True), predicted.sum(keepdims=True), true.sum(keepdims=True)

    def divide(num, den, metric, modifier):
        with np.errstate(invalid="ignore", divide="ignore"):
            out = num / np.where(den == 0, 1.0, den)
        undefined = den == 0
        if undefined.any():
            out[undefined] = zero_value
            if zero_division == "warn" and metric in warn_for:
                warnings.warn(f"{metric.capitalize()} is ill-defined and being set to 0.0 in labels with "
                              f"no {modifier} samples. Use `zero_division` parameter to control this "
                              "behavior.", UndefinedMetricWarning, stacklevel=4)
        return out

    precision = divide(tp, predicted, "precision", "predicted")            # TP / (TP + FP)
    recall = divide(tp, true, "recall", "true")                            # TP / (TP + FN)
    if np.isposinf(beta):
        f = recall
    elif beta == 0:
        f = precision
    else:
        b2 = float(beta) ** 2
        f = divide((1 + b2) * tp, b2 * true + predicted, "f-score", "true nor predicted")
    if average is None:
        return precision, recall, f, true.astype(np.int64) if s is None else true
    weights = true if average == "weighted" else None
    return _nan_average(precision, weights), _nan_average(recall, weights), _nan_average(f, weights), None


def precision_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None,
                    zero_division="warn"):
    """Precision TP / (TP + FP): of the samples predicted positive, the share that are."""
    p, _, _, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, pos_label=pos_label,
                                                 average=average, sample_weight=sample_weight,
                                                 zero_division=zero_division, warn_for=("precision",))
    return _scalar(p, average)


def recall_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None,
                 zero_division="warn"):
    """Recall TP / (TP + FN): of the positive samples, the share predicted positive."""
    _, r, _, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, pos_label=pos_label,
                                                 average=average, sample_weight=sample_weight,
                                                 zero_division=zero_division, warn_for=("recall",))
    return _scalar(r, average)


def fbeta_score(y_true, y_pred, *, beta, labels=None, pos_label=1, average="binary", sample_weight=None,
                zero_division="warn"):
    """F_β = (1 + β²) TP / ((1 + β²) TP + β² FN + FP); β > 1 favours recall."""
    _, _, f, _ = precision_recall_fscore_support(y_true, y_pred, beta=beta, labels=labels,
                                                 pos_label=pos_label, average=average,
                                                 sample_weight=sample_weight, zero_division=zero_division,
                                                 warn_for=("f-score",))
    return _scalar(f, average)


def f1_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None,
             zero_division="warn"):
    """F1 = 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall."""
    return fbeta_score(y_true, y_pred, beta=1.0, labels=labels, pos_label=pos_label, average=average,
                       sample_weight=sample_weight, zero_division=zero_division)


def log_loss(y_true, y_prob, *, normalize=True, sample_weight=None, labels=None):
    """Cross-entropy L = −(1/N) Σ_i Σ_k t_ik ln p_ik of predicted probabilities.

    ``y_prob`` is (N, K) with columns in the order of the sorted labels (as
    ``predict_proba`` returns them), or (N,) holding p(positive class) for two classes.
    ``labels`` lists the classes when ``y_true`` does not show them all.
    """
    owner = "log_loss"
    P = as_float_array(y_prob, name="y_prob", owner=owner, ndim=(1, 2))
    y = _as_labels(y_true, "y_true", owner)
    if P.shape[0] != y.shape[0]:
        raise ValueError(f"{owner}: y_true has {y.shape[0]} samples but y_prob has {P.shape[0]} rows.")
    if P.max() > 1 or P.min() < 0:
        raise ValueError(f"{owner}: y_prob must hold probabilities in [0, 1], got values in "
                         f"[{P.min():g}, {P.max():g}].")
    s = _check_sample_weight(sample_weight, y.shape[0], owner)
    classes = np.unique(y) if labels is None else _check_label_list(labels, y, owner)
    if len(classes) < 2:
        raise ValueError(f"{owner}: y_true contains only one label ({classes.tolist()}); pass every class "
                         "through the labels argument, e.g. labels=[0, 1].")
    j = _index_of(y, classes)
    if (j < 0).any():
        missing = np.setdiff1d(y, classes).tolist()
        raise ValueError(f"{owner}: y_true contains labels {missing} that are not in labels={classes.tolist()}.")
    if P.ndim == 1:
        P = P[:, None]
    if P.shape[1] == 1:
        P = np.hstack([1.0 - P, P])                                        # binary: [1 − p, p]
    if P.shape[1] != len(classes):
        raise ValueError(f"{owner}: y_prob has {P.shape[1]} columns but there are {len(classes)} classes "
                         f"({classes.tolist()}); pass the labels argument if y_true misses some classes.")
    if not np.allclose(P.sum(axis=1), 1.0, rtol=np.sqrt(np.finfo(np.float64).eps), atol=0):
        warnings.warn(f"{owner}: the rows of y_prob do not sum to one; make sure to pass probabilities.",
                      UserWarning, stacklevel=2)
    eps = np.finfo(P.dtype).eps
    p_true = np.clip(P[np.arange(P.shape[0]), j], eps, 1 - eps)           # p_i,y_i   (N,)
    loss = -np.log(p_true)
    if not normalize:
        return float(loss.sum() if s is None else s @ loss)
    return float(np.average(loss, weights=s))


# -- shared steps --------------------------------------------------------------------------
def _as_labels(y, name, owner):
    """A 1-D array of class labels: ints, bools or strings, or floats with integer values."""
    if y is None:
        raise ValueError(f"{owner}: {name} is None; pass an array of class labels.")
    try:
        a = np.asarray(y)
    except ValueError as exc:
        raise ValueError(f"{owner}: {name} could not be read as an array ({exc}).") from None
    if a.ndim == 2 and a.shape[1] == 1:
        a = a.ravel()
    if a.ndim != 1:
        raise ValueError(f"{owner}: {name} must be a 1-D array of labels, got shape {a.shape} "
                         "(multilabel and multioutput targets are not supported).")
    if a.size == 0:
        raise ValueError(f"{owner}: {name} is empty; pass at least one label.")
    if a.dtype.kind == "c":
        raise ValueError(f"{owner}: {name} is complex; labels must be integers or strings.")
    if a.dtype.kind == "f":
        if not np.isfinite(a).all():
            raise ValueError(f"{owner}: {name} contains NaN or infinity; remove those samples first.")
        if not np.array_equal(a, np.round(a)):
            raise ValueError(f"{owner}: {name} holds continuous values (e.g. {a[a != np.round(a)][0]!r}); "
                             "classification metrics need class labels. For regression use "
                             "mean_squared_error or r2_score.")
    if a.dtype.kind == "O":
        kinds = {type(v).__name__ for v in a}
        if len(kinds) > 1 and not kinds <= {"int", "float", "bool", "int64", "float64"}:
            raise ValueError(f"{owner}: {name} mixes label types {sorted(kinds)}; use one type.")
        if any(v is None or (isinstance(v, float) and not np.isfinite(v)) for v in a):
            raise ValueError(f"{owner}: {name} contains None or NaN; remove those samples first.")
    return a


def _check_targets(y_true, y_pred, sample_weight, owner):
    y = _as_labels(y_true, "y_true", owner)
    y_hat = _as_labels(y_pred, "y_pred", owner)
    if y.shape[0] != y_hat.shape[0]:
        raise ValueError(f"{owner}: y_true has {y.shape[0]} samples but y_pred has {y_hat.shape[0]}; "
                         "pass one prediction per sample.")
    text = {a.dtype.kind in "US" for a in (y, y_hat)}
    if len(text) == 2:
        raise ValueError(f"{owner}: y_true ({y.dtype}) and y_pred ({y_hat.dtype}) hold labels of different "
                         "types (strings and numbers); use the same type in both.")
    return y, y_hat, _check_sample_weight(sample_weight, y.shape[0], owner)


def _unique(*arrays):
    return np.unique(np.concatenate(arrays))


def _check_label_list(labels, y, owner):
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(f"{owner}: labels must be a non-empty 1-D list of class labels, got shape {labels.shape}.")
    if len(np.unique(labels)) != len(labels):
        raise ValueError(f"{owner}: labels={labels.tolist()} contains duplicates.")
    if (labels.dtype.kind in "US") != (y.dtype.kind in "US"):
        raise ValueError(f"{owner}: labels ({labels.dtype}) and y_true ({y.dtype}) are of different types.")
    return labels


def _index_of(y, labels):
    """Position of each y_i in ``labels`` (any order), or -1 where y_i is not a label."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    pos = np.searchsorted(sorted_labels, y)
    pos_c = np.minimum(pos, len(labels) - 1)
    found = sorted_labels[pos_c] == y
    return np.where(found, order[pos_c], -1)


def _counts(y, y_hat, labels, s):
    """TP_c, TP_c + FP_c (predicted c) and TP_c + FN_c (truly c) for every label c."""
    L = len(labels)
    j, k = _index_of(y, labels), _index_of(y_hat, labels)
    w = np.ones(y.shape[0]) if s is None else s
    hit = (j >= 0) & (y == y_hat)
    tp = np.bincount(j[hit], weights=w[hit], minlength=L)
    predicted = np.bincount(k[k >= 0], weights=w[k >= 0], minlength=L)
    true = np.bincount(j[j >= 0], weights=w[j >= 0], minlength=L)
    return tp, predicted, true


def _labels_for_average(y, y_hat, average, labels, pos_label, owner):
    """The classes to score: [pos_label] for "binary", else ``labels`` or every label found."""
    if average is not None:
        check_option(average, name="average", owner=owner, allowed=AVERAGES)
    present = _unique(y, y_hat)
    if average == "binary":
        if len(present) > 2:
            raise ValueError(f"{owner}: the targets have {len(present)} classes ({present.tolist()[:10]}) but "
                             "average='binary'; choose average='macro', 'micro', 'weighted' or None.")
        if pos_label not in present.tolist() and len(present) == 2:
            raise ValueError(f"{owner}: pos_label={pos_label!r} is not one of the labels {present.tolist()}; "
                             "pass pos_label=<your positive class>.")
        return np.asarray([pos_label])
    if pos_label not in (None, 1):
        warnings.warn(f"{owner}: pos_label={pos_label!r} is ignored when average={average!r}; "
                      "use labels=[pos_label] to score a single class.", UserWarning, stacklevel=4)
    return present if labels is None else _check_label_list(labels, y, owner)


def _check_zero_division(zero_division, owner):
    if isinstance(zero_division, str) and zero_division == "warn":
        return 0.0
    if isinstance(zero_division, numbers.Real) and not isinstance(zero_division, bool):
        if zero_division in (0, 1):
            return float(zero_division)
        if np.isnan(zero_division):
            return np.nan
    raise ValueError(f"{owner}: zero_division={zero_division!r} must be 'warn', 0, 1 or np.nan.")


def _nan_average(scores, weights):
    """Mean (weighted if ``weights``) over the entries that are not NaN; NaN if none are."""
    keep = ~np.isnan(scores)
    if not keep.any():
        return float("nan")
    if weights is None or weights[keep].sum() == 0:
        return float(np.mean(scores[keep]))
    return float(np.average(scores[keep], weights=weights[keep]))


def _scalar(score, average):
    return score if average is None else float(score)
