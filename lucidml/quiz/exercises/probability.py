"""Exercises for §3, probability: the maximum-likelihood (population) or unbiased (sample)
variance of a Gaussian sample, and a binomial or Poisson probability. Answers from
:mod:`lucidml.probability` (``Gaussian.fit``, ``Binomial.pmf``, ``Poisson.pmf``)."""
from __future__ import annotations

import math

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


@register("variance", topic="probability", section=3, title="Gaussian maximum likelihood: the variance")
def variance(draw: Draw) -> Spec:
    from lucidml.probability import Gaussian

    N = draw.by_level(4, draw.integer(5, 6), draw.integer(6, 8))
    while True:
        x = draw.numbers(0, 10, N)
        if len(np.unique(x)) > 1:
            break
    unbiased = draw.integer(0, 2) == 0                       # one time in three: the sample variance
    fit = Gaussian.fit(x)
    mu, s2_ml = fit.mu, fit.sigma2
    dev = np.asarray(x, float) - mu
    ss = float(dev @ dev)
    s2_sample = ss / (N - 1)
    answer = s2_sample if unbiased else s2_ml
    divisor = N - 1 if unbiased else N
    steps = [Step("The maximum-likelihood mean is the sample mean.", "μ_ML = (1/N) Σ_n x_n", {"μ_ML": mu}),
             Step("Subtract it and square the deviations.", "(x_n − μ_ML)²", {"x − μ": dev, "(x − μ)²": dev**2,
                                                                              "Σ (x − μ)²": ss}),
             Step(("The unbiased estimate divides by N − 1 (Bessel's correction): the deviations are measured "
                   "from μ_ML, which was fitted to the same data." if unbiased else
                   "Setting ∂ ln p / ∂σ² = 0 gives the mean squared deviation: divide by N (the population "
                   "variance). It is biased low by the factor (N − 1)/N."),
                  f"{'s²' if unbiased else 'σ²_ML'} = Σ (x_n − μ_ML)² / {'(N − 1)' if unbiased else 'N'} "
                  f"= {format_value(ss)} / {divisor}",
                  {"σ²_ML (Gaussian.fit)": s2_ml, "s² = N/(N−1) σ²_ML": s2_sample})]
    sol = Solution("", steps, answer)
    other = s2_ml if unbiased else s2_sample
    hint = ("population vs sample variance: you divided by N (the maximum-likelihood σ²); the unbiased "
            "sample variance divides by N − 1." if unbiased else
            "population vs sample variance: you divided by N − 1 (the unbiased sample variance); the "
            "maximum-likelihood estimate divides by N.")
    mistakes = [Mistake("population-vs-sample", hint, other),
                Mistake("gave-std", "that is the standard deviation; the question asks for the variance (its square).",
                        math.sqrt(answer)),
                Mistake("no-squares", "you averaged the absolute deviations; the variance averages the squared "
                        "deviations.", float(np.abs(dev).sum() / divisor))]
    what = ("the unbiased sample variance s² (Bessel-corrected)" if unbiased
            else "the maximum-likelihood estimate σ²_ML of the variance")
    return Spec(question=f"A Gaussian N(μ, σ²) is fitted to the {N} values x. What is {what}?",
                given={"x": x, "estimate": "unbiased s²" if unbiased else "maximum likelihood σ²_ML"},
                answer=answer, kind="number", decimals=3, solution=sol, mistakes=mistakes)


@register("pmf", topic="probability", section=3, title="Binomial and Poisson probabilities")
def pmf(draw: Draw) -> Spec:
    from lucidml.probability import Binomial, Poisson

    if draw.integer(0, 1) == 0:
        n = draw.by_level(draw.integer(3, 5), draw.integer(5, 8), draw.integer(8, 12))
        p = draw.decimals(0.1, 0.9, places=draw.by_level(1, 1, 2))
        k = draw.integer(1, n - 1)
        dist = Binomial(n, p)
        answer = float(dist.pmf(k))
        coef = math.comb(n, k)
        steps = [Step("The number of ways to place k ones among n tries.", f"C(n, k) = n! / (k! (n − k)!) = C({n}, {k})",
                      {"C(n, k)": coef}),
                 Step("The probability of one particular sequence with k ones.", "p^k (1 − p)^(n − k)",
                      {"p^k": p**k, "(1 − p)^(n − k)": (1 - p) ** (n - k)}),
                 Step("Multiply (lucidml's Binomial.pmf computes the same in log space).",
                      "Bin(k | n, p) = C(n, k) p^k (1 − p)^(n − k)", {"Bin(k | n, p)": answer})]
        question = f"A coin lands heads with probability p = {format_value(p)}. Tossed n = {n} times, what is " \
                   f"the probability of exactly k = {k} heads?"
        given = {"distribution": "binomial", "n": n, "p": p, "k": k}
        mistakes = [Mistake("no-binomial-coefficient", f"you left out the C(n, k) = {coef} orderings of the "
                            "heads: that is the probability of one particular sequence.", p**k * (1 - p) ** (n - k)),
                    Mistake("swapped-p", "you swapped p and 1 − p: p^k belongs to the k heads.",
                            coef * (1 - p) ** k * p ** (n - k))]
    else:
        lam = draw.by_level(draw.integer(1, 4), draw.decimals(0.5, 5, places=1), draw.decimals(0.5, 8, places=2))
        k = draw.integer(0, draw.by_level(4, 6, 9))
        dist = Poisson(lam)
        answer = float(dist.pmf(k))
        steps = [Step("The three factors of the Poisson mass.", "λ^k,  e^(−λ),  k!",
                      {"λ^k": float(lam) ** k, "e^(−λ)": math.exp(-lam), "k!": math.factorial(k)}),
                 Step("Combine them (Poisson.pmf computes ln λ^k − λ − ln k! and exponentiates).",
                      "Pois(k | λ) = λ^k e^(−λ) / k!", {"Pois(k | λ)": answer})]
        question = f"Events arrive at a rate of λ = {format_value(lam)} per hour (a Poisson distribution). What " \
                   f"is the probability of exactly k = {k} events in one hour?"
        given = {"distribution": "Poisson", "λ": lam, "k": k}
        mistakes = [Mistake("no-factorial", "you left out the division by k!.", float(lam) ** k * math.exp(-lam)),
                    Mistake("no-exponential", "you left out the factor e^(−λ).", float(lam) ** k / math.factorial(k))]
    sol = Solution("", steps, answer)
    return Spec(question=question, given=given, answer=answer, kind="number", decimals=4, solution=sol,
                mistakes=mistakes)
