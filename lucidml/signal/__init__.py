"""Signals: 1-D and 2-D convolution and cross-correlation (SYLLABUS §1)."""
from lucidml.signal.convolution import conv1d, conv2d, correlate1d, correlate2d

__all__ = ["conv1d", "conv2d", "correlate1d", "correlate2d"]
