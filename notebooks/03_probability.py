# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # §3 Probability
#
# **The slide's question:** how do we measure uncertainty? A distribution has a density,
# can be sampled, and can be fitted to data by maximum likelihood (MLE). Here the Nile's
# yearly flow gets a Gaussian, digit pixels a Poisson, and wine a multivariate Gaussian;
# SciPy computes the same numbers beside ours.

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy import stats
from sklearn.datasets import load_digits, load_wine

from lucidml import datasets
from lucidml.probability import Gaussian, MultivariateGaussian, Poisson

_, flow = datasets.load_nile()
g = Gaussian.fit(flow)                                  # μ_ML = mean, σ²_ML = mean squared deviation
mu, sigma = stats.norm.fit(flow)
print(f"μ: lucidml {g.mu:.4f}, scipy {mu:.4f};  σ: lucidml {np.sqrt(g.sigma2):.4f}, scipy {sigma:.4f}")
print(f"log-likelihood difference: {abs(g.log_likelihood(flow) - stats.norm(mu, sigma).logpdf(flow).sum()):.1e}")

grid = np.linspace(flow.min() - 100, flow.max() + 100, 200)
fig, ax = plt.subplots(figsize=(6, 2.8))
ax.hist(flow, bins=15, density=True, alpha=0.5, label="Nile flow 1871-1970")
ax.plot(grid, g.pdf(grid), label=f"N({g.mu:.0f}, {np.sqrt(g.sigma2):.0f}²) by MLE")
ax.legend(); plt.show()

# %% [markdown]
# ## Counts: a Poisson for the ink of one pixel

# %%
k = load_digits().data[:, 20]                           # ink 0..16 of pixel 20 of every digit
p = Poisson.fit(k)
print(f"λ_ML = {p.lam:.4f} (the mean count {k.mean():.4f})")
print(f"log-likelihood: lucidml {p.log_likelihood(k):.4f}, scipy {stats.poisson(k.mean()).logpmf(k).sum():.4f}")
samples = p.sample(5, random_state=0)
print("five draws:", samples)

# %% [markdown]
# ## A multivariate Gaussian on five wine measurements

# %%
X = load_wine().data[:, :5]
mvn = MultivariateGaussian.fit(X)
ref = stats.multivariate_normal(X.mean(axis=0), np.cov(X.T, bias=True))
print(f"max |Δ log-density| over 178 wines = {np.abs(mvn.logpdf(X) - ref.logpdf(X)).max():.1e}")

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("probability", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("0.5")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** Why does the MLE of σ² divide by N and not N − 1? Fit `Gaussian` to the
# first 10 Nile years and to all 100: how do μ_ML and σ_ML move?
