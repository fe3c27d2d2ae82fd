"""An encoder–decoder transformer for sequence-to-sequence tasks (Vaswani et al. 2017, §3).

    memory = Encoder(√C · E_src[src] + PE)                         (B, S, C)
    logits = Decoder(√C · E_tgt[tgt_in] + PE, memory) · W_outᵀ     (B, T, V_tgt)

Training uses teacher forcing: the decoder reads the true target shifted right
(``[BOS] y₁ … y_{T−1}``) under a causal mask and predicts ``y₁ … y_T [EOS]`` at once.
Decoding has no true target, so it feeds back its own output:

    greedy       y_t = argmax p(y | y_{<t}, src)
    beam search  keep the ``beam_size`` prefixes of highest Σ log p; a finished prefix
                 ([EOS]) stays; the winner maximises Σ log p / length^α (length penalty α)

Padding ([PAD] = 0) is hidden from attention (key padding masks) and ignored by the loss.
Symbols: B batch, S source length, T target length, C = d_model.

>>> m = Seq2SeqTransformer(8, 9, d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
...                        dim_feedforward=16, random_state=0)
>>> m(np.array([[1, 5, 6, 2]]), np.array([[1, 7]])).shape       # (B, T, V_tgt)
(1, 2, 9)
>>> m.greedy_decode(np.array([[1, 5, 6, 2]]), max_len=3).shape
(1, 4)
"""
from __future__ import annotations

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn.modules import Linear
from lucidml.nn.models.gpt import _check_ids
from lucidml.nn.modules import Module, Parameter, _init_generator
from lucidml.nn.positional import SinusoidalPositionalEncoding
from lucidml.nn.tensor import Tensor, no_grad
from lucidml.nn.transformer import Transformer
from lucidml.utils.validation import check_int, check_real

__all__ = ["Seq2SeqTransformer", "seq2seq_loss"]


def seq2seq_loss(logits, targets, pad_id: int = 0, label_smoothing: float = 0.0):
    """Mean cross-entropy over the non-[PAD] target positions; logits (B, T, V), targets (B, T)."""
    B, T, V = logits.shape
    y = np.asarray(targets).reshape(-1).astype(np.int64)
    y = np.where(y == pad_id, -100, y)
    return F.cross_entropy(logits.reshape(B * T, V), y, ignore_index=-100, label_smoothing=label_smoothing)


