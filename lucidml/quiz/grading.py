"""Grading a class's answers: one row per student, one column per exercise.

The answers come as CSV (a ``student`` column, then one column per exercise id such as
``conv1d.s7.d1``, or per question number ``1``, ``Q1``, ... of a worksheet) or as JSON
(``{"student": {"exercise id": answer, ...}, ...}`` or a list of
``{"student": ..., "answers": {...}}``). Exercise ids rebuild their exercises; question
numbers need the worksheet's seed (and its topics, n and difficulty).

Every cell is graded by :meth:`Exercise.check`, so vectors and matrices earn partial credit
(the share of correct entries) and close answers half credit. A blank cell scores 0. A
malformed row (a wrong number of cells, no student name, a repeated student) or an
unreadable answer is reported and the rest is graded; ``strict=True`` refuses the file
instead. A file that cannot be graded at all (no student column, an unknown or missing
exercise column) raises ``ValueError``.

>>> report = grade({"ada": {"conv1d.s7.d1": "-1, -4, -2, -1"}, "bob": {"conv1d.s7.d1": "1, 4, 2, 1"}})
>>> report.totals.tolist()
[1.0, 0.0]
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lucidml.quiz.exercise import Exercise
from lucidml.quiz.registry import from_id, parse_id

__all__ = ["GradeReport", "grade", "read_answers"]

_QUESTION = re.compile(r"^(?:q|question|ex|exercise)?\s*#?\s*(\d+)$", re.IGNORECASE)
_STUDENT_COLUMNS = ("student", "name", "student id", "id")


@dataclass
class GradeReport:
    """Scores (students × exercises, each in [0, 1]) with the statuses and the problems found."""

    exercises: list[Exercise]
    students: list[str]
    scores: np.ndarray
    statuses: list[list[str]]
    problems: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [ex.id for ex in self.exercises]

    @property
    def totals(self) -> np.ndarray:
        """Each student's total score (out of the number of exercises)."""
        return self.scores.sum(axis=1) if self.scores.size else np.zeros(len(self.students))

    @property
    def exercise_means(self) -> np.ndarray:
        return self.scores.mean(axis=0) if len(self.students) else np.zeros(len(self.exercises))

    def to_csv(self) -> str:
        """Per student: one score per exercise, the total and the percentage; then the class mean."""
        buffer = io.StringIO()
        w = csv.writer(buffer, lineterminator="\n")
        E = len(self.exercises)
        w.writerow(["student", *self.ids, "total", "percent"])
        for name, row, total in zip(self.students, self.scores, self.totals):
            w.writerow([name, *(f"{v:.2f}" for v in row), f"{total:.2f}", f"{100 * total / E:.1f}"])
        if self.students:
            mean_total = float(self.totals.mean())
            w.writerow(["(class mean)", *(f"{v:.2f}" for v in self.exercise_means), f"{mean_total:.2f}",
                        f"{100 * mean_total / E:.1f}"])
        return buffer.getvalue()

    def tables(self):
        """Two rich tables: per student (one column per exercise) and per exercise."""
        from rich.table import Table

        per_student = Table(title="Scores per student")
        per_student.add_column("student")
        for i in range(len(self.exercises)):
            per_student.add_column(str(i + 1), justify="right")
        per_student.add_column("total", justify="right")
        per_student.add_column("%", justify="right")
        E = len(self.exercises)
        for name, row, total in zip(self.students, self.scores, self.totals):
            per_student.add_row(name, *(f"{v:.2f}".rstrip("0").rstrip(".") if v % 1 else f"{v:.0f}" for v in row),
                                f"{total:.2f}", f"{100 * total / E:.0f}")
        per_exercise = Table(title="Scores per exercise")
        for col, justify in (("#", "right"), ("exercise", "left"), ("topic", "left"), ("mean", "right"),
                             ("correct", "right"), ("common mistake", "left")):
            per_exercise.add_column(col, justify=justify)
        for j, ex in enumerate(self.exercises):
            column = [row[j] for row in self.statuses]
            n_correct = sum(s == "correct" for s in column)
            notes = [s for s in column if s not in ("correct", "close", "wrong", "blank", "invalid", "wrong-shape")]
            common = max(set(notes), key=notes.count) if notes else ""
            mean = self.exercise_means[j] if len(self.students) else 0.0
            per_exercise.add_row(str(j + 1), ex.id, ex.topic, f"{mean:.2f}", f"{n_correct}/{len(self.students)}",
                                 common)
        return per_student, per_exercise


