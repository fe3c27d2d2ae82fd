"""§11 neural networks: our autograd and optimisers against PyTorch (float64, weights copied in)."""
import numpy as np

from lucidml.verify.cases._common import scaled
from lucidml.verify.registry import case


def _networks(d):
    """A 2-layer tanh network of ours and its PyTorch twin with the same weights (PyTorch's names)."""
    import torch

    from lucidml.nn import Linear, Sequential, Tanh

    D, K = d.X.shape[1], len(np.unique(d.y))
    ours = Sequential(Linear(D, 16, dtype="float64", random_state=0), Tanh(),
                      Linear(16, K, dtype="float64", random_state=1))
    twin = torch.nn.Sequential(torch.nn.Linear(D, 16), torch.nn.Tanh(), torch.nn.Linear(16, K)).double()
    twin.load_state_dict({k: torch.tensor(v) for k, v in ours.state_dict().items()})
    return ours, twin


@case("autograd (Sequential, cross_entropy)", reference="torch.autograd", topic="nn",
      quantity="∂L/∂θ for every weight and bias (cross-entropy, 2-layer tanh net)",
      datasets=["iris", "wine", "digits"], tol=1e-10, relative=True,
      reason="the same float64 arithmetic in another order: rounding only, 1e-10 of the largest gradient",
      requires=["torch"])
def gradients(d):
    import torch

    from lucidml.nn import Tensor, functional as F

    ours, twin = _networks(d)
    X = scaled(d)
    F.cross_entropy(ours(Tensor(X, dtype=np.float64)), d.y).backward()
    torch.nn.functional.cross_entropy(twin(torch.tensor(X)), torch.tensor(d.y)).backward()
    return (np.concatenate([p.grad.ravel() for _, p in ours.named_parameters()]),
            np.concatenate([p.grad.numpy().ravel() for _, p in twin.named_parameters()]))


def _optimiser_case(name, kwargs):
    @case(name, reference=f"torch.optim.{name}", topic="nn",
          quantity=f"every parameter after 10 full-batch steps ({', '.join(f'{k}={v}' for k, v in kwargs.items())})",
          datasets=["iris", "wine"], tol=1e-9, relative=True,
          reason="the same update rule in float64 on the same gradients: rounding only", requires=["torch"])
    def compare(d):
        import torch

        from lucidml import nn
        from lucidml.nn import Tensor, functional as F

        ours, twin = _networks(d)
        X = scaled(d)
        opt = getattr(nn, name)(ours.parameters(), **kwargs)
        topt = getattr(torch.optim, name)(twin.parameters(), **kwargs)
        for _ in range(10):
            opt.zero_grad()
            F.cross_entropy(ours(Tensor(X, dtype=np.float64)), d.y).backward()
            opt.step()
            topt.zero_grad()
            torch.nn.functional.cross_entropy(twin(torch.tensor(X)), torch.tensor(d.y)).backward()
            topt.step()
        return (np.concatenate([p.data.ravel() for _, p in ours.named_parameters()]),
                np.concatenate([p.detach().numpy().ravel() for _, p in twin.named_parameters()]))
    return compare


for _name, _kwargs in [("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}), ("Adam", {"lr": 0.01}),
                       ("AdamW", {"lr": 0.01, "weight_decay": 0.1}), ("RMSprop", {"lr": 0.01, "momentum": 0.5})]:
    _optimiser_case(_name, _kwargs)
