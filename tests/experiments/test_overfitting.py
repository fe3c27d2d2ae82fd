"""The polynomial over-fitting experiment reproduces Bishop §1.1: his numbers on his points, the pattern on any."""
import numpy as np
import pytest

from lucidml.datasets import BISHOP_TABLE_1_1, BISHOP_TABLE_1_2, bishop_points
from lucidml.experiments import polynomial_overfitting
from lucidml.linear_model import PolynomialRegression, Ridge
from lucidml.preprocessing import PolynomialFeatures


@pytest.fixture(scope="module")
def result():
    return polynomial_overfitting(random_state=0)


def test_tables_have_the_published_shape(result):
    assert list(result.coefficients) == [0, 1, 3, 9]
    assert [len(w) for w in result.coefficients.values()] == [1, 2, 4, 10]
    text = result.tables()
    assert "M=3" in text and "ln λ=−∞" in text and "ln λ=-18" in text and "w9*" in text
    assert "slide" in text and "lucidml" in text and "max|Δ|" in text
    assert '"M = 6" is the cubic fit M = 3' in text
    assert "1/(2N)" in text and "w₀ penalised" in text


def test_rows_are_the_text_tables_cells(result):
    """coefficient_rows()/lambda_rows() (the tour's HTML tables) hold the numbers the text tables print."""
    for (columns, rows, notes), text in [(result.coefficient_rows(), result.coefficient_table()),
                                         (result.lambda_rows(), result.lambda_table())]:
        assert all(len(r) == len(columns) for r in rows)
        lines = text.splitlines()
        for row in rows:                                   # w0* ... w9*, max|Δ|: the same cells, in order
            line = next(l for l in lines if l.startswith(row[0]))
            assert line.split()[1:] == [c for c in row[1:] if c is not None]
        assert all(note.split()[0] in text for note in notes)
    columns, rows, _ = result.coefficient_rows()
    assert columns[:3] == ["", "M=0 slide", "M=0 lucidml"] and rows[0][:3] == ["w0*", "0.19", "0.19"]
    assert rows[-1][0] == "max|Δ|" and rows[-1][1] is None and float(rows[-1][2]) < 0.005


def test_bishop_is_the_default_data(result):
    x, t = bishop_points()
    assert result.data == "bishop"
    np.testing.assert_array_equal(result.x_train, x)
    np.testing.assert_array_equal(result.t_train, t)


def test_table_1_1_beside_the_slide(result):
    """M = 0, 1, 3 to the two printed decimals; M = 9 gives back its source column to ~1e-4."""
    d = result.deviations()
    assert max(d[0], d[1], d[3]) < 0.005
    assert d[9] < 1e-3                       # measured 8.7e-5; cond(V) = 1.5e7 allows up to ~6e-3
    for M, w in result.coefficients.items():
        np.testing.assert_array_equal(np.round(w, 2), BISHOP_TABLE_1_1[M])
        np.testing.assert_array_equal(result.slide_coefficients[M], BISHOP_TABLE_1_1[M])
    s = result.singular_values
    assert 1.4e7 < s[0] / s[-1] < 1.7e7      # cond₂ of the 10 x 10 Vandermonde matrix


def _vandermonde(x, M=9):
    return PolynomialFeatures(degree=M).fit_transform(x[:, None])          # (N, M+1): 1, x, ..., x^M


def _candidates(x, t, lam):
    """w* for M = 9 under each candidate penalty convention (N = len(x))."""
    N, X, V = len(x), x[:, None], _vandermonde(x)
    return {
        "1/2 sum, w0 free": PolynomialRegression(degree=9, alpha=lam).fit(X, t).w_,
        "1/2 sum, w0 penalised": Ridge(alpha=lam, fit_intercept=False, solver="svd").fit(V, t).coef_,
        "1/2N sum, w0 free": PolynomialRegression(degree=9, alpha=N * lam).fit(X, t).w_,
        "1/2N sum, w0 penalised": Ridge(alpha=N * lam, fit_intercept=False, solver="svd").fit(V, t).coef_,
    }


