"""The curse of dimensionality, numerically (SYLLABUS §9).

Two effects of adding features while the sample stays the same size:

1. **Empty space.** Cut every feature's range into b bins, so D features make b^D cells.
   N uniform points occupy a fraction of the cells whose expectation is

       E[covered] = 1 − (1 − b^(−D))^N

   because a given cell stays empty with probability (1 − b^(−D))^N. With the defaults
   (N = 3 points, b = 6 bins) that is 42% of a 1-D domain, 8% once a second feature is
   added and 1.4% with three: the course's "~40% → ~10%" (the empty fraction grows
   exponentially with D). The experiment also counts the cells actually covered by
   random samples.
2. **Distances concentrate.** For N uniform points in [0, 1]^D and a query point, the
   relative contrast (d_max − d_min) / d_min between the farthest and the nearest point
   shrinks towards 0 as D grows, so "nearest" neighbours stop being much nearer than
   anything else (Beyer et al. 1999).

References: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §2.5;
Bishop, *Pattern Recognition and Machine Learning*, §1.4; Beyer, Goldstein, Ramakrishnan
& Shaft (1999), "When is 'nearest neighbor' meaningful?", ICDT.

>>> r = curse_of_dimensionality(max_features=3, n_repeats=200, random_state=0)
>>> np.round(r.expected_coverage, 3).tolist()
[0.421, 0.081, 0.014]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lucidml.metrics.distances import pairwise_distances
from lucidml.utils.validation import check_int

__all__ = ["curse_of_dimensionality", "CurseResult"]


@dataclass
class CurseResult:
    """Coverage per number of features and distance contrast per dimension."""

    n_features: np.ndarray            # D = 1 … max_features
    expected_coverage: np.ndarray     # 1 − (1 − b^−D)^N
    simulated_coverage: np.ndarray    # mean fraction of occupied cells over the repeats
    distance_dims: np.ndarray
    relative_contrast: np.ndarray     # mean over queries of (d_max − d_min) / d_min
    nearest_over_farthest: np.ndarray  # mean over queries of d_min / d_max
    n_samples: int
    n_bins: int

    def table(self) -> str:
        lines = [f"Coverage of a {self.n_bins}-bins-per-feature grid by N = {self.n_samples} points",
                 f"{'D':>4} {'cells':>10} {'expected':>9} {'simulated':>10}"]
        for D, e, s in zip(self.n_features, self.expected_coverage, self.simulated_coverage):
            lines.append(f"{D:>4} {self.n_bins ** int(D):>10} {100 * e:>8.3g}% {100 * s:>9.3g}%")
        lines += ["", "Nearest vs farthest neighbour in [0, 1]^D",
                  f"{'D':>5} {'(dmax−dmin)/dmin':>17} {'dmin/dmax':>10}"]
        for D, c, r in zip(self.distance_dims, self.relative_contrast, self.nearest_over_farthest):
            lines.append(f"{D:>5} {c:>17.3f} {r:>10.3f}")
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
        ax1.plot(self.n_features, 100 * self.expected_coverage, "o-", label="expected 1 − (1 − b^−D)^N")
        ax1.plot(self.n_features, 100 * self.simulated_coverage, "x--", label="simulated")
        ax1.set_yscale("log")
        ax1.set_xlabel("number of features D")
        ax1.set_ylabel("cells covered (%)")
        ax1.set_title(f"N = {self.n_samples} points, {self.n_bins} bins per feature", fontsize=10)
        ax1.legend(fontsize=8)
        ax2.plot(self.distance_dims, self.relative_contrast, "o-", label="(d_max − d_min) / d_min")
        ax2.plot(self.distance_dims, self.nearest_over_farthest, "s-", label="d_min / d_max")
        ax2.set_xscale("log")
        ax2.set_yscale("log")
        ax2.set_xlabel("number of features D")
        ax2.set_title("distances concentrate", fontsize=10)
        ax2.legend(fontsize=8)
        fig.tight_layout()
        return fig


def curse_of_dimensionality(n_samples: int = 3, n_bins: int = 6, max_features: int = 6, *,
                            n_repeats: int = 2000, distance_dims=(1, 2, 5, 10, 20, 50, 100, 500, 1000),
                            n_points: int = 500, n_queries: int = 50, random_state=0) -> CurseResult:
    """Run both experiments (see the module docstring) and return the numbers."""
    owner = "curse_of_dimensionality"
    N = check_int(n_samples, name="n_samples", owner=owner, minimum=1)
    b = check_int(n_bins, name="n_bins", owner=owner, minimum=2)
    D_max = check_int(max_features, name="max_features", owner=owner, minimum=1, maximum=30)
    R = check_int(n_repeats, name="n_repeats", owner=owner, minimum=1)
    M = check_int(n_points, name="n_points", owner=owner, minimum=2)
    Q = check_int(n_queries, name="n_queries", owner=owner, minimum=1)
    dims = np.array([check_int(int(d) if isinstance(d, np.integer) else d, name="distance_dims entry",
                               owner=owner, minimum=1) for d in distance_dims])
    rng = np.random.default_rng(random_state)

    Ds = np.arange(1, D_max + 1)
    expected = 1.0 - (1.0 - float(b) ** -Ds.astype(float)) ** N
    simulated = np.empty(D_max)
    for D in Ds:
        cells = rng.integers(0, b, size=(R, N, D))                       # bin index of each feature
        key = (cells * (b ** np.arange(D))).sum(axis=2)                  # cell number (R, N)
        key.sort(axis=1)
        occupied = 1 + (np.diff(key, axis=1) != 0).sum(axis=1)           # distinct cells per repeat
        simulated[D - 1] = occupied.mean() / float(b) ** D

    contrast = np.empty(len(dims))
    ratio = np.empty(len(dims))
    for t, D in enumerate(dims):
        P = rng.uniform(size=(M, D))
        q = rng.uniform(size=(Q, D))
        d = pairwise_distances(q, P)                                     # (Q, M)
        d_min, d_max = d.min(axis=1), d.max(axis=1)
        contrast[t] = np.mean((d_max - d_min) / d_min)
        ratio[t] = np.mean(d_min / d_max)
    return CurseResult(Ds, expected, simulated, dims, contrast, ratio, N, b)
