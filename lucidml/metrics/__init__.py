"""Metrics: distances between points, regression scores and classification scores."""
from lucidml.metrics.classification import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    fbeta_score,
    log_loss,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
)
from lucidml.metrics.distances import (
    cosine,
    euclidean,
    manhattan,
    minkowski,
    pairwise_distances,
    pairwise_distances_chunked,
)
from lucidml.metrics.regression import (
    mean_absolute_error,
    mean_squared_error,
    r2_score,
    root_mean_squared_error,
)

__all__ = ["cosine", "euclidean", "manhattan", "minkowski", "pairwise_distances",
           "pairwise_distances_chunked",
           "mean_squared_error", "root_mean_squared_error", "mean_absolute_error", "r2_score",
           "accuracy_score", "confusion_matrix", "precision_score", "recall_score", "f1_score",
           "fbeta_score", "precision_recall_fscore_support", "log_loss"]
