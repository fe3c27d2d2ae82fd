"""The registry of exercise types, and the seeded generation of exercises.

An exercise type is one function in a module of :mod:`lucidml.quiz.exercises`, decorated
with :func:`register`. The function receives a :class:`Draw` (a seeded random source) and
returns a :class:`Spec` (the question, the given data, the answer the library computed, the
worked solution, the recognisable mistakes); the decorator turns it into
``make(seed, difficulty) -> Exercise`` and registers it under its topic. Adding an
exercise type is adding one such function (or one small module) to that package; the
registry finds the modules itself.

Same type, seed and difficulty give the same exercise, byte for byte: the random source is
NumPy's PCG64 seeded with (seed, difficulty, CRC-32 of the type name), every given number is
drawn as an integer and shown as a short decimal, and the answer is computed from exactly
the numbers shown (rounded before the computation, not after).

>>> ex = generate("conv1d", seed=7, difficulty=1)
>>> ex.id, generate("conv1d", 7, 1).fingerprint() == ex.fingerprint()
('conv1d.s7.d1', True)
>>> ex.check(ex.answer).correct
True
"""
from __future__ import annotations

import importlib
import numbers
import pkgutil
import re
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from lucidml.explain.solution import Solution, Step
from lucidml.quiz.exercise import Exercise, Mistake, _jsonable, round_display

__all__ = ["register", "Draw", "Spec", "ExerciseType", "generate", "make", "from_id", "topics",
           "exercise_types", "get_type", "parse_id", "check_seed", "check_difficulty", "SECTIONS",
           "resolve_topics"]

DIFFICULTIES = (1, 2, 3)
MAX_SEED = 2**63 - 1

SECTIONS = {
    1: "Convolution", 2: "Distances and kNN", 3: "Probability", 4: "Linear to polynomial regression",
    5: "The probabilistic twin of least squares", 6: "General supervised models", 7: "Model generalisation",
    8: "Unsupervised learning", 9: "Curse of dimensionality", 10: "Dimensionality reduction",
    11: "Neural networks", 12: "Time series", 13: "Transformers and foundation models",
    14: "Generative models", 15: "Training neural networks",
}

_TYPES: dict[str, "ExerciseType"] = {}
_LOADED = False
_ID = re.compile(r"^(?P<type>[a-z][a-z0-9-]*)\.s(?P<seed>\d+)\.d(?P<difficulty>\d+)$")


class Draw:
    """The seeded random source an exercise type draws its numbers from.

    ``level`` is the difficulty (1: small integers, worked by hand; 2: more and larger
    numbers; 3: real-valued, larger cases). Every number is drawn as an integer and divided
    by a power of ten, so it prints exactly as it is used.
    """

    def __init__(self, seed: int, difficulty: int, name: str):
        self.level = difficulty
        self.rng = np.random.default_rng(np.random.SeedSequence([seed, difficulty, zlib.crc32(name.encode())]))

    def integer(self, low: int, high: int) -> int:
        """One integer in [low, high] (both ends included)."""
        return int(self.rng.integers(low, high + 1))

    def integers(self, low: int, high: int, size) -> np.ndarray:
        return self.rng.integers(low, high + 1, size=size).astype(np.int64)

    def decimals(self, low: float, high: float, size=None, places: int = 1) -> np.ndarray | float:
        """Numbers in [low, high] with ``places`` decimals (drawn as integers, then scaled)."""
        scale = 10 ** places
        k = self.rng.integers(round(low * scale), round(high * scale) + 1, size=size)
        return round_display(np.asarray(k, dtype=float) / scale, places)

    def numbers(self, low: float, high: float, size=None) -> np.ndarray | float:
        """Integers at levels 1-2, one-decimal numbers at level 3."""
        if self.level < 3:
            v = self.integers(int(low), int(high), size)
            return v if size is not None else int(v)
        return self.decimals(low, high, size, 1)

    def choice(self, options):
        options = list(options)
        return options[int(self.rng.integers(len(options)))]

    def permutation(self, n: int) -> np.ndarray:
        return self.rng.permutation(n)

    def by_level(self, *values):
        """The value for this level (1, 2, 3): ``by_level(small, medium, large)``."""
        return values[min(self.level, len(values)) - 1]


@dataclass
class Spec:
    """What an exercise type returns: everything but the bookkeeping the registry adds."""

    question: str
    given: dict
    answer: Any
    kind: str
    solution: Solution
    decimals: int | None = None
    sig: int | None = None
    choices: tuple = ()
    unordered: bool = False
    mistakes: list = field(default_factory=list)
    reveal_shape: bool = True


