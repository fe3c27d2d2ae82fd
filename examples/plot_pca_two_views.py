# %% [markdown]
# # PCA: maximum projected variance = minimum reconstruction error
# For every unit direction u, variance uᵀCu plus mean reconstruction error is constant (tr C),
# so the direction that keeps the most variance loses the least (iris petals).

# %%
import numpy as np
from sklearn.datasets import load_iris

from lucidml.decomposition import PCA

X = load_iris().data[:, [2, 3]]
Xc = X - X.mean(axis=0)
theta = np.linspace(0, np.pi, 181)
U = np.c_[np.cos(theta), np.sin(theta)]                                # (181, 2) unit directions
variance = np.var(Xc @ U.T, axis=0)                                    # (181,)
error = np.mean(np.sum(Xc ** 2, axis=1)) - variance                    # ‖x‖² − (uᵀx)², averaged
best = U[np.argmax(variance)]
print("sum constant:", np.allclose(variance + error, np.trace(np.cov(Xc.T, bias=True))))
print("argmax variance = first PCA axis:", np.allclose(np.abs(best), np.abs(PCA(1).fit(X).components_[0]), atol=1e-2))

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(np.degrees(theta), variance, label="projected variance uᵀCu")
    ax.plot(np.degrees(theta), error, label="reconstruction error")
    ax.set_xlabel("direction θ (degrees)"); ax.legend()
    plt.show()
