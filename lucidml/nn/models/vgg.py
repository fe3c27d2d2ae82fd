"""A VGG-style network (Simonyan & Zisserman 2015, "Very deep convolutional networks for
large-scale image recognition", §2): stacks of 3 × 3 convolutions, then max pooling.

    [conv3×3 → BN → ReLU] × convs_per_block → max-pool 2×2     for each width in ``widths``
    → flatten → dropout → linear

Two 3 × 3 layers see a 5 × 5 window with fewer weights (2·9C² < 25C²) and one more
non-linearity: VGG's idea. AlexNet's ideas (Krizhevsky, Sutskever & Hinton 2012) are here
too: ReLU instead of tanh (§3.1), dropout before the classifier (§4.2), and, with
``overlapping_pool=True``, 3 × 3 max pools of stride 2 (§3.4). Batch normalisation
(Ioffe & Szegedy 2015) came later; it lets this small net train in a few epochs.

>>> net = VGG(in_channels=1, n_classes=10, image_size=(8, 8), widths=(8, 16), random_state=0)
>>> net(Tensor(np.zeros((2, 1, 8, 8)))).shape
(2, 10)
"""
from __future__ import annotations

import numpy as np

from lucidml.nn.models._blocks import ConvBNReLU, pool_kernel, pooled
from lucidml.nn.modules import Dropout, Flatten, Linear, Module, Sequential
from lucidml.nn.pooling import MaxPool2d
from lucidml.nn.tensor import Tensor  # noqa: F401  (the doctest)

__all__ = ["VGG"]


class VGG(Module):
    def __init__(self, in_channels: int = 1, n_classes: int = 10, image_size=(32, 32), widths=(32, 64),
                 convs_per_block: int = 2, dropout: float = 0.3, overlapping_pool: bool = False, *,
                 random_state=None, dtype="float32"):
        self.in_channels, self.n_classes, self.image_size = in_channels, n_classes, tuple(image_size)
        self.widths, self.convs_per_block, self.dropout = tuple(widths), convs_per_block, dropout
        self.overlapping_pool, self.dtype = overlapping_pool, dtype
        rng = np.random.default_rng(random_state)
        layers, C, (H, W) = [], in_channels, self.image_size
        for width in self.widths:
            for _ in range(convs_per_block):
                layers.append(ConvBNReLU(C, width, 3, random_state=rng, dtype=dtype))
                C = width
            kh, kw = pool_kernel(H, W)
            if overlapping_pool and kh == kw == 2 and min(H, W) >= 3:
                layers.append(MaxPool2d(3, stride=2, padding=1))          # AlexNet's overlapping pool
                H, W = (H - 1) // 2 + 1, (W - 1) // 2 + 1
            else:
                layers.append(MaxPool2d((kh, kw)))
                H, W = pooled(H, W)
        self.features = Sequential(*layers)
        self.classifier = Sequential(Flatten(), Dropout(dropout, random_state=rng),
                                     Linear(C * H * W, n_classes, random_state=rng, dtype=dtype))

    def forward(self, x):                                          # x (B, C, H, W)
        return self.classifier(self.features(x))                   # (B, n_classes)

    def config(self):
        return {"in_channels": self.in_channels, "n_classes": self.n_classes, "image_size": list(self.image_size),
                "widths": list(self.widths), "convs_per_block": self.convs_per_block, "dropout": self.dropout,
                "overlapping_pool": self.overlapping_pool, "dtype": self.dtype}
