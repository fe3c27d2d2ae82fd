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
# # §14 Generative models
#
# **The slide's question:** how can a model *make* new data? A GAN trains a generator G(z) against a
# discriminator D(x) that tries to tell real from generated samples; a VAE learns an encoder
# q(z | x) = N(μ(x), σ²(x)) and a decoder p(x | z), and maximises the evidence lower bound
# E_q[ln p(x | z)] − KL(q(z | x) ‖ N(0, I)). First the KL term of one encoding, worked by hand:

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits, make_moons
from sklearn.neural_network import BernoulliRBM as SkRBM

from lucidml import quiz
from lucidml.generative import GAN, VAE, BernoulliRBM, gaussian_kl

quiz.generate("vae-kl", seed=1, difficulty=1).solution

# %% [markdown]
# ## The KL term beside PyTorch's (if installed)
# KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − 1 − ln σ_j²), in closed form.

# %%
rng = np.random.default_rng(0)
mu, log_var = rng.normal(size=(5, 3)), rng.normal(scale=0.5, size=(5, 3))
ours = gaussian_kl(mu, log_var)
try:
    import torch
    from torch.distributions import Normal, kl_divergence

    ref = kl_divergence(Normal(torch.tensor(mu), torch.tensor(np.exp(0.5 * log_var))),
                        Normal(torch.zeros(5, 3, dtype=torch.float64), torch.ones(5, 3, dtype=torch.float64)))
    print(f"max |KL lucidml − torch| = {np.abs(ours - ref.sum(-1).numpy()).max():.1e}")
except ImportError:
    print("torch not installed: pip install torch to compare with torch.distributions.kl_divergence")

# %% [markdown]
# ## A restricted Boltzmann machine beside scikit-learn's
# `BernoulliRBM` follows scikit-learn's (persistent contrastive divergence, the same seeded draws),
# so on binarised digits both learn the same weights.

# %%
digits = load_digits().data / 16                          # (1797, 64) in [0, 1]
B = (digits > 0.5).astype(float)
kw = dict(n_components=32, learning_rate=0.05, batch_size=20, n_iter=5, random_state=0)
rbm, sk_rbm = BernoulliRBM(**kw).fit(B), SkRBM(**kw).fit(B)
print(f"max |W lucidml − scikit-learn| = {np.abs(rbm.components_ - sk_rbm.components_).max():.1e}, "
      f"max |p(h | v) lucidml − scikit-learn| = {np.abs(rbm.transform(B) - sk_rbm.transform(B)).max():.1e}")

# %% [markdown]
# ## A VAE on digits: a 2-D latent space, and new digits decoded from it
# 10 epochs here; more epochs give sharper digits.

# %%
vae = VAE(n_components=2, hidden_layer_sizes=(64,), max_iter=10, random_state=0).fit(digits)
Z = vae.transform(digits)                                 # (N, 2): the encoder's means μ(x)
new = vae.sample(8, random_state=0)                       # decode z ~ N(0, I): (8, 64)
print(f"final loss (negative ELBO per digit) {vae.loss_curve_[-1]:.1f}: reconstruction "
      f"{vae.reconstruction_curve_[-1]:.1f} + KL {vae.kl_curve_[-1]:.1f}")
fig = plt.figure(figsize=(10, 3.2))
grid = fig.add_gridspec(2, 6)
ax = fig.add_subplot(grid[:, :2])
ax.scatter(Z[:, 0], Z[:, 1], c=load_digits().target, cmap="tab10", s=4)
ax.set_title("μ(x) of every digit (colour = label)", fontsize=9)
for k in range(8):
    a = fig.add_subplot(grid[k // 4, 2 + k % 4])
    a.imshow(new[k].reshape(8, 8), cmap="gray_r")
    a.set_xticks([])
    a.set_yticks([])
fig.suptitle("VAE: the latent space (left) and eight decoded samples z ~ N(0, I) (right)", fontsize=10)
plt.show()

# %% [markdown]
# ## A GAN learns the two moons
# The generator maps 2-D noise to points; the discriminator's output p(real | x) is the
# adversary it learns to fool.

# %%
X_moons, _ = make_moons(500, noise=0.05, random_state=0)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    gan = GAN(n_components=2, hidden_layer_sizes=(32, 32), max_iter=30, batch_size=64, random_state=0).fit(X_moons)
fake = gan.sample(500, random_state=0)
print(f"mean p(real | x): real points {gan.predict_proba(X_moons).mean():.2f}, "
      f"generated points {gan.predict_proba(fake).mean():.2f} (0.5 each when D cannot tell them apart)")
fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.2))
a.scatter(*X_moons.T, s=4, label="real")
a.scatter(*fake.T, s=4, label="generated")
a.legend(fontsize=8)
a.set_title("after 30 epochs", fontsize=9)
for name, curve in gan.loss_curve_.items():
    b.plot(curve, label=name)
b.set_xlabel("epoch")
b.set_ylabel("loss")
b.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
exercise = quiz.generate("gan-loss", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("0.7")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                         # uncomment for the worked solution

# %% [markdown]
# **Exercise.** For μ = (0.5, −1) and ln σ² = (0, −1), compute KL(q ‖ N(0, I)) by hand and check it
# with `gaussian_kl`. Which term grows if the encoder makes σ very small?
