"""The polynomial over-fitting experiment reproduces Bishop §1.1's pattern."""
import numpy as np
import pytest

from lucidml.experiments import polynomial_overfitting


@pytest.fixture(scope="module")
def result():
    return polynomial_overfitting(random_state=0)


def test_tables_have_the_published_shape(result):
    assert list(result.coefficients) == [0, 1, 3, 9]
    assert [len(w) for w in result.coefficients.values()] == [1, 2, 4, 10]
    text = result.tables()
    assert "M=3" in text and "ln λ=−∞" in text and "ln λ=-18" in text and "w9*" in text


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
    np.testing.assert_array_equal(again.t_train, result.t_train)
    assert not np.array_equal(polynomial_overfitting(random_state=1, ln_lambdas=[0.0]).t_train, result.t_train)


def test_bad_input():
    with pytest.raises(ValueError, match="n_samples=1"):
        polynomial_overfitting(n_samples=1)
    with pytest.raises(ValueError, match="noise"):
        polynomial_overfitting(noise=-1.0)
    with pytest.raises(ValueError, match="max_degree"):
        polynomial_overfitting(max_degree=-1)
