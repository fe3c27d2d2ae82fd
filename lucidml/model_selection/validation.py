"""Cross-validation and the curves built on it.

K-fold cross-validation estimates how well a model generalises by averaging its score
over K rounds, each fitted on K − 1 folds and scored on the held-out fold:

    CV = (1/K) Σ_k  score(f^{(−k)}, X_{F_k}, y_{F_k})

where f^{(−k)} is the model fitted without fold F_k. A *validation curve* plots the train
and validation scores against one hyperparameter (under- vs over-fitting); a *learning
curve* plots them against the number of training samples (more data or a better model?).

Every fit is an independent task ``_fit_and_score``; the tasks run through joblib, so
``n_jobs`` uses local processes and ``with joblib.parallel_backend("dask"):`` sends the
same tasks to a Dask cluster. For time-ordered splitters (or ``time_ordered=True``) every
split first passes the leakage guard :func:`check_temporal_split`.

Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §7.10.

>>> from lucidml.neighbors import KNeighborsClassifier
>>> X = np.array([[0.], [1.], [2.], [10.], [11.], [12.]])
>>> y = np.array([0, 0, 0, 1, 1, 1])
>>> cross_val_score(KNeighborsClassifier(n_neighbors=1), X, y, cv=3).tolist()
[1.0, 1.0, 1.0]
"""
from __future__ import annotations

import time
import warnings

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone, is_classifier
from sklearn.exceptions import FitFailedWarning

from lucidml.model_selection.scoring import _Scorer, check_scoring
from lucidml.model_selection.split import (TemporalLeakageError, check_cv, check_temporal_split,
                                           is_time_ordered)
from lucidml.utils.progress import track
from lucidml.utils.validation import check_int

__all__ = ["cross_validate", "cross_val_score", "validation_curve", "learning_curve"]


def cross_validate(estimator, X, y=None, *, groups=None, cv=None, scoring=None, n_jobs=None, verbose=0,
                   params=None, return_train_score=False, return_estimator=False, return_indices=False,
                   error_score=np.nan, time_ordered=False):
    """Fit and score ``estimator`` once per split of ``cv``.

    Returns a dict of arrays with one entry per split: ``fit_time``, ``score_time``,
    ``test_score`` (or ``test_<name>`` for each scorer when ``scoring`` is a list or
    dict), ``train_score``/``train_<name>`` if ``return_train_score``, and the fitted
    models under ``estimator`` if ``return_estimator``. ``cv``: folds (int), a splitter,
    or a list of (train, test) index pairs. ``time_ordered=True`` applies the leakage
    guard to every split (it is applied anyway when the splitter is time-ordered).
    """
    owner = "cross_validate"
    X, y, n = _check_X_y(X, y, owner)
    scorers, multimetric = check_scoring(scoring, owner=owner)
    splits = _checked_splits(estimator, X, y, groups, cv, n, time_ordered, owner)
    tasks = [(estimator, X, y, train, test, {}, scorers, return_train_score, return_estimator,
              error_score, params) for train, test in splits]
    results = _run_fits(tasks, n_jobs, verbose, f"{owner}: {len(tasks)} fits")
    out = {"fit_time": np.array([r["fit_time"] for r in results]),
           "score_time": np.array([r["score_time"] for r in results])}
    if return_estimator:
        out["estimator"] = [r["estimator"] for r in results]
    if return_indices:
        out["indices"] = {"train": [s[0] for s in splits], "test": [s[1] for s in splits]}
    for name in scorers:
        out[f"test_{name}"] = np.array([r["test"][name] for r in results])
        if return_train_score:
            out[f"train_{name}"] = np.array([r["train"][name] for r in results])
    return out


def cross_val_score(estimator, X, y=None, *, groups=None, cv=None, scoring=None, n_jobs=None, verbose=0,
                    params=None, error_score=np.nan, time_ordered=False):
    """The validation score of each split: ``cross_validate(...)["test_score"]``."""
    if isinstance(scoring, (list, tuple, set, dict)):
        raise ValueError("cross_val_score: scoring must be a single scorer (a name or a callable); "
                         "use cross_validate for several metrics.")
    return cross_validate(estimator, X, y, groups=groups, cv=cv, scoring=scoring, n_jobs=n_jobs,
                          verbose=verbose, params=params, error_score=error_score,
                          time_ordered=time_ordered)["test_score"]


def validation_curve(estimator, X, y=None, *, param_name, param_range, groups=None, cv=None, scoring=None,
                     n_jobs=None, verbose=0, params=None, error_score=np.nan, time_ordered=False):
    """Train and validation scores for each value of one hyperparameter.

    Returns ``(train_scores, test_scores)``, each of shape (len(param_range), n_splits):
    row j holds the per-split scores with ``param_name = param_range[j]``.
    """
    owner = "validation_curve"
    X, y, n = _check_X_y(X, y, owner)
    _check_param_names(estimator, [param_name], owner)
    values = list(param_range)
    if not values:
        raise ValueError(f"{owner}: param_range is empty; give at least one value of {param_name!r}.")
    scorers, _ = check_scoring(scoring, owner=owner)
    if len(scorers) != 1:
        raise ValueError(f"{owner}: scoring must be a single scorer.")
    splits = _checked_splits(estimator, X, y, groups, cv, n, time_ordered, owner)
    tasks = [(estimator, X, y, train, test, {param_name: v}, scorers, True, False, error_score, params)
             for v in values for train, test in splits]
    results = _run_fits(tasks, n_jobs, verbose, f"{owner}: {len(tasks)} fits")
    shape = (len(values), len(splits))
    train = np.array([r["train"]["score"] for r in results]).reshape(shape)
    test = np.array([r["test"]["score"] for r in results]).reshape(shape)
    return train, test


