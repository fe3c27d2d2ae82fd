"""LeNet-5 (LeCun, Bottou, Bengio & Haffner 1998, "Gradient-based learning applied to
document recognition", §II.B), the first convolutional network trained end to end.

    C1 conv 5×5 → 6 maps → S2 2×2 average pooling → C3 conv 5×5 → 16 maps → S4 pooling
    → F5 120 → F6 84 → 10 outputs, tanh between layers

The ideas: local receptive fields, shared weights (one filter for every position) and
sub-sampling. The paper's 5 × 5 filters on 32 × 32 images become 3 × 3 'same' filters on
digits' 8 × 8, so the two poolings still leave a 2 × 2 map; ``kernel_size=5`` on
28 × 28 gives the original's sizes. Shapes: (B, C, H, W).

>>> net = LeNet5(in_channels=1, n_classes=10, image_size=(8, 8), random_state=0)
>>> net(Tensor(np.zeros((2, 1, 8, 8)))).shape
(2, 10)
"""
from __future__ import annotations

import numpy as np

from lucidml.nn.conv import Conv2d
from lucidml.nn.models._blocks import pool_kernel, pooled
from lucidml.nn.modules import Flatten, Linear, Module, Sequential, Tanh
from lucidml.nn.pooling import AvgPool2d
from lucidml.nn.tensor import Tensor  # noqa: F401  (the doctest)

__all__ = ["LeNet5"]


class LeNet5(Module):
    def __init__(self, in_channels: int = 1, n_classes: int = 10, image_size=(32, 32), kernel_size: int = 3, *,
                 random_state=None, dtype="float32"):
        self.in_channels, self.n_classes, self.image_size = in_channels, n_classes, tuple(image_size)
        self.kernel_size, self.dtype = kernel_size, dtype
        rng = np.random.default_rng(random_state)
        H, W = self.image_size
        pad = kernel_size // 2                                   # 'same': sizes change only in the poolings
        k1 = pool_kernel(H, W)
        H, W = pooled(H, W)
        k2 = pool_kernel(H, W)
        H, W = pooled(H, W)
        self.features = Sequential(
            Conv2d(in_channels, 6, kernel_size, padding=pad, random_state=rng, dtype=dtype), Tanh(),   # C1
            AvgPool2d(k1),                                                                              # S2
            Conv2d(6, 16, kernel_size, padding=pad, random_state=rng, dtype=dtype), Tanh(),            # C3
            AvgPool2d(k2),                                                                              # S4
        )
        self.classifier = Sequential(
            Flatten(),                                                                                  # (B, 16·H·W)
            Linear(16 * H * W, 120, random_state=rng, dtype=dtype), Tanh(),                             # F5
            Linear(120, 84, random_state=rng, dtype=dtype), Tanh(),                                     # F6
            Linear(84, n_classes, random_state=rng, dtype=dtype),                                       # output
        )

    def forward(self, x):                                         # x (B, C, H, W)
        return self.classifier(self.features(x))                  # (B, n_classes)

    def config(self):
        return {"in_channels": self.in_channels, "n_classes": self.n_classes, "image_size": list(self.image_size),
                "kernel_size": self.kernel_size, "dtype": self.dtype}
