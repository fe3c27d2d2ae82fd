# %% [markdown]
# # Choosing the number of clusters: elbow and silhouette
# The inertia always falls with k; its elbow and the peak of the mean silhouette choose k.

# %%
import os

from sklearn.datasets import make_blobs

from lucidml.cluster import choose_n_clusters, elbow

X, _ = make_blobs(300 if os.environ.get("LUCIDML_FAST") == "1" else 1500, centers=4, cluster_std=0.8,
                  random_state=0)
ks = range(2, 9)
curve = elbow(X, ks)
choice = choose_n_clusters(X, ks, method="silhouette")
print(f"elbow at k = {curve.knee}; best silhouette at k = {choice.best_k} (the data have 4 blobs)")

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    fig, (a, b) = plt.subplots(1, 2, figsize=(8, 3))
    a.plot(list(curve.k), curve.inertia, "o-"); a.set_xlabel("k"); a.set_ylabel("inertia (elbow)")
    b.plot(list(choice.k), choice.scores, "o-"); b.set_xlabel("k"); b.set_ylabel("mean silhouette")
    plt.show()
