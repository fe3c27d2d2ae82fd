"""acf, pacf, difference/undifference, lag_matrix against statsmodels and by hand."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lucidml.timeseries import acf, acovf, difference, lag_matrix, pacf, undifference
from lucidml.timeseries.stattools import durbin_levinson

from ._data import macro, nile, sunspots

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


def test_toy_by_hand():
    # y = 1..5, ȳ = 3, z = (−2, −1, 0, 1, 2), Σz² = 10
    # γ(1)·n = (−1)(−2) + 0(−1) + 1·0 + 2·1 = 4   → ρ(1) = 0.4
    # γ(2)·n = 0(−2) + 1(−1) + 2·0 = −1            → ρ(2) = −0.1
    y = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_allclose(acf(y, 2), [1.0, 0.4, -0.1])
    # Durbin-Levinson: φ11 = ρ(1) = 0.4; φ22 = (ρ(2) − ρ(1)²) / (1 − ρ(1)²) = (−0.1 − 0.16) / 0.84
    np.testing.assert_allclose(pacf(np.r_[y, y], 2)[:2], [1.0, acf(np.r_[y, y], 1)[1]])
    _, alpha, _ = durbin_levinson(np.array([1.0, 0.4, -0.1]))
    np.testing.assert_allclose(alpha, [0.4, (-0.1 - 0.16) / 0.84])
    np.testing.assert_array_equal(difference([1.0, 4.0, 9.0, 16.0], 1), [3.0, 5.0, 7.0])
    np.testing.assert_array_equal(difference([1.0, 4.0, 9.0, 16.0], 2), [2.0, 2.0])
    Z, target = lag_matrix([1.0, 2.0, 3.0, 4.0], [1, 3], X=[[10.0], [20.0], [30.0], [40.0]])
    np.testing.assert_array_equal(Z, [[3.0, 1.0, 40.0]])   # t = 3: y_2, y_0, X_3
    np.testing.assert_array_equal(target, [4.0])


@pytest.mark.parametrize("load", [nile, sunspots, lambda: macro("infl"), lambda: macro("realgdp")])
def test_matches_reference(load):
    from statsmodels.tsa.stattools import acf as sm_acf
    from statsmodels.tsa.stattools import acovf as sm_acovf
    from statsmodels.tsa.stattools import pacf as sm_pacf

    y = load()
    nlags = min(40, len(y) // 2 - 1)
    np.testing.assert_allclose(acf(y, nlags), sm_acf(y, nlags=nlags, fft=False), rtol=0, atol=1e-10)
    np.testing.assert_allclose(acovf(y, nlags), sm_acovf(y, nlag=nlags, fft=False),
                               rtol=1e-10, atol=1e-10 * np.var(y))
    np.testing.assert_allclose(pacf(y, nlags), sm_pacf(y, nlags=nlags, method="ywm"), rtol=0, atol=1e-10)
    np.testing.assert_allclose(pacf(y, nlags, method="ols"), sm_pacf(y, nlags=nlags, method="ols"),
                               rtol=0, atol=1e-10)
    np.testing.assert_allclose(acf(y), sm_acf(y), atol=1e-10)          # the same default nlags


def test_lag_matrix_matches_statsmodels_lagmat():
    from statsmodels.tsa.tsatools import lagmat

    y = sunspots()
    Z, target = lag_matrix(y, 5)
    lags, leads = lagmat(y, 5, trim="both", original="sep")
    np.testing.assert_array_equal(Z, lags)
    np.testing.assert_array_equal(target, leads.ravel())


@given(arrays(float, st.integers(3, 40), elements=finite), st.integers(0, 2))
def test_property_undifference_inverts_difference(y, d):
    np.testing.assert_allclose(undifference(difference(y, d), y[:d]), y, atol=1e-8 * (1 + np.abs(y).max()))


@given(arrays(float, st.integers(8, 60), elements=finite))
def test_property_acf_pacf_bounded(y):
    if np.ptp(y) < 1e-6:
        return
    r = acf(y, len(y) - 1)
    a = pacf(y, len(y) // 2 - 1)
    assert r[0] == 1.0 and np.all(np.abs(r) <= 1 + 1e-12)
    assert np.all(np.abs(a) <= 1 + 1e-9)   # γ̂ with divisor n is positive semi-definite


def test_fft_autocovariance_equals_direct_sum():
    # the two paths of acovf (dot products for few lags, one FFT for many) agree
    y = sunspots()
    z = y - y.mean()
    direct = np.array([z[k:] @ z[: len(z) - k] for k in range(300)]) / len(z)
    np.testing.assert_allclose(acovf(y, 299), direct, rtol=1e-10, atol=1e-12 * direct[0])  # FFT path
    np.testing.assert_allclose(acovf(y, 29), direct[:30], rtol=1e-12)                     # direct path


def test_bad_input():
    with pytest.raises(ValueError, match="NaN"):
        acf([1.0, np.nan, 3.0, 4.0])
    with pytest.raises(ValueError, match="constant"):
        acf(np.ones(10))
    with pytest.raises(ValueError, match="n // 2"):
        pacf(np.arange(10.0), nlags=5)
    with pytest.raises(ValueError, match="method"):
        pacf(np.arange(10.0), 2, method="burg")
    with pytest.raises(ValueError, match="d <="):
        difference([1.0, 2.0], 2)
    with pytest.raises(ValueError, match=">= 0"):
        difference([1.0, 2.0, 3.0], -1)
    with pytest.raises(ValueError, match="largest lag"):
        lag_matrix([1.0, 2.0], 2)
    with pytest.raises(ValueError, match="positive"):
        lag_matrix([1.0, 2.0, 3.0], [0, 1])
    with pytest.raises(ValueError, match="rows"):
        lag_matrix([1.0, 2.0, 3.0], 1, X=np.ones((2, 1)))
    with pytest.raises(ValueError, match="one series"):
        acf(np.ones((5, 2)))
