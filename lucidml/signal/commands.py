"""CLI commands for convolution.

    lucidml explain conv1d --signal 2,5,0,1,3 --kernel 0,1,0
    lucidml explain conv2d --data "1 0 1 1 0; 1 0 0 1 1; ..." --kernel "0 0 0; 0 5 0; 0 0 0"
"""
from __future__ import annotations

from enum import Enum

import typer

from lucidml.cli import explain_command, parse_matrix, parse_vector


class Mode(str, Enum):
    valid = "valid"
    same = "same"
    full = "full"


@explain_command("conv1d")
def explain_conv1d(
    signal: str = typer.Option(..., help="the signal f, e.g. 2,5,0,1,3"),
    kernel: str = typer.Option(..., help="the kernel g, e.g. 0,1,0"),
    mode: Mode = typer.Option(Mode.valid, help="valid, same or full"),
):
    """1-D convolution f * g, one output cell at a time."""
    from lucidml.explain import convolution

    return convolution(parse_vector(signal, "signal"), parse_vector(kernel, "kernel"), mode.value)


@explain_command("conv2d")
def explain_conv2d(
    data: str = typer.Option(..., help="the data matrix: '1 0 1; 0 1 0; ...' or a CSV path"),
    kernel: str = typer.Option(..., help="the kernel matrix: '0 0 0; 0 5 0; 0 0 0' or a CSV path"),
    mode: Mode = typer.Option(Mode.valid, help="valid, same or full"),
):
    """2-D convolution D * K, one output cell at a time."""
    from lucidml.explain import convolution2d

    return convolution2d(parse_matrix(data, "data"), parse_matrix(kernel, "kernel"), mode.value)
