"""Autoencoders: a network trained to copy its input through a narrow code.

An encoder maps x (D,) to a code z (d,) with d < D, a decoder maps z back to x̂ (D,),
and both are trained together to minimise the reconstruction error

    L = (1 / (N D)) Σᵢ ‖x̂ᵢ − xᵢ‖²,   z = enc(x) = W_L … f(W₁ x + b₁) …,   x̂ = dec(z).

With no hidden layers both maps are linear, x̂ = W₂(W₁x + b₁) + b₂, and the minimum of L
is reached exactly when the columns of W₂ span the same d-dimensional subspace as PCA's
first d principal axes (Baldi & Hornik 1989): minimising the reconstruction error is
PCA's second view of its objective (SYLLABUS §10), learned by gradient descent. The
code itself is any basis of that subspace (W₁ and W₂ are determined only up to an
invertible d × d matrix), so the autoencoder and PCA agree on the subspace, not on the
axes. Hidden layers with a non-linear activation f give a curved code (a non-linear
PCA).

Solvers: ``"adam"`` trains in mini-batches with :class:`lucidml.nn.Trainer` (early
stopping optional); ``"lbfgs"`` minimises the full-batch L with SciPy's L-BFGS using the
autograd gradient, which converges far more tightly on small data.
Symbols: X (N, D), z (N, d) = transform(X), d = n_components.
References: Hinton & Salakhutdinov (2006), "Reducing the dimensionality of data with neural
networks"; Baldi & Hornik (1989), "Neural networks and principal component analysis";
Goodfellow, Bengio & Courville, *Deep Learning*, ch. 14.

>>> t = np.linspace(-1, 1, 40)[:, None]
>>> X = np.hstack([t, 2 * t, -t])                     # points on a line in 3-D
>>> ae = Autoencoder(n_components=1, solver="lbfgs", tol=1e-10, random_state=0).fit(X)
>>> bool(np.abs(ae.inverse_transform(ae.transform(X)) - X).max() < 1e-4)
True
"""
from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.generative._networks import ACTIVATIONS, FLOAT_DTYPES, check_fitted_for, hidden_sizes, mlp
from lucidml.nn import functional as F
from lucidml.nn.modules import Sequential
from lucidml.nn.optim import Adam
from lucidml.nn.tensor import Tensor, no_grad
from lucidml.nn.training import EarlyStopping, Trainer
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["Autoencoder"]

SOLVERS = ("adam", "lbfgs")


