"""Decision trees (CART) for classification and regression (SYLLABUS §6)."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "cart": ["DecisionTreeClassifier", "DecisionTreeRegressor"],
    "export": ["export_text"],
})
