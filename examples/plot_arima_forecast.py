# %% [markdown]
# # An ARIMA forecast widens with the horizon
# ARIMA(1,1,1) by exact maximum likelihood on the Nile's yearly flow; the 90% interval of
# an integrated model grows with every step ahead.

# %%
import numpy as np

from lucidml.datasets import load_nile
from lucidml.timeseries import ARIMA

years, flow = load_nile()
model = ARIMA(1, 1, 1).fit(flow)
mean, ci = model.forecast(15, return_conf_int=True, alpha=0.1)
width = ci[:, 1] - ci[:, 0]
print(f"φ = {model.ar_[0]:.3f}, θ = {model.ma_[0]:.3f}, σ² = {model.sigma2_:.0f}")
print(f"90% interval width: {width[0]:.0f} one year ahead, {width[-1]:.0f} fifteen years ahead")
assert np.all(np.diff(width) > 0)

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    future = np.arange(years[-1] + 1, years[-1] + 16)
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.plot(years, flow, label="Nile flow"); ax.plot(future, mean, label="forecast")
    ax.fill_between(future, ci[:, 0], ci[:, 1], alpha=0.3, label="90% interval")
    ax.legend()
    plt.show()
