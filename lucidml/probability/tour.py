"""Tour section: probability distributions and maximum likelihood (SYLLABUS §3)."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step
from lucidml.probability import Bernoulli, Gaussian, MultivariateGaussian, Poisson
from lucidml.report.section import Figure, Section


def section() -> Section:
    return Section(
        title="Probability",
        order=30,
        intro=["A distribution measures uncertainty: a density (continuous) or a mass (discrete), "
               "a way to sample, a mean and a variance. Maximum likelihood picks the parameters under "
               "which the observed data are most probable: for a Gaussian the sample mean and the mean "
               "squared deviation (divided by N, not N − 1), for a Bernoulli the share of ones, for a "
               "Poisson the mean count."],
        solutions=[_mle_solution([2.1, 2.9, 3.4, 1.8, 2.6])],
        figures=[_figure_fits(), _figure_mvn()],
    )


def _mle_solution(x) -> Solution:
    x = np.asarray(x, dtype=float)
    g = Gaussian.fit(x)
    return Solution(
        question=f"Fit a Gaussian to x = {x.tolist()} by maximum likelihood.",
        steps=[Step("The mean maximises the likelihood over μ.", "μ_ML = (1/N) Σ_n x_n", {"μ_ML": g.mu}),
               Step("The mean squared deviation maximises it over σ².", "σ²_ML = (1/N) Σ_n (x_n − μ_ML)²",
                    {"deviations": x - g.mu, "σ²_ML": g.sigma2}),
               Step("The log-likelihood at the maximum.", "ln p(x) = Σ_n ln N(x_n | μ_ML, σ²_ML)",
                    {"ln p": g.log_likelihood(x)})],
        answer=np.array([g.mu, g.sigma2]), answer_text=f"N(μ = {g.mu:.4g}, σ² = {g.sigma2:.4g})")


def _figure_fits() -> Figure:
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(0)
    fig, axes = plt.subplots(1, 3, figsize=(11, 3))
    x = Gaussian(1.0, 0.5).sample(300, rng)
    g = Gaussian.fit(x)
    grid = np.linspace(x.min() - 0.5, x.max() + 0.5, 200)
    axes[0].hist(x, bins=30, density=True, alpha=0.5)
    axes[0].plot(grid, g.pdf(grid))
    axes[0].set_title(f"Gaussian: μ={g.mu:.2f}, σ²={g.sigma2:.2f}", fontsize=9)
    k = Poisson(3.5).sample(300, rng)
    p = Poisson.fit(k)
    support = np.arange(k.max() + 1)
    axes[1].bar(support, np.bincount(k) / k.size, alpha=0.5)
    axes[1].plot(support, p.pmf(support), "o-")
    axes[1].set_title(f"Poisson: λ={p.lam:.2f}", fontsize=9)
    b = Bernoulli(0.3).sample(300, rng)
    qs = np.linspace(0.01, 0.99, 99)
    axes[2].plot(qs, [Bernoulli(q).log_likelihood(b) for q in qs])
    axes[2].axvline(Bernoulli.fit(b).p, ls="--", color="C1")
    axes[2].set_title("Bernoulli log-likelihood; dashed: p_ML", fontsize=9)
    axes[2].set_xlabel("p")
    return Figure.from_matplotlib(fig, "Maximum-likelihood fits to 300 samples",
                                  "The fitted density or mass over the data; the likelihood peaks at the "
                                  "share of ones.")


def _figure_mvn() -> Figure:
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_iris

    X = load_iris().data[:50, :2]                                      # setosa sepal length and width
    mvn = MultivariateGaussian.fit(X)
    g0 = np.linspace(X[:, 0].min() - 0.3, X[:, 0].max() + 0.3, 120)
    g1 = np.linspace(X[:, 1].min() - 0.3, X[:, 1].max() + 0.3, 120)
    G = np.stack(np.meshgrid(g0, g1), axis=-1).reshape(-1, 2)           # (120², 2)
    fig, ax = plt.subplots(figsize=(4.5, 3.5))
    ax.contour(g0, g1, mvn.pdf(G).reshape(g1.size, g0.size), levels=6)
    ax.plot(*X.T, ".", color="0.3")
    ax.set_xlabel("sepal length (cm)")
    ax.set_ylabel("sepal width (cm)")
    return Figure.from_matplotlib(fig, "A 2-D Gaussian fitted to iris setosa",
                                  "Contours of N(x | μ_ML, Σ_ML), evaluated through a Cholesky factor of Σ.")
