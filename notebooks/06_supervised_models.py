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
# # §6 General supervised models
#
# **The slide's list:** for regression kNN, linear regression, a decision tree, random
# forest, boosting and a support vector regressor; for classification kNN, logistic
# regression, a tree, random forest, boosting, SVC and naive Bayes. Each lucidml model
# sits beside its scikit-learn twin on the same split of the breast-cancer data.

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn import ensemble as ske
from sklearn import linear_model as sklm
from sklearn import naive_bayes as sknb
from sklearn import neighbors as skn
from sklearn import svm as sksvm
from sklearn import tree as skt
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from lucidml import ensemble, explain, linear_model, naive_bayes, neighbors, svm, tree

X, y = load_breast_cancer(return_X_y=True)
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
scaler = StandardScaler().fit(Xtr)
Xtr, Xte = scaler.transform(Xtr), scaler.transform(Xte)
pairs = {
    "kNN": (neighbors.KNeighborsClassifier(5), skn.KNeighborsClassifier(5)),
    "logistic regression": (linear_model.LogisticRegression(), sklm.LogisticRegression()),
    "decision tree": (tree.DecisionTreeClassifier(max_depth=4, random_state=0),
                      skt.DecisionTreeClassifier(max_depth=4, random_state=0)),
    "random forest": (ensemble.RandomForestClassifier(50, random_state=0),
                      ske.RandomForestClassifier(50, random_state=0)),
    "gradient boosting": (ensemble.GradientBoostingClassifier(n_estimators=50, random_state=0),
                          ske.GradientBoostingClassifier(n_estimators=50, random_state=0)),
    "AdaBoost": (ensemble.AdaBoostClassifier(n_estimators=50, random_state=0),
                 ske.AdaBoostClassifier(n_estimators=50, random_state=0)),
    "SVC": (svm.SVC(), sksvm.SVC()),
    "Gaussian naive Bayes": (naive_bayes.GaussianNB(), sknb.GaussianNB()),
}
scores = {}
for name, (ours, ref) in pairs.items():
    scores[name] = ours.fit(Xtr, ytr).score(Xte, yte), ref.fit(Xtr, ytr).score(Xte, yte)
    print(f"{name:>22}: lucidml {scores[name][0]:.3f}   scikit-learn {scores[name][1]:.3f}   "
          f"difference {scores[name][0] - scores[name][1]:+.3f}")

# %%
fig, ax = plt.subplots(figsize=(7, 3))
idx = np.arange(len(scores))
ax.barh(idx - 0.2, [s[0] for s in scores.values()], 0.4, label="lucidml")
ax.barh(idx + 0.2, [s[1] for s in scores.values()], 0.4, label="scikit-learn")
ax.set_yticks(idx, list(scores)); ax.set_xlim(0.85, 1.0); ax.set_xlabel("held-out accuracy")
ax.legend(loc="lower left"); plt.show()

# %% [markdown]
# ## Regression: the same models on diabetes progression (R² on held-out patients)

# %%
Xd, yd = load_diabetes(return_X_y=True)
Xa, Xb, ya, yb = train_test_split(Xd, yd, test_size=0.3, random_state=0)
for name, ours, ref in [
    ("kNN", neighbors.KNeighborsRegressor(10), skn.KNeighborsRegressor(10)),
    ("linear regression", linear_model.LinearRegression(), sklm.LinearRegression()),
    ("decision tree", tree.DecisionTreeRegressor(max_depth=3), skt.DecisionTreeRegressor(max_depth=3, random_state=0)),
    ("boosting", ensemble.GradientBoostingRegressor(n_estimators=50, random_state=0),
     ske.GradientBoostingRegressor(n_estimators=50, random_state=0)),
    ("SVR", svm.SVR(C=50.0), sksvm.SVR(C=50.0)),
]:
    print(f"{name:>18}: R² lucidml {ours.fit(Xa, ya).score(Xb, yb):.3f}   scikit-learn {ref.fit(Xa, ya).score(Xb, yb):.3f}")

# %% [markdown]
# ## Worked solutions: a tree split, a naive-Bayes posterior

# %%
toy_X = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]])
toy_y = np.array([0, 0, 0, 1, 1, 0])
explain.tree_split(toy_X, toy_y, feature=0)

# %%
explain.naive_bayes(np.array([[1.0, 2.0], [1.5, 1.8], [5.0, 8.0], [6.0, 9.0]]), np.array([0, 0, 1, 1]),
                    np.array([2.0, 3.0]))

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("trees", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("0.5")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** Which of the classifiers above need the features scaled? Re-run the first
# cell without the `StandardScaler` and see which scores move.
