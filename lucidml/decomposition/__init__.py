"""Linear dimensionality reduction (SYLLABUS §10): PCA and truncated SVD."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "pca": ["PCA"],
    "truncated_svd": ["TruncatedSVD"],
})
