"""The tour's "Can you trust it?" section: the agreement report, rendered as an HTML table.

It runs the same registry as ``lucidml verify`` and the tests (``tests/verify``), so the
table in the report is the one the suite checks.
"""
from __future__ import annotations

#: last in the tour, after every topic (SYLLABUS §15 = 150)
ORDER = 990


def section():
    from lucidml.report import Section
    from lucidml.verify import registry

    report = registry.run()
    n = report.counts
    intro = [
        "lucidml against its references. Every estimator and function of lucidml is run here against its reference implementation "
        "(scikit-learn, SciPy, statsmodels or PyTorch) on real data sets that ship with those packages, "
        "and every worked example against the number printed on the course's slide. Each row gives what "
        "is compared, the largest absolute difference, the tolerance and why the tolerance is what it is.",
        f"This run: {report.summary()} The same table is printed by the command lucidml verify "
        "(--format markdown, html or json for a file), which exits with status 1 when any comparison "
        "fails; the test suite runs the same cases.",
    ]
    if n["skip"]:
        intro.append("Skipped rows need a reference library that is not installed here: "
                     "pip install -e \".[test]\" brings statsmodels and PyTorch.")
    # The report renders itself as a <table> (its to_html), as a Solution does.
    return Section("Can you trust it?", order=ORDER, intro=intro,
                   solutions=[report])
