"""Metrics: distances between points (and, in later modules, scores)."""
from lucidml.metrics.distances import (
    cosine,
    euclidean,
    manhattan,
    minkowski,
    pairwise_distances,
    pairwise_distances_chunked,
)

__all__ = ["cosine", "euclidean", "manhattan", "minkowski", "pairwise_distances",
           "pairwise_distances_chunked"]
