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
# # §10 Dimensionality reduction: PCA and SVD
#
# **The slide's questions:** PCA is the eigen-decomposition of the covariance matrix.
# What are the eigenvalues and eigenvectors of C = [[4, 3], [3, 7]]? (2.1 and 8.8.) And
# the two views of the objective: maximum projected variance = minimum reconstruction error.

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn import decomposition as skd
from sklearn.datasets import load_digits, load_iris

from lucidml import explain
from lucidml.decomposition import PCA, TruncatedSVD

explain.pca([[4, 3], [3, 7]])

# %%
X2 = load_iris().data[:, [2, 3]]                           # petal length and width: strongly correlated
explain.pca_two_views(X2, n_angles=36)

# %% [markdown]
# ## PCA on real data, beside scikit-learn

# %%
X, digit = load_digits(return_X_y=True)
ours, ref = PCA(10).fit(X), skd.PCA(10).fit(X)
print(f"max |Δ component| = {np.abs(ours.components_ - ref.components_).max():.1e} (same sign convention)")
print(f"max |Δ explained variance ratio| = {np.abs(ours.explained_variance_ratio_ - ref.explained_variance_ratio_).max():.1e}")
svd, svd_ref = TruncatedSVD(3, algorithm="exact").fit(X), skd.TruncatedSVD(3, algorithm="arpack").fit(X)
print(f"singular values: lucidml {np.round(svd.singular_values_, 3)}, scikit-learn {np.round(svd_ref.singular_values_, 3)}")

Z = PCA(2).fit_transform(X)
full = PCA().fit(X)
fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.2))
a.scatter(Z[:, 0], Z[:, 1], c=digit, s=4, cmap="tab10"); a.set_title("64 pixels → 2 components")
b.plot(np.arange(1, 65), np.cumsum(full.explained_variance_ratio_), "o-", ms=2)
b.set_xlabel("number of components d"); b.set_ylabel("share of variance kept"); plt.show()

# %% [markdown]
# Reconstruction error falls as the kept variance rises (the two views once more):

# %%
for d in (2, 10, 30):
    p = PCA(d).fit(X)
    err = np.mean(np.sum((X - p.inverse_transform(p.transform(X))) ** 2, axis=1))
    print(f"d = {d:>2}: variance kept {p.explained_variance_ratio_.sum():.3f}, mean reconstruction error {err:8.2f}")

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("pca", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("0.6, 0.8")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** Without a computer: the eigenvalues of [[7, 0], [0, 1]] and of
# [[4, −3], [−3, 7]]. Then check them with `explain.pca`.
