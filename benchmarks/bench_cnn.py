"""Convolutional layers: Conv2d forward+backward and one epoch of a small CNN, vs PyTorch (CPU).

Both sides run in this process with their default thread pools (as bench_nn.py: one thread
per core; lucidml's convolution splits the batch over them with BLAS on one thread, PyTorch
uses its intra-op pool), in float32, from the same initial weights. On a machine shared
with other work, waking threads costs both sides more than the arithmetic does, so the
ratios move with the load.
"""
from __future__ import annotations

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from lucidml.nn import Adam, Linear, Tensor
    from lucidml.nn import functional as F
    from lucidml.nn.conv import Conv2d
    from lucidml.nn.functional_conv import max_pool2d

    rng = np.random.default_rng(0)

    # -- (1) one Conv2d layer, forward and backward -------------------------------------------------
    N, C_in, H, C_out = (8, 16, 16, 32) if quick else (64, 16, 32, 32)

    def data_layer():
        x = rng.normal(size=(N, C_in, H, H)).astype(np.float32)
        g = rng.normal(size=(N, C_out, H, H)).astype(np.float32)          # ∂L/∂y, given
        init = Conv2d(C_in, C_out, 3, padding=1, random_state=0).state_dict()
        return x, g, init

    def ours_layer(data):
        x, g, init = data
        conv = Conv2d(C_in, C_out, 3, padding=1).load_state_dict(init)
        xt = Tensor(x, requires_grad=True)
        conv(xt).backward(g)
        return xt.grad, conv.weight.grad, conv.bias.grad

    def torch_layer(data):
        import torch

        x, g, init = data
        conv = torch.nn.Conv2d(C_in, C_out, 3, padding=1)
        conv.load_state_dict({k: torch.from_numpy(v) for k, v in init.items()})
        xt = torch.from_numpy(x).requires_grad_()
        conv(xt).backward(torch.from_numpy(g))
        return xt.grad.numpy(), conv.weight.grad.numpy(), conv.bias.grad.numpy()

    def same_gradients(a, b):
        for name, u, v in zip(("input", "weight", "bias"), a, b):
            rel = np.linalg.norm(u - v) / np.linalg.norm(v)
            assert rel < 1e-5, f"Conv2d {name} gradient differs from torch's by {rel:.1e}"

    # -- (2) one training epoch of Conv2d(1,8,3)-ReLU-MaxPool2d(2)-flatten-Linear(1352,10) ----------
    n, batch = (512 if quick else 10_000), 128

    def data_epoch():
        X = rng.random(size=(n, 1, 28, 28), dtype=np.float32)
        y = rng.integers(0, 10, n)
        init = {"conv." + k: v for k, v in Conv2d(1, 8, 3, random_state=1).state_dict().items()}
        init.update({"fc." + k: v for k, v in Linear(1352, 10, random_state=2).state_dict().items()})
        return X, y, init

    def ours_epoch(data):
        """Batches of 128 in order (no shuffle, so both sides see the same batches)."""
        X, y, init = data
        conv = Conv2d(1, 8, 3).load_state_dict({k[5:]: v for k, v in init.items() if k.startswith("conv.")})
        fc = Linear(1352, 10).load_state_dict({k[3:]: v for k, v in init.items() if k.startswith("fc.")})
        opt = Adam(conv.parameters() + fc.parameters(), lr=1e-3)
        for start in range(0, n, batch):
            xb = Tensor(X[start:start + batch])
            h = max_pool2d(F.relu(conv(xb)), 2)                              # (B, 8, 13, 13)
            logits = fc(h.reshape(h.shape[0], -1))                           # (B, 1352) -> (B, 10)
            opt.zero_grad()
            F.cross_entropy(logits, y[start:start + batch]).backward()
            opt.step()
        return fc.weight.data

    def torch_epoch(data):
        import torch

        X, y, init = data
        conv, fc = torch.nn.Conv2d(1, 8, 3), torch.nn.Linear(1352, 10)
        conv.load_state_dict({k[5:]: torch.from_numpy(v) for k, v in init.items() if k.startswith("conv.")})
        fc.load_state_dict({k[3:]: torch.from_numpy(v) for k, v in init.items() if k.startswith("fc.")})
        opt = torch.optim.Adam(list(conv.parameters()) + list(fc.parameters()), lr=1e-3)
        Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
        TF = torch.nn.functional
        for start in range(0, n, batch):
            h = TF.max_pool2d(TF.relu(conv(Xt[start:start + batch])), 2)
            logits = fc(h.reshape(h.shape[0], -1))
            opt.zero_grad()
            TF.cross_entropy(logits, yt[start:start + batch]).backward()
            opt.step()
        return fc.weight.detach().numpy()

    def close_weights(a, b):
        # float32 and Adam's per-weight normalisation: the same trajectory up to rounding
        rel = np.linalg.norm(a - b) / np.linalg.norm(b)
        assert rel < 0.05, f"weights after one epoch differ from torch's by {rel:.1%}"

    layer_flops = 3 * 2.0 * N * C_out * C_in * 9 * H * H                 # forward, ∂W and ∂x products
    return [
        Workload(f"Conv2d forward+backward ({N}, {C_in}, {H}, {H}) -> {C_out} filters 3x3, padding 1, float32",
                 data_layer, ours_layer, torch_layer, "torch (CPU)", check=same_gradients, flops=layer_flops,
                 repeats=5),
        Workload(f"CNN Conv2d(1,8,3)-ReLU-MaxPool2d(2)-Linear(1352,10) one epoch, {n} images 28x28, Adam, "
                 "batch 128, float32", data_epoch, ours_epoch, torch_epoch, "torch (CPU)", check=close_weights,
                 repeats=3),
    ]
