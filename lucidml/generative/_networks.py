"""Pieces the generative models share: a fully connected stack, parameter checks, and the
float dtype rule (float32 data trains a float32 network, anything else float64)."""
from __future__ import annotations

import numbers

import numpy as np
from sklearn.utils.validation import check_is_fitted

from lucidml.nn.modules import ACTIVATION_MODULES, Linear, Sequential
from lucidml.utils.validation import check_int

FLOAT_DTYPES = [np.float64, np.float32]
ACTIVATIONS = ("relu", "tanh", "logistic", "sigmoid", "identity", "leaky_relu", "elu", "gelu", "softplus")


def hidden_sizes(sizes, owner: str) -> tuple[int, ...]:
    """``hidden_layer_sizes`` as a tuple of positive ints (an int is one layer, () none)."""
    sizes = (sizes,) if isinstance(sizes, numbers.Integral) else tuple(sizes)
    for s in sizes:
        check_int(s, name="hidden_layer_sizes", owner=owner, minimum=1)
    return sizes


def mlp(widths, activation: str, rng, dtype: str, last_activation: bool = False) -> Sequential:
    """Linear → f → Linear → f → … → Linear through ``widths`` = (in, h₁, …, out).

    Weights are Xavier-uniform, biases 0; ``last_activation`` puts f after the last layer too.
    """
    f = ACTIVATION_MODULES[activation]
    layers = []
    for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        layers.append(Linear(n_in, n_out, init="xavier_uniform", random_state=rng, dtype=dtype))
        if i < len(widths) - 2 or last_activation:
            layers.append(f())
    return Sequential(*layers)


def check_unit_interval(X, owner: str) -> None:
    """Bernoulli units model values in [0, 1]; anything else is refused with a way to scale it."""
    lo, hi = float(np.min(X)), float(np.max(X))
    if lo < 0.0 or hi > 1.0:
        bad = np.flatnonzero((X < 0).any(axis=0) | (X > 1).any(axis=0))
        raise ValueError(f"{owner}: X must lie in [0, 1] (a Bernoulli model treats every value as the probability "
                         f"of a pixel being on), got values from {lo:.4g} to {hi:.4g} in {bad.size} column(s), "
                         f"e.g. column {bad[0]}; scale it first, e.g. sklearn.preprocessing.MinMaxScaler() "
                         "or X / X.max() (X / 16 for the digits).")


def check_fitted_for(est, what: str) -> None:
    """A clear NotFittedError for ``what`` (sampling, decoding) before fit."""
    from sklearn.exceptions import NotFittedError

    try:
        check_is_fitted(est)
    except NotFittedError:
        raise NotFittedError(f"This {type(est).__name__} instance is not fitted yet, so it cannot {what}; call "
                             "fit(X) first.") from None
