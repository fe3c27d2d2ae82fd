"""Hyperparameter search by cross-validation: exhaustive grids and random samples.

For each candidate setting θ (a point of the grid, or a random draw) the search runs
K-fold cross-validation and keeps the mean validation score

    CV(θ) = (1/K) Σ_k score(f_θ^{(−k)}, X_{F_k}, y_{F_k}),     θ* = argmax_θ CV(θ)

(ties go to the first candidate), then refits f_θ* on all the data. All
|candidates| × K fits are independent tasks run through joblib, so ``n_jobs`` spreads
them over local processes and ``with joblib.parallel_backend("dask"):`` over a Dask
cluster, with the same results. ``cv_results_`` has scikit-learn's layout and, for the
same estimator, grid and splitter, the same numbers.

Reference: Bergstra & Bengio, "Random search for hyper-parameter optimization", JMLR 13 (2012);
Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §7.10.

>>> from lucidml.neighbors import KNeighborsClassifier
>>> X = np.arange(12.0)[:, None]                      # two noisy classes on a line
>>> y = np.array([0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1])
>>> search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 3, 5]}, cv=4).fit(X, y)
>>> search.best_params_, search.cv_results_["mean_test_score"].round(3).tolist()
({'n_neighbors': 5}, [0.583, 0.667, 0.75])
"""
from __future__ import annotations

import time
import warnings
from collections.abc import Mapping, Sequence
from itertools import product
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone
from sklearn.utils import check_random_state, get_tags
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from lucidml.model_selection.scoring import check_scoring
from lucidml.model_selection.validation import (_check_param_names, _check_X_y, _checked_splits,
                                                _fit_params_for, _run_fits)
from lucidml.utils.validation import check_int

__all__ = ["GridSearchCV", "RandomizedSearchCV", "ParameterGrid", "ParameterSampler"]


class ParameterGrid:
    """Every combination of a grid ``{name: [values]}`` (or a list of such grids).

    Names are taken in sorted order, so the candidates come in the same order as
    scikit-learn's ParameterGrid: the last name varies fastest.

    >>> list(ParameterGrid({"b": [1, 2], "a": ["x"]}))
    [{'a': 'x', 'b': 1}, {'a': 'x', 'b': 2}]
    """

    def __init__(self, param_grid, owner="ParameterGrid"):
        self.param_grid = _as_list_of_dicts(param_grid, "param_grid", owner)
        for grid in self.param_grid:
            for name, values in grid.items():
                _check_values(name, values, "param_grid", owner, allow_distribution=False)

    def __iter__(self):
        for grid in self.param_grid:
            names = sorted(grid)
            for values in product(*(grid[n] for n in names)):
                yield dict(zip(names, values))

    def __len__(self):
        return sum(int(np.prod([len(v) for v in grid.values()])) for grid in self.param_grid)


class ParameterSampler:
    """``n_iter`` random settings drawn from ``{name: distribution or list}``.

    A value with an ``rvs`` method (a scipy.stats distribution) is sampled; a list is
    drawn from uniformly. If every value is a list, distinct grid points are drawn
    without replacement (all of them when ``n_iter`` exceeds the grid). Otherwise the
    draws follow scikit-learn's ParameterSampler exactly (same ``random_state``, same
    settings).
    """

    def __init__(self, param_distributions, n_iter, *, random_state=None, owner="ParameterSampler"):
        self.param_distributions = _as_list_of_dicts(param_distributions, "param_distributions", owner)
        for dist in self.param_distributions:
            for name, values in dist.items():
                _check_values(name, values, "param_distributions", owner, allow_distribution=True)
        self.n_iter = check_int(n_iter, name="n_iter", owner=owner, minimum=1)
        self.random_state = random_state

    def __iter__(self):
        rng = check_random_state(self.random_state)
        dists = self.param_distributions
        if all(not hasattr(v, "rvs") for d in dists for v in d.values()):
            grid = list(ParameterGrid(dists))
            if self.n_iter > len(grid):
                warnings.warn(f"ParameterSampler: n_iter={self.n_iter} exceeds the {len(grid)} settings of the "
                              f"grid; using all {len(grid)} (a GridSearchCV would do the same).",
                              UserWarning, stacklevel=2)
            for i in rng.permutation(len(grid))[: self.n_iter]:
                yield grid[i]
            return
        for _ in range(self.n_iter):
            dist = dists[rng.randint(len(dists))]
            params = {}
            for name in sorted(dist):
                v = dist[name]
                params[name] = v.rvs(random_state=rng) if hasattr(v, "rvs") else v[rng.randint(len(v))]
            yield params

    def __len__(self):
        dists = self.param_distributions
        if all(not hasattr(v, "rvs") for d in dists for v in d.values()):
            return min(self.n_iter, len(ParameterGrid(dists)))
        return self.n_iter


