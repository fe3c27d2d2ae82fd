"""Linear dimensionality reduction (SYLLABUS §10): PCA and truncated SVD."""
from lucidml.decomposition.pca import PCA
from lucidml.decomposition.truncated_svd import TruncatedSVD

__all__ = ["PCA", "TruncatedSVD"]
