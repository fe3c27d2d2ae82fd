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
# # §4 From linear to polynomial regression
#
# **The slide's question:** with ŷ = b₀ + b₁x and E = ½ Σ (ŷᵢ − yᵢ)², which parameters
# minimise E? Then: polynomials of order M overfit, and the regulariser λ/2 ‖w‖² tames
# them (Bishop, PRML §1.1). `lucidml experiment overfitting` prints Bishop's own Table 1.1.

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn import linear_model as sk
from sklearn.datasets import load_diabetes

from lucidml import datasets, explain
from lucidml.linear_model import LinearRegression, PolynomialRegression, Ridge

explain.linear_regression([1, 2, 3, 4], [2, 3, 5, 6])

# %% [markdown]
# ## Least squares on real data, beside scikit-learn

# %%
X, y = load_diabetes(return_X_y=True)
ours, ref = LinearRegression().fit(X, y), sk.LinearRegression().fit(X, y)
print(f"lucidml vs scikit-learn: max |Δ coefficient| = {np.abs(ours.coef_ - ref.coef_).max():.1e} "
      f"(coefficients up to {np.abs(ref.coef_).max():.0f})")
for alpha in (0.1, 1.0):
    r, r_ref = Ridge(alpha=alpha).fit(X, y), sk.Ridge(alpha=alpha, solver="svd").fit(X, y)
    print(f"ridge α = {alpha}: max |Δ coefficient| = {np.abs(r.coef_ - r_ref.coef_).max():.1e}")

# %% [markdown]
# ## Bishop's experiment: ten noisy points of sin(2πx), orders M = 0, 1, 3, 9
# The magnitudes of w* explode with M; the fit of order 9 passes through every point.

# %%
x, t = datasets.make_sinusoid(10, noise=0.3, random_state=1)
x_test, t_test = datasets.make_sinusoid(100, noise=0.3, random_state=2, evenly_spaced=False)
grid = np.linspace(0, 1, 200)[:, None]
fig, axes = plt.subplots(1, 4, figsize=(11, 2.6), sharey=True)
for ax, M in zip(axes, (0, 1, 3, 9)):
    fit = PolynomialRegression(degree=M).fit(x[:, None], t)
    print(f"M = {M}: max |w*| = {np.abs(fit.w_).max():12.2f}")
    ax.plot(x, t, "o", grid, np.sin(2 * np.pi * grid), "g-", grid, fit.predict(grid), "r-")
    ax.set_title(f"M = {M}"); ax.set_ylim(-1.6, 1.6)
plt.show()

# %% [markdown]
# ## Training and test error against M, and the regulariser

# %%
def rms(model, x, t):
    return np.sqrt(np.mean((model.predict(x[:, None]) - t) ** 2))

orders = range(10)
fits = [PolynomialRegression(degree=M).fit(x[:, None], t) for M in orders]
fig, ax = plt.subplots(figsize=(5, 2.8))
ax.plot(orders, [rms(f, x, t) for f in fits], "o-", label="training")
ax.plot(orders, [rms(f, x_test, t_test) for f in fits], "o-", label="test")
ax.set_xlabel("M"); ax.set_ylabel("E_RMS"); ax.set_ylim(0, 1); ax.legend(); plt.show()
for ln_lam in (-np.inf, -18, 0):
    fit = PolynomialRegression(degree=9, alpha=float(np.exp(ln_lam))).fit(x[:, None], t)
    print(f"ln λ = {ln_lam}: max |w*| = {np.abs(fit.w_).max():12.2f}, test E_RMS = {rms(fit, x_test, t_test):.3f}")

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("regression", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("4")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** Fit M = 9 with 15 and with 100 points instead of 10: what happens to the
# test error and to the size of w*? (Bishop's Figure 1.6.)