def _as_list_of_dicts(grid, what, owner):
    if isinstance(grid, Mapping):
        grid = [grid]
    if not isinstance(grid, Sequence) or isinstance(grid, str) or not grid:
        raise TypeError(f"{owner}: {what} must be a dict {{name: values}} or a non-empty list of such "
                        f"dicts, got {grid!r}.")
    for g in grid:
        if not isinstance(g, Mapping):
            raise TypeError(f"{owner}: every entry of {what} must be a dict, got {g!r}.")
    return [dict(g) for g in grid]


def _check_values(name, values, what, owner, *, allow_distribution):
    if not isinstance(name, str):
        raise TypeError(f"{owner}: {what} keys must be parameter names (str), got {name!r}.")
    if allow_distribution and hasattr(values, "rvs"):
        return
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or not hasattr(values, "__getitem__"):
        raise TypeError(f"{owner}: {what}[{name!r}] must be a list of values"
                        f"{' or a distribution with rvs' if allow_distribution else ''}, got {values!r}; "
                        f"write [{values!r}] for a single value.")
    if isinstance(values, np.ndarray) and values.ndim > 1:
        raise ValueError(f"{owner}: {what}[{name!r}] must be one-dimensional, got shape {values.shape}.")
    if len(values) == 0:
        raise ValueError(f"{owner}: {what}[{name!r}] is empty; give at least one value.")


def _has(attr):
    """The search offers ``attr`` when its (best) estimator does."""
    def check(self):
        if hasattr(self, "best_estimator_"):
            return hasattr(self.best_estimator_, attr)
        return hasattr(self.estimator, attr)
    return check


