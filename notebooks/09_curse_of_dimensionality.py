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
# # §9 The curse of dimensionality
#
# **The slide's claim:** a fixed sample covers ~40% of a 1-D domain and ~10% once a second
# feature is added; empty space grows exponentially with the number of features. Here the
# numbers are computed exactly and by simulation, and distances concentrate as D grows.

# %%
import matplotlib.pyplot as plt
import numpy as np

from lucidml import experiments

result = experiments.curse_of_dimensionality(n_repeats=500, distance_dims=(1, 2, 5, 10, 50, 200))
print(result.table())

# %% [markdown]
# The exact coverage: N points fall in at most N of the bᴰ cells of a grid with b bins per
# feature, so the expected share of occupied cells is (1 − (1 − 1/bᴰ)ᴺ) — checked here
# against the simulation above for 3 points and 6 bins per feature.

# %%
N, b = 3, 6
for D in range(1, 5):
    exact = 1 - (1 - 1 / b ** D) ** N
    print(f"D = {D}: expected share of the {b ** D:>5} cells with a point = {exact:.2%}")

# %% [markdown]
# The same effect on distances: in [0, 1]ᴰ the nearest and the farthest neighbour of a
# query become almost equally far.

# %%
rng = np.random.default_rng(0)
dims, ratio = [1, 2, 5, 10, 50, 200, 1000], []
for D in dims:
    points, query = rng.uniform(size=(500, D)), rng.uniform(size=D)
    d = np.linalg.norm(points - query, axis=1)
    ratio.append(d.min() / d.max())
fig, ax = plt.subplots(figsize=(5, 2.8))
ax.semilogx(dims, ratio, "o-"); ax.set_xlabel("D"); ax.set_ylabel("d_min / d_max"); plt.show()

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("curse", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("0.5")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** How many points are needed to cover, on average, 40% of the cells of a
# 6-bins-per-feature grid in D = 3? Solve 1 − (1 − 1/216)ᴺ = 0.4 for N.
