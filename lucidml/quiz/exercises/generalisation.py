"""Exercises for §7, model generalisation: which samples validate in fold k of K-fold
cross-validation, and whether a time-series train/validation configuration is valid (and
why not). Answers from ``explain.kfold`` (:class:`lucidml.model_selection.KFold`) and
:func:`lucidml.model_selection.check_temporal_split`."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


@register("kfold", topic="validation", section=7, title="K-fold cross-validation: the validation fold")
def kfold(draw: Draw) -> Spec:
    from lucidml import explain

    K = draw.by_level(3, draw.choice([3, 4]), draw.choice([4, 5]))
    N = draw.by_level(draw.choice([6, 7, 9, 10]), draw.integer(10, 14), draw.integer(13, 23))
    k = draw.integer(1, K)
    sol = explain.kfold(N, K)
    fold_of = sol.answer
    answer = np.flatnonzero(fold_of == k - 1)
    steps = list(sol.steps) + [Step(f"Fold {k} is validated in round {k}: the samples whose fold is {k}.",
                                    f"validate = F_{k}", {"validate": answer})]
    sol = Solution("", steps, answer)
    equal = N // K                                           # as if every fold had ⌊N/K⌋ samples
    mistakes = [Mistake("train-indices", f"those are the training samples of round {k}; the question asks "
                        "which samples validate.", np.flatnonzero(fold_of != k - 1)),
                Mistake("one-based-samples", "the samples are numbered from 0 here; you numbered them from 1.",
                        answer + 1)]
    if k > 1:
        mistakes.append(Mistake("previous-fold", f"that is fold {k - 1}: the folds are numbered from 1, "
                                f"fold {k} is the {k}-th block.", np.flatnonzero(fold_of == k - 2)))
    if k < K:
        mistakes.append(Mistake("next-fold", f"that is fold {k + 1} (did you count the folds from 0?); "
                                f"fold {k} is the {k}-th block.", np.flatnonzero(fold_of == k)))
    if N % K:
        naive = np.arange((k - 1) * equal, min(k * equal, N)) if k < K else np.arange((K - 1) * equal, N)
        mistakes.append(Mistake("equal-folds", f"{N} samples do not split into {K} equal folds: the first "
                                f"{N} mod {K} = {N % K} fold(s) get one extra sample (⌊{N}/{K}⌋ + 1 = {equal + 1}), "
                                "so the later folds start later.", naive))
    return Spec(question=f"{N} samples (numbered 0 to {N - 1}, kept in order, no shuffling) are split for "
                         f"{K}-fold cross-validation. Which samples form the validation set of fold {k}?",
                given={"N": N, "K": K, "fold": k}, answer=answer, kind="vector", unordered=True,
                solution=sol, mistakes=mistakes, reveal_shape=False)


_REASONS = ("valid: training precedes validation",
            "invalid: training data come after the validation data (it learns from the future)",
            "invalid: training and validation overlap",
            "invalid: the gap between training and validation is too short")


def _reason(train: np.ndarray, val: np.ndarray, gap: int) -> int:
    if np.intersect1d(train, val).size:
        return 2
    if train.max() > val.min():
        return 1
    if train.max() + gap >= val.min():
        return 3
    return 0


@register("timeseries-cv", topic="validation", section=7, title="Time-series validation: valid or not?")
def timeseries_cv(draw: Draw) -> Spec:
    from lucidml.model_selection import TemporalLeakageError, check_temporal_split

    N = draw.by_level(draw.choice([10, 12]), 12, 16)
    m = draw.by_level(draw.choice([2, 3]), 3, 3)
    blocks = N // m
    wanted = draw.integer(0, 3) if draw.level > 1 else draw.choice([0, 1])
    gap = draw.integer(1, 2) if wanted == 3 or (draw.level == 3 and draw.integer(0, 1)) else 0
    while True:
        v = draw.integer(0, blocks - 1)
        val = np.arange(v * m, (v + 1) * m)
        if wanted == 0:
            end = draw.integer(1, max(1, val[0] - gap)) if val[0] - gap >= 1 else 0
            train = np.arange(0, end)
        elif wanted == 1:
            train = np.arange(val[-1] + 1, min(N, val[-1] + 1 + draw.integer(2, 2 * m)))
        elif wanted == 2:
            start = draw.integer(max(0, val[0] - m), val[0])
            train = np.arange(start, min(N, val[0] + draw.integer(1, m)))
        else:
            train = np.arange(0, val[0] - draw.integer(0, gap - 1)) if val[0] - gap >= 0 else np.arange(0)
        if train.size >= 2 and _reason(train, val, gap) == wanted:
            break
    try:
        check_temporal_split(train, val, gap=gap)
        verdict, message = True, ""
    except TemporalLeakageError as exc:
        verdict, message = False, str(exc)
    reason = _reason(train, val, gap)
    if verdict != (reason == 0):                             # pragma: no cover  (the two rules agree)
        raise RuntimeError("timeseries-cv: lucidml's leakage check and the reason disagree")
    steps = [Step("A time-ordered split is valid only if every training step comes before every validation "
                  "step, with the gap left out in between.", "valid ⇔ max(train) + gap < min(validate)",
                  {"max(train)": int(train.max()), "gap": gap, "min(validate)": int(val.min()),
                   "max(train) + gap": int(train.max()) + gap})]
    if reason == 2:
        steps.append(Step("Some steps are in both sets: the model is scored on data it was trained on.", None,
                          {"in both": np.intersect1d(train, val)}))
    elif reason == 1:
        steps.append(Step("Training reaches past the start of validation: the model learns from the future "
                          "and is scored on the past, which overstates how well it forecasts.", None,
                          {"training steps after the validation start": train[train > val.min()]}))
    elif reason == 3:
        steps.append(Step(f"Training ends before validation, but less than gap + 1 = {gap + 1} steps before it: "
                          "the left-out gap is not respected.", None, {}))
    steps.append(Step("lucidml's check_temporal_split " + ("accepts the split." if verdict else "refuses it:"),
                      None, {} if verdict else {"TemporalLeakageError": message}))
    gap_text = f" A gap of {gap} step(s) must be left out between training and validation." if gap else ""
    question = (f"A series has {N} time steps, numbered 0 to {N - 1} in time order. A cross-validation round "
                f"trains on the steps 'train' and validates on the steps 'validate'.{gap_text} ")
    given = {"train": train, "validate": val, "gap": gap}
    if draw.level == 1:
        sol = Solution("", steps, verdict)
        hint = ("the configuration is valid: every training step comes before every validation step."
                if verdict else steps[1].text)
        return Spec(question=question + "Is this configuration valid?", given=given, answer=verdict,
                    kind="yesno", solution=sol, mistakes=[Mistake("verdict", hint, not verdict)])
    sol = Solution("", steps, _REASONS[reason])
    limit = f"max(train) + gap = {int(train.max()) + gap}, min(validate) = {int(val.min())}"
    mistakes = []
    for r, text in enumerate(_REASONS):
        if r == reason:
            continue
        if r == 0:
            why = "the split is not valid: " + steps[1].text
        elif reason == 0:
            why = f"the split is valid: {limit}, and max(train) + gap < min(validate)."
        else:
            why = "that is not what goes wrong here: " + steps[1].text
        mistakes.append(Mistake(f"reason-{r}", why, text))
    return Spec(question=question + "Is this configuration valid, and if not, why not?", given=given,
                answer=_REASONS[reason], kind="choice", choices=_REASONS, solution=sol, mistakes=mistakes)