def test_table_1_2_convention_reproduces_ln_lambda_0(result):
    """Only 1/(2N) Σ (y − t)² + λ/2 ‖w‖² with w₀ penalised gives the printed ln λ = 0 column."""
    x, t = bishop_points()
    printed = np.array(BISHOP_TABLE_1_2[0.0])
    miss = {name: np.abs(w - printed).max() for name, w in _candidates(x, t, 1.0).items()}
    assert miss["1/2N sum, w0 penalised"] < 0.005                           # measured 0.0041
    assert min(v for k, v in miss.items() if k != "1/2N sum, w0 penalised") > 0.1   # 0.18 .. 0.44
    np.testing.assert_allclose(result.coefficients_lambda[0.0], _candidates(x, t, 1.0)["1/2N sum, w0 penalised"],
                               rtol=0, atol=1e-12)
    assert result.deviations_lambda()[0.0] < 0.005
    np.testing.assert_array_equal(np.round(result.coefficients_lambda[0.0], 2) + 0.0, printed + 0.0)
    assert result.deviations_lambda()[-np.inf] < 1e-3                      # λ = 0: Table 1.1's M = 9


def test_table_1_2_ln_lambda_minus_18_lands_off_but_is_only_a_lambda_away(result):
    """At ln λ = −18 the fit misses by ~17 (w₈); the recovery's rounding cannot explain it; λ can."""
    printed = np.array(BISHOP_TABLE_1_2[-18.0])
    assert 10 < result.deviations_lambda()[-18.0] < 25                      # measured 16.97
    # the rounding of the M = 9 column (each ±0.005) moves the ln λ = −18 column by < 0.01
    x, t = bishop_points()
    alpha = len(x) * np.exp(-18.0)
    rng = np.random.default_rng(0)
    for _ in range(20):
        t_rounded = np.polynomial.polynomial.polyval(x, np.array(BISHOP_TABLE_1_1[9]) + rng.uniform(-0.005, 0.005, 10))
        w = Ridge(alpha=alpha, fit_intercept=False, solver="svd").fit(_vandermonde(x), t_rounded).coef_
        assert np.abs(w - result.coefficients_lambda[-18.0]).max() < 0.01
    # ... while a slightly smaller λ reproduces the printed column to its two decimals (±0.005 each)
    ln_match, d_match = result.lambda_match
    assert -18.45 < ln_match < -18.3 and d_match < 0.01                     # measured −18.38, 0.0067
    assert result.lambda_slope > 10                                         # ill-conditioned in λ: ~39 per unit
    # √(Nλ) lies among the small singular values, where the filter factors switch
    s, r = result.singular_values, np.sqrt(alpha)
    assert s[6] > r > s[7]


def test_pattern_under_and_over_fitting(result):
    # training error falls (nested models) and reaches 0 at M = 9 (10 parameters, 10 points)
    assert np.all(np.diff(result.train_rms) <= 1e-9)
    assert result.train_rms[9] < 1e-8
    # test error: M = 0, 1 under-fit, M = 3 fits well, M = 9 over-fits
    assert result.test_rms[3] < 0.5 * result.test_rms[0]
    assert result.test_rms[9] > 2 * result.test_rms[3]
    # magnitudes explode with M ...
    biggest = {M: np.abs(w).max() for M, w in result.coefficients.items()}
    assert biggest[0] < biggest[1] < biggest[3] < biggest[9] and biggest[9] > 1e4
    # ... and the regulariser tames them
    tamed = {l: np.abs(w).max() for l, w in result.coefficients_lambda.items()}
    assert tamed[-np.inf] > 1e4 > tamed[-18.0] and tamed[0.0] < 2


def test_m9_fit_is_accurate_despite_the_vandermonde_condition(result):
    """Compare w* for M = 9 with numpy's least squares on the Vandermonde matrix (cond ≈ 1e7-1e8)."""
    V = np.vander(result.x_train, 10, increasing=True)
    assert np.linalg.cond(V) > 1e6
    w_np, *_ = np.linalg.lstsq(V, result.t_train, rcond=None)
    w_poly = np.polynomial.polynomial.polyfit(result.x_train, result.t_train, 9)
    w = result.coefficients[9]
    scale = np.abs(w_np).max()
    np.testing.assert_allclose(w, w_np, rtol=0, atol=1e-6 * scale)
    np.testing.assert_allclose(w, w_poly, rtol=0, atol=1e-6 * scale)
    np.testing.assert_allclose(result.coefficients_lambda[-np.inf], w)      # ln λ = −∞ is λ = 0


