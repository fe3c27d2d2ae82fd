"""Recurrent networks vs PyTorch (CPU): LSTM and GRU forward + backward, one epoch of the
character-level LSTM language model on the US Census surnames."""
from __future__ import annotations

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from lucidml.nn import Tensor
    from lucidml.nn.recurrent import GRU, LSTM

    T, B, I, H = (10, 8, 32, 128) if quick else (50, 64, 32, 128)
    rows = []

    def layer_workload(name, ours_cls, torch_name):
        def setup():
            import torch

            torch.manual_seed(0)
            ref = getattr(torch.nn, torch_name)(I, H)
            ours = ours_cls(I, H)
            ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
            x = np.random.default_rng(0).normal(size=(T, B, I)).astype(np.float32)
            return ours, ref, x

        def ours_run(data):
            ours, _, x = data
            ours.zero_grad()
            xt = Tensor(x, requires_grad=True)
            out, _ = ours(xt)
            out.sum().backward()
            return xt.grad, ours.weight_hh_l0.grad

        def torch_run(data):
            import torch

            _, ref, x = data
            ref.zero_grad()
            xt = torch.tensor(x, requires_grad=True)
            out, _ = ref(xt)
            out.sum().backward()
            return xt.grad.numpy(), ref.weight_hh_l0.grad.numpy()

        def check(a, b):
            for u, v in zip(a, b):                       # float32 round-off over T steps
                np.testing.assert_allclose(u, v, rtol=1e-3, atol=1e-3)

        flops = 2 * 3 * T * B * (I + H) * H * {"LSTM": 4, "GRU": 3}[torch_name]
        return Workload(f"{name} T={T} B={B} I={I} H={H} fwd+bwd (float32)", setup, ours_run, torch_run,
                        "torch CPU", check, flops)

    rows.append(layer_workload("LSTM", LSTM, "LSTM"))
    rows.append(layer_workload("GRU", GRU, "GRU"))

    n_names, batch = (1_000 if quick else None), 256

    def setup_epoch():
        from lucidml.datasets.census_names import load_names
        from lucidml.nn.char_rnn import _vocabulary, encode_names
        from lucidml.nn.models.char_rnn import CharRNNNet

        names = load_names("last")
        names = names[:n_names] if n_names else names
        order = np.random.default_rng(0).permutation(len(names))
        vocab = _vocabulary(names)
        X, Y = encode_names([names[i] for i in order], vocab)
        init = CharRNNNet(len(vocab), 32, 128, cell="lstm", random_state=0).state_dict()
        return X, Y, len(vocab), init

    def batches(X, Y):
        for s in range(0, len(X), batch):
            y = Y[s:s + batch]
            t = int((y != -100).sum(axis=1).max())
            yield X[s:s + batch, :t], y[:, :t]

    def ours_epoch(data):
        from lucidml.nn import functional as F
        from lucidml.nn.clipping import clip_grad_norm_
        from lucidml.nn.models.char_rnn import CharRNNNet
        from lucidml.nn.optim import Adam

        X, Y, V, init = data
        net = CharRNNNet(V, 32, 128, cell="lstm").load_state_dict(init)
        opt = Adam(net.parameters(), lr=0.01)
        for x, y in batches(X, Y):
            opt.zero_grad()
            logits, _ = net(Tensor(x))
            F.cross_entropy(logits.reshape(-1, V), y.reshape(-1), ignore_index=-100).backward()
            clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
        return net.head.weight.data

    def torch_epoch(data):
        import torch

        X, Y, V, init = data

        class Net(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.embedding = torch.nn.Embedding(V, 32)
                self.rnn = torch.nn.LSTM(32, 128, batch_first=True)
                self.head = torch.nn.Linear(128, V)

            def forward(self, x):
                return self.head(self.rnn(self.embedding(x))[0])

        net = Net()
        net.load_state_dict({k: torch.from_numpy(v) for k, v in init.items()})
        opt = torch.optim.Adam(net.parameters(), lr=0.01)
        for x, y in batches(X, Y):
            opt.zero_grad()
            logits = net(torch.from_numpy(x))
            torch.nn.functional.cross_entropy(logits.reshape(-1, V), torch.from_numpy(y).reshape(-1),
                                              ignore_index=-100).backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
        return net.head.weight.detach().numpy()

    def close(a, b):
        rel = np.linalg.norm(a - b) / np.linalg.norm(b)
        assert rel < 0.05, f"head weights after one epoch differ from torch's by {rel:.1%}"

    rows.append(Workload(f"char LSTM-128 language model, one epoch on {n_names or 'all 88,799'} surnames",
                         setup_epoch, ours_epoch, torch_epoch, "torch CPU", close, repeats=1))
    return rows
