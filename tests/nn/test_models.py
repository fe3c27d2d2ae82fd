"""The course's CNNs: shapes, io round trips, and each idea's block against a PyTorch twin
with the same parameter names (float64, outputs and every gradient)."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml import io
from lucidml.nn import Tensor
from lucidml.nn.models import VGG, BasicBlock, InceptionBlock, InceptionNet, LeNet5, ResNet

rng = np.random.default_rng(0)


@pytest.mark.parametrize("net, x_shape", [
    (LeNet5(1, 10, (8, 8), random_state=0), (3, 1, 8, 8)),
    (LeNet5(1, 10, (28, 28), kernel_size=5, random_state=0), (2, 1, 28, 28)),
    (VGG(3, 4, (8, 8), widths=(8, 16), random_state=0), (3, 3, 8, 8)),
    (VGG(1, 4, (8, 8), widths=(8,), overlapping_pool=True, random_state=0), (3, 1, 8, 8)),
    (VGG(1, 3, (1, 12), widths=(4, 8), random_state=0), (3, 1, 1, 12)),       # a 1 × D signal
    (ResNet(1, 5, widths=(4, 8), blocks_per_stage=1, random_state=0), (2, 1, 8, 8)),
    (InceptionNet(1, 5, width=8, random_state=0), (2, 1, 8, 8)),
])
def test_shapes_gradients_and_round_trip(net, x_shape, tmp_path):
    x = Tensor(rng.normal(size=x_shape).astype(np.float32))
    out = net(x)
    assert out.shape == (x_shape[0], net.n_classes) and out.dtype == np.float32
    out.sum().backward()
    assert all(p.grad is not None for p in net.parameters())          # every layer is reachable
    net.eval()
    io.save(net, tmp_path / "net.npz")
    back = io.load(tmp_path / "net.npz").eval()
    np.testing.assert_array_equal(back(x).data, net(x).data)


def _torch_twin(kind, torch):
    nn = torch.nn

    class CBR(nn.Module):
        def __init__(self, i, o, k, s=1, relu=True):
            super().__init__()
            self.conv = nn.Conv2d(i, o, k, stride=s, padding=k // 2, bias=False)
            self.bn = nn.BatchNorm2d(o)
            self.relu = relu

        def forward(self, x):
            x = self.bn(self.conv(x))
            return torch.relu(x) if self.relu else x

    class Block(nn.Module):
        def __init__(self, i, o, s):
            super().__init__()
            self.body = nn.Sequential(CBR(i, o, 3, s), CBR(o, o, 3, 1, relu=False))
            self.shortcut = nn.Sequential(nn.Conv2d(i, o, 1, stride=s, bias=False), nn.BatchNorm2d(o)) \
                if (s != 1 or i != o) else None

        def forward(self, x):
            return torch.relu((x if self.shortcut is None else self.shortcut(x)) + self.body(x))

    class Inception(nn.Module):
        def __init__(self):
            super().__init__()
            self.branch1 = CBR(4, 2, 1)
            self.branch3 = nn.Sequential(CBR(4, 2, 1), CBR(2, 3, 3))
            self.branch5 = nn.Sequential(CBR(4, 1, 1), CBR(1, 2, 5))
            self.branch_pool = nn.Sequential(nn.MaxPool2d(3, 1, 1), CBR(4, 1, 1))

        def forward(self, x):
            return torch.cat([self.branch1(x), self.branch3(x), self.branch5(x), self.branch_pool(x)], 1)

    return {"identity": lambda: Block(4, 4, 1), "projection": lambda: Block(4, 6, 2), "inception": Inception}[kind]()


@pytest.mark.parametrize("kind", ["identity", "projection", "inception"])
@pytest.mark.parametrize("training", [True, False])
def test_blocks_match_torch(kind, training):
    torch = pytest.importorskip("torch")
    ref = _torch_twin(kind, torch).double()
    ours = {"identity": lambda: BasicBlock(4, 4, 1, dtype="float64"),
            "projection": lambda: BasicBlock(4, 6, 2, dtype="float64"),
            "inception": lambda: InceptionBlock(4, 2, 2, 3, 1, 2, 1, dtype="float64")}[kind]()
    # torch's running stats move in training mode: give both the same non-trivial state first
    with torch.no_grad():
        for m in ref.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    ref.train(training)
    ours.train(training)
    x = rng.normal(size=(3, 4, 6, 6))
    xt = torch.tensor(x, requires_grad=True)
    xo = Tensor(x.copy(), requires_grad=True, dtype=np.float64)
    out_t, out_o = ref(xt), ours(xo)
    w = rng.normal(size=out_o.shape)
    (out_t * torch.tensor(w)).sum().backward()
    (out_o * w).sum().backward()
    # float64 through 2-4 convolutions and batch norms: agreement to ~1e-13; 1e-10 leaves room
    np.testing.assert_allclose(out_o.data, out_t.detach().numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(xo.grad, xt.grad.numpy(), rtol=1e-10, atol=1e-10)
    ref_params = dict(ref.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, ref_params[name].grad.numpy(), rtol=1e-9, atol=1e-10, err_msg=name)
    ref_buffers = dict(ref.named_buffers())
    for name, b in ours.named_buffers():                  # running statistics updated identically
        np.testing.assert_allclose(b, ref_buffers[name].numpy(), rtol=1e-12, atol=1e-12, err_msg=name)


def test_plain_stack_has_no_shortcuts():
    plain = ResNet(1, 3, widths=(4, 8), blocks_per_stage=1, residual=False, random_state=0)
    assert all(block.shortcut is None for block in plain.blocks)
    residual = ResNet(1, 3, widths=(4, 8), blocks_per_stage=1, random_state=0)
    assert residual.blocks[1].shortcut is not None               # width 4 -> 8 with stride 2: a projection
    assert len(plain.parameters()) < len(residual.parameters())
