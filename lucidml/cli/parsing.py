"""Reading numbers from the command line: vectors, matrices (or a CSV file) and labels."""
from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["parse_vector", "parse_matrix", "parse_labels"]


def parse_vector(text: str, name: str) -> np.ndarray:
    """'2,5,0,1,3' or '2 5 0 1 3' -> array([2., 5., 0., 1., 3.])."""
    M = parse_matrix(text, name)
    if M.shape[0] != 1:
        raise ValueError(f"--{name} must be a single row of numbers, got {M.shape[0]} rows.")
    return M[0]


def parse_matrix(text: str, name: str) -> np.ndarray:
    """Rows separated by ';' or newlines, entries by spaces or commas; or a CSV file path."""
    path = Path(text)
    if "\n" not in text and ";" not in text and path.suffix and path.is_file():
        text = path.read_text()
    rows = [r for r in (line.replace(",", " ").split() for line in text.replace(";", "\n").splitlines()) if r]
    if not rows:
        raise ValueError(f"--{name} is empty; give numbers like '1 0 1; 0 1 0'.")
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        counts = ", ".join(str(len(r)) for r in rows)
        raise ValueError(f"--{name} is not a matrix: its rows have {counts} entries; every row needs the same number.")
    try:
        return np.array([[float(v) for v in r] for r in rows])
    except ValueError as exc:
        raise ValueError(f"--{name} contains something that is not a number ({exc}).") from None


def parse_labels(text: str) -> np.ndarray:
    """'a,a,b' -> array(['a', 'a', 'b']); '0,1,1' -> integers; '0.5,1.5' -> floats."""
    labels = [v for v in text.replace(";", ",").replace(" ", ",").split(",") if v]
    as_numbers = []
    for v in labels:
        try:
            as_numbers.append(float(v))
        except ValueError:
            return np.array(labels)
    values = np.array(as_numbers)
    return values.astype(int) if np.array_equal(values, np.round(values)) else values
