"""Tour sections: neural dimensionality reduction (SYLLABUS §10) and generative models (§14)."""
from __future__ import annotations

import numpy as np

from lucidml.report.section import Figure, Section, Table


def section() -> list[Section]:
    return [reduction_section(), generative_section()]


def reduction_section(fast: bool = True) -> Section:
    """Autoencoder vs PCA and the filters of an RBM, at tour speed (fast=True)."""
    from lucidml.experiments.generative_models import autoencoder_vs_pca
    from lucidml.explain.gibbs_sampling import rbm_gibbs_step

    versus = autoencoder_vs_pca(fast=fast)
    return Section(
        title="Neural dimensionality reduction",
        order=95,
        intro=["An autoencoder compresses x to a code z = enc(x) of d < D numbers and is trained so that "
               "dec(z) reconstructs x. With linear maps its best code spans exactly PCA's first d principal "
               "axes (minimising reconstruction error is PCA's second view); with non-linear layers it can "
               "bend the subspace and compress further, until with large codes it overfits the training set. "
               "The issue's anchors on digits/16 (64-128-k-128-64 ReLU, full training): test MSE 0.038 vs PCA "
               "0.054 at k = 2, 0.009 vs 0.012 at k = 16, 0.0032 vs 0.0027 at k = 32.",
               "A restricted Boltzmann machine learns binary hidden features h with P(h | v) = σ(W v + b_h) by "
               "contrastive divergence; its features fed to a logistic regression classify nudged digits with "
               "0.94 accuracy where raw pixels give 0.78 (scikit-learn's example, reproduced in the tests)."],
        solutions=[rbm_gibbs_step([1, 0, 1, 0])],
        figures=[Figure.from_matplotlib(versus.figure(), "Reconstruction error against code size on digits",
                                        "Tour-sized run (10 epochs); `lucidml experiment autoencoder` runs the "
                                        "full one."),
                 _rbm_filters()],
        tables=[Table.from_text("Autoencoder vs PCA: test reconstruction error on digits", versus.table())],
    )


def _rbm_filters() -> Figure:
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_digits

    from lucidml.generative import BernoulliRBM

    rbm = BernoulliRBM(n_components=32, learning_rate=0.06, n_iter=10, random_state=0).fit(load_digits().data / 16.0)
    fig, axes = plt.subplots(4, 8, figsize=(8, 4.2))
    for ax, w in zip(axes.ravel(), rbm.components_):
        ax.imshow(w.reshape(8, 8), cmap="RdBu_r")
        ax.axis("off")
    fig.tight_layout()
    return Figure.from_matplotlib(fig, "RBM filters", "The weights W_j of 32 hidden units after PCD-1 on the "
                                  "digits: strokes and blobs that each unit responds to.")


def generative_section(fast: bool = True) -> Section:
    from lucidml.experiments.generative_models import gan_ring, vae_digits
    from lucidml.explain.evidence_lower_bound import vae_elbo

    vae = vae_digits(fast=fast)
    gan = gan_ring(fast=fast)
    return Section(
        title="Generative models",
        order=140,
        intro=["A variational autoencoder is a latent-variable model p(x) = ∫ p(x | z) p(z) dz trained by its "
               "evidence lower bound ELBO = E_q[log p(x | z)] − KL(q(z | x) ‖ p(z)); the reparameterisation "
               "z = μ + σ ⊙ ε lets the gradient pass through the sample. On digits binarised at 8 a full run "
               "(`lucidml experiment vae`: 16 latent units, 120 epochs) reaches a held-out −ELBO of 18.7 nats "
               "(measured), just below a mixture of 30 Bernoullis (18.8) and far below independent pixels (25.3).",
               "A GAN trains a generator against a discriminator, each with its own optimiser; the "
               "non-saturating generator loss −log D(G(z)) keeps its gradient alive early on. The standard test "
               "is eight Gaussians on a ring: a collapsed generator covers one or two modes; the default GAN "
               "covers all eight (`lucidml experiment gan`)."],
        solutions=[vae_elbo([1, 0, 1, 1], eps=[0.5, -1.0])],
        figures=[Figure.from_matplotlib(vae.figure(), "VAE samples and the 2-D latent map of the test digits",
                                        "Tour-sized run; the numbers of a full run are in the text."),
                 Figure.from_matplotlib(gan.figure(), "A GAN on the ring, frame by frame, and both players' losses",
                                        "Tour-sized run; the dotted line is the equilibrium 2 log 2 of the "
                                        "discriminator's loss.")],
        tables=[Table("Held-out −ELBO on digits binarised at 8", ["model", "nats per image"],
                      [[name, f"{v:.2f}"] for name, v in [("VAE (held out)", vae.test_nelbo),
                                                           ("VAE (training)", vae.train_nelbo),
                                                           ("independent pixels", vae.independent_nll),
                                                           ("mixture of 30 Bernoullis (the issue's anchor)",
                                                            vae.mixture_nll)]]),
                Table("The GAN on a ring of eight Gaussians", ["measure", "value"],
                      [["modes hit by >= 1% of 2,000 samples within 3σ", f"{gan.modes}/8"],
                       ["samples within 3σ of a mode", f"{gan.share_near:.1%}"],
                       ["MMD² to held-out data, GAN", gan.mmd2_gan],
                       ["MMD² to held-out data, kernel-density baseline", gan.mmd2_kde]])],
    )
