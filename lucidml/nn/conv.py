"""Convolutional layers: learned filters slid over a signal or an image (SYLLABUS §15).

    Conv1d   y[n, o, i]    = b[o] + Σ_c Σ_p     w[o, c, p]    · x_pad[n, g·C_in/G + c, s·i + d·p]
    Conv2d   y[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q] · x_pad[n, g·C_in/G + c, s·i + d·p, s·j + d·q]

(x_pad: the input with ``padding`` zeros on each side; c runs over the C_in/G input
channels of output channel o's group g; G = ``groups``), with output size
floor((H + 2·pad − d·(k − 1) − 1)/s) + 1 per axis. As in every deep-learning library
this is cross-correlation: the kernel is not flipped.

A filter is a small weight tensor shared by every position of the input, so a layer has
C_out · (C_in/G) · kH · kW + C_out parameters whatever the image size, and shifting the
input shifts the output (translation equivariance). Parameters keep PyTorch's names,
shapes and initialisation: ``weight`` (C_out, C_in/groups, kH, kW) and ``bias``
(C_out,), both drawn from U(−1/√fan_in, 1/√fan_in) with fan_in = C_in/groups · kH · kW,
so a PyTorch ``state_dict`` loads unchanged.

References: Goodfellow, Bengio & Courville, *Deep Learning* (2016), ch. 9; LeCun et al.
(1998), "Gradient-based learning applied to document recognition"; Dumoulin & Visin
(2016), "A guide to convolution arithmetic for deep learning".

>>> conv = Conv2d(3, 8, kernel_size=3, padding=1, random_state=0)
>>> conv.weight.shape, conv.bias.shape
((8, 3, 3, 3), (8,))
>>> conv(Tensor(np.zeros((2, 3, 28, 28)))).shape      # padding 1 keeps 28 × 28
(2, 8, 28, 28)
"""
from __future__ import annotations

import numbers

import numpy as np

from lucidml.nn import functional_conv as FC
from lucidml.nn import init as initialisers
from lucidml.nn.modules import Module, Parameter
from lucidml.nn.tensor import Tensor
from lucidml.utils.validation import check_int

__all__ = ["Conv1d", "Conv2d"]


class _ConvNd(Module):
    """What Conv1d and Conv2d share: checked arguments, PyTorch's initialisation, config()."""

    n_spatial = 2
    layout = "(N, C, H, W)"

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                 padding_mode, random_state, dtype):
        owner = type(self).__name__
        self.in_channels = check_int(in_channels, name="in_channels", owner=owner, minimum=1)
        self.out_channels = check_int(out_channels, name="out_channels", owner=owner, minimum=1)
        self.groups = check_int(groups, name="groups", owner=owner, minimum=1)
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"{owner}: groups={groups} must divide in_channels={in_channels} and "
                             f"out_channels={out_channels}.")
        self.kernel_size = self._tuple(kernel_size, "kernel_size", minimum=1)
        self.stride = self._tuple(stride, "stride", minimum=1)
        self.dilation = self._tuple(dilation, "dilation", minimum=1)
        if isinstance(padding, str):
            if padding not in ("valid", "same"):
                raise ValueError(f"{owner}: padding={padding!r} is not supported; use an int, a tuple, "
                                 "'valid' or 'same'.")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{owner}: padding='same' needs stride=1, got stride={stride} (as in PyTorch); "
                                 "give an explicit padding for a strided convolution.")
            self.padding = padding
        else:
            self.padding = self._tuple(padding, "padding", minimum=0)
        if padding_mode != "zeros":
            raise ValueError(f"{owner}: padding_mode={padding_mode!r} is not supported; only 'zeros'.")
        self.padding_mode = padding_mode
        self.dtype = str(np.dtype(dtype))
        rng = initialisers.as_generator(random_state)
        fan_in = in_channels // groups * int(np.prod(self.kernel_size))
        r = 1.0 / np.sqrt(fan_in)            # PyTorch's kaiming_uniform(a=√5) is U(−1/√fan_in, 1/√fan_in)
        shape = (out_channels, in_channels // groups) + self.kernel_size
        self.weight = Parameter(rng.uniform(-r, r, size=shape), dtype=dtype)
        self.bias = Parameter(rng.uniform(-r, r, size=out_channels), dtype=dtype) if bias else None

    def _tuple(self, value, name, minimum):
        n = self.n_spatial
        values = (value,) * n if isinstance(value, numbers.Integral) and not isinstance(value, bool) else value
        try:
            values = tuple(values)
        except TypeError:
            values = ()
        if len(values) != n or any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in values):
            raise TypeError(f"{type(self).__name__}: {name}={value!r} must be an int or {n} ints.")
        values = tuple(int(v) for v in values)
        if min(values) < minimum:
            raise ValueError(f"{type(self).__name__}: {name}={value!r} must be >= {minimum}.")
        return values

    def _check(self, x) -> Tensor:
        x = x if isinstance(x, Tensor) else Tensor(x, dtype=self.weight.dtype)
        ndim = self.n_spatial + 2
        if x.ndim != ndim:
            raise ValueError(f"{type(self).__name__}: expected a {ndim}-D input {self.layout}, got shape {x.shape}; "
                             f"for a single sample use x.reshape(1, *x.shape).")
        if x.shape[1] != self.in_channels:
            raise ValueError(f"{type(self).__name__}: the input has {x.shape[1]} channels (shape {x.shape}) but the "
                             f"layer was built with in_channels={self.in_channels}.")
        return x

    def config(self):
        return {"in_channels": self.in_channels, "out_channels": self.out_channels, "kernel_size": self.kernel_size,
                "stride": self.stride, "padding": self.padding, "dilation": self.dilation, "groups": self.groups,
                "bias": self.bias is not None, "padding_mode": self.padding_mode, "dtype": self.dtype}


class Conv2d(_ConvNd):
    """2-D convolution layer: x (N, C_in, H, W) -> y (N, C_out, H_out, W_out).

    ``kernel_size``, ``stride``, ``dilation``: int or (h, w); ``padding``: int, (h, w),
    "valid" or "same" (stride 1); ``groups`` splits the channels into independent groups
    (groups = C_in is a depthwise convolution).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", *, random_state=None,
                 dtype="float32"):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, random_state, dtype)

    def forward(self, x):
        x = self._check(x)
        return FC.conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)


class Conv1d(_ConvNd):
    """1-D convolution layer: x (N, C_in, L) -> y (N, C_out, L_out) (signals, sequences)."""

    n_spatial = 1
    layout = "(N, C, L)"

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", *, random_state=None,
                 dtype="float32"):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, random_state, dtype)

    def forward(self, x):
        x = self._check(x)
        padding = self.padding if isinstance(self.padding, str) else self.padding[0]
        return FC.conv1d(x, self.weight, self.bias, self.stride[0], padding, self.dilation[0], self.groups)
