"""Nearest neighbours: kNN classification and regression (SYLLABUS §2, §6)."""
from lucidml.neighbors.knn import KNeighborsClassifier, KNeighborsRegressor

__all__ = ["KNeighborsClassifier", "KNeighborsRegressor"]
