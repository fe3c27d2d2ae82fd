"""Ensembles of trees: random forests, gradient boosting and AdaBoost (SYLLABUS §6)."""
from lucidml.ensemble.adaboost import AdaBoostClassifier
from lucidml.ensemble.forest import RandomForestClassifier, RandomForestRegressor
from lucidml.ensemble.gradient_boosting import GradientBoostingClassifier, GradientBoostingRegressor

__all__ = ["AdaBoostClassifier", "GradientBoostingClassifier", "GradientBoostingRegressor",
           "RandomForestClassifier", "RandomForestRegressor"]
