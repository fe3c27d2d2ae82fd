"""Tour section: support vector machines (SYLLABUS §6)."""
from __future__ import annotations

import numpy as np

from lucidml import explain
from lucidml.report.section import Figure, Section
from lucidml.svm import SVC, SVR


def section() -> Section:
    return Section(
        title="Support vector machines",
        order=64,
        intro=["A support vector machine puts the widest possible margin between two classes; only the "
               "points on or inside the margin (the support vectors) decide where it lies. C trades "
               "margin width against margin violations, and a kernel K(x, z) draws curved boundaries "
               "by measuring similarity in a feature space it never builds.",
               "lucidml solves the dual problem by SMO with libsvm's second-order working-set selection "
               "and a kernel-row cache; several classes are handled one pair at a time (one-vs-one). "
               "Regression (SVR) fits a tube of half-width ε: errors inside it are free."],
        solutions=[explain.svm([[0, 0], [0, 1], [2, 0], [2, 1], [1, 2.5]],
                               ["no", "no", "yes", "yes", "no"], [1.5, 0.5], C=10.0)],
        figures=[_figure_margins(), _figure_svr()],
        notes=["The decision function equals scikit-learn's (libsvm) to 1e-3 on iris, wine and breast "
               "cancer, with the same support vectors; see tests/svm.",
               "SVC(solver=\"platt\") and SVR(solver=\"platt\") solve the same dual with the readable SMO of "
               "lucidml/svm/platt_smo.py (Platt's two-variable step in NumPy, on the pair that violates the KKT "
               "conditions most): the same decision function to within tol, the same support vectors "
               "(tests/svm/test_platt_smo.py)."],
    )


def _moons():
    from sklearn.datasets import make_moons

    X, y = make_moons(120, noise=0.2, random_state=0)
    return X, y


def _figure_margins() -> Figure:
    import matplotlib.pyplot as plt

    X, y = _moons()
    g0 = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, 200)
    g1 = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, 200)
    G = np.stack(np.meshgrid(g0, g1), axis=-1).reshape(-1, 2)                 # (200², 2)
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8), sharey=True)
    for ax, (kernel, C) in zip(axes, [("linear", 1.0), ("rbf", 1.0), ("rbf", 100.0)]):
        svc = SVC(kernel=kernel, C=C, gamma=1.0).fit(X, y)
        f = svc.decision_function(G).reshape(g1.size, g0.size)
        ax.contourf(g0, g1, f, levels=[-1e9, 0, 1e9], colors=["C0", "C1"], alpha=0.15)
        ax.contour(g0, g1, f, levels=[-1, 0, 1], colors="k", linestyles=["--", "-", "--"], linewidths=1)
        ax.scatter(*X.T, c=np.where(y == 1, "C1", "C0"), s=12)
        sv = svc.support_vectors_
        ax.scatter(*sv.T, s=60, facecolors="none", edgecolors="k", linewidths=0.8)
        ax.set_title(f"{kernel}, C = {C:g}: {len(sv)} support vectors", fontsize=10)
        ax.set_xlabel("x₁")
    axes[0].set_ylabel("x₂")
    return Figure.from_matplotlib(fig, "SVM margins and support vectors on two moons",
                                  "Solid: f(x) = 0; dashed: the margin f(x) = ±1; circled: support vectors. "
                                  "A linear kernel cannot bend; the RBF kernel (γ = 1) can, and a larger C "
                                  "narrows the margin to make fewer violations.")


def _figure_svr() -> Figure:
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(0, 1, 40))
    t = np.sin(2 * np.pi * x) + rng.normal(0, 0.15, x.size)
    grid = np.linspace(0, 1, 300)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), sharey=True)
    for ax, eps in zip(axes, [0.1, 0.4]):
        svr = SVR(C=10.0, epsilon=eps, gamma=10.0).fit(x[:, None], t)
        f = svr.predict(grid[:, None])
        ax.plot(grid, f, "C3")
        ax.fill_between(grid, f - eps, f + eps, color="C3", alpha=0.15)
        ax.scatter(x, t, s=12, c="C0")
        ax.scatter(x[svr.support_], t[svr.support_], s=60, facecolors="none", edgecolors="k", linewidths=0.8)
        ax.set_title(f"ε = {eps:g}: {len(svr.support_)} support vectors", fontsize=10)
        ax.set_xlabel("x")
    axes[0].set_ylabel("t")
    return Figure.from_matplotlib(fig, "Support vector regression: the ε-tube",
                                  "Noisy sin(2πx). Points inside the tube cost nothing and are not support "
                                  "vectors (circled); a wider tube needs fewer of them.")
