"""Tour section: time series (SYLLABUS §12)."""
from __future__ import annotations

import numpy as np

from lucidml import explain
from lucidml.datasets.timeseries import load_nile, load_sunspots
from lucidml.model_selection import TimeSeriesSplit
from lucidml.report.section import Figure, Section
from lucidml.timeseries import AR, ARIMA, ForecastingCV, acf, pacf


def section() -> Section:
    years, spots = load_sunspots()
    nile_years, nile = load_nile()
    ar = AR(2).fit(spots)
    return Section(
        title="Time series",
        order=120,
        intro=["A time series model predicts y_t from its own past, f(y_t | y_{t−1}, ..., y_0), "
               "or from inputs and lagged targets, f(y_t | X, y_{t−1}, ...). AR(p) regresses y_t on "
               "its last p values; MA(q) adds the last q shocks; ARMA combines them; ARIMA first "
               "differences the series d times to remove a trend. lucidml fits them by exact "
               "Gaussian maximum likelihood with a Kalman filter and forecasts with intervals.",
               "Cross-validation must respect time: fit on the past, score on the future "
               "(rolling origin). A shuffled split would let the model read the future."],
        solutions=[
            explain.differencing(nile[:8], d=1),
            explain.ar_forecast(spots, np.round(ar.ar_, 3), steps=3, const=round(ar.const_, 3)),
        ],
        figures=[_figure_acf(years, spots), _figure_forecast(nile_years, nile), _figure_cv(spots)],
        notes=[f"AR(2) on the yearly sunspot numbers (OLS): c = {ar.const_:.2f}, "
               f"φ = ({ar.ar_[0]:.3f}, {ar.ar_[1]:.3f}), σ² = {ar.sigma2_:.1f}. The worked forecast "
               "uses the coefficients rounded to 3 decimals."],
    )


def _figure_acf(years, y) -> Figure:
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(12, 3.2))
    axes[0].plot(years, y, lw=0.8)
    axes[0].set_title("yearly sunspot number", fontsize=10)
    band = 1.96 / np.sqrt(len(y))                                  # ±1.96/√n: white-noise band
    for ax, values, title in [(axes[1], acf(y, 40), "ACF"), (axes[2], pacf(y, 40), "PACF (Yule-Walker)")]:
        lags = np.arange(values.size)
        ax.vlines(lags, 0, values)
        ax.plot(lags, values, "o", ms=3)
        ax.axhspan(-band, band, color="grey", alpha=0.25)
        ax.axhline(0, color="black", lw=0.5)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("lag")
    return Figure.from_matplotlib(
        fig, "Sunspots with their ACF and PACF",
        "The ACF oscillates with the 11-year cycle and decays slowly; the PACF cuts off after "
        "a few lags, which points to a low-order autoregression. Grey: ±1.96/√n.")


def _figure_forecast(years, y) -> Figure:
    import matplotlib.pyplot as plt

    n_train = 80
    m = ARIMA(1, 1, 1).fit(y[:n_train])
    steps = len(y) - n_train
    mean, ci = m.forecast(steps, return_conf_int=True, alpha=0.05)
    fig, ax = plt.subplots(figsize=(9, 3.4))
    ax.plot(years, y, color="black", lw=0.9, label="Nile flow")
    ax.plot(years[n_train:], mean, color="C1", label="ARIMA(1,1,1) forecast")
    ax.fill_between(years[n_train:], ci[:, 0], ci[:, 1], color="C1", alpha=0.25, label="95% interval")
    ax.axvline(years[n_train] - 0.5, color="grey", ls=":")
    ax.set_ylabel("10⁸ m³ per year")
    ax.legend(fontsize=8, loc="upper right")
    return Figure.from_matplotlib(
        fig, "ARIMA(1,1,1) forecast of the Nile, fitted on 1871-1950",
        f"φ = {m.ar_[0]:.3f}, θ = {m.ma_[0]:.3f}, σ² = {m.sigma2_:.0f}. The differencing makes the "
        "interval widen without bound: the model does not assume the level returns to a mean.")


def _figure_cv(y) -> Figure:
    import matplotlib.pyplot as plt

    cv = TimeSeriesSplit(n_splits=30, test_size=8)
    models = {"random walk ARIMA(0,1,0)": ARIMA(0, 1, 0), "AR(2)": AR(2), "AR(9)": AR(9),
              "ARMA(2,1)": ARIMA(2, 0, 1)}
    fig, ax = plt.subplots(figsize=(7, 3.4))
    for label, model in models.items():
        res = ForecastingCV(model, cv=cv).fit(y)
        by_horizon = np.abs(np.array(res.errors_)).mean(axis=0)    # (test_size,): MAE per step ahead
        ax.plot(np.arange(1, by_horizon.size + 1), by_horizon, "o-", ms=3, label=f"{label} (MAE {res.mean_score_:.1f})")
    ax.set_xlabel("steps ahead")
    ax.set_ylabel("mean absolute error")
    ax.legend(fontsize=8)
    return Figure.from_matplotlib(
        fig, "Rolling-origin cross-validation on sunspots",
        "30 forecast origins over the last 240 years; each model is refitted on the past only. "
        "Error grows over the first half of the 11-year cycle and falls again as the cycle turns; "
        "every autoregression beats the random walk, AR(9) most.")
