# %% [markdown]
# # The curse of dimensionality: distances concentrate
# In [0, 1]ᴰ the nearest and the farthest of N random points become almost equally far from
# a query as D grows, so "nearest" neighbours stop meaning much.

# %%
import os

import numpy as np

from lucidml.metrics import pairwise_distances

rng = np.random.default_rng(0)
n = 200 if os.environ.get("LUCIDML_FAST") == "1" else 2000
dims = [1, 2, 5, 10, 20, 50, 100, 500, 1000]
ratio = []
for D in dims:
    d = pairwise_distances(rng.uniform(size=(20, D)), rng.uniform(size=(n, D)))  # (20 queries, n points)
    ratio.append(np.mean(d.min(axis=1) / d.max(axis=1)))
for D, r in zip(dims, ratio):
    print(f"D = {D:>4}: nearest / farthest = {r:.3f}")

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.semilogx(dims, ratio, "o-")
    ax.set_xlabel("number of features D"); ax.set_ylabel("d_min / d_max"); ax.set_ylim(0, 1)
    plt.show()
