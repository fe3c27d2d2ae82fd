"""The real data sets the agreement cases run on, by name.

Every one ships with an installed package (scikit-learn's bundled files) or with lucidml
itself (the Nile and sunspot series), so ``lucidml verify`` needs no network.

>>> d = load("iris")
>>> d.X.shape, d.task
((150, 4), 'classification')
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Dataset", "load", "DATASETS"]


@dataclass(frozen=True)
class Dataset:
    """A named data set: inputs ``X`` (N, D) and targets ``y`` (N,); a series in ``y``; an
    image in ``X``; or, for "slide", nothing: the case brings the slide's own numbers."""

    name: str
    X: np.ndarray | None
    y: np.ndarray
    task: str            # "classification", "regression", "series", "image" or "slide"
    description: str


def _sklearn(loader_name, task, description, target=None, column=None):
    def load_it():
        import sklearn.datasets

        bunch = getattr(sklearn.datasets, loader_name)()
        X, y = np.asarray(bunch.data, float), np.asarray(bunch.target)
        if target is not None:                       # linnerud: one column of the targets
            y = y[:, target]
        if column is not None:                       # one measurement becomes the target
            X, y = np.delete(X, column, axis=1), X[:, column]
        return X, (y.astype(float) if task == "regression" else y)
    return task, description, load_it


def _image(which, description):
    def load_it():
        if which == "digits":           # the first 100 digits tiled 10 × 10 into one 80 × 80 image
            from sklearn.datasets import load_digits

            tiles = load_digits().images[:100].reshape(10, 10, 8, 8)
            return tiles.transpose(0, 2, 1, 3).reshape(80, 80), np.zeros(0)
        from sklearn.datasets import load_sample_image

        rgb = load_sample_image(f"{which}.jpg").astype(float)      # (427, 640, 3)
        grey = rgb @ np.array([0.299, 0.587, 0.114])               # ITU-R 601 luma
        return grey[::4, ::4] / 255.0, np.zeros(0)                 # (107, 160)
    return "image", description, load_it


def _slide():
    return "slide", "the numbers printed on the course's slides (SYLLABUS.md)", lambda: (None, np.zeros(0))


def _series(loader_name, description):
    def load_it():
        from lucidml import datasets

        _, values = getattr(datasets, loader_name)()
        return None, values
    return "series", description, load_it


DATASETS = {
    "iris": _sklearn("load_iris", "classification", "Fisher's iris: 150 flowers, 4 measurements, 3 species"),
    "wine": _sklearn("load_wine", "classification", "UCI wine: 178 wines, 13 chemical measurements, 3 cultivars"),
    "breast_cancer": _sklearn("load_breast_cancer", "classification",
                              "Wisconsin breast cancer: 569 tumours, 30 features, benign or malignant"),
    "digits": _sklearn("load_digits", "classification", "UCI digits: 1797 8×8 images, 10 classes"),
    "diabetes": _sklearn("load_diabetes", "regression", "diabetes progression: 442 patients, 10 features"),
    "wine_alcohol": _sklearn("load_wine", "regression",
                             "UCI wine: alcohol content (%) from the 12 other measurements, 178 wines", column=0),
    "linnerud": _sklearn("load_linnerud", "regression",
                         "Linnerud: 20 men, 3 exercises -> body weight", target=0),
    "digits_mosaic": _image("digits", "the first 100 UCI digits tiled into one 80×80 grey image"),
    "china": _image("china", "scikit-learn's sample photograph china.jpg, grey, every 4th pixel (107×160)"),
    "flower": _image("flower", "scikit-learn's sample photograph flower.jpg, grey, every 4th pixel (107×160)"),
    "slide": _slide(),
    "nile": _series("load_nile", "annual Nile flow at Aswan, 1871-1970 (100 values)"),
    "sunspots": _series("load_sunspots", "yearly mean sunspot numbers, 1700-2008 (309 values)"),
}

_CACHE: dict[str, Dataset] = {}


def load(name: str) -> Dataset:
    """The data set called ``name`` (one of :data:`DATASETS`), loaded once per process."""
    if name not in DATASETS:
        raise ValueError(f"verify: unknown data set {name!r}; known: {', '.join(DATASETS)}.")
    if name not in _CACHE:
        task, description, load_it = DATASETS[name]
        X, y = load_it()
        _CACHE[name] = Dataset(name, X, y, task, description)
    d = _CACHE[name]               # a fresh copy each time: no case can change another's data
    return Dataset(d.name, None if d.X is None else d.X.copy(), d.y.copy(), d.task, d.description)
