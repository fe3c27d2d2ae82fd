"""``lucidml verify``: every estimator and function against its reference, on real data.

    registry.py   the agreement cases (:func:`case` registers one) and :func:`run`
    report.py     :class:`AgreementReport`: rich table, Markdown, HTML, JSON
    data.py       the real data sets the cases run on, by name (:func:`load`)
    cases/        the cases, one module per lucidml topic
    tour.py       the tour's "Can you trust it?" section
    commands.py   the ``lucidml verify`` command

The tests (``tests/verify``) run the same registry, so the table a user sees and the
comparisons the suite makes are one set.

>>> from lucidml import verify
>>> report = verify.run("conv1d")      # the slide's example and SciPy on two series
>>> report.passed, len(report.results)
(True, 3)
"""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "registry": ["run", "case", "select", "all_cases", "known_names", "run_case", "Case", "Result"],
    "report": ["AgreementReport"],
    "data": ["Dataset", "load", "DATASETS"],
})
