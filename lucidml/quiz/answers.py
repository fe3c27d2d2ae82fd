"""Reading a student's answer: text (or Python values) to a number, vector, matrix, label,
choice or yes/no, with a message about the expected format when it cannot be read.

Numbers may be written ``0.75``, ``-3``, ``1e-3``, ``3/4`` or ``−0.5`` (a Unicode minus).
Vectors and matrices use the formats the ``lucidml explain`` commands take: entries
separated by commas or spaces, rows by ``;`` or new lines; brackets are allowed and ignored
(``[5, 0, 1]``, ``[[0, 0, 5], [5, 0, 0]]``). A choice is its letter or its text; yes/no
accepts yes/no, y/n, true/false.

>>> parse_answer("3/4", "number")
0.75
>>> parse_answer("[[1, 2], [3, 4]]", "matrix").tolist()
[[1.0, 2.0], [3.0, 4.0]]
>>> parse_answer("b", "choice", choices=("valid", "invalid")), parse_answer("No", "yesno")
('invalid', False)
"""
from __future__ import annotations

import math
import numbers
import re
from fractions import Fraction

import numpy as np

__all__ = ["AnswerFormatError", "parse_answer", "format_instructions"]

_LETTERS = "abcdefghij"
_YES = {"yes", "y", "true", "t", "1", "ja", "oui"}
_NO = {"no", "n", "false", "f", "0", "nein", "non"}


class AnswerFormatError(ValueError):
    """The answer could not be read in the expected format (it costs no attempt)."""


def parse_answer(answer, kind: str, *, shape: tuple = (), choices: tuple = ()):
    """Turn ``answer`` into the value :meth:`Exercise.check` compares, or raise AnswerFormatError."""
    if kind == "number":
        return _number(answer)
    if kind in ("vector", "matrix"):
        return _array(answer, kind, shape)
    if kind == "label":
        return _label(answer, choices)
    if kind == "choice":
        return _choice(answer, choices)
    if kind == "yesno":
        return _yesno(answer)
    raise AnswerFormatError(f"unknown answer kind {kind!r}.")


def format_instructions(kind, shape=(), decimals=None, sig=None, choices=(), unordered=False) -> str:
    """One sentence on how to write the answer."""
    if decimals is not None:
        precision = f"; give {decimals} decimal place{'s' * (decimals != 1)}" if decimals else "; a whole number"
    elif sig is not None:
        precision = f"; give {sig} significant figures (e.g. 1.23e-5)"
    else:
        precision = "; exact values"
    if kind == "number":
        return "a number, e.g. 0.75 or 3/4" + precision + "."
    if kind == "vector":
        size = f"of {shape[0]} numbers" if shape else "of numbers"
        order = " in increasing order (any order is accepted)" if unordered else ""
        return f"a vector {size}{order}, e.g. 1, 2, 3" + precision + "."
    if kind == "matrix":
        size = f"{shape[0]}×{shape[1]} matrix" if len(shape) == 2 else "matrix"
        return f"a {size}, rows separated by ';', e.g. 1 2; 3 4" + precision + "."
    if kind == "label":
        return "a label" + (f", one of: {', '.join(map(str, choices))}" if choices else "") + "."
    if kind == "choice":
        options = "; ".join(f"({_LETTERS[i]}) {c}" for i, c in enumerate(choices))
        return f"the letter of one option: {options}."
    return "yes or no."


# -- parsers ----------------------------------------------------------------------------------------
def _clean(text: str) -> str:
    return (text.replace("−", "-").replace("–", "-").replace("×10^", "e").replace("x10^", "e")
            .replace("·10^", "e").strip())


def _scalar(token: str) -> float:
    t = token.strip()
    if not t:
        raise ValueError("empty")
    if "/" in t:
        num, _, den = t.partition("/")
        value = float(Fraction(num.strip()) / Fraction(den.strip())) if "." not in t else float(num) / float(den)
    else:
        value = float(t)
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def _number(answer) -> float:
    if isinstance(answer, bool):
        raise AnswerFormatError("expected a number, got a yes/no value.")
    if isinstance(answer, numbers.Real):
        if not math.isfinite(float(answer)):
            raise AnswerFormatError(f"{answer} is not a finite number.")
        return float(answer)
    if isinstance(answer, np.ndarray) and answer.size == 1:
        return _number(answer.item())
    if isinstance(answer, (list, tuple)) and len(answer) == 1:
        return _number(answer[0])
    if not isinstance(answer, str):
        raise AnswerFormatError(f"expected a number, got {type(answer).__name__}.")
    text = _clean(answer).strip("[]() ")
    try:
        return _scalar(text)
    except (ValueError, ZeroDivisionError):
        raise AnswerFormatError(f"could not read {answer.strip()!r} as a number.") from None


