"""CLI commands for distances.

    lucidml explain distances --x 1,2,3 --y 4,0,3
"""
from __future__ import annotations

import typer

from lucidml.cli import explain_command, parse_vector


@explain_command("distances")
def explain_distances(
    x: str = typer.Option(..., help="first vector, e.g. 1,2,3"),
    y: str = typer.Option(..., help="second vector, e.g. 4,0,3"),
):
    """L1, L2 and cosine distances between two vectors."""
    from lucidml.explain import distances

    return distances(parse_vector(x, "x"), parse_vector(y, "y"))