def learning_curve(estimator, X, y=None, *, groups=None, train_sizes=np.linspace(0.1, 1.0, 5), cv=None,
                   scoring=None, shuffle=False, random_state=None, n_jobs=None, verbose=0, params=None,
                   error_score=np.nan, return_times=False, time_ordered=False):
    """Train and validation scores as the training set grows.

    For each split (train, test) and each size s, fit on the first s training indices
    (after a random permutation of them if ``shuffle``) and score on that subset and on
    the test fold. Fractions in ``train_sizes`` are of the largest training fold, as in
    scikit-learn. Returns ``(train_sizes_abs, train_scores, test_scores)`` (scores of
    shape (n_sizes, n_splits)) and, with ``return_times``, fit and score times.
    """
    owner = "learning_curve"
    X, y, n = _check_X_y(X, y, owner)
    scorers, _ = check_scoring(scoring, owner=owner)
    if len(scorers) != 1:
        raise ValueError(f"{owner}: scoring must be a single scorer.")
    splits = _checked_splits(estimator, X, y, groups, cv, n, time_ordered, owner)
    if shuffle:
        from sklearn.utils import check_random_state

        rng = check_random_state(random_state)
        splits = [(rng.permutation(train), test) for train, test in splits]
    sizes = _absolute_train_sizes(train_sizes, len(splits[0][0]), owner)
    tasks = [(estimator, X, y, train[:s], test, {}, scorers, True, False, error_score, params)
             for s in sizes for train, test in splits]
    results = _run_fits(tasks, n_jobs, verbose, f"{owner}: {len(tasks)} fits")
    shape = (len(sizes), len(splits))
    out = [sizes,
           np.array([r["train"]["score"] for r in results]).reshape(shape),
           np.array([r["test"]["score"] for r in results]).reshape(shape)]
    if return_times:
        out += [np.array([r["fit_time"] for r in results]).reshape(shape),
                np.array([r["score_time"] for r in results]).reshape(shape)]
    return tuple(out)


# -- shared steps (also used by the searches) ----------------------------------------------
def _check_X_y(X, y, owner):
    if X is None:
        raise ValueError(f"{owner}: X is None; pass the data.")
    if hasattr(X, "tocsr"):
        X = X.tocsr()           # sparse: a row-indexable format; the estimator decides if it accepts it
    elif not hasattr(X, "shape") and not hasattr(X, "iloc"):
        X = np.asarray(X)
    if hasattr(X, "ndim") and X.ndim == 0:
        raise ValueError(f"{owner}: X must be an array of samples, got a scalar {X!r}.")
    n = X.shape[0]
    if n == 0:
        raise ValueError(f"{owner}: X has no samples; pass at least n_splits samples.")
    if y is not None:
        if not hasattr(y, "shape") and not hasattr(y, "iloc"):
            y = np.asarray(y)
        if y.shape[0] != n:
            raise ValueError(f"{owner}: X has {n} samples but y has {y.shape[0]}; pass one target per row.")
    return X, y, n


def _checked_splits(estimator, X, y, groups, cv, n, time_ordered, owner):
    """List the splits of ``cv``; check each is non-empty and, if time-ordered, leak-free."""
    if not hasattr(estimator, "fit"):
        raise TypeError(f"{owner}: estimator {estimator!r} has no fit method; pass a scikit-learn style "
                        "estimator.")
    splitter = check_cv(cv, y, classifier=is_classifier(estimator), n_samples=n, owner=owner)
    splits = [(np.asarray(train), np.asarray(test)) for train, test in splitter.split(X, y, groups)]
    if not splits:
        raise ValueError(f"{owner}: the splitter {splitter!r} produced no splits.")
    for k, (train, test) in enumerate(splits):
        if train.size == 0 or test.size == 0:
            which = "training" if train.size == 0 else "validation"
            raise ValueError(f"{owner}: split {k} has an empty {which} fold; use fewer splits or more data.")
    if time_ordered or is_time_ordered(splitter):
        gap = getattr(splitter, "gap", 0) or 0
        for k, (train, test) in enumerate(splits):
            try:
                check_temporal_split(train, test, gap=gap)
            except TemporalLeakageError as exc:
                raise TemporalLeakageError(f"{owner}: split {k} is invalid for time-ordered data. {exc}") from None
    return splits


