"""Worksheets with answer keys, the Moodle XML question bank, and the Practice tour section."""
import html
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from lucidml.quiz import from_id, to_moodle_xml, worksheet
from lucidml.quiz.worksheets import write_atomic


def test_worksheet_is_reproducible_balanced_and_deduplicated():
    ws = worksheet("conv,backprop", n=10, seed=7)
    assert ws.ids == worksheet("conv,backprop", n=10, seed=7).ids
    assert ws.ids != worksheet("conv,backprop", n=10, seed=8).ids
    topics = [ex.topic for ex in ws.exercises]
    assert topics.count("conv") == topics.count("backprop") == 5        # the topics take turns
    assert len({ex.note for ex in ws.exercises}) == 10                  # no repeated question
    assert [from_id(i).fingerprint() for i in ws.ids] == [ex.fingerprint() for ex in ws.exercises]


def test_a_small_pool_deduplicates_by_the_question_note():
    # conv-shape at level 1 has 48 variants: 40 distinct ones are found, never a repeat
    ws = worksheet("conv-shape", n=40, seed=1)
    assert len({ex.note for ex in ws.exercises}) == 40
    with pytest.raises(ValueError, match="fewer than 49 different exercises"):
        worksheet("conv-shape", n=49, seed=1)


def test_html_worksheet_is_self_contained_with_key_and_solutions_on_separate_pages():
    ws = worksheet("conv,backprop", n=4, seed=7)
    page = ws.to_html()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)         # no network assets
    assert page.count('class="page"') == 2 and "page-break-before: always" in page
    questions, key, solutions = re.split(r'<section class="page">', page)
    for ex in ws.exercises:
        assert ex.id in questions and ex.id in key
        assert ex.solution.steps[1].text.split(":")[0] in solutions
    for i in range(1, 5):
        assert f"Exercise {i}" in questions
    assert "Answer key" in key and "Worked solutions" in solutions
    # no answer or worked solution among the questions
    assert 'class="solution"' not in questions and 'class="answer"' not in questions


def test_markdown_worksheet():
    ws = worksheet("pca", n=3, seed=2, difficulty=2)
    md = ws.to_markdown()
    assert md.startswith("# lucidml worksheet") and md.count("page-break-after") == 2
    assert "## Answer key" in md and "## Worked solutions" in md
    for ex in ws.exercises:
        assert f"`{ex.id}`" in md
    assert ws.answers_template() == "student," + ",".join(ws.ids) + "\n"


@pytest.mark.parametrize("n", [0, -3, 1.5, True, 10_000])
def test_worksheet_n_must_be_a_positive_whole_number(n):
    with pytest.raises(ValueError, match="n="):
        worksheet("conv", n=n)


def test_write_atomic_leaves_nothing_half_written(tmp_path):
    path = write_atomic(tmp_path / "a.txt", "hello")
    assert path.read_text() == "hello"
    with pytest.raises(OSError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "b.txt", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


# -- Moodle XML -----------------------------------------------------------------------------------------------
_FIELD = re.compile(r"\{1:NUMERICAL:=([-0-9.]+):([0-9.]+)(?:~%50%([-0-9.]+):([0-9.]+))?\}")


def test_moodle_export_parses_and_every_answer_and_tolerance_matches():
    ws = worksheet("all", n=60, seed=7, difficulty=2)
    root = ET.fromstring(to_moodle_xml(ws.exercises))
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    categories = {q.find("category/text").text for q in root.findall("question") if q.get("type") == "category"}
    assert len(questions) == 60 and {f"$course$/lucidml/{ex.topic}" for ex in ws.exercises} == categories
    kinds = set()
    for q in questions:
        ex = from_id(q.find("name/text").text)
        kinds.add(q.get("type"))
        assert ex.solution.to_html() == q.find("generalfeedback/text").text
        assert html.escape(ex.question) in q.find("questiontext/text").text
        if q.get("type") == "numerical":
            answers = q.findall("answer")
            first = answers[0]
            assert first.get("fraction") == "100"
            assert float(first.find("text").text) == pytest.approx(ex.answer, rel=1e-14, abs=1e-15)
            assert float(first.find("tolerance").text) == pytest.approx(ex.tolerance(), rel=1e-12)
            assert ex.check(float(first.find("text").text) + 0.9 * float(first.find("tolerance").text)).correct
            for a in answers[1:]:
                if a.get("fraction") == "0":                   # a mistake: its hint is the feedback
                    fb = ex.check(float(a.find("text").text))
                    assert fb.status == "wrong" and fb.message.endswith(html.unescape(a.find("feedback/text").text))
        elif q.get("type") == "cloze":
            fields = _FIELD.findall(q.find("questiontext/text").text)
            values = np.array([float(f[0]) for f in fields])
            tols = np.array([float(f[1]) for f in fields])
            want = np.sort(np.ravel(ex.answer)) if ex.unordered else np.ravel(ex.answer)
            assert np.allclose(values, want, rtol=1e-14, atol=1e-15)
            assert np.allclose(tols, np.broadcast_to(ex.tolerance(), np.shape(ex.answer)).ravel(), rtol=1e-12)
            assert all((f[2] == "") == ex.exact for f in fields)
        elif q.get("type") == "shortanswer":
            assert q.find("answer[@fraction='100']/text").text == ex.answer
        elif q.get("type") == "multichoice":
            right = [a.find("text").text for a in q.findall("answer") if a.get("fraction") == "100"]
            assert right == [ex.answer] and len(q.findall("answer")) == len(ex.choices)
        else:
            assert q.get("type") == "truefalse"
            right = q.find("answer[@fraction='100']/text").text
            assert right == ("true" if ex.answer else "false")
    assert {"numerical", "cloze"} <= kinds


# -- the Practice tour section ------------------------------------------------------------------------------
def test_practice_tour_section():
    from lucidml.quiz import topics
    from lucidml.quiz.tour import section

    s = section()
    assert s.order == 160 and len(s.solutions) == len(topics())
    for sol in s.solutions:
        assert "<script" not in sol.to_html() and sol.answer_text
