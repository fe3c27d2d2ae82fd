# %% [markdown]
# # Ridge shrinks the coefficients as λ grows
# Minimising ‖y − Xw‖² + λ‖w‖² pulls every coefficient towards 0 as λ grows (diabetes data).

# %%
import numpy as np
from sklearn.datasets import load_diabetes

from lucidml.linear_model import Ridge
from lucidml.preprocessing import StandardScaler

X, y = load_diabetes(return_X_y=True)
X = StandardScaler().fit_transform(X)
lambdas = np.logspace(-2, 4, 25)
W = np.array([Ridge(alpha=lam).fit(X, y).coef_ for lam in lambdas])       # (25, 10)
norms = np.linalg.norm(W, axis=1)
print(f"‖w‖ at λ = {lambdas[0]:g}: {norms[0]:.1f};  at λ = {lambdas[-1]:g}: {norms[-1]:.1f}")
assert np.all(np.diff(norms) <= 1e-9), "the norm of w never grows with λ"

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.semilogx(lambdas, W)
    ax.set_xlabel("λ"); ax.set_ylabel("coefficient w_d"); ax.set_title("Ridge paths on diabetes")
    plt.show()
