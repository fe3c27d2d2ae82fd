"""Decision regions of a shallow tree, a full tree and three tree ensembles on two moons (SYLLABUS §6).

Each model is fitted on the same 120 noisy two-moons points (``make_moons(120, noise=0.2,
random_state=0)``, the data of the SVM section) and its p(class 1 | x) is drawn over a
200 × 200 grid. What the picture teaches: a tree cuts the plane into axis-parallel boxes;
grown to full depth it isolates single noisy points (training accuracy 1); averaging
many trees (a forest) or adding many small ones (boosting) smooths the staircase.
Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §9.2, §10, §15.

>>> accuracy = tree_boundary_accuracies()
>>> accuracy["tree, full depth"], accuracy["tree, depth 3"] < 1.0
(1.0, True)
"""
from __future__ import annotations

import numpy as np

__all__ = ["tree_boundary_models", "tree_boundary_accuracies", "figure_tree_boundaries"]


def _moons():
    from sklearn.datasets import make_moons

    return make_moons(120, noise=0.2, random_state=0)         # the same data as the SVM section


def tree_boundary_models(random_state: int = 0) -> dict:
    """The five models drawn, by title, unfitted."""
    from lucidml.ensemble import AdaBoostClassifier, GradientBoostingClassifier, RandomForestClassifier
    from lucidml.tree import DecisionTreeClassifier

    return {"tree, depth 3": DecisionTreeClassifier(max_depth=3, random_state=random_state),
            "tree, full depth": DecisionTreeClassifier(random_state=random_state),
            "random forest, 100 trees": RandomForestClassifier(100, random_state=random_state),
            "gradient boosting, 100 stages": GradientBoostingClassifier(random_state=random_state),
            "AdaBoost, 100 stumps": AdaBoostClassifier(n_estimators=100, random_state=random_state)}


def tree_boundary_accuracies(random_state: int = 0) -> dict[str, float]:
    """Training accuracy of each model on the two moons (what the figure's titles print)."""
    X, y = _moons()
    return {name: float(model.fit(X, y).score(X, y)) for name, model in tree_boundary_models(random_state).items()}


def figure_tree_boundaries(random_state: int = 0, resolution: int = 200):
    """p(class 1 | x) of every model over a grid, with the 0.5 boundary and the data (a report Figure)."""
    import matplotlib.pyplot as plt

    from lucidml.report.section import Figure

    X, y = _moons()
    g0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, resolution)
    g1 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, resolution)
    G = np.stack(np.meshgrid(g0, g1), axis=-1).reshape(-1, 2)                 # (resolution², 2)
    models = tree_boundary_models(random_state)
    fig, axes = plt.subplots(1, len(models), figsize=(17, 3.6), sharey=True)
    for ax, (name, model) in zip(axes, models.items()):
        p = model.fit(X, y).predict_proba(G)[:, 1].reshape(g1.size, g0.size)
        ax.contourf(g0, g1, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35)
        ax.contour(g0, g1, p, levels=[0.5], colors="k", linewidths=1)
        ax.scatter(*X.T, c=np.where(y == 1, "C3", "C0"), s=10)
        ax.set_title(f"{name}\ntraining accuracy {model.score(X, y):.2f}", fontsize=9)
        ax.set_xlabel("x₁")
    axes[0].set_ylabel("x₂")
    return Figure.from_matplotlib(fig, "Trees and ensembles on two moons",
                                  "Colour: p(class 1 | x); black: the 0.5 boundary. A tree cuts the plane into "
                                  "axis-parallel boxes; the full tree isolates single noisy points; averaging "
                                  "(forest) and adding (boosting) many trees smooths the staircase.")
