# %% [markdown]
# # Early stopping keeps the weights of the best validation epoch
# An MLP on digits: the training loss keeps falling; the validation score stops improving.

# %%
import os
import warnings

from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning

from lucidml.nn import MLPClassifier
from lucidml.preprocessing import StandardScaler

fast = os.environ.get("LUCIDML_FAST") == "1"
X, y = load_digits(return_X_y=True)
X = StandardScaler().fit_transform(X[:500] if fast else X)
y = y[:500] if fast else y
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    mlp = MLPClassifier((64,), early_stopping=True, n_iter_no_change=5, max_iter=10 if fast else 200,
                        learning_rate_init=0.01, random_state=0).fit(X, y)
print(f"stopped after {mlp.n_iter_} epochs; best validation accuracy {max(mlp.validation_scores_):.3f}")

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(mlp.loss_curve_, label="training loss"); ax.plot(mlp.validation_scores_, label="validation accuracy")
    ax.set_xlabel("epoch"); ax.legend()
    plt.show()
