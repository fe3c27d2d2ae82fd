"""Progress bars: one look for every long loop in lucidml (training, searches, ensembles, the tour).

    with progress_bar(total=max_iter, description="LogisticRegression (newton)", verbose=verbose) as bar:
        for it in range(max_iter):
            ...
            bar.advance(postfix=f"loss {loss:.4g}")

    for tree in track(trees, description="RandomForestClassifier: growing trees", verbose=verbose):
        ...

Every bar shows the same columns: description, bar, done/total, elapsed time, and a
free postfix text ("loss 0.12  val loss 0.15"). With ``verbose=0`` (or False/None) the bar
is a no-op and rich is not even imported. A bar opened while another is showing (a
forest with ``verbose=1`` inside a verbose grid search) becomes a second line of the same
display, removed when it finishes, instead of a second live display (which rich refuses).
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

__all__ = ["ProgressBar", "progress_bar", "track"]

_lock = threading.Lock()
_display = None    # the rich Progress on screen, shared by nested bars
_open_bars = 0


class ProgressBar:
    """Handle for one bar: ``advance`` it by steps, or ``update`` it to a position."""

    def __init__(self, display=None, task=None):
        self._display, self._task = display, task

    def advance(self, steps: float = 1, *, postfix: str | None = None) -> None:
        """Move ``steps`` forward; ``postfix`` replaces the text shown after the bar."""
        if self._display is not None:
            fields = {} if postfix is None else {"postfix": postfix}
            self._display.update(self._task, advance=steps, **fields)

    def update(self, *, completed: float | None = None, total: float | None = None,
               description: str | None = None, postfix: str | None = None) -> None:
        """Set the position, the total, the description or the postfix text (those given)."""
        if self._display is not None:
            fields = {"postfix": postfix} if postfix is not None else {}
            self._display.update(self._task, completed=completed, total=total, description=description, **fields)


_SILENT = ProgressBar()


@contextmanager
def progress_bar(total: float | None = None, description: str = "", *, verbose=1, completed: float = 0,
                 postfix: str = "") -> Iterator[ProgressBar]:
    """A bar over ``total`` steps (None: unknown), shown while the block runs when ``verbose`` > 0.

    The bar stays on screen when its block ends (a nested bar is removed instead).
    ``completed`` is where it starts (a resumed training run); ``postfix`` the first text after it.
    """
    if not verbose or verbose < 0:
        yield _SILENT
        return
    display, task = _open(total, description, completed, postfix)
    try:
        yield ProgressBar(display, task)
    finally:
        _close(display, task)


def track(items: Iterable, description: str = "", *, total: float | None = None, verbose=1,
          postfix: str = "") -> Iterator:
    """Yield each of ``items``, advancing a bar by one after each when ``verbose`` > 0.

    ``total`` defaults to ``len(items)`` when ``items`` has a length.
    """
    if total is None and hasattr(items, "__len__"):
        total = len(items)
    with progress_bar(total, description, verbose=verbose, postfix=postfix) as bar:
        for item in items:
            yield item
            bar.advance()


def _open(total, description, completed, postfix):
    global _display, _open_bars
    with _lock:
        if _display is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            _display = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                                MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.fields[postfix]}"))
            _display.start()
        _open_bars += 1
        display = _display
        task = display.add_task(description, total=total, completed=completed, postfix=postfix)
    return display, task


def _close(display, task):
    global _display, _open_bars
    with _lock:
        _open_bars -= 1
        if _open_bars == 0:
            display.stop()         # the outermost bar stays on screen, finished
            _display = None
        else:
            display.remove_task(task)
