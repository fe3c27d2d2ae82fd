"""k-means clustering (Lloyd's algorithm, k-means++ seeding).

Minimise the within-cluster sum of squares (the *inertia*)

    J = Σ_i ‖x_i − μ_{z_i}‖²

by alternating the two steps of Lloyd's algorithm until the centres stop moving:

    assign   z_i = argmin_k ‖x_i − μ_k‖²                       (E-like step)
    update   μ_k = (1/N_k) Σ_{i: z_i = k} x_i,  N_k = #{i : z_i = k}   (M-like step)

Neither step can increase J, so J decreases monotonically to a local minimum. The
assignment uses the GEMM identity ‖x − μ‖² = ‖x‖² − 2 x·μ + ‖μ‖² (one matrix product
per block of rows, memory bounded by the block), and the update sums each block with a
second product, onehot(z)ᵀ X. k-means++ picks the first centre at random and each next
one with probability proportional to D(x)², the squared distance to the nearest centre
chosen so far (greedy: the best of 2 + ln k candidates, as in scikit-learn).

Symbols: X (N, D), μ (K, D) = cluster_centers_, z (N,) = labels_, K = n_clusters.
References: Bishop, *Pattern Recognition and Machine Learning*, §9.1;
Arthur & Vassilvitskii (2007), "k-means++: the advantages of careful seeding".

>>> X = np.array([[0., 0.], [0., 1.], [9., 9.], [9., 10.]])
>>> km = KMeans(n_clusters=2, random_state=0).fit(X)
>>> sorted(km.cluster_centers_.tolist())
[[0.0, 0.5], [9.0, 9.5]]
>>> float(km.inertia_)
1.0
"""
from __future__ import annotations

import warnings

import numpy as np
from numba import njit
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.utils.parallel import effective_n_jobs, one_blas_thread, row_blocks, run_blocks
from lucidml.utils.validation import as_float_array, check_int, check_real

__all__ = ["KMeans", "kmeans_plusplus"]

_BLOCK_ROWS = 1 << 12  # rows of X per block: the block and its (4096, K) products stay in cache


