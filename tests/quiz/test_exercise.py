"""Exercise.check: correct / close / wrong, the named common mistakes with their hints, the
answer formats, malformed answers (a format message, never an exception), and rendering."""
import numpy as np
import pytest

from lucidml.explain import Solution
from lucidml.quiz import AnswerFormatError, Exercise, parse_answer
from lucidml.quiz.registry import exercise_types, make


def _find(name, note, seeds=range(300), difficulty=None):
    """The first exercise of type ``name`` whose recognised mistakes include ``note``."""
    for seed in seeds:
        ex = make(name, seed, difficulty or seed % 3 + 1)
        for m in ex.mistakes:
            if m.note == note:
                return ex, m
    raise AssertionError(f"{name}: no seed shows the mistake {note!r}")


def _hint(ex, m):
    value = m.value if m.value is not None else np.zeros(m.shape)
    fb = ex.check(value)
    assert fb.status == "wrong" and not fb.correct and fb.note == m.note, (ex.id, fb)
    return fb.message


# -- the common mistakes the issue names ----------------------------------------------------------------------
def test_convolution_without_the_flip_is_named():
    for name in ("conv1d", "conv2d"):
        ex, m = _find(name, "no-flip")
        message = _hint(ex, m)
        assert "cross-correlation" in message and "flip" in message


def test_cross_correlation_given_for_convolution_and_the_reverse():
    from lucidml.signal import conv1d, correlate1d

    ex = make("conv1d", 4, 1)
    g = ex.given
    assert not np.array_equal(g["g"], g["g"][::-1])          # drawn kernels are asymmetric on purpose
    fb = ex.check(correlate1d(g["f"], g["g"], g["mode"]))
    assert fb.note == "no-flip" and "cross-correlation" in fb.message
    ex = make("correlate1d", 4, 1)
    fb = ex.check(conv1d(ex.given["f"], ex.given["g"], ex.given["mode"]))
    assert fb.note == "flipped" and "convolution" in fb.message
    ex, m = _find("conv-layer-cell", "flipped-kernel")
    assert "cross-correlation" in _hint(ex, m)


def test_off_by_one_valid_length_is_named():
    ex = make("conv1d", 0, 1)
    assert ex.given["mode"] == "valid"
    n = len(ex.answer)
    for wrong_length in (n - 1, n + 1):
        fb = ex.check(np.ones(wrong_length))
        assert fb.note == "valid-length-off-by-one" and "N − K + 1" in fb.message, fb
    ex, m = _find("conv2d", "valid-length-off-by-one")
    assert "(H − Kh + 1)" in _hint(ex, m)


def test_sign_error_in_a_gradient_is_named():
    for name, note in [("backprop-output", "gradient-sign"), ("backprop-hidden", "gradient-sign"),
                       ("logistic-step", "sign-error")]:
        ex, m = _find(name, note)
        assert "sign error" in _hint(ex, m)
    ex = make("backprop-output", 1, 1)
    g, w_new = ex.answer
    fb = ex.check([-g, w_new + 2 * (ex.answer[1] - w_new) + 2 * 0.5 * g])   # −g and the uphill step w + ηg
    assert fb.note == "gradient-sign", fb


def test_population_vs_sample_variance_is_named():
    for name in ("variance", "standardize", "batchnorm"):
        ex, m = _find(name, "population-vs-sample")
        assert "population vs sample variance" in _hint(ex, m)
    x = np.array([2.0, 4.0, 4.0, 6.0])
    for seed in range(40):                                  # the ML question: ÷N; the ÷(N−1) answer is named
        ex = make("variance", seed, 1)
        if ex.given["estimate"].startswith("maximum"):
            x = np.asarray(ex.given["x"], float)
            fb = ex.check(np.var(x, ddof=1))
            assert fb.note == "population-vs-sample" and "N − 1" in fb.message
            break


