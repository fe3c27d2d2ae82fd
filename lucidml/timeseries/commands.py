"""CLI commands for time series.

    lucidml explain ar --series 1,2,3,4 --coefficients 0.5,0.25 --steps 3 --const 0.1
    lucidml explain differencing --series 1,4,9,16,25 -d 2
    lucidml experiment arima --dataset nile --order 1,1,1 --steps 10 --figure nile.png
"""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import numpy as np
import typer

from lucidml.cli import experiment_command, explain_command, parse_vector


class Dataset(str, Enum):
    nile = "nile"
    sunspots = "sunspots"


@explain_command("ar")
def explain_ar(
    series: str = typer.Option(..., help="the observed series y, e.g. 1,2,3,4"),
    coefficients: str = typer.Option(..., help="φ_1, ..., φ_p, e.g. 0.5,0.25"),
    steps: int = typer.Option(3, help="how many values to forecast"),
    const: float = typer.Option(0.0, help="the constant c"),
):
    """AR(p) forecasts, each a weighted sum of the values before it."""
    from lucidml.explain import ar_forecast

    return ar_forecast(parse_vector(series, "series"), parse_vector(coefficients, "coefficients"),
                       steps=steps, const=const)


@explain_command("differencing")
def explain_differencing(
    series: str = typer.Option(..., help="the series y, e.g. 1,4,9,16,25"),
    d: int = typer.Option(1, "-d", "--d", help="number of differences (1 or 2)"),
):
    """∇ᵈy step by step, and how a running sum undoes it."""
    from lucidml.explain import differencing

    return differencing(parse_vector(series, "series"), d=d)


@experiment_command("arima")
def experiment_arima(
    dataset: Dataset = typer.Option(Dataset.nile, help="nile or sunspots (ignored with --series)"),
    series: Optional[str] = typer.Option(None, help="your own series: 1,2,3,... or a CSV path"),
    order: str = typer.Option("1,1,1", help="p,d,q"),
    steps: int = typer.Option(10, help="forecast horizon"),
    alpha: float = typer.Option(0.05, help="1 − coverage of the prediction intervals"),
    figure: Optional[Path] = typer.Option(None, help="save the forecast plot here (PNG)"),
):
    """Fit ARIMA(p,d,q) by exact maximum likelihood; print estimates and forecasts with intervals."""
    from rich.console import Console
    from rich.table import Table

    from lucidml.datasets.timeseries import load_nile, load_sunspots
    from lucidml.timeseries import ARIMA

    if series is not None:
        y = parse_vector(series, "series")
        t = np.arange(y.size)
        name = "your series"
    else:
        t, y = load_nile() if dataset is Dataset.nile else load_sunspots()
        name = dataset.value
    pdq = parse_vector(order, "order")
    if pdq.size != 3 or not np.all(pdq == np.round(pdq)):
        raise ValueError(f"--order must be three integers p,d,q such as 1,1,1, got {order!r}.")
    p, d, q = (int(v) for v in pdq)
    m = ARIMA(p, d, q).fit(y)
    mean, ci = m.forecast(steps, return_conf_int=True, alpha=alpha)
    console = Console(highlight=False)
    est = Table(title=f"ARIMA({p},{d},{q}) on {name}", caption=f"n = {y.size}, exact maximum likelihood")
    est.add_column("parameter")
    est.add_column("estimate", justify="right")
    rows = ([("μ", m.const_)] if m.trend_ == "c" else []) + \
        [(f"φ{i + 1}", v) for i, v in enumerate(m.ar_)] + [(f"θ{j + 1}", v) for j, v in enumerate(m.ma_)] + \
        [("σ²", m.sigma2_), ("log-likelihood", m.loglike_), ("AIC", m.aic_), ("BIC", m.bic_)]
    for label, value in rows:
        est.add_row(label, f"{value:.6g}")
    console.print(est)
    fc = Table(title=f"Forecasts with {100 * (1 - alpha):.0f}% intervals")
    for col in ("h", "forecast", "lower", "upper"):
        fc.add_column(col, justify="right")
    for h in range(steps):
        fc.add_row(str(h + 1), f"{mean[h]:.6g}", f"{ci[h, 0]:.6g}", f"{ci[h, 1]:.6g}")
    console.print(fc)
    if figure is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        future = t[-1] + np.arange(1, steps + 1) * (t[-1] - t[-2] if t.size > 1 else 1)
        fig, ax = plt.subplots(figsize=(9, 3.4))
        ax.plot(t, y, color="black", lw=0.9, label=name)
        ax.plot(future, mean, color="C1", label=f"ARIMA({p},{d},{q}) forecast")
        ax.fill_between(future, ci[:, 0], ci[:, 1], color="C1", alpha=0.25,
                        label=f"{100 * (1 - alpha):.0f}% interval")
        ax.legend(fontsize=8)
        fig.savefig(figure, dpi=90, bbox_inches="tight")
        plt.close(fig)
        typer.echo(f"wrote {figure}")
