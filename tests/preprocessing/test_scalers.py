"""StandardScaler and MinMaxScaler: by hand, against scikit-learn, API checks, properties, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn import preprocessing as skp
from sklearn.datasets import load_diabetes, load_iris, load_wine
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.neighbors import KNeighborsClassifier
from lucidml.preprocessing import MinMaxScaler, StandardScaler


def test_toy_by_hand_standard():
    # column 0: μ = 2, σ² = ((−2)² + 0² + 2²)/3 = 8/3 → z = ±2/√(8/3) = ±1.2247
    # column 1 is constant: σ = 0 is replaced by 1, so it maps to 0
    X = np.array([[0., 5.], [2., 5.], [4., 5.]])
    s = StandardScaler().fit(X)
    np.testing.assert_allclose(s.mean_, [2, 5])
    np.testing.assert_allclose(s.var_, [8 / 3, 0])
    np.testing.assert_allclose(s.scale_, [np.sqrt(8 / 3), 1])
    np.testing.assert_allclose(s.transform(X), [[-1.2247448714, 0], [0, 0], [1.2247448714, 0]], atol=1e-10)
    np.testing.assert_allclose(s.transform([[6., 7.]]), [[2.4494897428, 2.]], atol=1e-10)


def test_toy_by_hand_minmax():
    # m = [0, −1], M = [4, 1]; feature_range (−1, 1): z = −1 + 2 (x − m)/(M − m)
    X = np.array([[0., -1.], [1., 0.], [4., 1.]])
    s = MinMaxScaler(feature_range=(-1, 1)).fit(X)
    np.testing.assert_allclose(s.transform(X), [[-1, -1], [-0.5, 0], [1, 1]])
    np.testing.assert_allclose(s.transform([[8., 3.]]), [[3, 3]])               # outside: not clipped
    np.testing.assert_allclose(MinMaxScaler(clip=True).fit(X).transform([[8., 3.]]), [[1, 1]])


@pytest.mark.parametrize("loader", [load_iris, load_wine, load_diabetes])
@pytest.mark.parametrize("ours, theirs", [
    (StandardScaler(), skp.StandardScaler()),
    (StandardScaler(with_mean=False), skp.StandardScaler(with_mean=False)),
    (StandardScaler(with_std=False), skp.StandardScaler(with_std=False)),
    (MinMaxScaler(), skp.MinMaxScaler()),
    (MinMaxScaler(feature_range=(-3, 2)), skp.MinMaxScaler(feature_range=(-3, 2))),
])
def test_matches_reference(loader, ours, theirs):
    X, _ = loader(return_X_y=True)
    X_train, X_new = X[::2], X[1::2]
    a, b = ours.fit(X_train), theirs.fit(X_train)
    # same formulas; sklearn accumulates the variance incrementally, so allow rounding (1e-12)
    np.testing.assert_allclose(a.transform(X_new), b.transform(X_new), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(a.inverse_transform(a.transform(X_new)), X_new, rtol=1e-12, atol=1e-12)
    for attr in ("mean_", "var_", "scale_", "data_min_", "data_max_", "min_"):
        if hasattr(b, attr) and getattr(b, attr) is not None:
            np.testing.assert_allclose(getattr(a, attr), getattr(b, attr), rtol=1e-12, atol=1e-14)


def test_in_sklearn_pipeline_with_lucidml_estimator():
    X, y = load_wine(return_X_y=True)
    ours = make_pipeline(StandardScaler(), KNeighborsClassifier(5)).fit(X[::2], y[::2])
    theirs = make_pipeline(skp.StandardScaler(), KNeighborsClassifier(5)).fit(X[::2], y[::2])
    np.testing.assert_array_equal(ours.predict(X[1::2]), theirs.predict(X[1::2]))
    # scaling matters for kNN on wine (proline is in the hundreds, hue near 1)
    raw = KNeighborsClassifier(5).fit(X[::2], y[::2]).score(X[1::2], y[1::2])
    assert ours.score(X[1::2], y[1::2]) > raw + 0.2


@parametrize_with_checks([StandardScaler(), MinMaxScaler(), MinMaxScaler(feature_range=(-1, 1), clip=True)])
def test_estimator_api(estimator, check):
    check(estimator)


@given(arrays(np.float64, st.tuples(st.integers(2, 30), st.integers(1, 4)),
              elements=st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False)))
def test_property(X):
    z = StandardScaler().fit_transform(X)
    spread = X.max(axis=0) - X.min(axis=0)
    varying = spread > 1e-6 * np.maximum(1, np.abs(X).max(axis=0))
    np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-8)
    np.testing.assert_allclose(z.std(axis=0)[varying], 1, rtol=1e-6)
    m = MinMaxScaler().fit(X)
    zm = m.transform(X)
    assert zm.min() >= -1e-12 and zm.max() <= 1 + 1e-12
    np.testing.assert_allclose(zm.min(axis=0)[varying], 0, atol=1e-12)
    np.testing.assert_allclose(zm.max(axis=0)[varying], 1, atol=1e-9)
    np.testing.assert_allclose(m.inverse_transform(zm), X, rtol=1e-9, atol=1e-6)


def test_bad_input():
    with pytest.raises(ValueError, match="feature_range=\\(1, 0\\) needs min < max"):
        MinMaxScaler(feature_range=(1, 0)).fit([[0.], [1.]])
    with pytest.raises(ValueError, match="pair"):
        MinMaxScaler(feature_range=5).fit([[0.], [1.]])
    with pytest.raises(ValueError, match="NaN"):
        StandardScaler().fit([[0.], [np.nan]])
    with pytest.raises(ValueError, match="3 features"):
        StandardScaler().fit(np.zeros((4, 2))).transform(np.zeros((2, 3)))
    with pytest.raises(Exception, match="not fitted"):
        MinMaxScaler().transform([[1.]])
