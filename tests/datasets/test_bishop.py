"""bishop_points: Bishop's ten points recovered from PRML Table 1.1, checked against the table itself.

Nothing here is hard-coded except the book's printed table (``BISHOP_TABLE_1_1``), used both
as the source of the points and as the expected values.
"""
from fractions import Fraction

import numpy as np
import pytest

from lucidml.datasets import BISHOP_TABLE_1_1, bishop_points, bishop_recovery_bound
from lucidml.linear_model import PolynomialRegression

W9 = np.array(BISHOP_TABLE_1_1[9])


def test_toy_by_hand():
    x, t = bishop_points()
    assert x.shape == t.shape == (10,)
    np.testing.assert_allclose(x * 9, np.arange(10), atol=1e-14)         # x_n = n/9
    # at x = 0 only w₀ survives: t_0 = w₀ = 0.35; at x = 1 every power is 1: t_9 = Σ_k w_k
    #   0.35 + 232.37 − 5321.83 + 48568.31 − 231639.30 + 640042.26 − 1061800.52 + 1042400.18
    #        − 557682.99 + 125201.43 = 0.26
    assert t[0] == pytest.approx(0.35, abs=1e-12)
    assert t[9] == pytest.approx(0.26, abs=1e-8)
    # the bound 0.005 Σ_k x^k: 0.005 · 1 at x = 0, 0.005 · 10 at x = 1
    bound = bishop_recovery_bound()
    assert bound[0] == pytest.approx(0.005) and bound[9] == pytest.approx(0.05)


def test_evaluation_matches_exact_rational_arithmetic():
    """Horner in float64 on coefficients up to 1e6 that cancel to ~1: within ~eps Σ|w_k| ≈ 1e-9 of exact."""
    _, t = bishop_points()
    exact = [sum(Fraction(str(w)) * Fraction(n, 9) ** k for k, w in enumerate(BISHOP_TABLE_1_1[9]))
             for n in range(10)]
    np.testing.assert_allclose(t, [float(v) for v in exact], rtol=0, atol=1e-9)


def test_recovery_bound_formula_and_attained():
    x, t = bishop_points()
    bound = bishop_recovery_bound()
    np.testing.assert_allclose(bound[:-1], 0.005 * (1 - x[:-1] ** 10) / (1 - x[:-1]), rtol=1e-12)  # x < 1
    # rounding every coefficient up by 0.005 moves t_n by exactly the bound (x_n >= 0)
    t_up = np.polynomial.polynomial.polyval(x, W9 + 0.005)
    np.testing.assert_allclose(t_up - t, bound, rtol=0, atol=1e-9)


def test_property_any_rounding_stays_within_the_bound():
    x, t = bishop_points()
    rng = np.random.default_rng(0)
    for _ in range(200):
        eps = rng.uniform(-0.005, 0.005, 10)                               # a possible rounding error
        delta = np.polynomial.polynomial.polyval(x, W9 + eps) - t
        assert np.all(np.abs(delta) <= bishop_recovery_bound() + 1e-9)


def test_points_look_like_the_process():
    """t − sin(2πx) should look like N(0, 0.3²) noise: mean near 0, spread near 0.3."""
    x, t = bishop_points()
    residual = t - np.sin(2 * np.pi * x)
    assert abs(residual.mean()) < 3 * 0.3 / np.sqrt(10)
    assert 0.1 < residual.std() < 0.5


@pytest.mark.parametrize("M", [0, 1, 3])
def test_table_1_1_low_orders_to_the_printed_decimals(M):
    """Least squares of order 0, 1, 3 on the recovered points gives the printed columns to 0.005."""
    x, t = bishop_points()
    w = PolynomialRegression(degree=M).fit(x[:, None], t).w_
    np.testing.assert_allclose(w, BISHOP_TABLE_1_1[M], rtol=0, atol=0.005)
    np.testing.assert_array_equal(np.round(w, 2), BISHOP_TABLE_1_1[M])  # every printed digit


@pytest.mark.parametrize("M", [0, 1, 3, 9])
def test_matches_reference(M):
    """numpy's polyfit (lstsq on a scaled Vandermonde matrix) agrees with PolynomialRegression."""
    x, t = bishop_points()
    w = PolynomialRegression(degree=M).fit(x[:, None], t).w_
    w_np = np.polynomial.polynomial.polyfit(x, t, M)
    np.testing.assert_allclose(w, w_np, rtol=0, atol=1e-9 * max(1.0, np.abs(w_np).max()))


def test_m9_refit_returns_the_printed_column():
    """M = 9 interpolates, so refitting gives back the source column, up to the solve's loss.

    cond₂(V) of the 10 x 10 Vandermonde matrix at x_n = n/9 is 1.52e7; a backward-stable
    solve may lose cond(V)·eps·‖w‖ ≈ 1.5e7 · 2.2e-16 · 1.7e6 ≈ 6e-3, and loses ~1e-4 here.
    """
    x, t = bishop_points()
    V = np.vander(x, 10, increasing=True)
    assert 1.4e7 < np.linalg.cond(V) < 1.7e7
    w = PolynomialRegression(degree=9).fit(x[:, None], t).w_
    np.testing.assert_allclose(w, W9, rtol=0, atol=1e-3)
    np.testing.assert_array_equal(np.round(w, 2), W9)                    # every printed digit
    np.testing.assert_allclose(V @ w, t, rtol=0, atol=1e-8)             # E(w*) = 0: it interpolates
