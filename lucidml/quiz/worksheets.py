"""Printable worksheets: n seeded exercises, then the answer key, then the worked solutions,
each part on its own page, as one self-contained HTML file (no scripts, no network assets)
or Markdown.

The exercises take the chosen topics in turn (in a seeded order), each topic cycling through
its exercise types, each exercise with its own seed drawn from the worksheet's, and a repeated question (the same canonical question note,
as Moodle STACK deduplicates its variants) is drawn again. The same topics, n, seed and
difficulty give the same worksheet.

>>> ws = worksheet("conv,backprop", n=4, seed=7)
>>> len(ws.exercises), len(set(ws.ids))
(4, 4)
>>> ws.ids == worksheet("conv,backprop", n=4, seed=7).ids
True
"""
from __future__ import annotations

import csv
import html
import io
import os
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lucidml.quiz.exercise import Exercise
from lucidml.quiz.registry import SECTIONS, check_difficulty, check_seed, make, resolve_topics

__all__ = ["Worksheet", "worksheet", "write_atomic", "CSS"]

MAX_N = 500

CSS = """
body { font-family: system-ui, sans-serif; max-width: 900px; margin: 2em auto; padding: 0 1em; line-height: 1.5;
       color: #222; }
h1 { border-bottom: 2px solid #345; } h2 { border-bottom: 1px solid #ccc; margin-top: 1.5em; }
.page { break-before: page; page-break-before: always; }
.exercise { border: 1px solid #ccd; border-radius: 4px; padding: .5em 1em; margin: 1em 0; break-inside: avoid; }
.exercise-title code, .key code { color: #666; font-size: .85em; }
.answer-space { border-bottom: 1px dotted #999; height: 2.5em; }
.solution { background: #f7f9fb; border-left: 4px solid #5a8; padding: .5em 1em; margin: 1em 0; }
.formula code { background: #eef; padding: .1em .3em; }
dl.values { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; margin: .3em 0; }
dl.values dt { font-style: italic; }
table.matrix { border-left: 2px solid #333; border-right: 2px solid #333; border-collapse: collapse; }
table.matrix td { padding: 0 .4em; text-align: right; font-family: monospace; }
table.key { border-collapse: collapse; } table.key td, table.key th { border: 1px solid #ccc; padding: .2em .6em;
 vertical-align: top; } table.key pre { margin: 0; }
"""


