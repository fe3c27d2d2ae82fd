"""Model generalisation: splits, k-fold and time-ordered cross-validation, searches, curves.

Each piece has its own module; names are loaded on first use.

    split.py         train_test_split, train_val_test_split, KFold, StratifiedKFold,
                     TimeSeriesSplit, check_temporal_split, TemporalLeakageError
    scoring.py       get_scorer: scoring by name or callable
    validation.py    cross_validate, cross_val_score, validation_curve, learning_curve
    search.py        GridSearchCV, RandomizedSearchCV, ParameterGrid, ParameterSampler
"""
import importlib

_WHERE = {
    "train_test_split": "lucidml.model_selection.split",
    "train_val_test_split": "lucidml.model_selection.split",
    "KFold": "lucidml.model_selection.split",
    "StratifiedKFold": "lucidml.model_selection.split",
    "TimeSeriesSplit": "lucidml.model_selection.split",
    "check_temporal_split": "lucidml.model_selection.split",
    "TemporalLeakageError": "lucidml.model_selection.split",
    "check_cv": "lucidml.model_selection.split",
    "get_scorer": "lucidml.model_selection.scoring",
    "check_scoring": "lucidml.model_selection.scoring",
    "cross_validate": "lucidml.model_selection.validation",
    "cross_val_score": "lucidml.model_selection.validation",
    "validation_curve": "lucidml.model_selection.validation",
    "learning_curve": "lucidml.model_selection.validation",
    "GridSearchCV": "lucidml.model_selection.search",
    "RandomizedSearchCV": "lucidml.model_selection.search",
    "ParameterGrid": "lucidml.model_selection.search",
    "ParameterSampler": "lucidml.model_selection.search",
}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"lucidml.model_selection has no attribute {name!r}")


def __dir__():
    return __all__
