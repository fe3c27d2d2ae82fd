"""Activations and losses on :class:`~lucidml.nn.tensor.Tensor`, each with its derivative.

Activations (SYLLABUS §11), each f with f′ beside it:

    identity      f(x) = x                                  f′ = 1
    binary step   f(x) = 1 if x ≥ 0 else 0                  f′ = 0 (almost everywhere: it cannot be trained by gradients)
    sigmoid       σ(x) = 1 / (1 + e^{−x})                   σ′ = σ (1 − σ)
    tanh          tanh(x)                                   tanh′ = 1 − tanh²
    smht          (e^{ax} − e^{−bx}) / (e^{cx} + e^{−dx})   quotient rule (Soboleva's modified tanh; a=b=c=d=1 is tanh)
    ReLU          max(0, x)                                 1 if x > 0 else 0
    leaky ReLU    x if x > 0 else αx                        1 or α
    ELU           x if x > 0 else α(eˣ − 1)                 1 or α eˣ
    GELU          x Φ(x)                                    Φ(x) + x φ(x)
    softplus      ln(1 + eˣ)                                σ(x)
    softmax       sᵢ = e^{xᵢ} / Σⱼ e^{xⱼ}                   ∂L/∂x = s ⊙ (g − Σ g ⊙ s)
    log_softmax   xᵢ − ln Σⱼ e^{xⱼ}                         ∂L/∂x = g − s Σ g

Losses (``reduction`` = "mean", "sum" or "none"):

    mse_loss                            (1/n) Σ (ŷ − y)²
    half_squared_error                  E = ½ Σ (target − out)²  (the course's back-propagation error)
    l2_penalty                          R = ½ Σ_l ‖W_l‖²  (∂R/∂W = W)
    binary_cross_entropy                −[t ln p + (1 − t) ln(1 − p)]
    binary_cross_entropy_with_logits    the same with p = σ(z), computed stably from z
    cross_entropy                       −ln softmax(z)_y = ln Σⱼ e^{zⱼ} − z_y   (∂/∂z = softmax(z) − onehot(y))
    nll_loss                            −log_p[y]

Every exponential is computed in a form that cannot overflow (subtract the maximum, or
use |x|). Reference: Goodfellow, Bengio & Courville, *Deep Learning*, §6.2–6.3.

>>> z = Tensor([[2.0, 1.0, 0.1]], requires_grad=True)
>>> loss = cross_entropy(z, [0])
>>> round(loss.item(), 4)
0.417
>>> loss.backward()
>>> [round(g, 4) for g in z.grad[0].tolist()]        # softmax(z) − onehot(0)
[-0.341, 0.2424, 0.0986]
"""
from __future__ import annotations

import numpy as np
from scipy.special import erf

from lucidml.nn.tensor import Tensor

