"""GaussianMixture: toy, equal to scikit-learn from the same start, EM monotone, API, bad input."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.stats import multivariate_normal
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.cluster import GaussianMixture, KMeans
from lucidml.cluster.gaussian_mixture import _log_gaussian, _m_step

TYPES = ["full", "tied", "diag", "spherical"]


def test_toy_by_hand():
    # Two tight groups of three 1-D points: means 0 and 10, variances (0.2² + 0.2²)/3 + reg,
    # weights 1/2 each.
    X = np.array([[0.], [0.2], [-0.2], [10.], [10.2], [9.8]])
    gm = GaussianMixture(2, random_state=0, reg_covar=0.0).fit(X)
    order = np.argsort(gm.means_.ravel())
    np.testing.assert_allclose(gm.means_.ravel()[order], [0., 10.], atol=1e-12)
    np.testing.assert_allclose(gm.covariances_.ravel()[order], [0.08 / 3, 0.08 / 3], rtol=1e-10)
    np.testing.assert_allclose(gm.weights_, [0.5, 0.5], atol=1e-12)


@pytest.mark.parametrize("covariance_type", TYPES)
def test_log_density_matches_scipy(covariance_type):
    # ln N(x | μ_k, Σ_k) through the precision Cholesky factor = scipy's logpdf.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    gamma = rng.dirichlet(np.ones(2), size=50)
    _, mu, Sigma, L = _m_step(X, gamma, covariance_type, 1e-6)
    ours = _log_gaussian(X, mu, L, covariance_type)
    for k in range(2):
        S = {"full": lambda: Sigma[k], "tied": lambda: Sigma, "diag": lambda: np.diag(Sigma[k]),
             "spherical": lambda: Sigma[k] * np.eye(3)}[covariance_type]()
        np.testing.assert_allclose(ours[:, k], multivariate_normal(mu[k], S).logpdf(X), rtol=1e-10)


@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize("dataset", ["iris", "wine"])
def test_matches_reference_from_same_start(covariance_type, dataset):
    # Start scikit-learn from exactly our initial parameters (the M step of our k-means
    # one-hot responsibilities): every EM round is the same arithmetic, so the parameters
    # agree to 1e-6 (observed ~1e-14).
    from sklearn import datasets
    from sklearn.mixture import GaussianMixture as SkGMM
    from sklearn.preprocessing import StandardScaler

    X = datasets.load_iris().data if dataset == "iris" else \
        StandardScaler().fit_transform(datasets.load_wine().data)
    ours = GaussianMixture(3, covariance_type=covariance_type, tol=1e-8, max_iter=200, random_state=0).fit(X)
    z = KMeans(3, n_init=1, random_state=np.random.RandomState(0)).fit(X).labels_
    pi, mu, Sigma, _ = _m_step(X, np.eye(3)[z], covariance_type, 1e-6)
    precisions = np.linalg.inv(Sigma) if covariance_type in ("full", "tied") else 1.0 / Sigma
    ref = SkGMM(3, covariance_type=covariance_type, weights_init=pi, means_init=mu,
                precisions_init=precisions, tol=1e-8, max_iter=200).fit(X)
    np.testing.assert_allclose(ours.means_, ref.means_, atol=1e-6)
    np.testing.assert_allclose(ours.covariances_, ref.covariances_, atol=1e-6)
    np.testing.assert_allclose(ours.weights_, ref.weights_, atol=1e-6)
    assert ours.lower_bound_ == pytest.approx(ref.lower_bound_, abs=1e-8)
    assert ours.n_iter_ == ref.n_iter_
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)
    assert ours.score(X) == pytest.approx(ref.score(X), rel=1e-10)
    assert ours.bic(X) == pytest.approx(ref.bic(X), rel=1e-10)
    assert ours.aic(X) == pytest.approx(ref.aic(X), rel=1e-10)


@settings(max_examples=15)
@given(st.integers(0, 10_000), st.sampled_from(TYPES), st.sampled_from(["kmeans", "random"]))
def test_property_em_likelihood_never_decreases(seed, covariance_type, init):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(40, 2)), rng.normal(size=(40, 2)) * 0.5 + 3])
    gm = GaussianMixture(3, covariance_type=covariance_type, init_params=init, tol=0.0, max_iter=20,
                         random_state=seed)
    with pytest.warns(Warning):     # tol=0 never "converges": a ConvergenceWarning is expected
        gm.fit(X)
    assert np.all(np.diff(gm.lower_bounds_) >= -1e-10)


def test_sample_recovers_parameters():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal([0, 0], 1.0, size=(300, 2)), rng.normal([6, 6], 0.5, size=(300, 2))])
    gm = GaussianMixture(2, random_state=1).fit(X)
    Xs, ks = gm.sample(20_000)
    assert Xs.shape == (20_000, 2) and set(np.unique(ks)) == {0, 1}
    for k in range(2):     # sample mean within ~5 standard errors of μ_k
        np.testing.assert_allclose(Xs[ks == k].mean(axis=0), gm.means_[k], atol=0.05)
    np.testing.assert_allclose(np.bincount(ks) / 20_000, gm.weights_, atol=0.02)


def test_bad_input():
    X = np.random.default_rng(0).normal(size=(10, 2))
    with pytest.raises(ValueError, match="n_components=11 exceeds"):
        GaussianMixture(11).fit(X)
    with pytest.raises(ValueError, match="covariance_type"):
        GaussianMixture(2, covariance_type="banded").fit(X)
    with pytest.raises(ValueError, match="infinity|NaN"):
        GaussianMixture(2).fit(np.vstack([X, [[np.inf, 0.]]]))
    # Collinear features without regularisation: a singular covariance, and the error says what to do.
    Xs = np.column_stack([X[:, 0], 2 * X[:, 0]])
    with pytest.raises(ValueError, match="Increase reg_covar"):
        GaussianMixture(1, reg_covar=0.0).fit(Xs)
    GaussianMixture(1, reg_covar=1e-6).fit(Xs)   # ...and the default regularisation fixes it


@parametrize_with_checks([GaussianMixture(random_state=0)])
def test_estimator_api(estimator, check):
    check(estimator)


def test_verbose_shows_progress_and_changes_nothing():
    X = np.random.default_rng(0).normal(size=(300, 2))
    quiet = GaussianMixture(2, n_init=2, random_state=0).fit(X)
    loud = GaussianMixture(2, n_init=2, random_state=0, verbose=1).fit(X)
    np.testing.assert_array_equal(quiet.means_, loud.means_)
