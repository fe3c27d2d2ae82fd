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
# # §11 Neural networks
#
# **The slide's worked example:** back-propagation through a 2-2-2 sigmoid network with
# E = ½ Σ (target − out)² and targets 0.01 and 0.99. The slide prints
# ∂E/∂out_o1 = 0.74136507, ∂out_o1/∂net_o1 = 0.186815602, ∂net_o1/∂w5 = 0.593269992.

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLP
from sklearn.preprocessing import StandardScaler

from lucidml import experiments, explain
from lucidml.nn import Linear, MLPClassifier, Sequential, Tanh, Tensor
from lucidml.nn import functional as F

explain.backprop()

# %% [markdown]
# ## Activations, including Soboleva's modified tanh

# %%
act = experiments.activations()
print(act.table())
act.figure()
plt.show()

# %% [markdown]
# ## Our autograd against finite differences, and against PyTorch's (if installed)

# %%
X, y = load_digits(return_X_y=True)
X = StandardScaler().fit_transform(X)
net = Sequential(Linear(64, 32, dtype="float64", random_state=0), Tanh(), Linear(32, 10, dtype="float64", random_state=1))
state = net.state_dict()


def loss(bias):                                          # L as a function of the last layer's bias
    net.load_state_dict({**state, "2.bias": bias})
    return F.cross_entropy(net(Tensor(X[:200], dtype=np.float64)), y[:200])


loss(state["2.bias"]).backward()
ours = np.concatenate([p.grad.ravel() for _, p in net.named_parameters()])
eps, e0 = 1e-6, np.eye(10)[0]
numeric = (loss(state["2.bias"] + eps * e0).item() - loss(state["2.bias"] - eps * e0).item()) / (2 * eps)
print(f"∂L/∂b₀: autograd {ours[-10]:.10f}, central difference {numeric:.10f}")
net.load_state_dict(state)
try:
    import torch

    twin = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.Tanh(), torch.nn.Linear(32, 10)).double()
    twin.load_state_dict({k: torch.tensor(v) for k, v in state.items()})   # PyTorch's names and shapes
    torch.nn.functional.cross_entropy(twin(torch.tensor(X[:200])), torch.tensor(y[:200])).backward()
    theirs = np.concatenate([p.grad.numpy().ravel() for _, p in twin.named_parameters()])
    print(f"max |∂L/∂θ lucidml − torch| over all {ours.size} parameters = {np.abs(ours - theirs).max():.1e}")
except ImportError:
    print("torch not installed: pip install torch to compare every gradient with PyTorch's")

# %% [markdown]
# ## An MLP on digits, beside scikit-learn's (same architecture and training)

# %%
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
kw = dict(hidden_layer_sizes=(64,), learning_rate_init=0.01, max_iter=15, random_state=0)
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")                      # 15 epochs: stopped before convergence on purpose
    ours_acc = MLPClassifier(**kw).fit(Xtr, ytr).score(Xte, yte)
    ref_acc = SkMLP(**kw).fit(Xtr, ytr).score(Xte, yte)
print(f"held-out accuracy: lucidml {ours_acc:.3f}, scikit-learn {ref_acc:.3f}")

# %% [markdown]
# ## Vanishing gradients through 20 layers, and what normalisation does

# %%
van = experiments.vanishing_gradients(width=32, n_samples=64, activations=("sigmoid", "relu"),
                                      norms=(None, "batch"), exploding_scale=None)
print(van.table())
van.figure()
plt.show()

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("backprop", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("0.1")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** From the slide's numbers, compute ∂E/∂w5 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 ·
# ∂net_o1/∂w5 and the updated w5 with η = 0.5. Compare with the `explain.backprop` steps.
