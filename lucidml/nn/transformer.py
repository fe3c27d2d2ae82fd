"""The transformer's encoder and decoder blocks (Vaswani et al. 2017, §3.1–3.3), PyTorch's layout.

Encoder layer (post-norm, the paper's; ``norm_first=True`` is the pre-norm of GPT-2 and
most models since, which trains deep stacks without warm-up tricks, Xiong et al. 2020):

    post-norm   x = LN₁(x + SelfAttn(x));          x = LN₂(x + FFN(x))
    pre-norm    x = x + SelfAttn(LN₁(x));          x = x + FFN(LN₂(x))

    FFN(x) = W₂ · dropout(act(W₁ x + b₁)) + b₂        act = ReLU (the paper) or GELU (BERT, GPT)

Decoder layer: the same with a cross-attention between them, whose queries come from the
decoder and whose keys and values are the encoder's output (the "memory"):

    post-norm   x = LN₁(x + SelfAttn(x, causal));  x = LN₂(x + CrossAttn(x, memory));  x = LN₃(x + FFN(x))

Every sub-layer's output passes a dropout before the residual sum. Parameter names are
PyTorch's (``self_attn.in_proj_weight``, ``multihead_attn.*``, ``linear1``, ``linear2``,
``norm1``–``norm3``; stacks hold ``layers.0.…``), so a ``torch.nn.Transformer`` state_dict
loads unchanged. Shapes: (T, B, C) unless ``batch_first=True`` ((B, T, C)).

>>> layer = TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True, random_state=0)
>>> layer(Tensor(np.zeros((2, 5, 8), dtype=np.float32))).shape
(2, 5, 8)
"""
from __future__ import annotations

import copy

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn.attention import MultiheadAttention
from lucidml.nn.modules import Linear
from lucidml.nn.modules import Dropout, LayerNorm, Module, ModuleList, _init_generator
from lucidml.nn.tensor import Tensor
from lucidml.utils.validation import check_int

__all__ = ["TransformerEncoderLayer", "TransformerDecoderLayer", "TransformerEncoder", "TransformerDecoder",
           "Transformer", "generate_square_subsequent_mask"]

_ACTIVATIONS = {"relu": F.relu, "gelu": F.gelu}


def generate_square_subsequent_mask(sz: int, dtype="float32") -> np.ndarray:
    """The (sz, sz) float causal mask: 0 on and below the diagonal, −inf above (query i sees keys j ≤ i)."""
    return np.triu(np.full((sz, sz), -np.inf, dtype=dtype), 1)


def _activation(activation, owner):
    if activation not in _ACTIVATIONS:
        raise ValueError(f"{owner}: activation={activation!r} is not supported; choose 'relu' or 'gelu'.")
    return _ACTIVATIONS[activation]


class _FeedForward:
    """Shared by both layers: FFN(x) = linear2(dropout(act(linear1(x)))), then dropout_last."""

    def _store_config(self, owner, d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first,
                      norm_first, bias, random_state, dtype):
        """Check and keep the constructor arguments both layers share; return the weights' generator."""
        check_int(dim_feedforward, name="dim_feedforward", owner=owner, minimum=1)
        self._act = _activation(activation, owner)
        self.d_model, self.nhead, self.dim_feedforward, self.p = d_model, nhead, dim_feedforward, float(dropout)
        self.activation, self.layer_norm_eps, self.batch_first = activation, layer_norm_eps, batch_first
        self.norm_first, self.bias, self.dtype = norm_first, bias, str(np.dtype(dtype))
        return _init_generator(random_state)

    def _ff_block(self, x, dropout_last):
        x = self.linear2(self.dropout(self._act(self.linear1(x))))      # (B, T, C) -> (B, T, F) -> (B, T, C)
        return dropout_last(x)


