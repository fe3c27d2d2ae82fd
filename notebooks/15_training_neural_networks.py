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
# # §15 Training neural networks
#
# **The slide's list:** vanishing and exploding gradients; input normalisation (a standard
# scaler), batch normalisation and layer normalisation; controlling overfitting with
# regularisation, early stopping and dropout. Each on real data, beside the reference.

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn import preprocessing as skp
from sklearn.datasets import load_digits, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from lucidml import experiments
from lucidml.nn import BatchNorm1d, LayerNorm, MLPClassifier, Tensor
from lucidml.preprocessing import StandardScaler

warnings.simplefilter("ignore", ConvergenceWarning)     # short trainings on purpose

# %% [markdown]
# ## Input normalisation: the same MLP on raw and on standardised wine measurements
# Proline is in the hundreds and hue near 1: unscaled inputs leave most features unused.

# %%
X, y = load_wine(return_X_y=True)
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
scaler = StandardScaler().fit(Xtr)
print(f"StandardScaler vs scikit-learn's: max |Δ| = "
      f"{np.abs(scaler.transform(Xte) - skp.StandardScaler().fit(Xtr).transform(Xte)).max():.1e}")
for name, (a, b) in {"raw": (Xtr, Xte), "standardised": (scaler.transform(Xtr), scaler.transform(Xte))}.items():
    mlp = MLPClassifier((32,), max_iter=60, learning_rate_init=0.01, random_state=0).fit(a, ytr)
    print(f"{name:>12} inputs: held-out accuracy {mlp.score(b, yte):.3f}")

# %% [markdown]
# ## Batch and layer normalisation, beside PyTorch (if installed)
# Batch norm standardises each feature over the batch, layer norm each sample over its features.

# %%
Z = scaler.transform(Xtr)[:16]
bn, ln = BatchNorm1d(13, dtype="float64"), LayerNorm(13, dtype="float64")
ours_bn, ours_ln = bn(Tensor(Z, dtype=np.float64)).data, ln(Tensor(Z, dtype=np.float64)).data
print("batch norm: per-feature mean ≈ 0:", np.allclose(ours_bn.mean(axis=0), 0, atol=1e-12))
print("layer norm: per-sample mean ≈ 0:", np.allclose(ours_ln.mean(axis=1), 0, atol=1e-12))
try:
    import torch

    t_bn = torch.nn.BatchNorm1d(13).double()(torch.tensor(Z)).detach().numpy()
    t_ln = torch.nn.LayerNorm(13).double()(torch.tensor(Z)).detach().numpy()
    print(f"vs torch: batch norm max |Δ| = {np.abs(ours_bn - t_bn).max():.1e}, "
          f"layer norm max |Δ| = {np.abs(ours_ln - t_ln).max():.1e}")
except ImportError:
    print("torch not installed: pip install torch to compare with PyTorch's layers")

# %% [markdown]
# ## Vanishing and exploding gradients through 20 layers, and what normalisation does

# %%
van = experiments.vanishing_gradients(width=16, n_samples=32, activations=("sigmoid", "relu"),
                                      norms=(None, "batch", "layer"))
print(van.table())
van.figure()
plt.show()

# %% [markdown]
# ## Controlling overfitting: L2 (α), dropout and early stopping on a small digits sample

# %%
Xd, yd = load_digits(return_X_y=True)
Xa, Xb, ya, yb = train_test_split(StandardScaler().fit_transform(Xd), yd, train_size=300, test_size=600,
                                  random_state=0, stratify=yd)
configs = {"none": {}, "L2 (α = 1)": {"alpha": 1.0}, "dropout 0.3": {"dropout": 0.3},
           "early stopping": {"early_stopping": True, "n_iter_no_change": 10}}
curves = {}
for name, kw in configs.items():
    mlp = MLPClassifier((64,), max_iter=40, learning_rate_init=0.01, random_state=0, **kw).fit(Xa, ya)
    curves[name] = mlp.loss_curve_
    print(f"{name:>15}: {mlp.n_iter_:>3} epochs, train accuracy {mlp.score(Xa, ya):.3f}, "
          f"held-out accuracy {mlp.score(Xb, yb):.3f}")
fig, ax = plt.subplots(figsize=(6, 3))
for name, curve in curves.items():
    ax.plot(curve, label=name)
ax.set_xlabel("epoch"); ax.set_ylabel("training loss"); ax.set_yscale("log"); ax.legend(); plt.show()

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("training", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("0.1")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** Why does the training loss of the dropout network stay higher than that of
# the plain one, while its held-out accuracy does not fall? Try dropout 0.6.