class Autoencoder(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """A fully connected autoencoder with scikit-learn's transformer API.

    Parameters
    ----------
    n_components : d, the size of the code (a warning if d >= D: nothing is compressed)
    hidden_layer_sizes : widths of the encoder's hidden layers (the decoder mirrors them);
        () gives the linear autoencoder
    activation : f between hidden layers ("relu", "tanh", "logistic", ...); the code and the
        output are linear
    solver : "adam" (mini-batches) or "lbfgs" (full batch)
    batch_size : "auto" = min(200, N), or an int (adam)
    learning_rate_init : Adam's step size
    max_iter : epochs (adam) or iterations (lbfgs)
    tol, n_iter_no_change : stop when the monitored loss has not improved by tol for
        n_iter_no_change epochs (adam); the gradient tolerance (lbfgs)
    early_stopping, validation_fraction : monitor the reconstruction error of a held-out share (adam)

    Attributes: encoder_, decoder_ (:class:`~lucidml.nn.Sequential`), loss_curve_ (training
    MSE per epoch or iteration), validation_loss_curve_ (or None), n_iter_, n_features_in_.
    The network keeps the dtype of X (float32 or float64).
    """

    def __init__(self, n_components=2, hidden_layer_sizes=(), activation="relu", *, solver="adam",
                 batch_size="auto", learning_rate_init=0.001, max_iter=200, tol=1e-4, n_iter_no_change=10,
                 early_stopping=False, validation_fraction=0.1, random_state=None, verbose=0):
        self.n_components = n_components
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, X, y=None):
        name = type(self).__name__
        X = validate_data(self, X, dtype=FLOAT_DTYPES, ensure_min_samples=2)
        N, D = X.shape
        sizes = hidden_sizes(self.hidden_layer_sizes, name)
        d = check_int(self.n_components, name="n_components", owner=name, minimum=1)
        check_option(self.activation, name="activation", owner=name, allowed=ACTIVATIONS)
        check_option(self.solver, name="solver", owner=name, allowed=SOLVERS)
        check_int(self.max_iter, name="max_iter", owner=name, minimum=1)
        check_real(self.tol, name="tol", owner=name, minimum=0.0)
        check_real(self.learning_rate_init, name="learning_rate_init", owner=name, minimum=0.0, strict=True)
        if d >= D:
            warnings.warn(f"{name}: n_components={d} is not smaller than the {D} input features, so the code "
                          "compresses nothing and the network can learn the identity; use n_components < "
                          f"{D} for dimensionality reduction.", UserWarning, stacklevel=2)
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        rng = np.random.default_rng(seed)
        dtype = str(X.dtype)
        encoder = mlp((D, *sizes, d), self.activation, rng, dtype)             # x → z
        decoder = mlp((d, *sizes[::-1], D), self.activation, rng, dtype)       # z → x̂
        net = Sequential(encoder, decoder)
        if self.solver == "lbfgs":
            curve, n_iter, converged = _lbfgs(net, X, self.max_iter, self.tol)
            self.validation_loss_curve_ = None
        else:
            curve, val_curve, n_iter, converged = self._adam(net, X, seed)
            self.validation_loss_curve_ = val_curve
        net.eval()
        self.encoder_, self.decoder_ = encoder, decoder
        self.loss_curve_ = curve
        self.n_iter_ = n_iter
        self._n_features_out = d
        if not converged:
            warnings.warn(f"{name} stopped after max_iter={self.max_iter} "
                          f"{'iterations' if self.solver == 'lbfgs' else 'epochs'} before the loss stopped "
                          f"improving by tol={self.tol}; increase max_iter.", ConvergenceWarning, stacklevel=2)
        return self

    def _adam(self, net, X, seed):
        name = type(self).__name__
        check_int(self.n_iter_no_change, name="n_iter_no_change", owner=name, minimum=1)
        validation = None
        if self.early_stopping:
            check_real(self.validation_fraction, name="validation_fraction", owner=name, minimum=0.0, strict=True)
            n_val = min(max(1, int(round(self.validation_fraction * len(X)))), len(X) - 1)
            order = np.random.default_rng(seed + 1).permutation(len(X))
            validation = (X[order[:n_val]], X[order[:n_val]])
            X = X[np.sort(order[n_val:])]
        if self.batch_size == "auto":
            batch = min(200, len(X))
        else:
            batch = min(check_int(self.batch_size, name="batch_size", owner=name, minimum=1), len(X))
        stopper = (EarlyStopping(self.n_iter_no_change, self.tol, True, "val_loss", "min") if self.early_stopping
                   else EarlyStopping(self.n_iter_no_change, self.tol, False, "loss", "min"))
        trainer = Trainer(net, F.mse_loss, Adam(net.parameters(), lr=self.learning_rate_init), batch_size=batch,
                          max_epochs=self.max_iter, early_stopping=stopper, random_state=seed, verbose=self.verbose)
        history = trainer.fit(X, X, validation_data=validation)                  # the target is the input
        return history["loss"], history.get("val_loss"), trainer.epoch, trainer.stopped_early

    def transform(self, X):
        """z = enc(x), the code (N, d)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=FLOAT_DTYPES, reset=False)
        return _run(self.encoder_, X)

    def inverse_transform(self, Z):
        """x̂ = dec(z), the reconstruction (N, D)."""
        check_fitted_for(self, "decode")
        Z = np.asarray(Z, dtype=self.encoder_[0].weight.dtype)
        if Z.ndim != 2 or Z.shape[1] != self._n_features_out:
            raise ValueError(f"Autoencoder.inverse_transform: Z must have shape (n, {self._n_features_out}), "
                             f"got {Z.shape}.")
        if not np.isfinite(Z).all():
            raise ValueError("Autoencoder.inverse_transform: Z contains NaN or infinity.")
        return _run(self.decoder_, Z)

    def score_samples(self, X):
        """The negated mean squared reconstruction error of each row (higher is better)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=FLOAT_DTYPES, reset=False)
        R = _run(self.decoder_, _run(self.encoder_, X)) - X
        return -np.mean(R * R, axis=1)


def _run(net, A):
    with no_grad():
        return net(Tensor(A, dtype=net[0].weight.dtype)).data.astype(A.dtype, copy=False)


def _lbfgs(net, X, max_iter, tol):
    """Minimise the full-batch L with L-BFGS; θ is every parameter flattened into one vector."""
    from scipy.optimize import minimize

    params = net.parameters()
    shapes = [p.shape for p in params]
    bounds = np.cumsum([0] + [int(np.prod(s)) for s in shapes])
    x = Tensor(X)
    curve, last = [], {}

    def loss_and_gradient(theta):
        for p, shape, a, b in zip(params, shapes, bounds[:-1], bounds[1:]):
            p.data = theta[a:b].reshape(shape).astype(p.dtype)
        net.zero_grad()
        L = F.mse_loss(net(x), X)                                # (1/ND) Σ ‖x̂ − x‖²
        L.backward()
        last["loss"] = float(L.item())
        return last["loss"], np.concatenate([p.grad.ravel() for p in params]).astype(np.float64)

    theta0 = np.concatenate([p.data.ravel() for p in params]).astype(np.float64)
    result = minimize(loss_and_gradient, theta0, jac=True, method="L-BFGS-B",
                      callback=lambda theta: curve.append(last["loss"]),   # the loss at the new iterate
                      options={"maxiter": max_iter, "gtol": tol, "ftol": 1e2 * np.finfo(float).eps})
    loss_and_gradient(result.x)                                  # leave the network at the optimum
    return curve or [float(result.fun)], int(result.nit), bool(result.nit < max_iter)
