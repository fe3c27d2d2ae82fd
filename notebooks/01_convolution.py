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
# # §1 Convolution
#
# **The slide's question:** signal f = [2, 5, 0, 1, 3], kernel g = [0, 1, 0], no padding:
# *what will the convolution output be?* lucidml answers it one window at a time, then
# we run the same operation on real data beside SciPy.

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy import signal as sp

from lucidml import datasets, explain
from lucidml.signal import conv1d, conv2d, correlate2d

explain.convolution([2, 5, 0, 1, 3], [0, 1, 0])

# %% [markdown]
# The 2-D example of the slide: a 5×5 data matrix and a 3×3 kernel with 5 at the centre,
# built one output cell at a time (0, then 0, then 5, then 5, ...).

# %%
D = np.array([[1, 0, 1, 1, 0], [1, 0, 0, 1, 1], [0, 1, 0, 0, 0], [1, 0, 0, 0, 1], [0, 1, 0, 1, 0]])
K = np.array([[0, 0, 0], [0, 5, 0], [0, 0, 0]])
explain.convolution2d(D, K)

# %% [markdown]
# ## Real data: smoothing the sunspot cycle
# A 1-D moving average is a convolution with a kernel of equal weights. Ours beside
# `scipy.signal.convolve`, with the largest difference printed.

# %%
years, spots = datasets.load_sunspots()
g = np.ones(11) / 11                                    # an 11-year moving average
ours, ref = conv1d(spots, g, mode="same"), sp.convolve(spots, g, mode="same")
print(f"max |lucidml − scipy| = {np.max(np.abs(ours - ref)):.2e}")

fig, ax = plt.subplots(figsize=(8, 2.8))
ax.plot(years, spots, lw=0.8, label="yearly sunspot number")
ax.plot(years, ours, lw=2, label="11-year moving average (conv1d, same)")
ax.set_xlabel("year"); ax.legend(); plt.show()

# %% [markdown]
# ## Convolution flips the kernel; deep-learning layers do not
# `conv2d` slides the flipped kernel, `correlate2d` slides it as it is (what a CNN layer
# computes). On a handwritten digit an asymmetric edge kernel shows the difference.

# %%
from sklearn.datasets import load_digits

digit = load_digits().images[0]
sobel = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
conv, corr = conv2d(digit, sobel, mode="same"), correlate2d(digit, sobel, mode="same")
print(f"conv2d vs scipy:      {np.max(np.abs(conv - sp.convolve2d(digit, sobel, mode='same'))):.1e}")
print(f"correlate2d vs scipy: {np.max(np.abs(corr - sp.correlate2d(digit, sobel, mode='same'))):.1e}")
print("conv = −corr for this antisymmetric kernel:", np.allclose(conv, -corr))

fig, axes = plt.subplots(1, 3, figsize=(8, 2.8))
for ax, image, title in zip(axes, [digit, conv, corr], ["digit", "conv2d (flipped)", "correlate2d"]):
    ax.imshow(image, cmap="gray"); ax.set_title(title); ax.axis("off")
plt.show()

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("conv", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("1, 2, 3")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** Compute `conv1d([1, 2, 3, 4], [1, -1])` by hand (remember the flip), then
# check it with `explain.convolution`. What changes with `mode="full"`?
