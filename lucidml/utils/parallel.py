"""Parallel work over row blocks, with threads.

lucidml's compiled kernels are serial and release the GIL (``@njit(nogil=True)``), and
the matrix products go to BLAS. Running both kinds of parallelism at once (numba's
thread pool and BLAS's) makes the two pools fight over the same cores, which on a small
machine costs more than it gains. So work that splits into row blocks runs here: one
thread per core, each taking whole blocks, with BLAS limited to one thread meanwhile.

Iterative algorithms call this hundreds of times per fit (k-means, EM), so the threads
live in one pool for the whole process and the BLAS library handles are found once.
A block's work that itself calls :func:`run_blocks` runs its blocks serially instead of
waiting on the pool it is running in.
"""
from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

__all__ = ["effective_n_jobs", "one_blas_thread", "row_blocks", "run_blocks"]

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_in_worker = threading.local()
_blas = {"controller": None, "limiter": None, "users": 0}


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
    if n_threads <= 1 or getattr(_in_worker, "active", False):
        for start, stop in blocks:
            work(start, stop, 0)
        return

    def worker(w):
        _in_worker.active = True
        try:
            for start, stop in blocks[w::n_threads]:
                work(start, stop, w)
        finally:
            _in_worker.active = False

    pool = _thread_pool(n_threads)
    _limit_blas()
    try:
        for future in [pool.submit(worker, w) for w in range(n_threads)]:
            future.result()  # re-raises an error from a worker
    finally:
        _restore_blas()


@contextlib.contextmanager
def one_blas_thread():
    """BLAS held to one thread inside the ``with`` block.

    For loops of matrix-vector products (Newton-CG, k-means++ seeding): on such thin
    products BLAS's threads cost more in waking and waiting than they gain (measured).
    Unlike ``threadpoolctl.threadpool_limits`` (which scans the loaded libraries, ~5 ms a
    call) this reuses one controller, and it nests with :func:`run_blocks`.
    """
    _limit_blas()
    try:
        yield
    finally:
        _restore_blas()


def _thread_pool(n_threads: int) -> ThreadPoolExecutor:
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size < n_threads:
            _pool = ThreadPoolExecutor(n_threads, thread_name_prefix="lucidml")
            _pool_size = n_threads
        return _pool


def _limit_blas() -> None:
    """BLAS to one thread while any caller's blocks run (counted, so overlapping callers
    from different threads restore the original setting only when the last one leaves)."""
    from threadpoolctl import ThreadpoolController

    with _lock:
        if _blas["users"] == 0:
            if _blas["controller"] is None:
                _blas["controller"] = ThreadpoolController()  # scans the loaded libraries once
            _blas["limiter"] = _blas["controller"].limit(limits=1, user_api="blas")
        _blas["users"] += 1


def _restore_blas() -> None:
    with _lock:
        _blas["users"] -= 1
        if _blas["users"] == 0:
            _blas["limiter"].restore_original_limits()
            _blas["limiter"] = None
