"""The textbook regression data: a noisy sine on [0, 1] (Bishop, PRML §1.1).

    x_n = (n − 1) / (N − 1)  for n = 1..N   (evenly spaced in [0, 1])
    t_n = sin(2π x_n) + ε_n,  ε_n ~ N(0, noise²)

>>> x, t = make_sinusoid(n_samples=5, noise=0.0)
>>> x.tolist()
[0.0, 0.25, 0.5, 0.75, 1.0]
>>> np.round(t, 12).tolist()
[0.0, 1.0, 0.0, -1.0, -0.0]
"""
from __future__ import annotations

import numpy as np

from lucidml.utils.validation import check_int, check_real

__all__ = ["make_sinusoid"]


def make_sinusoid(n_samples: int = 10, noise: float = 0.3, random_state=None, *, evenly_spaced: bool = True):
    """Return ``(x, t)``, both (n_samples,): inputs in [0, 1] and t = sin(2πx) + N(0, noise²) noise.

    ``evenly_spaced=False`` draws x uniformly at random instead (for test sets that should
    not sit on the training grid). ``x.reshape(-1, 1)`` is the estimators' X.
    """
    owner = "make_sinusoid"
    N = check_int(n_samples, name="n_samples", owner=owner, minimum=1)
    sigma = check_real(noise, name="noise", owner=owner, minimum=0.0)
    rng = np.random.default_rng(random_state)
    x = np.linspace(0.0, 1.0, N) if evenly_spaced else np.sort(rng.uniform(0.0, 1.0, N))
    t = np.sin(2 * np.pi * x) + sigma * rng.standard_normal(N)
    return x, t
