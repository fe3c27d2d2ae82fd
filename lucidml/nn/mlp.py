"""Multi-layer perceptrons for classification and regression (scikit-learn's API).

A feed-forward network of fully connected layers:

    h⁽⁰⁾ = x,   h⁽ˡ⁾ = f(W⁽ˡ⁾ h⁽ˡ⁻¹⁾ + b⁽ˡ⁾)  (l = 1 … L−1),   z = W⁽ᴸ⁾ h⁽ᴸ⁻¹⁾ + b⁽ᴸ⁾

trained by mini-batch gradient descent on

    classification   L = (1/B) Σᵢ −ln softmax(zᵢ)_{yᵢ}   (+ α/(2B) Σ_l ‖W⁽ˡ⁾‖²)
    regression       L = (1/2BK) Σᵢ ‖zᵢ − yᵢ‖²  (K outputs)   (+ the same L2 penalty)

with back-propagation through :mod:`lucidml.nn`'s autograd. The L2 penalty (``alpha``),
``dropout`` after each hidden activation, ``batch_norm`` before it, and early stopping
on a validation split are the course's tools against overfitting (SYLLABUS §15).
Symbols: x (D,), f = activation, B = batch size, α = alpha.
Reference: Goodfellow, Bengio & Courville, *Deep Learning*, ch. 6; scikit-learn's
``MLPClassifier`` for the parameter names and the stopping rule.

>>> X = np.array([[0., 0.], [0., 1.], [1., 0.], [1., 1.]] * 8)
>>> y = np.array([0, 1, 1, 0] * 8)                   # XOR: not linearly separable
>>> clf = MLPClassifier((8,), activation="tanh", learning_rate_init=0.05, max_iter=300, random_state=0).fit(X, y)
>>> clf.predict([[0., 0.], [0., 1.], [1., 0.], [1., 1.]]).tolist()
[0, 1, 1, 0]
"""
from __future__ import annotations

import numbers
import warnings

import numpy as np
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.nn import functional as F
from lucidml.nn.modules import ACTIVATION_MODULES, BatchNorm1d, Dropout, Linear, Sequential
from lucidml.nn.optim import OPTIMIZERS
from lucidml.nn.tensor import Tensor, no_grad
from lucidml.nn.training import EarlyStopping, Trainer
from lucidml.utils.validation import check_int, check_option, check_real, check_two_classes

__all__ = ["MLPClassifier", "MLPRegressor"]

# float32 data trains (and predicts) in float32, anything else in float64 (scikit-learn's preserves_dtype)
_FLOAT_DTYPES = [np.float64, np.float32]

HIDDEN_ACTIVATIONS = ("relu", "tanh", "logistic", "sigmoid", "identity", "leaky_relu", "elu", "gelu", "softplus")