class _SearchCV(MetaEstimatorMixin, BaseEstimator):
    """What both searches share: run the candidates, store ``cv_results_``, refit the best."""

    def __init__(self, estimator, *, scoring=None, n_jobs=None, refit=True, cv=None, verbose=0,
                 error_score=np.nan, return_train_score=False, time_ordered=False):
        self.estimator = estimator
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.error_score = error_score
        self.return_train_score = return_train_score
        self.time_ordered = time_ordered

    def fit(self, X, y=None, *, groups=None, **fit_params):
        """Cross-validate every candidate, then refit the best one on all of X (if ``refit``)."""
        owner = type(self).__name__
        X, y, n = _check_X_y(X, y, owner)
        scorers, multimetric = check_scoring(self.scoring, owner=owner)
        refit_metric = self._refit_metric(scorers, multimetric)
        candidates = list(self._candidates())
        _check_param_names(self.estimator, sorted({k for c in candidates for k in c}), owner)
        splits = _checked_splits(self.estimator, X, y, groups, self.cv, n, self.time_ordered, owner)
        tasks = [(self.estimator, X, y, train, test, params, scorers, self.return_train_score, False,
                  self.error_score, fit_params)
                 for params in candidates for train, test in splits]
        label = f"{owner}: {len(candidates)} candidates × {len(splits)} folds = {len(tasks)} fits"
        results = _run_fits(tasks, self.n_jobs, self.verbose, label)

        self.cv_results_ = _cv_results(candidates, results, len(splits), scorers, self.return_train_score)
        self.multimetric_ = multimetric
        self.n_splits_ = len(splits)
        self.scorer_ = scorers if multimetric else scorers["score"]
        for stale in ("best_index_", "best_params_", "best_score_", "best_estimator_", "refit_time_"):
            self.__dict__.pop(stale, None)                     # from an earlier fit
        best = None
        if callable(self.refit):
            best = self.refit(self.cv_results_)
            if isinstance(best, bool) or not isinstance(best, Integral) or not 0 <= best < len(candidates):
                raise ValueError(f"{owner}: the refit callable returned {best!r}; it must return the index "
                                 f"(0..{len(candidates) - 1}) of the chosen candidate in cv_results_.")
        elif refit_metric is not None:
            best = int(np.argmin(self.cv_results_[f"rank_test_{refit_metric}"]))   # rank 1, first on ties
            self.best_score_ = float(self.cv_results_[f"mean_test_{refit_metric}"][best])
        if best is not None:
            self.best_index_ = int(best)
            self.best_params_ = candidates[self.best_index_]
        if self.refit is not False:
            start = time.perf_counter()
            model = clone(self.estimator).set_params(**self.best_params_)
            self.best_estimator_ = model.fit(X, y, **_fit_params_for(fit_params, np.arange(n), n))
            self.refit_time_ = time.perf_counter() - start
        return self

    def _refit_metric(self, scorers, multimetric):
        owner = type(self).__name__
        if not multimetric:
            return "score"
        if self.refit is False or callable(self.refit):
            return None
        if not isinstance(self.refit, str) or self.refit not in scorers:
            raise ValueError(f"{owner}: with several scorers ({', '.join(scorers)}) refit must name the one "
                             f"that picks the best candidate (or be False or a callable), got refit={self.refit!r}.")
        return self.refit

    # -- the fitted search behaves like its best estimator --------------------------------
    @available_if(_has("predict"))
    def predict(self, X):
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_.predict(X)

    @available_if(_has("predict_proba"))
    def predict_proba(self, X):
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_.predict_proba(X)

    @available_if(_has("predict_log_proba"))
    def predict_log_proba(self, X):
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_.predict_log_proba(X)

    @available_if(_has("decision_function"))
    def decision_function(self, X):
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_.decision_function(X)

    @available_if(_has("transform"))
    def transform(self, X):
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_.transform(X)

    @available_if(_has("inverse_transform"))
    def inverse_transform(self, X):
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_.inverse_transform(X)

    @available_if(_has("score"))
    def score(self, X, y=None):
        """The refit metric of the best estimator on (X, y) (its own ``score`` when scoring=None)."""
        check_is_fitted(self, "best_estimator_")
        if self.multimetric_ and not isinstance(self.refit, str):
            raise ValueError(f"{type(self).__name__}.score: with several scorers and refit={self.refit!r} it is "
                             "not clear which metric to report; set refit to a scorer's name.")
        scorer = self.scorer_[self.refit] if self.multimetric_ else self.scorer_
        return scorer(self.best_estimator_, X, y)

    @property
    def classes_(self):
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_.classes_

    @property
    def n_features_in_(self):
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_.n_features_in_

    def __sklearn_is_fitted__(self):
        return hasattr(self, "cv_results_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        sub = get_tags(self.estimator)
        tags.estimator_type = sub.estimator_type
        tags.classifier_tags = sub.classifier_tags
        tags.regressor_tags = sub.regressor_tags
        tags.transformer_tags = sub.transformer_tags
        tags.target_tags = sub.target_tags
        tags.input_tags = sub.input_tags
        return tags


class GridSearchCV(_SearchCV):
    """Exhaustive search over ``param_grid`` ({name: [values]} or a list of them).

    Parameters
    ----------
    estimator : a scikit-learn style estimator (cloned for every fit)
    param_grid : dict or list of dicts of candidate values
    scoring : None (the estimator's ``score``), a name ("accuracy", "r2",
        "neg_mean_squared_error", ...), a callable ``f(model, X, y)``, or a list/dict of them
    n_jobs : joblib workers (None: one; -1: every core); the joblib backend decides where
    refit : True (or the metric's name when scoring several): refit the best on all data
    cv : folds (int), a splitter, or a list of (train, test) index pairs
    verbose : > 0 shows a progress bar of fits done / total
    error_score : the score of a failed fit (np.nan), or "raise"
    return_train_score : also score each fit on its training folds
    time_ordered : apply the leakage guard to every split (automatic for TimeSeriesSplit)

    Attributes: ``cv_results_``, ``best_index_``, ``best_params_``, ``best_score_``,
    ``best_estimator_``, ``scorer_``, ``n_splits_``, ``refit_time_``, ``multimetric_``.
    """

    def __init__(self, estimator, param_grid, *, scoring=None, n_jobs=None, refit=True, cv=None, verbose=0,
                 error_score=np.nan, return_train_score=False, time_ordered=False):
        super().__init__(estimator, scoring=scoring, n_jobs=n_jobs, refit=refit, cv=cv, verbose=verbose,
                         error_score=error_score, return_train_score=return_train_score,
                         time_ordered=time_ordered)
        self.param_grid = param_grid

    def _candidates(self):
        return ParameterGrid(self.param_grid, owner=type(self).__name__)


class RandomizedSearchCV(_SearchCV):
    """Random search: ``n_iter`` settings drawn from ``param_distributions``.

    Each value is a list (drawn uniformly) or a distribution with ``rvs`` (e.g.
    ``scipy.stats.loguniform(1e-3, 1e2)``). Other parameters as :class:`GridSearchCV`.
    """

    def __init__(self, estimator, param_distributions, *, n_iter=10, scoring=None, n_jobs=None, refit=True,
                 cv=None, verbose=0, random_state=None, error_score=np.nan, return_train_score=False,
                 time_ordered=False):
        super().__init__(estimator, scoring=scoring, n_jobs=n_jobs, refit=refit, cv=cv, verbose=verbose,
                         error_score=error_score, return_train_score=return_train_score,
                         time_ordered=time_ordered)
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.random_state = random_state

    def _candidates(self):
        return ParameterSampler(self.param_distributions, self.n_iter, random_state=self.random_state,
                                owner=type(self).__name__)


# -- cv_results_ ---------------------------------------------------------------------------
def _cv_results(candidates, results, n_splits, scorers, return_train_score):
    """scikit-learn's layout: one entry per candidate in every array.

    For each score s (per split k): split{k}_test_s, mean_test_s = (1/K) Σ_k s_k,
    std_test_s = √((1/K) Σ_k (s_k − mean)²), rank_test_s (1 = best; equal means share
    the smallest rank; a NaN mean ranks last).
    """
    C = len(candidates)
    out = {}

    def store(key, values, rank=False):
        a = np.asarray(values, dtype=np.float64).reshape(C, n_splits)    # (candidates, splits)
        if key.startswith(("test_", "train_")):
            for k in range(n_splits):
                out[f"split{k}_{key}"] = a[:, k]
        mean = np.average(a, axis=1)
        out[f"mean_{key}"] = mean
        out[f"std_{key}"] = np.sqrt(np.average((a - mean[:, None]) ** 2, axis=1))
        if rank:
            out[f"rank_{key}"] = _rank_descending(mean)

    store("fit_time", [r["fit_time"] for r in results])
    store("score_time", [r["score_time"] for r in results])
    for name, value_lists in _param_columns(candidates).items():
        out[f"param_{name}"] = value_lists
    out["params"] = candidates
    for name in scorers:
        store(f"test_{name}", [r["test"][name] for r in results], rank=True)
        if return_train_score:
            store(f"train_{name}", [r["train"][name] for r in results])
    return out


def _rank_descending(mean):
    """rank_i = 1 + #{j : m_j > m_i}; NaN means rank after every number."""
    if np.isnan(mean).all():
        return np.ones(mean.shape, dtype=np.int32)
    m = np.where(np.isnan(mean), np.nanmin(mean) - 1, mean)
    return (1 + (m[None, :] > m[:, None]).sum(axis=1)).astype(np.int32)


def _param_columns(candidates):
    """param_<name>: a masked array over candidates (masked where a candidate lacks the name)."""
    names = sorted({k for c in candidates for k in c})
    columns = {}
    for name in names:
        present = [name in c for c in candidates]
        values = np.empty(len(candidates), dtype=object)
        values[:] = [c.get(name) for c in candidates]
        if all(present):
            try:                                        # numbers get a numeric dtype, as in scikit-learn
                as_array = np.array(list(values))
                if as_array.ndim == 1 and as_array.dtype.kind in "biuf":
                    values = as_array
            except (ValueError, TypeError):
                pass
        columns[name] = np.ma.MaskedArray(values, mask=[not p for p in present])
    return columns
