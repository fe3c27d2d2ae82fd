"""Worked solutions as data: a question, ordered steps and an answer.

Every explainer in lucidml returns a :class:`Solution`. The terminal (rich), the
Markdown notebooks and the HTML tour all render the same object, so the numbers a
student sees are computed once.

>>> s = Solution("What is 2 + 3?", [Step("Add the two numbers.", "2 + 3", {"sum": 5})], 5)
>>> print(s.to_markdown())
### What is 2 + 3?
<BLANKLINE>
1. Add the two numbers.
   `2 + 3`
   - sum = 5
<BLANKLINE>
**Answer:** 5
"""
from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Step", "Solution", "format_value", "format_value_html"]


@dataclass(frozen=True)
class Step:
    """One step of a worked solution.

    text:    a sentence saying what happens in this step.
    formula: an optional formula in readable plain text (Unicode, no LaTeX).
    values:  the numbers involved, by name: scalars, vectors or small matrices.
    """

    text: str
    formula: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Solution:
    """A worked solution: ``question``, ordered ``steps`` and the final ``answer``.

    ``answer`` is the raw result (a number or an array) so tests and callers can
    compare it exactly; ``answer_text`` optionally phrases it for people.
    """

    question: str
    steps: list[Step]
    answer: Any
    answer_text: str | None = None

    # -- renderers -----------------------------------------------------------------
    def _answer_str(self) -> str:
        return self.answer_text if self.answer_text is not None else format_value(self.answer)

    def to_text(self, width: int = 100) -> str:
        """Plain text, as rich prints it in a terminal (without colour codes)."""
        from rich.console import Console

        buffer = io.StringIO()
        console = Console(file=buffer, width=width, color_system=None, record=False,
                          force_terminal=False, highlight=False)
        self.print(console)
        return buffer.getvalue()

    def print(self, console=None) -> None:
        """Print to a rich console (the terminal by default), with colour where supported."""
        from rich.console import Console
        from rich.text import Text

        console = console or Console(highlight=False)
        console.print(Text(self.question, style="bold"))
        console.print()
        for i, step in enumerate(self.steps, 1):
            console.print(Text(f"{i}. ", style="bold cyan") + Text(step.text))
            if step.formula:
                console.print(Text("   " + step.formula, style="italic"))
            for name, value in step.values.items():
                console.print(_indent_value(name, value, "   "), markup=False)
        console.print()
        answer = self._answer_str()
        if "\n" in answer:  # a matrix: its rows under the label, aligned
            console.print(Text("Answer:", style="bold green"))
            console.print(Text("\n".join("   " + row for row in answer.splitlines())))
        else:
            console.print(Text("Answer: ", style="bold green") + Text(answer))

    def to_markdown(self) -> str:
        lines = [f"### {self.question}", ""]
        for i, step in enumerate(self.steps, 1):
            lines.append(f"{i}. {step.text}")
            if step.formula:
                lines.append(f"   `{step.formula}`")
            for name, value in step.values.items():
                text = format_value(value)
                if "\n" in text:
                    lines.append(f"   - {name} =")
                    lines.append("     ```")
                    lines.extend("     " + row for row in text.splitlines())
                    lines.append("     ```")
                else:
                    lines.append(f"   - {name} = {text}")
        lines += ["", f"**Answer:** {self._answer_str()}"]
        return "\n".join(lines)

    def to_html(self) -> str:
        """Self-contained HTML (no scripts, no network assets); matrices are tables."""
        e = html.escape
        parts = ['<div class="solution">', f'<p class="question"><strong>{e(self.question)}</strong></p>', "<ol>"]
        for step in self.steps:
            parts.append(f"<li><p>{e(step.text)}</p>")
            if step.formula:
                parts.append(f'<p class="formula"><code>{e(step.formula)}</code></p>')
            if step.values:
                parts.append('<dl class="values">')
                for name, value in step.values.items():
                    parts.append(f"<dt>{e(name)}</dt><dd>{format_value_html(value)}</dd>")
                parts.append("</dl>")
            parts.append("</li>")
        parts.append("</ol>")
        answer = self._answer_str()
        body = format_value_html(self.answer) if self.answer_text is None else e(answer)
        if self.answer_text is not None and "\n" in answer:     # a matrix phrased as text: one row per line
            body = "<br>".join(f'<code style="white-space: pre">{e(row)}</code>' for row in answer.splitlines())
        parts.append(f'<p class="answer"><strong>Answer:</strong> {body}</p></div>')
        return "\n".join(parts)

    # Jupyter and print() pick these up.
    def __str__(self) -> str:
        return self.to_text()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html()


# -- number formatting -------------------------------------------------------------
def _format_scalar(v) -> str:
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if np.isfinite(v) and v == round(v) and abs(v) < 1e15:
            return str(int(round(v)))
        return f"{v:.6g}"
    return str(v)


def format_value(value) -> str:
    """Format a scalar, vector or matrix for people: integers without ``.0``,
    floats to 6 significant digits, matrices one row per line, columns aligned."""
    if isinstance(value, str):
        return value
    a = np.asarray(value)
    if a.ndim == 0:
        return _format_scalar(a.item() if a.dtype.kind != "O" else value)
    if a.ndim == 1:
        return "[" + ", ".join(_format_scalar(v) for v in a.tolist()) + "]"
    if a.ndim == 2:
        cells = [[_format_scalar(v) for v in row] for row in a.tolist()]
        width = max((len(c) for row in cells for c in row), default=0)
        return "\n".join("[" + "  ".join(c.rjust(width) for c in row) + "]" for row in cells)
    return np.array2string(a)


def _indent_value(name: str, value, indent: str) -> str:
    text = format_value(value)
    if "\n" not in text:
        return f"{indent}{name} = {text}"
    pad = indent + " " * (len(name) + 3)
    rows = text.splitlines()
    return "\n".join([f"{indent}{name} = {rows[0]}"] + [pad + r for r in rows[1:]])


def format_value_html(value) -> str:
    """:func:`format_value` as HTML: a matrix becomes a ``<table class="matrix">``, anything else ``<code>``.

    >>> format_value_html([[1, 0], [0, 1]])
    '<table class="matrix"><tr><td>1</td><td>0</td></tr><tr><td>0</td><td>1</td></tr></table>'
    """
    if isinstance(value, str):
        return html.escape(value)
    a = np.asarray(value)
    if a.ndim == 2:
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_format_scalar(v))}</td>" for v in row) + "</tr>"
            for row in a.tolist()
        )
        return f'<table class="matrix">{rows}</table>'
    return f"<code>{html.escape(format_value(value))}</code>"
