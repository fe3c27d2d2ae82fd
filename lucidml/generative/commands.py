"""CLI commands for the generative models.

    lucidml explain vae-elbo --x 1,0,1,1 --eps 0.5,-1
    lucidml explain rbm-gibbs-step --v 1,0,1,0
    lucidml experiment autoencoder | vae | gan  [--fast] [--figure out.png]
"""
from __future__ import annotations

from pathlib import Path

import typer

from lucidml.cli import experiment_command, explain_command, parse_vector


@explain_command("vae-elbo")
def explain_vae_elbo(
    x: str = typer.Option("1,0,1,1", help="a binary sample of 4 pixels, e.g. 1,0,1,1"),
    eps: str = typer.Option(None, help="the noise ε (2 values); drawn from --seed when left out"),
    seed: int = typer.Option(0, help="random seed for ε"),
):
    """The ELBO of a small VAE for one sample: μ, σ, ε, z, the reconstruction and the KL term."""
    from lucidml.explain.evidence_lower_bound import vae_elbo

    return vae_elbo(parse_vector(x, "x"), None if eps is None else parse_vector(eps, "eps"), random_state=seed)


@explain_command("rbm-gibbs-step")
def explain_rbm_gibbs_step(
    v: str = typer.Option("1,0,1,0", help="the visible units (4 values in [0, 1]), e.g. 1,0,1,0"),
    seed: int = typer.Option(0, help="random seed for the hidden sample"),
):
    """One Gibbs step of a small RBM: P(h | v), a sampled h, and P(v | h)."""
    from lucidml.explain.gibbs_sampling import rbm_gibbs_step

    return rbm_gibbs_step(parse_vector(v, "v"), random_state=seed)


def _finish(result, figure) -> None:
    typer.echo(result.table())
    if figure is not None:
        import matplotlib

        matplotlib.use("Agg")
        result.figure().savefig(figure, dpi=100, bbox_inches="tight")
        typer.echo(f"wrote {figure}")


@experiment_command("autoencoder")
def experiment_autoencoder(
    fast: bool = typer.Option(False, help="three code sizes, 10 epochs"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """Autoencoder vs PCA on digits: test reconstruction error against code size."""
    from lucidml.experiments.generative_models import autoencoder_vs_pca

    _finish(autoencoder_vs_pca(fast=fast, random_state=seed), figure)


@experiment_command("vae")
def experiment_vae(
    fast: bool = typer.Option(False, help="10 epochs instead of 120"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """A Bernoulli VAE on binarised digits: held-out ELBO against two anchors, samples, a 2-D latent map."""
    from lucidml.experiments.generative_models import vae_digits

    _finish(vae_digits(fast=fast, random_state=seed), figure)


@experiment_command("gan")
def experiment_gan(
    fast: bool = typer.Option(False, help="400 points, 3 epochs"),
    seed: int = typer.Option(0, help="random seed"),
    figure: Path = typer.Option(None, help="save the figure to this PNG file"),
):
    """A GAN on eight Gaussians on a ring: frames, both players' losses, modes covered, MMD."""
    from lucidml.experiments.generative_models import gan_ring

    _finish(gan_ring(fast=fast, random_state=seed), figure)
