"""GoogLeNet's Inception module (Szegedy et al. 2015, "Going deeper with convolutions",
§4, Figure 2b): look at the same input through several window sizes at once.

    branch 1: conv 1×1
    branch 2: conv 1×1 (reduce) → conv 3×3
    branch 3: conv 1×1 (reduce) → conv 5×5
    branch 4: max-pool 3×3 (stride 1) → conv 1×1
    y = concat(branch 1..4) along channels

The 1 × 1 'reduce' convolutions shrink the channels before the expensive 3 × 3 and 5 × 5
filters, which is what made the network affordable. ``InceptionNet`` is a stem conv, two
Inception modules, global average pooling (the paper's replacement for big dense
layers, §5) and a linear classifier. Shapes: (B, C, H, W).

>>> block = InceptionBlock(4, c1=2, c3_reduce=2, c3=3, c5_reduce=1, c5=2, pool_proj=1, random_state=0)
>>> block(Tensor(np.zeros((2, 4, 8, 8)))).shape          # 2 + 3 + 2 + 1 channels
(2, 8, 8, 8)
"""
from __future__ import annotations

import numpy as np

from lucidml.nn.models._blocks import ConvBNReLU
from lucidml.nn.modules import Flatten, Linear, Module, Sequential
from lucidml.nn.pooling import AdaptiveAvgPool2d, MaxPool2d
from lucidml.nn.tensor import Tensor, cat

__all__ = ["InceptionBlock", "InceptionNet"]


class InceptionBlock(Module):
    def __init__(self, in_channels: int, c1: int, c3_reduce: int, c3: int, c5_reduce: int, c5: int, pool_proj: int,
                 *, random_state=None, dtype="float32"):
        self.args = dict(in_channels=in_channels, c1=c1, c3_reduce=c3_reduce, c3=c3, c5_reduce=c5_reduce, c5=c5,
                         pool_proj=pool_proj, dtype=dtype)
        rng = np.random.default_rng(random_state)

        def unit(i, o, k):
            return ConvBNReLU(i, o, k, random_state=rng, dtype=dtype)

        self.branch1 = unit(in_channels, c1, 1)
        self.branch3 = Sequential(unit(in_channels, c3_reduce, 1), unit(c3_reduce, c3, 3))
        self.branch5 = Sequential(unit(in_channels, c5_reduce, 1), unit(c5_reduce, c5, 5))
        self.branch_pool = Sequential(MaxPool2d(3, stride=1, padding=1), unit(in_channels, pool_proj, 1))
        self.out_channels = c1 + c3 + c5 + pool_proj

    def forward(self, x):                                          # (B, C_in, H, W)
        branches = [self.branch1(x), self.branch3(x), self.branch5(x), self.branch_pool(x)]
        return cat(branches, axis=1)                               # (B, c1 + c3 + c5 + pool_proj, H, W)

    def config(self):
        return dict(self.args)


class InceptionNet(Module):
    def __init__(self, in_channels: int = 1, n_classes: int = 10, width: int = 16, *, random_state=None,
                 dtype="float32"):
        self.in_channels, self.n_classes, self.width, self.dtype = in_channels, n_classes, width, dtype
        rng = np.random.default_rng(random_state)
        w = width
        self.stem = ConvBNReLU(in_channels, w, 3, random_state=rng, dtype=dtype)
        self.inception1 = InceptionBlock(w, w, w // 2, w, w // 4, w // 2, w // 2, random_state=rng, dtype=dtype)
        c = self.inception1.out_channels
        self.inception2 = InceptionBlock(c, w, w, 2 * w, w // 4, w // 2, w // 2, random_state=rng, dtype=dtype)
        self.head = Sequential(AdaptiveAvgPool2d(1), Flatten(),
                               Linear(self.inception2.out_channels, n_classes, random_state=rng, dtype=dtype))

    def forward(self, x):                                          # x (B, C, H, W)
        return self.head(self.inception2(self.inception1(self.stem(x))))     # (B, n_classes)

    def config(self):
        return {"in_channels": self.in_channels, "n_classes": self.n_classes, "width": self.width,
                "dtype": self.dtype}
