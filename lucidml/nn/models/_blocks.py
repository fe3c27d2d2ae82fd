"""Pieces the small CNNs share: a conv → batch-norm → ReLU unit and the pooling size that
still fits a small image (digits are 8 × 8; tabular rows are 1 × D)."""
from __future__ import annotations

from lucidml.nn.conv import Conv2d
from lucidml.nn.modules import Module, ReLU
from lucidml.nn.norm import BatchNorm2d


def pool_kernel(H: int, W: int) -> tuple[int, int]:
    """2 × 2 pooling, shrunk to 1 along an axis that is already 1 pixel wide."""
    return (2 if H >= 2 else 1, 2 if W >= 2 else 1)


def pooled(H: int, W: int) -> tuple[int, int]:
    kh, kw = pool_kernel(H, W)
    return H // kh, W // kw


class ConvBNReLU(Module):
    """x → ReLU(BN(conv_k×k(x))); the unit VGG and ResNet stack (Ioffe & Szegedy 2015 for BN)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int = 3, stride: int = 1, *,
                 relu: bool = True, random_state=None, dtype="float32"):
        self.in_channels, self.out_channels, self.kernel_size, self.stride = in_channels, out_channels, kernel_size, stride
        self.relu, self.dtype = relu, dtype
        self.conv = Conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=kernel_size // 2,
                           bias=False, random_state=random_state, dtype=dtype)
        self.bn = BatchNorm2d(out_channels, dtype=dtype)
        self.act = ReLU() if relu else None

    def forward(self, x):
        x = self.bn(self.conv(x))
        return self.act(x) if self.act is not None else x

    def config(self):
        return {"in_channels": self.in_channels, "out_channels": self.out_channels, "kernel_size": self.kernel_size,
                "stride": self.stride, "relu": self.relu, "dtype": self.dtype}
