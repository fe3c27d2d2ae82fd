# %% [markdown]
# # Training error falls with the order M; test error does not
# Bishop's experiment (PRML §1.1): ten noisy points of sin(2πx), polynomials of order 0-9.

# %%
import numpy as np

from lucidml.datasets import make_sinusoid
from lucidml.linear_model import PolynomialRegression

x, t = make_sinusoid(10, noise=0.3, random_state=1)
x_test, t_test = make_sinusoid(200, noise=0.3, random_state=2, evenly_spaced=False)
orders = np.arange(10)
fits = [PolynomialRegression(degree=M).fit(x[:, None], t) for M in orders]
train = [np.sqrt(np.mean((f.predict(x[:, None]) - t) ** 2)) for f in fits]
test = [np.sqrt(np.mean((f.predict(x_test[:, None]) - t_test) ** 2)) for f in fits]
print(f"M = 9: training E_RMS {train[9]:.1e} (it interpolates), test E_RMS {test[9]:.2f}")
print(f"best test error at M = {int(np.argmin(test))}")

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot(orders, train, "o-", label="training")
    ax.plot(orders, test, "o-", label="test")
    ax.set_ylim(0, 1.2); ax.set_xlabel("M"); ax.set_ylabel("E_RMS"); ax.legend()
    plt.show()
