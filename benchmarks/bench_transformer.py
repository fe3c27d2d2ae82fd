"""Transformers: MultiheadAttention and an encoder layer (forward + backward), a GPT training
step vs the same model in PyTorch (CPU), and GPT generation with vs without the KV cache."""
from __future__ import annotations

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from lucidml.nn import AdamW, Tensor
    from lucidml.nn.attention import MultiheadAttention
    from lucidml.nn.models.gpt import GPT, lm_loss
    from lucidml.nn.transformer import TransformerEncoderLayer

    B, T, E, h = (4, 16, 32, 4) if quick else (32, 32, 128, 4)
    rng = np.random.default_rng(0)
    G = rng.normal(size=(B, T, E)).astype(np.float32)   # L = Σ G ⊙ y (Σ y² after a LayerNorm is constant)

    def torch_mha():
        import torch

        torch.manual_seed(0)
        return torch.nn.MultiheadAttention(E, h, batch_first=True)

    def data_mha():
        x = rng.normal(size=(B, T, E)).astype(np.float32)
        ref = torch_mha()
        ours = MultiheadAttention(E, h, batch_first=True)
        ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
        return x, ours, ref

    def ours_mha(d):
        x, ours, _ = d
        ours.zero_grad()
        X = Tensor(x, requires_grad=True)
        y, _ = ours(X, X, X, need_weights=False, is_causal=True)
        (y * G).sum().backward()
        return ours.in_proj_weight.grad

    def torch_mha_step(d):
        import torch

        x, _, ref = d
        ref.zero_grad()
        X = torch.tensor(x, requires_grad=True)
        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
        y, _ = ref(X, X, X, need_weights=False, attn_mask=mask)
        (y * torch.from_numpy(G)).sum().backward()
        return ref.in_proj_weight.grad.numpy()

    def data_layer():
        import torch

        x = rng.normal(size=(B, T, E)).astype(np.float32)
        torch.manual_seed(0)
        ref = torch.nn.TransformerEncoderLayer(E, h, 4 * E, dropout=0.0, batch_first=True)
        ours = TransformerEncoderLayer(E, h, 4 * E, dropout=0.0, batch_first=True)
        ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
        return x, ours, ref

    def ours_layer(d):
        x, ours, _ = d
        ours.zero_grad()
        y = ours(Tensor(x, requires_grad=True))
        (y * G).sum().backward()
        return ours.linear1.weight.grad

    def torch_layer(d):
        import torch

        x, _, ref = d
        ref.zero_grad()
        y = ref(torch.tensor(x, requires_grad=True))
        (y * torch.from_numpy(G)).sum().backward()
        return ref.linear1.weight.grad.numpy()

    def close(a, b):
        # float32, sums of B·T terms in another order: relative error ~1e-6
        rel = np.linalg.norm(a - b) / np.linalg.norm(b)
        assert rel < 1e-4, f"gradients differ from torch's by {rel:.2e}"

    # -- GPT: one training step (forward, backward, AdamW) ------------------------------------
    V, L, C, H, ctx, batch = (32, 2, 32, 4, 16, 8) if quick else (64, 4, 128, 4, 32, 32)

    def data_gpt():
        ids = rng.integers(0, V, (batch, ctx + 1))               # ctx inputs, ctx next-token targets
        init = GPT(V, ctx, L, H, C, random_state=0).state_dict()
        return ids, init

    def ours_gpt(d):
        ids, init = d
        model = GPT(V, ctx, L, H, C).load_state_dict(init)
        opt = AdamW(model.parameters(), lr=1e-3)
        for _ in range(3):
            opt.zero_grad()
            loss = lm_loss(model(ids[:, :-1]), ids[:, 1:])
            loss.backward()
            opt.step()
        return loss.item()

    def torch_gpt(d):
        import torch

        ids, init = d
        model = _torch_gpt(torch, V, ctx, L, H, C)
        model.load_state_dict({k: torch.tensor(v) for k, v in init.items()})
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
        x, y = torch.tensor(ids[:, :-1]), torch.tensor(ids[:, 1:])
        for _ in range(3):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x).reshape(-1, V), y.reshape(-1))
            loss.backward()
            opt.step()
        return loss.item()

    def same_loss(a, b):
        assert abs(a - b) < 1e-3 * abs(b), f"losses after 3 steps differ: {a} vs {b}"

    # -- generation: KV cache vs recomputing the context ------------------------------------------------
    n_new = 16 if quick else 64

    def data_gen():
        return GPT(V, 128, L, H, C, random_state=0)

    def gen_cached(model):
        return model.generate(np.ones((1, 1), dtype=np.int64), n_new, random_state=0, use_cache=True)

    def gen_uncached(model):
        return model.generate(np.ones((1, 1), dtype=np.int64), n_new, random_state=0, use_cache=False)

    def same_tokens(a, b):
        np.testing.assert_array_equal(a, b)

    return [
        Workload(f"MultiheadAttention fwd+bwd, causal, B={B} T={T} E={E} h={h}, float32", data_mha, ours_mha,
                 torch_mha_step, "torch (CPU)", check=close, repeats=5),
        Workload(f"TransformerEncoderLayer fwd+bwd, B={B} T={T} d={E} ff={4 * E}, float32", data_layer, ours_layer,
                 torch_layer, "torch (CPU)", check=close, repeats=5),
        Workload(f"GPT {L} layers {H} heads d={C} ctx={ctx} batch={batch}: 3 AdamW steps, float32", data_gpt,
                 ours_gpt, torch_gpt, "torch (CPU)", check=same_loss, repeats=3),
        Workload(f"GPT generate {n_new} tokens: KV cache (lucidml column) vs recomputing (reference column)",
                 data_gen, gen_cached, gen_uncached, "lucidml, no cache", check=same_tokens, repeats=3),
    ]


def _torch_gpt(torch, V, ctx, L, H, C):
    """nanoGPT in torch with lucidml's parameter names (pre-norm, GELU, tied head)."""
    nn, Fn = torch.nn, torch.nn.functional

    class Attn(nn.Module):
        def __init__(self):
            super().__init__()
            self.c_attn, self.c_proj = nn.Linear(C, 3 * C), nn.Linear(C, C)

        def forward(self, x):
            B, T, _ = x.shape
            q, k, v = (t.view(B, T, H, C // H).transpose(1, 2) for t in self.c_attn(x).split(C, 2))
            return self.c_proj(Fn.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, T, C))

    class Mlp(nn.Module):
        def __init__(self):
            super().__init__()
            self.c_fc, self.c_proj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)

        def forward(self, x):
            return self.c_proj(Fn.gelu(self.c_fc(x)))

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1, self.attn, self.ln_2, self.mlp = nn.LayerNorm(C), Attn(), nn.LayerNorm(C), Mlp()

        def forward(self, x):
            x = x + self.attn(self.ln_1(x))
            return x + self.mlp(self.ln_2(x))

    class Twin(nn.Module):
        def __init__(self):
            super().__init__()
            self.transformer = nn.ModuleDict(dict(wte=nn.Embedding(V, C), wpe=nn.Embedding(ctx, C),
                                                  h=nn.ModuleList([Block() for _ in range(L)]), ln_f=nn.LayerNorm(C)))

        def forward(self, idx):
            tr = self.transformer
            x = tr.wte(idx) + tr.wpe(torch.arange(idx.shape[1]))
            for b in tr.h:
                x = b(x)
            return tr.ln_f(x) @ tr.wte.weight.T

    return Twin()
