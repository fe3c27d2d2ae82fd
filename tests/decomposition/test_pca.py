"""PCA: toy by hand, scikit-learn to 1e-8, the two views of the objective, API, bad input."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.decomposition import PCA


def test_toy_by_hand():
    # Points on the line y = x: C = [[s, s], [s, s]] with s = var(x), eigenvalues 2s and 0,
    # first axis (1, 1)/√2. For x = (−2, −1, 1, 2): s = 10/3, λ₁ = 20/3.
    X = np.array([[-2., -2.], [-1., -1.], [1., 1.], [2., 2.]])
    pca = PCA().fit(X)
    np.testing.assert_allclose(pca.explained_variance_, [20 / 3, 0.0], atol=1e-12)
    np.testing.assert_allclose(pca.components_[0], [1 / np.sqrt(2), 1 / np.sqrt(2)])
    np.testing.assert_allclose(pca.explained_variance_ratio_, [1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(pca.transform([[1., 1.]]), [[np.sqrt(2), 0.0]], atol=1e-12)


@pytest.mark.parametrize("solver,sk_solver", [("covariance-eigh", "covariance_eigh"), ("svd", "full")])
@pytest.mark.parametrize("dataset", ["iris", "wine", "digits", "breast_cancer"])
def test_matches_reference(dataset, solver, sk_solver):
    # Same sign convention (largest-|value| entry positive): components equal to 1e-8.
    from sklearn import datasets
    from sklearn.decomposition import PCA as SkPCA

    X = getattr(datasets, f"load_{dataset}")().data
    for n_components, whiten in ((3, False), (0.95, True)):
        ours = PCA(n_components, solver=solver, whiten=whiten).fit(X)
        ref = SkPCA(n_components, svd_solver=sk_solver, whiten=whiten).fit(X)
        assert ours.n_components_ == ref.n_components_
        np.testing.assert_allclose(ours.components_, ref.components_, atol=1e-8)
        np.testing.assert_allclose(ours.explained_variance_, ref.explained_variance_, rtol=1e-8)
        np.testing.assert_allclose(ours.explained_variance_ratio_, ref.explained_variance_ratio_, rtol=1e-8)
        np.testing.assert_allclose(ours.singular_values_, ref.singular_values_, rtol=1e-8)
        assert ours.noise_variance_ == pytest.approx(ref.noise_variance_, rel=1e-6, abs=1e-10)
        scale = np.abs(ref.transform(X)).max()
        np.testing.assert_allclose(ours.transform(X), ref.transform(X), atol=1e-8 * scale)
        np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)),
                                   ref.inverse_transform(ref.transform(X)), atol=1e-8 * np.abs(X).max())


def test_solvers_agree_and_full_rank_reconstructs():
    X = np.random.default_rng(0).normal(size=(100, 6)) @ np.random.default_rng(1).normal(size=(6, 6))
    a, b = PCA(solver="covariance-eigh").fit(X), PCA(solver="svd").fit(X)
    np.testing.assert_allclose(a.components_, b.components_, atol=1e-10)
    np.testing.assert_allclose(a.inverse_transform(a.transform(X)), X, atol=1e-10)


@given(st.integers(0, 10_000), st.integers(1, 4))
def test_property_max_variance_is_min_reconstruction_error(seed, d):
    # Σ_j λ_j (variance kept) + mean reconstruction error · N/(N−1) = total variance, and no
    # random d-dimensional subspace keeps more variance (or reconstructs better).
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(60, 5)) * np.array([3., 2., 1., .5, .2])
    pca = PCA(d).fit(X)
    err = -pca.score_samples(X).mean()
    total = X.var(axis=0, ddof=1).sum()
    assert pca.explained_variance_.sum() + err * 60 / 59 == pytest.approx(total, rel=1e-10)
    Q, _ = np.linalg.qr(rng.normal(size=(5, d)))                      # a random orthonormal basis
    Xc = X - X.mean(axis=0)
    err_random = (((Xc - Xc @ Q @ Q.T) ** 2).sum(axis=1)).mean()
    assert err <= err_random + 1e-12


def test_constant_features_and_bad_input():
    X = np.column_stack([np.arange(5.), np.ones(5)])                  # a constant feature is fine
    pca = PCA().fit(X)
    np.testing.assert_allclose(pca.explained_variance_ratio_, [1.0, 0.0], atol=1e-12)
    with pytest.warns(RuntimeWarning, match="every feature of X is constant"):
        PCA().fit(np.ones((4, 3)))
    with pytest.raises(ValueError, match="n_components=3 must be between 1 and"):
        PCA(3).fit(X)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        PCA(1.5).fit(X)
    with pytest.raises(TypeError, match="n_components must be"):
        PCA("mle").fit(X)
    with pytest.raises(ValueError, match="solver='arpack'"):
        PCA(solver="arpack").fit(X)
    with pytest.raises(ValueError, match="NaN"):
        PCA().fit([[0., np.nan], [1., 2.], [3., 4.]])
    with pytest.raises(ValueError, match="shape"):
        PCA(1).fit(X).inverse_transform(np.ones((2, 2)))


@parametrize_with_checks([PCA(), PCA(n_components=1, whiten=True, solver="svd")])
def test_estimator_api(estimator, check):
    check(estimator)
