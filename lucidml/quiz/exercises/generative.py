"""Exercises for §14, generative models: a GAN's discriminator or generator loss for given
discriminator outputs, and a VAE's KL term KL(N(μ, σ²) ‖ N(0, I)). Computed with
:func:`lucidml.nn.functional.binary_cross_entropy` and :mod:`lucidml.nn` tensors; once
``lucidml.generative`` lands (GAN, VAE) these should call its loss functions.
References: Goodfellow et al. (2014), §3 and the non-saturating generator loss; Kingma &
Welling (2014), Appendix B."""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.quiz.exercise import Mistake
from lucidml.quiz.registry import Draw, Spec, register


@register("gan-loss", topic="generative", section=14, title="GAN losses")
def gan_loss(draw: Draw) -> Spec:
    from lucidml.nn import functional as F

    n = draw.by_level(1, 2, 3)
    places = draw.by_level(1, 1, 2)
    real = draw.decimals(0.1, 0.9, n, places)               # D(x) on real samples
    fake = draw.decimals(0.1, 0.9, n, places)               # D(G(z)) on generated samples
    which = draw.choice(["discriminator", "generator"])
    bce = lambda p, t: float(F.binary_cross_entropy(np.asarray(p, float), np.full(len(p), float(t))).item())  # noqa: E731
    L_real, L_fake = bce(real, 1), bce(fake, 0)
    if which == "discriminator":
        answer = L_real + L_fake
        steps = [Step("Real samples should get D(x) = 1: binary cross-entropy with target 1, averaged.",
                      "L_real = −(1/n) Σ ln D(x_i)", {"D(x)": real, "L_real": L_real}),
                 Step("Generated samples should get D(G(z)) = 0: binary cross-entropy with target 0.",
                      "L_fake = −(1/n) Σ ln(1 − D(G(z_j)))", {"D(G(z))": fake, "L_fake": L_fake}),
                 Step("The discriminator minimises their sum (= maximises ln D(x) + ln(1 − D(G(z)))).",
                      "L_D = L_real + L_fake", {"L_D": answer})]
        mistakes = [Mistake("sign-error", "sign error: the loss is the negative log-likelihood, −ln D(x) − "
                            "ln(1 − D(G(z))), which is positive.", -answer),
                    Mistake("swapped-targets", "you gave the real samples target 0 and the fakes target 1.",
                            bce(real, 0) + bce(fake, 1)),
                    Mistake("fake-term", "for generated samples the discriminator's term is ln(1 − D(G(z))), not "
                            "ln D(G(z)).", L_real + bce(fake, 1)),
                    Mistake("log10", "use the natural logarithm ln, not log₁₀.", answer / np.log(10))]
        question = ("A GAN's discriminator outputs D(x) on a batch of real samples and D(G(z)) on a batch of "
                    "generated ones. What is its loss L_D = −mean ln D(x) − mean ln(1 − D(G(z)))?")
    else:
        answer = bce(fake, 1)                                # non-saturating: −mean ln D(G(z))
        saturating = float(np.mean(np.log1p(-np.asarray(fake, float))))
        steps = [Step("The generator wants its samples labelled real: binary cross-entropy of D(G(z)) with "
                      "target 1 (the non-saturating loss, whose gradient stays large while D rejects the fakes).",
                      "L_G = −(1/n) Σ ln D(G(z_j))", {"D(G(z))": fake, "L_G": answer}),
                 Step("For comparison, the original minimax objective's generator term, which saturates.",
                      "(1/n) Σ ln(1 − D(G(z_j)))", {"minimax term": saturating})]
        mistakes = [Mistake("saturating", "that is the minimax term mean ln(1 − D(G(z))); the non-saturating "
                            "generator loss is −mean ln D(G(z)).", saturating),
                    Mistake("sign-error", "sign error: L_G = −mean ln D(G(z)) is positive.", -answer),
                    Mistake("discriminator-fake-term", "that is the discriminator's loss on the fakes, "
                            "−mean ln(1 − D(G(z))).", L_fake),
                    Mistake("log10", "use the natural logarithm ln, not log₁₀.", answer / np.log(10))]
        question = ("A GAN's discriminator outputs D(G(z)) on a batch of generated samples. What is the "
                    "generator's non-saturating loss L_G = −mean ln D(G(z))?")
    sol = Solution("", steps, answer)
    given = {"D(x) (real)": real, "D(G(z)) (generated)": fake, "loss": which}
    if which == "generator":
        given.pop("D(x) (real)")
    return Spec(question=question, given=given, answer=answer, kind="number", decimals=4, solution=sol,
                mistakes=mistakes)


@register("vae-kl", topic="generative", section=14, title="VAE: the KL term")
def vae_kl(draw: Draw) -> Spec:
    from lucidml.nn import Tensor

    J = draw.by_level(1, 2, 3)
    places = draw.by_level(1, 1, 2)
    mu = draw.decimals(-1.5, 1.5, J, places)
    log_var = draw.decimals(-1.5, 1, J, places)
    m = Tensor(np.asarray(mu, float), dtype=np.float64)
    lv = Tensor(np.asarray(log_var, float), dtype=np.float64)
    terms = (lv + 1.0 - m * m - lv.exp()) * -0.5             # per latent: −½ (1 + ln σ² − μ² − σ²)
    kl = terms.sum()
    answer = float(kl.item())
    s2 = np.exp(np.asarray(log_var, float))
    steps = [Step("Turn the encoder's log-variances into variances.", "σ_j² = exp(ln σ_j²)", {"σ²": s2}),
             Step("The KL divergence of each latent's N(μ_j, σ_j²) from the prior N(0, 1), in closed form.",
                  "KL_j = −½ (1 + ln σ_j² − μ_j² − σ_j²)", {"KL_j": terms.numpy()}),
             Step("The latents are independent, so their KL terms add.", "KL = Σ_j KL_j", {"KL": answer})]
    sol = Solution("", steps, answer)
    muf, lvf = np.asarray(mu, float), np.asarray(log_var, float)
    mistakes = [Mistake("no-half", "you left out the factor ½.", 2 * answer),
                Mistake("sign-error", "sign error: KL = −½ Σ (1 + ln σ² − μ² − σ²) is never negative.", -answer),
                Mistake("no-one", "you left out the 1 inside the sum; without it KL(N(0, 1) ‖ N(0, 1)) would not be 0.",
                        float(-0.5 * np.sum(lvf - muf**2 - s2))),
                Mistake("log-var-as-sigma", f"the encoder gives ln σ², so σ² = exp(ln σ²) = {format_value(s2)}; you "
                        "used exp(ln σ²) as σ and squared it.",
                        float(-0.5 * np.sum(1 + lvf - muf**2 - s2**2)))]
    return Spec(question=f"A VAE's encoder gives a {J}-dimensional Gaussian q(z | x) = N(μ, diag σ²) through μ and "
                         "ln σ². What is its KL divergence from the prior N(0, I), the regulariser of the ELBO?",
                given={"μ": mu, "ln σ²": log_var}, answer=answer, kind="number", decimals=4, solution=sol,
                mistakes=mistakes)
