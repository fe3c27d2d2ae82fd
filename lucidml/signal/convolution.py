"""Discrete convolution and cross-correlation in one and two dimensions.

Convolution slides the *flipped* kernel over the signal; cross-correlation slides it
as it is (this is what deep-learning "convolution" layers compute):

    convolution        (f * g)[n]   = Σ_k g[k] · f[n − k]
    cross-correlation  (f ⋆ g)[n]   = Σ_k g[k] · f[n + k]
    so                 f * g        = f ⋆ flip(g)

In two dimensions the sums run over both kernel axes:
    (D ⋆ K)[i, j] = Σ_m Σ_n K[m, n] · D[i·s + m, j·s + n]

Modes (the output size for an input of length N and a kernel of length K, stride 1):
    "valid"  no implicit padding, N − K + 1 outputs (every window lies inside the data)
    "same"   N outputs, centred as in SciPy: K // 2 zeros before and (K − 1) // 2 after,
             except correlate2d, which follows scipy.signal.correlate2d and puts the
             odd zero of an even-length kernel after instead: (K − 1) // 2 before
    "full"   K − 1 zeros on each side: N + K − 1 outputs (every overlap)
``padding`` adds explicit zeros before the mode's own padding; ``stride`` s keeps every
s-th output position, starting at the first.

The computation is vectorised over output cells: each kernel tap adds a shifted, scaled
copy of the input to the output, so the only Python loop runs over the K (or Kh·Kw)
kernel taps, never over the output.

Reference: Goodfellow, Bengio & Courville, *Deep Learning*, §9.1-9.5.

>>> conv1d([2, 5, 0, 1, 3], [0, 1, 0]).tolist()
[5.0, 0.0, 1.0]
>>> correlate1d([1, 2, 3], [1, 1], mode="full").tolist()
[1.0, 3.0, 5.0, 3.0]
"""
from __future__ import annotations

import numpy as np

from lucidml.utils.validation import as_float_array, check_int, check_option

__all__ = ["conv1d", "conv2d", "correlate1d", "correlate2d", "mode_padding", "MODES"]

MODES = ("valid", "same", "full")


def conv1d(signal, kernel, mode: str = "valid", stride: int = 1, padding=0) -> np.ndarray:
    """1-D convolution ``(f * g)[n] = Σ_k g[k] f[n − k]`` of ``signal`` f with ``kernel`` g.

    Parameters
    ----------
    signal, kernel : array-like, 1-D
    mode : {"valid", "same", "full"}
    stride : int >= 1, keep every ``stride``-th output
    padding : int or (before, after), explicit zeros added to the signal first

    Equal to ``scipy.signal.convolve(signal, kernel, mode)`` for ``stride=1, padding=0``.
    """
    f, g = _check_pair(signal, kernel, 1, "conv1d", ("signal", "kernel"))
    return _correlate(f, g[::-1], mode, stride, padding, "conv1d")


def correlate1d(signal, kernel, mode: str = "valid", stride: int = 1, padding=0) -> np.ndarray:
    """1-D cross-correlation ``(f ⋆ g)[n] = Σ_k g[k] f[n + k]`` (no kernel flip).

    Equal to ``scipy.signal.correlate(signal, kernel, mode)`` for ``stride=1, padding=0``.
    """
    f, g = _check_pair(signal, kernel, 1, "correlate1d", ("signal", "kernel"))
    return _correlate(f, g, mode, stride, padding, "correlate1d")


def conv2d(data, kernel, mode: str = "valid", stride=1, padding=0) -> np.ndarray:
    """2-D convolution ``(D * K)[i, j] = Σ_m Σ_n K[m, n] D[i − m, j − n]``.

    ``stride`` is an int or (s_rows, s_cols); ``padding`` an int, (p_rows, p_cols) or
    ((top, bottom), (left, right)). Equal to ``scipy.signal.convolve2d(data, kernel,
    mode)`` for ``stride=1, padding=0``.

    >>> D = [[1, 0, 1, 1, 0], [1, 0, 0, 1, 1], [0, 1, 0, 0, 0], [1, 0, 0, 0, 1], [0, 1, 0, 1, 0]]
    >>> K = [[0, 0, 0], [0, 5, 0], [0, 0, 0]]
    >>> conv2d(D, K).astype(int).tolist()
    [[0, 0, 5], [5, 0, 0], [0, 0, 0]]
    """
    D, K = _check_pair(data, kernel, 2, "conv2d", ("data", "kernel"))
    return _correlate(D, K[::-1, ::-1], mode, stride, padding, "conv2d")


