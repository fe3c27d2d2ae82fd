"""Imports follow the layers: importing a low layer loads nothing above it.

Each check runs in a fresh interpreter and reads ``sys.modules`` afterwards, so it does not
depend on what this test session imported before.
"""
import json
import pkgutil
import subprocess
import sys

import pytest

import lucidml

HEAVY = ("sklearn", "scipy", "matplotlib")
TOPICS = sorted(info.name for info in pkgutil.iter_modules(lucidml.__path__)
                if info.ispkg and info.name not in ("utils", "cli"))


def loaded_after(code: str) -> set[str]:
    """The modules in sys.modules after running ``code`` in a new interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def packages(modules) -> set[str]:
    return {m.split(".")[0] for m in modules}


def lucidml_topics(modules) -> set[str]:
    return {m.split(".")[1] for m in modules if m.startswith("lucidml.") and m.split(".")[1] in TOPICS}


def test_import_lucidml_loads_no_topic():
    mods = loaded_after("import lucidml")
    assert {m for m in mods if m.startswith("lucidml")} == {"lucidml", "lucidml.utils", "lucidml.utils.exports"}
    assert not packages(mods) & {"numpy", *HEAVY}


@pytest.mark.parametrize("topic", TOPICS)
def test_import_a_package_loads_none_of_its_modules(topic):
    mods = loaded_after(f"import lucidml.{topic}")
    assert {m for m in mods if m.startswith("lucidml")} == {"lucidml", f"lucidml.{topic}", "lucidml.utils",
                                                            "lucidml.utils.exports"}


def test_solution_type_loads_no_topic():
    for module in ("lucidml.explain.solution", "lucidml.report.section"):
        mods = loaded_after(f"import {module}")
        assert lucidml_topics(mods) <= {"explain", "report"}, module
        assert not packages(mods) & set(HEAVY), module


def test_signal_loads_neither_sklearn_nor_matplotlib():
    mods = loaded_after("import lucidml.signal\nfrom lucidml.signal import conv1d, conv2d\n"
                        "conv2d([[1, 2], [3, 4]], [[1]])")
    assert not packages(mods) & set(HEAVY)
    assert lucidml_topics(mods) == {"signal"}


def test_distances_load_neither_sklearn_nor_matplotlib():
    mods = loaded_after("import lucidml.metrics.distances as d\nd.pairwise_distances([[0, 1]], [[1, 1]])")
    assert not packages(mods) & {"sklearn", "matplotlib"}
    assert lucidml_topics(mods) == {"metrics"}


def test_tensor_loads_no_sklearn():
    mods = loaded_after("import lucidml.nn.tensor")
    assert "sklearn" not in packages(mods)


def _cli(*args: str) -> str:
    return ("import runpy, sys\n"
            f"sys.argv = ['lucidml', {', '.join(repr(a) for a in args)}]\n"
            "try:\n    runpy.run_module('lucidml', run_name='__main__')\n"
            "except SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n")


@pytest.mark.parametrize("args", [["--help"], ["explain", "--help"], ["experiment", "--help"]])
def test_cli_help_loads_no_topic_and_no_heavy_library(args):
    mods = loaded_after(_cli(*args))
    assert not packages(mods) & set(HEAVY)
    assert lucidml_topics(mods) == set()


def test_an_explain_command_loads_its_topic_only():
    mods = loaded_after(_cli("explain", "conv1d", "--signal", "2,5,0,1,3", "--kernel", "0,1,0"))
    assert lucidml_topics(mods) == {"signal", "explain"}
    assert not packages(mods) & set(HEAVY)


def test_python_dash_m_lucidml_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "lucidml", "explain", "distances", "--x", "0,0", "--y", "3,4",
                          "--format", "markdown"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "**Answer:**" in out.stdout