def _check_param_names(estimator, names, owner):
    valid = estimator.get_params(deep=True)
    for name in names:
        if name not in valid:
            known = ", ".join(sorted(valid))
            raise ValueError(f"{owner}: {name!r} is not a parameter of {type(estimator).__name__}; "
                             f"its parameters are: {known}.")


def _absolute_train_sizes(train_sizes, n_max, owner):
    sizes = np.asarray(train_sizes)
    if sizes.ndim != 1 or sizes.size == 0:
        raise ValueError(f"{owner}: train_sizes must be a non-empty 1-D list, got {train_sizes!r}.")
    if sizes.dtype.kind == "f":
        if sizes.min() <= 0.0 or sizes.max() > 1.0:
            raise ValueError(f"{owner}: fractional train_sizes must lie in (0, 1], got "
                             f"[{sizes.min()}, {sizes.max()}].")
        sizes = np.clip((sizes * n_max).astype(int), 1, n_max)   # a fraction of the largest training fold
    elif sizes.dtype.kind in "iu":
        if sizes.min() <= 0 or sizes.max() > n_max:
            raise ValueError(f"{owner}: train_sizes must lie in [1, {n_max}] (the training fold size), got "
                             f"[{sizes.min()}, {sizes.max()}].")
    else:
        raise TypeError(f"{owner}: train_sizes must be numbers, got dtype {sizes.dtype}.")
    unique = np.unique(sizes)
    if unique.size < sizes.size:
        warnings.warn(f"{owner}: some train_sizes round to the same number of samples; using the "
                      f"{unique.size} distinct sizes {unique.tolist()}.", RuntimeWarning, stacklevel=3)
    return unique


def _index(a, idx):
    if a is None:
        return None
    if hasattr(a, "iloc"):
        return a.iloc[idx]
    return a[idx]


def _fit_params_for(params, train, n):
    """Slice per-sample fit parameters (arrays of length n) to the training rows."""
    if not params:
        return {}
    return {k: (_index(np.asarray(v), train) if hasattr(v, "__len__") and len(v) == n else v)
            for k, v in params.items()}


def _fit_and_score(estimator, X, y, train, test, parameters, scorers, return_train_score, return_estimator,
                   error_score, fit_params):
    """One task: clone, set ``parameters``, fit on the training rows, score on both parts."""
    model = clone(estimator).set_params(**parameters)
    X_train, y_train = _index(X, train), _index(y, train)
    X_test, y_test = _index(X, test), _index(y, test)
    out = {"parameters": parameters, "n_test": len(test)}
    start = time.perf_counter()
    try:
        model.fit(X_train, y_train, **_fit_params_for(fit_params, train, X.shape[0]))
    except Exception as exc:
        if isinstance(error_score, str) and error_score == "raise":
            raise
        out["fit_time"], out["score_time"] = time.perf_counter() - start, 0.0
        out["test"] = {name: float(error_score) for name in scorers}
        out["train"] = dict(out["test"])
        out["fit_error"] = f"{type(exc).__name__}: {exc}"
        out["estimator"] = model
        return out
    out["fit_time"] = time.perf_counter() - start
    start = time.perf_counter()
    out["test"] = _score(model, X_test, y_test, scorers, error_score)
    out["score_time"] = time.perf_counter() - start
    if return_train_score:
        out["train"] = _score(model, X_train, y_train, scorers, error_score)
    if return_estimator:
        out["estimator"] = model
    return out


def _score(model, X, y, scorers, error_score):
    scores = {}
    cache = {}                      # one predict (and predict_proba) call shared by the named scorers
    for name, scorer in scorers.items():
        try:
            value = scorer(model, X, y, cache=cache) if isinstance(scorer, _Scorer) else scorer(model, X, y)
        except Exception:
            if isinstance(error_score, str) and error_score == "raise":
                raise
            value = error_score
        if not np.isscalar(value) and np.ndim(value) != 0:
            raise ValueError(f"scoring {name!r} returned {value!r}; a scorer must return one number.")
        scores[name] = float(value)
    return scores


def _run_fits(tasks, n_jobs, verbose, label):
    """Run the ``_fit_and_score`` tasks through joblib, in order, with a rich progress bar if verbose > 0."""
    if n_jobs is not None:
        check_int(n_jobs, name="n_jobs", owner=label.split(":")[0])
    jobs = (delayed(_fit_and_score)(*t) for t in tasks)
    if verbose and verbose > 0:   # results as each fit finishes, in order
        results = list(track(Parallel(n_jobs=n_jobs, return_as="generator")(jobs), label, total=len(tasks)))
    else:
        results = Parallel(n_jobs=n_jobs)(jobs)
    _warn_failures(results, tasks)
    return results


def _warn_failures(results, tasks):
    failed = [r for r in results if "fit_error" in r]
    if not failed:
        return
    if len(failed) == len(results):
        raise ValueError(f"All {len(results)} fits failed; the first error was: {failed[0]['fit_error']}")
    example = failed[0]
    warnings.warn(f"{len(failed)} of {len(results)} fits failed and were scored error_score; the first "
                  f"(parameters {example['parameters']}) failed with {example['fit_error']}.",
                  FitFailedWarning, stacklevel=3)
