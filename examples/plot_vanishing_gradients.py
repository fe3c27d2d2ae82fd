# %% [markdown]
# # Gradients vanish through 20 sigmoid layers; batch normalisation keeps them alive
# ‖∂L/∂W_l‖ at initialisation, layer by layer, for a deep stack (SYLLABUS §11, §15).

# %%
import os

from lucidml.experiments import vanishing_gradients

fast = os.environ.get("LUCIDML_FAST") == "1"
result = vanishing_gradients(depth=20, width=16 if fast else 64, n_samples=32 if fast else 256,
                             activations=("sigmoid", "relu"), norms=(None, "batch"), exploding_scale=None)
print(result.table())

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for label, norms in zip(result.labels, result.grad_norms):
        ax.semilogy(range(1, len(norms) + 1), norms, label=label)
    ax.set_xlabel("layer l"); ax.set_ylabel("‖∂L/∂W_l‖"); ax.legend(fontsize=8)
    plt.show()
