"""A convolutional network classifier with scikit-learn's API (SYLLABUS §11, §15).

    z = f_θ(x) for an image x (C, H, W);   p(c | x) = softmax(z)_c
    L = (1/B) Σᵢ −ln softmax(zᵢ)_{yᵢ}     minimised by Adam over mini-batches

f_θ is one of the course's architectures (:mod:`lucidml.nn.models`): ``"lenet"``
(LeCun et al. 1998), ``"vgg"`` (Simonyan & Zisserman 2015, with AlexNet's ReLU and
dropout), ``"resnet"`` (He et al. 2016) or ``"inception"`` (Szegedy et al. 2015), or a
callable that builds one. Images come as (N, C, H, W), (N, H, W), or flat rows (N, D)
with ``image_shape``; a flat row without ``image_shape`` is read as a 1-channel signal
of length D (a 1 × D image). float32 data trains in float32, anything else in float64.

>>> from sklearn.datasets import load_digits
>>> X, y = load_digits(return_X_y=True)
>>> clf = CNNClassifier("lenet", image_shape=(8, 8), max_iter=3, random_state=0).fit(X[:200] / 16, y[:200])
>>> clf.predict(X[:3] / 16).shape, clf.network_.n_classes
((3,), 10)
"""
from __future__ import annotations

import numbers
import warnings

import numpy as np
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from lucidml.nn import functional as F
from lucidml.nn.modules import Module
from lucidml.nn.optim import Adam
from lucidml.nn.tensor import Tensor, no_grad
from lucidml.nn.training import EarlyStopping, Trainer
from lucidml.utils.validation import check_int, check_real, check_two_classes

__all__ = ["CNNClassifier", "ARCHITECTURES", "build_architecture"]

ARCHITECTURES = ("lenet", "vgg", "resnet", "inception")


def build_architecture(name, in_channels: int, n_classes: int, image_size, random_state=None,
                       dtype="float32") -> Module:
    """The network ``name`` sized for (in_channels, *image_size) images and ``n_classes`` outputs."""
    from lucidml.nn import models

    kw = dict(random_state=random_state, dtype=dtype)
    if callable(name) and not isinstance(name, str):
        net = name(in_channels=in_channels, n_classes=n_classes, image_size=tuple(image_size), **kw)
        if not isinstance(net, Module):
            raise TypeError(f"CNNClassifier: architecture() returned a {type(net).__name__}, not a lucidml Module.")
        return net
    if name == "lenet":
        return models.LeNet5(in_channels, n_classes, image_size, **kw)
    if name == "vgg":
        return models.VGG(in_channels, n_classes, image_size, widths=(32, 64), **kw)
    if name == "resnet":
        return models.ResNet(in_channels, n_classes, widths=(16, 32), blocks_per_stage=2, **kw)
    if name == "inception":
        return models.InceptionNet(in_channels, n_classes, width=16, **kw)
    raise ValueError(f"CNNClassifier: architecture={name!r} is not known; choose one of {ARCHITECTURES} "
                     "or pass a callable (in_channels, n_classes, image_size, random_state, dtype) -> Module.")


def _ndim(X) -> int:
    return X.ndim if isinstance(X, np.ndarray) else np.asarray(X).ndim


