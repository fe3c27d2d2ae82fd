"""Preprocessing: scalers (input normalisation) and polynomial features."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "scalers": ["StandardScaler", "MinMaxScaler"],
    "polynomial": ["PolynomialFeatures"],
})