def _array(answer, kind, shape) -> np.ndarray:
    if isinstance(answer, str):
        rows = _rows(answer)
    else:
        try:
            a = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            raise AnswerFormatError(f"could not read the answer as a {kind} of numbers.") from None
        if not np.isfinite(a).all():
            raise AnswerFormatError("the answer contains NaN or infinity.")
        rows = [list(a)] if a.ndim <= 1 else [list(r) for r in a] if a.ndim == 2 else None
        if rows is None:
            raise AnswerFormatError(f"expected a {kind}, got an array with {a.ndim} dimensions.")
        if a.ndim == 0:
            rows = [[float(a)]]
    if kind == "vector":
        if len(rows) > 1 and all(len(r) == 1 for r in rows):
            rows = [[r[0] for r in rows]]                     # a column typed one value per line
        if len(rows) != 1:
            raise AnswerFormatError(f"expected one row of numbers (a vector), got {len(rows)} rows.")
        return np.array(rows[0], dtype=float)
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        raise AnswerFormatError("the rows have " + ", ".join(str(len(r)) for r in rows)
                                + " entries; every row of a matrix needs the same number.")
    if len(rows) == 1 and len(shape) == 2 and shape[0] > 1 and len(rows[0]) == shape[0] * shape[1]:
        rows = [rows[0][i * shape[1]:(i + 1) * shape[1]] for i in range(shape[0])]   # flattened row-major
    return np.array(rows, dtype=float)


def _rows(text: str) -> list[list[float]]:
    t = _clean(text)
    if re.search(r"\]\s*,?\s*\[", t):                        # [[1, 2], [3, 4]] or [1 2] [3 4]
        t = re.sub(r"\]\s*,?\s*\[", ";", t)
    t = t.replace("[", " ").replace("]", " ").replace("(", " ").replace(")", " ")
    rows = []
    for line in t.replace(";", "\n").splitlines():
        tokens = [tok for tok in re.split(r"[,\s]+", line.strip()) if tok]
        if not tokens:
            continue
        row = []
        for tok in tokens:
            try:
                row.append(_scalar(tok))
            except (ValueError, ZeroDivisionError):
                raise AnswerFormatError(f"{tok!r} is not a number.") from None
        rows.append(row)
    if not rows:
        raise AnswerFormatError("the answer is empty.")
    return rows


def _label(answer, choices) -> str:
    if isinstance(answer, (bool, np.bool_)) or answer is None:
        raise AnswerFormatError("expected a label.")
    text = str(answer.item() if isinstance(answer, np.generic) else answer).strip()
    if not text:
        raise AnswerFormatError("the answer is empty.")
    if choices:
        for c in choices:
            if text.casefold() == str(c).casefold():
                return str(c)
        raise AnswerFormatError(f"{text!r} is not one of the labels {', '.join(map(str, choices))}.")
    return text


def _choice(answer, choices) -> str:
    if not isinstance(answer, str):
        raise AnswerFormatError("expected the letter of an option.")
    full = answer.strip().casefold()
    for c in choices:
        if full == str(c).casefold():
            return c
    m = re.match(r"^\(?([a-j])\)?(?:[\s.:].*)?$", full)        # "b", "(b)", "b)", "(b) invalid: ..."
    if m and m[1] in _LETTERS[:len(choices)]:
        return choices[_LETTERS.index(m[1])]
    letters = ", ".join(_LETTERS[:len(choices)])
    raise AnswerFormatError(f"{answer.strip()!r} is not an option; answer with one of the letters {letters}.")


def _yesno(answer) -> bool:
    if isinstance(answer, (bool, np.bool_)):
        return bool(answer)
    text = str(answer).strip().strip(".!").casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise AnswerFormatError(f"{str(answer).strip()!r} is not yes or no.")
