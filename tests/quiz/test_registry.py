"""The registry: coverage of the syllabus, seeded determinism (also in a fresh process),
topics and ids, and clear errors for bad requests."""
import json
import subprocess
import sys

import numpy as np
import pytest

from lucidml import quiz
from lucidml.quiz import registry
from lucidml.quiz.registry import SECTIONS, Spec, exercise_types, from_id, generate, make, parse_id, resolve_topics


def test_at_least_24_types_spanning_all_15_sections():
    kinds = exercise_types()
    assert len(kinds) >= 24
    assert {t.section for t in kinds} == set(SECTIONS) == set(range(1, 16))
    assert len({t.name for t in kinds}) == len(kinds)
    # the list, by type name
    for name in ["conv1d", "conv2d", "conv-shape", "conv-params", "distance", "knn-classify", "knn-regress",
                 "least-squares", "ridge", "beta-ml", "log-likelihood", "logistic-step", "tree-gain", "naive-bayes",
                 "svm-decision", "kfold", "timeseries-cv", "kmeans-step", "silhouette", "grid-coverage",
                 "pca-eigenvalues", "pca-eigenvector", "backprop-output", "backprop-hidden", "activation",
                 "rnn-step", "lstm-step", "attention-weights", "ar-forecast", "differencing"]:
        assert name in {t.name for t in kinds}, name


def test_same_seed_same_exercise_different_seed_different_one():
    for kind in exercise_types():
        a, b = make(kind.name, 11, 2), make(kind.name, 11, 2)
        assert a.fingerprint() == b.fingerprint() and a.to_markdown(solution=True) == b.to_markdown(solution=True)
        notes = {make(kind.name, s, 2).note for s in range(12)}
        assert len(notes) >= 3, kind.name                     # seeds really vary the exercise


def test_difficulty_changes_sizes_and_numbers():
    # level 1: small integers a student can work by hand; level 3: real-valued
    for name in ["conv1d", "conv2d", "distance", "differencing", "standardize"]:
        easy = make(name, 5, 1)
        hard = make(name, 5, 3)
        numbers = [np.asarray(v) for v in easy.given.values() if not isinstance(v, str)]
        assert all(np.array_equal(v, np.round(v)) and np.abs(v).max() <= 12 for v in numbers), easy.id
        hard_numbers = np.concatenate([np.ravel(v).astype(float) for v in hard.given.values()
                                       if not isinstance(v, str)])
        assert not np.array_equal(hard_numbers, np.round(hard_numbers)), hard.id


def test_the_same_exercise_in_a_fresh_process():
    ids = [f"{t.name}.s{9876 * k}.d{k % 3 + 1}" for k, t in enumerate(exercise_types())]
    code = ("import json, sys; from lucidml.quiz import from_id; "
            "print(json.dumps({i: from_id(i).fingerprint() for i in json.loads(sys.argv[1])}))")
    out = subprocess.run([sys.executable, "-c", code, json.dumps(ids)], capture_output=True, text=True, check=True,
                         timeout=120)
    theirs = json.loads(out.stdout)
    ours = {i: from_id(i).fingerprint() for i in ids}
    assert theirs == ours


def test_ids_round_trip_and_generate_by_topic():
    ex = generate("conv1d", 7, 1)
    assert ex.id == "conv1d.s7.d1" and parse_id(ex.id) == ("conv1d", 7, 1)
    assert from_id(ex.id).fingerprint() == ex.fingerprint()
    for topic in quiz.topics():
        chosen = {generate(topic, s).type for s in range(12)}
        assert chosen <= {t.name for t in exercise_types(topic)}
    assert len({generate("training", s).type for s in range(20)}) >= 3  # the seed also picks the type


def test_resolve_topics_by_name_type_and_section():
    assert {t.name for t in resolve_topics("conv")} == {"conv1d", "conv2d", "correlate1d"}
    assert {t.section for t in resolve_topics("11")} == {11}
    assert {t.section for t in resolve_topics("§13, 14")} == {13, 14}
    assert [t.name for t in resolve_topics("ridge,ridge")] == ["ridge"]
    assert len(resolve_topics("all")) == len(exercise_types())


@pytest.mark.parametrize("call, message", [
    (lambda: generate("telepathy", 1), "unknown topic 'telepathy'; known topics: conv, "),
    (lambda: resolve_topics("conv,telepathy"), "unknown topic 'telepathy'"),
    (lambda: generate("conv", -1), "non-negative"),
    (lambda: generate("conv", 2, 4), "difficulty=4"),
    (lambda: from_id("conv1d-7"), "not an exercise id"),
    (lambda: make("nonsense", 1), "unknown exercise type"),
])
def test_bad_requests_get_clear_errors(call, message):
    with pytest.raises(ValueError, match=None) as info:
        call()
    assert message in str(info.value)


@pytest.mark.parametrize("seed", [1.5, "7", True, None])
def test_non_integer_seed_is_refused(seed):
    with pytest.raises(TypeError, match="seed must be a non-negative integer"):
        generate("conv", seed)


def test_a_new_exercise_type_is_one_small_function():
    from lucidml.explain import Solution

    @registry.register("demo-sum", topic="demo", section=1, title="Add two numbers")
    def demo(draw):
        a, b = draw.integer(1, 9), draw.integer(1, 9)
        return Spec(question="What is a + b?", given={"a": a, "b": b}, answer=a + b, kind="number",
                    solution=Solution("a + b", [], a + b))

    try:
        ex = generate("demo", 3)
        assert ex.type == "demo-sum" and ex.check(str(ex.given["a"] + ex.given["b"])).correct
        assert "demo" in quiz.topics()
    finally:
        registry._TYPES.pop("demo-sum")
    assert "demo" not in quiz.topics()


def test_listing_the_topics_loads_no_estimator():
    code = ("import sys; from lucidml.quiz import topics; topics(); "
            "print(any(m.startswith(('sklearn', 'torch', 'matplotlib')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "False"
