"""Tour section: recurrent networks (SYLLABUS §12, §15).

The report discovers one ``lucidml/<topic>/tour.py`` per topic; nn's is the feed-forward
section, so this second nn section is found only once the report also looks for
``tour_*.py`` modules (or nn's ``tour.py`` returns both sections).
"""
from __future__ import annotations

from lucidml import explain
from lucidml.report.section import Figure, Section, Table


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
        tables=[_char_table(chars), _forecast_table(fc), *_gradient_tables(grads)],
    )


# The results' .table() texts (what the CLI prints) as HTML tables, from the same fields.
def _char_table(chars) -> Table:
    import numpy as np

    return Table(f"Surnames (US Census 1990): {chars.n_train} training / {chars.n_val} validation names",
                 ["model", "val nats/char", "perplexity", "train s", "samples"],
                 [[name, f"{loss:.3f}", f"{np.exp(loss):.2f}",
                   f"{chars.seconds[name]:.0f}" if name in chars.seconds else None,
                   ", ".join(chars.samples.get(name, [])[:6])] for name, loss in chars.losses.items()])


def _forecast_table(fc) -> Table:
    n_folds = max(len(sc) for by_model in fc.scores.values() for sc in by_model.values())
    return Table("Rolling-origin cross-validation, RMSE per fold (10 steps ahead)",
                 ["series / model"] + [f"fold {k + 1}" for k in range(n_folds)] + ["mean"],
                 [[f"{s}: {m}"] + [f"{v:.1f}" for v in sc] + [None] * (n_folds - len(sc)) + [f"{sc.mean():.1f}"]
                  for s, by_model in fc.scores.items() for m, sc in by_model.items()])


def _gradient_tables(grads) -> list[Table]:
    import numpy as np

    T = grads.T
    norms = Table(f"‖∂L/∂h_t‖ at initialisation, loss on h_T (T = {T})",
                  ["cell", "t = 1", f"t = {T // 2}", f"t = {T}", "1 / T"],
                  [[name, g[0], g[T // 2 - 1], g[-1], g[0] / g[-1]] for name, g in grads.norms.items()])
    rows = []
    for name, curve in grads.clipping.items():
        finite = np.isfinite(curve)
        rows.append([name, f"{finite.sum()}/{curve.size}", f"{curve[finite][-1]:.3g}" if finite.any() else "nan",
                     f"{np.nanmax(grads.grad_norms[name]):.3g}"])
    clipping = Table("Exploding gradients (relu RNN, recurrent gain 2)",
                     ["training", "finite steps", "final loss", "max ‖g‖"], rows)
    return [norms, clipping]
