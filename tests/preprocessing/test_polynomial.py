"""PolynomialFeatures: by hand, against scikit-learn, properties, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError

from lucidml.preprocessing.polynomial import PolynomialFeatures


def test_toy_by_hand():
    # x = (2, 3), degree 2: 1, x₁, x₂, x₁², x₁x₂, x₂² = 1, 2, 3, 4, 6, 9
    assert PolynomialFeatures(2).fit_transform([[2.0, 3.0]]).tolist() == [[1, 2, 3, 4, 6, 9]]
    assert PolynomialFeatures(3, include_bias=False).fit_transform([[2.0]]).tolist() == [[2, 4, 8]]
    assert PolynomialFeatures(0).fit_transform([[5.0, 7.0]]).tolist() == [[1.0]]
    f = PolynomialFeatures(2).fit([[0.0, 0.0]])
    assert f.powers_.tolist() == [[0, 0], [1, 0], [0, 1], [2, 0], [1, 1], [0, 2]]


@pytest.mark.parametrize("degree", [1, 2, 3, 4])
@pytest.mark.parametrize("include_bias", [True, False])
def test_matches_reference(degree, include_bias):
    from sklearn.datasets import load_wine
    from sklearn.preprocessing import PolynomialFeatures as SkPF

    X = load_wine().data[:, :4]
    ours = PolynomialFeatures(degree, include_bias=include_bias).fit(X)
    ref = SkPF(degree, include_bias=include_bias).fit(X)
    np.testing.assert_allclose(ours.transform(X), ref.transform(X), rtol=1e-14)   # the same products
    np.testing.assert_array_equal(ours.powers_, ref.powers_)
    assert ours.get_feature_names_out().tolist() == ref.get_feature_names_out().tolist()
    assert ours.n_output_features_ == ref.n_output_features_


@given(st.integers(1, 4), st.integers(0, 4))
def test_property_column_count_is_a_binomial(D, M):
    """There are C(D + M, M) monomials of degree <= M in D variables."""
    from math import comb

    X = np.arange(1.0, D + 1)[None, :]
    assert PolynomialFeatures(M).fit_transform(X).shape == (1, comb(D + M, M))


def test_bad_input():
    with pytest.raises(ValueError, match="degree=-1 must be >= 0"):
        PolynomialFeatures(-1).fit([[1.0]])
    with pytest.raises(TypeError, match="degree"):
        PolynomialFeatures(1.5).fit([[1.0]])
    with pytest.raises(ValueError, match="no features"):
        PolynomialFeatures(0, include_bias=False).fit([[1.0]])
    with pytest.raises(ValueError, match="NaN"):
        PolynomialFeatures().fit([[np.nan]])
    with pytest.raises(NotFittedError):
        PolynomialFeatures().transform([[1.0]])
    with pytest.raises(ValueError, match="features"):
        PolynomialFeatures().fit([[1.0, 2.0]]).transform([[1.0]])
