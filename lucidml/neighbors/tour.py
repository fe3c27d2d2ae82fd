"""Tour section: k-nearest neighbours (SYLLABUS §2, §6)."""
from __future__ import annotations

import numpy as np

from lucidml import explain
from lucidml.neighbors.knn import KNeighborsClassifier
from lucidml.report.section import Figure, Section


def section() -> Section:
    from sklearn.datasets import load_iris

    iris = load_iris()
    X, y = iris.data[:, 2:], iris.target_names[iris.target]  # petal length and width
    return Section(
        title="k-nearest neighbours",
        order=25,
        intro=["kNN stores the training set and answers a query with its k closest points: a "
               "vote for classification, an average for regression. Small k follows the data "
               "closely (overfitting), large k smooths (underfitting)."],
        solutions=[explain.knn(X, y, [4.8, 1.6], k=5)],
        figures=[_figure_regions(X, iris.target, iris.target_names)],
        notes=["The query (petal 4.8 cm × 1.6 cm) lies where versicolor and virginica overlap."],
    )


def _figure_regions(X, y, names) -> Figure:
    import matplotlib.pyplot as plt

    g0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, 200)
    g1 = np.linspace(X[:, 1].min() - 0.3, X[:, 1].max() + 0.3, 200)
    G = np.stack(np.meshgrid(g0, g1), axis=-1).reshape(-1, 2)               # (200², 2)
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), sharey=True)
    for ax, k in zip(axes, [1, 5, 25]):
        z = KNeighborsClassifier(n_neighbors=k).fit(X, y).predict(G).reshape(g1.size, g0.size)
        ax.contourf(g0, g1, z, levels=[-0.5, 0.5, 1.5, 2.5], alpha=0.25, colors=["C0", "C1", "C2"])
        for c in range(3):
            ax.scatter(*X[y == c].T, s=10, label=names[c])
        ax.set_title(f"k = {k}", fontsize=10)
        ax.set_xlabel("petal length (cm)")
    axes[0].set_ylabel("petal width (cm)")
    axes[0].legend(fontsize=8)
    return Figure.from_matplotlib(fig, "kNN decision regions on iris",
                                  "k = 1 draws islands around single flowers; k = 25 smooths the border.")
