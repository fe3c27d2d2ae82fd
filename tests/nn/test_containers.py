"""ModuleList / ModuleDict / register_buffer, and the trap they close: layers in a plain list."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml import io
from lucidml.nn import SGD, Linear, Module, ModuleDict, ModuleList, Parameter, ReLU, Sequential, Tensor
from lucidml.nn import functional as F
from lucidml.nn.modules import Flatten, Unflatten


class Stack(Module):
    def __init__(self, n=3):
        self.inp = Linear(2, 4, random_state=0, dtype="float64")
        self.blocks = ModuleList([Linear(4, 4, random_state=i, dtype="float64") for i in range(n)])
        self.out = Linear(4, 1, random_state=9, dtype="float64")

    def forward(self, x):
        x = self.inp(x)
        for block in self.blocks:
            x = F.relu(block(x))
        return self.out(x)


def test_old_trap_a_plain_list_of_layers_is_refused():
    # before: 2 of the 8 parameters were found and the three hidden layers never trained
    class Trap(Module):
        def __init__(self):
            self.first = Linear(2, 2)
            self.blocks = [Linear(2, 2), Linear(2, 2), Linear(2, 2)]

    with pytest.raises(TypeError, match=r"self\.blocks = ModuleList"):
        Trap()
    for value, container in [((Linear(2, 2),), "ModuleList"), ({"a": Linear(2, 2)}, "ModuleDict"),
                             ([Parameter(np.zeros(2))], "ModuleList")]:
        m = Module()
        with pytest.raises(TypeError, match=container):
            m.layers = value
    m = Module()
    m.sizes = [1, 2, 3]                      # a list of numbers is fine
    m.names = {"a": 1}


def test_module_list_names_train_and_save(tmp_path):
    net = Stack()
    names = [n for n, _ in net.named_parameters()]
    assert len(names) == 2 + 6 + 2 and "blocks.0.weight" in names and "blocks.2.bias" in names
    x, y = np.random.default_rng(0).normal(size=(8, 2)), np.ones((8, 1))
    before = net.blocks[1].weight.data.copy()
    opt = SGD(net.parameters(), lr=0.1)
    F.mse_loss(net(Tensor(x)), y).backward()
    opt.step()
    assert not np.allclose(before, net.blocks[1].weight.data)      # the hidden layers do train
    state = net.state_dict()
    assert "blocks.1.weight" in state
    fresh = Stack()
    fresh.blocks[1].weight.data[:] = 0
    fresh.load_state_dict(state)
    np.testing.assert_array_equal(fresh.blocks[1].weight.data, net.blocks[1].weight.data)


def test_module_list_behaves_like_a_list():
    ml = ModuleList([Linear(1, 1)])
    ml.append(ReLU())
    ml.extend([Linear(1, 2)])
    ml.insert(0, Linear(3, 1))
    assert len(ml) == 4 and isinstance(ml[0], Linear) and ml[0].in_features == 3
    assert isinstance(ml[-1], Linear) and ml[-1].out_features == 2
    assert len(ml[1:3]) == 2 and isinstance(ml[1:3], ModuleList)
    ml[1] = Linear(5, 5)
    assert ml[1].in_features == 5
    assert [n for n, _ in ml.named_parameters()][:2] == ["0.weight", "0.bias"]
    with pytest.raises(IndexError, match="out of range"):
        ml[10]
    with pytest.raises(TypeError, match="only hold Modules"):
        ml.append(np.zeros(2))
    with pytest.raises(TypeError, match="no forward"):
        ml(Tensor(np.zeros(1)))


def test_module_dict():
    heads = ModuleDict({"sentiment": Linear(4, 2), "topic": Linear(4, 5)})
    assert list(heads) == ["sentiment", "topic"] and "topic" in heads and len(heads) == 2
    assert heads["topic"].out_features == 5
    names = [n for n, _ in heads.named_parameters()]
    assert names == ["sentiment.weight", "sentiment.bias", "topic.weight", "topic.bias"]
    heads.update({"lang": Linear(4, 3)})
    del heads["sentiment"]
    assert heads.keys() == ["topic", "lang"]
    with pytest.raises(KeyError, match="no module named 'nope'"):
        heads["nope"]
    with pytest.raises(KeyError, match="identifiers"):
        heads["a.b"] = Linear(1, 1)
    with pytest.raises(KeyError, match="attribute"):
        heads["keys"] = Linear(1, 1)


def test_register_buffer_is_state_not_parameter():
    m = Module()
    m.register_buffer("mask", np.tril(np.ones((3, 3))))
    assert [n for n, _ in m.named_parameters()] == []
    assert [n for n, _ in m.named_buffers()] == ["mask"]
    assert set(m.state_dict()) == {"mask"}
    m.load_state_dict({"mask": np.zeros((3, 3))})
    assert m.mask.sum() == 0
    with pytest.raises(ValueError, match="shape"):
        m.load_state_dict({"mask": np.zeros((2, 2))})
    other = Module()                         # per instance: another module does not get it
    assert other.state_dict() == {}


def test_containers_round_trip_through_io(tmp_path):
    net = Sequential(Linear(3, 4, random_state=0), ReLU(), Linear(4, 2, random_state=1))
    holder = ModuleDict({"body": net, "extra": ModuleList([Linear(2, 2, random_state=3)])})
    io.save(holder, tmp_path / "m.npz")
    back = io.load(tmp_path / "m.npz")
    assert isinstance(back, ModuleDict) and isinstance(back["extra"], ModuleList)
    for (n1, p1), (n2, p2) in zip(holder.named_parameters(), back.named_parameters()):
        assert n1 == n2
        np.testing.assert_array_equal(p1.data, p2.data)


def test_flatten_unflatten():
    x = Tensor(np.arange(24.0).reshape(2, 3, 2, 2), requires_grad=True)
    y = Flatten()(x)
    assert y.shape == (2, 12)
    z = Unflatten(1, (3, 4))(y)
    assert z.shape == (2, 3, 4)
    z.sum().backward()
    np.testing.assert_array_equal(x.grad, np.ones((2, 3, 2, 2)))


def test_named_modules_apply_and_freeze():
    net = Stack(2)
    assert [n for n, _ in net.named_modules()] == ["", "inp", "blocks", "blocks.0", "blocks.1", "out"]
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen[-1] == "Stack" and seen.count("Linear") == 4
    net.blocks.requires_grad_(False)
    F.mse_loss(net(Tensor(np.ones((2, 2)))), np.zeros((2, 1))).backward()
    assert net.blocks[0].weight.grad is None and net.out.weight.grad is not None


def test_state_dict_from_another_architecture_is_refused():
    with pytest.raises(KeyError, match="different architecture"):
        Stack(3).load_state_dict(Stack(2).state_dict())
    wide = Stack()
    wide.out = Linear(4, 2)
    with pytest.raises(ValueError, match="different architecture"):
        Stack().load_state_dict(wide.state_dict())
