"""The pieces of the tour: a :class:`Section` per topic, holding worked solutions and figures.

A topic joins the tour by defining one function, ``section() -> Section``, in a module
named ``tour`` inside its own package (``lucidml/signal/tour.py``, ...). The report
finds those modules itself; nothing else needs editing.
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field

from lucidml.explain.solution import Solution

__all__ = ["Figure", "Section", "Table"]


@dataclass
class Figure:
    """A PNG image with a title and a caption, embedded inline in the HTML report."""

    title: str
    png: bytes
    caption: str = ""

    @classmethod
    def from_matplotlib(cls, fig, title: str, caption: str = "", dpi: int = 90) -> "Figure":
        import matplotlib.pyplot as plt

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        plt.close(fig)
        return cls(title, buffer.getvalue(), caption)

    def to_html(self) -> str:
        import html

        data = base64.b64encode(self.png).decode("ascii")
        return (f'<figure><img alt="{html.escape(self.title)}" src="data:image/png;base64,{data}">'
                f"<figcaption><strong>{html.escape(self.title)}.</strong> {html.escape(self.caption)}"
                "</figcaption></figure>")


@dataclass
class Table:
    """A table of results: the same rows render as an HTML ``<table>`` and as fixed-width text.

    ``rows`` hold strings (shown as given) or numbers (integers with thousands separators,
    other numbers to 4 significant digits); ``None`` is an empty cell.

    >>> print(Table("Errors", ["M", "E_RMS"], [[0, 0.7142], [3, 0.25]]).to_text())
    Errors
    M   E_RMS
    0  0.7142
    3    0.25
    """

    title: str
    columns: list[str]
    rows: list[list]
    caption: str = ""

    def __post_init__(self):
        for k, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"Table {self.title!r}: row {k} has {len(row)} cells but there are "
                                 f"{len(self.columns)} columns {self.columns}; give one cell per column.")

    @classmethod
    def from_text(cls, title: str, text: str, caption: str = "") -> "Table":
        """A Table from a fixed-width text table (an experiment's ``.table()``): the first line
        is the header, columns are separated by two or more spaces; lines that do not have
        one cell per column (notes under the table) go to the caption.

        >>> t = Table.from_text("Loss", "model   loss\\nplain   1.25\\nresnet  0.50\\n(one seed)")
        >>> t.columns, t.rows, t.caption
        (['model', 'loss'], [['plain', '1.25'], ['resnet', '0.50']], '(one seed)')
        """
        import re

        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            raise ValueError(f"Table.from_text {title!r}: the text is empty.")
        split = [re.split(r"\s{2,}", line) for line in lines]
        # the header: the first line of two or more cells that the next line matches cell for cell
        head = next((i for i in range(len(split) - 1) if len(split[i]) >= 2 and len(split[i + 1]) == len(split[i])),
                    None)
        if head is None:
            raise ValueError(f"Table.from_text {title!r}: found no header line followed by rows of as many cells.")
        columns = split[head]
        rows = [r for r in split[head + 1:] if len(r) == len(columns)]
        rest = lines[:head] + [line for line, r in zip(lines[head + 1:], split[head + 1:]) if len(r) != len(columns)]
        return cls(title, columns, rows, " ".join(filter(None, [caption] + rest)))

    def cells(self) -> list[list[str]]:
        """Every row with its cells formatted as strings."""
        return [[_cell(v) for v in row] for row in self.rows]

    def to_text(self) -> str:
        """Fixed-width text (for a terminal): the first column left-aligned, the others right-aligned."""
        table = [list(map(str, self.columns))] + self.cells()
        widths = [max(len(r[j]) for r in table) for j in range(len(self.columns))]
        lines = [self.title] if self.title else []
        for r in table:
            lines.append("  ".join(c.ljust(w) if j == 0 else c.rjust(w)
                                   for j, (c, w) in enumerate(zip(r, widths))).rstrip())
        if self.caption:
            lines.append(self.caption)
        return "\n".join(lines)

    def to_html(self) -> str:
        import html

        e = html.escape
        head = "".join(f'<th scope="col">{e(str(c))}</th>' for c in self.columns)
        body = "".join("<tr>" + "".join((f'<th scope="row">{e(c)}</th>' if j == 0 else f"<td>{e(c)}</td>")
                                        for j, c in enumerate(r)) + "</tr>" for r in self.cells())
        caption = f"<strong>{e(self.title)}.</strong>" + (f" {e(self.caption)}" if self.caption else "")
        return (f'<table class="results"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return f"{int(value):,}"
    return f"{float(value):.4g}"


@dataclass
class Section:
    """One topic of the course: an introduction, worked solutions, figures, notes.

    ``order`` follows SYLLABUS.md (§1 convolution = 10, §2 distances = 20, ...).
    ``intro`` and ``notes`` are plain-text paragraphs (a note keeps its line breaks);
    results laid out in rows and columns go in ``tables`` (:class:`Table`), never in a note.
    """

    title: str
    order: int
    intro: list[str] = field(default_factory=list)
    solutions: list[Solution] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")
