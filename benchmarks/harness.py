"""Side-by-side timing of lucidml and its reference library.

A benchmark module ``benchmarks/bench_<topic>.py`` defines ``workloads(quick: bool)``
returning :class:`Workload` objects. ``run.py`` finds those modules, times each workload
in this one process (a warm-up call, then the median of ``repeats`` calls for each side),
prints a table and writes ``benchmarks/RESULTS.md``. ``quick=True`` shrinks the data so
the test suite can check that every workload runs; its timings mean nothing.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Workload:
    """One row of the table.

    setup()        -> data, built once, not timed
    lucidml(data)  -> result, timed
    reference(data)-> result, timed
    check(a, b)    -> None, asserts the two results agree (run once, not timed)
    flops          floating-point operations of one lucidml call, to print GFLOP/s (optional)
    """

    name: str
    setup: Callable[[], Any]
    lucidml: Callable[[Any], Any]
    reference: Callable[[Any], Any]
    reference_name: str
    check: Callable[[Any, Any], None] | None = None
    flops: float | None = None
    repeats: int = 5


@dataclass
class Timing:
    workload: Workload
    lucidml_s: float
    reference_s: float

    @property
    def ratio(self) -> float:
        return self.lucidml_s / self.reference_s


def median_time(fn: Callable[[], Any], repeats: int) -> float:
    fn()  # warm-up: numba compilation, caches, page faults
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_workload(w: Workload) -> Timing:
    data = w.setup()
    if w.check is not None:
        w.check(w.lucidml(data), w.reference(data))
    ours = median_time(lambda: w.lucidml(data), w.repeats)
    theirs = median_time(lambda: w.reference(data), w.repeats)
    return Timing(w, ours, theirs)
