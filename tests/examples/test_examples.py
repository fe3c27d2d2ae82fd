"""Every examples/plot_*.py runs, fast (LUCIDML_FAST=1), within its time budget, with and without matplotlib."""
import runpy
import sys
import time
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("plot_*.py"))
BUDGET_S = 30          # per example, in the fast setting (each takes 1-5 s on the 2-core machine)


def test_there_are_examples():
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_is_short_percent_script_with_one_idea(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 40, f"{path.name} has {len(lines)} lines; an example stays under 40"
    assert lines[0] == "# %% [markdown]" and lines[1].startswith("# # "), "starts with its idea as a title"
    assert sum(line.startswith("# %%") for line in lines) >= 2            # py:percent cells
    assert "import matplotlib.pyplot as plt" in "\n".join(lines) and "except ImportError" in "\n".join(lines)


def _run(path, monkeypatch, capsys):
    monkeypatch.setenv("LUCIDML_FAST", "1")
    monkeypatch.chdir(path.parent)
    start = time.perf_counter()
    runpy.run_path(str(path), run_name="__main__")
    seconds = time.perf_counter() - start
    out = capsys.readouterr().out
    assert out.strip(), f"{path.name} printed nothing: an example shows its numbers"
    assert seconds < BUDGET_S, f"{path.name} took {seconds:.1f} s > {BUDGET_S} s with LUCIDML_FAST=1"
    return out


@pytest.mark.filterwarnings("ignore:FigureCanvasAgg is non-interactive:UserWarning")
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs_and_plots(path, monkeypatch, capsys):
    import matplotlib

    matplotlib.use("Agg")                      # no screen: plt.show() does nothing
    import matplotlib.pyplot as plt

    plt.close("all")
    _run(path, monkeypatch, capsys)
    assert plt.get_fignums(), f"{path.name} drew no figure although matplotlib is installed"
    plt.close("all")


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs_without_matplotlib(path, monkeypatch, capsys):
    # an example plots only if matplotlib is present: block its import and run it again
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    _run(path, monkeypatch, capsys)
