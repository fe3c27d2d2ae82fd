# %% [markdown]
# # k-fold cross-validation picks k for kNN
# Each k is scored on 5 validation folds; the best mean score chooses k (wine data).

# %%
import os

import numpy as np
from sklearn.datasets import load_wine
from sklearn.pipeline import make_pipeline

from lucidml.model_selection import StratifiedKFold, cross_val_score
from lucidml.neighbors import KNeighborsClassifier
from lucidml.preprocessing import StandardScaler

X, y = load_wine(return_X_y=True)
ks = [1, 5, 15] if os.environ.get("LUCIDML_FAST") == "1" else list(range(1, 42, 2))
cv = StratifiedKFold(5, shuffle=True, random_state=0)
scores = np.array([cross_val_score(make_pipeline(StandardScaler(), KNeighborsClassifier(k)), X, y, cv=cv)
                   for k in ks])                                            # (len(ks), 5)
best = ks[int(np.argmax(scores.mean(axis=1)))]
print(f"best k = {best}: mean validation accuracy {scores.mean(axis=1).max():.3f}")

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.errorbar(ks, scores.mean(axis=1), yerr=scores.std(axis=1), fmt="o-", capsize=3)
    ax.axvline(best, ls="--", color="k")
    ax.set_xlabel("k"); ax.set_ylabel("5-fold accuracy"); ax.set_title("k-fold cross-validation picks k")
    plt.show()
