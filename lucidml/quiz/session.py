"""The interactive quiz behind ``lucidml quiz``: one exercise at a time, feedback, the worked
solution on request, the score kept, and a summary by topic at the end.

The input and output are passed in (``ask(prompt) -> str`` and a rich console), so the same
loop runs in a terminal, under a test with scripted input, or in a notebook. At the answer
prompt the student may also type ``help`` (the answer format), ``solution`` (show the worked
solution and move on, scoring 0 unless already answered), ``skip`` or ``quit``. A malformed
answer gets a message about the format and costs no attempt.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lucidml.quiz.exercise import Exercise, Feedback

__all__ = ["run_session", "SessionResult", "COMMANDS"]

COMMANDS = ("help", "solution", "skip", "quit")
_STYLE = {"correct": "bold green", "close": "bold yellow", "wrong": "bold red", "invalid": "yellow"}
_MARK = {"correct": "✓", "close": "≈", "wrong": "✗", "invalid": "?"}


@dataclass
class SessionResult:
    """What happened to each exercise: the last feedback (None if unanswered) and the attempts used."""

    exercises: list[Exercise] = field(default_factory=list)
    feedback: list[Feedback | None] = field(default_factory=list)
    attempts: list[int] = field(default_factory=list)

    @property
    def scores(self) -> list[float]:
        return [fb.score if fb is not None else 0.0 for fb in self.feedback]

    @property
    def total(self) -> float:
        return float(sum(self.scores))

    def by_topic(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for ex, fb, score in zip(self.exercises, self.feedback, self.scores):
            row = out.setdefault(ex.topic, {"section": ex.section, "asked": 0, "correct": 0, "score": 0.0})
            row["asked"] += 1
            row["correct"] += int(fb is not None and fb.correct)
            row["score"] += score
        return out

    def summary_table(self):
        from rich.table import Table

        table = Table(title=f"Score: {self.total:g} / {len(self.exercises)}")
        for name, justify in (("topic", "left"), ("§", "right"), ("asked", "right"), ("correct", "right"),
                              ("score", "right")):
            table.add_column(name, justify=justify)
        for topic, row in sorted(self.by_topic().items(), key=lambda kv: (kv[1]["section"], kv[0])):
            table.add_row(topic, str(row["section"]), str(row["asked"]), str(row["correct"]),
                          f"{row['score']:g} / {row['asked']}")
        return table


def _show_exercise(console, ex: Exercise, i: int, n: int) -> None:
    from rich.text import Text

    console.rule(Text(f"Exercise {i}/{n} · {ex.topic} (§{ex.section}) · {ex.id}"))
    console.print(Text(ex.title, style="bold"))
    console.print(Text(ex.question))
    body = ex.to_text().split("\n", 3)[3]                    # the given data and the format line
    console.print(Text(body.rstrip()))


def _show_feedback(console, fb: Feedback) -> None:
    from rich.text import Text

    console.print(Text(f"{_MARK[fb.status]} {fb.message}", style=_STYLE[fb.status])
                  + Text(f"  (score {fb.score:g})" if fb.valid else ""))


def run_session(exercises, ask: Callable[[str], str], console=None, attempts: int = 2) -> SessionResult:
    """Ask the ``exercises`` one by one; ``ask(prompt)`` returns the student's line (EOFError ends the session)."""
    from rich.console import Console
    from rich.text import Text

    console = console or Console(highlight=False)
    if attempts < 1:
        raise ValueError(f"quiz: attempts={attempts} must be at least 1.")
    result = SessionResult()
    exercises = list(exercises)
    stop = False
    for i, ex in enumerate(exercises, 1):
        _show_exercise(console, ex, i, len(exercises))
        feedback, used, shown = None, 0, False
        while True:
            try:
                line = ask("answer")
            except EOFError:
                stop = True
                break
            command = line.strip().lower()
            if command in ("quit", "exit", "q"):
                stop = True
                break
            if command == "skip":
                break
            if command in ("solution", "s"):
                ex.solution.print(console)
                shown = True
                break
            if command in ("help", "?"):
                console.print(Text(f"Answer format: {ex.instructions}\nCommands: " + ", ".join(COMMANDS) + "."))
                continue
            fb = ex.check(line)
            _show_feedback(console, fb)
            if not fb.valid:
                continue                                     # a format error costs no attempt
            used += 1
            feedback = fb
            if fb.correct or used >= attempts:
                break
            console.print(Text(f"Try again (attempt {used + 1} of {attempts}), or type 'solution'."))
        result.exercises.append(ex)
        result.feedback.append(feedback)
        result.attempts.append(used)
        if stop:
            break
        if not shown:
            if feedback is not None and not feedback.correct:
                console.print(Text(f"The answer: {ex.answer_text}"))
            try:
                line = ask("Enter: next · solution · quit")
            except EOFError:
                break
            command = line.strip().lower()
            if command in ("solution", "s"):
                ex.solution.print(console)
            elif command in ("quit", "exit", "q"):
                break
    console.print()
    console.print(result.summary_table())
    return result
