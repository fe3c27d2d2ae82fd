"""Exercises for §6, general supervised models: one logistic-regression gradient step, the
Gini or entropy gain of a split, a naive Bayes posterior and an SVM decision value. Answers
and worked solutions from ``explain.logistic_step``, ``explain.tree_split``,
``explain.naive_bayes`` and :func:`lucidml.svm.kernel_matrix`."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


@register("logistic-step", topic="logistic", section=6, title="One logistic-regression gradient step")
def logistic_step(draw: Draw) -> Spec:
    from lucidml import explain

    n = draw.by_level(2, 3, 4)
    while True:
        x = draw.by_level(lambda: draw.integers(-2, 2, n), lambda: draw.integers(-3, 3, n),
                          lambda: draw.decimals(-2, 2, n, 1))()
        y = draw.integers(0, 1, n)
        if 0 < y.sum() < n:
            break
    w = draw.by_level(lambda: np.zeros(2), lambda: draw.decimals(-1, 1, 2, 1), lambda: draw.decimals(-1, 1, 2, 1))()
    eta = draw.by_level(draw.choice([0.5, 1.0]), draw.choice([0.1, 0.5]), draw.decimals(0.05, 0.5, places=2))
    sol = explain.logistic_step(x, y, w, learning_rate=eta)
    grad = sol.steps[3].values["∇E"]
    w_new = sol.answer
    X1 = np.c_[np.ones(n), np.asarray(x, float)]
    mistakes = [Mistake("sign-error", "sign error in the gradient step: w ← w − η ∇E moves downhill; you moved "
                        "uphill (w + η ∇E), or took ∇E = Σ (t_n − p_n) x̃_n instead of Σ (p_n − t_n) x̃_n.", w + eta * grad),
                Mistake("gave-gradient", "that is the gradient ∇E; the question asks for the updated weights "
                        "w − η ∇E.", grad),
                Mistake("no-bias-input", "the bias w₀ has the input 1 for every point: its gradient is Σ (p_n − t_n).",
                        np.r_[w[0], w_new[1]]),
                Mistake("no-sigmoid", "you used the activation a_n instead of the probability p_n = σ(a_n).",
                        w - eta * X1.T @ (X1 @ w - y))]
    return Spec(question="Logistic regression p(x) = σ(w₀ + w₁ x) is trained by gradient descent on the "
                         "cross-entropy E(w) = −Σ_n [t_n ln p_n + (1 − t_n) ln(1 − p_n)]. From the weights "
                         f"w = (w₀, w₁), with learning rate η = {format_value(eta)}, what are the weights after one step?",
                given={"x": x, "t": y, "w": w, "η": eta}, answer=w_new, kind="vector", decimals=4, solution=sol,
                mistakes=mistakes)


def _entropy(counts):
    p = np.asarray(counts, float) / max(np.sum(counts), 1)
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


@register("tree-gain", topic="trees", section=6, title="Gini or entropy gain of a split")
def tree_gain(draw: Draw) -> Spec:
    from lucidml import explain

    n = draw.by_level(6, 8, 10)
    criterion = draw.choice(["gini", "entropy"])
    while True:
        x = draw.by_level(lambda: draw.integers(1, 9, n), lambda: draw.integers(0, 20, n),
                          lambda: draw.decimals(0, 10, n, 1))()
        y = np.array([draw.choice("ab") for _ in range(n)])
        if len(np.unique(x)) >= 3 and len(set(y)) == 2:
            break
    sol = explain.tree_split(x.reshape(-1, 1), y, feature=0, criterion=criterion)
    table = sol.steps[2].values["candidates"]                   # θ, N_L, N_R, H(L), H(R), gain
    row = table[draw.integer(0, len(table) - 1)]
    theta, n_L, n_R, H_L, H_R, gain = row.tolist()
    H_parent = sol.steps[0].values["H(parent)"]
    steps = list(sol.steps) + [Step(f"The asked split x <= {format_value(theta)} is one row of the table.",
                                    f"gain = {format_value(H_parent)} − {int(n_L)}/{n} · {format_value(H_L)} − "
                                    f"{int(n_R)}/{n} · {format_value(H_R)}", {"gain": gain})]
    sol = Solution("", steps, gain)
    left = y[np.asarray(x, float) <= theta]
    right = y[np.asarray(x, float) > theta]
    counts = lambda part: [int((part == c).sum()) for c in "ab"]   # noqa: E731
    mistakes = [Mistake("unweighted-children", "you averaged the two children's impurities equally; weight each "
                        "by its share of the samples, N_L/N and N_R/N.", H_parent - (H_L + H_R) / 2),
                Mistake("children-impurity", "that is the weighted impurity of the children; the gain is the "
                        "parent's impurity minus it.", n_L / n * H_L + n_R / n * H_R),
                Mistake("parent-impurity", "that is the impurity of the parent node alone.", H_parent)]
    if criterion == "entropy":
        ln_parent = _entropy(counts(y))
        mistakes.append(Mistake("natural-log", "you used the natural logarithm; entropy in bits uses log₂.",
                                ln_parent - len(left) / n * _entropy(counts(left))
                                - len(right) / n * _entropy(counts(right))))
        other = explain.tree_split(x.reshape(-1, 1), y, criterion="gini").steps[2].values["candidates"]
        mistakes.append(Mistake("used-gini", "you used the Gini impurity 1 − Σ p²; the question asks for entropy.",
                                other[np.isclose(other[:, 0], theta)][0, 5]))
    else:
        other = explain.tree_split(x.reshape(-1, 1), y, criterion="entropy").steps[2].values["candidates"]
        mistakes.append(Mistake("used-entropy", "you used the entropy; the question asks for the Gini impurity "
                                "1 − Σ p².", other[np.isclose(other[:, 0], theta)][0, 5]))
    name = "Gini impurity 1 − Σ_k p_k²" if criterion == "gini" else "entropy −Σ_k p_k log₂ p_k"
    return Spec(question=f"A decision-tree node holds the samples x with classes y. Using the {name}, what is "
                         f"the impurity decrease (gain) of the split x <= {format_value(theta)}?",
                given={"x": x, "y": y, "criterion": criterion, "θ": theta}, answer=gain, kind="number",
                decimals=3, solution=sol, mistakes=mistakes)


@register("naive-bayes", topic="bayes", section=6, title="Naive Bayes posterior")
def naive_bayes(draw: Draw) -> Spec:
    from lucidml import explain

    model = draw.by_level("bernoulli", draw.choice(["bernoulli", "multinomial"]), "multinomial")
    n, D = draw.by_level((6, 3), (8, 3), (10, 4))
    while True:
        if model == "bernoulli":
            X = draw.integers(0, 1, (n, D))
            q = draw.integers(0, 1, D)
        else:
            X = draw.integers(0, draw.by_level(3, 3, 5), (n, D))
            q = draw.integers(0, 3, D)
        y = np.array([draw.choice(["spam", "ham"]) for _ in range(n)])
        if len(set(y)) == 2 and q.sum() > 0 and X.sum(axis=1).min() > 0:
            break
    sol = explain.naive_bayes(X, y, q, model=model, alpha=1.0)
    classes = sol.steps[0].values["classes"].tolist()
    target = draw.choice(classes)
    c = classes.index(target)
    post = sol.steps[-1].values["p(c | x)"]
    answer = float(post[c])
    prior = sol.steps[0].values["π_c"]
    lik = sol.steps[-2].values["Σ_d log p(x_d | c)"]
    joint = sol.steps[-2].values["log p(c, x)"]
    no_prior = np.exp(lik - np.logaddexp.reduce(lik))
    steps = list(sol.steps) + [Step(f"The asked posterior is the one of class {target}.", None,
                                    {f"p({target} | x)": answer})]
    sol = Solution("", steps, answer)
    mistakes = [Mistake("no-prior", "you left out the prior π_c: the posterior is proportional to π_c · Π_d p(x_d | c).",
                        float(no_prior[c])),
                Mistake("not-normalised", "that is the joint p(c, x) = π_c Π_d p(x_d | c); divide by the evidence "
                        "p(x) = Σ_c p(c, x) to get the posterior.", float(np.exp(joint[c]))),
                Mistake("other-class", "that is the posterior of the other class.", float(post[1 - c])),
                Mistake("prior-only", "that is the prior π_c; multiply it by the likelihood of the features.",
                        float(prior[c]))]
    how = ("Bernoulli naive Bayes (each feature present or absent, Laplace smoothing α = 1: "
           "θ_cd = (N_cd + 1) / (N_c + 2))" if model == "bernoulli" else
           "multinomial naive Bayes (word counts, Laplace smoothing α = 1: θ_cd = (N_cd + 1) / (Σ_d N_cd + D))")
    return Spec(question=f"The rows of X are messages (columns: words), labelled y. With {how}, what is the "
                         f"posterior probability p({target} | q) of the message q?",
                given={"X": X, "y": y, "q": q, "model": model, "class": target}, answer=answer, kind="number",
                decimals=3, solution=sol, mistakes=mistakes)


_KERNEL_TEXT = {"linear": "K(x, z) = x·z", "poly": "K(x, z) = (x·z + 1)²", "rbf": "K(x, z) = exp(−γ ‖x − z‖²)"}


@register("svm-decision", topic="svm", section=6, title="SVM decision value")
def svm_decision(draw: Draw) -> Spec:
    from lucidml.svm import kernel_matrix

    kernel = draw.by_level("linear", draw.choice(["linear", "poly"]), draw.choice(["poly", "rbf"]))
    m = draw.by_level(2, 3, 3)
    places = draw.by_level(1, 1, 2)
    while True:
        S = draw.by_level(lambda: draw.integers(-2, 3, (m, 2)), lambda: draw.integers(-3, 3, (m, 2)),
                          lambda: draw.decimals(-2, 2, (m, 2), 1))()
        labels = np.array([0] + [draw.choice([1, -1]) for _ in range(m - 1)])
        alpha = np.r_[0.0, draw.decimals(draw.by_level(0.5, 0.1, 0.1), 2, m - 1, places)]
        rest = round(float(np.dot(alpha[1:], labels[1:])), places)
        if len({tuple(r) for r in S.tolist()}) == m and rest != 0:
            break
    # The dual requires Σ α_i y_i = 0: the first support vector balances the others.
    labels[0], alpha[0] = -np.sign(rest), abs(rest)
    b = draw.by_level(draw.decimals(-1, 1, places=1), draw.decimals(-2, 2, places=1), draw.decimals(-2, 2, places=2))
    x = draw.by_level(lambda: draw.integers(-2, 3, 2), lambda: draw.integers(-3, 3, 2),
                      lambda: draw.decimals(-2, 2, 2, 1))()
    gamma = 0.5 if kernel == "rbf" else 1.0
    params = dict(gamma=gamma, coef0=1.0, degree=2) if kernel == "poly" else dict(gamma=gamma)
    k = kernel_matrix(np.asarray(x, float)[None, :], S, kernel, **params)[0]
    ay = alpha * labels
    terms = ay * k
    f = float(terms.sum() + b)
    steps = [Step("Evaluate the kernel between each support vector and the query.",
                  _KERNEL_TEXT[kernel] + (f",  γ = {format_value(gamma)}" if kernel == "rbf" else ""),
                  {"K(x_i, x)": k}),
             Step("Weight each by α_i y_i and add the bias.", "f(x) = Σ_i α_i y_i K(x_i, x) + b",
                  {"α_i y_i": ay, "terms": terms, "b": b, "f(x)": f}),
             Step(f"f(x) {'>' if f > 0 else '≤'} 0: the query is classified {'+1' if f > 0 else '−1'}.", "ŷ = sign f(x)")]
    sol = Solution("", steps, f)
    mistakes = [Mistake("no-bias", "you left out the bias b.", float(terms.sum())),
                Mistake("no-labels", "you left out the labels y_i: each term is α_i y_i K(x_i, x).",
                        float((alpha * k).sum() + b)),
                Mistake("sign-error", "sign error: f(x) = Σ_i α_i y_i K(x_i, x) + b.", -f),
                Mistake("minus-bias", "the bias is added, not subtracted: f(x) = Σ_i α_i y_i K(x_i, x) + b.",
                        float(terms.sum() - b))]
    return Spec(question=f"A trained {kernel}-kernel SVM has the support vectors x_i (rows), labels y_i, "
                         f"multipliers α_i and bias b. What is its decision value f(x) at the query x? "
                         f"({_KERNEL_TEXT[kernel]}" + (f", γ = {format_value(gamma)})" if kernel == "rbf" else ")"),
                given={"support vectors": S, "y": labels, "α": alpha, "b": b, "x": x, "kernel": kernel},
                answer=f, kind="number", decimals=3, solution=sol, mistakes=mistakes)
