"""The recurrent experiments in a quick setting: tables, figures, and the facts they show."""
from __future__ import annotations

import numpy as np

from lucidml.experiments.recurrent import char_rnn_names, gradients_through_time, rnn_forecast


def test_gradients_through_time():
    r = gradients_through_time(T=25, hidden_size=8, n_steps=8)
    rnn, lstm1 = r.norms["RNN (tanh)"], r.norms["LSTM, forget bias 1"]
    assert rnn[0] / rnn[-1] < 1e-4                                        # vanishing through 25 steps
    assert lstm1[0] / lstm1[-1] > 100 * rnn[0] / rnn[-1]                  # the forget gate keeps it alive
    assert np.nanmax(r.grad_norms["no clipping"]) > 1                     # exploding
    assert "‖∂L/∂h_t‖" in r.table()
    r.figure()


def test_char_rnn_quick():
    r = char_rnn_names(cells=("gru",), hidden_size=16, embedding_dim=8, max_epochs=1, n_names=400, n_samples=2)
    assert set(r.losses) == {"bigram, add-1", "trigram, add-0.1", "4-gram, add-0.05", "GRU (16 units)"}
    assert all(1.0 < v < 4.0 for v in r.losses.values())
    assert "nats/char" in r.table()
    r.figure()


def test_rnn_forecast_quick():
    r = rnn_forecast(series=("nile",), n_splits=2, test_size=5, max_epochs=3)
    assert len(r.scores["nile"]) == 4 and all(s.shape == (2,) for s in r.scores["nile"].values())
    assert "RMSE" in r.table()
    r.figure()