@dataclass
class Worksheet:
    """A list of exercises with the parameters that regenerate it."""

    exercises: list[Exercise]
    topics: str
    seed: int
    difficulty: int

    @property
    def ids(self) -> list[str]:
        return [ex.id for ex in self.exercises]

    @property
    def title(self) -> str:
        return f"lucidml worksheet — topics {self.topics}, seed {self.seed}, difficulty {self.difficulty}"

    def _sections_text(self) -> str:
        found = sorted({ex.section for ex in self.exercises})
        return ", ".join(f"§{s} {SECTIONS[s]}" for s in found)

    # -- HTML -----------------------------------------------------------------------------------------
    def to_html(self) -> str:
        e = html.escape
        parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{e(self.title)}</title>",
                 f"<style>{CSS}</style></head><body>", f"<h1>{e(self.title)}</h1>",
                 f"<p>{len(self.exercises)} exercises on {e(self._sections_text())}. Write each answer in the format "
                 "asked; the answer key and the worked solutions follow on separate pages. Regenerate this sheet "
                 f"with <code>lucidml quiz worksheet --topics {e(self.topics)} --n {len(self.exercises)} "
                 f"--seed {self.seed} --difficulty {self.difficulty}</code>.</p>",
                 "<p>Name: ____________________________</p>", "<h2>Exercises</h2>"]
        for i, ex in enumerate(self.exercises, 1):
            parts.append(f"<h3>Exercise {i}</h3>")
            parts.append(ex.to_html())
            parts.append('<div class="answer-space"></div>')
        parts.append('<section class="page"><h2>Answer key</h2><table class="key">'
                     "<tr><th>#</th><th>exercise</th><th>answer</th></tr>")
        for i, ex in enumerate(self.exercises, 1):
            parts.append(f"<tr><td>{i}</td><td><code>{e(ex.id)}</code></td><td><pre>{e(ex.answer_text)}</pre></td></tr>")
        parts.append("</table></section>")
        parts.append('<section class="page"><h2>Worked solutions</h2>')
        for i, ex in enumerate(self.exercises, 1):
            parts.append(f"<h3>Exercise {i} <code>{e(ex.id)}</code></h3>")
            parts.append(ex.solution.to_html())
        parts.append("</section></body></html>")
        return "\n".join(parts)

    # -- Markdown -------------------------------------------------------------------------------------
    def to_markdown(self) -> str:
        brk = '<div style="page-break-after: always"></div>'
        lines = [f"# {self.title}", "",
                 f"{len(self.exercises)} exercises on {self._sections_text()}. The answer key and the worked "
                 "solutions follow on separate pages.", "", "Name: ____________________", "", "## Exercises", ""]
        for i, ex in enumerate(self.exercises, 1):
            lines += [ex.to_markdown(heading=f"### {i}."), "", "Answer: ____________________", ""]
        lines += [brk, "", "## Answer key", "", "| # | exercise | answer |", "|---|---|---|"]
        for i, ex in enumerate(self.exercises, 1):
            lines.append(f"| {i} | `{ex.id}` | {ex.answer_text.replace(chr(10), '<br>')} |")
        lines += ["", brk, "", "## Worked solutions", ""]
        for i, ex in enumerate(self.exercises, 1):
            lines += [f"#### Exercise {i} `{ex.id}`", "", ex.solution.to_markdown(), ""]
        return "\n".join(lines)

    def answers_template(self) -> str:
        """A CSV header for the class's answers: student, then one column per exercise id."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(["student", *self.ids])
        return buffer.getvalue()


def worksheet(topics="all", n: int = 10, seed: int = 0, difficulty: int = 1) -> Worksheet:
    """``n`` exercises from ``topics`` ("all", topic or type names, section numbers; a list or
    a comma-separated string), reproducible from ``seed``."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 or n > MAX_N:
        raise ValueError(f"quiz worksheet: n={n!r} must be a whole number from 1 to {MAX_N}.")
    seed = check_seed(seed)
    difficulty = check_difficulty(difficulty)
    kinds = resolve_topics(topics)
    label = topics if isinstance(topics, str) else ",".join(map(str, topics))
    rng = np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(b"worksheet")]))
    groups: dict[str, list] = {}
    for kind in kinds:
        groups.setdefault(kind.topic, []).append(kind)
    names = [list(groups)[k] for k in rng.permutation(len(groups))]      # topics in a seeded order ...
    for topic in names:
        groups[topic] = [groups[topic][k] for k in rng.permutation(len(groups[topic]))]   # ... and their types
    exercises, notes, i, repeats = [], set(), 0, 0
    while len(exercises) < n:
        topic = names[i % len(names)]                                      # one topic after another,
        kind = groups[topic][(i // len(names)) % len(groups[topic])]       # each cycling through its types
        i += 1
        ex = make(kind.name, int(rng.integers(0, 1_000_000)), difficulty)
        if ex.note in notes:
            repeats += 1
            if repeats > 200 + 5 * n:                                         # the pool is nearly exhausted
                raise ValueError(f"quiz worksheet: the topics {label!r} at difficulty {difficulty} have fewer than "
                                 f"{n} different exercises; ask for fewer or add topics.")
            continue
        notes.add(ex.note)
        exercises.append(ex)
    return Worksheet(exercises, label.replace(" ", ""), seed, difficulty)


def write_atomic(path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file, so a failure leaves nothing half-written."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise OSError(f"the folder {path.parent} does not exist; create it first.")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