class _BaseMLP(BaseEstimator):
    """Parameters shared by :class:`MLPClassifier` and :class:`MLPRegressor` (scikit-learn's names)."""

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", *, solver="adam", alpha=0.0001,
                 batch_size="auto", learning_rate_init=0.001, max_iter=200, tol=1e-4, momentum=0.9,
                 early_stopping=False, validation_fraction=0.1, n_iter_no_change=10, dropout=0.0,
                 batch_norm=False, random_state=None, verbose=0):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.tol = tol
        self.momentum = momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.dropout = dropout
        self.batch_norm = batch_norm
        self.random_state = random_state
        self.verbose = verbose

    # -- building and training ----------------------------------------------------------------------
    def _check_params(self):
        name = type(self).__name__
        sizes = self.hidden_layer_sizes
        sizes = (sizes,) if isinstance(sizes, numbers.Integral) else tuple(sizes)
        for s in sizes:
            check_int(s, name="hidden_layer_sizes", owner=name, minimum=1)
        check_option(self.activation, name="activation", owner=name, allowed=HIDDEN_ACTIVATIONS)
        check_option(self.solver, name="solver", owner=name, allowed=tuple(OPTIMIZERS))
        check_real(self.alpha, name="alpha", owner=name, minimum=0.0)
        check_real(self.learning_rate_init, name="learning_rate_init", owner=name, minimum=0.0, strict=True)
        check_int(self.max_iter, name="max_iter", owner=name, minimum=1)
        check_real(self.tol, name="tol", owner=name, minimum=0.0)
        check_int(self.n_iter_no_change, name="n_iter_no_change", owner=name, minimum=1)
        check_real(self.dropout, name="dropout", owner=name, minimum=0.0)
        if self.dropout >= 1:
            raise ValueError(f"{name}: dropout={self.dropout} must be < 1.")
        if self.early_stopping:
            check_real(self.validation_fraction, name="validation_fraction", owner=name, minimum=0.0, strict=True)
            if self.validation_fraction >= 1:
                raise ValueError(f"{name}: validation_fraction={self.validation_fraction} must be < 1.")
        if self.batch_size != "auto":
            check_int(self.batch_size, name="batch_size", owner=name, minimum=1)
        return sizes

    def _build(self, sizes, n_in, n_out, seed, dtype="float64"):
        """Linear → [BatchNorm1d] → activation → [Dropout] for each hidden layer, then a Linear output."""
        layers, rng = [], np.random.default_rng(seed)
        activation = ACTIVATION_MODULES[self.activation]
        for width in sizes:
            layers.append(Linear(n_in, width, init="xavier_uniform", random_state=rng, dtype=dtype))
            if self.batch_norm:
                layers.append(BatchNorm1d(width, dtype=dtype))
            layers.append(activation())
            if self.dropout > 0:
                layers.append(Dropout(self.dropout, random_state=rng))
            n_in = width
        layers.append(Linear(n_in, n_out, init="xavier_uniform", random_state=rng, dtype=dtype))
        return Sequential(*layers)

    def _fit_network(self, X, targets, data_loss, score, stratify=None):
        """Build the network and train it; ``targets`` are what ``data_loss`` compares outputs with."""
        sizes = self._check_params()
        n, D = X.shape
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        n_out = targets.shape[1] if targets.ndim == 2 else int(targets.max()) + 1
        self._dtype = str(X.dtype)                   # float32 data trains a float32 network
        net = self._build(sizes, D, n_out, seed, self._dtype)
        weights = [layer.weight for layer in net if isinstance(layer, Linear)]
        alpha = self.alpha

        def loss(output, y):                        # data term + α/(2B) Σ ‖W‖²
            L = data_loss(output, y)
            if alpha:
                L = L + F.l2_penalty(weights) * (alpha / output.shape[0])
            return L

        validation = None
        if self.early_stopping:
            train_idx, val_idx = _split(n, self.validation_fraction, stratify, seed)
            validation = (X[val_idx], targets[val_idx])
            X, targets = X[train_idx], targets[train_idx]
        batch = min(200, len(X)) if self.batch_size == "auto" else min(self.batch_size, len(X))
        opt_class = OPTIMIZERS[self.solver]
        kwargs = {"momentum": self.momentum} if self.solver in ("sgd", "rmsprop") else {}
        optimizer = opt_class(net.parameters(), lr=self.learning_rate_init, **kwargs)
        stopper = (EarlyStopping(self.n_iter_no_change, self.tol, True, "val_score", "max") if self.early_stopping
                   else EarlyStopping(self.n_iter_no_change, self.tol, False, "loss", "min"))
        trainer = Trainer(net, loss, optimizer, batch_size=batch, max_epochs=self.max_iter, early_stopping=stopper,
                          metrics={"score": score} if self.early_stopping else None, random_state=seed,
                          verbose=self.verbose)
        history = trainer.fit(X, targets, validation_data=validation)
        self.network_ = net
        self.loss_curve_ = history["loss"]
        self.validation_scores_ = history.get("val_score") if self.early_stopping else None
        self.best_validation_score_ = stopper.best_value if self.early_stopping else None
        self.best_loss_ = None if self.early_stopping else stopper.best_value
        self.loss_ = history["loss"][-1]
        self.n_iter_ = trainer.epoch
        self.t_ = trainer.epoch * len(X)
        self.n_layers_ = len(sizes) + 2
        self.n_outputs_ = n_out
        self.coefs_ = [W.data.T.copy() for W in weights]                       # (n_in, n_out) as scikit-learn
        self.intercepts_ = [layer.bias.data.copy() for layer in net if isinstance(layer, Linear)]
        if not trainer.stopped_early:
            warnings.warn(f"{type(self).__name__} stopped after max_iter={self.max_iter} epochs before the "
                          f"{'validation score' if self.early_stopping else 'training loss'} stopped improving "
                          f"by tol={self.tol}; increase max_iter or learning_rate_init.", ConvergenceWarning,
                          stacklevel=3)

    def _forward(self, X):
        """The network's output z for a validated X, in evaluation mode (no dropout, running batch-norm)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=_FLOAT_DTYPES, reset=False)
        self.network_.eval()
        with no_grad():
            return self.network_(Tensor(X, dtype=getattr(self, "_dtype", "float64"))).data


class MLPClassifier(ClassifierMixin, _BaseMLP):
    """A multi-layer perceptron classifier: softmax outputs, cross-entropy loss.

    Parameters (as scikit-learn's): hidden_layer_sizes, activation ("relu", "tanh",
    "logistic", ...), solver ("adam", "sgd", "adamw", "rmsprop"), alpha (L2), batch_size
    ("auto" = min(200, n)), learning_rate_init, max_iter (epochs), tol, momentum (sgd),
    early_stopping, validation_fraction, n_iter_no_change, plus dropout (rate after each
    hidden layer), batch_norm, random_state and verbose (a progress bar).

    Attributes: classes_, network_ (the trained :class:`~lucidml.nn.Sequential`), coefs_,
    intercepts_, loss_curve_, validation_scores_, n_iter_, n_features_in_.

    The network keeps the dtype of X: float32 data trains in float32 (half the memory
    traffic, about twice as fast), anything else in float64.
    """

    def fit(self, X, y):
        X, y = validate_data(self, X, y, dtype=_FLOAT_DTYPES)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        check_two_classes(self.classes_, "MLPClassifier")

        def accuracy(y_true, z):
            return float(np.mean(np.argmax(z, axis=1) == y_true))

        self._fit_network(X, codes, F.cross_entropy, accuracy, stratify=codes)
        return self

    def predict_proba(self, X):
        """p(c | x) = softmax(z)_c for every class in ``classes_``: shape (n, n_classes)."""
        return softmax(self._forward(X), axis=1)

    def predict_log_proba(self, X):
        return log_softmax(self._forward(X), axis=1)

    def predict(self, X):
        z = self._forward(X)
        return self.classes_[np.argmax(z, axis=1)]


class MLPRegressor(RegressorMixin, _BaseMLP):
    """A multi-layer perceptron regressor: identity outputs, loss ½ mean squared error.

    Same parameters as :class:`MLPClassifier`; ``y`` may have several columns.
    """

    def fit(self, X, y):
        X, y = validate_data(self, X, y, dtype=_FLOAT_DTYPES, y_numeric=True, multi_output=True)
        self._y_1d = y.ndim == 1
        Y = y.reshape(len(y), -1).astype(X.dtype, copy=False)

        def half_mse(output, target):
            return F.mse_loss(output, target) * 0.5                       # ½ mean (zᵢₖ − yᵢₖ)²

        def r2(y_true, z):
            ss_res = ((y_true - z) ** 2).sum()
            ss_tot = ((y_true - y_true.mean(axis=0)) ** 2).sum()
            return 1.0 - ss_res / ss_tot if ss_tot > 0 else 0.0

        self._fit_network(X, Y, half_mse, r2)
        return self

    def predict(self, X):
        z = self._forward(X)
        return z[:, 0] if self._y_1d else z

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


def _split(n, fraction, stratify, seed):
    """Indices of a random train/validation split (stratified by class when ``stratify`` is given),
    by :func:`lucidml.model_selection.train_test_split`; the validation part is kept by early stopping."""
    from lucidml.model_selection import train_test_split

    try:
        train, val = train_test_split(np.arange(n), test_size=fraction, stratify=stratify, random_state=seed + 1)
    except ValueError as exc:
        raise ValueError(f"early stopping: cannot split {n} samples with validation_fraction={fraction} ({exc}); "
                         "use more data or early_stopping=False.") from None
    return np.sort(train), np.sort(val)
