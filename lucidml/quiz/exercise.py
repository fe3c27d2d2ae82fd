"""Exercises and feedback: the data model of :mod:`lucidml.quiz`.

An :class:`Exercise` is one seeded question: its id, the question, the given data, the
expected answer with its kind and precision, the recognisable mistakes, and the worked
solution (a :class:`lucidml.explain.Solution` built by the same engine that computed the
answer). :meth:`Exercise.check` grades an answer in three stages, as PrairieLearn and
Moodle STACK do:

    parse   a malformed answer gets a message about the expected format (status "invalid",
            it costs no attempt), never an exception
    grade   per entry: correct if |a − x| <= tol, close if |a − x| <= close_tol
    explain a wrong answer that matches a known mistake (convolution without the flip,
            a sign error in a gradient, the sample instead of the population variance,
            the off-by-one 'valid' length, ...) gets that mistake's hint and answer note

Tolerances follow the displayed precision: an answer asked to d decimals is correct within
one unit of the d-th decimal (so the answer key's rounding, and a last digit that differs
because the student rounded along the way, both pass); within ten units, or within 1% of the
value (PrairieLearn's default relative tolerance), it is "close" and earns half credit, as
Numbas reduces credit for the wrong precision. Exact answers (integers computed from
integers) have no close band.

>>> from lucidml.explain import Solution
>>> ex = Exercise(id="demo.s0.d1", type="demo", topic="demo", section=1, seed=0, difficulty=1,
...               question="What is 0.1 + 0.2?", given={}, answer=0.3, kind="number", decimals=2,
...               solution=Solution("What is 0.1 + 0.2?", [], 0.3))
>>> ex.check("0.30").status, ex.check("0.31").status, ex.check("0.35").status, ex.check("3").status
('correct', 'correct', 'close', 'wrong')
>>> ex.check("zero point three").status
'invalid'
"""
from __future__ import annotations

import hashlib
import html
import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lucidml.explain.solution import Solution, format_value
from lucidml.quiz.answers import AnswerFormatError, format_instructions, parse_answer

__all__ = ["Exercise", "Feedback", "Mistake", "KINDS", "STATUSES"]

KINDS = ("number", "vector", "matrix", "label", "choice", "yesno")
STATUSES = ("correct", "close", "wrong", "invalid")

EXACT_TOL = 1e-9            # for exact answers: integers from integers
CLOSE_FACTOR = 10.0         # close = within ten units of the last asked digit ...
CLOSE_RTOL = 1e-2           # ... or within 1 % of the value (PrairieLearn's default rtol)
CLOSE_CREDIT = 0.5          # Numbas-style: the wrong precision earns half the credit


