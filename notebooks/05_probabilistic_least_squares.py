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
# # §5 The probabilistic twin of least squares
#
# **The slide's claim:** with p(t | x, w, β) = Π N(tₙ | y(xₙ, w), 1/β),
# ln p = −β/2 Σ {y(xₙ, w) − tₙ}² + N/2 ln β − N/2 ln 2π, so maximising the log-likelihood
# is minimising the squared error, and 1/β_ML is the mean squared residual.

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy import stats
from sklearn.datasets import load_diabetes

from lucidml import explain
from lucidml.linear_model import GaussianLinearRegression, LinearRegression

explain.mle_gaussian([0, 1, 2, 3], [1, 3, 4, 7])

# %% [markdown]
# ## On real data: w_ML is the least-squares w; the likelihood beside SciPy's densities

# %%
X, t = load_diabetes(return_X_y=True)
ml, ls = GaussianLinearRegression().fit(X, t), LinearRegression().fit(X, t)
residual = t - ml.predict(X)
print(f"max |w_ML − w_LS| = {np.abs(ml.coef_ - ls.coef_).max():.1e}")
print(f"1/β_ML = {1 / ml.beta_:.3f}, mean squared residual = {np.mean(residual ** 2):.3f}")
ref = stats.norm(ml.predict(X), np.sqrt(ml.noise_variance_)).logpdf(t).sum()
print(f"log-likelihood: lucidml {ml.log_likelihood(X, t):.6f}, scipy.stats {ref:.6f}")
try:
    import statsmodels.api as sm                        # the reference of the tests, if installed
    print(f"statsmodels OLS llf: {sm.OLS(t, sm.add_constant(X)).fit().llf:.6f}")
except ImportError:
    print("statsmodels not installed: pip install statsmodels to compare with its OLS")

# %% [markdown]
# Moving w away from w_ML in any direction lowers the log-likelihood (and raises E):

# %%
direction = np.random.default_rng(0).normal(size=X.shape[1])
steps = np.linspace(-200, 200, 41)
loglik = []
for s in steps:
    w = ml.coef_ + s * direction / np.linalg.norm(direction)
    r = t - (X @ w + ml.intercept_)
    loglik.append(stats.norm(0, np.sqrt(np.mean(r ** 2))).logpdf(r).sum())
fig, ax = plt.subplots(figsize=(5, 2.8))
ax.plot(steps, loglik); ax.axvline(0, color="k", lw=0.5)
ax.set_xlabel("step from w_ML along a random direction"); ax.set_ylabel("ln p(t | w, β_ML(w))")
plt.show()

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("likelihood", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("-3.2")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** Show from ln p that β_ML = N / Σ (y(xₙ, w_ML) − tₙ)². Check it on the
# numbers above.
