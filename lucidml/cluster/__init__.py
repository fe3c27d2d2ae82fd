"""Clustering (SYLLABUS §8): k-means, agglomerative, Gaussian mixtures, DBSCAN, choosing k."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "agglomerative": ["AgglomerativeClustering", "linkage"],
    "choosing_k": ["ClusterChoice", "ElbowResult", "choose_n_clusters", "elbow", "knee_point"],
    "dbscan": ["DBSCAN"],
    "gaussian_mixture": ["GaussianMixture"],
    "kmeans": ["KMeans", "kmeans_plusplus"],
    "lucidml.metrics.clustering": ["silhouette_samples", "silhouette_score"],
})
