"""Every benchmark workload runs at quick sizes and lucidml agrees with the reference.

Timings are never asserted (the issues state speed goals as ratios from ``make bench``).
"""
import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

from harness import Workload, run_workload  # noqa: E402
from run import load_workloads, render  # noqa: E402


def _all_quick_workloads():
    return load_workloads(quick=True, only=None)


@pytest.mark.slow
@pytest.mark.parametrize("workload", _all_quick_workloads(), ids=lambda w: f"{w.name} vs {w.reference_name}")
def test_workload_runs_and_agrees(workload: Workload):
    workload.repeats = 1
    timing = run_workload(workload)  # runs workload.check: the two results must agree
    assert timing.lucidml_s > 0 and timing.reference_s > 0


def test_results_table_renders(tmp_path):
    w = Workload("toy", lambda: 1, lambda d: d, lambda d: d, "itself", flops=1e3, repeats=1)
    text = render([run_workload(w)], ["CPU: test"], 1.0, quick=True)
    assert "| toy | itself |" in text and "CPU: test" in text


def test_run_script_writes_results(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "RESULTS.md"
    assert module.main(["--quick", "--only", "conv2d", "--out", str(out)]) == 0
    assert "conv2d" in out.read_text()
