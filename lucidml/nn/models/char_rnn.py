"""A character-level recurrent language model (Karpathy's char-rnn; Graves 2013, §2).

    e_t = E[x_t]                                  embedding of character id x_t    (B, T, C)
    h_t = cell(e_t, h_{t−1})                      RNN, GRU or LSTM layers          (B, T, H)
    p(x_{t+1} | x_≤t) = softmax(W h_t + b)        logits over the V characters     (B, T, V)

Trained by minimising −(1/N) Σ_t ln p(x_{t+1} | x_≤t), the cross-entropy in nats per
character. Each name is framed by a boundary token "." (id 0): the model reads
". s m i t h" and predicts "s m i t h .", so it learns how names start and end.
Reference: Graves, "Generating sequences with recurrent neural networks" (2013);
Karpathy, "The unreasonable effectiveness of recurrent neural networks" (2015).

>>> net = CharRNNNet(vocab_size=5, embedding_dim=4, hidden_size=8, cell="gru", random_state=0)
>>> logits, state = net(Tensor(np.array([[0, 1, 2], [0, 3, 4]])))
>>> logits.shape, state.shape                       # (B, T, V), (layers, B, H)
((2, 3, 5), (1, 2, 8))
"""
from __future__ import annotations

import numpy as np

from lucidml.nn.embedding import Embedding
from lucidml.nn.modules import Linear, Module, _init_generator
from lucidml.nn.recurrent import GRU, LSTM, RNN
from lucidml.nn.tensor import Tensor
from lucidml.utils.validation import check_int, check_option

__all__ = ["CharRNNNet"]

CELLS = {"rnn": RNN, "gru": GRU, "lstm": LSTM}


class CharRNNNet(Module):
    """Embedding (V, C) → ``num_layers`` recurrent layers of ``hidden_size`` → Linear (H → V).

    ``forward(ids (B, T) int64, state=None)`` returns ``(logits (B, T, V), state)``; the
    state (h_n, or (h_n, c_n) for the LSTM) continues a sequence in the next call, which is
    how sampling and truncated back-propagation through time carry memory across chunks.
    """

    def __init__(self, vocab_size: int, embedding_dim: int = 32, hidden_size: int = 128, num_layers: int = 1,
                 cell: str = "lstm", dropout: float = 0.0, *, random_state=None, dtype="float32"):
        self.vocab_size = check_int(vocab_size, name="vocab_size", owner="CharRNNNet", minimum=2)
        self.embedding_dim, self.hidden_size, self.num_layers = embedding_dim, hidden_size, num_layers
        self.cell = check_option(cell, name="cell", owner="CharRNNNet", allowed=tuple(CELLS))
        self.dropout, self.dtype = dropout, str(np.dtype(dtype))
        rng = _init_generator(random_state)
        self.embedding = Embedding(vocab_size, embedding_dim, random_state=rng, dtype=dtype)
        self.rnn = CELLS[cell](embedding_dim, hidden_size, num_layers, batch_first=True, dropout=dropout,
                               random_state=rng, dtype=dtype)
        self.head = Linear(hidden_size, vocab_size, random_state=rng, dtype=dtype)

    def forward(self, ids, state=None):
        e = self.embedding(ids)                                     # (B, T) -> (B, T, C)
        h, state = self.rnn(e, state)                               # (B, T, H)
        return self.head(h), state                                  # (B, T, V)

    def config(self):
        return {"vocab_size": self.vocab_size, "embedding_dim": self.embedding_dim, "hidden_size": self.hidden_size,
                "num_layers": self.num_layers, "cell": self.cell, "dropout": self.dropout, "dtype": self.dtype}


def detach_state(state):
    """The same state cut from the graph (truncated BPTT: gradients stop at a chunk boundary)."""
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(Tensor(s.data, dtype=s.dtype) for s in state)
    return Tensor(state.data, dtype=state.dtype)
