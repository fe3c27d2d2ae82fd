"""Tour section: naive Bayes (SYLLABUS §6)."""
from __future__ import annotations

import numpy as np

from lucidml import explain
from lucidml.naive_bayes import GaussianNB
from lucidml.report.section import Figure, Section


def section() -> Section:
    from sklearn.datasets import load_iris

    iris = load_iris()
    X, names = iris.data[:, 2:], iris.target_names[iris.target]                # petal length and width
    return Section(
        title="Naive Bayes",
        order=66,
        intro=["Naive Bayes applies Bayes' rule, p(c | x) ∝ p(c) Π_d p(x_d | c), with the 'naive' "
               "assumption that the features are independent within each class. That turns one "
               "D-dimensional density into D one-dimensional ones: a normal per feature (Gaussian NB), "
               "word frequencies (multinomial NB) or word presence (Bernoulli NB).",
               "Products of many small probabilities underflow, so everything is done in logs: the "
               "joint is a sum, and the posterior is normalised with a log-sum-exp."],
        solutions=[explain.naive_bayes(X, names, [4.8, 1.6]),
                   explain.naive_bayes([[2, 1, 0, 0], [3, 0, 1, 0], [0, 1, 3, 2], [0, 2, 2, 3]],
                                       ["sport", "sport", "tech", "tech"], [1, 0, 1, 1], model="multinomial")],
        figures=[_figure_gaussians(iris), _figure_moons()],
        notes=["The query (petal 4.8 cm × 1.6 cm) is the one the kNN section classifies, for comparison."],
    )


def _figure_gaussians(iris) -> Figure:
    import matplotlib.pyplot as plt

    x, y = iris.data[:, 2], iris.target                                          # petal length
    nb = GaussianNB().fit(x[:, None], y)
    grid = np.linspace(0.5, 7.5, 400)
    mu, s2 = nb.theta_[:, 0], nb.var_[:, 0]
    dens = np.exp(-(grid[:, None] - mu) ** 2 / (2 * s2)) / np.sqrt(2 * np.pi * s2)   # (400, 3)
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 3.4))
    for c in range(3):
        ax0.plot(grid, nb.class_prior_[c] * dens[:, c], label=iris.target_names[c])
        ax0.scatter(x[y == c], np.zeros((y == c).sum()) - 0.05 * (c + 1), s=6)
    ax0.set_title("π_c · N(x | μ_c, σ²_c)", fontsize=10)
    ax0.set_xlabel("petal length (cm)")
    ax0.legend(fontsize=8)
    P = nb.predict_proba(grid[:, None])
    for c in range(3):
        ax1.plot(grid, P[:, c], label=iris.target_names[c])
    ax1.set_title("posterior p(c | x)", fontsize=10)
    ax1.set_xlabel("petal length (cm)")
    return Figure.from_matplotlib(fig, "Gaussian naive Bayes on one feature",
                                  "Left: prior times class density; right: the same curves normalised. "
                                  "The class changes where two weighted densities cross.")


def _figure_moons() -> Figure:
    import matplotlib.pyplot as plt
    from sklearn.datasets import make_moons

    X, y = make_moons(200, noise=0.2, random_state=0)
    g0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, 200)
    g1 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, 200)
    G = np.stack(np.meshgrid(g0, g1), axis=-1).reshape(-1, 2)                 # (200², 2)
    p = GaussianNB().fit(X, y).predict_proba(G)[:, 1].reshape(g1.size, g0.size)
    fig, ax = plt.subplots(figsize=(5, 3.8))
    ax.contourf(g0, g1, p, levels=np.linspace(0, 1, 11), cmap="coolwarm", alpha=0.5)
    ax.contour(g0, g1, p, levels=[0.5], colors="k", linewidths=1)
    ax.scatter(*X.T, c=np.where(y == 1, "C3", "C0"), s=10)
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    return Figure.from_matplotlib(fig, "Gaussian naive Bayes on two moons",
                                  "Axis-aligned normals per class give a quadratic boundary (black, p = ½); "
                                  "it cannot follow the moons' curl.")