class CNNClassifier(ClassifierMixin, BaseEstimator):
    """Convolutional network classifier.

    Parameters
    ----------
    architecture : "lenet", "vgg", "resnet", "inception" or a callable returning a Module
    image_shape : (H, W) or (C, H, W) for flat rows; None for image arrays (or 1 × D signals)
    max_iter : epochs; batch_size : samples per step; learning_rate_init : Adam's η
    alpha : L2 weight decay (Adam's ``weight_decay``), not applied to biases and norms
    early_stopping, validation_fraction, n_iter_no_change, tol : stop when the validation
        accuracy (or, without early stopping, the training loss) stops improving by tol
    random_state : seed for the weights, the shuffles and dropout; verbose : a progress bar

    Attributes: classes_, network_, loss_curve_, validation_scores_, n_iter_,
    n_features_in_, image_shape_ (C, H, W).
    """

    def __init__(self, architecture="vgg", *, image_shape=None, max_iter=30, batch_size=64,
                 learning_rate_init=0.003, alpha=0.0, early_stopping=False, validation_fraction=0.1,
                 n_iter_no_change=10, tol=1e-4, random_state=None, verbose=0):
        self.architecture = architecture
        self.image_shape = image_shape
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.alpha = alpha
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.random_state = random_state
        self.verbose = verbose

    # -- input shapes ---------------------------------------------------------------------------
    def _images(self, X, reset: bool, validated: bool = False):
        """(N, C, H, W) float images from any accepted layout, checked against what fit saw."""
        if not validated:
            if reset or _ndim(X) == 2:           # rows: scikit-learn's checks, incl. the feature count
                X = validate_data(self, X, dtype=[np.float64, np.float32], allow_nd=True, reset=reset)
            else:                                  # image arrays: checked here against image_shape_
                X = check_array(X, dtype=[np.float64, np.float32], allow_nd=True)
        if X.ndim == 2:
            if self.image_shape is None:
                shape = (1, 1, X.shape[1])                              # a 1-channel signal of length D
            else:
                shape = tuple(int(s) for s in np.atleast_1d(self.image_shape))
                if len(shape) == 2:
                    shape = (1,) + shape
                if len(shape) != 3 or min(shape) < 1:
                    raise ValueError(f"CNNClassifier: image_shape={self.image_shape!r} must be (H, W) or (C, H, W) "
                                     "with positive sizes.")
                if int(np.prod(shape)) != X.shape[1]:
                    raise ValueError(f"CNNClassifier: image_shape={self.image_shape!r} holds {int(np.prod(shape))} "
                                     f"values but each row of X has {X.shape[1]}; give the shape of one image.")
            X = X.reshape((len(X),) + shape)
        elif X.ndim == 3:
            X = X[:, None]                                              # (N, H, W) -> (N, 1, H, W)
        elif X.ndim != 4:
            raise ValueError(f"CNNClassifier: X has {X.ndim} dimensions {X.shape}; give (N, D) rows with "
                             "image_shape, (N, H, W) or (N, C, H, W) images.")
        if reset:
            self.image_shape_ = X.shape[1:]
        elif X.shape[1:] != self.image_shape_:
            raise ValueError(f"CNNClassifier: images have shape {X.shape[1:]} but the network was fitted on "
                             f"{self.image_shape_}.")
        return np.ascontiguousarray(X)

    def _check_params(self):
        name = "CNNClassifier"
        check_int(self.max_iter, name="max_iter", owner=name, minimum=1)
        check_int(self.batch_size, name="batch_size", owner=name, minimum=1)
        check_real(self.learning_rate_init, name="learning_rate_init", owner=name, minimum=0.0, strict=True)
        check_real(self.alpha, name="alpha", owner=name, minimum=0.0)
        check_int(self.n_iter_no_change, name="n_iter_no_change", owner=name, minimum=1)
        check_real(self.tol, name="tol", owner=name, minimum=0.0)
        if self.early_stopping and not (isinstance(self.validation_fraction, numbers.Real)
                                        and 0 < self.validation_fraction < 1):
            raise ValueError(f"CNNClassifier: validation_fraction={self.validation_fraction!r} must lie in (0, 1).")

    # -- fit / predict ------------------------------------------------------------------------------
    def fit(self, X, y):
        from lucidml.nn.mlp import _split

        self._check_params()
        if not (callable(self.architecture) or self.architecture in ARCHITECTURES):
            build_architecture(self.architecture, 1, 2, (1, 1))         # raises the clear error
        X, y = validate_data(self, X, y, dtype=[np.float64, np.float32], allow_nd=True)
        X = self._images(X, reset=True, validated=True)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        check_two_classes(self.classes_, "CNNClassifier")
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        C, H, W = self.image_shape_
        self._dtype = str(X.dtype)
        net = build_architecture(self.architecture, C, len(self.classes_), (H, W), np.random.default_rng(seed),
                                 self._dtype)
        decay = [p for n, p in net.named_parameters() if n.endswith("weight") and p.ndim > 1]
        rest = [p for n, p in net.named_parameters() if not (n.endswith("weight") and p.ndim > 1)]
        groups = [{"params": decay, "weight_decay": self.alpha}] + ([{"params": rest, "weight_decay": 0.0}]
                                                                     if rest else [])
        optimizer = Adam(groups, lr=self.learning_rate_init)

        validation = None
        if self.early_stopping:
            train_idx, val_idx = _split(len(X), self.validation_fraction, codes, seed)
            validation = (X[val_idx], codes[val_idx])
            X, codes = X[train_idx], codes[train_idx]

        def accuracy(y_true, z):
            return float(np.mean(np.argmax(z, axis=1) == y_true))

        stopper = (EarlyStopping(self.n_iter_no_change, self.tol, True, "val_score", "max") if self.early_stopping
                   else EarlyStopping(self.n_iter_no_change, self.tol, False, "loss", "min"))
        trainer = Trainer(net, F.cross_entropy, optimizer, batch_size=min(self.batch_size, len(X)),
                          max_epochs=self.max_iter, early_stopping=stopper,
                          metrics={"score": accuracy} if self.early_stopping else None, random_state=seed,
                          verbose=self.verbose)
        history = trainer.fit(X, codes, validation_data=validation)
        self.network_ = net
        self.loss_curve_ = history["loss"]
        self.validation_scores_ = history.get("val_score") if self.early_stopping else None
        self.n_iter_ = trainer.epoch
        if not trainer.stopped_early and self.early_stopping:
            warnings.warn(f"CNNClassifier stopped after max_iter={self.max_iter} epochs while the validation score "
                          f"was still improving by more than tol={self.tol}; increase max_iter.", ConvergenceWarning,
                          stacklevel=2)
        return self

    def _logits(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = self._images(X, reset=False).astype(self._dtype, copy=False)
        self.network_.eval()
        out = []
        with no_grad():                                    # in chunks: bounded memory for big test sets
            for start in range(0, len(X), 512):
                out.append(self.network_(Tensor(X[start:start + 512])).data)
        return np.concatenate(out) if out else np.zeros((0, len(self.classes_)))

    def predict_proba(self, X):
        return softmax(self._logits(X), axis=1)

    def predict_log_proba(self, X):
        return log_softmax(self._logits(X), axis=1)

    def predict(self, X):
        z = self._logits(X)
        return self.classes_[np.argmax(z, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags
