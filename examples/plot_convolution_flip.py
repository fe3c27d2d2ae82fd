# %% [markdown]
# # Convolution flips the kernel; cross-correlation does not
# f * g = f ⋆ flip(g): a CNN's "convolution" layer is a cross-correlation.

# %%
import numpy as np

from lucidml.datasets import load_sunspots
from lucidml.signal import conv1d, correlate1d

years, spots = load_sunspots()
g = np.array([1.0, 0.0, -1.0]) / 2                    # an asymmetric (difference) kernel
conv = conv1d(spots, g, mode="same")
corr = correlate1d(spots, g, mode="same")
print("conv1d == correlate1d with the flipped kernel:", np.allclose(conv, correlate1d(spots, g[::-1], mode="same")))
print("for this kernel the flip changes the sign:", np.allclose(conv, -corr))

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.plot(years, conv, label="conv1d (flipped kernel): the slope")
    ax.plot(years, corr, label="correlate1d (kernel as is)", alpha=0.7)
    ax.set_xlabel("year"); ax.legend()
    plt.show()
