"""Every lucidml classifier on the same two-moons data (SYLLABUS §6).

Each model is fitted on the same training half of ``make_moons`` and scored on the
other half; the figure draws each decision boundary over the data. The point of the
picture: kNN and trees follow the data locally, linear models cannot bend, kernels and
ensembles bend smoothly, and naive Bayes draws the quadratic boundary of two Gaussians.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["compare_classifiers", "ComparisonResult"]


@dataclass
class ComparisonResult:
    """Held-out accuracy per classifier, in the order drawn, and the figure."""

    accuracy: dict[str, float]
    figure: object

    def table(self) -> str:
        width = max(len(name) for name in self.accuracy)
        return "\n".join(f"{name.ljust(width)}  {acc:.3f}" for name, acc in self.accuracy.items())


def _classifiers(random_state: int):
    from lucidml.ensemble import AdaBoostClassifier, GradientBoostingClassifier, RandomForestClassifier
    from lucidml.linear_model import LogisticRegression
    from lucidml.naive_bayes import GaussianNB
    from lucidml.neighbors import KNeighborsClassifier
    from lucidml.svm import SVC
    from lucidml.tree import DecisionTreeClassifier

    return {
        "kNN (k = 15)": KNeighborsClassifier(n_neighbors=15),
        "logistic regression": LogisticRegression(),
        "decision tree (depth 5)": DecisionTreeClassifier(max_depth=5, random_state=random_state),
        "random forest": RandomForestClassifier(n_estimators=50, max_depth=6, random_state=random_state),
        "gradient boosting": GradientBoostingClassifier(n_estimators=50, max_depth=2, random_state=random_state),
        "AdaBoost (stumps)": AdaBoostClassifier(n_estimators=50, random_state=random_state),
        "SVC (rbf)": SVC(kernel="rbf", C=1.0),
        "Gaussian naive Bayes": GaussianNB(),
    }


def compare_classifiers(n_samples: int = 300, noise: float = 0.25, random_state: int = 0,
                        resolution: int = 150) -> ComparisonResult:
    """Fit every classifier on one half of two moons, score on the other, draw the boundaries."""
    import matplotlib.pyplot as plt
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n_samples, noise=noise, random_state=random_state)
    rng = np.random.default_rng(random_state)
    order = rng.permutation(n_samples)
    train, test = order[: n_samples // 2], order[n_samples // 2:]
    g0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, resolution)
    g1 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, resolution)
    G = np.stack(np.meshgrid(g0, g1), axis=-1).reshape(-1, 2)            # (resolution², 2)

    models = _classifiers(random_state)
    fig, axes = plt.subplots(2, 4, figsize=(13, 6.2), sharex=True, sharey=True)
    accuracy = {}
    for ax, (name, model) in zip(axes.ravel(), models.items()):
        model.fit(X[train], y[train])
        accuracy[name] = float((model.predict(X[test]) == y[test]).mean())
        z = model.predict(G).reshape(resolution, resolution)
        ax.contourf(g0, g1, z, levels=[-0.5, 0.5, 1.5], colors=["C0", "C1"], alpha=0.25)
        ax.scatter(*X[train].T, c=np.where(y[train] == 0, "C0", "C1"), s=8)
        ax.scatter(*X[test].T, c=np.where(y[test] == 0, "C0", "C1"), s=8, marker="x", alpha=0.6)
        ax.set_title(f"{name}\ntest accuracy {accuracy[name]:.2f}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return ComparisonResult(accuracy, fig)
