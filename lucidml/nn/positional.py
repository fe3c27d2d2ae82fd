"""Positional encodings: attention sees a set, so each position gets a vector added to its token.

Sinusoidal (Vaswani et al. 2017, §3.5), fixed, one frequency per pair of features:

    PE(pos, 2i)   = sin(pos / 10000^{2i / d_model})
    PE(pos, 2i+1) = cos(pos / 10000^{2i / d_model})

so PE(pos + k) is a linear function of PE(pos) for every offset k (a rotation in each
(sin, cos) pair), and the wavelengths run geometrically from 2π to 10000·2π.
Learned (as GPT and BERT use): a trainable table P (max_len, d_model), P[pos] added to the
token at position pos.

Both take x (B, T, C) and return x + PE[:T] (B, T, C); a sequence longer than the table is an error.

>>> pe = SinusoidalPositionalEncoding(4, max_len=3, dtype="float64")
>>> [round(float(v), 4) for v in pe.pe[1]]          # sin(1), cos(1), sin(1/100), cos(1/100)
[0.8415, 0.5403, 0.01, 1.0]
"""
from __future__ import annotations

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn.modules import Dropout, Module, Parameter, _init_generator
from lucidml.nn.tensor import Tensor
from lucidml.utils.validation import check_int

__all__ = ["SinusoidalPositionalEncoding", "LearnedPositionalEmbedding", "sinusoidal_table"]


def sinusoidal_table(max_len: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """The (max_len, d_model) table PE of §3.5 (an odd d_model drops the last cosine)."""
    pos = np.arange(max_len)[:, None]                                   # (T, 1)
    two_i = np.arange(0, d_model, 2)                                    # (⌈C/2⌉,) the even feature indices 2i
    angle = pos / base ** (two_i / d_model)                             # (T, ⌈C/2⌉)
    pe = np.zeros((max_len, d_model))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle[:, : d_model // 2])
    return pe


def _check_length(x, max_len, owner):
    if x.ndim < 2:
        raise ValueError(f"{owner}: expected input (B, T, C) or (T, C), got shape {x.shape}.")
    T = x.shape[-2]
    if T > max_len:
        raise ValueError(f"{owner}: the sequence has {T} positions but the table holds max_len={max_len}; "
                         f"build it with max_len >= {T} or feed shorter sequences.")
    return T


class SinusoidalPositionalEncoding(Module):
    """x + PE[:T] with the fixed sinusoidal table (a buffer, saved but not trained), then dropout."""

    def __init__(self, d_model: int, max_len: int = 5000, dropout: float = 0.0, *, random_state=None,
                 dtype="float32"):
        self.d_model = check_int(d_model, name="d_model", owner="SinusoidalPositionalEncoding", minimum=1)
        self.max_len = check_int(max_len, name="max_len", owner="SinusoidalPositionalEncoding", minimum=1)
        self.dtype, self.p = str(np.dtype(dtype)), float(dropout)
        self.register_buffer("pe", sinusoidal_table(max_len, d_model).astype(dtype))
        self.dropout = Dropout(dropout, random_state=_init_generator(random_state))

    def forward(self, x):
        T = _check_length(x, self.max_len, "SinusoidalPositionalEncoding")
        return self.dropout(x + self.pe[:T].astype(x.dtype))              # (B, T, C) + (T, C)

    def config(self):
        return {"d_model": self.d_model, "max_len": self.max_len, "dropout": self.p, "dtype": self.dtype}


class LearnedPositionalEmbedding(Module):
    """x + P[:T] with a trainable table ``weight`` (max_len, d_model) ~ N(0, std²) (GPT-2: std 0.02)."""

    def __init__(self, max_len: int, d_model: int, *, std: float = 0.02, random_state=None, dtype="float32"):
        self.max_len = check_int(max_len, name="max_len", owner="LearnedPositionalEmbedding", minimum=1)
        self.d_model = check_int(d_model, name="d_model", owner="LearnedPositionalEmbedding", minimum=1)
        self.std, self.dtype = float(std), str(np.dtype(dtype))
        self.weight = Parameter(_init_generator(random_state).normal(0.0, std, (max_len, d_model)), dtype=dtype)

    def forward(self, x, offset: int = 0):
        """x (B, T, C) → x + P[offset : offset + T] (``offset`` for a decoder that continues from a cache)."""
        T = _check_length(x, self.max_len - offset, "LearnedPositionalEmbedding")
        positions = Tensor(np.arange(offset, offset + T))                # (T,)
        return x + F.embedding(positions, self.weight)                   # (B, T, C) + (T, C)

    def config(self):
        return {"max_len": self.max_len, "d_model": self.d_model, "std": self.std, "dtype": self.dtype}
