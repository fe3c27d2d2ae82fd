"""Execute a Jupytext notebook (notebooks/*.py) in a kernel of this interpreter's environment.

The kernel is the ``python3`` kernel of the environment the tests run in: jupyter_client
starts it with this interpreter (``sys.executable``), so the notebooks import the lucidml
of the project's own ``.venv``. Used by the tests and by ``make notebooks-check``.
"""
from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
INSTALL = 'install the notebooks extra: .venv/bin/pip install -e ".[notebooks]" (or make notebooks)'


class NotebookKernelError(RuntimeError):
    """No Jupyter kernel (or no Jupyter packages) to run the notebooks with."""


def check_kernel(kernel_name: str = "python3") -> None:
    """Raise :class:`NotebookKernelError`, saying how to install the extra, when the notebooks cannot run."""
    missing = [m for m in ("jupytext", "nbclient", "nbformat", "ipykernel") if importlib.util.find_spec(m) is None]
    if missing:
        raise NotebookKernelError(f"cannot run the notebooks: {', '.join(missing)} not installed in "
                                  f"{sys.prefix}; {INSTALL}.")
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        known = ", ".join(sorted(KernelSpecManager().find_kernel_specs())) or "none"
        raise NotebookKernelError(f"cannot run the notebooks: no Jupyter kernel named {kernel_name!r} "
                                  f"(found: {known}); {INSTALL}.") from None


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The notebooks' sources: ``NN_topic.py`` in ``folder``, in syllabus order."""
    paths = sorted(p for p in Path(folder).glob("[0-9][0-9]_*.py"))
    if not paths:
        raise NotebookKernelError(f"no notebooks (NN_topic.py) in {folder}")
    return paths


def execute(path: Path, timeout: float = 120, kernel_name: str = "python3"):
    """Run every cell of the notebook at ``path``; returns ``(notebook, seconds)``.

    A cell that raises raises ``nbclient.exceptions.CellExecutionError`` (with the cell's
    traceback); a cell that runs past ``timeout`` seconds raises a timeout error.
    """
    check_kernel(kernel_name)
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(path)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, startup_timeout=120,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.execute()
    return nb, time.perf_counter() - start


def main(argv=None) -> int:
    """``python tests/notebooks/runner.py [notebook.py ...]``: run them, print the time of each."""
    args = sys.argv[1:] if argv is None else argv
    try:
        paths = [Path(a) for a in args] or notebook_paths()
        for path in paths:
            _, seconds = execute(path)
            print(f"{path.name}: ran in {seconds:.1f} s")
    except NotebookKernelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
