"""The explainers (numbers checked against the estimators' own formulas), the CLI commands, the
experiments and the tour sections at their fast settings."""
import numpy as np
import pytest
from typer.testing import CliRunner

from lucidml import explain


def test_vae_elbo_by_hand_and_against_the_network():
    s = explain.vae_elbo([1, 0, 1, 1], eps=[0.5, -1.0])
    a = s.answer
    np.testing.assert_allclose(a["z"], a["mu"] + a["sigma"] * np.array([0.5, -1.0]))
    assert a["elbo"] == pytest.approx(-a["reconstruction"] - a["kl"])
    # with a fitted VAE the explainer's −ELBO for one ε equals the network's own loss for that ε
    from lucidml.generative import VAE
    from lucidml.nn.tensor import Tensor

    X = (np.random.default_rng(0).random((40, 6)) < 0.3).astype(float)
    vae = VAE(n_components=2, hidden_layer_sizes=(5,), max_iter=2, random_state=0).fit(X)
    eps = np.array([0.3, -0.7])
    s = explain.vae_elbo(X[0], eps=eps, model=vae)
    r, kl = vae.network_(Tensor(X[:1]), eps[None])
    assert s.answer["reconstruction"] == pytest.approx(float(r.data[0]), rel=1e-10)
    assert s.answer["kl"] == pytest.approx(float(kl.data[0]), rel=1e-10)
    assert "KL" in s.to_markdown() and "<ol>" in s.to_html()
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        explain.vae_elbo([2, 0, 1, 1])
    with pytest.raises(ValueError, match="eps"):
        explain.vae_elbo([1, 0, 1, 1], eps=[1.0])


def test_rbm_gibbs_step_by_hand():
    # W = [[2, −2]], b = 0, v = (1, 0): P(h = 1 | v) = σ(2) = 0.8808; with h = 1, P(v | h) = σ((2, −2))
    s = explain.rbm_gibbs_step([1, 0], W=[[2.0, -2.0]], random_state=0)
    assert s.answer["p_h"][0] == pytest.approx(1 / (1 + np.exp(-2)))
    h = s.answer["h"][0]
    np.testing.assert_allclose(s.answer["p_v"], 1 / (1 + np.exp(-np.array([2.0, -2.0]) * h)))
    from lucidml.generative import BernoulliRBM

    rbm = BernoulliRBM(n_components=3, n_iter=1, random_state=0).fit(np.random.default_rng(0).random((20, 4)))
    v = np.array([1.0, 0.0, 1.0, 1.0])
    np.testing.assert_allclose(explain.rbm_gibbs_step(v, model=rbm).answer["p_h"], rbm.transform(v[None])[0])
    with pytest.raises(ValueError, match="shape"):
        explain.rbm_gibbs_step([1, 0, 1], W=[[1.0, 2.0]])


def test_cli_commands():
    from lucidml.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["explain", "vae-elbo", "--x", "1,0,1,1", "--eps", "0.5,-1", "--format", "markdown"])
    assert out.exit_code == 0 and "ELBO" in out.output
    out = runner.invoke(app, ["explain", "rbm-gibbs-step", "--v", "1,0,1,0"])
    assert out.exit_code == 0 and "P(h | v)" in out.output
    out = runner.invoke(app, ["explain", "rbm-gibbs-step", "--v", "1,0,3,0"])
    assert out.exit_code == 2 and "[0, 1]" in out.output
    out = runner.invoke(app, ["experiment", "gan", "--fast"])
    assert out.exit_code == 0 and "modes" in out.output


def test_experiments_and_tour_fast(tmp_path):
    from lucidml.experiments.generative_models import autoencoder_vs_pca
    from lucidml.generative.tour import generative_section, reduction_section

    r = autoencoder_vs_pca(code_sizes=(2, 8), fast=True)
    assert len(r.autoencoder_mse) == 2 and r.autoencoder_mse[1] < r.autoencoder_mse[0]
    assert r.pca_mse[1] < r.pca_mse[0]
    sections = [reduction_section(), generative_section()]
    vae_table = sections[1].tables[0]
    assert ["independent pixels", "25.30"] in vae_table.cells()
    assert any(row[0].startswith("modes hit") for row in sections[1].tables[1].cells())
    assert [s.title for s in sections] == ["Neural dimensionality reduction", "Generative models"]
    assert all(s.figures and s.solutions for s in sections)
