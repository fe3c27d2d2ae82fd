"""Convolution and pooling on :class:`~lucidml.nn.tensor.Tensor`, each op with its backward.

A deep-learning "convolution" layer computes a **cross-correlation**: the kernel slides
over the input as it is, without the flip of the mathematical convolution
(``lucidml.signal.conv2d`` flips, ``lucidml.signal.correlate2d`` does not). With input
x (N, C_in, H, W), weight w (C_out, C_in/G, kH, kW), bias b (C_out,), stride s, zero
padding pad, dilation d and G groups, output channel o of group g = o // (C_out/G) is

    y[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q] · x[n, g·C_in/G + c, s·i + d·p − pad, s·j + d·q − pad]

(c over the C_in/G channels of the group, p < kH, q < kW; x is 0 outside the image), and
each spatial axis has the output size

    H_out = floor((H + 2·pad − d·(k − 1) − 1) / s) + 1.

Pooling slides a window the same way and takes the maximum (``max_pool2d``) or the mean
(``avg_pool2d``) of each window; ``adaptive_avg_pool2d`` picks the windows so that the
output has a given size (size 1 is global average pooling).

How it is computed (the fast path; :func:`conv2d_reference` is the readable one, cell by
cell, and a test shows they agree):

* forward, **im2col**: a strided view of the padded input lists, for every kernel tap
  (p, q) and input channel c, the input value under it at every output cell (no copy);
  copied into a matrix X_col (kH·kW·C_in/G, H_out·W_out) per sample, the layer is one
  matrix product per sample and group, Y = W_mat · X_col, with W_mat[o, (p, q, c)] =
  w[o, c, p, q] (C_out/G, kH·kW·C_in/G). The copies are made a block of samples at a
  time, so that each block is multiplied while it is still in the CPU cache, and the
  blocks run in parallel, one thread per core with BLAS on one thread
  (:func:`lucidml.utils.parallel.run_blocks`): BLAS's own threads, woken for each of
  many small products, cost more than they gain (measured on a busy 2-core machine, a
  (64, 16, 32, 32) batch: 0.2 s this way, 1-5 s with BLAS's threads);
* backward: ∂L/∂W_mat = Σ_n G_mat · X_colᵀ (G_mat = ∂L/∂Y of sample n; X_col is built
  again block by block rather than kept), ∂L/∂b = Σ over n, i, j of ∂L/∂y, and
  ∂L/∂X_col = W_matᵀ · G_mat, which **col2im** adds back onto the input: one strided
  slice per kernel offset (p, q), because an input pixel lies under several windows and
  receives the sum of their gradients.

The cells are computed on a grid slightly larger than the output (whole padded rows, or
the whole padded plane for stride 1), which turns every copy and add into one long
contiguous run; the extra cells are dropped (see :class:`_Grid`).

References: Goodfellow, Bengio & Courville, *Deep Learning* (2016), ch. 9 (convolution
as cross-correlation, §9.1; strides, padding and the output size, §9.5); Dumoulin &
Visin (2016), "A guide to convolution arithmetic for deep learning" (output sizes,
padding "same", dilation).

>>> x = Tensor(np.arange(16.0).reshape(1, 1, 4, 4))
>>> w = Tensor(np.ones((1, 1, 2, 2)))                  # sums each 2×2 window
>>> conv2d(x, w, stride=2).data[0, 0].tolist()
[[10.0, 18.0], [42.0, 50.0]]
>>> max_pool2d(x, 2).data[0, 0].tolist()
[[5.0, 7.0], [13.0, 15.0]]
"""
from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import as_strided

from lucidml.nn.tensor import Tensor
from lucidml.utils.parallel import effective_n_jobs, run_blocks

__all__ = ["conv1d", "conv2d", "conv2d_reference", "conv_geometry", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d",
           "conv_output_size"]


# -- shared geometry ------------------------------------------------------------------------------
def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """floor((size + 2·padding − dilation·(kernel_size − 1) − 1) / stride) + 1 for one axis.

    ``padding`` may be an int (added on both sides) or a (before, after) pair.

    >>> conv_output_size(32, 3, stride=1, padding=1)      # "same" for a 3×3 kernel
    32
    >>> conv_output_size(28, 5, stride=2)                 # floor((28 − 4 − 1)/2) + 1
    12
    """
    before, after = (padding, padding) if isinstance(padding, numbers.Integral) else padding
    return (size + before + after - dilation * (kernel_size - 1) - 1) // stride + 1


