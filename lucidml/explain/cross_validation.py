"""Worked solutions for cross-validation: which samples train and which validate, fold by fold.

    k-fold        N samples, K folds of ⌊N/K⌋ (the first N mod K folds one more);
                  round k validates on fold k and trains on the other K − 1;
                  CV = (1/K) Σ_k score_k
    time series   K rounds over K + 1 blocks of m = ⌊N/(K+1)⌋ steps; round k validates on
                  [t_k, t_k + m) and trains on the past before t_k − gap (all of it:
                  "expanding"; the last L steps: "sliding"). Valid ⇔ max(train) + gap < min(val).

In the diagrams T = train, V = validate, g = gap (left out), · = unused.

>>> kfold(6, 3).answer.tolist()
[0, 0, 1, 1, 2, 2]
>>> time_series_cv(8, 3).answer_text.splitlines()[0]
'round 1: T T V V · · · ·'
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step
from lucidml.model_selection.split import KFold, TemporalLeakageError, TimeSeriesSplit, check_temporal_split
from lucidml.utils.validation import check_int

__all__ = ["kfold", "time_series_cv"]


def kfold(n_samples: int = 12, n_splits: int = 3, *, shuffle: bool = False, random_state=None) -> Solution:
    """Explain K-fold cross-validation on ``n_samples`` samples: fold sizes, then each round.

    The answer is the fold that validates each sample (an array of length N).
    """
    owner = "explain.kfold"
    N = check_int(n_samples, name="n_samples", owner=owner, minimum=2)
    K = check_int(n_splits, name="n_splits", owner=owner, minimum=2, maximum=N)
    splits = list(KFold(K, shuffle=shuffle, random_state=random_state).split(np.zeros(N)))
    fold_of = np.empty(N, dtype=int)
    for k, (_, test) in enumerate(splits):
        fold_of[test] = k
    sizes = [len(test) for _, test in splits]
    extra = N % K
    steps = [Step(
        f"Cut the {N} samples into K = {K} folds"
        + (" after shuffling them" if shuffle else ", keeping their order")
        + f": ⌊{N}/{K}⌋ = {N // K} each"
        + (f", and the first {N} mod {K} = {extra} fold(s) get one more." if extra else
           f" ({N} mod {K} = 0, so the folds are equal)."),
        "|F_k| = ⌊N/K⌋ + [k < N mod K]", {"fold sizes": sizes})]
    for k, (train, test) in enumerate(splits, 1):
        steps.append(Step(f"Round {k}: validate on fold {k}, train on the other {K - 1} fold(s).",
                          f"train = ∪_{{j≠{k}}} F_j,  validate = F_{k}",
                          {"train": train, "validate": test}))
    steps.append(Step(f"Every sample is validated exactly once and used for training {K - 1} times; "
                      "the cross-validation score is the mean of the K round scores.",
                      "CV = (1/K) Σ_k score(f^(−k), F_k)"))
    diagram = "\n".join(f"round {k}: " + " ".join("V" if fold_of[i] == k - 1 else "T" for i in range(N))
                        for k in range(1, K + 1))
    return Solution(question=f"Which samples train and which validate in {K}-fold cross-validation "
                             f"of {N} samples?", steps=steps, answer=fold_of, answer_text=diagram)


def time_series_cv(n_samples: int = 12, n_splits: int = 4, *, window: str = "expanding", train_size=None,
                   test_size=None, gap: int = 0) -> Solution:
    """Explain time-ordered cross-validation, then show the invalid "train on the future" split refused.

    The answer is the list of (train, validate) index arrays, one pair per round; the
    ``answer_text`` is the diagram.
    """
    owner = "explain.time_series_cv"
    N = check_int(n_samples, name="n_samples", owner=owner, minimum=3)
    tss = TimeSeriesSplit(n_splits, window=window, train_size=train_size, test_size=test_size, gap=gap)
    splits = list(tss.split(np.zeros(N)))
    K = tss.n_splits
    m = tss.test_size if tss.test_size is not None else N // (K + 1)
    first = N - K * m
    how = ("all of the past (an expanding window)" if window == "expanding" else
           f"only the last {train_size if train_size is not None else first - gap} steps (a sliding window)")
    steps = [Step(f"Keep the time order. Validation blocks have m = {m} steps"
                  + (f" (⌊{N}/({K}+1)⌋)" if test_size is None else "")
                  + f"; the first one starts at t₁ = N − K·m = {N} − {K}·{m} = {first}. Each round trains on "
                  + how + (f", stopping gap = {gap} step(s) before validation" if gap else "") + ".",
                  "validate = [t_k, t_k + m),  t_k = N − (K − k + 1)·m",
                  {"validation starts": [t for t in range(first, N, m)]})]
    for k, (train, val) in enumerate(splits, 1):
        check_temporal_split(train, val, gap=gap)
        steps.append(Step(f"Round {k}: train on steps {train[0]}–{train[-1]}, validate on {val[0]}–{val[-1]}; "
                          f"the last training step {train[-1]} + gap {gap} < first validation step {val[0]}: valid.",
                          "max(train) + gap < min(validate)", {"train": train, "validate": val}))
    bad_train = np.arange(first + (K - 2) * m, N)       # the last two blocks ...
    bad_val = np.arange(0, min(m, first))                # ... and the first block
    try:
        check_temporal_split(bad_train, bad_val, gap=gap)
    except TemporalLeakageError as exc:
        message = str(exc)
    steps.append(Step("The reverse configuration — train on the last two blocks, validate on the first — "
                      "trains on the future and scores on the past, so lucidml refuses it "
                      "(cross_validate and the searches do the same for any time-ordered split).",
                      f"max(train) + gap = {bad_train[-1] + gap} ≥ min(validate) = {bad_val[0]}: invalid",
                      {"train": bad_train, "validate": bad_val, "TemporalLeakageError": message}))
    diagram = "\n".join(f"round {k}: " + " ".join(_cell(i, train, val, gap) for i in range(N))
                        for k, (train, val) in enumerate(splits, 1))
    return Solution(question=f"How does {window}-window time-series cross-validation split {N} time steps "
                             f"into {K} rounds?", steps=steps, answer=splits, answer_text=diagram)


def _cell(i, train, val, gap):
    if i in train:
        return "T"
    if i in val:
        return "V"
    if gap and val[0] - gap <= i < val[0]:
        return "g"
    return "·"
