"""A small residual network (He, Zhang, Ren & Sun 2016, "Deep residual learning for image
recognition", §3): each block learns a correction F(x) to its input.

    y = ReLU(x + F(x)),   F = conv3×3 → BN → ReLU → conv3×3 → BN            (identity shortcut)
    y = ReLU(P x + F(x)), P = conv1×1 with stride 2 → BN                     (projection, §3.3 option B)

used when the block halves the size or changes the width. Because ∂y/∂x contains the
identity, gradients reach the first layers undiminished however deep the stack: the
reason a 20-layer ResNet trains where the same plain stack does not (``residual=False``
gives that plain stack, for the experiment). Stem conv → stages → global average pool
→ linear, as in the paper's CIFAR networks (§4.2). Shapes: (B, C, H, W).

>>> net = ResNet(in_channels=1, n_classes=10, widths=(8, 16), blocks_per_stage=1, random_state=0)
>>> net(Tensor(np.zeros((2, 1, 8, 8)))).shape
(2, 10)
"""
from __future__ import annotations

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn.conv import Conv2d
from lucidml.nn.models._blocks import ConvBNReLU
from lucidml.nn.modules import Flatten, Linear, Module, ModuleList, Sequential
from lucidml.nn.norm import BatchNorm2d
from lucidml.nn.pooling import AdaptiveAvgPool2d
from lucidml.nn.tensor import Tensor  # noqa: F401  (the doctest)

__all__ = ["BasicBlock", "ResNet"]


class BasicBlock(Module):
    """y = ReLU(shortcut(x) + F(x)); the shortcut is the identity unless the shape changes."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1, residual: bool = True, *,
                 random_state=None, dtype="float32"):
        self.in_channels, self.out_channels, self.stride, self.residual, self.dtype = (
            in_channels, out_channels, stride, residual, dtype)
        rng = np.random.default_rng(random_state)
        self.body = Sequential(ConvBNReLU(in_channels, out_channels, 3, stride, random_state=rng, dtype=dtype),
                               ConvBNReLU(out_channels, out_channels, 3, 1, relu=False, random_state=rng,
                                          dtype=dtype))                                      # F(x)
        self.shortcut = None
        if residual and (stride != 1 or in_channels != out_channels):                       # P x
            self.shortcut = Sequential(Conv2d(in_channels, out_channels, 1, stride=stride, bias=False,
                                              random_state=rng, dtype=dtype), BatchNorm2d(out_channels, dtype=dtype))

    def forward(self, x):                                          # (B, C_in, H, W)
        fx = self.body(x)                                          # (B, C_out, H/s, W/s)
        if not self.residual:
            return F.relu(fx)
        return F.relu((x if self.shortcut is None else self.shortcut(x)) + fx)

    def config(self):
        return {"in_channels": self.in_channels, "out_channels": self.out_channels, "stride": self.stride,
                "residual": self.residual, "dtype": self.dtype}


class ResNet(Module):
    def __init__(self, in_channels: int = 1, n_classes: int = 10, widths=(16, 32), blocks_per_stage: int = 2,
                 residual: bool = True, *, random_state=None, dtype="float32"):
        self.in_channels, self.n_classes, self.widths = in_channels, n_classes, tuple(widths)
        self.blocks_per_stage, self.residual, self.dtype = blocks_per_stage, residual, dtype
        rng = np.random.default_rng(random_state)
        self.stem = ConvBNReLU(in_channels, self.widths[0], 3, random_state=rng, dtype=dtype)
        self.blocks = ModuleList()
        C = self.widths[0]
        for stage, width in enumerate(self.widths):
            for b in range(blocks_per_stage):
                stride = 2 if stage > 0 and b == 0 else 1                       # halve the map per stage
                self.blocks.append(BasicBlock(C, width, stride, residual, random_state=rng, dtype=dtype))
                C = width
        self.head = Sequential(AdaptiveAvgPool2d(1), Flatten(), Linear(C, n_classes, random_state=rng, dtype=dtype))

    def forward(self, x):                                          # x (B, C, H, W)
        x = self.stem(x)
        for block in self.blocks:
            x = block(x)
        return self.head(x)                                        # (B, n_classes)

    def config(self):
        return {"in_channels": self.in_channels, "n_classes": self.n_classes, "widths": list(self.widths),
                "blocks_per_stage": self.blocks_per_stage, "residual": self.residual, "dtype": self.dtype}
