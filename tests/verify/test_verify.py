"""lucidml verify: every registered agreement case passes, and the command reports and exits as it should."""
import json
from collections import defaultdict

import numpy as np
import pytest
from typer.testing import CliRunner

from lucidml.verify import registry
from lucidml.verify.data import DATASETS, load
from lucidml.verify.report import AgreementReport

runner = CliRunner()
JOBS = [(c, d) for c in registry.all_cases() for d in c.datasets]


# -- the registry: the same comparisons `lucidml verify` and the tour show -----------------------
@pytest.mark.parametrize("c, dataset", JOBS, ids=[f"{c.key}-{d}" for c, d in JOBS])
def test_case_agrees_with_reference(c, dataset):
    result = registry.run_case(c, dataset)
    # the test extras install every reference library, so a missing one here is a broken install
    assert result.status != "skip", f"{c.key} on {dataset}: {result.detail}"
    assert result.status == "pass", (f"{c.key} on {dataset}: max |Δ| = {result.difference} > "
                                     f"{result.tolerance} ({result.detail})")


def test_every_estimator_is_checked_on_two_real_data_sets():
    datasets = defaultdict(set)
    for c in registry.all_cases():
        datasets[c.name] |= {d for d in c.datasets if d != "slide"}
    slide_only = {c.name for c in registry.all_cases() if c.datasets == ("slide",)}
    for name, used in datasets.items():
        if name not in slide_only:
            assert len(used) >= 2, f"{name} is compared on {sorted(used)} only; use at least two real data sets"
    assert len({c.key for c in registry.all_cases()}) == len(registry.all_cases())


def test_cases_cover_the_topics_and_references():
    cases = registry.all_cases()
    assert {"signal", "metrics", "neighbors", "probability", "linear_model", "tree", "ensemble", "svm",
            "naive_bayes", "model_selection", "cluster", "decomposition", "nn", "timeseries"} <= {c.topic for c in cases}
    references = " ".join(c.reference for c in cases)
    for library in ("sklearn", "scipy", "statsmodels", "torch"):
        assert library in references
    assert all(c.reason and c.quantity for c in cases)


def test_data_sets_load_and_are_real():
    for name in DATASETS:
        d = load(name)
        assert d.description
        if d.task in ("classification", "regression"):
            assert d.X.shape[0] == d.y.shape[0] >= 20
    load("iris").X[0, 0] = -1.0                       # a copy: no case can change another's data
    assert load("iris").X[0, 0] == 5.1
    with pytest.raises(ValueError, match="unknown data set 'nope'; known: iris"):
        load("nope")


# -- the comparison itself ----------------------------------------------------------------------
def test_max_abs_difference():
    assert registry.max_abs_difference([1.0, np.nan], [1.5, np.nan]) == 0.5     # NaN in the same place: equal
    assert registry.max_abs_difference([1.0, np.nan], [1.0, 2.0]) == np.inf     # NaN against a number: not
    assert registry.max_abs_difference([], []) == 0.0
    with pytest.raises(ValueError, match=r"shapes differ: lucidml \(2,\), reference \(3,\)"):
        registry.max_abs_difference([1, 2], [1, 2, 3])


def _case(compare, **kw):
    args = dict(name="demo", topic="demo", reference="numpy", quantity="a number", datasets=("iris",),
                tol=1e-9, reason="test", compare=compare)
    return registry.Case(**{**args, **kw})


def test_pass_fail_error_skip_and_relative_tolerance():
    assert registry.run_case(_case(lambda d: (1.0, 1.0 + 1e-12)), "iris").status == "pass"
    fail = registry.run_case(_case(lambda d: (1.0, 1.1)), "iris")
    assert fail.status == "fail" and fail.difference == pytest.approx(0.1)
    error = registry.run_case(_case(lambda d: 1 / 0), "iris")
    assert error.status == "error" and "ZeroDivisionError" in error.detail
    skip = registry.run_case(_case(lambda d: (0, 0), requires=("no_such_reference_lib",)), "iris")
    assert skip.status == "skip" and "no_such_reference_lib not installed" in skip.detail
    rel = registry.run_case(_case(lambda d: (1000.5, 1000.0), tol=1e-3, relative=True), "iris")
    assert rel.status == "pass" and rel.tolerance == pytest.approx(1.0)      # 1e-3 × max|ref|
    report = AgreementReport([fail, skip])
    assert not report.passed and report.failures == [fail]
    assert AgreementReport([skip]).passed                                     # a skip is not a failure


