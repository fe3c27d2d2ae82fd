"""Parameter groups (vs torch), the Trainer's custom step, integer inputs, clipping, and
estimators that keep float32."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.nn import (SGD, Adam, AdamW, Embedding, Linear, MLPClassifier, MLPRegressor, Module, Sequential,
                        StepLR, Tensor, Trainer, TrainingDivergedError)
from lucidml.nn import functional as F

rng = np.random.default_rng(0)
X = rng.normal(size=(16, 4))
y = rng.integers(0, 3, 16)


def _network():
    return Sequential(Linear(4, 8, dtype="float64", random_state=0), Linear(8, 3, dtype="float64", random_state=1))


def _groups(net):
    decay = [p for n, p in net.named_parameters() if n.endswith("weight")]
    no_decay = [p for n, p in net.named_parameters() if n.endswith("bias")]
    return decay, no_decay


@pytest.mark.parametrize("opt_class", [AdamW, Adam, SGD])
def test_parameter_groups_match_torch(opt_class):
    torch = pytest.importorskip("torch")
    net = _network()
    twin = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Linear(8, 3)).double()
    twin.load_state_dict({k: torch.tensor(v) for k, v in net.state_dict().items()})
    decay, no_decay = _groups(net)
    opt = opt_class([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0, "lr": 0.05}],
                    lr=0.01)
    t_decay = [p for n, p in twin.named_parameters() if n.endswith("weight")]
    t_no = [p for n, p in twin.named_parameters() if n.endswith("bias")]
    topt = getattr(torch.optim, opt_class.__name__)(
        [{"params": t_decay, "weight_decay": 0.1}, {"params": t_no, "weight_decay": 0.0, "lr": 0.05}], lr=0.01)
    sched, tsched = StepLR(opt, 2, 0.5), torch.optim.lr_scheduler.StepLR(topt, 2, 0.5)
    for _ in range(6):
        opt.zero_grad()
        F.cross_entropy(net(Tensor(X)), y).backward()
        opt.step()
        sched.step()
        topt.zero_grad()
        torch.nn.functional.cross_entropy(twin(torch.tensor(X)), torch.tensor(y)).backward()
        topt.step()
        tsched.step()
    for (n, p), (_, t) in zip(net.named_parameters(), twin.named_parameters()):
        np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-10, atol=1e-12, err_msg=n)
    assert [g["lr"] for g in opt.param_groups] == pytest.approx([g["lr"] for g in topt.param_groups])


def test_parameter_group_errors():
    net = _network()
    decay, no_decay = _groups(net)
    with pytest.raises(ValueError, match="unknown options"):
        Adam([{"params": decay, "momentum": 0.9}])
    with pytest.raises(ValueError, match="more than one parameter group"):
        Adam([{"params": decay}, {"params": decay}])
    with pytest.raises(TypeError, match="'params' list"):
        Adam([{"weights": decay}])
    opt = Adam([{"params": decay}, {"params": no_decay}], lr=0.1)
    opt.lr = 0.2
    assert all(g["lr"] == 0.2 for g in opt.param_groups) and opt.betas == (0.9, 0.999)


def test_optimizer_checkpoint_keeps_group_rates():
    net = _network()
    decay, no_decay = _groups(net)
    opt = Adam([{"params": decay, "lr": 0.1}, {"params": no_decay, "lr": 0.01}])
    F.cross_entropy(net(Tensor(X)), y).backward()
    opt.step()
    again = Adam([{"params": decay, "lr": 0.5}, {"params": no_decay, "lr": 0.5}]).load_state_dict(opt.state_dict())
    assert [g["lr"] for g in again.param_groups] == [0.1, 0.01] and again.state[0]["step"] == 1


class BagOfIds(Module):
    """Mean of token embeddings -> linear: integer ids enter the network untouched."""

    def __init__(self):
        self.emb = Embedding(10, 4, random_state=0, dtype="float64")
        self.head = Linear(4, 2, random_state=1, dtype="float64")

    def forward(self, ids):
        assert ids.dtype == np.int64                       # the Trainer did not turn ids into floats
        return self.head(self.emb(ids).mean(axis=1))


def test_trainer_keeps_integer_inputs_and_targets():
    ids = np.random.default_rng(1).integers(0, 10, size=(40, 5))
    labels = (ids[:, 0] >= 5).astype(np.int64)
    net = BagOfIds()
    history = Trainer(net, F.cross_entropy, Adam(net.parameters(), lr=0.05), batch_size=8, max_epochs=30,
                      random_state=0).fit(ids, labels)
    assert history["loss"][-1] < 0.7 * history["loss"][0]


def test_custom_train_step_two_optimisers():
    # a GAN-shaped step: two models, two optimisers, two losses recorded per epoch
    g_net, d_net = Linear(2, 2, random_state=0, dtype="float64"), Linear(2, 1, random_state=1, dtype="float64")
    holder = Sequential(g_net, d_net)
    opt_g, opt_d = Adam(g_net.parameters(), lr=0.01), Adam(d_net.parameters(), lr=0.01)
    calls = []

    def step(trainer, inputs, y_batch):
        (x,) = inputs
        assert y_batch is None and trainer.optimizer == [opt_d, opt_g]
        opt_d.zero_grad()
        fake = g_net(x).detach()
        d_loss = F.binary_cross_entropy_with_logits(d_net(x), np.ones((len(x), 1))) + \
            F.binary_cross_entropy_with_logits(d_net(fake), np.zeros((len(x), 1)))
        d_loss.backward()
        opt_d.step()
        opt_g.zero_grad()
        g_loss = F.binary_cross_entropy_with_logits(d_net(g_net(x)), np.ones((len(x), 1)))
        g_loss.backward()
        opt_g.step()
        calls.append(len(x))
        return {"d_loss": d_loss.item(), "g_loss": g_loss.item()}

    data = np.random.default_rng(0).normal(size=(20, 2))
    history = Trainer(holder, None, [opt_d, opt_g], batch_size=8, max_epochs=3, train_step=step,
                      random_state=0).fit(data)
    assert calls == [8, 8, 4] * 3
    assert len(history["d_loss"]) == len(history["g_loss"]) == len(history["loss"]) == 3
    assert history["loss"] == history["d_loss"]


def test_trainer_clips_gradients_and_says_how():
    net = Linear(4, 1, dtype="float64", random_state=0)
    seen = []

    class Spy(SGD):
        def step(self):
            seen.append(float(np.sqrt(sum(np.sum(p.grad ** 2) for p in self.params))))
            super().step()

    big = X * 1e3
    Trainer(net, F.mse_loss, Spy(net.parameters(), lr=1e-9), batch_size=16, max_epochs=2,
            clip_grad_norm=0.5).fit(big, np.ones((16, 1)))
    assert max(seen) <= 0.5 + 1e-9
    with pytest.raises(TrainingDivergedError, match="clip_grad_norm"), np.errstate(all="ignore"):
        Trainer(net, F.mse_loss, SGD(net.parameters(), lr=1e3), batch_size=4, max_epochs=50).fit(X * 1e200,
                                                                                               np.ones((16, 1)))
    with pytest.raises(ValueError, match="loss, or a custom train_step"):
        Trainer(net, None, SGD(net.parameters()))


def test_trainer_takes_several_inputs():
    class Two(Module):
        def __init__(self):
            self.a, self.b = Linear(4, 1, random_state=0, dtype="float64"), Linear(2, 1, random_state=1, dtype="float64")

        def forward(self, x1, x2):
            return self.a(x1) + self.b(x2)

    x2 = rng.normal(size=(16, 2))
    target = X[:, :1] - x2[:, 1:]
    history = Trainer(Two(), F.mse_loss, Adam(Two().parameters(), lr=0.0), max_epochs=1).fit((X, x2), target)
    assert len(history["loss"]) == 1
    with pytest.raises(ValueError, match="different lengths"):
        Trainer(Two(), F.mse_loss, SGD(Two().parameters()), max_epochs=1).fit((X, x2[:3]), target)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("Est", [MLPClassifier, MLPRegressor])
def test_mlp_keeps_float32(Est):
    from sklearn.datasets import load_digits

    Xd, yd = load_digits(return_X_y=True)
    Xd = (Xd / 16.0)[:300]
    yd = yd[:300] if Est is MLPClassifier else yd[:300].astype(float)
    est32 = Est((16,), max_iter=5, random_state=0).fit(Xd.astype(np.float32), yd)
    est64 = Est((16,), max_iter=5, random_state=0).fit(Xd, yd)
    assert est32.network_[0].weight.dtype == np.float32 and est64.network_[0].weight.dtype == np.float64
    out32 = est32.predict_proba(Xd[:5]) if Est is MLPClassifier else est32.predict(Xd[:5])
    out64 = est64.predict_proba(Xd[:5]) if Est is MLPClassifier else est64.predict(Xd[:5])
    # same seed, same algorithm: the two precisions agree to float32's ~1e-7 relative error, grown over 5 epochs
    np.testing.assert_allclose(out32, out64, rtol=1e-3, atol=1e-3)
