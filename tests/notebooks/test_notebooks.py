"""The course notebooks (notebooks/NN_topic.py, Jupytext) run top to bottom in a kernel of the project's
environment, each within its time budget; a notebook that raises fails the suite."""
import re
import sys
import time
from pathlib import Path

import pytest

from . import runner

BUDGET_S = 60                  # per notebook, kernel start included (each takes 6-15 s on the 2-core machine)
#: the syllabus sections (SYLLABUS.md), one notebook each; a later part of a section adds cells to its notebook
SECTIONS = {1: "convolution", 2: "distances_knn", 3: "probability", 4: "regression",
            5: "probabilistic_least_squares", 6: "supervised_models", 7: "generalisation", 8: "clustering",
            9: "curse_of_dimensionality", 10: "pca", 11: "neural_networks", 12: "time_series",
            13: "transformers", 14: "generative_models", 15: "training_neural_networks"}
PATHS = runner.notebook_paths()
#: sections with no lucidml.explain worked solution on main today (fitting distributions, the curse
#: experiment, normalisation and regularisation): they show numbers and figures only
NO_EXPLAINER = {"03_probability", "09_curse_of_dimensionality", "15_training_neural_networks"}


def test_one_notebook_per_section():
    stems = [p.stem for p in PATHS]
    assert set(stems) >= {f"{n:02d}_{name}" for n, name in SECTIONS.items()}
    assert len({stem[:2] for stem in stems}) == len(stems), "one notebook per section"
    for path in PATHS:
        assert 1 <= int(path.stem[:2]) <= 15, f"{path.name}: SYLLABUS.md has sections 1-15"
        source = path.read_text(encoding="utf-8")
        n = int(path.stem[:2])
        assert f"# # §{n} " in source, f"{path.name}: the first heading names its syllabus section"
        assert "**The slide's" in source, f"{path.name}: starts from the slide's question"
        assert "**Exercise.**" in source, f"{path.name}: ends with a short exercise"
        assert "quiz.generate(" in source, f"{path.name}: offers a seeded exercise from lucidml quiz"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path):
    start = time.perf_counter()
    nb, _ = runner.execute(path, timeout=BUDGET_S)
    seconds = time.perf_counter() - start
    assert seconds < BUDGET_S, f"{path.name} took {seconds:.0f} s > {BUDGET_S} s"
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), f"{path.name} shows no figure"
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    if path.stem != "09_curse_of_dimensionality":      # §9 has no reference library to compare with
        assert re.search(r"lucidml|scikit-learn|scipy|statsmodels|torch", printed), \
            f"{path.name} prints no comparison with its reference"
    if path.stem not in NO_EXPLAINER:
        assert any("text/html" in o.get("data", {}) and "solution" in o["data"]["text/html"] for o in outputs), \
            f"{path.name} shows no worked Solution"


def test_kernel_is_this_environment(tmp_path):
    nb = tmp_path / "where.py"
    nb.write_text("# %%\nimport sys\nprint(sys.prefix)\nimport lucidml\nprint(lucidml.__file__)\n")
    done, _ = runner.execute(nb, timeout=BUDGET_S)
    prefix, package = done.cells[0].outputs[0].text.split()
    assert prefix == sys.prefix                              # the project's .venv, not a system Python
    assert Path(package).resolve().parent == Path(__file__).resolve().parents[2] / "lucidml"


def test_a_failing_cell_fails(tmp_path):
    from nbclient.exceptions import CellExecutionError

    nb = tmp_path / "broken.py"
    nb.write_text("# %%\nfrom lucidml.signal import conv1d\nconv1d([1, 2], [1, 2, 3, 4])\n")
    with pytest.raises(CellExecutionError, match="conv1d"):
        runner.execute(nb, timeout=BUDGET_S)


# -- bad input: no kernel, no Jupyter packages, no notebooks ---------------------------------
def test_unknown_kernel_says_how_to_install(tmp_path):
    with pytest.raises(runner.NotebookKernelError, match=r"no Jupyter kernel named 'no-such-kernel' \(found: "
                                                         r".*python3.*\); install the notebooks extra: "
                                                         r"\.venv/bin/pip install -e \"\.\[notebooks\]\""):
        runner.execute(PATHS[0], kernel_name="no-such-kernel")


def test_missing_jupyter_packages_say_how_to_install(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ipykernel" else real(name, *a))
    with pytest.raises(runner.NotebookKernelError, match=r"ipykernel not installed in .*; install the notebooks "
                                                         r"extra"):
        runner.check_kernel()
    assert runner.main([str(PATHS[0])]) == 2
    assert 'pip install -e ".[notebooks]"' in capsys.readouterr().err


def test_folder_without_notebooks(tmp_path):
    with pytest.raises(runner.NotebookKernelError, match="no notebooks"):
        runner.notebook_paths(tmp_path)
