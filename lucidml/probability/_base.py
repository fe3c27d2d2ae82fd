"""What every distribution shares: sampling plumbing, the log-likelihood, a readable repr."""
from __future__ import annotations

import numpy as np

from lucidml.utils.validation import as_generator, check_int


class Distribution:
    """Base class. Subclasses define ``logpdf`` (or ``logpmf``), ``mean``, ``var``,
    ``_draw(rng, n)`` and the classmethod ``fit(data)``; parameters are plain attributes."""

    _params: tuple[str, ...] = ()

    def __repr__(self) -> str:
        args = ", ".join(f"{p}={_short(getattr(self, p))}" for p in self._params)
        return f"{type(self).__name__}({args})"

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and all(
            np.array_equal(getattr(self, p), getattr(other, p)) for p in self._params)

    __hash__ = None

    def sample(self, n: int = 1, random_state=None) -> np.ndarray:
        """Draw ``n`` independent samples (``random_state``: None, an int seed or a Generator)."""
        n = check_int(n, name="n", owner=f"{type(self).__name__}.sample", minimum=0)
        return self._draw(as_generator(random_state), n)

    def log_likelihood(self, data) -> float:
        """ln p(D) = Σ_n ln p(x_n): the quantity ``fit`` maximises."""
        log_density = self.logpmf if hasattr(self, "logpmf") else self.logpdf
        return float(np.sum(log_density(data)))


def _short(value):
    a = np.asarray(value)
    if a.ndim == 0:
        return f"{a.item():.6g}" if a.dtype.kind == "f" else repr(a.item())
    return np.array2string(a, precision=4, separator=", ", threshold=8)
