"""Parallel work over row blocks, with threads.

lucidml's compiled kernels are serial and release the GIL (``@njit(nogil=True)``), and
the matrix products go to BLAS. Running both kinds of parallelism at once (numba's
thread pool and BLAS's) makes the two pools fight over the same cores, which on a small
machine costs more than it gains. So work that splits into row blocks runs here: one
thread per core, each taking whole blocks, with BLAS limited to one thread inside.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from threadpoolctl import threadpool_limits

__all__ = ["effective_n_jobs", "row_blocks", "run_blocks"]


def effective_n_jobs(n_jobs: int | None) -> int:
    """None or -1: every core; a positive int: that many threads; -2: all but one, ..."""
    cores = os.cpu_count() or 1
    if n_jobs is None or n_jobs == -1:
        return cores
    if n_jobs < 0:
        return max(1, cores + 1 + n_jobs)
    if n_jobs == 0:
        raise ValueError("n_jobs=0 is not valid; use None (all cores), -1 (all cores) or a positive int.")
    return int(n_jobs)


def row_blocks(n_rows: int, block_rows: int):
    """(start, stop) pairs covering range(n_rows) in blocks of ``block_rows``."""
    block_rows = max(1, int(block_rows))
    return [(s, min(s + block_rows, n_rows)) for s in range(0, n_rows, block_rows)]


def run_blocks(work: Callable[[int, int, int], None], blocks, n_jobs: int | None = None) -> None:
    """Call ``work(start, stop, worker)`` for every block; ``worker`` in range(n_threads)
    identifies the thread, so each can own a scratch buffer. Blocks are dealt out
    round-robin; results are written by ``work`` into arrays the caller owns."""
    blocks = list(blocks)
    n_threads = min(effective_n_jobs(n_jobs), len(blocks))
    if n_threads <= 1:
        for start, stop in blocks:
            work(start, stop, 0)
        return

    def worker(w):
        for start, stop in blocks[w::n_threads]:
            work(start, stop, w)

    with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(n_threads) as pool:
        for future in [pool.submit(worker, w) for w in range(n_threads)]:
            future.result()  # re-raises an error from a worker