def _first(name, condition, difficulty=1):
    for seed in range(400):
        ex = make(name, seed, difficulty)
        if condition(ex.given):
            return ex
    raise AssertionError(f"{name}: the course's example never comes up")


def test_the_course_examples_come_up_with_the_course_numbers():
    ex = _first("conv1d", lambda g: g["f"].tolist() == [2, 5, 0, 1, 3] and g["g"].tolist() == [0, 1, 0])
    assert ex.answer.tolist() == [5, 0, 1] and ex.check("5, 0, 1").correct
    ex = _first("conv2d", lambda g: g["K"].tolist() == [[0, 0, 0], [0, 5, 0], [0, 0, 0]]
                and g["D"].tolist()[0] == [1, 0, 1, 1, 0])
    assert ex.answer.tolist() == [[0, 0, 5], [5, 0, 0], [0, 0, 0]]
    ex = _first("backprop-output", lambda g: g["weight"] == "w5" and g["w5..w8 (h→o)"].tolist() == [0.4, 0.45, 0.5, 0.55]
                and g["inputs i1, i2"].tolist() == [0.05, 0.1])
    np.testing.assert_allclose(ex.answer, [0.082167041, 0.35891648], atol=1e-8)   # Mazur's numbers
    ex = _first("pca-eigenvalues", lambda g: g["C"].tolist() == [[4, 3], [3, 7]])
    assert np.round(ex.answer, 2).tolist() == [2.15, 8.85]                     # the course truncates: 2.1, 8.8
    ex = _first("pca-eigenvector", lambda g: g["C"].tolist() == [[4, -3], [-3, 7]])
    assert np.round(ex.answer, 2).tolist() == [0.53, -0.85]                    # the course: (0.5, −0.8) up to sign


# -- correct / close / wrong ------------------------------------------------------------------------------------
def _demo(answer=0.74136507, kind="number", **kw):
    return Exercise(id="demo.s0.d1", type="demo", topic="demo", section=1, seed=0, difficulty=1, question="?",
                    given={}, answer=answer, kind=kind, solution=Solution("?", [], answer), **kw)


def test_tolerances_follow_the_displayed_precision():
    ex = _demo(decimals=4)
    assert ex.answer_text == "0.7414"
    assert ex.check("0.7414").correct and ex.check("0.74136507").correct and ex.check("0.7413").correct
    close = ex.check("0.741")                               # fewer digits than asked: half credit
    assert close.status == "close" and close.score == 0.5 and "rounding" in close.message
    assert ex.check("0.75").status == "wrong" and ex.check("0.75").score == 0
    sig = _demo(3.0296e-8, sig=3)                            # one unit of the 3rd significant figure: 1e-10
    assert sig.check("3.03e-8").correct and sig.check("3.0e-8").status == "close"
    assert sig.check("3e-7").status == "wrong"
    exact = _demo(5.0)
    assert exact.check("5").correct and exact.check("5.0000000001").correct and exact.check("5.01").status == "wrong"


def test_vectors_and_matrices_get_partial_credit():
    ex = _demo(np.array([[0.0, 0.0, 5.0], [5.0, 0.0, 0.0], [0.0, 0.0, 0.0]]), kind="matrix")
    assert ex.check("0 0 5; 5 0 0; 0 0 0").correct
    assert ex.check("[[0, 0, 5], [5, 0, 0], [0, 0, 0]]").correct
    assert ex.check("0 0 5 5 0 0 0 0 0").correct            # flattened row by row
    fb = ex.check("0 0 5; 5 0 0; 0 0 1")
    assert fb.status == "wrong" and fb.score == pytest.approx(8 / 9) and "8 of 9" in fb.message
    assert ex.check("0 0; 5 0").score == 0 and "3×3" in ex.check("0 0; 5 0").message
    unordered = _demo(np.array([4.0, 5.0, 6.0]), kind="vector", unordered=True)
    assert unordered.check("6, 4, 5").correct