class Seq2SeqTransformer(Module):
    """Token embeddings + sinusoidal positions around :class:`lucidml.nn.transformer.Transformer` (pre-norm)."""

    def __init__(self, src_vocab_size: int, tgt_vocab_size: int, d_model: int = 64, nhead: int = 4,
                 num_encoder_layers: int = 2, num_decoder_layers: int = 2, dim_feedforward: int = 128,
                 dropout: float = 0.1, max_len: int = 64, *, pad_id: int = 0, bos_id: int = 1, eos_id: int = 2,
                 random_state=None, dtype="float32"):
        owner = "Seq2SeqTransformer"
        self.src_vocab_size = check_int(src_vocab_size, name="src_vocab_size", owner=owner, minimum=1)
        self.tgt_vocab_size = check_int(tgt_vocab_size, name="tgt_vocab_size", owner=owner, minimum=1)
        self.d_model, self.nhead, self.max_len = d_model, nhead, max_len
        self.num_encoder_layers, self.num_decoder_layers = num_encoder_layers, num_decoder_layers
        self.dim_feedforward, self.dropout = dim_feedforward, check_real(dropout, name="dropout", owner=owner,
                                                                         minimum=0.0)
        self.pad_id, self.bos_id, self.eos_id, self.dtype = pad_id, bos_id, eos_id, str(np.dtype(dtype))
        rng = _init_generator(random_state)
        self.src_emb = Parameter(rng.normal(0, d_model ** -0.5, (src_vocab_size, d_model)), dtype=dtype)
        self.tgt_emb = Parameter(rng.normal(0, d_model ** -0.5, (tgt_vocab_size, d_model)), dtype=dtype)
        self.pos = SinusoidalPositionalEncoding(d_model, max_len, dropout, random_state=rng, dtype=dtype)
        self.transformer = Transformer(d_model, nhead, num_encoder_layers, num_decoder_layers, dim_feedforward,
                                       dropout, batch_first=True, norm_first=True, random_state=rng, dtype=dtype)
        self.generator = Linear(d_model, tgt_vocab_size, random_state=rng, dtype=dtype)

    # -- the two halves ----------------------------------------------------------------------------
    def _embed(self, ids, table, vocab, name):
        ids = _check_ids(ids, vocab, f"Seq2SeqTransformer ({name})")
        if ids.shape[1] > self.max_len:
            raise ValueError(f"Seq2SeqTransformer: the {name} has {ids.shape[1]} tokens but max_len={self.max_len}.")
        x = F.embedding(Tensor(ids), table) * float(np.sqrt(self.d_model))   # (B, L, C), §3.4's √C
        return self.pos(x), ids == self.pad_id

    def encode(self, src):
        """src (B, S) → memory (B, S, C) and its padding mask (B, S)."""
        x, src_pad = self._embed(src, self.src_emb, self.src_vocab_size, "source")
        if np.any(src_pad.all(axis=1)):
            raise ValueError("Seq2SeqTransformer: a source sequence is all [PAD]; each needs a real token.")
        memory = self.transformer.encoder(x, src_key_padding_mask=src_pad if src_pad.any() else None)
        return memory, src_pad

    def decode(self, tgt_in, memory, src_pad):
        """tgt_in (B, T) with memory (B, S, C) → logits (B, T, V_tgt) under a causal mask."""
        y, tgt_pad = self._embed(tgt_in, self.tgt_emb, self.tgt_vocab_size, "target")
        T = y.shape[1]
        causal = np.triu(np.ones((T, T), dtype=bool), 1)                    # True = a future key, hidden
        tgt_pad = tgt_pad & ~(np.arange(T) == 0)                            # position 0 ([BOS]) always visible
        h = self.transformer.decoder(y, memory, tgt_mask=causal,
                                     tgt_key_padding_mask=tgt_pad if tgt_pad.any() else None,
                                     memory_key_padding_mask=src_pad if src_pad.any() else None)
        return self.generator(h)                                            # (B, T, V_tgt)

    def forward(self, src, tgt_in):
        """Teacher forcing: logits for every target position at once."""
        memory, src_pad = self.encode(src)
        return self.decode(tgt_in, memory, src_pad)

    # -- decoding ---------------------------------------------------------------------------------------
    def greedy_decode(self, src, max_len: int = 32) -> np.ndarray:
        """(B, 1 + n) ids starting with [BOS]: the most likely next token each step, until [EOS] or max_len."""
        max_len = check_int(max_len, name="max_len", owner="Seq2SeqTransformer.greedy_decode", minimum=1)
        with _evaluating(self):
            memory, src_pad = self.encode(src)
            B = memory.shape[0]
            out = np.full((B, 1), self.bos_id, dtype=np.int64)
            done = np.zeros(B, dtype=bool)
            for _ in range(min(max_len, self.max_len - 1)):
                logits = self.decode(out, memory, src_pad).data[:, -1]        # (B, V)
                nxt = np.where(done, self.pad_id, logits.argmax(-1))
                out = np.concatenate([out, nxt[:, None]], axis=1)
                done |= nxt == self.eos_id
                if done.all():
                    break
        return out

    def beam_search(self, src, beam_size: int = 4, max_len: int = 32, length_penalty: float = 1.0) -> np.ndarray:
        """(B, 1 + n) ids of the best beam per source (score Σ log p / length^α), padded with [PAD]."""
        owner = "Seq2SeqTransformer.beam_search"
        K = check_int(beam_size, name="beam_size", owner=owner, minimum=1)
        max_len = check_int(max_len, name="max_len", owner=owner, minimum=1)
        with _evaluating(self):
            memory, src_pad = self.encode(src)
            B, S, C = memory.shape
            mem = Tensor(np.repeat(memory.data, K, axis=0))                   # (B·K, S, C)
            pad = np.repeat(src_pad, K, axis=0)
            seqs = np.full((B, K, 1), self.bos_id, dtype=np.int64)
            score = np.full((B, K), -np.inf)
            score[:, 0] = 0.0                                                # one live beam at the start
            done = np.zeros((B, K), dtype=bool)
            V = self.tgt_vocab_size
            for _ in range(min(max_len, self.max_len - 1)):
                logits = self.decode(seqs.reshape(B * K, -1), mem, pad).data[:, -1]     # (B·K, V)
                logp = _log_softmax(logits.astype(np.float64)).reshape(B, K, V)
                ext = np.where(done[..., None], -np.inf, score[..., None] + logp)      # (B, K, V)
                ext[..., self.pad_id] = np.where(done, score, -np.inf)               # finished: pad, same score
                flat = ext.reshape(B, K * V)
                best = np.argsort(-flat, axis=1, kind="stable")[:, :K]               # (B, K)
                beam, tok = best // V, best % V
                seqs = np.concatenate([np.take_along_axis(seqs, beam[..., None], axis=1), tok[..., None]], axis=2)
                score = np.take_along_axis(flat, best, axis=1)
                done = np.take_along_axis(done, beam, axis=1) | (tok == self.eos_id)
                if done.all():
                    break
            lengths = (seqs != self.pad_id).sum(-1) - 1                             # tokens after [BOS]
            final = score / np.maximum(lengths, 1) ** length_penalty
            winner = np.argmax(final, axis=1)
        return seqs[np.arange(B), winner]

    def cross_attention(self, src, tgt_in) -> np.ndarray:
        """The last decoder layer's cross-attention weights (B, T, S), averaged over heads."""
        layer = self.transformer.decoder.layers[len(self.transformer.decoder.layers) - 1]
        layer.keep_cross_attention = True
        try:
            with _evaluating(self):
                self(src, tgt_in)
        finally:
            layer.keep_cross_attention = False
        return layer.cross_attention_weights

    def config(self):
        return {"src_vocab_size": self.src_vocab_size, "tgt_vocab_size": self.tgt_vocab_size,
                "d_model": self.d_model, "nhead": self.nhead, "num_encoder_layers": self.num_encoder_layers,
                "num_decoder_layers": self.num_decoder_layers, "dim_feedforward": self.dim_feedforward,
                "dropout": self.dropout, "max_len": self.max_len, "pad_id": self.pad_id, "bos_id": self.bos_id,
                "eos_id": self.eos_id, "dtype": self.dtype}


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


class _evaluating:
    """``with _evaluating(model):`` eval mode and no graph, then the previous mode back."""

    def __init__(self, model):
        self.model, self.grad = model, no_grad()

    def __enter__(self):
        self.was = self.model.training
        self.model.eval()
        self.grad.__enter__()

    def __exit__(self, *exc):
        self.grad.__exit__(*exc)
        self.model.train(self.was)
        return False
