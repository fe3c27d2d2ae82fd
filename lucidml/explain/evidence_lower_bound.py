"""Worked solution: the evidence lower bound of a VAE for one sample, term by term.

    1. encoder: μ = W_μ x + b_μ, log σ² = W_s x + b_s, σ = exp(½ log σ²)
    2. reparameterise: z = μ + σ ⊙ ε with one ε ~ N(0, I)
    3. decoder: logits a = W_d z + b_d, p = σ(a) (the pixel probabilities)
    4. reconstruction −log p(x | z) = −Σ_i [x_i log p_i + (1 − x_i) log(1 − p_i)]
    5. KL(q(z | x) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²)
    6. ELBO = −reconstruction − KL (a lower bound on log p(x))

The default network is a small linear one (D = 4 pixels, d = 2 latent units) whose numbers can
be followed by hand; pass ``model=`` a fitted Bernoulli :class:`lucidml.generative.VAE` to
explain one of its samples instead (its hidden layers are then reported as a single h).
Reference: Kingma & Welling (2014), "Auto-encoding variational Bayes", §2.3 and appendix B.

>>> s = vae_elbo([1, 0, 1, 1], eps=[0.5, -1.0])
>>> round(float(s.answer["elbo"]), 4) == round(-s.answer["reconstruction"] - s.answer["kl"], 4)
True
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step
from lucidml.utils.validation import as_float_array

__all__ = ["vae_elbo"]

# the default linear VAE: 4 pixels, 2 latent units
_W_MU = np.array([[0.8, -0.4, 0.6, 0.2], [-0.3, 0.9, 0.1, -0.5]])
_B_MU = np.array([0.1, -0.2])
_W_S = np.array([[-0.5, 0.2, -0.3, 0.1], [0.2, -0.4, 0.1, -0.2]])
_B_S = np.array([-1.0, -0.5])
_W_D = np.array([[1.2, -0.6], [-0.8, 1.1], [0.9, 0.3], [0.4, -1.0]])
_B_D = np.array([0.2, -0.1, 0.0, 0.3])


def vae_elbo(x, eps=None, model=None, random_state=0) -> Solution:
    """Explain ELBO(x) = E_q[log p(x | z)] − KL(q(z | x) ‖ p(z)) for one binary sample ``x``, with one ε."""
    owner = "explain.vae_elbo"
    x = as_float_array(x, name="x", owner=owner, ndim=1)
    if x.min() < 0 or x.max() > 1:
        raise ValueError(f"{owner}: x must hold pixel values in [0, 1] for a Bernoulli decoder, got values from "
                         f"{x.min():g} to {x.max():g}; scale it first (e.g. x / 16 for a digit).")
    if model is None:
        if x.size != 4:
            raise ValueError(f"{owner}: the default network has 4 inputs, got x with {x.size}; pass model= a "
                             "fitted VAE for other sizes.")
        mu, log_var = _W_MU @ x + _B_MU, _W_S @ x + _B_S
        decode = lambda z: _W_D @ z + _B_D                                   # noqa: E731
        where = "the default linear network (4 pixels, 2 latent units)"
    else:
        from lucidml.nn.tensor import Tensor, no_grad

        if getattr(model, "decoder", None) != "bernoulli" or not hasattr(model, "network_"):
            raise ValueError(f"{owner}: model must be a fitted VAE with decoder='bernoulli'.")
        if x.size != model.network_.n_features:
            raise ValueError(f"{owner}: x has {x.size} values but the model expects {model.network_.n_features}.")
        with no_grad():
            m, s = model.network_.encode(Tensor(x[None], dtype=model.network_.dtype))
        mu, log_var = m.data[0].astype(float), s.data[0].astype(float)

        def decode(z):
            with no_grad():
                return model.network_.decoder(Tensor(z[None], dtype=model.network_.dtype)).data[0].astype(float)
        where = f"the fitted VAE (d = {mu.size} latent units)"
    d = mu.size
    if eps is None:
        eps = np.random.default_rng(random_state).standard_normal(d)
    eps = as_float_array(eps, name="eps", owner=owner, ndim=1)
    if eps.size != d:
        raise ValueError(f"{owner}: eps must have one value per latent unit ({d}), got {eps.size}.")
    sigma = np.exp(0.5 * log_var)
    z = mu + sigma * eps
    a = decode(z)
    p = 1.0 / (1.0 + np.exp(-a))
    per_pixel = np.maximum(a, 0) - a * x + np.log1p(np.exp(-np.abs(a)))        # −log p(xᵢ | z), stable
    reconstruction = float(per_pixel.sum())
    kl_terms = 0.5 * (mu ** 2 + sigma ** 2 - 1.0 - log_var)
    kl = float(kl_terms.sum())
    elbo = -reconstruction - kl
    steps = [
        Step(f"Encode x with {where}: the mean and log variance of q(z | x).",
             "μ = W_μ x + b_μ,  log σ² = W_s x + b_s,  σ = exp(½ log σ²)",
             {"x": x, "μ": mu, "log σ²": log_var, "σ": sigma}),
        Step("Reparameterise: draw ε ~ N(0, I) once and move it to q's mean and scale, so z is a "
             "differentiable function of μ and σ.", "z = μ + σ ⊙ ε", {"ε": eps, "z": z}),
        Step("Decode z: the logits and the probability of each pixel being on.", "a = dec(z),  p = σ(a)",
             {"a": a, "p": p}),
        Step("Reconstruction term: the negative log-likelihood of x under independent Bernoulli pixels.",
             "−log p(x | z) = −Σᵢ [xᵢ log pᵢ + (1 − xᵢ) log(1 − pᵢ)]",
             {"per pixel": per_pixel, "−log p(x | z)": reconstruction}),
        Step("KL term, in closed form for two Gaussians.", "KL = ½ Σⱼ (μⱼ² + σⱼ² − 1 − log σⱼ²)",
             {"per latent unit": kl_terms, "KL": kl}),
        Step("The ELBO: expected log-likelihood (here from one ε) minus the KL; training minimises −ELBO.",
             "ELBO = −(−log p(x | z)) − KL", {"ELBO": elbo, "−ELBO (the loss)": -elbo}),
    ]
    return Solution(question=f"What is the evidence lower bound of the VAE for x = {np.array2string(x, precision=3)}?",
                    steps=steps, answer={"mu": mu, "sigma": sigma, "eps": eps, "z": z, "p": p,
                                         "reconstruction": reconstruction, "kl": kl, "elbo": elbo},
                    answer_text=f"ELBO = {elbo:.4f} nats (reconstruction {reconstruction:.4f}, KL {kl:.4f})")
