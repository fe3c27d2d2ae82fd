"""Regression scores: by hand, against scikit-learn, properties and bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lucidml.metrics import mean_absolute_error, mean_squared_error, r2_score, root_mean_squared_error

ALL = [mean_squared_error, root_mean_squared_error, mean_absolute_error, r2_score]


def test_toy_by_hand():
    y, y_hat = [1.0, 2.0, 3.0, 4.0], [1.0, 3.0, 3.0, 2.0]
    # residuals 0, −1, 0, 2 -> squares 0, 1, 0, 4 (sum 5), absolutes 0, 1, 0, 2 (sum 3)
    assert mean_squared_error(y, y_hat) == 5 / 4
    assert root_mean_squared_error(y, y_hat) == np.sqrt(5 / 4)
    assert mean_absolute_error(y, y_hat) == 3 / 4
    # ȳ = 2.5, SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5, SS_res = 5 -> R² = 0
    assert r2_score(y, y_hat) == 0.0
    assert r2_score(y, y) == 1.0
    # weights 1, 1, 1, 0 drop the last sample: MSE = 1/3, MAE = 1/3
    assert mean_squared_error(y, y_hat, sample_weight=[1, 1, 1, 0]) == pytest.approx(1 / 3)
    # constant target: perfect prediction -> 1, otherwise 0 (force_finite)
    assert r2_score([2.0, 2.0], [2.0, 2.0]) == 1.0
    assert r2_score([2.0, 2.0], [1.0, 2.0]) == 0.0
    assert r2_score([2.0, 2.0], [1.0, 2.0], force_finite=False) == -np.inf


@pytest.mark.parametrize("multioutput", ["raw_values", "uniform_average", [0.2, 0.8]])
@pytest.mark.parametrize("weighted", [False, True])
def test_matches_reference(multioutput, weighted):
    sk = pytest.importorskip("sklearn.metrics")
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import LinearRegression as SkLR

    X, y = load_diabetes(return_X_y=True)
    Y = np.column_stack([y, np.log(y)])                                   # two outputs
    Y_hat = np.column_stack([SkLR().fit(X, y).predict(X), SkLR().fit(X, np.log(y)).predict(X)])
    s = np.random.default_rng(0).uniform(0, 2, len(y)) if weighted else None
    pairs = [(mean_squared_error, sk.mean_squared_error), (root_mean_squared_error, sk.root_mean_squared_error),
             (mean_absolute_error, sk.mean_absolute_error), (r2_score, sk.r2_score)]
    for ours, ref in pairs:
        # the same sums in a different order: equal to a few ulps
        np.testing.assert_allclose(ours(Y, Y_hat, sample_weight=s, multioutput=multioutput),
                                   ref(Y, Y_hat, sample_weight=s, multioutput=multioutput), rtol=1e-12)
        np.testing.assert_allclose(ours(y, Y_hat[:, 0], sample_weight=s), ref(y, Y_hat[:, 0], sample_weight=s),
                                   rtol=1e-12)


def test_r2_variance_weighted_matches_reference():
    from sklearn.metrics import r2_score as sk_r2

    rng = np.random.default_rng(1)
    Y = rng.normal(size=(50, 3)) * [1.0, 10.0, 0.1]
    Y_hat = Y + rng.normal(size=Y.shape)
    assert r2_score(Y, Y_hat, multioutput="variance_weighted") == pytest.approx(
        sk_r2(Y, Y_hat, multioutput="variance_weighted"), rel=1e-12)
    C = np.ones((5, 2))                                    # every column constant: plain mean
    assert r2_score(C, C, multioutput="variance_weighted") == sk_r2(C, C, multioutput="variance_weighted")


finite = st.floats(-1e3, 1e3, allow_nan=False)


@given(arrays(np.float64, st.integers(2, 30), elements=finite), st.data())
def test_property(y, data):
    y_hat = data.draw(arrays(np.float64, y.shape, elements=finite))
    mse, mae = mean_squared_error(y, y_hat), mean_absolute_error(y, y_hat)
    assert mse >= 0 and mae >= 0
    assert root_mean_squared_error(y, y_hat) == pytest.approx(np.sqrt(mse))
    assert mae <= np.sqrt(mse) * (1 + 1e-12) + 1e-12                     # Jensen: mean|e| <= √mean e²
    assert mean_squared_error(y, y) == 0 and r2_score(y, y) == 1.0
    assert r2_score(y, y_hat) <= 1.0
    # predicting the mean scores R² = 0 (unless y is constant, where force_finite says 1)
    r2_mean = r2_score(y, np.full_like(y, y.mean()))
    assert r2_mean == pytest.approx(0.0, abs=1e-9) or np.ptp(y) < 1e-6


@pytest.mark.parametrize("metric", ALL)
def test_bad_input(metric):
    with pytest.raises(ValueError, match="NaN"):
        metric([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="infinity"):
        metric([1.0, 2.0], [np.inf, 2.0])
    with pytest.raises(ValueError, match="empty"):
        metric([], [])
    with pytest.raises(ValueError, match="samples"):
        metric([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="numbers"):
        metric(["a", "b"], [1.0, 2.0])
    with pytest.raises(ValueError, match="1-D or 2-D"):
        metric(np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="output column"):
        metric(np.zeros((3, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="multioutput"):
        metric([1.0, 2.0], [1.0, 2.0], multioutput="median")
    with pytest.raises(ValueError, match="negative"):
        metric([1.0, 2.0], [1.0, 2.0], sample_weight=[1.0, -1.0])
    with pytest.raises(ValueError, match="sample_weight has 1"):
        metric([1.0, 2.0], [1.0, 2.0], sample_weight=[1.0])


def test_r2_single_sample_is_nan_with_a_warning_like_sklearn():
    from sklearn.exceptions import UndefinedMetricWarning
    from sklearn.metrics import r2_score as sk_r2

    with pytest.warns(UndefinedMetricWarning, match="single sample"):
        assert np.isnan(r2_score([1.0], [1.0]))
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(sk_r2([1.0], [1.0]))
