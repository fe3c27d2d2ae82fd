"""The Solution type and its three renderers."""
import numpy as np

from lucidml.explain import Solution, Step, format_value


def _example():
    return Solution("What is A + B?",
                    [Step("Add element by element.", "C = A + B",
                          {"A": np.array([[1, 2], [3, 4]]), "B": np.eye(2), "note": "a < b & c"}),
                     Step("Read off the trace.", None, {"trace": 7.0})],
                    answer=np.array([[2.0, 2.0], [3.0, 5.0]]))


def test_format_value():
    assert format_value(5.0) == "5"
    assert format_value(0.1234567) == "0.123457"
    assert format_value(np.int64(3)) == "3"
    assert format_value([1.0, 2.5]) == "[1, 2.5]"
    assert format_value(np.array([[1, 10], [100, 1]])) == "[  1   10]\n[100    1]"
    assert format_value("text") == "text"
    assert format_value(True) == "True"


def test_text_rendering_lists_every_step_in_order():
    text = _example().to_text()
    assert text.index("1. Add element by element.") < text.index("2. Read off the trace.")
    assert "C = A + B" in text and "trace = 7" in text
    assert "Answer:" in text and "[2  2]" in text and "[3  5]" in text


def test_markdown_rendering():
    md = _example().to_markdown()
    assert md.startswith("### What is A + B?")
    assert "1. Add element by element." in md and "`C = A + B`" in md
    assert "**Answer:**" in md and "```" in md  # the matrix is fenced


def test_html_rendering_is_self_contained_and_escaped():
    html = _example().to_html()
    assert '<table class="matrix">' in html
    assert "a &lt; b &amp; c" in html  # escaped, never raw markup
    assert "<script" not in html and "http" not in html
    assert html.count("<li>") == 2


def test_jupyter_hooks():
    s = _example()
    assert s._repr_html_() == s.to_html()
    assert s._repr_markdown_() == s.to_markdown()
    assert str(s) == s.to_text()


def test_answer_text_overrides_answer_rendering():
    s = Solution("q", [], answer={"a": 1}, answer_text="a is one")
    assert "a is one" in s.to_text() and "a is one" in s.to_html() and "a is one" in s.to_markdown()


def test_multiline_answer_text_keeps_its_rows_in_html():
    # a matrix phrased as text (the quiz's answers) must not collapse into one line in a browser
    s = Solution("q", [], answer=np.array([[0, 9], [10, 0]]), answer_text="[ 0  9]\n[10  0]")
    assert ('<strong>Answer:</strong> <code style="white-space: pre">[ 0  9]</code><br>'
            '<code style="white-space: pre">[10  0]</code></p>') in s.to_html()