def test_case_decorator_rejects_bad_declarations():
    with pytest.raises(ValueError, match="unknown data set 'mnist'"):
        registry.case("x", reference="r", quantity="q", datasets=["mnist"], tol=0, reason="r")
    with pytest.raises(ValueError, match="at least one data set"):
        registry.case("x", reference="r", quantity="q", datasets=[], tol=0, reason="r")
    with pytest.raises(ValueError, match="registered twice"):
        first = registry.all_cases()[0]
        registry.case(first.name, reference="r", quantity=first.quantity, datasets=["iris"], tol=0,
                      reason="r", topic=first.topic)(lambda d: (0, 0))


def test_select_by_name_and_topic():
    assert {c.name for c in registry.select("KMeans")} == {"KMeans"}
    assert {c.topic for c in registry.select("signal")} == {"signal"}
    assert {c.name for c in registry.select(["kmeans", "SVC"])} == {"KMeans", "SVC"}   # case-insensitive
    assert len(registry.select(None)) == len(registry.all_cases())


# -- the command ------------------------------------------------------------------------------
def _app():
    from lucidml.cli import app

    return app


def test_command_text_and_exit_code_0():
    result = runner.invoke(_app(), ["verify", "--only", "conv1d,KFold", "--quiet"], env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    for text in ("scipy.signal.convolve", "sklearn.model_selection.KFold", "sunspots", "why this tolerance"):
        assert text in result.output
    # "conv1d" also selects nn's Conv1d layer case (names match case-insensitively): count what ran
    import re
    counts = re.search(r"(\d+) comparisons of (\d+) quantities on (\d+) data sets: (\d+) passed, 0 failed", result.output)
    assert counts and int(counts[1]) == int(counts[4]) >= 5, result.output[-300:]


def test_command_formats():
    result = runner.invoke(_app(), ["verify", "--only", "conv2d", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["passed"] is True and data["counts"]["pass"] == 3
    row = data["results"][1]
    assert {"what", "reference", "dataset", "quantity", "max_abs_difference", "tolerance", "tolerance_rule",
            "reason", "status"} <= set(row)
    assert row["reference"] == "scipy.signal.convolve2d" and row["max_abs_difference"] <= row["tolerance"]
    md = runner.invoke(_app(), ["verify", "--only", "conv2d", "--format", "markdown"]).output
    assert md.startswith("| what | reference | data set | quantity | max |Δ| ".replace("|Δ|", "\\|Δ\\|"))
    assert "| conv2d | scipy.signal.convolve2d | china |" in md
    html = runner.invoke(_app(), ["verify", "--only", "conv2d", "--format", "html"]).output
    assert '<table class="verify">' in html and "<th scope=\"col\">why this tolerance</th>" in html
    assert "<script" not in html and html.count('<tr class="verify-pass">') == 3


def test_unknown_only_name_lists_the_known_ones():
    result = runner.invoke(_app(), ["verify", "--only", "KMeans,nosuch"])
    assert result.exit_code == 2
    assert "unknown name 'nosuch' for --only; known names:" in result.output
    assert "KMeans" in result.output and "timeseries" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("compare, word", [(lambda d: (1.0, 2.0), "FAIL"), (lambda d: {}["missing"], "ERROR")])
def test_failing_case_exits_1(monkeypatch, compare, word):
    broken = _case(compare, name="broken-demo")
    monkeypatch.setattr(registry, "_REGISTRY", registry._REGISTRY + [broken])
    result = runner.invoke(_app(), ["verify", "--only", "broken-demo", "--quiet"], env={"COLUMNS": "220"})
    assert result.exit_code == 1, result.output
    assert word in result.output
    assert ("1 failed" if word == "FAIL" else "1 raised an error") in result.output


def test_tour_section_renders_the_report_as_a_table(monkeypatch):
    from lucidml.report import render_html
    from lucidml.verify import tour

    small = registry.run("conv1d")
    monkeypatch.setattr(registry, "run", lambda only=None, progress=False: small)
    section = tour.section()
    assert section.title == "Can you trust it?" and section.order > 150
    html = render_html([section])
    assert '<section id="can-you-trust-it">' in html
    assert '<table class="verify">' in html and "scipy.signal.convolve" in html and small.summary() in html
