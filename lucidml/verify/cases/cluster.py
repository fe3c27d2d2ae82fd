"""§8 clustering against scikit-learn and SciPy."""
import numpy as np

from lucidml.verify.cases._common import scaled
from lucidml.verify.registry import case


@case("KMeans", reference="sklearn.cluster.KMeans(algorithm='lloyd')", quantity="cluster centres (k = 6)",
      datasets=["iris", "wine", "digits"], tol=1e-8,
      reason="from the same initial centres both run the same Lloyd iterations: rounding only (seen ~1e-13)")
def kmeans(d):
    from sklearn import cluster as sk

    from lucidml.cluster import KMeans

    init = d.X[np.random.default_rng(0).choice(len(d.X), 6, replace=False)]
    ours = KMeans(6, init=init).fit(d.X)
    ref = sk.KMeans(6, init=init, n_init=1, algorithm="lloyd").fit(d.X)
    return ours.cluster_centers_, ref.cluster_centers_


@case("linkage", reference="scipy.cluster.hierarchy.linkage", quantity="sorted merge heights, Ward",
      datasets=["iris", "wine"], tol=1e-10, relative=True,
      reason="the same Lance-Williams updates: rounding only (seen: exactly equal)", requires=["scipy"])
def linkage_heights(d):
    from scipy.cluster.hierarchy import linkage as sp_linkage

    from lucidml.cluster import linkage

    return np.sort(linkage(d.X, "ward")[:, 2]), np.sort(sp_linkage(d.X, "ward")[:, 2])


@case("AgglomerativeClustering", reference="sklearn.cluster.AgglomerativeClustering",
      quantity="1 − adjusted Rand index of the 3-cluster labels", datasets=["iris", "wine"], tol=1e-12,
      reason="labels are equal up to renumbering when the two trees agree: the index is exactly 1")
def agglomerative(d):
    from sklearn import cluster as sk
    from sklearn.metrics import adjusted_rand_score

    from lucidml.cluster import AgglomerativeClustering

    X = scaled(d)
    ours = AgglomerativeClustering(3).fit(X).labels_
    return 1 - adjusted_rand_score(ours, sk.AgglomerativeClustering(3).fit(X).labels_), 0.0


@case("GaussianMixture", reference="sklearn.mixture.GaussianMixture, restarted from our fit",
      quantity="means after scikit-learn's EM continues from ours", datasets=["iris", "wine"], tol=1e-4,
      reason="our fit is a fixed point of EM (tol 1e-8 on the mean log-likelihood): scikit-learn's EM "
             "from it moves no mean by more than 1e-4")
def gaussian_mixture(d):
    from sklearn import mixture as sk

    from lucidml.cluster import GaussianMixture

    X = scaled(d)
    ours = GaussianMixture(3, tol=1e-8, max_iter=500, random_state=0).fit(X)
    ref = sk.GaussianMixture(3, weights_init=ours.weights_, means_init=ours.means_,
                             precisions_init=np.linalg.inv(ours.covariances_), tol=1e-8, max_iter=500).fit(X)
    return ours.means_, ref.means_


@case("GaussianMixture", reference="sklearn.mixture.GaussianMixture.score_samples at our parameters",
      quantity="log-density of every row", datasets=["iris", "wine"], tol=1e-10, relative=True,
      reason="the same mixture density evaluated twice (log-sum-exp of Cholesky terms): rounding only")
def gaussian_mixture_density(d):
    from sklearn import mixture as sk

    from lucidml.cluster import GaussianMixture

    X = scaled(d)
    ours = GaussianMixture(3, random_state=0).fit(X)
    ref = sk.GaussianMixture(3)                        # not fitted: given our parameters, no EM step
    ref.weights_, ref.means_, ref.covariances_ = ours.weights_, ours.means_, ours.covariances_
    ref.precisions_cholesky_ = np.linalg.cholesky(np.linalg.inv(ours.covariances_))   # scikit-learn's form
    return ours.score_samples(X), ref.score_samples(X)


@case("DBSCAN", reference="sklearn.cluster.DBSCAN", quantity="cluster label of every point",
      datasets=["iris", "wine"], tol=0, reason="the same core points and expansion order: identical labels")
def dbscan(d):
    from sklearn import cluster as sk

    from lucidml.cluster import DBSCAN

    X, eps, m = (d.X, 0.5, 5) if d.name == "iris" else (scaled(d), 2.3, 5)
    return DBSCAN(eps=eps, min_samples=m).fit(X).labels_, sk.DBSCAN(eps=eps, min_samples=m).fit(X).labels_


@case("silhouette_samples", reference="sklearn.metrics.silhouette_samples", quantity="s(i) of every point",
      datasets=["iris", "wine", "breast_cancer"], tol=1e-10, reason="means of the same distances: rounding only")
def silhouette(d):
    from sklearn import metrics

    from lucidml.cluster import silhouette_samples

    return silhouette_samples(d.X, d.y), metrics.silhouette_samples(d.X, d.y)
