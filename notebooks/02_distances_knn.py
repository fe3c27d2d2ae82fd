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
# # §2 Distances and k-nearest neighbours
#
# **The slide's question:** how far apart are two points, by L1 (Manhattan), L2 (Euclidean)
# and cosine distance? kNN is built on that answer and serves both classification and
# regression.

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy.spatial.distance import cdist
from sklearn import neighbors as skn
from sklearn.datasets import load_diabetes, load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from lucidml import explain
from lucidml.metrics import pairwise_distances
from lucidml.neighbors import KNeighborsClassifier, KNeighborsRegressor

explain.distances([1, 2, 3], [4, 0, 3])

# %% [markdown]
# ## The same distances on real data, beside SciPy

# %%
X, y = load_iris(return_X_y=True)
for ours_name, scipy_name in [("euclidean", "euclidean"), ("manhattan", "cityblock"), ("cosine", "cosine")]:
    diff = np.abs(pairwise_distances(X, X, metric=ours_name) - cdist(X, X, scipy_name)).max()
    print(f"{ours_name:>9}: max |lucidml − scipy| = {diff:.1e}")

# %% [markdown]
# ## A kNN prediction, step by step, then on iris beside scikit-learn

# %%
explain.knn([[0, 0], [1, 0], [5, 5], [6, 5]], ["a", "a", "b", "b"], [0.5, 0.2], k=3)

# %%
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0)
scaler = StandardScaler().fit(Xtr)
Xtr, Xte = scaler.transform(Xtr), scaler.transform(Xte)
ours = KNeighborsClassifier(5).fit(Xtr, ytr)
ref = skn.KNeighborsClassifier(5, algorithm="brute").fit(Xtr, ytr)
print(f"held-out accuracy: lucidml {ours.score(Xte, yte):.3f}, scikit-learn {ref.score(Xte, yte):.3f}")
print(f"max |Δ probability| = {np.abs(ours.predict_proba(Xte) - ref.predict_proba(Xte)).max():.1e}")

# %% [markdown]
# kNN regression averages the k nearest targets (diabetes progression):

# %%
Xd, yd = load_diabetes(return_X_y=True)
reg, reg_ref = KNeighborsRegressor(7).fit(Xd[::2], yd[::2]), skn.KNeighborsRegressor(7).fit(Xd[::2], yd[::2])
print(f"max |Δ prediction| = {np.abs(reg.predict(Xd[1::2]) - reg_ref.predict(Xd[1::2])).max():.1e}")

ks = range(1, 31, 2)
acc = [KNeighborsClassifier(k).fit(Xtr, ytr).score(Xte, yte) for k in ks]
fig, ax = plt.subplots(figsize=(6, 2.8))
ax.plot(list(ks), acc, "o-"); ax.set_xlabel("k"); ax.set_ylabel("held-out accuracy (iris)")
plt.show()

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("distances", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("1.5")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** Change the query to `[3, 3]` in the `explain.knn` call: which label wins
# with k = 3, and which with k = 4 (a tie)? Why does scaling the features matter for kNN?