def correlate2d(data, kernel, mode: str = "valid", stride=1, padding=0) -> np.ndarray:
    """2-D cross-correlation ``(D ⋆ K)[i, j] = Σ_m Σ_n K[m, n] D[i + m, j + n]``.

    Equal to ``scipy.signal.correlate2d(data, kernel, mode)`` for ``stride=1, padding=0``.
    """
    D, K = _check_pair(data, kernel, 2, "correlate2d", ("data", "kernel"))
    return _correlate(D, K, mode, stride, padding, "correlate2d", same_extra_before=False)


def mode_padding(mode: str, K: int, same_extra_before: bool = True) -> tuple[int, int]:
    """Zeros (before, after) that ``mode`` adds along an axis for a kernel of length K.

    valid adds none; full adds K − 1 on each side; same adds K − 1 in all, the extra one
    before (scipy.signal.convolve's centring) or, with ``same_extra_before=False``, after
    (scipy.signal.correlate2d's).

    >>> mode_padding("full", 3), mode_padding("same", 4), mode_padding("same", 4, same_extra_before=False)
    ((2, 2), (2, 1), (1, 2))
    """
    if mode == "valid":
        return 0, 0
    if mode == "full":
        return K - 1, K - 1
    if same_extra_before:
        return K // 2, (K - 1) // 2  # "same", centred like scipy.signal.convolve/correlate
    return (K - 1) // 2, K // 2      # "same", centred like scipy.signal.correlate2d


# -- the shared computation -----------------------------------------------------------
def _correlate(x: np.ndarray, k: np.ndarray, mode: str, stride, padding, owner: str,
               same_extra_before: bool = True) -> np.ndarray:
    """z[i] = Σ_t k[t] · x_pad[i·s + t], summed tap by tap over the kernel (any ndim)."""
    check_option(mode, name="mode", owner=owner, allowed=MODES)
    s = _per_axis_stride(stride, x.ndim, owner)
    explicit = _per_axis_padding(padding, x.ndim, owner)
    implicit = [mode_padding(mode, K, same_extra_before) for K in k.shape]
    pads = [(e0 + i0, e1 + i1) for (e0, e1), (i0, i1) in zip(explicit, implicit)]
    if any(p != (0, 0) for p in pads):
        x = np.pad(x, pads)  # zeros
    if any(K > N for K, N in zip(k.shape, x.shape)):
        raise ValueError(
            f"{owner}: the kernel {k.shape} is larger than the {'padded ' if any(map(any, explicit)) else ''}"
            f"data {x.shape} in mode={mode!r}; use mode='same' or 'full', or pad the data."
        )
    L = [(N - K) // st + 1 for N, K, st in zip(x.shape, k.shape, s)]  # output length per axis
    z = np.zeros(L, dtype=np.float64)
    for t in np.ndindex(*k.shape):
        if k[t] == 0.0:
            continue  # a zero tap adds nothing
        window = tuple(slice(ti, ti + (Li - 1) * st + 1, st) for ti, Li, st in zip(t, L, s))
        z += k[t] * x[window]
    return z


def _check_pair(x, k, ndim: int, owner: str, names: tuple[str, str]):
    x = as_float_array(x, name=names[0], owner=owner, ndim=ndim)
    k = as_float_array(k, name=names[1], owner=owner, ndim=ndim)
    return x, k


def _per_axis_stride(stride, ndim: int, owner: str) -> list[int]:
    values = [stride] * ndim if np.isscalar(stride) else list(stride)
    if len(values) != ndim:
        raise ValueError(f"{owner}: stride={stride!r} must be an int or {ndim} ints (one per axis).")
    return [check_int(v, name="stride", owner=owner, minimum=1) for v in values]


def _per_axis_padding(padding, ndim: int, owner: str) -> list[tuple[int, int]]:
    msg = (f"{owner}: padding={padding!r} must be an int, one int per axis, or one "
           f"(before, after) pair per axis ({ndim} axes).")
    if np.isscalar(padding):
        pairs = [(padding, padding)] * ndim
    else:
        padding = list(padding)
        if ndim == 1 and len(padding) == 2 and all(np.isscalar(p) for p in padding):
            pairs = [tuple(padding)]
        elif len(padding) == ndim:
            pairs = [(p, p) if np.isscalar(p) else tuple(p) for p in padding]
        else:
            raise ValueError(msg)
    if any(len(p) != 2 for p in pairs):
        raise ValueError(msg)
    return [tuple(check_int(v, name="padding", owner=owner, minimum=0) for v in p) for p in pairs]
