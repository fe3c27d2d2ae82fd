"""Ensembles of trees: random forests, gradient boosting and AdaBoost (SYLLABUS §6)."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "adaboost": ["AdaBoostClassifier"],
    "forest": ["RandomForestClassifier", "RandomForestRegressor"],
    "gradient_boosting": ["GradientBoostingClassifier", "GradientBoostingRegressor"],
})