def test_lambda_curve(result):
    i_small, i_large = 0, len(result.ln_lambdas) - 1                         # ln λ = −40 and 0
    best = np.argmin(result.test_rms_lambda)
    assert result.test_rms_lambda[best] < result.test_rms_lambda[i_small]   # over-fit at tiny λ
    assert result.test_rms_lambda[best] < result.test_rms_lambda[i_large]   # under-fit at large λ
    assert np.all(np.diff(result.train_rms_lambda) >= -1e-9)                # more penalty, worse fit


def test_figures_and_seed(result):
    import matplotlib.pyplot as plt

    for fig in (result.figure_fits(), result.figure_rms()):
        assert len(fig.axes) >= 2
        plt.close(fig)
    again = polynomial_overfitting(random_state=0, ln_lambdas=[-18.0])
    np.testing.assert_array_equal(again.t_test, result.t_test)
    other = polynomial_overfitting(random_state=1, ln_lambdas=[0.0])
    np.testing.assert_array_equal(other.t_train, result.t_train)           # Bishop's points are fixed ...
    assert not np.array_equal(other.t_test, result.t_test)                 # ... the seed draws the test set
    a, b = (polynomial_overfitting(random_state=s, data="random", ln_lambdas=[0.0]) for s in (3, 3))
    np.testing.assert_array_equal(a.t_train, b.t_train)
    c = polynomial_overfitting(random_state=4, data="random", ln_lambdas=[0.0])
    assert not np.array_equal(a.t_train, c.t_train) and not np.array_equal(a.t_train, result.t_train)


def test_rms_curve_figure_1_5(result):
    """E_RMS = √(2 E(w*) / N); the test points come from the same sin(2πx) + N(0, 0.3²) process."""
    # M = 0: w₀ = mean of t, so E_RMS = √(Σ (t − t̄)² / N) = the population standard deviation
    assert result.train_rms[0] == pytest.approx(np.std(result.t_train), rel=1e-12)
    w3 = result.coefficients[3]
    E = 0.5 * np.sum((np.polynomial.polynomial.polyval(result.x_test, w3) - result.t_test) ** 2)
    assert result.test_rms[3] == pytest.approx(np.sqrt(2 * E / result.t_test.size), rel=1e-10)
    big = polynomial_overfitting(n_test=20_000, ln_lambdas=[0.0])
    residual = big.t_test - np.sin(2 * np.pi * big.x_test)
    assert residual.std() == pytest.approx(0.3, rel=0.03) and abs(residual.mean()) < 0.02
    assert np.all(np.diff(big.x_test) > 0) and big.x_test[0] == 0 and big.x_test[-1] == 1   # evenly spaced


def test_random_data_keeps_the_pattern():
    r = polynomial_overfitting(data="random", random_state=3, n_samples=15)
    assert r.data == "random" and r.x_train.size == 15 and r.lambda_match is None
    assert r.test_rms[3] < r.test_rms[0] and np.all(np.diff(r.train_rms) <= 1e-9)
    assert "data='random', seed 3" in r.coefficient_table() and "max|Δ|" not in r.coefficient_table()


def test_bad_input():
    with pytest.raises(ValueError, match="n_samples=1"):
        polynomial_overfitting(n_samples=1, data="random")
    with pytest.raises(ValueError, match="n_samples=20 applies to data='random' only"):
        polynomial_overfitting(n_samples=20)
    with pytest.raises(ValueError, match="data='bishops' is not supported; choose one of 'bishop', 'random'"):
        polynomial_overfitting(data="bishops")
    with pytest.raises(ValueError, match="noise"):
        polynomial_overfitting(noise=-1.0)
    with pytest.raises(ValueError, match="max_degree"):
        polynomial_overfitting(max_degree=-1)
