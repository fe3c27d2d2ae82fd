"""Decision trees (CART) for classification and regression (SYLLABUS §6)."""
from lucidml.tree.cart import DecisionTreeClassifier, DecisionTreeRegressor
from lucidml.tree.export import export_text

__all__ = ["DecisionTreeClassifier", "DecisionTreeRegressor", "export_text"]
