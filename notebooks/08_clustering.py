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
# # §8 Unsupervised learning: clustering
#
# **The slide's idea:** learn structure from X alone. K-means (centroid based),
# hierarchical (connectivity), Gaussian mixtures (distribution based) and DBSCAN (density
# based) on the iris measurements without their labels; then how many clusters (elbow,
# silhouette)?

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn import cluster as skc
from sklearn import metrics as skm
from sklearn.datasets import load_iris
from sklearn.metrics import adjusted_rand_score

from lucidml import explain
from lucidml.cluster import DBSCAN, AgglomerativeClustering, GaussianMixture, KMeans, choose_n_clusters, elbow
from lucidml.metrics import silhouette_samples

explain.kmeans_iteration(np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 0.0], [10.0, 2.0]]),
                         np.array([[0.0, 1.0], [1.0, 1.0]]))

# %% [markdown]
# ## Four clusterings of iris, each beside scikit-learn (adjusted Rand index 1 = the same partition)

# %%
X, species = load_iris(return_X_y=True)
init = X[[0, 50, 100]]
models = {
    "k-means": (KMeans(3, init=init), skc.KMeans(3, init=init, n_init=1)),
    "agglomerative (Ward)": (AgglomerativeClustering(3), skc.AgglomerativeClustering(3)),
    "DBSCAN": (DBSCAN(eps=0.5, min_samples=5), skc.DBSCAN(eps=0.5, min_samples=5)),
}
labels = {}
for name, (ours, ref) in models.items():
    labels[name] = ours.fit(X).labels_
    print(f"{name:>21}: ARI(lucidml, scikit-learn) = {adjusted_rand_score(labels[name], ref.fit(X).labels_):.3f}, "
          f"ARI(lucidml, species) = {adjusted_rand_score(labels[name], species):.3f}")
gmm = GaussianMixture(3, random_state=0).fit(X)
labels["Gaussian mixture"] = gmm.predict(X)
print(f"{'Gaussian mixture':>21}: ARI(lucidml, species) = {adjusted_rand_score(labels['Gaussian mixture'], species):.3f}")

fig, axes = plt.subplots(1, 4, figsize=(11, 2.6), sharey=True)
for ax, (name, z) in zip(axes, labels.items()):
    ax.scatter(X[:, 2], X[:, 3], c=z, s=10, cmap="viridis"); ax.set_title(name, fontsize=9)
    ax.set_xlabel("petal length")
axes[0].set_ylabel("petal width"); plt.show()

# %% [markdown]
# ## How many clusters? The elbow of the inertia and the silhouette

# %%
print(f"silhouette of k-means labels: max |Δ s(i)| vs scikit-learn = "
      f"{np.abs(silhouette_samples(X, labels['k-means']) - skm.silhouette_samples(X, labels['k-means'])).max():.1e}")
curve = elbow(X, range(1, 9))
choice = choose_n_clusters(X, range(2, 9), method="silhouette")
print("elbow (knee) at k =", curve.knee, "; best silhouette at k =", choice.best_k)
fig, (a, b) = plt.subplots(1, 2, figsize=(8, 2.6))
a.plot(list(curve.k), curve.inertia, "o-"); a.set_xlabel("k"); a.set_ylabel("inertia")
b.plot(list(choice.k), choice.scores, "o-"); b.set_xlabel("k"); b.set_ylabel("mean silhouette")
plt.show()

# %%
explain.silhouette(np.array([[0.0], [1.0], [10.0], [11.0]]), np.array([0, 0, 1, 1]), 0)

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("clustering", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("0 1; 1 0")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** The silhouette prefers k = 2 on iris although there are three species.
# Look at the petal plot: which two species overlap, and why does that favour k = 2?
