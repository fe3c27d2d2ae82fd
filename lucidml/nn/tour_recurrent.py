"""Tour section: recurrent networks (SYLLABUS §12, §15).

The report discovers one ``lucidml/<topic>/tour.py`` per topic; nn's is the feed-forward
section, so this second nn section is found only once the report also looks for
``tour_*.py`` modules (or nn's ``tour.py`` returns both sections).
"""
from __future__ import annotations

from lucidml import explain
from lucidml.report.section import Figure, Section


def section(quick: bool = False) -> Section:
    """``quick=True`` trains on 3,000 names for one epoch (for tests); the tour uses the full corpus."""
    from lucidml.experiments.recurrent import char_rnn_names, gradients_through_time, rnn_forecast

    grads = gradients_through_time(T=20 if quick else 50, n_steps=10 if quick else 40)
    chars = char_rnn_names(max_epochs=1 if quick else 4, n_names=3000 if quick else None)
    fc = rnn_forecast(max_epochs=5 if quick else 60, series=("nile",) if quick else ("sunspots", "nile"))
    return Section(
        title="Recurrent networks",
        order=125,
        intro=["A recurrent network reads a sequence one step at a time and carries a state h_t from step to "
               "step with the same weights: h_t = tanh(W_ih x_t + W_hh h_{t−1} + b). Back-propagation through "
               "time is ordinary back-propagation through the unrolled graph, so ∂L/∂h_t is a product of T − t "
               "Jacobians, which vanishes (or explodes) geometrically. The LSTM's additive cell update "
               "c_t = f ⊙ c_{t−1} + i ⊙ g and the GRU's interpolation keep a path along which the gradient "
               "survives; gradient clipping tames the explosions.",
               "lucidml.nn's RNN, LSTM and GRU use PyTorch's names, shapes and gate order, and equal PyTorch's "
               "outputs and gradients to 1e-9 in float64; the worked LSTM step below is computed by the same "
               "LSTMCell."],
        solutions=[explain.lstm_step()],
        figures=[
            Figure.from_matplotlib(grads.figure(), "Vanishing and exploding gradients through time",
                                   "Left: ‖∂L/∂h_t‖ for a loss on the last state; the plain RNN's gradient falls "
                                   "geometrically with T − t, an LSTM with forget bias 1 keeps far more. "
                                   "Right: a "
                                   "relu RNN with recurrent gain 2 trained by SGD, with and without clipping."),
            Figure.from_matplotlib(chars.figure(), "Character-level language models of surnames",
                                   "Training cross-entropy per epoch of each network; dashed lines are the n-gram "
                                   "baselines' validation losses, stars the networks'."),
            Figure.from_matplotlib(fc.figure(), "Neural forecasters beside ARIMA",
                                   "Forecasts from each rolling origin of the same leakage-guarded sequential "
                                   "cross-validation."),
        ],
        notes=[chars.table(), fc.table(), grads.table()],
    )
