"""Clustering (SYLLABUS §8): k-means, agglomerative, Gaussian mixtures, DBSCAN, choosing k."""
from lucidml.cluster.agglomerative import AgglomerativeClustering, linkage
from lucidml.cluster.choosing_k import ClusterChoice, ElbowResult, choose_n_clusters, elbow, knee_point
from lucidml.cluster.dbscan import DBSCAN
from lucidml.cluster.gaussian_mixture import GaussianMixture
from lucidml.cluster.kmeans import KMeans, kmeans_plusplus
from lucidml.cluster.silhouette import silhouette_samples, silhouette_score

__all__ = ["AgglomerativeClustering", "DBSCAN", "GaussianMixture", "KMeans", "kmeans_plusplus", "linkage",
           "silhouette_samples", "silhouette_score", "elbow", "knee_point", "choose_n_clusters",
           "ElbowResult", "ClusterChoice"]
