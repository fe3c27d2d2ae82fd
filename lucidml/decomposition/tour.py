"""Tour section: the curse of dimensionality and linear dimensionality reduction (SYLLABUS §9, §10)."""
from __future__ import annotations

import numpy as np

from lucidml.report.section import Figure, Section, Table


def section() -> Section:
    from lucidml.experiments.dimensionality import curse_of_dimensionality
    from lucidml.explain.principal_components import pca, pca_two_views

    curse = curse_of_dimensionality()
    X2 = np.random.default_rng(0).multivariate_normal([0, 0], [[4, 3], [3, 7]], 300)
    return Section(
        title="The curse of dimensionality and PCA",
        order=90,
        intro=["With a fixed sample, every added feature multiplies the number of cells to fill: 3 points "
               f"cover {curse.expected_coverage[0]:.0%} of a 6-bin line, {curse.expected_coverage[1]:.0%} of a "
               f"6 × 6 grid and {curse.expected_coverage[2]:.1%} of a 6 × 6 × 6 cube, and in high dimension the "
               "nearest and farthest neighbours end up almost equally far.",
               "PCA compresses D features to d < D by projecting onto the leading eigenvectors of the "
               "covariance matrix; they maximise the variance kept and, equivalently, minimise the "
               "reconstruction error."],
        solutions=[pca([[1, 0], [0, 7]]), pca([[7, 0], [0, 1]]), pca([[4, 3], [3, 7]]), pca([[4, -3], [-3, 7]]),
                   pca_two_views(X2)],
        figures=[Figure.from_matplotlib(curse.figure(), "The curse of dimensionality",
                                        "Left: cells covered by 3 points. Right: nearest vs farthest distances."),
                 _figure_two_views(X2), _figure_projections()],
        tables=_curse_tables(curse),
    )


def _curse_tables(curse) -> list[Table]:
    """curse.table()'s two tables (the CLI's text) as HTML tables."""
    coverage = Table(f"Coverage of a {curse.n_bins}-bins-per-feature grid by N = {curse.n_samples} points",
                     ["D", "cells", "expected", "simulated"],
                     [[int(D), curse.n_bins ** int(D), f"{100 * e:.3g}%", f"{100 * s:.3g}%"]
                      for D, e, s in zip(curse.n_features, curse.expected_coverage, curse.simulated_coverage)],
                     caption="expected = 1 − (1 − b^−D)^N of the cells occupied; simulated = the mean "
                             "fraction occupied by seeded uniform samples.")
    contrast = Table("Nearest vs farthest neighbour in [0, 1]^D", ["D", "(dmax − dmin) / dmin", "dmin / dmax"],
                     [[int(D), f"{c:.3f}", f"{r:.3f}"] for D, c, r in
                      zip(curse.distance_dims, curse.relative_contrast, curse.nearest_over_farthest)])
    return [coverage, contrast]


def _figure_two_views(X) -> Figure:
    import matplotlib.pyplot as plt

    from lucidml.explain.principal_components import pca_two_views

    a = pca_two_views(X).answer
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax1.scatter(X[:, 0], X[:, 1], s=5, alpha=0.6)
    u = a["u1"] * 3 * np.sqrt(a["variance"].max())
    c = X.mean(axis=0)
    ax1.plot([c[0] - u[0], c[0] + u[0]], [c[1] - u[1], c[1] + u[1]], "r-", lw=2, label="first principal axis")
    ax1.set_aspect("equal")
    ax1.legend(fontsize=8)
    deg = np.degrees(a["theta"])
    ax2.plot(deg, a["variance"], label="projected variance uᵀCu")
    ax2.plot(deg, a["error"], label="mean reconstruction error")
    ax2.axvline(np.degrees(a["theta_max_variance"]), color="r", ls="--")
    ax2.set_xlabel("direction θ (degrees)")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    return Figure.from_matplotlib(fig, "Maximum variance = minimum reconstruction error",
                                  "The two curves mirror each other; both optima are the first eigenvector.")


def _figure_projections() -> Figure:
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_digits, load_iris

    from lucidml.decomposition import PCA

    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for ax, (name, data) in zip(axes[:2], [("iris", load_iris()), ("digits", load_digits())]):
        pca = PCA(2).fit(data.data)
        Z = pca.transform(data.data)
        ax.scatter(Z[:, 0], Z[:, 1], c=data.target, s=5, cmap="tab10")
        r = pca.explained_variance_ratio_
        ax.set_title(f"{name}: PC1 {r[0]:.0%}, PC2 {r[1]:.0%} of the variance", fontsize=9)
        ax.set_xlabel("PC 1")
        ax.set_ylabel("PC 2")
    ratio = PCA().fit(load_digits().data).explained_variance_ratio_
    axes[2].plot(np.arange(1, ratio.size + 1), np.cumsum(ratio))
    axes[2].axhline(0.9, color="grey", ls=":")
    axes[2].set_xlabel("number of components d")
    axes[2].set_ylabel("cumulative explained variance")
    axes[2].set_title(f"digits: {np.searchsorted(np.cumsum(ratio), 0.9) + 1} of 64 components keep 90%", fontsize=9)
    fig.tight_layout()
    return Figure.from_matplotlib(fig, "PCA projections of iris and digits",
                                  "Two components already separate most classes; the right panel shows how many are needed.")
