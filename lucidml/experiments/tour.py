"""Tour section: the supervised models side by side (SYLLABUS §6)."""
from __future__ import annotations

from lucidml.report.section import Figure, Section


def section() -> Section:
    from lucidml.experiments.classifier_comparison import compare_classifiers

    result = compare_classifiers()
    best = max(result.accuracy, key=result.accuracy.get)
    return Section(
        title="Supervised models side by side",
        order=55,
        intro=["The same two-moons training data for every classifier of the course: kNN, "
               "logistic regression, a decision tree, a random forest, gradient boosting, "
               "AdaBoost, a support vector classifier and Gaussian naive Bayes. Dots are the "
               "training points, crosses the held-out points each model is scored on."],
        figures=[Figure.from_matplotlib(result.figure, "Decision boundaries on two moons",
                                        "Linear models cannot bend; kNN and trees follow the data; "
                                        "kernels and ensembles bend smoothly.")],
        notes=["Held-out accuracy: " + "; ".join(f"{k} {v:.2f}" for k, v in result.accuracy.items())
               + f". Best here: {best}."],
    )
