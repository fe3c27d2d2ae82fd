"""Grading a class's answers from CSV or JSON: partial credit, reported problems, clear errors."""
import csv
import io
import json

import numpy as np
import pytest

from lucidml.quiz import grade, worksheet

SHEET = dict(topics="conv,pca,validation", n=6, seed=7, difficulty=1)


def _answers_for(ws, style):
    """One row per style: everything right, everything wrong, a typical mix."""
    row = {}
    for k, ex in enumerate(ws.exercises):
        if style == "right" or (style == "mix" and k % 2 == 0):
            row[ex.id] = ex.answer_text.replace("\n", "; ") if ex.kind != "choice" else "abcd"[ex.choices.index(ex.answer)]
        elif ex.kind in ("vector", "matrix"):
            a = np.array(ex.answer, dtype=float)
            a.ravel()[0] += 7                                # one entry wrong: partial credit
            row[ex.id] = "; ".join(" ".join(f"{v:g}" for v in r) for r in np.atleast_2d(a)) if a.ndim == 2 else \
                ", ".join(f"{v:g}" for v in a)
        elif ex.kind == "yesno":
            row[ex.id] = "no" if ex.answer else "yes"
        elif ex.kind == "choice":
            row[ex.id] = next("abcd"[i] for i, c in enumerate(ex.choices) if c != ex.answer)
        else:
            row[ex.id] = "12345"
    return row


def _csv(header, rows):
    buffer = io.StringIO()
    w = csv.writer(buffer)
    w.writerow(header)
    w.writerows(rows)
    return buffer.getvalue()


def test_grade_a_class_from_csv_with_partial_credit(tmp_path):
    ws = worksheet(**SHEET)
    ids = ws.ids
    rows = [["ada", *(_answers_for(ws, "right")[i] for i in ids)],
            ["bob", *(_answers_for(ws, "mix")[i] for i in ids)],
            ["cy", *([""] * len(ids))]]
    path = tmp_path / "class.csv"
    path.write_text(_csv(["student", *ids], rows))
    report = grade(path, **SHEET)
    assert report.students == ["ada", "bob", "cy"] and report.ids == ids
    assert report.scores[0].tolist() == [1.0] * 6 and report.scores[2].tolist() == [0.0] * 6
    for j, ex in enumerate(ws.exercises):                    # bob: right on even questions, partly right on odd
        if j % 2 == 0:
            assert report.scores[1, j] == 1.0
        elif ex.kind in ("vector", "matrix") and np.size(ex.answer) > 1:
            assert 0 < report.scores[1, j] < 1                # the share of correct entries
        else:
            assert report.scores[1, j] == 0.0
    assert report.statuses[2] == ["blank"] * 6 and not report.problems
    out = list(csv.reader(io.StringIO(report.to_csv())))
    assert out[0] == ["student", *ids, "total", "percent"] and out[1][-2:] == ["6.00", "100.0"]
    assert out[-1][0] == "(class mean)" and len(out) == 5
    # question numbers work too, with the worksheet's seed
    path2 = tmp_path / "numbers.csv"
    path2.write_text(_csv(["Student", *(f"Q{k + 1}" for k in range(6))], rows))
    assert np.array_equal(grade(path2, **SHEET).scores, report.scores)
    # and exercise ids work without the seed: they rebuild their exercises
    assert np.array_equal(grade(path).scores, report.scores)


def test_malformed_rows_and_cells_are_reported_not_fatal(tmp_path):
    ws = worksheet(**SHEET)
    right = _answers_for(ws, "right")
    text = _csv(["student", *ws.ids], [["ada", *(right[i] for i in ws.ids)],
                                        ["bob", "1, x, 3", *([""] * 5)],           # unreadable answer
                                        ["  ", "1", *([""] * 5)],                  # no name
                                        ["cy", "1"],                               # too few cells
                                        ["ada", *([""] * 6)]])                     # repeated student
    path = tmp_path / "class.csv"
    path.write_text(text)
    report = grade(path)
    assert report.students == ["ada", "bob"]
    assert report.statuses[1][0] == "invalid" and report.scores[1, 0] == 0
    joined = "\n".join(report.problems)
    assert "no student name" in joined and "2 cells but the header has 7" in joined
    assert "appears again" in joined and f"bob, {ws.ids[0]}: '1, x, 3' is not yes or no" in joined
    with pytest.raises(ValueError, match="strict mode"):
        grade(path, strict=True)


def test_json_answers(tmp_path):
    ws = worksheet(**SHEET)
    right = _answers_for(ws, "right")
    mapping = {"ada": right, "bob": {ws.ids[0]: right[ws.ids[0]]}}
    path = tmp_path / "class.json"
    path.write_text(json.dumps(mapping))
    report = grade(path)
    assert report.totals.tolist() == [6.0, 1.0]
    records = [{"student": "ada", "answers": right}, {"student": "bob", "answers": {}}, {"oops": 1}]
    path.write_text(json.dumps({"students": records}))
    report = grade(path, **SHEET)
    assert report.students == ["ada", "bob"] and report.totals.tolist() == [6.0, 0.0]
    assert any("entry 3" in p for p in report.problems)
    # Python values work as well as text
    ex = ws.exercises[0]
    assert grade({"ada": {ex.id: ex.answer}}).scores.tolist() == [[1.0]]


@pytest.mark.parametrize("header, options, message", [
    (["name?", "conv1d.s7.d1"], {}, "no 'student' column"),
    (["student"], {}, "no exercise columns"),
    (["student", "conv1d.s7.d1", "conv1d.s7.d1"], {}, "repeats the column"),
    (["student", "Q1"], {}, "question number; give the worksheet's --seed"),
    (["student", "banana"], {}, "neither an exercise id"),
    (["student", "conv1d.s7.d1"], SHEET, "is not on the worksheet with seed 7"),
    (["student", "Q9"], SHEET, "beyond the worksheet's 6 exercises"),
])
def test_answers_files_that_cannot_be_graded(tmp_path, header, options, message):
    path = tmp_path / "class.csv"
    path.write_text(_csv(header, [["ada", *([""] * (len(header) - 1))]]))
    with pytest.raises(ValueError, match="quiz grade") as info:
        grade(path, **options)
    assert message in str(info.value)


def test_missing_worksheet_columns_and_unreadable_files(tmp_path):
    ws = worksheet(**SHEET)
    path = tmp_path / "class.csv"
    path.write_text(_csv(["student", *ws.ids[:4]], [["ada", "", "", "", ""]]))
    with pytest.raises(ValueError, match="no column for"):
        grade(path, **SHEET)
    with pytest.raises(ValueError, match="does not exist"):
        grade(tmp_path / "nope.csv")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        grade(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    with pytest.raises(ValueError, match="is empty"):
        grade(empty)
