"""The agreement report: one table of results, four renderers (rich text, Markdown, HTML, JSON).

The terminal (``lucidml verify``), the tour's "Can you trust it?" section and notebooks
render the same :class:`AgreementReport`; nothing is computed twice.
"""
from __future__ import annotations

import html
import io
import json
from dataclasses import dataclass

__all__ = ["AgreementReport", "COLUMNS"]

#: the columns of the report, in order
COLUMNS = ("what", "reference", "data set", "quantity", "max |Δ|", "tolerance", "why this tolerance", "result")

_MARK = {"pass": "pass", "fail": "FAIL", "skip": "skipped", "error": "ERROR"}


def _number(x) -> str:
    if x is None:
        return "–"
    if x == 0:
        return "0"
    return f"{x:.1e}"


@dataclass
class AgreementReport:
    """Results of the agreement cases; ``passed`` is False when any case failed or raised."""

    results: list

    # -- summary ---------------------------------------------------------------------------
    @property
    def counts(self) -> dict[str, int]:
        out = {"pass": 0, "fail": 0, "skip": 0, "error": 0}
        for r in self.results:
            out[r.status] += 1
        return out

    @property
    def passed(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def failures(self) -> list:
        return [r for r in self.results if not r.ok]

    def summary(self) -> str:
        n = self.counts
        checked = {r.case.key for r in self.results}
        data = {r.dataset for r in self.results}
        def count(k, word, words):
            return f"{k} {word if k == 1 else words}"

        text = (f"{count(len(self.results), 'comparison', 'comparisons')} of "
                f"{count(len(checked), 'quantity', 'quantities')} on {count(len(data), 'data set', 'data sets')}: "
                f"{n['pass']} passed, {n['fail']} failed")
        if n["error"]:
            text += f", {n['error']} raised an error"
        if n["skip"]:
            text += f", {n['skip']} skipped (reference library not installed)"
        return text + "."

    def rows(self) -> list[list[str]]:
        """The table's cells as text, one row per (case, data set)."""
        rows = []
        for r in self.results:
            c = r.case
            tol = "–" if r.tolerance is None else (
                f"{_number(r.tolerance)} ({c.tol:.0e} × max|ref|)" if c.relative else _number(r.tolerance))
            result = _MARK[r.status] + (f": {r.detail}" if r.detail else "")
            rows.append([c.name, c.reference, r.dataset, c.quantity, _number(r.difference), tol, c.reason, result])
        return rows

    # -- renderers -------------------------------------------------------------------------
    def print(self, console=None) -> None:
        """A rich table in the terminal: one row per case, its data sets stacked; failures in red."""
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        console = console or Console(highlight=False)
        table = Table(title="lucidml agrees with its references", show_lines=True, expand=False)
        table.add_column("what / reference", ratio=3, overflow="fold")
        table.add_column("quantity", ratio=3, overflow="fold")
        for name in ("data set", "max |Δ|", "tolerance", "result"):
            table.add_column(name, no_wrap=True, justify="right" if name in ("max |Δ|", "tolerance") else "left")
        table.add_column("why this tolerance", ratio=4, overflow="fold")
        for group in self._groups():
            c = group[0][0].case
            what = Text(c.name, style="bold") + Text("\n" + c.reference, style="dim")
            result = Text()
            for i, (r, _) in enumerate(group):
                style = {"pass": "green", "fail": "bold red", "error": "bold red", "skip": "dim"}[r.status]
                result.append(("\n" if i else "") + _MARK[r.status], style=style)
            details = [f"{r.dataset}: {r.detail}" for r, _ in group if r.detail]
            why = Text(c.reason) + (Text("\n" + "\n".join(details), style="red") if details else Text())
            table.add_row(what, Text(c.quantity), Text("\n".join(r.dataset for r, _ in group)),
                          Text("\n".join(row[4] for _, row in group)),
                          Text("\n".join(_number(r.tolerance) for r, _ in group)), result, why)
        console.print(table)
        console.print(Text(self.summary(), style="bold green" if self.passed else "bold red"))

    def to_text(self, width: int = 200) -> str:
        from rich.console import Console

        buffer = io.StringIO()
        self.print(Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False))
        return buffer.getvalue()

    def to_markdown(self) -> str:
        def cell(s: str) -> str:
            return s.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(cell(c) for c in COLUMNS) + " |",
                 "|" + "|".join("---:" if c in ("max |Δ|", "tolerance") else "---" for c in COLUMNS) + "|"]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in self.rows()]
        return "\n".join(lines + ["", f"**{self.summary()}**"])

    def to_html(self) -> str:
        """A self-contained ``<table>`` (no scripts, no external styles): one row per case and data
        set, the cells a case shares (what, reference, quantity, reason) spanning its rows."""
        e = html.escape
        order = ("what", "reference", "quantity", "data set", "max |Δ|", "tolerance", "result", "why this tolerance")
        head = "".join(f'<th scope="col">{e(c)}</th>' for c in order)
        body = []
        for group in self._groups():
            c, n = group[0][0].case, len(group)
            for i, (r, row) in enumerate(group):
                shared = (f'<td rowspan="{n}"><strong>{e(c.name)}</strong></td><td class="ref" rowspan="{n}">{e(c.reference)}</td>'
                          f'<td rowspan="{n}">{e(c.quantity)}</td>') if i == 0 else ""
                tol = "–" if r.tolerance is None else _number(r.tolerance)
                if r.tolerance is not None and c.relative:
                    tol += f'<br><small>{e(f"{c.tol:.0e} × max|ref|")}</small>'
                result = e(_MARK[r.status]) + (f"<br><small>{e(r.detail)}</small>" if r.detail else "")
                reason = f'<td rowspan="{n}">{e(c.reason)}</td>' if i == 0 else ""
                body.append(f'<tr class="verify-{r.status}">{shared}<td class="key">{e(r.dataset)}</td>'
                            f'<td class="num">{_number(r.difference)}</td><td class="num">{tol}</td>'
                            f'<td class="key">{result}</td>{reason}</tr>')
        verdict = "verify-summary-pass" if self.passed else "verify-summary-fail"
        return ("<style>div.verify{overflow-x:auto}table.verify{border-collapse:collapse;font-size:.8em;"
                "margin:1em 0;width:100%}table.verify th,table.verify td{border:1px solid #ccc;padding:.2em .4em;"
                "vertical-align:top;text-align:left;overflow-wrap:break-word}table.verify td.num{text-align:right;"
                "font-family:monospace;white-space:nowrap}table.verify td.key{white-space:nowrap}"
                "table.verify td.ref{overflow-wrap:anywhere}tr.verify-fail td,tr.verify-error td{background:#fdd}"
                "tr.verify-skip td{color:#777}</style>"
                '<div class="verify"><table class="verify"><caption>lucidml against its references, case by case'
                f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
                f'<p class="{verdict}"><strong>{e(self.summary())}</strong></p>')

    def _groups(self) -> list[list]:
        """Consecutive results of the same case, with their text rows."""
        groups: list[list] = []
        for r, row in zip(self.results, self.rows()):
            if groups and groups[-1][0][0].case is r.case:
                groups[-1].append((r, row))
            else:
                groups.append([(r, row)])
        return groups

    def to_json(self) -> str:
        return json.dumps({"passed": self.passed, "counts": self.counts, "summary": self.summary(),
                           "results": [r.as_dict() for r in self.results]}, indent=2)

    # Jupyter and print() pick these up.
    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()
