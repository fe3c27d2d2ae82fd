"""§1 convolution: lucidml.signal against scipy.signal on real series and images."""
import numpy as np

from lucidml.verify.registry import case

# a smoothing kernel that is not symmetric, so the flip matters
_G = np.array([1.0, 2.0, 4.0, 2.0, -1.0]) / 8.0
_K = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.5, -1.0]])   # Sobel-like, asymmetric
_TOL = "sums of at most 9 products of values ~1e3: rounding only, 1e-12 of the largest output"


@case("conv1d", reference="scipy.signal.convolve", quantity="output, modes valid + same + full",
      datasets=["nile", "sunspots"], tol=1e-12, relative=True, reason=_TOL, requires=["scipy"])
def conv1d_series(d):
    from scipy import signal as sp

    from lucidml.signal import conv1d

    ours = np.concatenate([conv1d(d.y, _G, mode=m) for m in ("valid", "same", "full")])
    return ours, np.concatenate([sp.convolve(d.y, _G, mode=m) for m in ("valid", "same", "full")])


@case("correlate1d", reference="scipy.signal.correlate", quantity="output, modes valid + same + full",
      datasets=["nile", "sunspots"], tol=1e-12, relative=True, reason=_TOL, requires=["scipy"])
def correlate1d_series(d):
    from scipy import signal as sp

    from lucidml.signal import correlate1d

    ours = np.concatenate([correlate1d(d.y, _G, mode=m) for m in ("valid", "same", "full")])
    return ours, np.concatenate([sp.correlate(d.y, _G, mode=m) for m in ("valid", "same", "full")])


@case("conv2d", reference="scipy.signal.convolve2d", quantity="output, modes valid + same + full",
      datasets=["digits_mosaic", "china"], tol=1e-12, relative=True, reason=_TOL, requires=["scipy"])
def conv2d_image(d):
    from scipy import signal as sp

    from lucidml.signal import conv2d

    ours = np.concatenate([conv2d(d.X, _K, mode=m).ravel() for m in ("valid", "same", "full")])
    return ours, np.concatenate([sp.convolve2d(d.X, _K, mode=m).ravel() for m in ("valid", "same", "full")])


@case("correlate2d", reference="scipy.signal.correlate2d", quantity="output, modes valid + same + full",
      datasets=["digits_mosaic", "china"], tol=1e-12, relative=True, reason=_TOL, requires=["scipy"])
def correlate2d_image(d):
    from scipy import signal as sp

    from lucidml.signal import correlate2d

    ours = np.concatenate([correlate2d(d.X, _K, mode=m).ravel() for m in ("valid", "same", "full")])
    return ours, np.concatenate([sp.correlate2d(d.X, _K, mode=m).ravel() for m in ("valid", "same", "full")])
