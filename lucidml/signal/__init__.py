"""Signals: 1-D and 2-D convolution and cross-correlation (SYLLABUS §1)."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "convolution": ["conv1d", "conv2d", "correlate1d", "correlate2d", "mode_padding"],
})
