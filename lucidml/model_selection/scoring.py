"""Scoring by name: a scorer turns (fitted model, X, y) into one number where greater is better.

    score(model, X, y) = sign · metric(y, response(model, X))

``response`` is ``predict`` (accuracy, F1, R², errors) or ``predict_proba`` (log loss),
and ``sign`` = −1 for losses, which is why their names start with ``neg_``: a search
always maximises. The metrics themselves are lucidml's (:mod:`lucidml.metrics`); the
names are scikit-learn's, so ``scoring="neg_mean_squared_error"`` means the same thing
in both libraries. A callable ``scoring(model, X, y)`` is used as it is.

>>> from lucidml.neighbors import KNeighborsClassifier
>>> X, y = np.array([[0.], [1.], [5.], [6.]]), np.array([0, 0, 1, 1])
>>> get_scorer("accuracy")(KNeighborsClassifier(n_neighbors=1).fit(X, y), [[0.2], [5.8]], [0, 0])
0.5
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

import numpy as np  # the doctest uses np

__all__ = ["get_scorer", "check_scoring", "SCORERS"]


@dataclass(frozen=True)
class _Scorer:
    """sign · metric(y, model.<response>(X), **kwargs); ``metric`` names a lucidml.metrics function."""

    name: str
    metric: str
    sign: int = 1
    response: str = "predict"
    kwargs: dict = field(default_factory=dict)

    def __call__(self, estimator, X, y, cache=None):
        """Score ``estimator`` on (X, y). ``cache`` (a dict) shares one predict/predict_proba
        call among several scorers of the same fitted model and data, as scikit-learn does."""
        if cache is None:
            cache = {}
        if self.response not in cache:
            cache[self.response] = getattr(estimator, self.response)(X)
        y_hat = cache[self.response]
        fn = getattr(importlib.import_module("lucidml.metrics"), self.metric)
        if self.response == "predict_proba":
            return self.sign * float(fn(y, y_hat, labels=getattr(estimator, "classes_", None), **self.kwargs))
        return self.sign * float(fn(y, y_hat, **self.kwargs))

    def __repr__(self):
        return f"make_scorer({self.metric}{', greater_is_better=False' if self.sign < 0 else ''})"


SCORERS = {s.name: s for s in [
    _Scorer("accuracy", "accuracy_score"),
    _Scorer("r2", "r2_score"),
    _Scorer("neg_mean_squared_error", "mean_squared_error", -1),
    _Scorer("neg_root_mean_squared_error", "root_mean_squared_error", -1),
    _Scorer("neg_mean_absolute_error", "mean_absolute_error", -1),
    _Scorer("f1", "f1_score"),
    _Scorer("f1_macro", "f1_score", kwargs={"average": "macro"}),
    _Scorer("f1_micro", "f1_score", kwargs={"average": "micro"}),
    _Scorer("f1_weighted", "f1_score", kwargs={"average": "weighted"}),
    _Scorer("precision", "precision_score"),
    _Scorer("precision_macro", "precision_score", kwargs={"average": "macro"}),
    _Scorer("recall", "recall_score"),
    _Scorer("recall_macro", "recall_score", kwargs={"average": "macro"}),
    _Scorer("neg_log_loss", "log_loss", -1, "predict_proba"),
]}


def _default_score(estimator, X, y):
    return float(estimator.score(X, y))


def get_scorer(scoring, *, owner: str = "get_scorer"):
    """A scorer for a name in :data:`SCORERS`, a callable ``f(model, X, y)``, or None (the model's ``score``)."""
    if scoring is None:
        return _default_score
    if callable(scoring):
        return scoring
    if isinstance(scoring, str):
        if scoring not in SCORERS:
            names = ", ".join(sorted(SCORERS))
            raise ValueError(f"{owner}: scoring={scoring!r} is not a known scorer; use one of {names}, "
                             "or a callable scorer(estimator, X, y).")
        return SCORERS[scoring]
    raise TypeError(f"{owner}: scoring must be a name, a callable, a list of names or a dict "
                    f"name -> scorer, got {scoring!r}.")


def check_scoring(scoring, *, owner: str = "cross_validate"):
    """``(scorers, multimetric)``: a dict name → scorer; ``multimetric`` is True for a list or dict.

    A single scorer is stored under the name "score" (results ``test_score``, ...); a
    list or dict keeps its names (``test_accuracy``, ``test_f1``, ...), as in scikit-learn.
    """
    if isinstance(scoring, (list, tuple, set)):
        names = list(scoring)
        if not names or len(set(names)) != len(names) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"{owner}: a list of scorers must be non-empty, distinct names, got {scoring!r}.")
        return {n: get_scorer(n, owner=owner) for n in names}, True
    if isinstance(scoring, dict):
        if not scoring:
            raise ValueError(f"{owner}: scoring is an empty dict; give at least one name -> scorer.")
        return {k: get_scorer(v, owner=owner) for k, v in scoring.items()}, True
    return {"score": get_scorer(scoring, owner=owner)}, False
