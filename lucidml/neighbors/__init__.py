"""Nearest neighbours: kNN classification and regression (SYLLABUS §2, §6)."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "knn": ["KNeighborsClassifier", "KNeighborsRegressor"],
})
