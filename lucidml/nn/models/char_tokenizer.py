"""A character tokenizer shared by the GPT, BERT and encoder–decoder models.

The vocabulary is a handful of special tokens followed by the sorted characters of the
training text; a word becomes ``[BOS] c₁ … cₙ [EOS]`` as int64 ids, and a batch is padded
to its longest word with ``[PAD]`` (id 0), which the losses ignore and the attention masks
hide. A character the tokenizer never saw is an error, not a silent ``[UNK]``.

    id 0 [PAD]   1 [BOS]   2 [EOS]   3 [MASK]   4 [CLS]   5… the characters

>>> tok = CharTokenizer.fit(["ab", "ba"])
>>> tok.encode("ab").tolist(), tok.decode([1, 5, 6, 2])
([1, 5, 6, 2], 'ab')
>>> tok.batch(["a", "ab"]).tolist()                     # padded with [PAD] = 0
[[1, 5, 2, 0], [1, 5, 6, 2]]
"""
from __future__ import annotations

import numpy as np

from lucidml.nn.modules import Module

__all__ = ["CharTokenizer"]

SPECIALS = ("[PAD]", "[BOS]", "[EOS]", "[MASK]", "[CLS]")


class CharTokenizer(Module):
    """Characters ↔ int64 ids. A :class:`Module` with no parameters, so :mod:`lucidml.io` saves it."""

    PAD, BOS, EOS, MASK, CLS = range(5)

    def __init__(self, chars):
        chars = list(chars)
        if not chars or any(not isinstance(c, str) or len(c) != 1 for c in chars) or len(set(chars)) != len(chars):
            raise ValueError("CharTokenizer: chars must be a non-empty list of distinct single characters; build "
                             "one from text with CharTokenizer.fit(words).")
        self.chars = chars
        self._index = {c: i + len(SPECIALS) for i, c in enumerate(chars)}

    @classmethod
    def fit(cls, texts) -> "CharTokenizer":
        """The tokenizer of every character in ``texts`` (a list of strings)."""
        texts = list(texts)
        if not texts:
            raise ValueError("CharTokenizer.fit: got no texts.")
        return cls(sorted(set("".join(texts))))

    @property
    def vocab_size(self) -> int:
        return len(SPECIALS) + len(self.chars)

    @property
    def n_special(self) -> int:
        return len(SPECIALS)

    def encode(self, text: str, bos: bool = True, eos: bool = True) -> np.ndarray:
        unknown = sorted({c for c in text if c not in self._index})
        if unknown:
            raise ValueError(f"CharTokenizer.encode: characters {unknown} in {text!r} are not in the vocabulary "
                             f"of {len(self.chars)} characters; fit the tokenizer on text that contains them.")
        ids = [self._index[c] for c in text]
        return np.array(([self.BOS] if bos else []) + ids + ([self.EOS] if eos else []), dtype=np.int64)

    def decode(self, ids, stop_at_eos: bool = True) -> str:
        """Characters of ``ids``; special tokens are dropped, and decoding stops at [EOS]."""
        out = []
        for i in np.asarray(ids).ravel().tolist():
            if i == self.EOS and stop_at_eos:
                break
            if i >= len(SPECIALS):
                if i >= self.vocab_size:
                    raise ValueError(f"CharTokenizer.decode: id {i} is outside the vocabulary (size {self.vocab_size}).")
                out.append(self.chars[i - len(SPECIALS)])
        return "".join(out)

    def batch(self, texts, bos: bool = True, eos: bool = True, length: int | None = None) -> np.ndarray:
        """(N, T) int64 ids, each row padded with [PAD] to the longest (or to ``length``)."""
        rows = [self.encode(t, bos, eos) for t in texts]
        T = max(len(r) for r in rows) if length is None else int(length)
        if any(len(r) > T for r in rows):
            raise ValueError(f"CharTokenizer.batch: a text encodes to {max(len(r) for r in rows)} ids, more than "
                             f"length={T}.")
        out = np.full((len(rows), T), self.PAD, dtype=np.int64)
        for i, r in enumerate(rows):
            out[i, :len(r)] = r
        return out

    def config(self):
        return {"chars": list(self.chars)}

    def forward(self, texts):
        return self.batch(texts)
