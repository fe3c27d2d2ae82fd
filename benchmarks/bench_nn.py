"""Neural networks: one epoch of an MLP vs PyTorch (CPU), MLPClassifier.fit vs scikit-learn."""
from __future__ import annotations

import warnings

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from lucidml.nn import Adam, Linear, MLPClassifier, ReLU, Sequential, Tensor
    from lucidml.nn import functional as F

    n = 2_000 if quick else 60_000
    batch = 128
    rng = np.random.default_rng(0)

    def data_epoch():
        X = rng.normal(size=(n, 784)).astype(np.float32)
        y = rng.integers(0, 10, n)
        init = Sequential(Linear(784, 256, random_state=1), ReLU(), Linear(256, 10, random_state=2)).state_dict()
        return X, y, init

    def ours_epoch(data):
        """784-256-10 ReLU, Adam, batches of 128 in order (no shuffle, so both sides see the same batches)."""
        X, y, init = data
        net = Sequential(Linear(784, 256), ReLU(), Linear(256, 10)).load_state_dict(init)
        opt = Adam(net.parameters(), lr=1e-3)
        for start in range(0, n, batch):
            opt.zero_grad()
            F.cross_entropy(net(Tensor(X[start:start + batch])), y[start:start + batch]).backward()
            opt.step()
        return net.state_dict()["2.weight"]

    def torch_epoch(data):
        import torch

        X, y, init = data
        net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
        net.load_state_dict({k: torch.from_numpy(v) for k, v in init.items()})
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
        for start in range(0, n, batch):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(Xt[start:start + batch]), yt[start:start + batch]).backward()
            opt.step()
        return net[2].weight.detach().numpy()

    def close_weights(a, b):
        # float32, hundreds of Adam steps on random labels: the same trajectory up to rounding,
        # which Adam's per-weight normalisation amplifies for weights whose gradient is ~0
        rel = np.linalg.norm(a - b) / np.linalg.norm(b)
        assert rel < 0.05, f"weights after one epoch differ from torch's by {rel:.1%}"

    def data_digits():
        from sklearn.datasets import load_digits
        from sklearn.preprocessing import StandardScaler

        X, y = load_digits(return_X_y=True)
        return StandardScaler().fit_transform(X), y

    epochs = 3 if quick else 30
    kw = dict(hidden_layer_sizes=(100,), max_iter=epochs, tol=0.0, n_iter_no_change=10_000, random_state=0)

    def fit_ours(d):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return MLPClassifier(**kw).fit(*d).n_iter_

    def fit_sklearn(d):
        from sklearn.neural_network import MLPClassifier as SkMLP

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return SkMLP(**kw).fit(*d).n_iter_

    def same_epochs(a, b):
        assert a == b == epochs, f"epochs differ: {a} vs {b}"

    def estimator_epoch(data):
        """The estimator itself on float32 data: it trains in float32 (shuffled batches of 128)."""
        X, y, _ = data
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf = MLPClassifier((256,), batch_size=batch, max_iter=1, alpha=0.0, random_state=0).fit(X, y)
        return clf.coefs_[1].T

    def torch_shuffled_epoch(data):
        """The same network in PyTorch, shuffled batches of 128, as the estimator trains."""
        import torch

        X, y, init = data
        torch.manual_seed(0)
        net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
        for idx in torch.randperm(n).split(batch):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(Xt[idx]), yt[idx]).backward()
            opt.step()
        return net[2].weight.detach().numpy()

    def both_float32(a, b):
        assert a.dtype == b.dtype == np.float32, f"dtypes {a.dtype} and {b.dtype}: the estimator left float32"

    flops = 6.0 * n * (784 * 256 + 256 * 10)         # forward + two backward products per layer
    return [
        Workload(f"MLP 784-256-10 one epoch, {n} samples, Adam, batch 128, float32", data_epoch,
                 ours_epoch, torch_epoch, "torch (CPU)", check=close_weights, flops=flops, repeats=2),
        Workload(f"MLPClassifier.fit {n}x784 float32, 256 hidden, one epoch, Adam, batch 128", data_epoch,
                 estimator_epoch, torch_shuffled_epoch, "torch (CPU)", check=both_float32, flops=flops, repeats=2),
        Workload(f"MLPClassifier.fit digits (1797x64), 100 hidden, {epochs} epochs", data_digits,
                 fit_ours, fit_sklearn, "sklearn MLPClassifier", check=same_epochs, repeats=3),
    ]