class TransformerEncoderLayer(_FeedForward, Module):
    """Self-attention and a feed-forward network, each with a residual connection and a LayerNorm."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: str = "relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, *, random_state=None, dtype="float32"):
        owner = "TransformerEncoderLayer"
        rng = self._store_config(owner, d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                                 batch_first, norm_first, bias, random_state, dtype)
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first,
                                            random_state=rng, dtype=dtype)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, random_state=rng, dtype=dtype)
        self.dropout = Dropout(dropout, random_state=rng)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, random_state=rng, dtype=dtype)
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, dtype=dtype)
        self.dropout1 = Dropout(dropout, random_state=rng)
        self.dropout2 = Dropout(dropout, random_state=rng)

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal: bool = False):
        x = src                                                          # (B, T, C) or (T, B, C)
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            x = x + self._ff_block(self.norm2(x), self.dropout2)
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
            x = self.norm2(x + self._ff_block(x, self.dropout2))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        y, _ = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False,
                              is_causal=is_causal)
        return self.dropout1(y)

    def config(self):
        return {"d_model": self.d_model, "nhead": self.nhead, "dim_feedforward": self.dim_feedforward,
                "dropout": self.p, "activation": self.activation, "layer_norm_eps": self.layer_norm_eps,
                "batch_first": self.batch_first, "norm_first": self.norm_first, "bias": self.bias,
                "dtype": self.dtype}


class TransformerDecoderLayer(_FeedForward, Module):
    """Causal self-attention, cross-attention over the encoder's memory, and a feed-forward network.

    Set ``keep_cross_attention = True`` to keep the last call's cross-attention weights
    (B, T, S), averaged over heads, in ``cross_attention_weights`` (for a heat map).
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: str = "relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, *, random_state=None, dtype="float32"):
        owner = "TransformerDecoderLayer"
        rng = self._store_config(owner, d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                                 batch_first, norm_first, bias, random_state, dtype)
        kw = dict(dropout=dropout, bias=bias, batch_first=batch_first, random_state=rng, dtype=dtype)
        self.self_attn = MultiheadAttention(d_model, nhead, **kw)
        self.multihead_attn = MultiheadAttention(d_model, nhead, **kw)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, random_state=rng, dtype=dtype)
        self.dropout = Dropout(dropout, random_state=rng)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, random_state=rng, dtype=dtype)
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, dtype=dtype)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, dtype=dtype)
        self.dropout1 = Dropout(dropout, random_state=rng)
        self.dropout2 = Dropout(dropout, random_state=rng)
        self.dropout3 = Dropout(dropout, random_state=rng)

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal: bool = False, memory_is_causal: bool = False):
        x = tgt                                                          # (B, T, C); memory (B, S, C)
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal)
            x = x + self._ff_block(self.norm3(x), self.dropout3)
        else:
            x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
            x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal))
            x = self.norm3(x + self._ff_block(x, self.dropout3))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        y, _ = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False,
                              is_causal=is_causal)
        return self.dropout1(y)

    def _mha_block(self, x, memory, attn_mask, key_padding_mask, is_causal):
        keep = getattr(self, "keep_cross_attention", False)
        y, w = self.multihead_attn(x, memory, memory, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                                   need_weights=keep, is_causal=is_causal)
        if keep:                                                         # (B, T, S), averaged over heads
            self.cross_attention_weights = w.data
        return self.dropout2(y)

    config = TransformerEncoderLayer.config


def _clones(layer: Module, n: int, owner: str) -> ModuleList:
    check_int(n, name="num_layers", owner=owner, minimum=1)
    return ModuleList([copy.deepcopy(layer) for _ in range(n)])


class TransformerEncoder(Module):
    """``num_layers`` copies of an encoder layer (``layers.0``, ``layers.1``, …), then an optional final norm."""

    def __init__(self, encoder_layer: TransformerEncoderLayer, num_layers: int, norm: Module | None = None):
        self.layers = _clones(encoder_layer, num_layers, "TransformerEncoder")
        self.num_layers, self.norm = num_layers, norm

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal: bool = False):
        x = src
        for layer in self.layers:
            x = layer(x, src_mask=mask, src_key_padding_mask=src_key_padding_mask, is_causal=is_causal)
        return x if self.norm is None else self.norm(x)

    def config(self):
        return {"encoder_layer": self.layers[0], "num_layers": self.num_layers, "norm": self.norm}