def read_answers(source) -> tuple[list[str], list[tuple[str, dict]], list[str]]:
    """Read a CSV or JSON answers file (or a mapping): (columns, [(student, {column: answer})], problems)."""
    if isinstance(source, dict):
        return _from_mapping(source, "the answers")
    if isinstance(source, list):
        return _from_records(source, "the answers")
    path = Path(source)
    if not path.is_file():
        raise ValueError(f"quiz grade: the answers file {path} does not exist.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"quiz grade: {path} is not a UTF-8 text file; save the answers as CSV or JSON.") from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"quiz grade: {path} is not valid JSON ({exc.msg} at line {exc.lineno}).") from None
        if isinstance(data, dict) and isinstance(data.get("students"), (dict, list)):
            data = data["students"]
        if isinstance(data, dict):
            return _from_mapping(data, str(path))
        if isinstance(data, list):
            return _from_records(data, str(path))
        raise ValueError(f"quiz grade: {path} must hold an object {{student: {{exercise id: answer}}}} or a list "
                         "of {\"student\": ..., \"answers\": {...}}.")
    return _from_csv(text, str(path))


def _from_csv(text: str, where: str):
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ValueError(f"quiz grade: {where} is empty; the first row must be the header student,<exercise ids>.")
    header = [h.strip() for h in rows[0]]
    lowered = [h.lower() for h in header]
    where_student = next((lowered.index(c) for c in _STUDENT_COLUMNS if c in lowered), None)
    if where_student is None:
        raise ValueError(f"quiz grade: {where} has no 'student' column; the header must be "
                         f"student,<exercise ids> (it is {','.join(header)}).")
    columns = [h for k, h in enumerate(header) if k != where_student]
    if not columns:
        raise ValueError(f"quiz grade: {where} has no exercise columns after 'student'.")
    if len(set(columns)) != len(columns):
        dup = sorted({c for c in columns if columns.count(c) > 1})
        raise ValueError(f"quiz grade: {where} repeats the column(s) {', '.join(dup)}.")
    records, problems, seen = [], [], set()
    for line, row in enumerate(rows[1:], 2):
        if len(row) != len(header):
            problems.append(f"row {line}: {len(row)} cells but the header has {len(header)}; row skipped.")
            continue
        name = row[where_student].strip()
        if not name:
            problems.append(f"row {line}: no student name; row skipped.")
            continue
        if name in seen:
            problems.append(f"row {line}: student {name!r} appears again; only the first row is graded.")
            continue
        seen.add(name)
        cells = [c for k, c in enumerate(row) if k != where_student]
        records.append((name, dict(zip(columns, cells))))
    return columns, records, problems


def _from_mapping(data: dict, where: str):
    records, problems, columns = [], [], []
    for name, answers in data.items():
        if not isinstance(answers, dict):
            problems.append(f"student {name!r}: the answers must be an object {{exercise id: answer}}; skipped.")
            continue
        records.append((str(name), answers))
        columns += [str(c) for c in answers if str(c) not in columns]
    if not columns:
        raise ValueError(f"quiz grade: {where} holds no answers.")
    return columns, records, problems


def _from_records(data: list, where: str):
    mapping, problems = {}, []
    for k, item in enumerate(data, 1):
        if not isinstance(item, dict) or "student" not in item or not isinstance(item.get("answers"), dict):
            problems.append(f"entry {k}: expected {{\"student\": name, \"answers\": {{...}}}}; skipped.")
            continue
        name = str(item["student"])
        if name in mapping:
            problems.append(f"entry {k}: student {name!r} appears again; only the first is graded.")
            continue
        mapping[name] = item["answers"]
    columns, records, more = _from_mapping(mapping, where) if mapping else ([], [], [])
    if not records:
        raise ValueError(f"quiz grade: {where} holds no answers.")
    return columns, records, problems + more


def grade(answers, seed=None, topics="all", n=None, difficulty: int = 1, strict: bool = False) -> GradeReport:
    """Grade ``answers`` (a CSV/JSON path, or {student: {column: answer}}).

    Columns are exercise ids, or question numbers of the worksheet ``worksheet(topics, n,
    seed, difficulty)``; with ``seed`` given, every column must belong to that worksheet and
    every exercise of it must have a column.
    """
    columns, records, problems = read_answers(answers)
    exercises = _resolve_columns(columns, seed, topics, n, difficulty)
    S, E = len(records), len(exercises)
    scores = np.zeros((S, E))
    statuses = [["blank"] * E for _ in range(S)]
    for s, (name, row) in enumerate(records):
        for j, (column, ex) in enumerate(exercises.items()):
            value = row.get(column)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            fb = ex.check(value)
            scores[s, j] = fb.score
            statuses[s][j] = fb.note if fb.status == "wrong" else fb.status
            if fb.status == "invalid":
                problems.append(f"{name}, {ex.id}: {fb.message}")
    if strict and problems:
        raise ValueError("quiz grade: the answers have problems (strict mode):\n  " + "\n  ".join(problems))
    return GradeReport(list(exercises.values()), [name for name, _ in records], scores, statuses, problems)


def _resolve_columns(columns, seed, topics, n, difficulty) -> dict:
    """{column name: Exercise}, in the order of the worksheet (with a seed) or of the file."""
    sheet = None
    if seed is not None:
        from lucidml.quiz.worksheets import worksheet

        sheet = worksheet(topics, n if n is not None else len(columns), seed, difficulty)
        by_id = {ex.id: ex for ex in sheet.exercises}
    out = {}
    for column in columns:
        text = str(column).strip()
        m = _QUESTION.match(text)
        if m:
            if sheet is None:
                raise ValueError(f"quiz grade: the column {text!r} is a question number; give the worksheet's "
                                 "--seed (and --topics, --n, --difficulty), or name the columns by exercise id.")
            k = int(m[1])
            if not 1 <= k <= len(sheet.exercises):
                raise ValueError(f"quiz grade: the column {text!r} is beyond the worksheet's "
                                 f"{len(sheet.exercises)} exercises.")
            out[column] = sheet.exercises[k - 1]
            continue
        try:
            parse_id(text)
        except ValueError:
            raise ValueError(f"quiz grade: the column {text!r} is neither an exercise id (like conv1d.s7.d1) nor "
                             "a question number (like Q1).") from None
        if sheet is not None and text not in by_id:
            raise ValueError(f"quiz grade: the column {text!r} is not on the worksheet with seed {seed} "
                             f"(its exercises: {', '.join(by_id)}).")
        out[column] = by_id[text] if sheet is not None else from_id(text)
    if sheet is not None:
        covered = {ex.id for ex in out.values()}
        missing = [ex.id for ex in sheet.exercises if ex.id not in covered]
        if missing:
            raise ValueError(f"quiz grade: the answers have no column for {', '.join(missing)} of the worksheet "
                             f"with seed {seed}; add the column(s), even if empty.")
        order = {ex.id: i for i, ex in enumerate(sheet.exercises)}
        out = dict(sorted(out.items(), key=lambda kv: order[kv[1].id]))
    if len({ex.id for ex in out.values()}) != len(out):
        raise ValueError("quiz grade: two columns name the same exercise.")
    return out
