"""Generative models: BernoulliRBM.fit vs scikit-learn, one VAE epoch vs the same model in PyTorch."""
from __future__ import annotations

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from lucidml.generative import BernoulliRBM, VAENetwork
    from lucidml.nn.optim import Adam
    from lucidml.nn.tensor import Tensor

    n_iter = 2 if quick else 20

    def digits():
        from sklearn.datasets import load_digits

        return load_digits().data / 16.0

    def fit_ours(X):
        return BernoulliRBM(n_components=256, n_iter=n_iter, random_state=0).fit(X).components_

    def fit_sklearn(X):
        from sklearn.neural_network import BernoulliRBM as Reference

        return Reference(n_components=256, n_iter=n_iter, random_state=0).fit(X).components_

    def same_weights(a, b):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)          # draw for draw the same PCD-1

    n, D, H, d, batch = (2_000 if quick else 60_000), 784, 400, 20, 128

    def images():
        rng = np.random.default_rng(0)
        X = (rng.random((n, D)) < 0.2).astype(np.float32)                  # MNIST-shaped binary images
        eps = rng.standard_normal((n, d)).astype(np.float32)
        init = VAENetwork(D, d, (H,), "relu", "bernoulli", "float32", random_state=0).state_dict()
        return X, eps, init

    def vae_epoch_ours(data):
        """784-400-(20, 20) encoder, 20-400-784 decoder, Bernoulli, Adam, batches of 128 in order, ε given."""
        X, eps, init = data
        net = VAENetwork(D, d, (H,), "relu", "bernoulli", "float32").load_state_dict(init)
        opt = Adam(net.parameters(), lr=1e-3)
        for s in range(0, n, batch):
            opt.zero_grad()
            r, kl = net(Tensor(X[s:s + batch]), eps[s:s + batch])
            (r + kl).mean().backward()
            opt.step()
        return net.state_dict()["decoder.2.weight"]

    def vae_epoch_torch(data):
        import torch

        X, eps, init = data

        class Twin(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.body = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU())
                self.mean, self.log_var = torch.nn.Linear(H, d), torch.nn.Linear(H, d)
                self.decoder = torch.nn.Sequential(torch.nn.Linear(d, H), torch.nn.ReLU(), torch.nn.Linear(H, D))

        net = Twin()
        net.load_state_dict({k: torch.from_numpy(v) for k, v in init.items()})
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        Xt, Et = torch.from_numpy(X), torch.from_numpy(eps)
        for s in range(0, n, batch):
            x, e = Xt[s:s + batch], Et[s:s + batch]
            opt.zero_grad()
            h = net.body(x)
            mu, lv = net.mean(h), net.log_var(h)
            a = net.decoder(mu + torch.exp(0.5 * lv) * e)
            r = torch.nn.functional.binary_cross_entropy_with_logits(a, x, reduction="none").sum(1)
            kl = 0.5 * (mu ** 2 + lv.exp() - 1 - lv).sum(1)
            (r + kl).mean().backward()
            opt.step()
        return net.decoder[2].weight.detach().numpy()

    def close(a, b):
        rel = np.linalg.norm(a - b) / np.linalg.norm(b)
        assert rel < 0.05, f"decoder weights after one epoch differ from torch's by {rel:.1%}"

    return [
        Workload(f"BernoulliRBM.fit digits (1797x64), 256 hidden, {n_iter} iterations", digits, fit_ours, fit_sklearn,
                 "sklearn BernoulliRBM", check=same_weights, repeats=3),
        Workload(f"VAE one epoch {n}x784 float32, encoder 400, latent 20, Adam, batch 128", images, vae_epoch_ours,
                 vae_epoch_torch, "torch (CPU)", check=close, repeats=2),
    ]