class TransformerDecoder(Module):
    """``num_layers`` copies of a decoder layer, each attending to the same memory, then an optional norm."""

    def __init__(self, decoder_layer: TransformerDecoderLayer, num_layers: int, norm: Module | None = None):
        self.layers = _clones(decoder_layer, num_layers, "TransformerDecoder")
        self.num_layers, self.norm = num_layers, norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal: bool = False, memory_is_causal: bool = False):
        x = tgt
        for layer in self.layers:
            x = layer(x, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                      tgt_key_padding_mask=tgt_key_padding_mask, memory_key_padding_mask=memory_key_padding_mask,
                      tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)
        return x if self.norm is None else self.norm(x)

    def config(self):
        return {"decoder_layer": self.layers[0], "num_layers": self.num_layers, "norm": self.norm}


class Transformer(Module):
    """The encoder–decoder of the paper: memory = Encoder(src); output = Decoder(tgt, memory).

    Both stacks end with a LayerNorm (``encoder.norm``, ``decoder.norm``), as in PyTorch.
    Embeddings, positional encodings and the output projection are the user's (see
    :class:`lucidml.nn.models.seq2seq.Seq2SeqTransformer`).
    """

    def __init__(self, d_model: int = 512, nhead: int = 8, num_encoder_layers: int = 6, num_decoder_layers: int = 6,
                 dim_feedforward: int = 2048, dropout: float = 0.1, activation: str = "relu",
                 layer_norm_eps: float = 1e-5, batch_first: bool = False, norm_first: bool = False,
                 bias: bool = True, *, random_state=None, dtype="float32"):
        rng = _init_generator(random_state)
        kw = dict(dim_feedforward=dim_feedforward, dropout=dropout, activation=activation,
                  layer_norm_eps=layer_norm_eps, batch_first=batch_first, norm_first=norm_first, bias=bias,
                  dtype=dtype)
        self._config = {"d_model": d_model, "nhead": nhead, "num_encoder_layers": num_encoder_layers,
                        "num_decoder_layers": num_decoder_layers, **kw, "dtype": str(np.dtype(dtype))}
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first
        enc = TransformerEncoderLayer(d_model, nhead, random_state=rng, **kw)
        self.encoder = TransformerEncoder(enc, num_encoder_layers, LayerNorm(d_model, layer_norm_eps, dtype=dtype))
        dec = TransformerDecoderLayer(d_model, nhead, random_state=rng, **kw)
        self.decoder = TransformerDecoder(dec, num_decoder_layers, LayerNorm(d_model, layer_norm_eps, dtype=dtype))
        _fresh_weights(self, rng)

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal: bool = False,
                tgt_is_causal: bool = False, memory_is_causal: bool = False):
        b_src, b_tgt = (src.shape[0], tgt.shape[0]) if self.batch_first else (src.shape[1], tgt.shape[1])
        if src.ndim == 3 and b_src != b_tgt:
            raise ValueError(f"Transformer: src has batch size {b_src} but tgt has {b_tgt}; they must match.")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise ValueError(f"Transformer: src and tgt need d_model={self.d_model} features, got shapes "
                             f"{src.shape} and {tgt.shape}.")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask, tgt_is_causal=tgt_is_causal,
                            memory_is_causal=memory_is_causal)

    generate_square_subsequent_mask = staticmethod(generate_square_subsequent_mask)

    def config(self):
        return dict(self._config)


def _fresh_weights(model: Module, rng) -> None:
    """PyTorch's Transformer._reset_parameters: Xavier-uniform every matrix, so the deep copies differ."""
    from lucidml.nn.init import xavier_uniform

    for _, p in model.named_parameters():
        if p.ndim > 1:
            p.data = xavier_uniform(p.shape, random_state=rng, dtype=p.dtype)
