"""Input validation for lucidml's functions.

Estimators validate through scikit-learn's ``validate_data`` (so they pass
``check_estimator``); plain functions (``conv1d``, ``pairwise_distances``, the
explainers) use the helpers here. Every error names the function, the argument, what
was wrong and what to do, so that a student never meets a crash deep inside NumPy.
"""
from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np

__all__ = ["as_float_array", "check_int", "check_real", "check_option", "check_two_classes",
           "count_or_fraction", "as_generator"]


def as_float_array(
    x,
    *,
    name: str,
    owner: str,
    ndim: int | tuple[int, ...] | None = None,
    allow_empty: bool = False,
    dtype=np.float64,
) -> np.ndarray:
    """Convert ``x`` to a finite floating-point array or raise a clear ``ValueError``.

    ``ndim`` is the required number of dimensions (or a tuple of allowed ones).
    Integer and boolean inputs are converted; strings, objects and complex numbers are
    refused, because silently casting them would give a wrong answer.
    """
    if x is None:
        raise ValueError(f"{owner}: {name} is None; pass an array of numbers.")
    try:
        a = np.asarray(x)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(
            f"{owner}: {name} could not be read as an array ({exc}); "
            "check that every row has the same length."
        ) from None
    if a.dtype.kind in "OUSV" or a.dtype.kind == "M" or a.dtype.kind == "m":
        try:
            a = a.astype(np.float64)
        except (TypeError, ValueError):
            raise ValueError(
                f"{owner}: {name} must contain numbers, got dtype {a.dtype} "
                f"(e.g. {a.ravel()[:1].tolist()}); convert it to a numeric array first."
            ) from None
    if a.dtype.kind == "c":
        raise ValueError(
            f"{owner}: {name} is complex ({a.dtype}); lucidml works on real numbers, "
            "pass the real part explicitly if that is what you mean."
        )
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if a.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            hint = ""
            if 2 in allowed and a.ndim == 1:
                hint = " Reshape with x.reshape(-1, 1) for one feature or x.reshape(1, -1) for one sample."
            raise ValueError(
                f"{owner}: {name} must be {want}, got a {a.ndim}-D array of shape {a.shape}.{hint}"
            )
    if a.size == 0 and not allow_empty:
        raise ValueError(f"{owner}: {name} is empty (shape {a.shape}); pass at least one value.")
    a = a.astype(dtype, copy=False)
    if not np.isfinite(a).all():
        bad = "NaN" if np.isnan(a).any() else "infinity"
        where = np.argwhere(~np.isfinite(a))[0]
        raise ValueError(
            f"{owner}: {name} contains {bad} (first at index {tuple(int(i) for i in where)}); "
            "remove or impute non-finite values first."
        )
    return a


def check_int(value, *, name: str, owner: str, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """Return ``value`` as ``int`` if it is an integer within ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{owner}: {name} must be an integer, got {value!r} ({type(value).__name__}).")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{owner}: {name}={value} must be >= {minimum}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{owner}: {name}={value} must be <= {maximum}.")
    return value


def check_real(value, *, name: str, owner: str, minimum: float | None = None,
               strict: bool = False) -> float:
    """Return ``value`` as ``float`` if it is a finite real number above ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}: {name} must be a real number, got {value!r} ({type(value).__name__}).")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{owner}: {name}={value} must be finite.")
    if minimum is not None and (value <= minimum if strict else value < minimum):
        op = ">" if strict else ">="
        raise ValueError(f"{owner}: {name}={value} must be {op} {minimum}.")
    return value


def check_option(value, *, name: str, owner: str, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed`` (case-sensitive), else a clear error."""
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{owner}: {name}={value!r} is not supported; choose one of {options}.")
    return value


def check_two_classes(classes, owner: str) -> None:
    """Refuse to train a classifier on a single class: ``classes`` are the distinct labels of y."""
    if len(classes) < 2:
        label = np.asarray(classes)[:1].tolist()            # a plain value: 'a', 3, not np.str_('a')
        shown = repr(label[0]) if label else "none"
        raise ValueError(f"{owner}: y has only one class ({shown}); a single class gives a classifier "
                         "nothing to learn, so pass samples of at least two classes.")


def count_or_fraction(value, *, name: str, owner: str, unit: str, fraction_closed: bool = False):
    """Read ``value`` as a count (an int, returned as ``int``) or a fraction (returned as ``float``).

    A fraction must lie in (0, 1), or in (0, 1] with ``fraction_closed`` (1.0 = all of them).
    The caller decides which counts are allowed and what the fraction is a fraction of
    (``train_test_split``: of n_samples; ``PCA``: of the variance; ``max_features``: of
    n_features). ``unit`` names what is counted ("rows", "components", "features").
    ``True``/``False`` are refused: a bool is neither a count nor a fraction.
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        q = float(value)
        if not (0.0 < q <= 1.0 if fraction_closed else 0.0 < q < 1.0):   # NaN fails both
            interval = "in (0, 1]" if fraction_closed else "strictly between 0 and 1"
            raise ValueError(f"{owner}: {name}={value} as a fraction must lie {interval}, so {name}={value} "
                             f"is out of range; pass such a fraction or an int (a number of {unit}).")
        return q
    raise TypeError(f"{owner}: {name} must be an int (a number of {unit}) or a float (a fraction of them), "
                    f"got {value!r} ({type(value).__name__}).")


def as_generator(random_state) -> np.random.Generator:
    """A NumPy ``Generator`` from None (fresh entropy), an int seed (or a sequence of them, or a
    ``SeedSequence``), a ``Generator`` (returned as is) or a legacy ``RandomState`` (which seeds
    a new Generator, so a seeded RandomState still gives reproducible draws).

    Estimators that follow scikit-learn take ``sklearn.utils.check_random_state`` (a
    ``RandomState``); code written for NumPy's newer API takes this one.
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(np.iinfo(np.int32).max))
    try:
        return np.random.default_rng(random_state)
    except (TypeError, ValueError):
        raise TypeError(f"random_state must be None, an int, a numpy Generator or a RandomState, "
                        f"got {random_state!r} ({type(random_state).__name__}).") from None


def check_training_query(X_train, y_train, x_query, *, owner: str):
    """Validate a (training set, one query point) pair, as the instance-based explainers take.

    Returns ``X`` (n, D) floats, ``y`` (n,) labels as given, ``x`` (D,) floats.
    """
    X = as_float_array(X_train, name="X_train", owner=owner, ndim=2)
    y = np.asarray(y_train)
    if y.ndim != 1 or len(y) != X.shape[0]:
        raise ValueError(f"{owner}: y_train must be 1-D with one label per row of X_train "
                         f"({X.shape[0]}), got shape {y.shape}.")
    x = as_float_array(x_query, name="x_query", owner=owner, ndim=(1, 2)).reshape(-1)
    if x.shape[0] != X.shape[1]:
        raise ValueError(f"{owner}: x_query has {x.shape[0]} features but X_train has {X.shape[1]}.")
    return X, y, x
