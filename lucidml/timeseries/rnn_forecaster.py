"""A recurrent neural forecaster: read the last ``window`` values, predict the next ``horizon``.

    z_t = (y_t − ȳ) / s                                   standardise (input normalisation, SYLLABUS §15)
    h_T = cell(z_{T−w+1}, …, z_T)                         an RNN, GRU or LSTM over the window
    (ẑ_{T+1}, …, ẑ_{T+H}) = W h_T + b                     all horizon steps at once (direct forecast)

Training pairs are every window of the training series and the ``horizon`` values after
it, fitted by Adam on the mean squared error with gradient clipping. ``forecast(steps)``
with steps ≤ horizon reads the direct forecast; longer forecasts feed the forecasts back
as inputs, ``horizon`` steps at a time (as :class:`~lucidml.timeseries.LagForecaster` does
one step at a time). ``fit(y)`` / ``forecast(steps)`` is the interface of ``ARIMA`` and
``LagForecaster``, so :class:`~lucidml.timeseries.ForecastingCV` evaluates all three with
the same leakage-guarded rolling origin.
Reference: Hyndman & Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed.),
§12.4 (neural network models); Hewamalage, Bergmeir & Bandara (2021), "Recurrent neural
networks for time series forecasting".

>>> y = np.sin(np.arange(120) / 4.0)
>>> f = RNNForecaster("gru", window=12, hidden_size=16, max_iter=60, random_state=0).fit(y)
>>> bool(np.max(np.abs(f.forecast(3) - np.sin(np.arange(120, 123) / 4.0))) < 0.1)
True
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from lucidml.nn import functional as F
from lucidml.nn.init import as_generator
from lucidml.nn.modules import Linear, Module
from lucidml.nn.optim import Adam
from lucidml.nn.recurrent import GRU, LSTM, RNN
from lucidml.nn.tensor import Tensor, no_grad
from lucidml.nn.training import Trainer
from lucidml.utils.validation import as_float_array, check_int, check_option, check_real

__all__ = ["RNNForecaster", "RecurrentRegressionNet"]

_CELLS = {"rnn": RNN, "gru": GRU, "lstm": LSTM}


class RecurrentRegressionNet(Module):
    """(B, w) windows → the last hidden state h_T of a recurrent layer → Linear (H → horizon)."""

    def __init__(self, cell="gru", hidden_size=32, num_layers=1, horizon=1, *, random_state=None, dtype="float64"):
        rng = as_generator(random_state)
        self.cell, self.hidden_size, self.num_layers, self.horizon = cell, hidden_size, num_layers, horizon
        self.dtype = str(np.dtype(dtype))
        self.rnn = _CELLS[cell](1, hidden_size, num_layers, batch_first=True, random_state=rng, dtype=dtype)
        self.head = Linear(hidden_size, horizon, random_state=rng, dtype=dtype)

    def forward(self, x):
        out, _ = self.rnn(x.unsqueeze(-1))                              # (B, w) -> (B, w, 1) -> (B, w, H)
        return self.head(out[:, -1])                                    # h_T (B, H) -> (B, horizon)

    def config(self):
        return {"cell": self.cell, "hidden_size": self.hidden_size, "num_layers": self.num_layers,
                "horizon": self.horizon, "dtype": self.dtype}


class RNNForecaster(BaseEstimator):
    """A recurrent network as a direct multi-step forecaster of one series.

    Parameters
    ----------
    cell : "rnn", "gru" or "lstm"
    window : how many past values the network reads
    hidden_size, num_layers : the recurrent layer
    horizon : how many future values one forward pass predicts
    learning_rate, batch_size, max_iter (epochs), clip_grad_norm : training (Adam, MSE on standardised values)
    random_state, verbose : seed; 1 = a progress bar

    Attributes: ``network_``, ``mean_``, ``scale_`` (the standardisation), ``loss_curve_``,
    ``n_iter_``. A float32 series trains a float32 network, anything else float64.
    """

    def __init__(self, cell="gru", *, window=12, hidden_size=32, num_layers=1, horizon=1, learning_rate=0.01,
                 batch_size=32, max_iter=100, clip_grad_norm=1.0, random_state=None, verbose=0):
        self.cell = cell
        self.window = window
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.horizon = horizon
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.clip_grad_norm = clip_grad_norm
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, y, X=None):
        owner = type(self).__name__
        if X is not None:
            raise ValueError(f"{owner}: exogenous inputs X are not supported; pass the series y alone.")
        check_option(self.cell, name="cell", owner=owner, allowed=("rnn", "gru", "lstm"))
        w = check_int(self.window, name="window", owner=owner, minimum=1)
        H = check_int(self.horizon, name="horizon", owner=owner, minimum=1)
        for name in ("hidden_size", "num_layers", "batch_size", "max_iter"):
            check_int(getattr(self, name), name=name, owner=owner, minimum=1)
        check_real(self.learning_rate, name="learning_rate", owner=owner, minimum=0.0, strict=True)
        y = _series(y, owner)
        n_pairs = y.size - w - H + 1
        if n_pairs < 2:
            raise ValueError(f"{owner}: a series of {y.size} values gives {max(n_pairs, 0)} training window(s) for "
                             f"window={w} and horizon={H}; it needs at least window + horizon + 1 = {w + H + 1} "
                             "values. Use a longer series, a smaller window or a shorter horizon.")
        dtype = "float32" if y.dtype == np.float32 else "float64"
        self.mean_, self.scale_ = float(y.mean()), float(y.std()) or 1.0
        z = ((y - self.mean_) / self.scale_).astype(dtype)
        idx = np.arange(w)[None, :] + np.arange(n_pairs)[:, None]            # (n_pairs, w)
        Z, target = z[idx], z[idx[:, -1:] + 1 + np.arange(H)[None, :]]      # (n_pairs, w), (n_pairs, H)
        seed = np.random.default_rng(self.random_state).integers(2 ** 31)
        net = RecurrentRegressionNet(self.cell, self.hidden_size, self.num_layers, H, random_state=seed, dtype=dtype)
        trainer = Trainer(net, F.mse_loss, Adam(net.parameters(), lr=self.learning_rate),
                          batch_size=min(self.batch_size, n_pairs), max_epochs=self.max_iter,
                          clip_grad_norm=self.clip_grad_norm, random_state=seed, verbose=self.verbose)
        self.loss_curve_ = trainer.fit(Z, target)["loss"]
        self.network_, self.n_iter_, self._dtype = net, trainer.epoch, dtype
        self._history = z[-w:].copy()
        return self

    def forecast(self, steps=1):
        """ŷ_{n+1}, …, ŷ_{n+steps}: direct up to ``horizon``, then fed back ``horizon`` steps at a time."""
        check_is_fitted(self)
        steps = check_int(steps, name="steps", owner=type(self).__name__, minimum=1)
        w = self.window
        hist = list(self._history)
        net = self.network_.eval()
        with no_grad():
            while len(hist) < w + steps:
                z = net(Tensor(np.asarray(hist[-w:], dtype=self._dtype)[None, :])).data[0]   # (horizon,)
                hist.extend(z.tolist())
        return np.asarray(hist[w:w + steps]) * self.scale_ + self.mean_

    def predict(self, horizon=1):
        return self.forecast(horizon)


def _series(y, owner):
    y = np.asarray(y)
    keep32 = y.dtype == np.float32
    y = as_float_array(y, name="y", owner=owner, ndim=1)
    return y.astype(np.float32) if keep32 else y.astype(np.float64)
