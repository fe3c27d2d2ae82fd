"""``make bench``: time every workload of every ``benchmarks/bench_*.py`` module.

    python benchmarks/run.py [--quick] [--only SUBSTRING] [--out benchmarks/RESULTS.md]
"""
from __future__ import annotations

import argparse
import datetime
import importlib.util
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import Timing, run_workload  # noqa: E402


def load_workloads(quick: bool, only: str | None):
    workloads = []
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        workloads += [w for w in module.workloads(quick) if not only or only in w.name]
    return workloads


def machine_description() -> list[str]:
    from threadpoolctl import threadpool_info

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    blas = [f"{i['internal_api']} {i.get('version', '')} ({i.get('architecture', '')}, "
            f"{i['num_threads']} threads)" for i in threadpool_info() if i["user_api"] == "blas"]
    return [f"CPU: {cpu}, {os.cpu_count()} cores", f"BLAS: {'; '.join(blas) or 'unknown'}",
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}"]


def matmul_gflops() -> float:
    """This machine's dense matmul speed (2000 x 2000 float64), for scale."""
    import numpy as np

    from harness import median_time

    A = np.random.default_rng(0).normal(size=(2000, 2000))
    return 2 * 2000**3 / median_time(lambda: A @ A, 5) / 1e9


def render(timings: list[Timing], machine: list[str], peak: float, quick: bool) -> str:
    lines = ["# Benchmarks: lucidml vs the reference library", "",
             f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}{' (quick sizes: timings meaningless)' if quick else ''}.",
             *[f"- {m}" for m in machine], f"- NumPy matmul (2000×2000, float64): {peak:.1f} GFLOP/s", "",
             "Each time is the median of repeated calls after a warm-up, both sides in the same process. "
             "ratio = lucidml / reference (below 1: lucidml is faster).", "",
             "| workload | reference | lucidml s | reference s | ratio | lucidml GFLOP/s |",
             "|---|---|---:|---:|---:|---:|"]
    for t in timings:
        w = t.workload
        gf = f"{w.flops / t.lucidml_s / 1e9:.1f}" if w.flops else ""
        lines.append(f"| {w.name} | {w.reference_name} | {t.lucidml_s:.4f} | {t.reference_s:.4f} | "
                     f"{t.ratio:.2f} | {gf} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (a smoke test)")
    parser.add_argument("--only", help="run only workloads whose name contains this")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)

    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    workloads = load_workloads(args.quick, args.only)
    timings = []
    with Progress() as bar:
        task = bar.add_task("benchmarks", total=len(workloads))
        for w in workloads:
            bar.update(task, description=w.name)
            timings.append(run_workload(w))
            bar.advance(task)
    peak = matmul_gflops()
    table = Table(title="lucidml vs reference (median seconds)")
    for col in ["workload", "reference", "lucidml s", "reference s", "ratio", "GFLOP/s"]:
        table.add_column(col)
    for t in timings:
        w = t.workload
        gf = f"{w.flops / t.lucidml_s / 1e9:.1f}" if w.flops else ""
        table.add_row(w.name, w.reference_name, f"{t.lucidml_s:.4f}", f"{t.reference_s:.4f}",
                      f"{t.ratio:.2f}", gf)
    console = Console()
    console.print(table)
    machine = machine_description()
    console.print(*machine, f"NumPy matmul 2000x2000: {peak:.1f} GFLOP/s", sep="\n")
    args.out.write_text(render(timings, machine, peak, args.quick), encoding="utf-8")
    console.print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
