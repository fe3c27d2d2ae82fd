"""Probabilities from SVM decision values: Platt scaling and pairwise coupling.

Platt scaling fits a sigmoid to the decision values f_i of held-out points,

    P(y = +1 | f) = 1 / (1 + exp(A f + B)),

by minimising the cross-entropy against smoothed targets t_i = (N₊ + 1)/(N₊ + 2) for
positives and 1/(N₋ + 2) for negatives (they keep A, B finite on separable data),
with Newton's method and a backtracking line search, written so that no exp overflows.

With K classes, one-vs-one gives r_ij ≈ P(y = i | y ∈ {i, j}, x) for every pair, and the
class probabilities p solve (Wu, Lin & Weng's second method)

    min_p  Σ_i Σ_{j≠i} (r_ji p_i − r_ij p_j)²   subject to  Σ_i p_i = 1,

i.e. the linear system [Q 1; 1ᵀ 0] [p; b] = [0; 1] with Q_ii = Σ_{j≠i} r_ji², Q_ij = −r_ji r_ij
(whose solution is non-negative).

Reference: Platt, "Probabilistic outputs for support vector machines" (1999); Lin, Lin &
Weng, "A note on Platt's probabilistic outputs for support vector machines", Machine
Learning 68 (2007); Wu, Lin & Weng, "Probability estimates for multi-class classification
by pairwise coupling", JMLR 5 (2004).

>>> A, B = sigmoid_fit(np.array([-2., -1., 1., 2.]), np.array([-1, -1, 1, 1]))
>>> round(float(A), 4), round(float(B), 4) + 0.0     # symmetric data: B = 0
(-0.674, 0.0)
"""
from __future__ import annotations

import numpy as np

__all__ = ["sigmoid_fit", "sigmoid_predict", "couple_pairwise"]

MIN_PROB = 1e-7


def _cross_entropy(f, t, A, B):
    # Σ_i t_i (A f_i + B) + log(1 + exp(−(A f_i + B))), both branches stable
    z = A * f + B
    return float(np.sum(np.where(z >= 0, t * z + np.log1p(np.exp(-np.abs(z))),
                                 (t - 1) * z + np.log1p(np.exp(-np.abs(z))))))


def sigmoid_fit(f, y, *, max_iter=100, min_step=1e-10, sigma=1e-12, eps=1e-5):
    """(A, B) of P(y = +1 | f) = 1/(1 + exp(A f + B)), fitted to decision values f and labels y = ±1."""
    f = np.asarray(f, dtype=np.float64)
    positive = np.asarray(y) > 0
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    t = np.where(positive, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))   # smoothed targets
    A, B = 0.0, float(np.log((n_neg + 1.0) / (n_pos + 1.0)))
    loss = _cross_entropy(f, t, A, B)
    for _ in range(max_iter):
        z = A * f + B
        e = np.exp(-np.abs(z))
        p = np.where(z >= 0, e / (1 + e), 1 / (1 + e))        # P(y = +1 | f_i) = 1/(1 + exp z)
        q = 1.0 - p
        d2 = p * q
        H = np.array([[sigma + f @ (f * d2), f @ d2], [f @ d2, sigma + d2.sum()]])   # Hessian
        g = np.array([f @ (t - p), (t - p).sum()])                                    # gradient
        if abs(g[0]) < eps and abs(g[1]) < eps:
            break
        dA, dB = -np.linalg.solve(H, g)                        # Newton direction
        slope = g[0] * dA + g[1] * dB
        step = 1.0
        while step >= min_step:                                # backtracking (Armijo)
            A_new, B_new = A + step * dA, B + step * dB
            loss_new = _cross_entropy(f, t, A_new, B_new)
            if loss_new < loss + 1e-4 * step * slope:
                A, B, loss = A_new, B_new, loss_new
                break
            step /= 2.0
        if step < min_step:
            break
    return A, B


def sigmoid_predict(f, A, B):
    """P(y = +1 | f) = 1/(1 + exp(A f + B)), computed without overflow."""
    z = A * np.asarray(f, dtype=np.float64) + B
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))


def couple_pairwise(R):
    """Class probabilities from pairwise ones: R (n, K, K) with R[:, i, j] = r_ij, r_ji = 1 − r_ij.

    Returns p (n, K) solving min Σ_i Σ_{j≠i} (r_ji p_i − r_ij p_j)², Σ p = 1.
    """
    n, K, _ = R.shape
    RT = np.swapaxes(R, 1, 2)                                  # RT[:, i, j] = r_ji
    off = ~np.eye(K, dtype=bool)
    Q = -RT * R                                                # Q_ij = −r_ji r_ij
    Q[:, np.arange(K), np.arange(K)] = np.where(off, RT**2, 0.0).sum(axis=2)   # Q_ii = Σ_j r_ji²
    M = np.zeros((n, K + 1, K + 1))                            # [Q 1; 1ᵀ 0]
    M[:, :K, :K] = Q
    M[:, :K, K] = 1.0
    M[:, K, :K] = 1.0
    rhs = np.zeros((n, K + 1, 1))
    rhs[:, K] = 1.0
    p = np.linalg.solve(M, rhs)[:, :K, 0]
    p = np.clip(p, 0.0, None)                                  # rounding only: the solution is ≥ 0
    return p / p.sum(axis=1, keepdims=True)