class KMeans(TransformerMixin, ClusterMixin, BaseEstimator):
    """k-means clustering by Lloyd's algorithm.

    Parameters
    ----------
    n_clusters : int, K
    init : "k-means++", "random" (K distinct rows of X) or an array (K, D) of initial centres
    n_init : int or "auto"; runs from different seeds, the lowest inertia wins
             ("auto": 1 for k-means++ or an array, 10 for "random")
    max_iter : int, the most Lloyd iterations per run
    tol : float, stop when Σ_k ‖μ_k^new − μ_k^old‖² <= tol · mean feature variance
    random_state : seed for the initialisation
    n_jobs : threads over row blocks (None: every core)

    Attributes: ``cluster_centers_`` (K, D), ``labels_`` (N,), ``inertia_`` (J),
    ``n_iter_``, ``n_features_in_``.
    """

    def __init__(self, n_clusters=8, *, init="k-means++", n_init="auto", max_iter=300, tol=1e-4,
                 random_state=None, n_jobs=None):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _check_params(self, X):
        name = "KMeans"
        K = check_int(self.n_clusters, name="n_clusters", owner=name, minimum=1)
        if K > X.shape[0]:
            raise ValueError(f"KMeans: n_clusters={K} exceeds n_samples={X.shape[0]}; "
                             f"use n_clusters <= {X.shape[0]}.")
        check_int(self.max_iter, name="max_iter", owner=name, minimum=1)
        check_real(self.tol, name="tol", owner=name, minimum=0.0)
        init_is_array = not isinstance(self.init, str)
        if isinstance(self.init, str) and self.init not in ("k-means++", "random"):
            raise ValueError(f"KMeans: init={self.init!r} is not supported; choose 'k-means++', "
                             "'random' or an array of initial centres.")
        if self.n_init == "auto":
            n_init = 10 if isinstance(self.init, str) and self.init == "random" else 1
        else:
            n_init = check_int(self.n_init, name="n_init", owner=name, minimum=1)
        if init_is_array:
            mu0 = np.asarray(self.init, dtype=np.float64)
            if mu0.shape != (K, X.shape[1]):
                raise ValueError(f"KMeans: init has shape {mu0.shape} but must be (n_clusters, n_features) "
                                 f"= ({K}, {X.shape[1]}).")
            if not np.isfinite(mu0).all():
                raise ValueError("KMeans: init contains NaN or infinity; pass finite initial centres.")
            if n_init != 1 and self.n_init != "auto":
                warnings.warn(f"KMeans: init is an array, so n_init={n_init} runs would all be the same; "
                              "running once.", RuntimeWarning, stacklevel=3)
            n_init = 1
        return K, n_init

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=[np.float64, np.float32], ensure_min_samples=1)
        X = np.ascontiguousarray(X, dtype=np.float64)
        K, n_init = self._check_params(X)
        rng = check_random_state(self.random_state)
        # Centre the data (the clustering is unchanged) so that ‖x‖² − 2x·μ + ‖μ‖² loses fewer digits.
        x_mean = X.mean(axis=0)
        Xc = X - x_mean
        tol = _tolerance(Xc, self.tol)
        best = None
        for _ in range(n_init):
            if isinstance(self.init, str):
                mu0 = kmeans_plusplus(Xc, K, random_state=rng)[0] if self.init == "k-means++" \
                    else Xc[rng.choice(Xc.shape[0], K, replace=False)]
            else:
                mu0 = np.asarray(self.init, dtype=np.float64) - x_mean
            run = _lloyd(Xc, mu0, self.max_iter, tol, self.n_jobs)
            if best is None or run[2] < best[2]:
                best = run
        mu, z, J, n_iter, converged = best
        distinct = len(np.unique(z))
        if distinct < K:
            warnings.warn(f"KMeans: only {distinct} distinct clusters found for n_clusters={K}; "
                          "X probably has fewer distinct points than clusters.", ConvergenceWarning, stacklevel=2)
        elif not converged:
            warnings.warn(f"KMeans stopped after max_iter={self.max_iter} iterations before the centres "
                          "settled; increase max_iter.", ConvergenceWarning, stacklevel=2)
        self.cluster_centers_ = mu + x_mean
        self.labels_, self.inertia_, self.n_iter_ = z, float(J), n_iter
        return self

    def predict(self, X):
        """z = argmin_k ‖x − μ_k‖² for each row of X."""
        check_is_fitted(self)
        X = np.ascontiguousarray(validate_data(self, X, dtype=np.float64, reset=False))
        mu = self.cluster_centers_
        return _assign_step(X, mu, self.n_jobs)[0]

    def transform(self, X):
        """Distances ‖x − μ_k‖ to every centre, shape (N, K)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        from lucidml.metrics.distances import pairwise_distances

        return pairwise_distances(X, self.cluster_centers_, n_jobs=self.n_jobs)

    def fit_transform(self, X, y=None):
        return self.fit(X).transform(X)

    def score(self, X, y=None):
        """−J on X: the negative inertia (higher is better, as scikit-learn's convention)."""
        check_is_fitted(self)
        X = np.ascontiguousarray(validate_data(self, X, dtype=np.float64, reset=False))
        return -float(_assign_step(X, self.cluster_centers_, self.n_jobs)[1].sum())


def kmeans_plusplus(X, n_clusters, *, random_state=None, n_local_trials=None):
    """k-means++ seeding: returns (centres (K, D), indices (K,)).

    μ_1 = a uniformly random row; then, with D(x)² the squared distance to the nearest
    chosen centre, draw 2 + ⌊ln K⌋ candidates with p(x) ∝ D(x)² and keep the one that
    lowers Σ_x D(x)² the most (greedy k-means++).
    """
    X = as_float_array(X, name="X", owner="kmeans_plusplus", ndim=2)
    rng = check_random_state(random_state)
    N = X.shape[0]
    K = check_int(n_clusters, name="n_clusters", owner="kmeans_plusplus", minimum=1, maximum=N)
    L = n_local_trials if n_local_trials is not None else 2 + int(np.log(K))
    with one_blas_thread():   # (L, D) × (D, N) is too thin for threaded BLAS to pay
        return _greedy_seeding(X, K, L, rng)


def _greedy_seeding(X, K, L, rng):
    """The k-means++ loop: each new centre is the best of L candidates drawn with p(x) ∝ D(x)²."""
    N = X.shape[0]
    xx = np.einsum("ij,ij->i", X, X)
    idx = np.empty(K, dtype=np.intp)
    idx[0] = rng.randint(N)
    D2 = _sq_dist_to(X, xx, X[idx[0]][None, :])[0]                 # D(x)² (N,)
    potential = D2.sum()
    for k in range(1, K):
        u = rng.uniform(size=L) * potential
        cand = np.minimum(np.searchsorted(np.cumsum(D2), u), N - 1)
        D2_cand = np.minimum(D2[None, :], _sq_dist_to(X, xx, X[cand]))   # (L, N)
        pot = D2_cand.sum(axis=1)
        best = int(np.argmin(pot))
        idx[k], D2, potential = cand[best], D2_cand[best], pot[best]
    return X[idx].copy(), idx


# -- private steps ---------------------------------------------------------------------------
def _tolerance(Xc, tol):
    """Absolute tolerance: tol × the mean per-feature variance (scikit-learn's convention).

    On centred data that mean is Σ_id x_id² / (N D): one dot product, no (N, D) temporary.
    """
    return float(np.vdot(Xc, Xc) / Xc.size * tol)


def _sq_dist_to(X, xx, C):
    """‖c − x‖² for every row c of C against every row x of X: (len(C), N), clipped at 0."""
    d2 = xx[None, :] - 2.0 * (C @ X.T) + np.einsum("ij,ij->i", C, C)[:, None]
    return np.maximum(d2, 0.0, out=d2)


def _lloyd(X, mu, max_iter, tol, n_jobs):
    """Lloyd's iterations from centres mu; returns (μ, z, J, n_iter, converged)."""
    z_old = None
    converged = False
    xx = np.einsum("ij,ij->i", X, X)                         # ‖x_i‖²: the same in every iteration
    for n_iter in range(1, max_iter + 1):
        z, d2, sums, N_k = _assign_and_sum(X, xx, mu, n_jobs)
        if z_old is not None and np.array_equal(z, z_old):   # labels unchanged: a fixed point
            if N_k.all():                                   # μ is the mean of these very clusters,
                return mu, z, d2.sum(), n_iter, True        # so z and d2 are final already
            mu = _update_step(X, sums, N_k, mu, d2, z)      # an empty cluster was refilled
            converged = True
            break
        mu_new = _update_step(X, sums, N_k, mu, d2, z)
        shift = float(((mu_new - mu) ** 2).sum())           # Σ_k ‖μ_k^new − μ_k^old‖²
        mu, z_old = mu_new, z
        if shift <= tol:
            converged = True
            break
    z, d2 = _assign_step(X, mu, n_jobs)                     # the labels of the final centres
    return mu, z, d2.sum(), n_iter, converged


def _assign_step(X, mu, n_jobs=None):
    """z_i = argmin_k ‖x_i − μ_k‖² and the squared distance to that centre, a block at a time."""
    N = X.shape[0]
    z = np.empty(N, dtype=np.intp)
    d2 = np.empty(N)
    mm = np.einsum("kd,kd->k", mu, mu)                           # ‖μ_k‖² (K,)

    def work(start, stop, _worker):
        Xb = X[start:stop]
        r = mm[None, :] - 2.0 * (Xb @ mu.T)                       # ‖μ‖² − 2 x·μ  (b, K)
        zb = np.argmin(r, axis=1)
        z[start:stop] = zb
        d2[start:stop] = np.maximum(np.einsum("ij,ij->i", Xb, Xb) + r[np.arange(len(zb)), zb], 0.0)

    run_blocks(work, row_blocks(N, _BLOCK_ROWS), n_jobs)
    return z, d2


def _assign_and_sum(X, xx, mu, n_jobs=None):
    """The assign step, plus per-cluster sums Σ_{z_i=k} x_i and counts N_k for the update
    (xx: the squared norms ‖x_i‖², computed once per fit).

    The rows are cut into one span per thread; each thread runs one compiled loop over its
    span, a block of rows at a time, and accumulates its own sums, which are added at the
    end (so no two threads write the same memory). Same answer as ``_assign_step``.
    """
    N, D = X.shape
    K = mu.shape[0]
    z = np.empty(N, dtype=np.intp)
    d2 = np.empty(N)
    mm = np.einsum("kd,kd->k", mu, mu)                           # ‖μ_k‖² (K,)
    mu_T = np.ascontiguousarray(mu.T)                            # (D, K)
    spans = row_blocks(N, -(-N // effective_n_jobs(n_jobs)))
    partial = {}

    def work(start, stop, _worker):
        S, n = np.zeros((K, D)), np.zeros(K)
        _assign_and_sum_span(X[start:stop], xx[start:stop], mu_T, mm, z[start:stop], d2[start:stop], S, n,
                             _BLOCK_ROWS)
        partial[start] = S, n

    run_blocks(work, spans, n_jobs)
    sums = sum(partial[start][0] for start, _ in spans)          # in row order: the same sums every time
    N_k = sum(partial[start][1] for start, _ in spans)
    return z, d2, sums, N_k


@njit(cache=True, nogil=True)
def _assign_and_sum_span(X, xx, mu_T, mm, z, d2, S, N_k, block_rows):
    # block by block: G = X_b μᵀ (a BLAS product), then nearest centres, distances and sums
    n = X.shape[0]
    G = np.empty((min(block_rows, n), mu_T.shape[1]))
    for start in range(0, n, block_rows):
        stop = min(start + block_rows, n)
        G_b = G[:stop - start]
        np.dot(X[start:stop], mu_T, G_b)                         # x_i·μ_k   (b, K)
        _nearest_and_sum(X[start:stop], xx[start:stop], G_b, mm, z[start:stop], d2[start:stop], S, N_k)


@njit(cache=True, nogil=True)
def _nearest_and_sum(Xb, xx, G, mm, z, d2, S, N_k):
    # z_i = argmin_k ‖μ_k‖² − 2 x_i·μ_k (G holds x_i·μ_k), d2_i = ‖x_i‖² + that minimum = ‖x_i − μ_{z_i}‖²,
    # then S_{z_i} += x_i and N_{z_i} += 1
    n, D = Xb.shape
    K = G.shape[1]
    for i in range(n):
        k_best = 0
        r_best = mm[0] - 2.0 * G[i, 0]
        for k in range(1, K):
            r = mm[k] - 2.0 * G[i, k]
            if r < r_best:
                r_best, k_best = r, k
        for d in range(D):
            S[k_best, d] += Xb[i, d]
        z[i] = k_best
        d2[i] = max(xx[i] + r_best, 0.0)
        N_k[k_best] += 1.0


def _update_step(X, sums, N_k, mu, d2, z):
    """μ_k = Σ_{z_i=k} x_i / N_k; an empty cluster takes the point farthest from its centre."""
    empty = np.flatnonzero(N_k == 0)
    if empty.size:  # move the worst-fitted points into the empty clusters (as scikit-learn does)
        sums, N_k = sums.copy(), N_k.astype(np.float64)
        far = np.argsort(-d2, kind="stable")[:empty.size]
        for k, i in zip(empty, far):
            if N_k[z[i]] > 1:
                sums[z[i]] -= X[i]
                N_k[z[i]] -= 1
            sums[k], N_k[k] = X[i], 1
    full = N_k > 0
    mu_new = mu.copy()
    mu_new[full] = sums[full] / N_k[full, None]
    return mu_new
