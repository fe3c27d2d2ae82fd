"""§3 probability: maximum-likelihood fits and log-likelihoods against scipy.stats on real data."""
import numpy as np

from lucidml.verify.registry import case

_MLE = ("closed-form MLE (a mean, a variance) and a sum of log-densities: rounding only, "
        "1e-10 of the largest value")


def _values(d):
    """One real variable: the series itself, or the first column."""
    return d.y if d.X is None else d.X[:, 0]


@case("Gaussian", reference="scipy.stats.norm.fit + logpdf", quantity="μ_ML, σ_ML, log-likelihood",
      datasets=["nile", "iris", "wine"], tol=1e-10, relative=True, reason=_MLE, requires=["scipy"])
def gaussian(d):
    from scipy import stats

    from lucidml.probability import Gaussian

    x = _values(d)
    g = Gaussian.fit(x)
    mu, sigma = stats.norm.fit(x)
    return [g.mu, np.sqrt(g.sigma2), g.log_likelihood(x)], [mu, sigma, stats.norm(mu, sigma).logpdf(x).sum()]


@case("MultivariateGaussian", reference="scipy.stats.multivariate_normal", quantity="log-density of every row",
      datasets=["iris", "wine"], tol=1e-10, relative=True,
      reason="a Cholesky solve against SciPy's eigendecomposition: rounding only, 1e-10 of the largest value",
      requires=["scipy"])
def multivariate_gaussian(d):
    from scipy import stats

    from lucidml.probability import MultivariateGaussian

    X = d.X[:, :5]                                   # five features keep wine's covariance well conditioned
    mvn = MultivariateGaussian.fit(X)
    return mvn.logpdf(X), stats.multivariate_normal(X.mean(axis=0), np.cov(X.T, bias=True)).logpdf(X)


def _counts(d):
    # digits: the ink (0..16) of pixel 20 of every image; linnerud: the number of chin-ups
    return d.X[:, 20] if d.name == "digits" else d.X[:, 0]


@case("Poisson", reference="scipy.stats.poisson", quantity="λ_ML, log-likelihood",
      datasets=["digits", "linnerud"], tol=1e-10, relative=True, reason=_MLE, requires=["scipy"])
def poisson(d):
    from scipy import stats

    from lucidml.probability import Poisson

    k = _counts(d)
    p = Poisson.fit(k)
    return [p.lam, p.log_likelihood(k)], [k.mean(), stats.poisson(k.mean()).logpmf(k).sum()]


def _out_of_n(d):
    """(counts k, trials n): the ink of pixel 20 of each digit out of 16 levels, or the number of
    malignant tumours in each block of 10 consecutive patients."""
    if d.name == "digits":
        return d.X[:, 20], 16
    y = (d.y == 0).astype(float)                     # target 0 is malignant
    return y[: len(y) // 10 * 10].reshape(-1, 10).sum(axis=1), 10


@case("Binomial", reference="scipy.stats.binom", quantity="p_ML (n known), log-likelihood",
      datasets=["digits", "breast_cancer"], tol=1e-10, relative=True, reason=_MLE, requires=["scipy"])
def binomial(d):
    from scipy import stats

    from lucidml.probability import Binomial

    k, n = _out_of_n(d)
    b = Binomial.fit(k, n=n)
    return [b.p, b.log_likelihood(k)], [k.mean() / n, stats.binom(n, k.mean() / n).logpmf(k).sum()]


@case("Bernoulli", reference="scipy.stats.bernoulli", quantity="p_ML, log-likelihood",
      datasets=["breast_cancer", "iris"], tol=1e-10, relative=True, reason=_MLE, requires=["scipy"])
def bernoulli(d):
    from scipy import stats

    from lucidml.probability import Bernoulli

    x = (d.y == d.y.max()).astype(float)            # malignant / virginica or not
    b = Bernoulli.fit(x)
    return [b.p, b.log_likelihood(x)], [x.mean(), stats.bernoulli(x.mean()).logpmf(x).sum()]


@case("Categorical", reference="scipy.stats.multinomial(1, p)", quantity="p_ML per class, log-likelihood",
      datasets=["iris", "wine", "digits"], tol=1e-10, relative=True, reason=_MLE, requires=["scipy"])
def categorical(d):
    from scipy import stats

    from lucidml.probability import Categorical

    y = d.y.astype(float)
    c = Categorical.fit(y)
    p = np.bincount(d.y) / len(d.y)
    one_hot = np.eye(len(p))[d.y]
    return [*c.p, c.log_likelihood(y)], [*p, stats.multinomial(1, p).logpmf(one_hot).sum()]


@case("Uniform", reference="scipy.stats.uniform.fit", quantity="a_ML, b_ML, log-likelihood",
      datasets=["nile", "iris"], tol=1e-10, relative=True,
      reason="the MLE is [min, max], found by SciPy's optimiser to 1e-10: rounding and its stopping rule",
      requires=["scipy"])
def uniform(d):
    from scipy import stats

    from lucidml.probability import Uniform

    x = _values(d)
    u = Uniform.fit(x)
    loc, scale = stats.uniform.fit(x)
    return [u.a, u.b, u.log_likelihood(x)], [loc, loc + scale, stats.uniform(loc, scale).logpdf(x).sum()]
