"""Worked solution for a naive Bayes prediction.

    1. priors            π_c = N_c / N
    2. likelihoods       p(x_d | c) for every class c and feature d of the query
    3. joint (log-sum)   log p(c, x) = log π_c + Σ_d log p(x_d | c)
    4. posterior         p(c | x) = exp(log p(c, x) − log Σ_c' exp log p(c', x))

``model`` chooses the likelihood: "gaussian" (N(x_d | μ_cd, σ²_cd)), "multinomial"
(θ_cd^{x_d} with θ_cd = (N_cd + α) / (N_c + α D)) or "bernoulli"
(θ_cd^{x_d} (1 − θ_cd)^{1 − x_d}). The numbers come from the fitted lucidml estimator, so
the explanation and :mod:`lucidml.naive_bayes` can never disagree.

>>> X = [[1.0, 2.0], [1.2, 1.8], [3.0, 4.0], [3.2, 4.4]]
>>> naive_bayes(X, ["a", "a", "b", "b"], [1.1, 2.1]).answer
'a'
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.utils.validation import check_option, check_real, check_training_query

__all__ = ["naive_bayes"]


def naive_bayes(X_train, y_train, x_query, model: str = "gaussian", *, alpha: float = 1.0,
                var_smoothing: float = 1e-9, binarize: float | None = 0.0) -> Solution:
    """Explain how naive Bayes classifies ``x_query``: priors, likelihoods, their log-sum, the posterior."""
    from lucidml.naive_bayes import BernoulliNB, GaussianNB, MultinomialNB

    owner = "explain.naive_bayes"
    X, y, x = check_training_query(X_train, y_train, x_query, owner=owner)
    check_option(model, name="model", owner=owner, allowed=("gaussian", "multinomial", "bernoulli"))
    check_real(alpha, name="alpha", owner=owner, minimum=0.0, strict=True)

    if model == "gaussian":
        nb = GaussianNB(var_smoothing=var_smoothing).fit(X, y)
    elif model == "multinomial":
        nb = MultinomialNB(alpha=alpha).fit(X, y)
    else:
        nb = BernoulliNB(alpha=alpha, binarize=binarize).fit(X, y)
    classes = nb.classes_
    counts = np.array([(y == c).sum() for c in classes])
    prior = nb.class_prior_ if model == "gaussian" else np.exp(nb.class_log_prior_)
    steps = [Step(f"Count the training points of each class and divide by N = {len(y)}: the priors.",
                  "π_c = N_c / N", {"classes": classes, "N_c": counts, "π_c": prior})]

    log_lik = _log_likelihoods(nb, model, x)                           # (C, D)
    if model == "gaussian":
        steps.append(Step("Fit one normal density per class and feature: the class means and variances "
                          "(plus ε = var_smoothing · the largest feature variance).",
                          "μ_cd = mean of x_d in class c,  σ²_cd = variance of x_d in class c + ε",
                          {"μ": nb.theta_, "σ²": nb.var_}))
        formula = "p(x_d | c) = exp(−(x_d − μ_cd)² / (2σ²_cd)) / √(2π σ²_cd)"
    elif model == "multinomial":
        steps.append(Step(f"Count each feature in each class and smooth with α = {format_value(alpha)} "
                          "(no word gets probability 0).",
                          "θ_cd = (N_cd + α) / (Σ_d N_cd + α D)",
                          {"N_cd": nb.feature_count_, "θ": np.exp(nb.feature_log_prob_)}))
        formula = "log p(x | c) = Σ_d x_d log θ_cd   (+ a multinomial coefficient that is the same for every class)"
    else:
        xb = nb._features(x[None, :], owner)[0]
        steps.append(Step(f"Turn the features into presence (x_d > {format_value(binarize)}) and count how "
                          f"often each is present per class, smoothed with α = {format_value(alpha)}.",
                          "θ_cd = (N_cd + α) / (N_c + 2α)",
                          {"query as 0/1": xb, "θ": np.exp(nb.feature_log_prob_)}))
        formula = "p(x_d | c) = θ_cd if x_d = 1, 1 − θ_cd if x_d = 0"
    steps.append(Step("Evaluate each feature's likelihood at the query, class by class (rows: classes, "
                      "columns: features).", formula,
                      {"query": x, "p(x_d | c)": np.exp(log_lik)}))

    joint = nb.predict_joint_log_proba(x[None, :])[0]                  # log π_c + Σ_d log p(x_d | c)
    steps.append(Step("Multiply the prior by the likelihoods. Products of many small numbers underflow, "
                      "so add logarithms instead.",
                      "log p(c, x) = log π_c + Σ_d log p(x_d | c)",
                      {"log π_c": np.log(prior), "Σ_d log p(x_d | c)": joint - np.log(prior),
                       "log p(c, x)": joint}))
    m = joint.max()
    log_evidence = m + np.log(np.exp(joint - m).sum())
    posterior = np.exp(joint - log_evidence)
    winner = classes[np.argmax(joint)]
    steps.append(Step("Normalise: divide by the evidence p(x) = Σ_c p(c, x), computed as a log-sum-exp "
                      "(subtract the largest term first). The class with the largest posterior wins.",
                      "p(c | x) = exp(log p(c, x) − log Σ_c' exp log p(c', x))",
                      {"log p(x)": log_evidence, "p(c | x)": posterior}))
    answer = winner.item() if hasattr(winner, "item") else winner
    return Solution(question=f"Which class does {model} naive Bayes give x = {format_value(x)}?",
                    steps=steps, answer=answer,
                    answer_text=f"{answer} (posterior {posterior.max():.4g})")


def _log_likelihoods(nb, model, x):
    """log p(x_d | c) for each class (rows) and feature (columns)."""
    if model == "gaussian":
        mu, s2 = nb.theta_, nb.var_
        return -0.5 * np.log(2 * np.pi * s2) - 0.5 * (x - mu) ** 2 / s2
    if model == "multinomial":
        return x * nb.feature_log_prob_
    xb = nb._features(x[None, :], "explain.naive_bayes")[0]
    log_theta = nb.feature_log_prob_
    return np.where(xb > 0, log_theta, np.log1p(-np.exp(log_theta)))
