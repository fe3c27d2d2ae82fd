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
# # §7 Model generalisation
#
# **The slide's questions:** training, validation and test sets; with 3-fold cross
# validation, *which hyperparameter gives the best validation score?* And for sequential
# data: training must precede validation, so a split that trains on the future is refused.

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn import model_selection as skms
from sklearn.datasets import load_wine
from sklearn.pipeline import make_pipeline

from lucidml import explain
from lucidml.model_selection import (GridSearchCV, KFold, TemporalLeakageError, check_temporal_split,
                                     cross_val_score, train_val_test_split, validation_curve)
from lucidml.neighbors import KNeighborsClassifier
from lucidml.preprocessing import StandardScaler

explain.kfold(n_samples=12, n_splits=3)

# %% [markdown]
# ## Hold-out: train / validation / test

# %%
X, y = load_wine(return_X_y=True)
Xtr, Xval, Xte, ytr, yval, yte = train_val_test_split(X, y, val_size=0.2, test_size=0.2, random_state=0)
print(f"train {len(ytr)}, validation {len(yval)}, test {len(yte)} wines")
print("5-fold accuracy of 5-NN on scaled wine:",
      cross_val_score(make_pipeline(StandardScaler(), KNeighborsClassifier(5)), X, y, cv=5).round(3))

# %% [markdown]
# ## 3-fold cross-validation picks k for kNN, beside scikit-learn

# %%
model = make_pipeline(StandardScaler(), KNeighborsClassifier())
grid = {"kneighborsclassifier__n_neighbors": [1, 3, 5, 9, 15, 25, 41]}
cv = KFold(3, shuffle=True, random_state=0)
ours = GridSearchCV(model, grid, cv=cv).fit(X, y)
ref = skms.GridSearchCV(model, grid, cv=cv).fit(X, y)
print("best:", ours.best_params_, f"score {ours.best_score_:.4f}")
print("max |Δ mean validation score| vs scikit-learn:",
      np.abs(ours.cv_results_["mean_test_score"] - ref.cv_results_["mean_test_score"]).max())
print("the same folds:", all(np.array_equal(a[1], b[1]) for a, b in
                             zip(cv.split(X), skms.KFold(3, shuffle=True, random_state=0).split(X))))

# %%
ks = grid["kneighborsclassifier__n_neighbors"]
train, val = validation_curve(model, X, y, param_name="kneighborsclassifier__n_neighbors", param_range=ks, cv=cv)
fig, ax = plt.subplots(figsize=(5, 2.8))
ax.plot(ks, train.mean(axis=1), "o-", label="training")
ax.plot(ks, val.mean(axis=1), "o-", label="validation (3-fold)")
ax.set_xlabel("k (small k: overfit, large k: underfit)"); ax.set_ylabel("accuracy"); ax.legend(); plt.show()

# %% [markdown]
# ## Sequential data: folds must respect time

# %%
explain.time_series_cv(n_samples=12, n_splits=3)

# %%
try:                                              # train on the last two folds, validate on the first
    check_temporal_split(np.arange(4, 12), np.arange(0, 4))
except TemporalLeakageError as refusal:
    print("refused:", refusal)

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("validation", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("0, 1")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** Compute the 5-fold `cross_val_score` for k = 1 and k = 15. Why can
# the best k on the validation folds still be optimistic for the test set?