@dataclass(frozen=True)
class ExerciseType:
    name: str
    topic: str
    section: int
    title: str
    build: Callable[[Draw], Spec]

    def __call__(self, seed: int, difficulty: int = 1) -> Exercise:
        return make(self.name, seed, difficulty)


def register(name: str, *, topic: str, section: int, title: str):
    """Register ``build(draw) -> Spec`` as the exercise type ``name``; returns ``make(seed, difficulty)``."""
    if not _ID.match(f"{name}.s0.d1"):
        raise ValueError(f"exercise type name {name!r} must be lower-case letters, digits and '-'.")
    if section not in SECTIONS:
        raise ValueError(f"exercise {name!r}: section={section} is not a syllabus section (1-15).")

    def decorator(build):
        if name in _TYPES and _TYPES[name].build.__qualname__ != build.__qualname__:
            raise ValueError(f"exercise type {name!r} is registered twice.")
        kind = ExerciseType(name, topic, section, title, build)
        _TYPES[name] = kind
        return kind

    return decorator


# -- validation -------------------------------------------------------------------------------------
def check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"quiz: seed must be a non-negative integer, got {seed!r} ({type(seed).__name__}).")
    if seed < 0 or seed > MAX_SEED:
        raise ValueError(f"quiz: seed={seed} must be a non-negative integer below 2**63.")
    return int(seed)


def check_difficulty(difficulty) -> int:
    if isinstance(difficulty, bool) or not isinstance(difficulty, numbers.Integral) or difficulty not in DIFFICULTIES:
        raise ValueError(f"quiz: difficulty={difficulty!r} must be 1 (small integers, by hand), 2 or 3 "
                         "(real-valued, larger).")
    return int(difficulty)


# -- the registry -------------------------------------------------------------------------------------
def _load() -> None:
    """Import every module of lucidml.quiz.exercises once; their decorators register the types."""
    global _LOADED
    if _LOADED:
        return
    package = importlib.import_module("lucidml.quiz.exercises")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}")
    _LOADED = True


def exercise_types(topic: str | None = None) -> list[ExerciseType]:
    """All exercise types in syllabus order (optionally of one topic)."""
    _load()
    kinds = sorted(_TYPES.values(), key=lambda t: (t.section, t.topic, t.name))
    return [t for t in kinds if topic is None or t.topic == topic]


def topics() -> list[str]:
    """The topic names, in syllabus order."""
    seen: list[str] = []
    for t in exercise_types():
        if t.topic not in seen:
            seen.append(t.topic)
    return seen


def get_type(name: str) -> ExerciseType:
    _load()
    if name not in _TYPES:
        known = ", ".join(t.name for t in exercise_types())
        raise ValueError(f"quiz: unknown exercise type {name!r}; known types: {known}.")
    return _TYPES[name]


def resolve_topics(selection) -> list[ExerciseType]:
    """Exercise types for a selection: "all", topic names, type names or section numbers
    ("1", "§11"), as a list or one comma-separated string."""
    _load()
    if selection is None:
        selection = "all"
    items = selection.split(",") if isinstance(selection, str) else list(selection)
    items = [str(i).strip() for i in items if str(i).strip()]
    if not items:
        raise ValueError("quiz: no topics given; use 'all' or some of: " + ", ".join(topics()) + ".")
    chosen: list[ExerciseType] = []
    for item in items:
        key = item.lower().lstrip("§")
        if key == "all":
            found = exercise_types()
        elif key.isdigit() and int(key) in SECTIONS:
            found = [t for t in exercise_types() if t.section == int(key)]
        elif key in topics():
            found = exercise_types(key)
        elif key in _TYPES:
            found = [_TYPES[key]]
        else:
            raise ValueError(f"quiz: unknown topic {item!r}; known topics: {', '.join(topics())} "
                             "(or 'all', an exercise type, or a syllabus section number 1-15).")
        chosen += [t for t in found if t not in chosen]
    return chosen


def parse_id(exercise_id: str) -> tuple[str, int, int]:
    """'conv1d.s7.d1' -> ('conv1d', 7, 1)."""
    m = _ID.match(str(exercise_id).strip())
    if not m:
        raise ValueError(f"quiz: {exercise_id!r} is not an exercise id; ids look like 'conv1d.s7.d1' "
                         "(type, seed, difficulty).")
    return m["type"], int(m["seed"]), int(m["difficulty"])


def from_id(exercise_id: str) -> Exercise:
    """Rebuild the exercise an id names."""
    name, seed, difficulty = parse_id(exercise_id)
    return make(name, seed, difficulty)


