"""The agreement cases: one registry that ``lucidml verify``, the tour and the tests all run.

A case is a function that takes a real :class:`~lucidml.verify.data.Dataset` and returns
``(ours, reference)``: the same quantity computed by lucidml and by the reference library
(scikit-learn, SciPy, statsmodels, PyTorch). It is registered with :func:`case`, which
records what is compared, against what, on which data sets, and the tolerance with its
reason::

    @case("KMeans", reference="sklearn.cluster.KMeans", quantity="cluster centres",
          datasets=("iris", "wine"), tol=1e-8,
          reason="from the same initial centres both run the same Lloyd iterations")
    def kmeans(d):
        ...
        return ours.cluster_centers_, ref.cluster_centers_

A result passes when max |ours − reference| <= the tolerance (``tol``, or ``tol × max|reference|``
when ``relative=True``). Case modules live in :mod:`lucidml.verify.cases`, one per topic;
a module there is picked up without editing anything else.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import time
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from lucidml.utils.progress import progress_bar
from lucidml.verify.data import DATASETS, load

__all__ = ["Case", "Result", "case", "all_cases", "select", "known_names", "run_case", "run"]

#: syllabus order of the topics (SYLLABUS.md §1 = 10, ...), for the order of the report
TOPIC_ORDER = {"slides": 0, "signal": 10, "metrics": 20, "neighbors": 25, "probability": 30,
               "preprocessing": 35, "linear_model": 40, "tree": 60, "ensemble": 61, "svm": 62,
               "naive_bayes": 63, "model_selection": 70, "cluster": 80, "decomposition": 100,
               "nn": 110, "timeseries": 120}

# the cases in registration order; filled by importing the modules of lucidml.verify.cases
_REGISTRY: list["Case"] = []
_LOADED = False


@dataclass(frozen=True)
class Case:
    """One comparison of lucidml with a reference, run on each of ``datasets``."""

    name: str                       # what is checked: "KMeans", "conv1d", ...
    topic: str                      # the lucidml package: "cluster", "signal", ...
    reference: str                  # "sklearn.cluster.KMeans"
    quantity: str                   # "cluster centres", "log-likelihood", "gradients", ...
    datasets: tuple[str, ...]
    tol: float
    reason: str                     # why this tolerance
    compare: Callable = field(repr=False, compare=False)
    relative: bool = False          # tolerance is tol × max|reference|
    requires: tuple[str, ...] = ()  # modules the reference needs (an absent one skips the case)

    @property
    def key(self) -> str:
        return f"{self.name}: {self.quantity}"


@dataclass(frozen=True)
class Result:
    """The outcome of one case on one data set."""

    case: Case
    dataset: str
    status: str                     # "pass", "fail", "skip" or "error"
    difference: float | None        # max |ours − reference|
    tolerance: float | None         # the absolute tolerance it was held to
    detail: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in ("pass", "skip")

    def as_dict(self) -> dict:
        c = self.case
        return {"what": c.name, "topic": c.topic, "reference": c.reference, "dataset": self.dataset,
                "quantity": c.quantity, "max_abs_difference": self.difference, "tolerance": self.tolerance,
                "tolerance_rule": tolerance_rule(c), "reason": c.reason, "status": self.status,
                "detail": self.detail, "seconds": round(self.seconds, 3)}


def tolerance_rule(c: Case) -> str:
    return f"{c.tol:.0e} × max|ref|" if c.relative else f"{c.tol:.0e}"


def case(name: str, *, reference: str, quantity: str, datasets, tol: float, reason: str,
         relative: bool = False, requires=(), topic: str | None = None):
    """Register the decorated ``compare(dataset) -> (ours, reference)`` as an agreement case."""
    datasets = tuple(datasets)
    if len(datasets) == 0:
        raise ValueError(f"case {name!r}: give at least one data set.")
    for d in datasets:
        if d not in DATASETS:
            raise ValueError(f"case {name!r}: unknown data set {d!r}; known: {', '.join(DATASETS)}.")
    if not tol >= 0:
        raise ValueError(f"case {name!r}: tol={tol!r} must be >= 0.")

    def register(compare):
        owner = topic or compare.__module__.rsplit(".", 1)[-1]
        new = Case(name, owner, reference, quantity, datasets, float(tol), reason, compare, relative,
                   tuple(requires))
        if any(c.key == new.key for c in _REGISTRY):
            raise ValueError(f"case {new.key!r} is registered twice; give it another quantity.")
        _REGISTRY.append(new)
        return compare

    return register


def _load_case_modules() -> None:
    global _LOADED
    if _LOADED:
        return
    import lucidml.verify.cases as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{pkg.__name__}.{info.name}")
    _LOADED = True


def all_cases() -> list[Case]:
    """Every registered case, in syllabus order (then registration order)."""
    _load_case_modules()
    order = {id(c): i for i, c in enumerate(_REGISTRY)}
    return sorted(_REGISTRY, key=lambda c: (TOPIC_ORDER.get(c.topic, 999), order[id(c)]))


def known_names() -> list[str]:
    """The names ``--only`` accepts: every case name and every topic."""
    cases = all_cases()
    return list(dict.fromkeys([c.name for c in cases] + [c.topic for c in cases]))


def select(only=None) -> list[Case]:
    """The cases named by ``only`` (names or topics, case-insensitive; a comma-separated string
    or a list), or all of them. An unknown name is an error that lists the known ones."""
    cases = all_cases()
    if only is None or (isinstance(only, str) and not only.strip()):
        return cases
    wanted = [w.strip() for w in (only.split(",") if isinstance(only, str) else only) if w.strip()]
    known = {n.lower() for n in known_names()}
    unknown = [w for w in wanted if w.lower() not in known]
    if unknown:
        raise ValueError(f"verify: unknown name{'s' if len(unknown) > 1 else ''} "
                         f"{', '.join(repr(u) for u in unknown)} for --only; known names: "
                         f"{', '.join(known_names())}.")
    lowered = {w.lower() for w in wanted}
    return [c for c in cases if c.name.lower() in lowered or c.topic.lower() in lowered]


def _missing(modules) -> list[str]:
    missing = []
    for m in modules:
        try:
            if importlib.util.find_spec(m) is None:
                missing.append(m)
        except (ImportError, ValueError):
            missing.append(m)
    return missing


def max_abs_difference(ours, ref) -> float:
    """max |ours − ref| over every entry; NaN in the same places counts as equal."""
    a, b = np.asarray(ours, dtype=float), np.asarray(ref, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: lucidml {a.shape}, reference {b.shape}")
    if a.size == 0:
        return 0.0
    both_nan = np.isnan(a) & np.isnan(b)
    with np.errstate(invalid="ignore"):
        d = np.abs(a - b)
    d = np.where(both_nan, 0.0, d)
    d = np.where(np.isnan(d), np.inf, d)
    return float(d.max())


def run_case(c: Case, dataset: str) -> Result:
    """Run one case on one data set: pass, fail, skip (reference not installed) or error."""
    missing = _missing(c.requires)
    if missing:
        return Result(c, dataset, "skip", None, None,
                      f"{', '.join(missing)} not installed (pip install -e \".[test]\")")
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")      # convergence chatter of the references
            ours, ref = c.compare(load(dataset))
        diff = max_abs_difference(ours, ref)
        scale = float(np.nanmax(np.abs(np.asarray(ref, dtype=float)))) if c.relative and np.size(ref) else 1.0
    except Exception as exc:                     # a broken case is reported, never hidden
        return Result(c, dataset, "error", None, None, f"{type(exc).__name__}: {exc}",
                      time.perf_counter() - start)
    tolerance = c.tol * scale if c.relative else c.tol
    status = "pass" if diff <= tolerance else "fail"
    return Result(c, dataset, status, diff, tolerance, "", time.perf_counter() - start)


def run(only=None, progress: bool = False):
    """Run the selected cases on all their data sets; returns an :class:`AgreementReport`."""
    from lucidml.verify.report import AgreementReport

    jobs = [(c, d) for c in select(only) for d in c.datasets]
    results = []
    with progress_bar(len(jobs), "Verifying", verbose=progress) as bar:
        for c, d in jobs:
            bar.update(description=f"verify: {c.name} on {d}")
            results.append(run_case(c, d))
            bar.advance()
    return AgreementReport(results)