__all__ = ["linear", "identity", "binary_step", "sigmoid", "tanh", "smht", "relu", "leaky_relu", "elu", "gelu",
           "softplus", "softmax", "log_softmax", "mse_loss", "half_squared_error", "binary_cross_entropy",
           "binary_cross_entropy_with_logits", "cross_entropy", "nll_loss", "l2_penalty", "ACTIVATIONS",
           "embedding", "one_hot", "pad", "logsumexp", "dropout", "masked_fill",
           "conv1d", "conv2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "scaled_dot_product_attention"]

REDUCTIONS = ("mean", "sum", "none")


def _tensor(x) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


# -- the fully connected layer --------------------------------------------------------------------
def linear(x, weight, bias=None) -> Tensor:
    """y = x Wᵀ + b with x (B, in), W (out, in), b (out,) -> y (B, out).

    ∂L/∂x = g W,  ∂L/∂W = gᵀ x,  ∂L/∂b = Σ_B g  (g = ∂L/∂y, (B, out)).
    """
    x = _tensor(x)
    if x.shape[-1] != weight.shape[1]:
        raise ValueError(f"linear: input has {x.shape[-1]} features (shape {x.shape}) but the weight expects "
                         f"{weight.shape[1]} (weight shape {weight.shape}).")
    lead = x.shape[:-1]                                          # (B,) or (B, T, ...)
    # one 2-D GEMM over all leading axes: NumPy's batched x @ Wᵀ for 3-D x skips BLAS (~50x slower)
    y = (x.data.reshape(-1, x.shape[-1]) @ weight.data.T).reshape(lead + (weight.shape[0],))   # (B, out)
    if bias is not None:
        y += bias.data
    parents = (x, weight) if bias is None else (x, weight, bias)
    out = x._child(y, parents, "linear")

    def _backward(g):
        if x.requires_grad:                                      # (B, out) @ (out, in) -> (B, in)
            x._accumulate((g.reshape(-1, g.shape[-1]) @ weight.data).reshape(x.shape))
        if weight.requires_grad:
            g2, x2 = g.reshape(-1, g.shape[-1]), x.data.reshape(-1, x.shape[-1])
            weight._accumulate(g2.T @ x2)                        # (out, B) @ (B, in) -> (out, in)
        if bias is not None and bias.requires_grad:
            bias._accumulate(g.reshape(-1, g.shape[-1]).sum(axis=0))
    out._backward = _backward
    return out


# -- activations ------------------------------------------------------------------------------
def identity(x) -> Tensor:
    """f(x) = x; f′ = 1 (a linear output layer for regression)."""
    return _tensor(x)


def binary_step(x) -> Tensor:
    """f(x) = 1 if x ≥ 0 else 0. f′ = 0 wherever it exists, so no gradient flows through it:
    the perceptron's activation, and the reason networks use smooth ones."""
    x = _tensor(x)
    out = x._child((x.data >= 0).astype(x.dtype), (x,), "step")

    def _backward(g):                       # f′(x) = 0 for x ≠ 0 (undefined at 0; we use 0)
        x._accumulate(np.zeros_like(x.data))
    out._backward = _backward
    return out


def _sigmoid(a: np.ndarray) -> np.ndarray:
    """σ(a) without overflow: e^{−|a|} ≤ 1 on both branches."""
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(a.dtype, copy=False)


def sigmoid(x) -> Tensor:
    """σ(x) = 1 / (1 + e^{−x}); σ′(x) = σ(x)(1 − σ(x))."""
    x = _tensor(x)
    s = _sigmoid(x.data)
    out = x._child(s, (x,), "sigmoid")

    def _backward(g):
        x._accumulate(g * s * (1.0 - s))
    out._backward = _backward
    return out


def tanh(x) -> Tensor:
    """tanh(x) = (eˣ − e^{−x}) / (eˣ + e^{−x}); tanh′ = 1 − tanh²."""
    x = _tensor(x)
    t = np.tanh(x.data)
    out = x._child(t, (x,), "tanh")

    def _backward(g):
        x._accumulate(g * (1.0 - t * t))
    out._backward = _backward
    return out


def smht(x, a: float = 1.0, b: float = 1.0, c: float = 1.0, d: float = 1.0) -> Tensor:
    """Soboleva modified hyperbolic tangent f(x) = (e^{ax} − e^{−bx}) / (e^{cx} + e^{−dx}).

    With N = e^{ax} − e^{−bx} and D = e^{cx} + e^{−dx}: f′ = (N′D − ND′) / D², where
    N′ = a e^{ax} + b e^{−bx} and D′ = c e^{cx} − d e^{−dx}. a = b = c = d = 1 gives tanh.
    """
    x = _tensor(x)
    v = x.data
    ea, eb, ec, ed = np.exp(a * v), np.exp(-b * v), np.exp(c * v), np.exp(-d * v)
    N, D = ea - eb, ec + ed
    out = x._child(N / D, (x,), "smht")

    def _backward(g):
        dN, dD = a * ea + b * eb, c * ec - d * ed
        x._accumulate(g * (dN * D - N * dD) / (D * D))
    out._backward = _backward
    return out


def relu(x) -> Tensor:
    """ReLU(x) = max(0, x); ReLU′ = 1 for x > 0, else 0."""
    x = _tensor(x)
    out = x._child(np.maximum(x.data, 0), (x,), "relu")

    def _backward(g):
        x._accumulate(g * (x.data > 0))
    out._backward = _backward
    return out


def leaky_relu(x, negative_slope: float = 0.01) -> Tensor:
    """f(x) = x for x > 0, else αx; f′ = 1 or α (α = negative_slope): never quite dead."""
    x = _tensor(x)
    slope = np.where(x.data > 0, 1.0, negative_slope).astype(x.dtype)
    out = x._child(x.data * slope, (x,), "leaky_relu")

    def _backward(g):
        x._accumulate(g * slope)
    out._backward = _backward
    return out


def elu(x, alpha: float = 1.0) -> Tensor:
    """f(x) = x for x > 0, else α(eˣ − 1); f′ = 1, or α eˣ for x ≤ 0."""
    x = _tensor(x)
    positive = x.data > 0
    e = np.exp(np.minimum(x.data, 0))                       # eˣ only where x ≤ 0 matters
    out = x._child(np.where(positive, x.data, alpha * (e - 1)).astype(x.dtype, copy=False), (x,), "elu")

    def _backward(g):
        x._accumulate(g * np.where(positive, 1.0, alpha * e))
    out._backward = _backward
    return out


def gelu(x) -> Tensor:
    """GELU(x) = x Φ(x), Φ the standard normal CDF; GELU′ = Φ(x) + x φ(x) (the exact form)."""
    x = _tensor(x)
    Phi = 0.5 * (1.0 + erf(x.data / np.sqrt(2.0)))
    out = x._child((x.data * Phi).astype(x.dtype, copy=False), (x,), "gelu")

    def _backward(g):
        phi = np.exp(-0.5 * x.data ** 2) / np.sqrt(2.0 * np.pi)
        x._accumulate(g * (Phi + x.data * phi))
    out._backward = _backward
    return out


def softplus(x) -> Tensor:
    """softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^{−|x|}) (stable); softplus′ = σ(x)."""
    x = _tensor(x)
    out = x._child(np.maximum(x.data, 0) + np.log1p(np.exp(-np.abs(x.data))), (x,), "softplus")

    def _backward(g):
        x._accumulate(g * _sigmoid(x.data))
    out._backward = _backward
    return out


def _softmax(z: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(z - z.max(axis=axis, keepdims=True))         # the largest exponent is e⁰ = 1
    return e / e.sum(axis=axis, keepdims=True)


def softmax(x, axis: int = -1) -> Tensor:
    """sᵢ = e^{xᵢ} / Σⱼ e^{xⱼ} along ``axis``. With J = diag(s) − s sᵀ: ∂L/∂x = s ⊙ (g − Σⱼ gⱼ sⱼ)."""
    x = _tensor(x)
    s = _softmax(x.data, axis)
    out = x._child(s, (x,), "softmax")

    def _backward(g):
        x._accumulate(s * (g - np.sum(g * s, axis=axis, keepdims=True)))
    out._backward = _backward
    return out


def log_softmax(x, axis: int = -1) -> Tensor:
    """log sᵢ = xᵢ − m − ln Σⱼ e^{xⱼ − m}, m = max x (stable); ∂L/∂x = g − s Σⱼ gⱼ."""
    x = _tensor(x)
    shifted = x.data - x.data.max(axis=axis, keepdims=True)
    logsumexp = np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    log_s = shifted - logsumexp
    out = x._child(log_s, (x,), "log_softmax")

    def _backward(g):
        x._accumulate(g - np.exp(log_s) * np.sum(g, axis=axis, keepdims=True))
    out._backward = _backward
    return out


ACTIVATIONS = {"identity": identity, "binary_step": binary_step, "sigmoid": sigmoid, "logistic": sigmoid,
               "tanh": tanh, "smht": smht, "relu": relu, "leaky_relu": leaky_relu, "elu": elu, "gelu": gelu,
               "softplus": softplus}


# -- losses -----------------------------------------------------------------------------------
def l2_penalty(weights) -> Tensor:
    """R = ½ Σ_l ‖W_l‖² (the L2 / weight-decay regulariser); ∂R/∂W_l = W_l."""
    weights = list(weights)
    if not weights:
        raise ValueError("l2_penalty: got no weights.")
    first = weights[0]
    total = 0.5 * sum(float(np.vdot(W.data, W.data)) for W in weights)
    out = first._child(np.array(total, dtype=first.dtype), tuple(weights), "l2")

    def _backward(g):
        for W in weights:
            W._accumulate(g * W.data)
    out._backward = _backward
    return out


def _reduce(loss: Tensor, reduction: str, owner: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{owner}: reduction={reduction!r} is not supported; choose 'mean', 'sum' or 'none'.")


def _target(target, like: Tensor, owner: str) -> np.ndarray:
    t = np.asarray(target.data if isinstance(target, Tensor) else target, dtype=like.dtype)
    if t.shape != like.shape:
        raise ValueError(f"{owner}: input has shape {like.shape} but target has shape {t.shape}; "
                         "they must match.")
    return t


def mse_loss(input, target, reduction: str = "mean") -> Tensor:
    """Mean squared error (1/n) Σ (ŷᵢ − yᵢ)²."""
    input = _tensor(input)
    t = _target(target, input, "mse_loss")
    return _reduce((input - t) ** 2, reduction, "mse_loss")


def half_squared_error(output, target) -> Tensor:
    """The course's error E = ½ Σ (target − out)²; ∂E/∂out = −(target − out) = out − target."""
    output = _tensor(output)
    t = _target(target, output, "half_squared_error")
    return ((t - output) ** 2).sum() * 0.5


def binary_cross_entropy(input, target, reduction: str = "mean") -> Tensor:
    """−[t ln p + (1 − t) ln(1 − p)] for probabilities p; ∂/∂p = (p − t) / (p(1 − p)).

    ln is floored at −100 (as in PyTorch), so p = 0 or 1 gives a large finite loss.
    """
    p = _tensor(input)
    t = _target(target, p, "binary_cross_entropy")
    if p.data.size and (p.data.min() < 0 or p.data.max() > 1):
        raise ValueError("binary_cross_entropy: input must be probabilities in [0, 1]; for raw scores "
                         "use binary_cross_entropy_with_logits.")
    with np.errstate(divide="ignore"):
        log_p, log_q = np.maximum(np.log(p.data), -100), np.maximum(np.log1p(-p.data), -100)
    out = p._child(-(t * log_p + (1 - t) * log_q), (p,), "bce")

    def _backward(g):
        p._accumulate(g * (p.data - t) / np.maximum(p.data * (1 - p.data), 1e-12))
    out._backward = _backward
    return _reduce(out, reduction, "binary_cross_entropy")


def binary_cross_entropy_with_logits(input, target, reduction: str = "mean") -> Tensor:
    """Binary cross-entropy of p = σ(z), computed as max(z, 0) − z t + ln(1 + e^{−|z|}); ∂/∂z = σ(z) − t."""
    z = _tensor(input)
    t = _target(target, z, "binary_cross_entropy_with_logits")
    out = z._child(np.maximum(z.data, 0) - z.data * t + np.log1p(np.exp(-np.abs(z.data))), (z,), "bce_logits")

    def _backward(g):
        z._accumulate(g * (_sigmoid(z.data) - t))
    out._backward = _backward
    return _reduce(out, reduction, "binary_cross_entropy_with_logits")


def _class_targets(target, z: Tensor, owner: str) -> np.ndarray:
    y = np.asarray(target.data if isinstance(target, Tensor) else target)
    if z.ndim != 2:
        raise ValueError(f"{owner}: input must be 2-D (n_samples, n_classes), got shape {z.shape}.")
    if y.shape != (z.shape[0],):
        raise ValueError(f"{owner}: target must hold one class index per row of input, shape "
                         f"({z.shape[0]},), got shape {y.shape}.")
    if y.size and (y.dtype.kind not in "iu" and not np.array_equal(y, np.round(y))):
        raise ValueError(f"{owner}: target must be integer class indices, got {y.dtype}.")
    y = y.astype(np.intp)
    if y.size and (y.min() < 0 or y.max() >= z.shape[1]):
        raise ValueError(f"{owner}: class indices must lie in [0, {z.shape[1] - 1}], got values "
                         f"from {y.min()} to {y.max()}.")
    return y


def cross_entropy(input, target, reduction: str = "mean", ignore_index: int = -100,
                  label_smoothing: float = 0.0) -> Tensor:
    """Cross-entropy of logits z (N, C) against class indices y (N,).

    Lᵢ = −ln softmax(zᵢ)_{yᵢ} = ln Σⱼ e^{z_ij} − z_{i,yᵢ};   ∂Lᵢ/∂zᵢ = softmax(zᵢ) − onehot(yᵢ).

    As in PyTorch, rows whose target equals ``ignore_index`` (padding in a batch of
    sequences) add nothing and are left out of the mean; ``label_smoothing`` ε replaces
    onehot(y) by (1 − ε) onehot(y) + ε/C (Szegedy et al. 2016, §7).
    """
    z = _tensor(input)
    y_raw = np.asarray(target.data if isinstance(target, Tensor) else target)
    keep = None
    if y_raw.shape == (z.shape[0],) and y_raw.dtype.kind in "iu" and np.any(y_raw == ignore_index):
        keep = y_raw != ignore_index
        y_raw = np.where(keep, y_raw, 0)
    y = _class_targets(y_raw, z, "cross_entropy")
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"cross_entropy: label_smoothing={label_smoothing} must lie in [0, 1].")
    N, C = z.shape
    rows = np.arange(N)
    shifted = z.data - z.data.max(axis=1, keepdims=True)
    e = np.exp(shifted)                                                          # (N, C)
    total = e.sum(axis=1)                                                        # (N,)
    log_total = np.log(total)
    losses = log_total - shifted[rows, y]                                        # (N,)
    eps = label_smoothing
    if eps:                                                                      # −Σⱼ qⱼ ln sⱼ
        losses = (1 - eps) * losses + eps * (log_total - shifted.mean(axis=1))
    if keep is not None:
        losses = losses * keep
    out = z._child(losses.astype(z.dtype, copy=False), (z,), "cross_entropy")  # (N,)

    def _backward(g):
        d = e / total[:, None]                                                   # softmax(z), (N, C)
        d[rows, y] -= 1.0 - eps                                                  # softmax − q
        if eps:
            d -= eps / C
        if keep is not None:
            d *= keep[:, None]
        z._accumulate(g[:, None] * d)
    out._backward = _backward
    if reduction == "mean" and keep is not None:
        n_kept = int(keep.sum())
        return out.sum() / float(max(n_kept, 1)) if n_kept else out.sum() * np.nan
    return _reduce(out, reduction, "cross_entropy")


def nll_loss(input, target, reduction: str = "mean") -> Tensor:
    """Negative log-likelihood −log_p[i, yᵢ] of log-probabilities (N, C) (after log_softmax)."""
    log_p = _tensor(input)
    y = _class_targets(target, log_p, "nll_loss")
    return _reduce(-log_p[np.arange(log_p.shape[0]), y], reduction, "nll_loss")


# -- pieces for sequence models ----------------------------------------------------------------
def embedding(input, weight, padding_idx=None) -> Tensor:
    """Look up rows: out[..., :] = W[ids[...], :] for integer ids and W (num_embeddings, dim).

    A lookup is a product with one-hot rows, so ∂L/∂W[k] = Σ over the positions holding id k
    of ∂L/∂out: repeated ids add up (scatter-add). The row ``padding_idx`` gets no gradient.
    """
    ids = np.asarray(input.data if isinstance(input, Tensor) else input)
    if ids.dtype.kind not in "iu":
        raise TypeError(f"embedding: ids must be integers (int64 token ids), got dtype {ids.dtype}; "
                        "build them with np.asarray(..., dtype=np.int64).")
    V = weight.shape[0]
    if ids.size and (ids.min() < 0 or ids.max() >= V):
        bad = ids[(ids < 0) | (ids >= V)]
        raise IndexError(f"embedding: ids must lie in [0, {V - 1}] (num_embeddings={V}), got {bad.ravel()[:5].tolist()}"
                         "; map unknown tokens to a reserved id or enlarge the vocabulary.")
    out = weight._child(weight.data[ids], (weight,), "embedding")               # ids.shape + (dim,)

    def _backward(g):
        dW = np.zeros_like(weight.data)
        np.add.at(dW, ids.ravel(), g.reshape(-1, weight.shape[1]))              # repeated ids accumulate
        if padding_idx is not None:
            dW[padding_idx] = 0.0
        weight._accumulate(dW)
    out._backward = _backward
    return out


def one_hot(ids, num_classes: int, dtype=np.float32) -> Tensor:
    """onehot(y)[..., k] = 1 if y = k else 0 (a constant: no gradient through ids)."""
    ids = np.asarray(ids.data if isinstance(ids, Tensor) else ids)
    if ids.dtype.kind not in "iu":
        raise TypeError(f"one_hot: ids must be integers, got dtype {ids.dtype}.")
    if ids.size and (ids.min() < 0 or ids.max() >= num_classes):
        raise IndexError(f"one_hot: ids range from {ids.min()} to {ids.max()}, outside [0, {num_classes - 1}].")
    return Tensor(np.eye(num_classes, dtype=dtype)[ids])


def pad(x, pad, value: float = 0.0) -> Tensor:
    """Constant padding as torch.nn.functional.pad: ``pad`` = (left, right) for the last axis,
    then (left, right) for the one before, …; the gradient is the un-padded centre."""
    x = _tensor(x)
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2 or len(pad) // 2 > x.ndim:
        raise ValueError(f"pad: needs (before, after) pairs for at most {x.ndim} axes, got {pad}.")
    if min(pad, default=0) < 0:
        raise ValueError(f"pad: negative padding {pad} is not supported; slice the tensor instead.")
    widths = [(0, 0)] * x.ndim
    for i in range(len(pad) // 2):
        widths[x.ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
    out = x._child(np.pad(x.data, widths, constant_values=value), (x,), "pad")
    centre = tuple(slice(b, b + n) for (b, _), n in zip(widths, x.shape))

    def _backward(g):
        x._accumulate(g[centre])
    out._backward = _backward
    return out


def logsumexp(x, axis=-1, keepdims: bool = False) -> Tensor:
    """ln Σⱼ e^{xⱼ}, computed stably (see :meth:`Tensor.logsumexp`)."""
    return _tensor(x).logsumexp(axis=axis, keepdims=keepdims)


def masked_fill(x, mask, value: float) -> Tensor:
    return _tensor(x).masked_fill(mask, value)


def dropout(x, p: float = 0.5, training: bool = True, rng=None) -> Tensor:
    """Inverted dropout with an explicit generator: keep with probability 1 − p, scale by 1/(1 − p)."""
    x = _tensor(x)
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout: p={p} must lie in [0, 1).")
    if not training or p == 0.0:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    keep = (rng.random(x.shape) >= p).astype(x.dtype)
    return x * (keep / (1.0 - p))


# -- layers with modules of their own keep their functional forms there; F.<name> finds them -----
_ELSEWHERE = {"conv1d": "functional_conv", "conv2d": "functional_conv", "max_pool2d": "functional_conv",
              "avg_pool2d": "functional_conv", "adaptive_avg_pool2d": "functional_conv",
              "scaled_dot_product_attention": "attention", "multi_head_attention_forward": "attention"}


def __getattr__(name):
    if name in _ELSEWHERE:
        import importlib

        return getattr(importlib.import_module(f"lucidml.nn.{_ELSEWHERE[name]}"), name)
    raise AttributeError(f"module 'lucidml.nn.functional' has no attribute {name!r}")
