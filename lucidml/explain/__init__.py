"""Step-by-step worked solutions. Every explainer returns a :class:`Solution`."""
from lucidml.explain.convolution import convolution, convolution2d
from lucidml.explain.distances import distances
from lucidml.explain.knn import knn
from lucidml.explain.solution import Solution, Step, format_value

__all__ = ["Solution", "Step", "format_value", "convolution", "convolution2d", "distances", "knn"]