def _tensor(x) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _pair(value, name: str, owner: str, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints (one per spatial axis), each at least ``minimum``."""
    values = (value, value) if isinstance(value, numbers.Integral) and not isinstance(value, bool) else value
    try:
        values = tuple(values)
    except TypeError:
        values = ()
    if len(values) != 2 or any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in values):
        raise TypeError(f"{owner}: {name}={value!r} must be an int or a pair of ints (one per spatial axis).")
    values = (int(values[0]), int(values[1]))
    if min(values) < minimum:
        raise ValueError(f"{owner}: {name}={value!r} must be >= {minimum} on each axis; got {values}.")
    return values


def _check_input(x: Tensor, ndim: int, owner: str) -> None:
    layout = "(N, C, H, W)" if ndim == 4 else "(N, C, L)"
    if x.ndim != ndim:
        raise ValueError(f"{owner}: the input must be {ndim}-D {layout}, got shape {x.shape} ({x.ndim}-D); "
                         f"add the missing axes, e.g. x.reshape(1, *x.shape) for a single sample.")


def _conv_padding(padding, kernel: tuple[int, int], stride: tuple[int, int], dilation: tuple[int, int],
                  owner: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """((top, bottom), (left, right)) zeros for padding = int, (pH, pW), "valid" or "same".

    "same" (stride 1 only, as in PyTorch) pads d·(k − 1) in total per axis, the odd one
    after: H_out = H + d·(k − 1) − d·(k − 1) − 1 + 1 = H.
    """
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding == "same":
            if stride != (1, 1):
                raise ValueError(f"{owner}: padding='same' needs stride=1, got stride={stride} (as in PyTorch); "
                                 "give an explicit padding for a strided convolution.")
            totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
            return tuple((t // 2, t - t // 2) for t in totals)
        raise ValueError(f"{owner}: padding={padding!r} is not supported; use an int, a pair, 'valid' or 'same'.")
    pH, pW = _pair(padding, "padding", owner, minimum=0)
    return (pH, pH), (pW, pW)


def conv_geometry(x: np.ndarray, w: np.ndarray, stride, padding, dilation, groups, owner: str):
    """Validate a convolution's arguments; return (s, pads, d, G, H_out, W_out)."""
    if w.ndim != 4:
        raise ValueError(f"{owner}: the weight must be 4-D (C_out, C_in/groups, kH, kW), got shape {w.shape}.")
    s = _pair(stride, "stride", owner, minimum=1)
    d = _pair(dilation, "dilation", owner, minimum=1)
    if isinstance(groups, bool) or not isinstance(groups, numbers.Integral) or groups < 1:
        raise ValueError(f"{owner}: groups={groups!r} must be a positive integer.")
    G = int(groups)
    N, C, H, W = x.shape
    C_out, C_g, kH, kW = w.shape
    if C_out % G:
        raise ValueError(f"{owner}: groups={G} does not divide out_channels={C_out} (weight shape {w.shape}); "
                         "choose groups that divide both the input and the output channels.")
    if C % G:
        raise ValueError(f"{owner}: groups={G} does not divide the input's {C} channels (input shape {x.shape}); "
                         "choose groups that divide both the input and the output channels.")
    if C_g * G != C:
        raise ValueError(f"{owner}: the input has {C} channels (shape {x.shape}) but the weight {w.shape} with "
                         f"groups={G} expects {C_g * G} (= C_in/groups · groups = {C_g} · {G}).")
    pads = _conv_padding(padding, (kH, kW), s, d, owner)
    sizes = []
    for axis, n, k, dd, (before, after), ss in (("H", H, kH, d[0], pads[0], s[0]), ("W", W, kW, d[1], pads[1], s[1])):
        span = dd * (k - 1) + 1                                     # the dilated kernel's extent
        if span > n + before + after:
            raise ValueError(f"{owner}: the kernel (size {k}, dilation {dd}: extent d·(k − 1) + 1 = {span}) is "
                             f"larger than the padded input along {axis} ({n} + {before} + {after} = "
                             f"{n + before + after}); use a smaller kernel or dilation, or more padding.")
        sizes.append(conv_output_size(n, k, ss, (before, after), dd))
    return s, pads, d, G, sizes[0], sizes[1]


def _pad(x: np.ndarray, pads, value: float = 0.0, extra=((0, 0), (0, 0))) -> np.ndarray:
    """x (N, C, H, W) with ``pads`` (+ ``extra`` after) rows/columns of ``value`` around it."""
    (pt, pb), (pl, pr) = pads
    pb, pr = pb + extra[0][1], pr + extra[1][1]
    if pt == pb == pl == pr == 0:
        return x
    N, C, H, W = x.shape
    xp = np.full((N, C, H + pt + pb, W + pl + pr), value, dtype=x.dtype)
    xp[:, :, pt:pt + H, pl:pl + W] = x
    return xp


def _tap(H_out: int, W_out: int, s, d, p: int, q: int) -> tuple[slice, slice]:
    """Rows and columns of the padded input under kernel tap (p, q) at every output position:
    s·i + d·p for i < H_out, s·j + d·q for j < W_out."""
    return (slice(d[0] * p, d[0] * p + s[0] * (H_out - 1) + 1, s[0]),
            slice(d[1] * q, d[1] * q + s[1] * (W_out - 1) + 1, s[1]))


# Samples per block of im2col: one block's X_col fits in ~512 KB, so it is built,
# multiplied and (in the backward pass) added back while it is still in the CPU cache,
# instead of one matrix for the whole batch going through memory (measured about 1.6x
# faster on a (64, 16, 32, 32) batch, one thread).
_BLOCK_BYTES = 1 << 19
# A grid wider (or taller) than the output costs that fraction more multiplications and
# makes the copies and adds long contiguous runs; used while the fraction is at most this.
_GRID_WASTE = 0.25


class _Grid(NamedTuple):
    """Where a convolution's windows lie in the padded input.

    The padded input xp (N, C, Hp, Wp) is one flat buffer (followed by ``tail`` spare
    zeros). For tap (p, q) and channel c, output cell (n, i, j) reads the element at

        ((n·C + c)·Hp + s_H·i + d_H·p)·Wp + s_W·j + d_W·q.

    The cells are computed on a grid of ``Hg`` × ``B`` per sample. With s_W = 1 the grid
    rows are Wp long ("wide" rows), and with s = (1, 1) the grid is the whole padded plane
    (Hg = Hp): then consecutive cells, rows and even channels sit at consecutive
    addresses, so for each tap the block of all channels of a sample is one contiguous
    run, which im2col copies and col2im adds back in one piece. The grid cells outside
    the H_out × W_out output (they straddle two image rows or planes) are computed and
    dropped, and their gradient is 0.
    """
    N: int
    C: int
    G: int
    Hp: int
    Wp: int
    kH: int
    kW: int
    H_out: int
    W_out: int
    Hg: int         # grid rows per sample: Hp (whole plane) or H_out
    B: int          # grid cells per row: Wp (wide rows) or W_out
    s: tuple
    d: tuple
    tail: int       # spare elements after xp that the last grid row may read
    block: int      # samples per im2col block


def _grid(x_shape, w_shape, G, pads, s, d, H_out: int, W_out: int, itemsize: int) -> _Grid:
    N, C, H, W = x_shape
    kH, kW = w_shape[2:]
    Hp, Wp = H + sum(pads[0]), W + sum(pads[1])
    B = Wp if s[1] == 1 and Wp - W_out <= _GRID_WASTE * W_out else W_out
    Hg = Hp if s[0] == 1 and B == Wp and Hp * Wp - H_out * W_out <= _GRID_WASTE * H_out * W_out else H_out
    last = ((N * C - 1) * Hp + d[0] * (kH - 1) + s[0] * (Hg - 1)) * Wp + d[1] * (kW - 1) + s[1] * (B - 1)
    tail = max(0, last + 1 - N * C * Hp * Wp)
    block = max(1, min(N, _BLOCK_BYTES // (C * kH * kW * Hg * B * itemsize)))
    return _Grid(N, C, G, Hp, Wp, kH, kW, H_out, W_out, Hg, B, s, d, tail, block)


def _padded_buffer(x: np.ndarray, pads, grid: _Grid) -> np.ndarray:
    """The flat buffer of xp (N, C, Hp, Wp): x (N, C, H, W) inside zero padding, then the tail."""
    N, C, H, W = x.shape
    buffer = np.zeros(N * C * grid.Hp * grid.Wp + grid.tail, dtype=x.dtype)
    _unpadded(buffer, grid, pads, H, W)[...] = x
    return buffer


def _unpadded(buffer: np.ndarray, grid: _Grid, pads, H: int, W: int) -> np.ndarray:
    """The (N, C, H, W) interior of the padded buffer (a view)."""
    (pt, _), (pl, _) = pads
    xp = buffer[:grid.N * grid.C * grid.Hp * grid.Wp].reshape(grid.N, grid.C, grid.Hp, grid.Wp)
    return xp[:, :, pt:pt + H, pl:pl + W]


def _windows(buffer: np.ndarray, grid: _Grid, writeable: bool = False) -> np.ndarray:
    """The strided view (N, G, kH, kW, C/G, Hg, B) of the buffer (no copy): element
    (n, g, p, q, c, i, j) is xp[n, g·C/G + c, s_H·i + d_H·p, s_W·j + d_W·q]."""
    g, e = grid, buffer.itemsize
    plane = g.Hp * g.Wp
    return as_strided(buffer, shape=(g.N, g.G, g.kH, g.kW, g.C // g.G, g.Hg, g.B),
                      strides=(g.C * plane * e, g.C // g.G * plane * e, g.d[0] * g.Wp * e, g.d[1] * e, plane * e,
                               g.s[0] * g.Wp * e, g.s[1] * e), writeable=writeable)


def _blocks(grid: _Grid):
    """(n0, n1) for consecutive blocks of ``grid.block`` samples."""
    return [(n0, min(n0 + grid.block, grid.N)) for n0 in range(0, grid.N, grid.block)]


def _im2col(windows: np.ndarray, n0: int, n1: int) -> np.ndarray:
    """X_col[n, g, (p, q, c), (i, j)] = xp[n, g·C/G + c, s·i + d·p, s·j + d·q] for samples n0 ≤ n < n1,
    shape (n1 − n0, G, kH·kW·C/G, Hg·B): the strided view of :func:`_windows` copied into
    one matrix per sample and group (rows tap by tap, each tap's channels together)."""
    n, G, kH, kW, C_g, Hg, B = windows[n0:n1].shape
    return np.ascontiguousarray(windows[n0:n1]).reshape(n, G, kH * kW * C_g, Hg * B)


def _col2im(dX_col: np.ndarray, target: np.ndarray) -> None:
    """The adjoint of :func:`_im2col`,

        ∂L/∂xp[n, g·C/G + c, s·i + d·p, s·j + d·q] += ∂L/∂X_col[n, g, (p, q, c), (i, j)],

    added into ``target`` (the writeable :func:`_windows` view of a block's gradient buffer).

    An input pixel lies under several windows and receives the sum of their gradients.
    One vectorised add per kernel offset (p, q): within one offset the output cells hit
    distinct input pixels, so a strided view takes the whole (n, G, C/G, Hg, B) block at
    once (measured ~5x faster than ``np.add.at`` on fancy indices).
    """
    cols = dX_col.reshape(target.shape)                                       # (n, G, kH, kW, C/G, Hg, B)
    for p in range(target.shape[2]):
        for q in range(target.shape[3]):
            target[:, :, p, q] += cols[:, :, p, q]                            # (n, G, C/G, Hg, B)


# -- convolution ------------------------------------------------------------------------------------
def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor:
    """2-D convolution (cross-correlation) of x (N, C_in, H, W) with weight (C_out, C_in/groups, kH, kW).

        y[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q] · x[n, g·C_in/G + c, s·i + d·p − pad,
                                                              s·j + d·q − pad]

    with G = groups, g = o // (C_out/G), output size floor((H + 2·pad − d·(k − 1) − 1)/s) + 1 per
    axis. ``stride``, ``dilation``: int or (sH, sW); ``padding``: int, (pH, pW), "valid"
    (0) or "same" (stride 1 only; output size = input size, the odd zero after, as in
    PyTorch). Returns y (N, C_out, H_out, W_out) in the inputs' dtype.

    Computed by im2col and one matrix product per sample and group; the backward pass
    gives ∂L/∂w = Σ_n G_mat X_colᵀ, ∂L/∂b = Σ_{n,i,j} g, and ∂L/∂x by col2im (see the
    module docstring).
    """
    x, weight = _tensor(x), _tensor(weight)
    _check_input(x, 4, "conv2d")
    return _conv2d_node(x, weight, None if bias is None else _tensor(bias), stride, padding, dilation, groups,
                        "conv2d", lambda a: a, lambda a: a)


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor:
    """1-D convolution (cross-correlation) of x (N, C_in, L) with weight (C_out, C_in/groups, k).

        y[n, o, i] = b[o] + Σ_c Σ_p w[o, c, p] · x[n, g·C_in/groups + c, s·i + d·p − pad]

    with L_out = floor((L + 2·pad − d·(k − 1) − 1)/s) + 1. It is :func:`conv2d` on an
    image of height 1 (x as (N, C, 1, L), w as (C_out, C_in/groups, 1, k)).
    """
    x, weight = _tensor(x), _tensor(weight)
    _check_input(x, 3, "conv1d")
    if weight.ndim != 3:
        raise ValueError(f"conv1d: the weight must be 3-D (C_out, C_in/groups, k), got shape {weight.shape}.")
    for name, v, minimum in (("stride", stride, 1), ("dilation", dilation, 1), ("padding", padding, 0)):
        if name == "padding" and isinstance(v, str):
            continue
        if not isinstance(v, numbers.Integral) or isinstance(v, bool):
            options = " (or 'valid', 'same')" if name == "padding" else ""
            raise TypeError(f"conv1d: {name}={v!r} must be an int{options}.")
        if v < minimum:
            raise ValueError(f"conv1d: {name}={v} must be >= {minimum}.")
    if not isinstance(padding, str):
        padding = (0, padding)
    return _conv2d_node(x, weight, None if bias is None else _tensor(bias), (1, stride), padding, (1, dilation),
                        groups, "conv1d", lambda a: a[:, :, None, :], lambda a: a[:, :, 0, :])


def _conv2d_node(x: Tensor, weight: Tensor, bias, stride, padding, dilation, groups, owner, to4d, from4d):
    """The autograd node shared by conv1d and conv2d; ``to4d``/``from4d`` map arrays to and from (N, C, H, W)."""
    dtype = np.result_type(x.dtype, weight.dtype)
    x4 = to4d(x.data).astype(dtype, copy=False)
    w4 = to4d(weight.data).astype(dtype, copy=False)
    s, pads, d, G, H_out, W_out = conv_geometry(x4, w4, stride, padding, dilation, groups, owner)
    if bias is not None and bias.shape != (w4.shape[0],):
        raise ValueError(f"{owner}: the bias must have shape ({w4.shape[0]},) (one per output channel), "
                         f"got {bias.shape}.")
    N, C, H, W = x4.shape
    C_out, C_g, kH, kW = w4.shape
    grid = _grid(x4.shape, w4.shape, G, pads, s, d, H_out, W_out, np.dtype(dtype).itemsize)
    Hg, B, K, L, C_o = grid.Hg, grid.B, C_g * kH * kW, grid.Hg * grid.B, C_out // G   # L: grid cells per sample
    windows = _windows(_padded_buffer(x4, pads, grid), grid)             # (N, G, kH, kW, C/G, Hg, B), a view
    # W_mat[g, o, (p, q, c)] = w[g·C_out/G + o, c, p, q]: the rows of X_col, tap by tap
    W_mat = w4.reshape(G, C_o, C_g, kH, kW).transpose(0, 1, 3, 4, 2).reshape(G, C_o, K)
    b = None if bias is None else bias.data.astype(dtype, copy=False).reshape(G, C_o, 1)
    y = np.empty((N, C_out, H_out, W_out), dtype=dtype)

    def forward_block(n0, n1, worker):
        X_col = _im2col(windows, n0, n1)                                 # (n, G, K, Hg·B)
        Y = np.matmul(W_mat, X_col)                                      # Y = W_mat · X_col per sample and group
        if b is not None:
            Y += b
        y[n0:n1] = Y.reshape(n1 - n0, C_out, Hg, B)[:, :, :H_out, :W_out]     # drop the grid's extra cells

    run_blocks(forward_block, _blocks(grid))                              # blocks in parallel, BLAS on one thread
    parents = (x, weight) if bias is None else (x, weight, bias)
    out = x._child(from4d(y), parents, owner)

    def _backward(g):
        g4 = to4d(g)                                                     # (N, C_out, H_out, W_out)
        if bias is not None and bias.requires_grad:                      # ∂L/∂b[o] = Σ_{n,i,j} g[n, o, i, j]
            bias._accumulate(g4.sum(axis=(0, 2, 3)))
        if not (weight.requires_grad or x.requires_grad):
            return
        dW = np.zeros((effective_n_jobs(None), G, K, C_o), dtype=dtype)  # one sum per thread
        plane = C * grid.Hp * grid.Wp
        if x.requires_grad:
            dx_buffer = np.empty(N * plane, dtype=dtype)                 # every block fills its own samples

        def backward_block(n0, n1, worker):
            if (Hg, B) == (H_out, W_out):
                G_mat = g4[n0:n1]
            else:                                                        # the grid's extra cells get 0
                G_mat = np.zeros((n1 - n0, C_out, Hg, B), dtype=dtype)
                G_mat[:, :, :H_out, :W_out] = g4[n0:n1]
            G_mat = G_mat.reshape(n1 - n0, G, C_o, L)                    # (n, G, C_out/G, Hg·B)
            if weight.requires_grad:                                     # ∂L/∂W_mat = Σ_n G_mat X_colᵀ
                dW[worker] += np.matmul(_im2col(windows, n0, n1), G_mat.transpose(0, 1, 3, 2)).sum(axis=0)
            if x.requires_grad:                                          # ∂L/∂X_col = W_matᵀ G_mat, col2im
                # into the block's own buffer: the grid's extra cells add their zeros past the
                # block's last sample, which in the shared buffer another thread may be writing
                local = np.zeros((n1 - n0) * plane + grid.tail, dtype=dtype)
                _col2im(np.matmul(W_mat.transpose(0, 2, 1), G_mat), _windows(local, grid._replace(N=n1 - n0), True))
                dx_buffer[n0 * plane:n1 * plane] = local[:(n1 - n0) * plane]

        run_blocks(backward_block, _blocks(grid))
        if weight.requires_grad:                                         # (G, (p, q, c), o) -> (C_out, C/G, kH, kW)
            dW = dW.sum(axis=0).reshape(G, kH, kW, C_g, C_o).transpose(0, 4, 3, 1, 2).reshape(C_out, C_g, kH, kW)
            weight._accumulate(from4d(dW))
        if x.requires_grad:
            x._accumulate(from4d(np.ascontiguousarray(_unpadded(dx_buffer, grid, pads, H, W))))
    out._backward = _backward
    return out


def conv2d_reference(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> np.ndarray:
    """The course's sliding window, one output cell at a time (slow and obvious; NumPy only).

    For every sample n, output channel o and output cell (i, j): place the (dilated) kernel
    w[o] over the window of the padded input that starts at (s·i, s·j), and add up, over
    the input channels c of o's group, the sum of the element-wise products of the 2-D
    window and the 2-D kernel slice w[o, c]:

        y[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q] · x_pad[n, g·C_in/groups + c, s·i + d·p, s·j + d·q]

    Same arguments as :func:`conv2d`; returns a NumPy array. The tests check that
    :func:`conv2d` (im2col) gives the same numbers.
    """
    x = np.asarray(x.data if isinstance(x, Tensor) else x, dtype=float)
    w = np.asarray(weight.data if isinstance(weight, Tensor) else weight, dtype=float)
    b = None if bias is None else np.asarray(bias.data if isinstance(bias, Tensor) else bias, dtype=float)
    if x.ndim != 4:
        raise ValueError(f"conv2d_reference: the input must be 4-D (N, C, H, W), got shape {x.shape}.")
    s, pads, d, G, H_out, W_out = conv_geometry(x, w, stride, padding, dilation, groups, "conv2d_reference")
    x_pad = np.pad(x, ((0, 0), (0, 0)) + pads)
    N = x.shape[0]
    C_out, C_g, kH, kW = w.shape
    y = np.zeros((N, C_out, H_out, W_out))
    for n in range(N):
        for o in range(C_out):
            g = o // (C_out // G)                                   # the group of output channel o
            for i in range(H_out):
                for j in range(W_out):
                    total = 0.0 if b is None else b[o]
                    for c in range(C_g):
                        window = x_pad[n, g * C_g + c,
                                       s[0] * i: s[0] * i + d[0] * (kH - 1) + 1: d[0],
                                       s[1] * j: s[1] * j + d[1] * (kW - 1) + 1: d[1]]     # (kH, kW)
                        total += np.sum(window * w[o, c])
                    y[n, o, i, j] = total
    return y


# -- pooling ----------------------------------------------------------------------------------------
def _pool_geometry(x: Tensor, kernel_size, stride, padding, dilation, ceil_mode: bool, owner: str):
    """Validate pooling arguments; return (k, s, p, d, H_out, W_out). stride=None means stride = kernel_size."""
    _check_input(x, 4, owner)
    k = _pair(kernel_size, "kernel_size", owner, minimum=1)
    s = k if stride is None else _pair(stride, "stride", owner, minimum=1)
    p = _pair(padding, "padding", owner, minimum=0)
    d = _pair(dilation, "dilation", owner, minimum=1)
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise ValueError(f"{owner}: padding={p} must be at most half the kernel_size={k} (as in PyTorch), "
                         "so that every window holds at least one input value.")
    sizes = []
    axes = (("H", x.shape[2], k[0], s[0], p[0], d[0]), ("W", x.shape[3], k[1], s[1], p[1], d[1]))
    for axis, n, kk, ss, pp, dd in axes:
        span = dd * (kk - 1) + 1
        if span > n + 2 * pp:
            raise ValueError(f"{owner}: the window (kernel_size {kk}, dilation {dd}: extent {span}) is larger than "
                             f"the padded input along {axis} ({n} + 2·{pp} = {n + 2 * pp}); use a smaller window.")
        # PyTorch's rule: ceil_mode rounds up, but the last window must start inside the input or the left padding
        out = (n + 2 * pp - span + (ss - 1 if ceil_mode else 0)) // ss + 1
        if ceil_mode and (out - 1) * ss >= n + pp:
            out -= 1
        # a dilated window can step over every input value and see padding only: refuse it
        taps = ss * np.arange(out)[:, None] - pp + dd * np.arange(kk)[None, :]          # (out, k)
        empty = ~((taps >= 0) & (taps < n)).any(axis=1)
        if empty.any():
            raise ValueError(f"{owner}: window {int(np.argmax(empty))} along {axis} (kernel_size {kk}, dilation {dd}, "
                             f"padding {pp}, input size {n}) covers only padding; use less padding or dilation.")
        sizes.append(out)
    return k, s, p, d, sizes[0], sizes[1]


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False) -> Tensor:
    """Max pooling: y[n, c, i, j] = max_{p, q} x_pad[n, c, s·i + d·p, s·j + d·q], x_pad padded with −∞.

    ``stride`` defaults to ``kernel_size``; ``ceil_mode=True`` rounds the output size up
    (windows hanging over the bottom/right edge see only the values inside), as PyTorch.
    The gradient goes to the (first) position of each window's maximum; windows that
    overlap add their gradients. Input and output are (N, C, H, W).
    """
    x = _tensor(x)
    k, s, p, d, H_out, W_out = _pool_geometry(x, kernel_size, stride, padding, dilation, ceil_mode, "max_pool2d")
    N, C, H, W = x.shape
    # rows/columns that ceil_mode's last windows need beyond the padded input, filled with −∞ too
    extra = tuple((0, max(0, (o - 1) * ss + dd * (kk - 1) + 1 - (n + 2 * pp)))
                  for o, ss, dd, kk, n, pp in ((H_out, s[0], d[0], k[0], H, p[0]), (W_out, s[1], d[1], k[1], W, p[1])))
    xp = _pad(x.data, ((p[0], p[0]), (p[1], p[1])), -np.inf, extra)     # (N, C, Hp, Wp)
    taps = [(slice(None), slice(None)) + _tap(H_out, W_out, s, d, pp, qq) for pp, qq in np.ndindex(*k)]
    # the running maximum over the kH·kW window offsets, each a strided slice of all windows at once
    y = xp[taps[0]].copy()                                              # (N, C, H_out, W_out)
    for tap in taps[1:]:
        np.maximum(y, xp[tap], out=y)                                   # (propagates NaN, as PyTorch)
    out = x._child(y, (x,), "max_pool2d")
    # windows that do not overlap write each input pixel at most once: assign instead of add
    disjoint = all(ss >= dd * (kk - 1) + 1 for ss, dd, kk in zip(s, d, k))

    def _backward(g):
        # ∂y/∂x = 1 at each window's maximum (the first one, in row-major order, on ties, as
        # PyTorch), 0 elsewhere; the winners are found again here rather than stored in forward
        dxp = np.zeros(xp.shape, dtype=x.dtype)
        claimed = np.zeros(y.shape, dtype=bool)                         # windows whose winner is found
        wins = np.empty(y.shape, dtype=bool)
        for tap in taps:
            np.equal(xp[tap], y, out=wins)
            wins &= ~claimed
            claimed |= wins
            if disjoint:
                np.multiply(g, wins, out=dxp[tap])
            else:
                dxp[tap] += g * wins
        x._accumulate(dxp[:, :, p[0]:p[0] + H, p[1]:p[1] + W])
    out._backward = _backward
    return out


def avg_pool2d(x, kernel_size, stride=None, padding=0, count_include_pad: bool = True) -> Tensor:
    """Average pooling: y[n, c, i, j] = (1/|window|) Σ_{p, q} x_pad[n, c, s·i + p, s·j + q], zero padding.

    |window| = kH·kW when ``count_include_pad`` (the zeros count), else the number of input
    values in the window. ∂y/∂x = 1/|window| for every value of the window.
    """
    x = _tensor(x)
    k, s, p, _, H_out, W_out = _pool_geometry(x, kernel_size, stride, padding, 1, False, "avg_pool2d")
    N, C, H, W = x.shape
    xp = _pad(x.data, ((p[0], p[0]), (p[1], p[1])))
    total = np.zeros((N, C, H_out, W_out), dtype=x.dtype)
    for pp, qq in np.ndindex(*k):
        total += xp[(slice(None), slice(None)) + _tap(H_out, W_out, s, (1, 1), pp, qq)]
    if count_include_pad:
        count = np.array(k[0] * k[1], dtype=x.dtype)
    else:                                               # input rows × input columns inside each window
        start_h, start_w = s[0] * np.arange(H_out) - p[0], s[1] * np.arange(W_out) - p[1]
        rows = np.minimum(start_h + k[0], H) - np.maximum(start_h, 0)          # (H_out,)
        cols = np.minimum(start_w + k[1], W) - np.maximum(start_w, 0)          # (W_out,)
        count = np.outer(rows, cols).astype(x.dtype)                           # (H_out, W_out)
    out = x._child(total / count, (x,), "avg_pool2d")

    def _backward(g):                                   # each window value receives g / |window|
        share = g / count
        dxp = np.zeros(xp.shape, dtype=x.dtype)
        for pp, qq in np.ndindex(*k):
            dxp[(slice(None), slice(None)) + _tap(H_out, W_out, s, (1, 1), pp, qq)] += share
        x._accumulate(dxp[:, :, p[0]:p[0] + H, p[1]:p[1] + W])
    out._backward = _backward
    return out


def _adaptive_matrix(n_in: int, n_out: int, dtype) -> np.ndarray:
    """A (n_out, n_in): row i averages x[start_i:end_i], start_i = ⌊i·n_in/n_out⌋,
    end_i = ⌈(i+1)·n_in/n_out⌉."""
    A = np.zeros((n_out, n_in), dtype=dtype)
    for i in range(n_out):
        start, end = (i * n_in) // n_out, -((-(i + 1) * n_in) // n_out)
        A[i, start:end] = 1.0 / (end - start)
    return A


def adaptive_avg_pool2d(x, output_size) -> Tensor:
    """Average pooling to a fixed output size (H_out, W_out), PyTorch's windows:

        y[n, c, i, j] = mean of x[n, c, start_i:end_i, start_j:end_j],
        start_i = ⌊i·H/H_out⌋,  end_i = ⌈(i + 1)·H/H_out⌉  (the same along W).

    The mean over a rectangle is separable, so y = A_H · x · A_Wᵀ per channel with the
    averaging matrices A_H (H_out, H) and A_W (W_out, W), and ∂L/∂x = A_Hᵀ · g · A_W.
    ``output_size`` is an int or a pair (None keeps that axis); 1 is global average pooling.
    """
    x = _tensor(x)
    _check_input(x, 4, "adaptive_avg_pool2d")
    N, C, H, W = x.shape
    sizes = (output_size, output_size) if not isinstance(output_size, (tuple, list)) else tuple(output_size)
    if len(sizes) != 2:
        raise ValueError(f"adaptive_avg_pool2d: output_size={output_size!r} must be an int or a pair.")
    sizes = tuple(n if o is None else o for o, n in zip(sizes, (H, W)))
    H_out, W_out = _pair(sizes, "output_size", "adaptive_avg_pool2d", minimum=1)
    A_H, A_W = _adaptive_matrix(H, H_out, x.dtype), _adaptive_matrix(W, W_out, x.dtype)
    t = _along_last(x.data, A_W)                                    # (N, C, H, W_out): average along W
    y = _along_last(t.swapaxes(2, 3), A_H).swapaxes(2, 3)          # (N, C, H_out, W_out): then along H
    out = x._child(np.ascontiguousarray(y), (x,), "adaptive_avg_pool2d")

    def _backward(g):                                               # A_Hᵀ (H, H_out) · g · A_W (W_out, W)
        t = _along_last(g, A_W.T)                                   # (N, C, H_out, W)
        x._accumulate(np.ascontiguousarray(_along_last(t.swapaxes(2, 3), A_H.T).swapaxes(2, 3)))
    out._backward = _backward
    return out


def _along_last(a: np.ndarray, A: np.ndarray) -> np.ndarray:
    """a · Aᵀ over the last axis of a (..., n) with A (m, n), as one matrix product -> (..., m)."""
    return (a.reshape(-1, a.shape[-1]) @ A.T).reshape(a.shape[:-1] + (A.shape[0],))
