"""Optimisers and schedules: ten steps on the same network, data and initial weights equal
PyTorch's weights (float64, to 1e-6; in practice ~1e-14)."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.nn import (SGD, Adam, AdamW, CosineAnnealingLR, Linear, Parameter, RMSprop, Sequential, StepLR, Tanh,
                        Tensor)
from lucidml.nn import functional as F

rng = np.random.default_rng(0)
X = rng.normal(size=(16, 4))
y = rng.integers(0, 3, 16)

CONFIGS = [
    ("SGD", SGD, dict(lr=0.1)),
    ("SGD-momentum", SGD, dict(lr=0.1, momentum=0.9)),
    ("SGD-nesterov-wd", SGD, dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("Adam", Adam, dict(lr=0.01)),
    ("Adam-wd", Adam, dict(lr=0.01, betas=(0.8, 0.99), weight_decay=0.1)),
    ("AdamW", AdamW, dict(lr=0.01, weight_decay=0.1)),
    ("RMSprop", RMSprop, dict(lr=0.01)),
    ("RMSprop-momentum-centered", RMSprop, dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.01)),
]


def _network():
    return Sequential(Linear(4, 8, dtype="float64", random_state=0), Tanh(),
                      Linear(8, 3, dtype="float64", random_state=1))


def _torch_twin(net):
    import torch
    twin = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3)).double()
    with torch.no_grad():
        for (_, p), (_, t) in zip(net.named_parameters(), twin.named_parameters()):
            t.copy_(torch.tensor(p.data))
    return twin


def _train_ours(opt_class, kwargs, steps=10, schedule=None):
    net = _network()
    opt = opt_class(net.parameters(), **kwargs)
    sched = schedule(opt) if schedule else None
    for _ in range(steps):
        opt.zero_grad()
        F.cross_entropy(net(Tensor(X)), y).backward()
        opt.step()
        if sched:
            sched.step()
    return net


@pytest.mark.parametrize("name, opt_class, kwargs", CONFIGS, ids=[c[0] for c in CONFIGS])
def test_ten_steps_match_torch(name, opt_class, kwargs):
    torch = pytest.importorskip("torch")
    net = _network()
    twin = _torch_twin(net)
    ours = _train_ours(opt_class, kwargs)
    topt = getattr(torch.optim, opt_class.__name__)(twin.parameters(), **kwargs)
    for _ in range(10):
        topt.zero_grad()
        torch.nn.functional.cross_entropy(twin(torch.tensor(X)), torch.tensor(y)).backward()
        topt.step()
    for (_, p), (_, t) in zip(ours.named_parameters(), twin.named_parameters()):
        np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-6, atol=1e-9)
    assert not np.allclose(ours[0].weight.data, _network()[0].weight.data)   # it did move


@pytest.mark.parametrize("schedule, torch_schedule", [
    (lambda o: StepLR(o, step_size=3, gamma=0.5), lambda o, t: t.optim.lr_scheduler.StepLR(o, 3, 0.5)),
    (lambda o: CosineAnnealingLR(o, T_max=7, eta_min=0.001),
     lambda o, t: t.optim.lr_scheduler.CosineAnnealingLR(o, 7, 0.001)),
], ids=["step", "cosine"])
def test_schedules_match_torch(schedule, torch_schedule):
    torch = pytest.importorskip("torch")
    p = Parameter(np.zeros(1))
    opt = SGD([p], lr=0.1)
    sched = schedule(opt)
    tp = torch.nn.Parameter(torch.zeros(1))
    topt = torch.optim.SGD([tp], lr=0.1)
    tsched = torch_schedule(topt, torch)
    for _ in range(12):
        topt.step()
        sched.step(), tsched.step()
        assert opt.lr == pytest.approx(topt.param_groups[0]["lr"], rel=1e-12, abs=1e-15)
    net = _train_ours(Adam, dict(lr=0.01), schedule=schedule)       # a schedule inside training
    assert np.isfinite(net[0].weight.data).all()


def test_toy_by_hand():
    # L = ½ θ², g = θ. SGD lr 0.5 from θ = 4: 4 → 2 → 1.  Momentum 0.5: v = 4, θ = 2; v = 0.5·4 + 2 = 4, θ = 0
    for momentum, expected in [(0.0, [2.0, 1.0]), (0.5, [2.0, 0.0])]:
        theta = Parameter(np.array([4.0]))
        opt = SGD([theta], lr=0.5, momentum=momentum)
        seen = []
        for _ in range(2):
            opt.zero_grad()
            (0.5 * theta * theta).sum().backward()
            opt.step()
            seen.append(theta.item())
        assert seen == expected
    # Adam's first step is lr·sign(g) (m̂ = g, √ŝ = |g|), whatever the gradient's scale
    theta = Parameter(np.array([4.0, -3.0]))
    opt = Adam([theta], lr=0.1, eps=0.0)
    theta.grad = np.array([1000.0, -0.001])
    opt.step()
    np.testing.assert_allclose(theta.data, [3.9, -2.9])


def test_property_optimiser_state_round_trip():
    """Saving and restoring an optimiser mid-run gives the identical continuation."""
    for opt_class, kwargs in [(Adam, dict(lr=0.01)), (SGD, dict(lr=0.1, momentum=0.9)),
                              (RMSprop, dict(lr=0.01, momentum=0.5, centered=True))]:
        a = _network()
        opt_a = opt_class(a.parameters(), **kwargs)
        for _ in range(3):
            opt_a.zero_grad(), F.cross_entropy(a(Tensor(X)), y).backward(), opt_a.step()
        b = _network().load_state_dict(a.state_dict())
        opt_b = opt_class(b.parameters(), **kwargs).load_state_dict(opt_a.state_dict())
        for net, opt in [(a, opt_a), (b, opt_b)]:
            for _ in range(3):
                opt.zero_grad(), F.cross_entropy(net(Tensor(X)), y).backward(), opt.step()
        for (_, p), (_, q) in zip(a.named_parameters(), b.named_parameters()):
            np.testing.assert_array_equal(p.data, q.data)


def test_bad_input():
    with pytest.raises(ValueError, match="no parameters"):
        SGD([], lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        Adam(_network().parameters(), lr=-1.0)
    with pytest.raises(ValueError, match="nesterov"):
        SGD(_network().parameters(), lr=0.1, nesterov=True)
