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
# # §13 Transformers and foundation models
#
# **The slide's question:** what is a transformer made of, and why is BERT "the encoder" and
# GPT "the decoder" of the encoder–decoder pair? Both stack the same block, attention
# softmax(Q Kᵀ / √d + M) V followed by a small feed-forward network, each with a residual path and
# a layer norm. The decoder's mask M hides the future (each token reads only the tokens before it),
# so it can generate text left to right; the encoder has no such mask and reads the whole input.
# First one query's attention by hand:

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from lucidml import explain
from lucidml.nn import MultiheadAttention, Tensor, TransformerEncoderLayer, models, no_grad

try:
    import torch                                          # the reference, if installed
except ImportError:
    torch = None
explain.attention(causal_position=1)

# %% [markdown]
# ## Multi-head attention beside PyTorch's
# Parameters keep PyTorch's names and shapes (`in_proj_weight` (3E, E), `out_proj`), so
# `torch.nn.MultiheadAttention`'s weights load unchanged. The sequences here are digits read row
# by row: 8 tokens of 8 pixels each.

# %%
images = load_digits().images[:4] / 16                    # (B = 4, T = 8 rows, E = 8 pixels)
x = (images - images.mean()) / images.std()
causal = np.triu(np.ones((8, 8), dtype=bool), 1)          # True = hidden: row i may not read rows j > i
mha = MultiheadAttention(8, 2, batch_first=True, dtype="float64", random_state=0)
with no_grad():
    y, w = mha(Tensor(x), Tensor(x), Tensor(x))                               # w: (B, T, T), mean over heads
    y_causal, w_causal = mha(Tensor(x), Tensor(x), Tensor(x), attn_mask=causal)
if torch is not None:
    ref = torch.nn.MultiheadAttention(8, 2, batch_first=True).double()
    ref.load_state_dict({k: torch.tensor(v) for k, v in mha.state_dict().items()})
    xt = torch.tensor(x)
    y_t, w_t = ref(xt, xt, xt, attn_mask=torch.tensor(causal))
    print(f"max |MultiheadAttention lucidml − torch| (causal): "
          f"output {np.abs(y_causal.data - y_t.detach().numpy()).max():.1e}, "
          f"weights {np.abs(w_causal.data - w_t.detach().numpy()).max():.1e}")
else:
    print("torch not installed: pip install torch to compare with torch.nn.MultiheadAttention")

fig, axes = plt.subplots(1, 3, figsize=(10, 3.2))
axes[0].imshow(images[0], cmap="gray_r")
axes[0].set_title("the digit: 8 rows = 8 tokens", fontsize=9)
for ax, weights, title in [(axes[1], w.data[0], "encoder: every row reads every row"),
                           (axes[2], w_causal.data[0], "decoder: causal mask")]:
    ax.imshow(weights, cmap="viridis", vmin=0)
    ax.set_title(title, fontsize=9)
    ax.set_xlabel("key (row read)")
    ax.set_ylabel("query (row reading)")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## A transformer block beside PyTorch's
# `TransformerEncoderLayer` is x = LN(x + attention(x)), then x = LN(x + FFN(x)) (post-norm, as in
# the paper and PyTorch's default); `norm_first=True` gives GPT's pre-norm order.

# %%
block = TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True, dtype="float64",
                                random_state=0)
with no_grad():
    out = block(Tensor(x)).data
if torch is not None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                   # torch's note about nested tensors
        twin = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True).double()
    twin.load_state_dict({k: torch.tensor(v) for k, v in block.state_dict().items()})
    print(f"max |TransformerEncoderLayer lucidml − torch| = {np.abs(out - twin(xt).detach().numpy()).max():.1e}")
else:
    print("torch not installed: pip install torch to compare with torch.nn.TransformerEncoderLayer")

# %% [markdown]
# ## GPT is a decoder, BERT an encoder: what changes when one token changes
# Change only the last token of a sequence and compare the outputs at the earlier positions:
# GPT's causal attention never lets position t see later tokens, so its outputs there do not move;
# every output of BERT does. (Untrained models: this is the architecture, not what it learned.)

# %%
gpt = models.GPT(vocab_size=12, block_size=8, n_layer=2, n_head=2, n_embd=16, random_state=0)
bert = models.BERT(vocab_size=12, max_len=8, n_layer=2, n_head=2, n_embd=16, random_state=0)
ids = np.array([[3, 5, 7, 4, 9, 6]])
changed = ids.copy()
changed[0, -1] = 10
with no_grad():
    for name, model in [("GPT (decoder)", lambda i: gpt(Tensor(i))), ("BERT (encoder)", bert)]:
        shift = np.abs(model(changed).data - model(ids).data).max(axis=-1)[0]        # per position
        print(f"{name:<15} largest change at positions 1-5: {shift[:-1].max():.1e}, "
              f"at position 6: {shift[-1]:.1e}")
for name, model in [("GPT", gpt), ("BERT", bert)]:
    print(f"{name}: {sum(p.data.size for p in model.parameters()):,} parameters")
sampled = gpt.generate(np.array([[3]]), max_new_tokens=6, random_state=0)
print("GPT generates left to right, one token at a time (untrained, so at random):", sampled[0].tolist())

# %% [markdown]
# A foundation model is one such network pretrained on a large unlabelled corpus (GPT: predict the
# next token; BERT: fill in masked tokens) and then fine-tuned with a small head for a task
# (translation, summarisation, classification). The tour's "Transformers" section trains a GPT on
# surnames and fine-tunes a pretrained BERT beside one trained from scratch.
#
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("attention-weights", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("0.5, 0.5")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                              # uncomment for the worked solution

# %% [markdown]
# **Exercise.** For the query q = (1, 0) and keys (1, 0), (0, 1), (1, 1), compute the three scores
# q · k / √2, their softmax, and the weights again when the third key is masked. Check with
# `explain.attention`.
