"""CLI commands for model generalisation.

    lucidml explain kfold --n 12 --k 3
    lucidml explain tscv --n 12 --k 4 --window sliding --gap 1
"""
from __future__ import annotations

from enum import Enum
from typing import Optional

import typer

from lucidml.cli import explain_command


class Window(str, Enum):
    expanding = "expanding"
    sliding = "sliding"


@explain_command("kfold")
def explain_kfold(
    n: int = typer.Option(12, "--n", help="number of samples N"),
    k: int = typer.Option(3, "-k", "--k", help="number of folds K"),
    shuffle: bool = typer.Option(False, "--shuffle", help="shuffle the samples before cutting the folds"),
    seed: Optional[int] = typer.Option(None, "--seed", help="random_state for --shuffle"),
):
    """K-fold cross-validation: which samples train and which validate in each round."""
    from lucidml.explain import kfold

    return kfold(n, k, shuffle=shuffle, random_state=seed)


@explain_command("tscv")
def explain_tscv(
    n: int = typer.Option(12, "--n", help="number of time steps N"),
    k: int = typer.Option(4, "-k", "--k", help="number of rounds (splits) K"),
    window: Window = typer.Option(Window.expanding, help="expanding (all the past) or sliding (the last L steps)"),
    train_size: Optional[int] = typer.Option(None, "--train-size", help="L, the sliding window's length"),
    test_size: Optional[int] = typer.Option(None, "--test-size", help="m, steps per validation block"),
    gap: int = typer.Option(0, "--gap", help="steps left out between training and validation"),
):
    """Time-series cross-validation (expanding or sliding window) and the invalid split it refuses."""
    from lucidml.explain import time_series_cv

    return time_series_cv(n, k, window=window.value, train_size=train_size, test_size=test_size, gap=gap)
