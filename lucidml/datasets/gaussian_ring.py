"""A mixture of Gaussians on a ring: the standard test of whether a generative model covers every mode.

K modes with means μ_k = r (cos 2πk/K, sin 2πk/K) and covariance s² I, equally likely
(Metz et al. 2017, "Unrolled generative adversarial networks", §3.1, use K = 8, r = 2).

>>> X, modes = make_gaussian_ring(800, random_state=0)
>>> X.shape, np.bincount(modes).tolist()
((800, 2), [100, 100, 100, 100, 100, 100, 100, 100])
"""
from __future__ import annotations

import numpy as np

from lucidml.utils.validation import as_generator, check_int, check_real

__all__ = ["make_gaussian_ring", "ring_centres"]


def ring_centres(n_modes: int = 8, radius: float = 2.0) -> np.ndarray:
    """μ_k = r (cos 2πk/K, sin 2πk/K), k = 0 … K − 1   (K, 2)."""
    K = check_int(n_modes, name="n_modes", owner="ring_centres", minimum=1)
    angle = 2 * np.pi * np.arange(K) / K
    return check_real(radius, name="radius", owner="ring_centres", minimum=0.0) * np.stack(
        [np.cos(angle), np.sin(angle)], axis=1)


def make_gaussian_ring(n_samples: int = 2000, n_modes: int = 8, radius: float = 2.0, std: float = 0.05,
                       random_state=None) -> tuple[np.ndarray, np.ndarray]:
    """n samples (as equal a share per mode as n allows) and the mode each came from."""
    owner = "make_gaussian_ring"
    n = check_int(n_samples, name="n_samples", owner=owner, minimum=1)
    s = check_real(std, name="std", owner=owner, minimum=0.0)
    mu = ring_centres(n_modes, radius)
    rng = as_generator(random_state)
    modes = np.arange(n) % len(mu)
    rng.shuffle(modes)
    return mu[modes] + s * rng.standard_normal((n, 2)), modes