def test_a_mistake_can_carry_partial_credit():
    ex, m = _find("pca-eigenvector", "sign-flipped")
    fb = ex.check(-np.asarray(ex.answer))
    assert fb.note == "sign-flipped" and fb.score == 0.5 and "sign" in fb.message


def test_labels_choices_and_yes_no():
    ex = make("knn-classify", 3, 1)
    assert ex.check(ex.answer.upper()).correct
    other = next(c for c in ex.choices if c != ex.answer)
    assert ex.check(other).status == "wrong"
    ex = make("timeseries-cv", 3, 2)
    assert ex.kind == "choice"
    letter = "abcd"[ex.choices.index(ex.answer)]
    assert ex.check(letter).correct and ex.check(f"({letter})").correct and ex.check(ex.answer).correct
    yn = make("timeseries-cv", 0, 1)
    assert yn.kind == "yesno"
    assert yn.check("yes" if yn.answer else "no").correct and yn.check("no" if yn.answer else "yes").status == "wrong"


# -- malformed answers: a format message, never an exception -----------------------------------------------------
MALFORMED = ["", "   ", "abc", "1, two, 3", "1; 2 3", "1e999", "nan", "1/0", None, object(), [1, "a"],
             {"a": 1}, float("inf"), [[1, 2], [3]], "   ;  ;  ", "--1"]


@pytest.mark.parametrize("kind", [t.name for t in exercise_types()])
def test_malformed_answers_get_a_format_message(kind):
    ex = make(kind, 5, 2)
    for bad in MALFORMED:
        fb = ex.check(bad)                                   # never raises
        assert fb.status == "invalid" and fb.score == 0 and not fb.valid, (ex.id, bad, fb)
        assert "Expected:" in fb.message and fb.note == "format"


@pytest.mark.parametrize("text, kind, expected", [
    ("3/4", "number", 0.75), ("−0.5", "number", -0.5), ("1.2×10^-3", "number", 0.0012), ("[2]", "number", 2.0),
    ("5,0,1", "vector", [5, 0, 1]), ("5 0 1", "vector", [5, 0, 1]), ("[5, 0, 1]", "vector", [5, 0, 1]),
    ("5\n0\n1", "vector", [5, 0, 1]), ("(1, 2)", "vector", [1, 2]),
    ("1 2; 3 4", "matrix", [[1, 2], [3, 4]]), ("[1 2] [3 4]", "matrix", [[1, 2], [3, 4]]),
    ("yes", "yesno", True), ("N", "yesno", False), ("True", "yesno", True),
])
def test_answer_formats(text, kind, expected):
    got = parse_answer(text, kind)
    assert np.array_equal(np.asarray(got, dtype=float), np.asarray(expected, dtype=float))


def test_parse_errors_say_what_was_wrong():
    with pytest.raises(AnswerFormatError, match="'two' is not a number"):
        parse_answer("1, two", "vector")
    with pytest.raises(AnswerFormatError, match="every row of a matrix needs the same number"):
        parse_answer("1 2; 3", "matrix")
    with pytest.raises(AnswerFormatError, match="not an option"):
        parse_answer("z", "choice", choices=("x", "y"))
    with pytest.raises(AnswerFormatError, match="not yes or no"):
        parse_answer("perhaps", "yesno")


# -- rendering -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", [t.name for t in exercise_types()])
def test_rendering_text_markdown_html(kind):
    for seed in (0, 1):
        ex = make(kind, seed, seed + 1)
        text, md, page = ex.to_text(solution=True), ex.to_markdown(solution=True), ex.to_html(solution=True)
        for out in (text, md, page):
            assert ex.id in out and "Answer format" in out
        assert ex.question in text and "Answer:" in text
        assert "**Answer:**" in md
        assert "<script" not in page and "http" not in page and page.count("<div") == page.count("</div>")
        assert ex.solution.question == ex.question and ex.solution.answer_text == ex.answer_text
        assert ex.solution.steps[0].values == ex.given        # the worked solution opens with the given data
