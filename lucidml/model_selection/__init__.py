"""Model generalisation: splits, k-fold and time-ordered cross-validation, searches, curves."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "split": ["train_test_split", "train_val_test_split", "KFold", "StratifiedKFold", "TimeSeriesSplit",
              "check_temporal_split", "TemporalLeakageError", "check_cv"],
    "scoring": ["get_scorer", "check_scoring"],
    "validation": ["cross_validate", "cross_val_score", "validation_curve", "learning_curve"],
    "search": ["GridSearchCV", "RandomizedSearchCV", "ParameterGrid", "ParameterSampler"],
})
