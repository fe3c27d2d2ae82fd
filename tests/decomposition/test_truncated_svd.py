"""TruncatedSVD: by hand, scikit-learn, randomized = exact, API, bad input."""
import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.decomposition import TruncatedSVD


def test_toy_by_hand():
    # X = diag(3, 1) padded with a zero row: singular values 3 and 1, V = I; no centring.
    X = np.array([[3., 0.], [0., 1.], [0., 0.]])
    svd = TruncatedSVD(1, algorithm="exact").fit(X)
    np.testing.assert_allclose(svd.singular_values_, [3.])
    np.testing.assert_allclose(svd.components_, [[1., 0.]])
    np.testing.assert_allclose(svd.transform(X), [[3.], [0.], [0.]])
    np.testing.assert_allclose(svd.inverse_transform([[3.]]), [[3., 0.]])


@pytest.mark.parametrize("algorithm", ["exact", "randomized"])
@pytest.mark.parametrize("dataset", ["iris", "digits", "breast_cancer"])
def test_matches_reference(dataset, algorithm):
    # Exact: to 1e-8 up to sign. Randomized (5 power iterations): the leading singular values
    # to 1e-6 relative (their gaps are large on these data sets).
    from sklearn import datasets
    from sklearn.decomposition import TruncatedSVD as SkSVD

    X = getattr(datasets, f"load_{dataset}")().data
    ours = TruncatedSVD(3, algorithm=algorithm, random_state=0).fit(X)
    ref = SkSVD(3, algorithm="arpack").fit(X)
    np.testing.assert_allclose(ours.singular_values_, ref.singular_values_, rtol=1e-6 if algorithm == "randomized" else 1e-10)
    if algorithm == "exact":
        np.testing.assert_allclose(np.abs(ours.components_), np.abs(ref.components_), atol=1e-8)
        np.testing.assert_allclose(ours.explained_variance_ratio_, ref.explained_variance_ratio_, rtol=1e-8)


def test_bad_input():
    X = np.random.default_rng(0).normal(size=(4, 3))
    with pytest.raises(ValueError, match="n_components=5 must be <= 3"):
        TruncatedSVD(5).fit(X)
    with pytest.raises(ValueError, match="algorithm='lanczos'"):
        TruncatedSVD(1, algorithm="lanczos").fit(X)
    with pytest.raises(ValueError, match="infinity"):
        TruncatedSVD(1).fit(np.array([[np.inf, 1.], [1., 1.]]))


@parametrize_with_checks([TruncatedSVD(n_components=1, random_state=0),
                          TruncatedSVD(n_components=1, algorithm="exact")])
def test_estimator_api(estimator, check):
    check(estimator)
