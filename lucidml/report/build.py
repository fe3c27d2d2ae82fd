"""``lucidml tour``: one self-contained HTML report of everything built so far.

The report collects a :class:`Section` from every ``lucidml.<topic>.tour`` module
(each defines ``section()``), renders them in syllabus order with a rich progress bar,
and writes ``index.html``: figures are inline PNGs and there are no scripts or network
assets, so the file opens anywhere, offline.
"""
from __future__ import annotations

import html
import importlib
import pkgutil
from pathlib import Path

import lucidml
from lucidml.report.section import Section
from lucidml.utils.progress import progress_bar

__all__ = ["discover_tours", "build_sections", "render_html", "write_report"]

_CSS = """
body { font-family: system-ui, sans-serif; max-width: 1240px; margin: 0 auto; padding: 0 1em;
       line-height: 1.5; color: #222; display: grid; grid-template-columns: 15em minmax(0, 1fr); gap: 0 2em; }
body > header, body > footer { grid-column: 1 / -1; }
main { grid-column: 2; min-width: 0; }
h1 { border-bottom: 2px solid #345; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
/* the table of contents stays in view: a sticky sidebar that scrolls on its own when it is long */
nav { grid-column: 1; grid-row: 2; position: sticky; top: 0; align-self: start; max-height: 100vh;
      overflow-y: auto; padding: 1em 0; font-size: .9em; }
nav ol { margin: 0; padding-left: 2.4em; } nav li { margin: .15em 0; }
@media (max-width: 800px) {
  body { display: block; }
  nav { background: #fff; border-bottom: 1px solid #ccc; max-height: 40vh; z-index: 1; }
}
p.note { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .85em; background: #f6f6f6;
         padding: .5em .8em; overflow-x: auto; }
table.results { border-collapse: collapse; margin: 1em 0; font-size: .9em; min-width: min(100%, 40em); }
table.results caption { caption-side: top; text-align: left; padding-bottom: .3em; }
table.results th, table.results td { border-bottom: 1px solid #ddd; padding: .15em .6em; }
table.results thead th { border-bottom: 2px solid #345; text-align: right; }
table.results thead th:first-child, table.results tbody th { text-align: left; font-weight: normal; }
table.results td { text-align: right; font-variant-numeric: tabular-nums; }
.solution { background: #f7f9fb; border-left: 4px solid #5a8; padding: .5em 1em; margin: 1em 0; }
.solution ol { max-height: 36em; overflow-y: auto; }
.formula code { background: #eef; padding: .1em .3em; }
dl.values { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; margin: .3em 0; }
dl.values dt { font-style: italic; }
table.matrix { border-left: 2px solid #333; border-right: 2px solid #333; border-collapse: collapse; }
table.matrix td { padding: 0 .4em; text-align: right; font-family: monospace; }
figure { margin: 1em 0; } figure img { max-width: 100%; }
figcaption { font-size: .9em; color: #444; }
.answer { font-size: 1.05em; }
"""


def discover_tours() -> list[str]:
    """Names of the ``lucidml.<topic>.tour`` modules that exist, in package order."""
    root = Path(lucidml.__file__).parent
    return [f"lucidml.{info.name}.tour" for info in pkgutil.iter_modules(lucidml.__path__)
            if info.ispkg and (root / info.name / "tour.py").is_file()]


def build_sections(progress: bool = True) -> list[Section]:
    """Call every topic's ``section()``, showing a progress bar while figures are drawn."""
    import matplotlib

    matplotlib.use("Agg")  # no screen needed
    names = discover_tours()
    sections = []
    with progress_bar(len(names), "Building the tour", verbose=progress) as bar:
        for name in names:
            bar.update(description=f"Tour: {name.split('.')[1]}")
            made = importlib.import_module(name).section()       # one Section, or a list (nn: MLP, CNN, ...)
            sections.extend(made if isinstance(made, list) else [made])
            bar.advance()
    return sorted(sections, key=lambda s: s.order)


def render_html(sections: list[Section]) -> str:
    e = html.escape
    toc = "".join(f'<li><a href="#{s.anchor}">{e(s.title)}</a></li>' for s in sections)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>lucidml: the course tour</title>", f"<style>{_CSS}</style></head><body>",
             "<header><h1>lucidml: the course tour</h1>",
             "<p>Every method of the course, computed by lucidml from first principles: each "
             "section gives worked solutions step by step and figures drawn from real data.</p></header>",
             f'<nav aria-label="Contents"><ol>{toc}</ol></nav>', "<main>"]
    for s in sections:
        parts.append(f'<section id="{s.anchor}"><h2>{e(s.title)}</h2>')
        parts += [f"<p>{e(p)}</p>" for p in s.intro]
        parts += [sol.to_html() for sol in s.solutions]
        parts += [fig.to_html() for fig in s.figures]
        parts += [table.to_html() for table in s.tables]
        parts += [f'<p class="note">{e(p)}</p>' for p in s.notes]
        parts.append("</section>")
    parts.append("</main>")
    parts.append(f"<footer><p>lucidml {e(lucidml.__version__)}</p></footer></body></html>")
    return "\n".join(parts)


def write_report(out_dir="report", progress: bool = True) -> Path:
    """Build every section and write ``out_dir/index.html``; returns its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    path.write_text(render_html(build_sections(progress)), encoding="utf-8")
    return path
