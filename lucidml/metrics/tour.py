"""Tour section: distances (SYLLABUS §2)."""
from __future__ import annotations

import numpy as np

from lucidml import explain
from lucidml.metrics.distances import pairwise_distances
from lucidml.report.section import Figure, Section


def section() -> Section:
    return Section(
        title="Distances",
        order=20,
        intro=["Distance-based methods (kNN, k-means, DBSCAN, hierarchical clustering) are only "
               "as good as their notion of 'close'. L1 adds absolute differences, L2 is the "
               "straight line, cosine compares directions and ignores length."],
        solutions=[explain.distances([1, 2, 3], [4, 0, 3])],
        figures=[_figure_unit_balls(), _figure_iris_matrices()],
    )


def _figure_unit_balls() -> Figure:
    import matplotlib.pyplot as plt

    grid = np.linspace(-1.5, 1.5, 301)
    P = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)           # (301², 2)
    fig, ax = plt.subplots(figsize=(4, 4))
    for metric, p, style in [("manhattan", 2, "C0"), ("euclidean", 2, "C1"),
                             ("minkowski", 4, "C2"), ("minkowski", np.inf, "C3")]:
        d = pairwise_distances(P, np.zeros((1, 2)), metric, p=p).reshape(grid.size, grid.size)
        ax.contour(grid, grid, d, levels=[1.0], colors=style)
        label = metric if metric != "minkowski" else f"minkowski p={p}"
        ax.plot([], [], color=style, label=label)
    ax.set_aspect("equal")
    ax.legend(fontsize=8, loc="lower left")
    return Figure.from_matplotlib(fig, "Unit circles", "All points at distance 1 from the origin, per metric.")


def _figure_iris_matrices() -> Figure:
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    X = X[np.argsort(y, kind="stable")]
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.2))
    for ax, metric in zip(axes, ["manhattan", "euclidean", "cosine"]):
        im = ax.imshow(pairwise_distances(X, metric=metric), cmap="viridis")
        ax.set_title(metric, fontsize=9)
        ax.axis("off")
        fig.colorbar(im, ax=ax, fraction=0.046)
    return Figure.from_matplotlib(fig, "Iris distance matrices",
                                  "Flowers sorted by species: the three blocks are the classes.")
