"""Bishop's ten training points (PRML §1.1), recovered from the book's own Table 1.1.

Bishop fits polynomials y(x, w) = Σ_{k=0}^{M} w_k x^k by least squares to N = 10 points
x_n = n/9 (n = 0..9), t_n = sin(2π x_n) + noise, and prints w* for M = 0, 1, 3, 9
(Table 1.1), but not the points. The table contains them: for M = 9 there are as many
coefficients as points, so the least-squares polynomial interpolates (E(w*) = 0, the
M = 9 panel of Figure 1.4) and evaluating the printed M = 9 column at the inputs gives
back the targets:

    t_n = y(x_n, w*) = Σ_{k=0}^{9} w*_k x_n^k,     x_n = n/9,     w* = BISHOP_TABLE_1_1[9]

In particular t_0 = w*_0 = 0.35 and t_9 = Σ_k w*_k = 0.26, which can be checked by hand.

**Precision.** The coefficients reach 10⁶ but are printed to 2 decimals: each printed
w_k differs from Bishop's own by ε_k with |ε_k| <= 0.005, so

    |δt_n| = |Σ_k ε_k x_n^k| <= 0.005 Σ_{k=0}^{9} x_n^k = 0.005 (1 − x_n¹⁰) / (1 − x_n)

which is, for n = 0..9 (``bishop_recovery_bound()``),

    0.0050  0.0056  0.0064  0.0075  0.0090  0.0112  0.0147  0.0207  0.0311  0.0500

(0.005 at x = 0 where only w_0 counts, 0.05 at x = 1 where all ten do; independent
uniform rounding errors would typically give 0.003 to 0.009). The recovered t_n carry
two to three reliable decimals. The float64 evaluation adds nothing visible: Horner's
rule sums terms up to |w_k| x^k ~ 10⁶ that cancel to ~1, losing ~eps · Σ_k |w_k| ≈ 1e-9
(1.1e-10 measured against exact rational arithmetic).

**Checks** (tests/datasets/test_bishop.py). Least squares of order M = 0, 1, 3 on these
points gives 0.19; 0.82, −1.27; 0.31, 7.99, −25.43, 17.37, Table 1.1 to every printed
digit. So the course slide's column labelled "M = 6" is the cubic fit (it has four
coefficients, and Figure 1.4 shows M = 0, 1, 3, 9). Refitting M = 9 returns the printed
column to ~1e-4 (every printed digit): the points were made from that column, so this
checks the solver, which works on a 10 x 10 Vandermonde matrix with cond₂ = 1.5e7.

Table 1.2 (M = 9 with the regulariser) is here too, as printed, for the experiment in
:mod:`lucidml.experiments.overfitting`, which states the penalty convention it implies.
Reference: Bishop, *Pattern Recognition and Machine Learning* (2006), §1.1, Tables 1.1, 1.2.

>>> x, t = bishop_points()
>>> (x * 9).round(12).tolist()
[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
>>> t.round(2).tolist()
[0.35, 0.83, 1.01, 0.97, 0.13, 0.17, -0.85, -0.45, -0.56, 0.26]
"""
from __future__ import annotations

import numpy as np

__all__ = ["bishop_points", "bishop_recovery_bound", "BISHOP_TABLE_1_1", "BISHOP_TABLE_1_2"]

# PRML Table 1.1: w* of the least-squares polynomial of order M (w₀ first), as printed.
BISHOP_TABLE_1_1 = {
    0: (0.19,),
    1: (0.82, -1.27),
    3: (0.31, 7.99, -25.43, 17.37),
    9: (0.35, 232.37, -5321.83, 48568.31, -231639.30, 640042.26, -1061800.52, 1042400.18, -557682.99,
        125201.43),
}

# PRML Table 1.2: w* for M = 9 with the regulariser, keyed by ln λ, as printed
# (the ln λ = −∞ column, λ = 0, is the M = 9 column of Table 1.1).
BISHOP_TABLE_1_2 = {
    -np.inf: BISHOP_TABLE_1_1[9],
    -18.0: (0.35, 4.74, -0.77, -31.97, -3.89, 55.28, 41.32, -45.95, -91.53, 72.68),
    0.0: (0.13, -0.05, -0.06, -0.05, -0.03, -0.02, -0.01, -0.00, 0.00, 0.01),
}

_ROUNDING = 0.005          # half a unit in the second decimal: |ε_k| <= 0.005


def bishop_points():
    """Return ``(x, t)``, both (10,): x_n = n/9 and t_n = Σ_k w*_k x_n^k with w* = Table 1.1's M = 9 column.

    ``x.reshape(-1, 1)`` is the estimators' X. Each t_n is within ``bishop_recovery_bound()[n]``
    of Bishop's (unprinted) target.
    """
    x = np.arange(10) / 9.0                                                  # x_n = n/9
    t = np.polynomial.polynomial.polyval(x, np.asarray(BISHOP_TABLE_1_1[9]))  # t_n = Σ_k w_k x_n^k (Horner)
    return x, t


def bishop_recovery_bound():
    """|δt_n| <= 0.005 Σ_{k=0}^{9} x_n^k, (10,): the worst case of the coefficients' 2-decimal rounding."""
    x = np.arange(10) / 9.0
    return _ROUNDING * np.vander(x, 10, increasing=True).sum(axis=1)         # (10,) = 0.005 Σ_k x_n^k
