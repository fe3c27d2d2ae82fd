"""Metrics: distances between points, and regression, classification and clustering scores."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "distances": ["cosine", "euclidean", "manhattan", "minkowski", "pairwise_distances",
                  "pairwise_distances_chunked"],
    "regression": ["mean_squared_error", "root_mean_squared_error", "mean_absolute_error", "r2_score"],
    "classification": ["accuracy_score", "confusion_matrix", "precision_score", "recall_score", "f1_score",
                       "fbeta_score", "precision_recall_fscore_support", "log_loss"],
    "clustering": ["silhouette_samples", "silhouette_score"],
})