def generate(topic: str, seed: int = 0, difficulty: int = 1) -> Exercise:
    """An exercise of ``topic`` (a topic name, or an exercise type name) for ``seed``.

    For a topic with several types the seed also picks the type.
    """
    seed = check_seed(seed)
    difficulty = check_difficulty(difficulty)
    _load()
    if topic in _TYPES:
        return make(topic, seed, difficulty)
    if topic not in topics():
        raise ValueError(f"quiz: unknown topic {topic!r}; known topics: {', '.join(topics())} "
                         "(an exercise type name works too).")
    kinds = exercise_types(topic)
    pick = np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(topic.encode())])).integers(len(kinds))
    return make(kinds[int(pick)].name, seed, difficulty)


def make(name: str, seed: int, difficulty: int = 1) -> Exercise:
    """Build the exercise of type ``name`` for ``seed`` and ``difficulty``."""
    seed = check_seed(seed)
    difficulty = check_difficulty(difficulty)
    kind = get_type(name)
    spec = kind.build(Draw(seed, difficulty, name))
    answer = _canonical(spec.answer, spec.kind)
    mistakes = tuple(_useful_mistakes(spec, answer))
    given = dict(spec.given)
    solution = _worked_solution(spec, given, answer)
    note = f"{name}|" + repr(sorted((k, repr(_jsonable(v))) for k, v in given.items()))
    return Exercise(id=f"{name}.s{seed}.d{difficulty}", type=name, topic=kind.topic, section=kind.section,
                    seed=seed, difficulty=difficulty, question=spec.question, given=given, answer=answer,
                    kind=spec.kind, solution=solution, decimals=spec.decimals, sig=spec.sig,
                    choices=tuple(spec.choices), unordered=spec.unordered, mistakes=mistakes, note=note,
                    title=kind.title, reveal_shape=spec.reveal_shape)


def _canonical(answer, kind):
    """Numbers at 12 significant digits (so last-bit differences between machines vanish), −0 as 0."""
    if kind in ("number", "vector", "matrix"):
        a = np.asarray(answer, dtype=float)
        a = np.array([float(f"{x:.12g}") + 0.0 for x in a.ravel().tolist()]).reshape(a.shape)
        return float(a) if kind == "number" else a
    if kind == "yesno":
        return bool(answer)
    return str(answer)


def _useful_mistakes(spec: Spec, answer):
    """Keep the mistakes a student can be told apart by: a mistake whose value falls in the
    close band of the right answer (or equals it) would never be recognised, so it is
    dropped, and so is a repeat of an earlier mistake's value or shape."""
    probe = Exercise(id="x.s0.d1", type="x", topic="x", section=1, seed=0, difficulty=1, question="",
                     given={}, answer=answer, kind=spec.kind, solution=spec.solution, decimals=spec.decimals,
                     sig=spec.sig, choices=tuple(spec.choices), unordered=spec.unordered)
    shapes, values = [], []
    band = 2 * probe.close_tolerance(answer) if spec.kind in ("number", "vector", "matrix") else None
    for m in spec.mistakes:
        if m.value is None:                                   # recognised by its shape alone
            shape = tuple(int(s) for s in m.shape)
            if shape != np.shape(answer) and shape not in shapes:
                shapes.append(shape)
                yield Mistake(m.note, m.hint, None, shape, m.credit)
        elif spec.kind in ("number", "vector", "matrix"):
            v = np.asarray(m.value, dtype=float)
            if not np.isfinite(v).all():
                continue
            if v.shape == np.shape(answer):
                v = np.asarray(_canonical(v, "vector"), dtype=float).reshape(v.shape)
                a, b = (np.sort(v.ravel()), np.sort(np.ravel(answer))) if spec.unordered else (v, answer)
                if not np.any(np.abs(a - b) > band):
                    continue                                  # indistinguishable from the answer
            if any(w.shape == v.shape and probe._matches(v, w) for w in values):
                continue                                      # as good as an earlier mistake: keep that one
            values.append(v)
            yield Mistake(m.note, m.hint, float(v) if spec.kind == "number" else v, None, m.credit)
        else:
            v = _canonical(m.value, spec.kind)
            if not _same(v, answer) and not any(_same(v, w) for w in values):
                values.append(v)
                yield Mistake(m.note, m.hint, v, None, m.credit)


def _same(a, b) -> bool:
    return isinstance(a, type(b)) and (str(a).casefold() == str(b).casefold())


def _worked_solution(spec: Spec, given: dict, answer) -> Solution:
    """The engine's Solution, asked as the exercise asks it and opened with the given data."""
    from lucidml.quiz.exercise import _answer_text

    sol = spec.solution
    shown = {k: v for k, v in given.items()}
    steps = ([Step("The given data.", None, shown)] if shown else []) + list(sol.steps)
    text = _answer_text(answer, spec.kind, spec.decimals, spec.sig, tuple(spec.choices))
    return Solution(question=spec.question, steps=steps, answer=answer, answer_text=text)
