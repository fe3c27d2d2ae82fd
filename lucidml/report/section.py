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

__all__ = ["Figure", "Section"]


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
class Section:
    """One topic of the course: an introduction, worked solutions, figures, notes.

    ``order`` follows SYLLABUS.md (§1 convolution = 10, §2 distances = 20, ...).
    ``intro`` and ``notes`` are plain-text paragraphs.
    """

    title: str
    order: int
    intro: list[str] = field(default_factory=list)
    solutions: list[Solution] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")
