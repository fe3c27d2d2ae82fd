"""Distributions: densities against scipy.stats, closed-form MLEs, sampling moments, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from lucidml.probability import Bernoulli, Binomial, Categorical, Gaussian, MultivariateGaussian, Poisson, Uniform


def test_toy_by_hand():
    # N(0 | 0, 1) = 1/√(2π); ln N(1 | 0, 1) = −½ ln 2π − ½
    assert Gaussian().pdf(0.0) == pytest.approx(1 / np.sqrt(2 * np.pi), rel=1e-15)
    assert Gaussian().logpdf(1.0) == pytest.approx(-0.5 * np.log(2 * np.pi) - 0.5, rel=1e-15)
    # Bern(1 | 0.3) = 0.3, Bern(0 | 0.3) = 0.7, Bern(2 | 0.3) = 0
    assert Bernoulli(0.3).pmf([1, 0, 2]).tolist() == pytest.approx([0.3, 0.7, 0.0])
    # Bin(2 | 4, 0.5) = C(4, 2) / 16 = 6/16
    assert Binomial(4, 0.5).pmf(2) == pytest.approx(6 / 16)
    # Pois(0 | 2) = e^−2, Pois(2 | 2) = 4 e^−2 / 2
    assert Poisson(2.0).pmf([0, 2]).tolist() == pytest.approx([np.exp(-2), 2 * np.exp(-2)])
    # MLE fits, worked out: data 1, 1, 0, 1 -> p = 3/4; counts 1, 3 -> λ = 2; 0, 1, 1, 2 -> p = (1/4, 2/4, 1/4)
    assert Bernoulli.fit([1, 1, 0, 1]).p == 0.75
    assert Poisson.fit([1, 3]).lam == 2.0
    np.testing.assert_allclose(Categorical.fit([0, 1, 1, 2]).p, [0.25, 0.5, 0.25])
    assert Binomial.fit([1, 3], n=4).p == 0.5                           # (1 + 3) / (2 · 4)
    u = Uniform.fit([0.5, 2.0, 1.0])
    assert (u.a, u.b, u.mean(), u.var()) == (0.5, 2.0, 1.25, 1.5 ** 2 / 12)
    # a diagonal 2-D Gaussian factorises into two 1-D ones
    mvn = MultivariateGaussian([1.0, -1.0], np.diag([4.0, 0.25]))
    x = np.array([0.0, 0.0])
    assert mvn.logpdf(x) == pytest.approx(Gaussian(1, 4).logpdf(0.0) + Gaussian(-1, 0.25).logpdf(0.0), rel=1e-14)


GRID = np.linspace(-4, 6, 41)
COUNTS = np.arange(-2, 40) + 0.0


@pytest.mark.parametrize("ours, ref, points", [
    (Gaussian(1.5, 2.3), stats.norm(1.5, np.sqrt(2.3)), GRID),
    (Uniform(-1.0, 2.5), stats.uniform(-1.0, 3.5), GRID),
    (Bernoulli(0.3), stats.bernoulli(0.3), COUNTS),
    (Bernoulli(0.0), stats.bernoulli(0.0), COUNTS),
    (Binomial(17, 0.42), stats.binom(17, 0.42), COUNTS),
    (Binomial(10, 1.0), stats.binom(10, 1.0), COUNTS),
    (Poisson(3.7), stats.poisson(3.7), COUNTS),
    (Categorical([0.1, 0.6, 0.3]), stats.rv_discrete(values=([0, 1, 2], [0.1, 0.6, 0.3])), COUNTS),
])
def test_matches_reference(ours, ref, points):
    """Densities equal scipy.stats to 1e-10 (relative; log-densities absolute) on and off the support."""
    log_density = ours.logpmf if hasattr(ours, "logpmf") else ours.logpdf
    density = ours.pmf if hasattr(ours, "pmf") else ours.pdf
    ref_log = ref.logpmf if hasattr(ref, "logpmf") else ref.logpdf
    ref_density = ref.pmf if hasattr(ref, "pmf") else ref.pdf
    with np.errstate(divide="ignore"):
        expected_log = ref_log(points)
    np.testing.assert_allclose(log_density(points), expected_log, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(density(points), ref_density(points), rtol=1e-10, atol=1e-300)
    assert ours.mean() == pytest.approx(ref.mean(), rel=1e-12)
    assert ours.var() == pytest.approx(ref.var(), rel=1e-12, abs=1e-15)


def test_multivariate_matches_reference():
    from sklearn.datasets import load_wine

    X = load_wine().data[:, :5]
    mvn = MultivariateGaussian.fit(X)
    ref = stats.multivariate_normal(X.mean(axis=0), np.cov(X.T, bias=True))
    np.testing.assert_allclose(mvn.logpdf(X), ref.logpdf(X), rtol=1e-10)
    np.testing.assert_allclose(mvn.pdf(X[:3]), ref.pdf(X[:3]), rtol=1e-10)
    np.testing.assert_allclose(mvn.cov, np.cov(X.T, bias=True), rtol=1e-12)


def test_mle_matches_closed_form_and_scipy():
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 2.0, 500)
    g = Gaussian.fit(x)
    mu_ref, sigma_ref = stats.norm.fit(x)                                   # scipy's MLE, closed form too
    assert g.mu == pytest.approx(mu_ref, rel=1e-12) and g.sigma2 == pytest.approx(sigma_ref ** 2, rel=1e-12)
    assert g.sigma2 == pytest.approx(np.var(x), rel=1e-12)                  # ddof = 0, not 1
    k = rng.poisson(4.2, 300)
    assert Poisson.fit(k).lam == pytest.approx(k.mean(), rel=1e-15)
    u = rng.uniform(-2, 5, 100)
    loc, scale = stats.uniform.fit(u)
    fitted = Uniform.fit(u)
    assert (fitted.a, fitted.b) == pytest.approx((loc, loc + scale), rel=1e-10)


@pytest.mark.parametrize("dist", [Gaussian(-1.0, 0.5), Uniform(2, 3), Bernoulli(0.2), Binomial(8, 0.3),
                                  Poisson(6.5), Categorical([0.5, 0.25, 0.25])])
def test_sampling_moments_and_seed(dist):
    x = dist.sample(40_000, random_state=0)
    assert x.shape == (40_000,)
    # the mean of 40 000 draws lies within 5 standard errors of the true mean
    assert abs(x.mean() - dist.mean()) < 5 * np.sqrt(dist.var() / x.size)
    assert x.var() == pytest.approx(dist.var(), rel=0.05)
    np.testing.assert_array_equal(dist.sample(10, random_state=1), dist.sample(10, random_state=1))
    assert np.isfinite(dist.logpmf(x) if hasattr(dist, "logpmf") else dist.logpdf(x)).all()


def test_multivariate_sampling():
    Sigma = np.array([[2.0, 0.8], [0.8, 1.0]])
    x = MultivariateGaussian([1.0, 2.0], Sigma).sample(50_000, random_state=np.random.default_rng(3))
    assert x.shape == (50_000, 2)
    np.testing.assert_allclose(x.mean(axis=0), [1.0, 2.0], atol=0.03)
    np.testing.assert_allclose(np.cov(x.T), Sigma, atol=0.05)


@given(arrays(np.float64, st.integers(3, 40), elements=st.floats(-100, 100)))
def test_property_mle_maximises_likelihood(x):
    """No nearby (μ, σ²) has a higher likelihood than the MLE."""
    if np.ptp(x) < 1e-3:
        return
    g = Gaussian.fit(x)
    best = g.log_likelihood(x)
    for dmu, scale in [(0.01, 1.0), (-0.01, 1.0), (0.0, 1.05), (0.0, 0.95)]:
        other = Gaussian(g.mu + dmu * np.sqrt(g.sigma2), g.sigma2 * scale)
        assert other.log_likelihood(x) <= best + 1e-9


@given(st.lists(st.integers(0, 1), min_size=1, max_size=50), st.floats(0.01, 0.99))
def test_property_bernoulli_mle(x, q):
    p = Bernoulli.fit(x)
    assert p.log_likelihood(x) >= Bernoulli(q).log_likelihood(x) - 1e-9


@given(st.floats(0.1, 30.0))
def test_property_masses_sum_to_one(lam):
    assert Poisson(lam).pmf(np.arange(400)).sum() == pytest.approx(1.0, abs=1e-12)
    assert Binomial(25, min(lam / 30, 1.0)).pmf(np.arange(26)).sum() == pytest.approx(1.0, abs=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="sigma2"):
        Gaussian(0, 0)
    with pytest.raises(ValueError, match="a < b"):
        Uniform(1, 1)
    with pytest.raises(ValueError, match="probability"):
        Bernoulli(1.5)
    with pytest.raises(ValueError, match="n=-1"):
        Binomial(-1, 0.5)
    with pytest.raises(ValueError, match="sum to 1"):
        Categorical([0.5, 0.6])
    with pytest.raises(ValueError, match="lam"):
        Poisson(-1)
    with pytest.raises(ValueError, match="positive definite"):
        MultivariateGaussian([0, 0], [[1, 1], [1, 1]])
    with pytest.raises(ValueError, match="symmetric"):
        MultivariateGaussian([0, 0], [[1, 0.5], [0, 1]])
    with pytest.raises(ValueError, match=r"\(2, 2\)"):
        MultivariateGaussian([0, 0], np.eye(3))
    with pytest.raises(ValueError, match="features"):
        MultivariateGaussian([0, 0], np.eye(2)).logpdf([[1, 2, 3]])
    with pytest.raises(ValueError, match="singular"):
        MultivariateGaussian.fit([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValueError, match="NaN"):
        Gaussian().pdf([0.0, np.nan])
    with pytest.raises(ValueError, match="NaN"):
        Gaussian.fit([0.0, np.nan])
    with pytest.raises(ValueError, match="empty"):
        Poisson.fit([])
    with pytest.raises(ValueError, match="spread"):
        Gaussian.fit([2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="0 or 1"):
        Bernoulli.fit([0, 1, 2])
    with pytest.raises(ValueError, match="counts"):
        Poisson.fit([1.5])
    with pytest.raises(ValueError, match="numbers"):
        Gaussian.fit(["a", "b"])
    with pytest.raises(ValueError, match=">= 0"):
        Gaussian().sample(-1)
    with pytest.raises(TypeError, match="integer"):
        Gaussian().sample(2.5)


def test_repr_and_equality():
    assert repr(Gaussian(2, 0.5)) == "Gaussian(mu=2, sigma2=0.5)"
    assert Gaussian(1, 2) == Gaussian(1.0, 2.0) and Gaussian(1, 2) != Gaussian(1, 3)
    assert Gaussian().sample(0).shape == (0,)
