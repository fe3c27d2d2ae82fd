"""Seeded course exercises with answer checking, worked solutions, worksheets and grading.

    >>> from lucidml import quiz
    >>> ex = quiz.generate("conv", seed=7, difficulty=1)      # a topic, or an exercise type
    >>> print(ex.question)                                     # doctest: +SKIP
    >>> ex.check("5, 0, 1").message                            # doctest: +SKIP
    >>> ex.solution.print()                                    # the worked solution  # doctest: +SKIP

Every answer is computed by lucidml itself and every worked solution is the ``Solution``
of the explainer that computed it (one engine, two views). The same type, seed and
difficulty give the same exercise on every machine.

    exercise.py    Exercise, Feedback, Mistake: checking with correct / close / wrong and mistake hints
    answers.py     reading answers typed as text (numbers, vectors, matrices, labels, choices, yes/no)
    registry.py    the exercise types by topic; generate, from_id, topics
    exercises/     the exercise types, one module per course topic
    worksheets.py  printable worksheets with answer keys (HTML, Markdown)
    grading.py     grading a class's answers (CSV or JSON) with partial credit
    moodle.py      the exercises as a Moodle XML question bank
    session.py     the interactive quiz behind ``lucidml quiz``
"""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "exercise": ["Exercise", "Feedback", "Mistake"],
    "answers": ["AnswerFormatError", "parse_answer"],
    "registry": ["register", "generate", "make", "from_id", "topics", "exercise_types"],
    "worksheets": ["Worksheet", "worksheet"],
    "grading": ["grade", "read_answers", "GradeReport"],
    "moodle": ["to_moodle_xml"],
    "session": ["run_session"],
})