@dataclass(frozen=True)
class Mistake:
    """A recognisable wrong answer, like a node of a STACK answer test.

    ``note`` names the mistake (an answer note for analytics), ``hint`` tells the student
    what went wrong. The mistake is recognised by ``value`` (compared like the answer,
    within the close tolerance) or, for vectors and matrices, by ``shape`` alone (a wrong
    output length). ``credit`` is the partial score it still earns (a sign-flipped
    eigenvector is half right).
    """

    note: str
    hint: str
    value: Any = None
    shape: tuple | None = None
    credit: float = 0.0


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``status`` in ("correct", "close", "wrong", "invalid"),
    ``score`` in [0, 1], a ``message`` for the student and an answer ``note`` for analytics
    ("correct", "close", "wrong", "format", or the name of the recognised mistake)."""

    status: str
    score: float
    message: str
    note: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def valid(self) -> bool:
        """False when the answer could not be read; it should not count as an attempt."""
        return self.status != "invalid"


@dataclass(frozen=True, eq=False)
class Exercise:
    """One seeded exercise. Build them with :func:`lucidml.quiz.generate`, not by hand.

    answer    the expected answer: a float (number), an array (vector, matrix), a string
              (label, choice: the option text) or a bool (yesno)
    decimals  the displayed precision: the answer is asked to this many decimals
              (None with ``sig`` for significant figures; both None: exact)
    choices   the options of a "choice" answer, or the allowed labels of a "label" answer
    unordered a vector whose entries form a set (the indices of a fold)
    note      a canonical text of the question's parameters (STACK's question note): two
              seeds with the same note are the same exercise
    reveal_shape  whether the answer format tells the vector's length or the matrix's shape
              (not where finding the output size is part of the exercise)
    """

    id: str
    type: str
    topic: str
    section: int
    seed: int
    difficulty: int
    question: str
    given: dict
    answer: Any
    kind: str
    solution: Solution
    decimals: int | None = None
    sig: int | None = None
    choices: tuple = ()
    unordered: bool = False
    mistakes: tuple = ()
    note: str = ""
    title: str = ""
    reveal_shape: bool = True
    _shape: tuple = field(default=(), repr=False)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Exercise {self.id}: kind={self.kind!r} is not one of {KINDS}.")
        if self.kind in ("vector", "matrix"):
            object.__setattr__(self, "_shape", np.shape(self.answer))

    # -- precision --------------------------------------------------------------------------------
    @property
    def exact(self) -> bool:
        return self.decimals is None and self.sig is None

    def tolerance(self, value=None) -> np.ndarray | float:
        """Absolute tolerance for a correct answer (per entry for arrays)."""
        x = np.abs(np.asarray(self.answer if value is None else value, dtype=float))
        if self.exact:
            return np.full(x.shape, EXACT_TOL) if x.ndim else EXACT_TOL
        if self.decimals is not None:
            unit = np.full(x.shape, 10.0 ** -self.decimals)
        else:
            exponent = np.floor(np.log10(np.where(x > 0, x, 1.0)))
            unit = 10.0 ** (exponent - self.sig + 1)
        tol = unit * (1 + 1e-9) + 1e-12
        return tol if x.ndim else float(tol)

    def close_tolerance(self, value=None) -> np.ndarray | float:
        """Absolute tolerance for a "close" answer (a rounding difference)."""
        x = np.abs(np.asarray(self.answer if value is None else value, dtype=float))
        tol = self.tolerance(value)
        if self.exact:
            return tol
        return np.maximum(CLOSE_FACTOR * tol, CLOSE_RTOL * x)

    # -- text for people ---------------------------------------------------------------------------
    @property
    def instructions(self) -> str:
        """How to write the answer: its format and precision."""
        shape = self._shape if self.reveal_shape else ()
        return format_instructions(self.kind, shape, self.decimals, self.sig, self.choices, self.unordered)

    @property
    def answer_text(self) -> str:
        """The expected answer at the displayed precision (what the answer key prints)."""
        return _answer_text(self.answer, self.kind, self.decimals, self.sig, self.choices)

    # -- grading -------------------------------------------------------------------------------------
    def check(self, answer) -> Feedback:
        """Grade ``answer`` (text as a student types it, or a number, list, array, bool)."""
        try:
            value = parse_answer(answer, self.kind, shape=self._shape, choices=self.choices)
        except AnswerFormatError as exc:
            return Feedback("invalid", 0.0, f"{exc} Expected: {self.instructions}", "format")
        if self.kind in ("number", "vector", "matrix"):
            return self._check_numeric(value)
        return self._check_discrete(value)

    def _check_numeric(self, a) -> Feedback:
        x = np.asarray(self.answer, dtype=float)
        a = np.asarray(a, dtype=float)
        if self.kind == "number":
            a = a.reshape(())
        if a.shape != x.shape:
            value_first = sorted(self.mistakes, key=lambda m: m.value is None)   # the specific ones first
            for m in value_first:
                if m.value is not None and np.shape(m.value) == a.shape and self._matches(a, m.value):
                    return Feedback("wrong", m.credit, f"Not correct: {m.hint}", m.note)
                if m.value is None and tuple(m.shape) == a.shape:
                    return Feedback("wrong", m.credit, f"Not correct: {m.hint}", m.note)
            got = f"{a.size} entr{'y' if a.size == 1 else 'ies'}" if a.ndim <= 1 else "a " + "×".join(map(str, a.shape))
            if not self.reveal_shape:                             # finding the size is part of the exercise
                return Feedback("wrong", 0.0, f"Not correct: you gave {got}, which is not the size of the answer; "
                                "work out how many entries the result has.", "wrong-shape")
            want = f"{x.size} entries" if x.ndim <= 1 else "×".join(map(str, x.shape))
            return Feedback("wrong", 0.0, f"Not correct: the answer has {want}, you gave {got}.", "wrong-shape")
        if self.unordered:                                    # a set: pair each entry with its nearest match
            good, near = _match_sets(a.ravel(), x.ravel(), np.ravel(self.tolerance(x)),
                                     np.ravel(self.close_tolerance(x)))
        else:
            err = np.abs(a - x)
            good = err <= self.tolerance(x)
            near = err <= self.close_tolerance(x)
        entry_score = np.where(good, 1.0, np.where(near, CLOSE_CREDIT, 0.0))
        share = float(entry_score.mean()) if entry_score.size else 1.0
        if good.all():
            return Feedback("correct", 1.0, "Correct.", "correct")
        for m in self.mistakes:
            if m.value is not None and np.shape(m.value) == a.shape and self._matches(a, m.value):
                return Feedback("wrong", max(m.credit, _share_exact(good)), f"Not correct: {m.hint}", m.note)
        if near.all():
            return Feedback("close", share, "Close, but not at the asked precision: a rounding difference. "
                            "Keep more digits in the intermediate steps and round only the final answer"
                            + (f" ({self._precision_text()})." if not self.exact else "."), "close")
        if a.ndim:
            n_good = int(good.sum())
            return Feedback("wrong", share, f"Not correct: {n_good} of {good.size} entries are right.", "wrong")
        return Feedback("wrong", 0.0, "Not correct.", "wrong")

    def _matches(self, a, value) -> bool:
        v = np.asarray(value, dtype=float)
        if self.unordered:
            a, v = np.sort(np.ravel(a)), np.sort(v.ravel())
        return bool(np.all(np.abs(a - v) <= self.close_tolerance(v)))

    def _check_discrete(self, a) -> Feedback:
        if _same_label(a, self.answer, self.kind):
            return Feedback("correct", 1.0, "Correct.", "correct")
        for m in self.mistakes:
            if m.value is not None and _same_label(a, m.value, self.kind):
                return Feedback("wrong", m.credit, f"Not correct: {m.hint}", m.note)
        return Feedback("wrong", 0.0, "Not correct.", "wrong")

    def _precision_text(self) -> str:
        if self.decimals is not None:
            return f"{self.decimals} decimal place{'s' * (self.decimals != 1)}"
        return f"{self.sig} significant figures"

    # -- rendering -----------------------------------------------------------------------------------
    def to_text(self, solution: bool = False, width: int = 100) -> str:
        """Plain text: the question, the given data and the answer format (and the worked solution)."""
        lines = [f"[{self.id}]  §{self.section} {self.title}", self.question, ""]
        for name, value in self.given.items():
            lines.append(_given_line(name, value))
        lines += ["", f"Answer format: {self.instructions}"]
        text = "\n".join(lines) + "\n"
        if solution:
            text += "\n" + self.solution.to_text(width=width)
        return text

    def to_markdown(self, solution: bool = False, heading: str = "###") -> str:
        lines = [f"{heading} {self.title} `{self.id}`", "", self.question, ""]
        for name, value in self.given.items():
            text = format_value(value) if not isinstance(value, str) else value
            if "\n" in text:
                lines += [f"- {name} =", "  ```", *("  " + r for r in text.splitlines()), "  ```"]
            else:
                lines.append(f"- {name} = {text}")
        lines += ["", f"*Answer format:* {self.instructions}"]
        if solution:
            lines += ["", self.solution.to_markdown()]
        return "\n".join(lines)

    def to_html(self, solution: bool = False) -> str:
        """Self-contained HTML (no scripts); matrices are tables."""
        from lucidml.explain.solution import format_value_html

        e = html.escape
        parts = [f'<div class="exercise" id="{e(self.id)}">',
                 f'<p class="exercise-title"><strong>{e(self.title)}</strong> <code>{e(self.id)}</code></p>',
                 f'<p class="question">{e(self.question)}</p>']
        if self.given:
            parts.append('<dl class="values">')
            for name, value in self.given.items():
                parts.append(f"<dt>{e(name)}</dt><dd>{format_value_html(value)}</dd>")
            parts.append("</dl>")
        parts.append(f'<p class="format"><em>Answer format:</em> {e(self.instructions)}</p>')
        if solution:
            parts.append(self.solution.to_html())
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_text()

    # -- identity ------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """Everything that defines the exercise, as JSON-ready data (numbers at 12 significant digits)."""
        return {
            "id": self.id, "type": self.type, "topic": self.topic, "section": self.section,
            "seed": self.seed, "difficulty": self.difficulty, "title": self.title,
            "question": self.question, "given": {k: _jsonable(v) for k, v in self.given.items()},
            "kind": self.kind, "answer": _jsonable(self.answer), "answer_text": self.answer_text,
            "decimals": self.decimals, "sig": self.sig, "choices": list(self.choices),
            "unordered": self.unordered, "reveal_shape": self.reveal_shape, "instructions": self.instructions, "note": self.note,
            "mistakes": [{"note": m.note, "hint": m.hint, "value": _jsonable(m.value),
                          "shape": None if m.shape is None else list(m.shape), "credit": m.credit}
                         for m in self.mistakes],
            "solution": self.solution.to_markdown(),
        }

    def fingerprint(self) -> str:
        """SHA-256 of :meth:`to_dict` as canonical JSON: equal on every machine for the same id."""
        text = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- helpers ------------------------------------------------------------------------------------------
def _match_sets(a, x, tol, close):
    """For each expected entry x_j: is some unused answer entry within tol_j (good), or within close_j (near)?"""
    good, near = np.zeros(len(x), bool), np.zeros(len(x), bool)
    free = np.ones(len(a), bool)
    for limit, out in ((tol, good), (close, near)):
        for j in np.argsort(x, kind="stable"):
            if good[j]:
                near[j] = True
                continue
            d = np.where(free, np.abs(a - x[j]), np.inf)
            i = int(np.argmin(d)) if len(d) else -1
            if i >= 0 and d[i] <= limit[j]:
                out[j] = True
                free[i] = False
    return good, near


def _share_exact(good) -> float:
    return float(np.mean(good)) if np.size(good) else 0.0


def _same_label(a, b, kind) -> bool:
    if kind == "yesno":
        return bool(a) == bool(b)
    sa, sb = str(a).strip().casefold(), str(b).strip().casefold()
    if sa == sb:
        return True
    try:
        return math.isclose(float(sa), float(sb), rel_tol=0, abs_tol=EXACT_TOL)
    except ValueError:
        return False


def round_display(value, decimals=None, sig=None):
    """Round to the displayed precision (decimals, or significant figures)."""
    a = np.asarray(value, dtype=float)
    if decimals is not None:
        r = np.round(a, decimals) + 0.0                       # + 0.0 turns −0 into 0
    elif sig is not None:
        exponent = np.floor(np.log10(np.where(a != 0, np.abs(a), 1.0)))
        scale = 10.0 ** (sig - 1 - exponent)
        r = np.round(a * scale) / scale + 0.0
    else:
        r = a + 0.0
    return r if r.ndim else float(r)


def _number_text(v: float, decimals, sig) -> str:
    if decimals is not None:
        return f"{round_display(v, decimals):.{decimals}f}"
    if sig is not None:
        return f"{v:.{sig}g}" if 1e-4 <= abs(v) < 1e6 or v == 0 else f"{v:.{sig - 1}e}"
    return format_value(v)


def _answer_text(answer, kind, decimals, sig, choices) -> str:
    if kind == "yesno":
        return "yes" if answer else "no"
    if kind == "choice":
        letter = "abcdefghij"[list(choices).index(answer)] if answer in choices else "?"
        return f"({letter}) {answer}"
    if kind == "label":
        return str(answer)
    a = np.asarray(answer, dtype=float)
    if a.ndim == 0:
        return _number_text(float(a), decimals, sig)
    if a.ndim == 1:
        return "[" + ", ".join(_number_text(float(v), decimals, sig) for v in a) + "]"
    cells = [[_number_text(float(v), decimals, sig) for v in row] for row in a]
    width = max(len(c) for row in cells for c in row)
    return "\n".join("[" + "  ".join(c.rjust(width) for c in row) + "]" for row in cells)


def _given_line(name, value) -> str:
    text = value if isinstance(value, str) else format_value(value)
    if "\n" not in text:
        return f"  {name} = {text}"
    pad = "  " + " " * (len(name) + 3)
    rows = text.splitlines()
    return "\n".join([f"  {name} = {rows[0]}"] + [pad + r for r in rows[1:]])


def _jsonable(v):
    """JSON-ready, with floats at 12 significant digits so last-bit differences between
    BLAS builds cannot change a fingerprint."""
    if v is None or isinstance(v, (str, bool)):
        return v
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)) and v and not all(isinstance(x, (int, float, np.number)) for x in v):
        return [_jsonable(x) for x in v]
    a = np.asarray(v)
    if a.dtype.kind in "US":
        return a.tolist()
    if a.dtype.kind == "b":
        return a.tolist()
    if a.dtype.kind in "iu":
        return a.tolist()
    if a.dtype.kind == "f":
        return np.array([float(f"{x:.12g}") + 0.0 for x in a.ravel().tolist()]).reshape(a.shape).tolist()
    return str(v)
