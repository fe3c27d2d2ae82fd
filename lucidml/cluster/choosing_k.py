"""Choosing the number of clusters: the elbow, the silhouette and the BIC.

    elbow        fit k-means for each K and plot the inertia J(K). J always falls as K
                 grows; the "elbow" is where it stops falling fast. Here: the point of
                 the curve farthest from the chord joining its two ends, after both axes
                 are scaled to [0, 1] (the "kneedle" rule).
    silhouette   the K whose k-means clustering has the highest mean silhouette.
    bic          the K whose Gaussian mixture has the lowest −2 ln p(X) + P ln N.

References: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*,
§14.3.11 (the number of clusters); Satopää et al. (2011), "Finding a 'kneedle' in a
haystack"; Rousseeuw (1987); Schwarz (1978).

>>> X = np.array([[0., 0.], [0., 1.], [1., 0.], [9., 9.], [9., 10.], [10., 9.],
...               [0., 9.], [1., 9.], [0., 10.]])
>>> choose_n_clusters(X, range(2, 6), method="silhouette", random_state=0).best_k
3
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lucidml.cluster.gaussian_mixture import GaussianMixture
from lucidml.cluster.kmeans import KMeans
from lucidml.metrics.clustering import silhouette_score
from lucidml.utils.validation import as_float_array, check_option

__all__ = ["elbow", "choose_n_clusters", "ElbowResult", "ClusterChoice", "knee_point"]

METHODS = ("silhouette", "elbow", "bic")


@dataclass
class ElbowResult:
    """Inertia J(K) for each K and the knee."""

    k: np.ndarray
    inertia: np.ndarray
    knee: int


@dataclass
class ClusterChoice:
    """A table of K against a score, the chosen K, and how it was chosen."""

    method: str
    k: np.ndarray
    scores: np.ndarray
    best_k: int

    @property
    def score_name(self) -> str:
        return {"silhouette": "mean silhouette (higher is better)", "elbow": "inertia J",
                "bic": "BIC (lower is better)"}[self.method]

    def table(self) -> str:
        """Plain-text table: one row per K, the chosen one marked."""
        lines = [f"{'K':>4}  {self.score_name}"]
        for k, s in zip(self.k, self.scores):
            lines.append(f"{k:>4}  {s:.6g}" + ("   <- chosen" if k == self.best_k else ""))
        return "\n".join(lines)

    def figure(self):
        """The score against K with the chosen K marked (a matplotlib Figure)."""
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(4.5, 3.2))
        ax.plot(self.k, self.scores, "o-")
        best = self.scores[list(self.k).index(self.best_k)]
        ax.plot([self.best_k], [best], "o", ms=12, mfc="none", mec="crimson", mew=2)
        ax.set_xlabel("number of clusters K")
        ax.set_ylabel(self.score_name)
        ax.set_title(f"{self.method}: K = {self.best_k}", fontsize=10)
        fig.tight_layout()
        return fig


def knee_point(x, y) -> int:
    """Index of the point of the curve (x, y) farthest from the chord between its ends,
    both axes scaled to [0, 1] first."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.size < 3:
        return 0
    u = (x - x[0]) / (x[-1] - x[0])
    span = y[-1] - y[0]
    v = (y - y[0]) / span if span != 0 else np.zeros_like(y)
    # distance to the line through (0, 0) and (1, 1): |u − v| / √2
    return int(np.argmax(np.abs(u - v)))


def elbow(X, k_range=range(2, 11), *, random_state=0, n_init=3) -> ElbowResult:
    """k-means inertia J(K) for each K in ``k_range`` and the knee of that curve."""
    X = as_float_array(X, name="X", owner="elbow", ndim=2)
    k = _check_k_range(k_range, X.shape[0], 1, "elbow")
    J = np.array([KMeans(K, n_init=n_init, random_state=random_state).fit(X).inertia_ for K in k])
    return ElbowResult(k, J, int(k[knee_point(k, J)]))


def choose_n_clusters(X, k_range=range(2, 11), *, method="silhouette", random_state=0,
                      n_init=3) -> ClusterChoice:
    """Score every K in ``k_range`` by ``method`` ("silhouette", "elbow" or "bic") and pick one."""
    owner = "choose_n_clusters"
    check_option(method, name="method", owner=owner, allowed=METHODS)
    X = as_float_array(X, name="X", owner=owner, ndim=2)
    k = _check_k_range(k_range, X.shape[0], 2 if method == "silhouette" else 1, owner)
    if method == "elbow":
        e = elbow(X, k, random_state=random_state, n_init=n_init)
        return ClusterChoice(method, k, e.inertia, e.knee)
    if method == "silhouette":
        if k.max() >= X.shape[0]:
            raise ValueError(f"{owner}: the silhouette needs K <= n_samples − 1 = {X.shape[0] - 1}, "
                             f"got K = {k.max()}.")
        s = np.array([silhouette_score(X, KMeans(K, n_init=n_init, random_state=random_state).fit(X).labels_)
                      for K in k])
        return ClusterChoice(method, k, s, int(k[np.argmax(s)]))
    bic = np.array([GaussianMixture(K, n_init=n_init, random_state=random_state).fit(X).bic(X) for K in k])
    return ClusterChoice(method, k, bic, int(k[np.argmin(bic)]))


def _check_k_range(k_range, N, minimum, owner):
    try:
        k = np.array(list(k_range))
    except TypeError:
        raise TypeError(f"{owner}: k_range must be an iterable of integers such as range(2, 11), "
                        f"got {k_range!r}.") from None
    if k.size == 0 or k.dtype.kind not in "iu":
        raise ValueError(f"{owner}: k_range must hold at least one integer, got {list(k)!r}.")
    if k.min() < minimum or k.max() > N:
        raise ValueError(f"{owner}: every K in k_range must lie between {minimum} and n_samples = {N}, "
                         f"got {k.min()}..{k.max()}.")
    return np.sort(k)
