"""Embeddings: a learned vector for each token id (Bengio et al. 2003, §2).

    out[b, t, :] = W[ids[b, t], :]        W (num_embeddings, embedding_dim)

A lookup equals multiplying the one-hot row of the id by W, so the gradient of W's row k
is the sum of the gradients of every position that holds id k (repeated ids add up).
The row ``padding_idx`` starts at zero and receives no gradient, so padding never learns.
PyTorch's layout and initialisation: W ~ N(0, 1).

>>> from lucidml.nn import Tensor
>>> emb = Embedding(5, 2, padding_idx=0, random_state=0)
>>> emb(Tensor(np.array([[0, 3, 3]]))).shape
(1, 3, 2)
>>> emb.weight.data[0].tolist()
[0.0, 0.0]
"""
from __future__ import annotations

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn.modules import Module, Parameter, _init_generator
from lucidml.utils.validation import check_int

__all__ = ["Embedding"]


class Embedding(Module):
    """A table of ``num_embeddings`` learned vectors of length ``embedding_dim``, indexed by int64 ids."""

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None, *,
                 random_state=None, dtype="float32"):
        self.num_embeddings = check_int(num_embeddings, name="num_embeddings", owner="Embedding", minimum=1)
        self.embedding_dim = check_int(embedding_dim, name="embedding_dim", owner="Embedding", minimum=1)
        if padding_idx is not None:
            padding_idx = check_int(padding_idx, name="padding_idx", owner="Embedding", minimum=-num_embeddings,
                                    maximum=num_embeddings - 1) % num_embeddings
        self.padding_idx, self.dtype = padding_idx, str(np.dtype(dtype))
        W = _init_generator(random_state).standard_normal((num_embeddings, embedding_dim))
        if padding_idx is not None:
            W[padding_idx] = 0.0
        self.weight = Parameter(W, dtype=dtype)

    def forward(self, ids):
        return F.embedding(ids, self.weight, self.padding_idx)      # ids.shape -> ids.shape + (dim,)

    def config(self):
        return {"num_embeddings": self.num_embeddings, "embedding_dim": self.embedding_dim,
                "padding_idx": self.padding_idx, "dtype": self.dtype}
