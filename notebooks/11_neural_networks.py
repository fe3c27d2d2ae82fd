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
from lucidml.nn import Linear, MLPClassifier, Sequential, Tanh, Tensor, no_grad
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
# ## Convolutional networks: a convolution layer is the §1 correlation, summed over channels
# A `Conv2d` output cell is Σ_c Σ_p Σ_q w[o, c, p, q] x[c, i + p, j + q] + b[o]. Deep learning's
# "convolution" does not flip the kernel, so a 1-channel `Conv2d` with one filter and no bias is
# exactly `lucidml.signal.correlate2d` (and `conv2d` with the flipped kernel).

# %%
from lucidml.nn import CNNClassifier, Conv2d, models
from lucidml.signal import conv2d, correlate2d

digit = load_digits().images[0] / 16                     # (8, 8)
layer = Conv2d(1, 1, 3, bias=False, dtype="float64", random_state=0)
K = layer.weight.data[0, 0]                              # (3, 3)
out = layer(Tensor(digit[None, None], dtype=np.float64)).data[0, 0]      # (6, 6): 'valid'
print(f"max |Conv2d − correlate2d| = {np.abs(out - correlate2d(digit, K)).max():.1e}, "
      f"max |Conv2d − conv2d(flipped K)| = {np.abs(out - conv2d(digit, K[::-1, ::-1])).max():.1e}")
try:
    import torch

    ref = torch.nn.functional.conv2d(torch.tensor(digit[None, None]), torch.tensor(layer.weight.data))
    print(f"max |Conv2d lucidml − torch| = {np.abs(out - ref.numpy()[0, 0]).max():.1e}")
except ImportError:
    print("torch not installed: pip install torch to compare with torch.nn.functional.conv2d")
x2 = np.arange(2 * 4 * 4, dtype=float).reshape(2, 4, 4) % 5                # 2 channels, 4 × 4
w2 = np.array([[[[1, 0, -1], [1, 0, -1], [1, 0, -1]], [[0, 1, 0], [1, -4, 1], [0, 1, 0]]]], dtype=float)
explain.conv_layer(x2, w2, out_channel=0, row=1, col=1, padding=1)

# %% [markdown]
# ## LeNet on digits, beside scikit-learn's SVC and MLP
# `CNNClassifier` trains any of the course's architectures (`lucidml.nn.models`: LeNet5, VGG,
# ResNet, InceptionNet) with scikit-learn's API. 500 training digits and 12 epochs here (not yet
# converged: LeNet keeps improving with more epochs and data, as the tour's CNN section shows).

# %%
from sklearn.svm import SVC

Xd, yd = load_digits(return_X_y=True)
Xtr, Xte, ytr, yte = train_test_split(Xd / 16, yd, train_size=500, test_size=500, random_state=0, stratify=yd)
cnn = CNNClassifier("lenet", image_shape=(8, 8), max_iter=12, learning_rate_init=0.01, batch_size=32,
                    random_state=0).fit(Xtr, ytr)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    mlp_acc = SkMLP((64,), max_iter=60, random_state=0).fit(Xtr, ytr).score(Xte, yte)
svc_acc = SVC().fit(Xtr, ytr).score(Xte, yte)
print(f"held-out accuracy: lucidml LeNet5 {cnn.score(Xte, yte):.3f}, scikit-learn SVC {svc_acc:.3f}, "
      f"scikit-learn MLP {mlp_acc:.3f}")
for name, net in [("LeNet5", models.LeNet5(1, 10, (8, 8), random_state=0)),
                  ("VGG", models.VGG(1, 10, (8, 8), random_state=0)),
                  ("ResNet", models.ResNet(1, 10, random_state=0)),
                  ("InceptionNet", models.InceptionNet(1, 10, random_state=0))]:
    n = sum(p.data.size for p in net.parameters())
    print(f"{name:<13}{n:>8,} parameters, output {net(Tensor(np.zeros((2, 1, 8, 8)))).shape}")

# %%
C1 = cnn.network_.features[0]                            # the first convolution: 6 filters of 3 × 3
with no_grad():
    maps = np.tanh(C1(Tensor(Xte[:1].reshape(1, 1, 8, 8))).data[0])       # (6, 8, 8) feature maps
fig, axes = plt.subplots(2, 7, figsize=(10, 3))
axes[0, 0].imshow(Xte[0].reshape(8, 8), cmap="gray_r")
axes[0, 0].set_title(f"digit {yte[0]}", fontsize=8)
axes[1, 0].axis("off")
for k in range(6):
    axes[0, k + 1].imshow(C1.weight.data[k, 0], cmap="RdBu")
    axes[1, k + 1].imshow(maps[k], cmap="gray_r")
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("LeNet's learned 3 × 3 filters (top) and their tanh feature maps (bottom)", fontsize=10)
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
