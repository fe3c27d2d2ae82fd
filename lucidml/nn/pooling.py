"""Pooling layers: summarise each window of a feature map by one number (SYLLABUS §15).

    MaxPool2d           y[n, c, i, j] = max_{p, q} x_pad[n, c, s·i + d·p, s·j + d·q]      (padding −∞)
    AvgPool2d           y[n, c, i, j] = (1/|window|) Σ_{p, q} x_pad[n, c, s·i + p, s·j + q] (padding 0)
    AdaptiveAvgPool2d   y[n, c, i, j] = mean of x[n, c, ⌊iH/H_o⌋:⌈(i+1)H/H_o⌉, ⌊jW/W_o⌋:⌈(j+1)W/W_o⌉]

Pooling has no parameters. It shrinks the feature map (stride = kernel size by default)
and makes the output insensitive to small shifts inside a window; global average
pooling (``AdaptiveAvgPool2d(1)``) turns each channel into one number, which is how
GoogLeNet and ResNet end before the classifier. The window geometry and output sizes
are those of the convolution, floor((H + 2·pad − d·(k − 1) − 1)/s) + 1.

References: Goodfellow, Bengio & Courville, *Deep Learning* (2016), §9.3; Lin, Chen & Yan
(2014), "Network in network" (global average pooling).

>>> import numpy as np
>>> from lucidml.nn.tensor import Tensor
>>> pool = MaxPool2d(2)
>>> pool(Tensor(np.arange(16.0).reshape(1, 1, 4, 4))).data[0, 0].tolist()
[[5.0, 7.0], [13.0, 15.0]]
"""
from __future__ import annotations

from lucidml.nn import functional_conv as FC
from lucidml.nn.modules import Module

__all__ = ["MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"]


class MaxPool2d(Module):
    """The largest value of each window; ``stride`` defaults to ``kernel_size``."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False):
        _check_window(self, kernel_size, stride, padding, dilation)
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding
        self.dilation, self.ceil_mode = dilation, ceil_mode

    def forward(self, x):
        return FC.max_pool2d(x, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode)

    def config(self):
        return {"kernel_size": self.kernel_size, "stride": self.stride, "padding": self.padding,
                "dilation": self.dilation, "ceil_mode": self.ceil_mode}


class AvgPool2d(Module):
    """The mean of each window; with ``count_include_pad`` the padding zeros count in the mean."""

    def __init__(self, kernel_size, stride=None, padding=0, count_include_pad: bool = True):
        _check_window(self, kernel_size, stride, padding, 1)
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding
        self.count_include_pad = count_include_pad

    def forward(self, x):
        return FC.avg_pool2d(x, self.kernel_size, self.stride, self.padding, self.count_include_pad)

    def config(self):
        return {"kernel_size": self.kernel_size, "stride": self.stride, "padding": self.padding,
                "count_include_pad": self.count_include_pad}


class AdaptiveAvgPool2d(Module):
    """Average pooling to a fixed ``output_size`` whatever the input size (1: global average pooling)."""

    def __init__(self, output_size):
        sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size, output_size)
        if len(sizes) != 2:
            raise ValueError(f"AdaptiveAvgPool2d: output_size={output_size!r} must be an int or a pair.")
        FC._pair(tuple(1 if v is None else v for v in sizes), "output_size", "AdaptiveAvgPool2d", minimum=1)
        self.output_size = output_size

    def forward(self, x):
        return FC.adaptive_avg_pool2d(x, self.output_size)

    def config(self):
        return {"output_size": self.output_size}


def _check_window(layer, kernel_size, stride, padding, dilation) -> None:
    """Fail at construction, not at the first batch, on a bad window (the checks forward makes again)."""
    owner = type(layer).__name__
    k = FC._pair(kernel_size, "kernel_size", owner, minimum=1)
    if stride is not None:
        FC._pair(stride, "stride", owner, minimum=1)
    FC._pair(dilation, "dilation", owner, minimum=1)
    p = FC._pair(padding, "padding", owner, minimum=0)
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise ValueError(f"{owner}: padding={p} must be at most half the kernel_size={k} (as in PyTorch), "
                         "so that every window holds at least one input value.")
