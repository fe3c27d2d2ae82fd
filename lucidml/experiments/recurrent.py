"""Recurrent-network experiments (SYLLABUS §12, §15), all computed with :mod:`lucidml.nn`.

1. ``char_rnn_names()``: character-level language models of the 1990 US Census surnames
   (:func:`lucidml.datasets.load_names`), fixed 90/10 split: n-gram count models (bigram
   with add-one smoothing, trigram and 4-gram with add-α) against RNN, GRU and LSTM
   networks trained with the same budget; validation cross-entropy in nats per character,
   and samples from each model.
2. ``rnn_forecast()``: :class:`~lucidml.timeseries.RNNForecaster` beside ``ARIMA`` and
   ``LagForecaster`` on statsmodels' sunspots and Nile series, each scored by the same
   leakage-guarded rolling-origin cross-validation (RMSE per fold).
3. ``gradients_through_time()``: ‖∂L/∂h_t‖ against t for a loss on the last state h_T, for
   a vanilla RNN, a GRU and an LSTM at initialisation (the RNN's gradient vanishes
   geometrically with T − t), and training a relu RNN whose recurrent weights have gain
   > 1 with and without gradient-norm clipping (exploding gradients).

References: Bengio, Simard & Frasconi (1994); Hochreiter & Schmidhuber (1997); Pascanu,
Mikolov & Bengio (2013); Karpathy, makemore (2022).

>>> r = gradients_through_time(T=20, hidden_size=8, n_steps=5)
>>> g = r.norms["RNN (tanh)"]
>>> bool(g[0] < 1e-2 * g[-1])              # ‖∂L/∂h_1‖ ≪ ‖∂L/∂h_T‖: vanishing
True
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lucidml.utils.validation import check_int

__all__ = ["char_rnn_names", "rnn_forecast", "gradients_through_time", "CharRNNResult", "ForecastResult",
           "GradientsThroughTimeResult"]


# -- 1. character-level language models ------------------------------------------------------------
@dataclass
class CharRNNResult:
    n_train: int
    n_val: int
    losses: dict[str, float]                  # validation nats/char per model
    samples: dict[str, list[str]]
    curves: dict[str, list[float]] = field(default_factory=dict)   # training nats/char per epoch
    seconds: dict[str, float] = field(default_factory=dict)

    def table(self) -> str:
        lines = [f"Surnames (US Census 1990): {self.n_train} training / {self.n_val} validation names",
                 f"{'model':<28}{'val nats/char':>14}{'perplexity':>12}{'train s':>9}   samples"]
        for name, loss in self.losses.items():
            secs = f"{self.seconds[name]:>9.0f}" if name in self.seconds else f"{'':>9}"
            lines.append(f"{name:<28}{loss:>14.3f}{np.exp(loss):>12.2f}{secs}   "
                         + ", ".join(self.samples.get(name, [])[:6]))
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4))
        for name, curve in self.curves.items():
            ax.plot(np.arange(1, len(curve) + 1), curve, "o-", label=f"{name} (train)")
        colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        for k, (name, loss) in enumerate((n, v) for n, v in self.losses.items() if n not in self.curves):
            ax.axhline(loss, ls="--", lw=1, color=colours[(k + 3) % len(colours)], label=f"{name} (val)")
        for name in self.curves:
            ax.plot([len(self.curves[name])], [self.losses[name]], "k*", ms=9)
        ax.set_xlabel("epoch")
        ax.set_ylabel("cross-entropy (nats per character)")
        ax.set_title("Character-level models of surnames (★ = validation)", fontsize=10)
        ax.legend(fontsize=7)
        fig.tight_layout()
        return fig


def char_rnn_names(*, cells=("rnn", "gru", "lstm"), hidden_size=128, embedding_dim=32, max_epochs=4,
                   batch_size=256, learning_rate=0.01, n_names=None, n_samples=8, random_state=0,
                   verbose=0) -> CharRNNResult:
    """The n-gram baselines and one network per cell, on a fixed 90/10 split of the surnames.

    ``n_names`` takes the first n names of the shuffled corpus (a quick run); None = all 88,799.
    """
    import time

    from lucidml.datasets.census_names import load_names
    from lucidml.nn.char_rnn import CharRNN, NGramCharModel

    names = load_names("last")
    order = np.random.default_rng(0).permutation(len(names))                # the fixed split
    if n_names is not None:
        order = order[:check_int(n_names, name="n_names", owner="char_rnn_names", minimum=20)]
    n_train = int(0.9 * len(order))
    train, val = [names[i] for i in order[:n_train]], [names[i] for i in order[n_train:]]
    losses, samples, curves, seconds = {}, {}, {}, {}
    for label, n, alpha in [("bigram, add-1", 2, 1.0), ("trigram, add-0.1", 3, 0.1), ("4-gram, add-0.05", 4, 0.05)]:
        model = NGramCharModel(n, alpha).fit(train)
        losses[label] = model.loss(val)
        samples[label] = model.sample(n_samples, random_state=random_state)
    for cell in cells:
        label = f"{cell.upper()} ({hidden_size} units)"
        start = time.perf_counter()
        model = CharRNN(cell, hidden_size=hidden_size, embedding_dim=embedding_dim, max_iter=max_epochs,
                        batch_size=batch_size, learning_rate=learning_rate, random_state=random_state,
                        verbose=verbose).fit(train)
        seconds[label] = time.perf_counter() - start
        losses[label] = model.loss(val)
        samples[label] = model.sample(n_samples, random_state=random_state)
        curves[label] = list(model.loss_curve_)
    return CharRNNResult(len(train), len(val), losses, samples, curves, seconds)


# -- 2. neural forecasters beside ARIMA ----------------------------------------------------------------
@dataclass
class ForecastResult:
    series: dict[str, np.ndarray]                          # name -> y
    scores: dict[str, dict[str, np.ndarray]]               # series -> model -> RMSE per fold
    forecasts: dict[str, dict[str, list]]                  # series -> model -> forecasts per fold
    splits: dict[str, list]                                # series -> [(train, val), ...]

    def table(self) -> str:
        lines = ["Rolling-origin cross-validation, RMSE per fold (5 folds of 10 steps ahead)"]
        for s, by_model in self.scores.items():
            lines.append(f"{s}:")
            for m, sc in by_model.items():
                lines.append(f"  {m:<30}" + "".join(f"{v:>9.1f}" for v in sc) + f"   mean {sc.mean():.1f}")
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(len(self.series), 1, figsize=(8, 3.2 * len(self.series)), squeeze=False)
        for ax, (s, y) in zip(axes[:, 0], self.series.items()):
            t = np.arange(len(y))
            first = self.splits[s][0][1][0]
            ax.plot(t[first - 40:], y[first - 40:], "k-", lw=1, label="observed")
            for m, fc in self.forecasts[s].items():
                for k, ((_, val), f) in enumerate(zip(self.splits[s], fc)):
                    ax.plot(val, f, lw=1.5, color=f"C{list(self.forecasts[s]).index(m)}",
                            label=m if k == 0 else None)
            ax.set_title(f"{s}: forecasts from each rolling origin", fontsize=10)
            ax.legend(fontsize=7)
        fig.tight_layout()
        return fig


def rnn_forecast(*, series=("sunspots", "nile"), n_splits=5, test_size=10, max_epochs=60,
                 random_state=0, verbose=0) -> ForecastResult:
    """ARIMA, LagForecaster(Ridge) and RNNForecaster (GRU, LSTM) under the same sequential CV."""
    from sklearn.linear_model import Ridge

    from lucidml.datasets.timeseries import load_nile, load_sunspots
    from lucidml.model_selection import TimeSeriesSplit
    from lucidml.timeseries import ARIMA, ForecastingCV, LagForecaster
    from lucidml.timeseries.rnn_forecaster import RNNForecaster

    loaders = {"sunspots": load_sunspots, "nile": load_nile}
    settings = {"sunspots": dict(arima=(2, 0, 0), lags=9, window=18), "nile": dict(arima=(0, 1, 1), lags=3, window=10)}
    out_series, scores, forecasts, splits = {}, {}, {}, {}
    for s in series:
        _, y = loaders[s]()
        cfg = settings[s]
        cv = TimeSeriesSplit(n_splits=n_splits, test_size=test_size)
        models = {f"ARIMA{cfg['arima']}": ARIMA(*cfg["arima"]),
                  f"LagForecaster(Ridge, {cfg['lags']} lags)": LagForecaster(Ridge(), lags=cfg["lags"])}
        for cell in ("gru", "lstm"):
            models[f"RNNForecaster({cell.upper()}, w={cfg['window']})"] = RNNForecaster(
                cell, window=cfg["window"], hidden_size=16, horizon=test_size, max_iter=max_epochs,
                random_state=random_state, verbose=verbose)
        out_series[s], scores[s], forecasts[s] = y, {}, {}
        for name, model in models.items():
            r = ForecastingCV(model, cv=cv, scoring="rmse").fit(y)
            scores[s][name], forecasts[s][name] = r.scores_, r.forecasts_
            splits[s] = r.splits_
    return ForecastResult(out_series, scores, forecasts, splits)


# -- 3. vanishing and exploding gradients through time ---------------------------------------------
@dataclass
class GradientsThroughTimeResult:
    T: int
    norms: dict[str, np.ndarray]                     # ‖∂L/∂h_t‖ for t = 1 … T
    clipping: dict[str, np.ndarray]                  # training loss per step, with / without clipping
    grad_norms: dict[str, np.ndarray]                # gradient norm before clipping, per step

    def table(self) -> str:
        T = self.T
        lines = [f"‖∂L/∂h_t‖ at initialisation, loss on h_T (T = {T})",
                 f"{'cell':<30}{'t = 1':>11}{f't = {T // 2}':>11}{f't = {T}':>11}{'1 / T':>11}"]
        for name, g in self.norms.items():
            lines.append(f"{name:<30}{g[0]:>11.3g}{g[T // 2 - 1]:>11.3g}{g[-1]:>11.3g}{g[0] / g[-1]:>11.3g}")
        lines.append("Exploding gradients (relu RNN, recurrent gain 2): training loss after each step")
        for name, curve in self.clipping.items():
            finite = np.isfinite(curve)
            last = f"{curve[finite][-1]:.3g}" if finite.any() else "nan"
            lines.append(f"  {name:<28} steps {finite.sum():>3}/{curve.size}  final loss {last:>9}  "
                         f"max ‖g‖ {np.nanmax(self.grad_norms[name]):.3g}")
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.8))
        t = np.arange(1, self.T + 1)
        for name, g in self.norms.items():
            a.semilogy(t, g, ".-", label=name)
        a.set_xlabel("time step t")
        a.set_ylabel("‖∂L/∂h_t‖")
        a.set_title("Vanishing gradients through time (loss on h_T)", fontsize=10)
        a.legend(fontsize=7)
        for name, curve in self.clipping.items():
            b.semilogy(np.arange(1, curve.size + 1), curve, ".-", label=name)
        b.set_xlabel("training step")
        b.set_ylabel("loss")
        b.set_title("Exploding gradients: relu RNN, gain 2", fontsize=10)
        b.legend(fontsize=7)
        fig.tight_layout()
        return fig


def gradients_through_time(T: int = 50, hidden_size: int = 32, input_size: int = 4, batch: int = 32,
                           n_steps: int = 40, random_state=0) -> GradientsThroughTimeResult:
    """‖∂L/∂h_t‖ for L = ½ mean ‖W_out h_T − y‖², unrolling the cells so every h_t is a node.

    Each cell has PyTorch's initialisation; "LSTM, forget bias 1" adds 1 to b_f, the usual
    remedy (Gers et al. 2000; Jozefowicz et al. 2015) that lets c_t pass through unchanged.
    """
    from lucidml.nn.clipping import clip_grad_norm_
    from lucidml.nn.modules import Linear
    from lucidml.nn.optim import SGD
    from lucidml.nn.recurrent import RNN, GRUCell, LSTMCell, RNNCell
    from lucidml.nn.tensor import Tensor

    T = check_int(T, name="T", owner="gradients_through_time", minimum=2)
    rng = np.random.default_rng(random_state)
    x = rng.normal(size=(T, batch, input_size))
    y = rng.normal(size=(batch, 1))
    norms = {}
    for name in ("RNN (tanh)", "GRU", "LSTM", "LSTM, forget bias 1"):
        seed = int(rng.integers(2 ** 31))
        cell = {"RNN (tanh)": RNNCell, "GRU": GRUCell}.get(name, LSTMCell)(input_size, hidden_size,
                                                                         random_state=seed, dtype="float64")
        if name == "LSTM, forget bias 1":
            cell.bias_ih.data[hidden_size:2 * hidden_size] += 1.0
        head = Linear(hidden_size, 1, random_state=seed, dtype="float64")
        state = None
        hs = []
        for t in range(T):
            state = cell(Tensor(x[t]), state)
            h = state[0] if isinstance(state, tuple) else state
            h.requires_grad = True                                      # keep ∂L/∂h_t even if no weight upstream
            hs.append(h)
        loss = ((head(hs[-1]) - y) ** 2).mean() * 0.5
        loss.backward()
        norms[name] = np.array([np.linalg.norm(h.grad) for h in hs])
    clipping, grad_norms = {}, {}
    for name, max_norm in (("no clipping", None), ("clip ‖g‖ ≤ 1", 1.0)):
        rnn = RNN(input_size, 32, nonlinearity="relu", random_state=1, dtype="float64")
        Q, _ = np.linalg.qr(np.random.default_rng(2).normal(size=(32, 32)))
        rnn.weight_hh_l0.data = 2.0 * Q                                  # every singular value 2: explodes
        head = Linear(32, 1, random_state=1, dtype="float64")
        opt = SGD(rnn.parameters() + head.parameters(), lr=0.1)
        curve, gn = np.full(n_steps, np.nan), np.full(n_steps, np.nan)
        xs = Tensor(np.random.default_rng(3).normal(size=(30, batch, input_size)))
        with np.errstate(all="ignore"):
            for k in range(n_steps):
                opt.zero_grad()
                out, _ = rnn(xs)
                loss = ((head(out[-1]) - y) ** 2).mean() * 0.5
                if not np.isfinite(loss.item()):
                    break
                curve[k] = loss.item()
                loss.backward()
                params = rnn.parameters() + head.parameters()
                gn[k] = clip_grad_norm_(params, max_norm) if max_norm else np.sqrt(
                    sum(float(np.sum(p.grad ** 2)) for p in params))
                opt.step()
        clipping[name], grad_norms[name] = curve, gn
    return GradientsThroughTimeResult(T, norms, clipping, grad_norms)
