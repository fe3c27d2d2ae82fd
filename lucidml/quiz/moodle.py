"""The exercises as a Moodle XML question bank, so an instructor imports a pool of seeded
variants into the course's learning platform.

One question per exercise (variant), named by its id, in a category per topic:

    number          ``numerical``: the answer with its tolerance (full credit), the close band
                    (half credit, "a rounding difference"), and each recognised mistake as a
                    0-credit answer whose feedback is the mistake's hint
    vector, matrix  ``cloze``: one embedded NUMERICAL field per entry, {1:NUMERICAL:=x:tol~%50%x:close}
    label           ``shortanswer`` (case-insensitive)
    choice          ``multichoice`` (one answer)
    yesno           ``truefalse``

The question text is the exercise's HTML; the worked solution is the general feedback.
Moodle's numerical tolerance is absolute (answer ± tolerance), which is what
:meth:`Exercise.tolerance` gives.

>>> from lucidml.quiz import generate
>>> xml = to_moodle_xml([generate("variance", 3)])
>>> xml.startswith('<?xml version="1.0" encoding="UTF-8"?>') and '<question type="numerical">' in xml
True
"""
from __future__ import annotations

import html
from xml.sax.saxutils import escape

import numpy as np

from lucidml.quiz.exercise import Exercise

__all__ = ["to_moodle_xml"]


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _num(v: float) -> str:
    """A plain decimal (no exponent), exact to 15 significant digits."""
    return np.format_float_positional(float(v), precision=15, unique=True, fractional=False, trim="-")


def _text(tag: str, content: str, fmt: str | None = "html") -> str:
    attr = f' format="{fmt}"' if fmt else ""
    return f"<{tag}{attr}><text>{_cdata(content)}</text></{tag}>"


def _common(ex: Exercise, body_html: str) -> list[str]:
    return [f"<name><text>{escape(ex.id)}</text></name>",
            _text("questiontext", body_html),
            _text("generalfeedback", ex.solution.to_html()),
            "<defaultgrade>1.0000000</defaultgrade>", "<penalty>0.3333333</penalty>", "<hidden>0</hidden>",
            f"<idnumber>{escape(ex.id)}</idnumber>"]


def _question(ex: Exercise) -> str:
    if ex.kind == "number":
        return _numerical(ex)
    if ex.kind in ("vector", "matrix"):
        return _cloze(ex)
    if ex.kind == "label":
        return _shortanswer(ex)
    if ex.kind == "choice":
        return _multichoice(ex)
    return _truefalse(ex)


def _answer(fraction: float, text: str, feedback: str, tolerance: float | None = None) -> str:
    tol = f"<tolerance>{_num(tolerance)}</tolerance>" if tolerance is not None else ""
    return (f'<answer fraction="{fraction:g}" format="plain_text"><text>{escape(text)}</text>{tol}'
            f"{_text('feedback', html.escape(feedback))}</answer>")


def _numerical(ex: Exercise) -> str:
    x = float(ex.answer)
    parts = ['<question type="numerical">', *_common(ex, ex.to_html())]
    parts.append(_answer(100, _num(x), "Correct.", float(ex.tolerance())))
    if not ex.exact:
        parts.append(_answer(50, _num(x), "Close, but not at the asked precision: a rounding difference.",
                             float(ex.close_tolerance())))
    for m in ex.mistakes:
        if m.value is not None and np.ndim(m.value) == 0:
            parts.append(_answer(100 * m.credit, _num(m.value), m.hint, float(ex.tolerance(m.value))))
    parts += ["<unitgradingtype>0</unitgradingtype>", "<unitpenalty>0.1000000</unitpenalty>",
              "<showunits>3</showunits>", "<unitsleft>0</unitsleft>", "</question>"]
    return "\n".join(parts)


def _cloze_field(x: float, tol: float, close: float | None) -> str:
    field = f"{{1:NUMERICAL:={_num(x)}:{_num(tol)}"
    if close is not None:
        field += f"~%50%{_num(x)}:{_num(close)}"
    return field + "}"


def _cloze(ex: Exercise) -> str:
    a = np.asarray(ex.answer, dtype=float)
    tol = np.broadcast_to(ex.tolerance(), a.shape)
    close = None if ex.exact else np.broadcast_to(ex.close_tolerance(), a.shape)
    if ex.kind == "vector":
        order = np.argsort(a, kind="stable") if ex.unordered else np.arange(a.size)
        cells = [_cloze_field(a[k], tol[k], None if close is None else close[k]) for k in order]
        blanks = "<p>[ " + ", ".join(cells) + " ]</p>"
    else:
        rows = ["<tr>" + "".join(f"<td>{_cloze_field(a[i, j], tol[i, j], None if close is None else close[i, j])}"
                                 "</td>" for j in range(a.shape[1])) + "</tr>" for i in range(a.shape[0])]
        blanks = '<table class="matrix">' + "".join(rows) + "</table>"
    note = " (in increasing order)" if ex.unordered else ""
    body = ex.to_html() + f"<p>Answer{note}:</p>" + blanks
    return "\n".join(['<question type="cloze">', *_common(ex, body), "</question>"])


def _shortanswer(ex: Exercise) -> str:
    parts = ['<question type="shortanswer">', *_common(ex, ex.to_html()), "<usecase>0</usecase>",
             _answer(100, str(ex.answer), "Correct.")]
    for m in ex.mistakes:
        if m.value is not None:
            parts.append(_answer(100 * m.credit, str(m.value), m.hint))
    parts.append("</question>")
    return "\n".join(parts)


def _multichoice(ex: Exercise) -> str:
    hints = {m.value: m.hint for m in ex.mistakes if m.value is not None}
    parts = ['<question type="multichoice">', *_common(ex, ex.to_html()), "<single>true</single>",
             "<shuffleanswers>0</shuffleanswers>", "<answernumbering>abc</answernumbering>"]
    for c in ex.choices:
        right = c == ex.answer
        parts.append(_answer(100 if right else 0, c, "Correct." if right else hints.get(c, "Not correct.")))
    parts.append("</question>")
    return "\n".join(parts)


def _truefalse(ex: Exercise) -> str:
    hint = next((m.hint for m in ex.mistakes if m.value is not None), "Not correct.")
    yes = bool(ex.answer)
    parts = ['<question type="truefalse">', *_common(ex, ex.to_html()),
             _answer(100 if yes else 0, "true", "Correct." if yes else hint),
             _answer(0 if yes else 100, "false", hint if yes else "Correct."), "</question>"]
    return "\n".join(parts)


def to_moodle_xml(exercises, category: str = "lucidml") -> str:
    """A Moodle XML question bank: a category per topic, one question per exercise."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    current = None
    for ex in exercises:
        if ex.topic != current:
            current = ex.topic
            parts.append(f'<question type="category"><category><text>$course$/{escape(category)}/'
                         f"{escape(ex.topic)}</text></category></question>")
        parts.append(_question(ex))
    parts.append("</quiz>")
    return "\n".join(parts) + "\n"
