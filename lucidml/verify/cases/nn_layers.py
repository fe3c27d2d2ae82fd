"""§11–§13 neural layers against PyTorch: convolution, pooling, batch norm, embedding, recurrent,
attention and transformer layers in float64, with PyTorch's weights loaded by name.

Each case runs the layer forward on real data, back-propagates the same random projection of
its output through both libraries, and compares the output, the input's gradient and every
parameter's gradient at once (one concatenated vector). The inputs are small pieces of real
data: 8 × 8 digits and 8 × 8 blocks of scikit-learn's photographs as images (and as sequences
of 8 rows of 8 pixels for the recurrent and attention layers), the Nile and sunspot series as
1-D signals, quantised pixels as token ids.
"""
import numpy as np

from lucidml.verify.registry import case

_TOL = 1e-10
_REASON = ("the same float64 arithmetic in another order (the same weights, loaded into PyTorch by name): "
           "rounding only, 1e-10 of the largest value compared")


def _images(d, n=12):
    """(n, 8, 8) images in [0, 1]: the first digits, or 8 × 8 blocks from the top of a photograph."""
    if d.task == "image":
        H, W = d.X.shape
        blocks = d.X[:H - H % 8, :W - W % 8].reshape(H // 8, 8, W // 8, 8).transpose(0, 2, 1, 3).reshape(-1, 8, 8)
        return blocks[::max(1, len(blocks) // n)][:n]
    return d.X[:n].reshape(n, 8, 8) / 16.0


def _signal(d, n=64):
    """(1, 2, n): the series (standardised) and its first difference as two channels."""
    y = (d.y - d.y.mean()) / d.y.std()
    return np.stack([y[1:n + 1], np.diff(y)[:n]])[None]


def _compare(ours, ref, *inputs, forward=None, seed=0):
    """Outputs, ∂/∂input and ∂/∂θ of Σ_k Σ G_k ⊙ output_k for seeded random G_k, ours and PyTorch's,
    each concatenated into one vector.

    ``inputs`` are NumPy arrays; float arrays get gradients, integer ones (token ids) do not.
    ``forward(module, *inputs)`` returns the output tensor or a list of them (default: ``module(*inputs)``).
    """
    import torch

    from lucidml.nn import Tensor

    ref.load_state_dict({k: torch.tensor(v) for k, v in ours.state_dict().items()})
    forward = forward or (lambda m, *xs: m(*xs))
    floats = [np.issubdtype(x.dtype, np.floating) for x in inputs]
    xs = [Tensor(x, requires_grad=True, dtype="float64") if f else Tensor(x) for x, f in zip(inputs, floats)]
    ts = [torch.tensor(x, requires_grad=f) for x, f in zip(inputs, floats)]
    ys, tt = forward(ours, *xs), forward(ref, *ts)
    ys, tt = (list(ys), list(tt)) if isinstance(ys, (list, tuple)) else ([ys], [tt])
    rng = np.random.default_rng(seed)
    Gs = [rng.normal(size=tuple(t.shape)) for t in tt]
    sum((y * G).sum() for y, G in zip(ys, Gs)).backward()
    sum((t * torch.tensor(G)).sum() for t, G in zip(tt, Gs)).backward()
    t_params = dict(ref.named_parameters())
    mine = [y.data for y in ys] + [x.grad for x, f in zip(xs, floats) if f] + [p.grad for _, p in
                                                                              ours.named_parameters()]
    theirs = ([t.detach().numpy() for t in tt] + [x.grad.numpy() for x, f in zip(ts, floats) if f]
              + [t_params[name].grad.numpy() for name, _ in ours.named_parameters()])
    return (np.concatenate([np.ravel(a) for a in mine]), np.concatenate([np.ravel(a) for a in theirs]))


_IMAGES = ["digits", "china", "flower"]


@case("nn.Conv2d", reference="torch.nn.Conv2d", topic="nn",
      quantity="output, ∂/∂x, ∂/∂weight, ∂/∂bias (3 → 4 channels, 3 × 3, stride 2, padding 1)",
      datasets=_IMAGES, tol=_TOL, relative=True, reason=_REASON, requires=["torch"])
def conv2d(d):
    import torch

    from lucidml.nn import Conv2d

    x = _images(d)
    x = np.stack([x, x ** 2, 1 - x], axis=1)                                  # (N, 3, 8, 8)
    ours = Conv2d(3, 4, 3, stride=2, padding=1, random_state=0, dtype="float64")
    return _compare(ours, torch.nn.Conv2d(3, 4, 3, stride=2, padding=1).double(), x)


@case("nn.Conv1d", reference="torch.nn.Conv1d", topic="nn",
      quantity="output, ∂/∂x, ∂/∂weight, ∂/∂bias (2 → 3 channels, kernel 5, dilation 2, padding 'same')",
      datasets=["nile", "sunspots"], tol=_TOL, relative=True, reason=_REASON, requires=["torch"])
def conv1d(d):
    import torch

    from lucidml.nn import Conv1d

    ours = Conv1d(2, 3, 5, dilation=2, padding="same", random_state=0, dtype="float64")
    return _compare(ours, torch.nn.Conv1d(2, 3, 5, dilation=2, padding="same").double(), _signal(d))


def _pooling_case(name, kwargs, torch_kwargs=None):
    @case(name, reference=f"torch.nn.{name}", topic="nn",
          quantity=f"output and ∂/∂x ({', '.join(f'{k}={v}' for k, v in kwargs.items())})",
          datasets=_IMAGES, tol=_TOL, relative=True, reason=_REASON, requires=["torch"])
    def compare(d):
        import torch

        from lucidml import nn

        x = _images(d)[:, None]                                               # (N, 1, 8, 8)
        return _compare(getattr(nn, name)(**kwargs), getattr(torch.nn, name)(**(torch_kwargs or kwargs)), x)
    return compare


_pooling_case("MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1})
_pooling_case("AvgPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False})
_pooling_case("AdaptiveAvgPool2d", {"output_size": 3})


@case("BatchNorm2d", reference="torch.nn.BatchNorm2d", topic="nn",
      quantity="training-mode output, ∂/∂x, ∂/∂γ, ∂/∂β, then the running mean and variance",
      datasets=_IMAGES, tol=_TOL, relative=True, reason=_REASON, requires=["torch"])
def batchnorm2d(d):
    import torch

    from lucidml.nn import BatchNorm2d

    x = _images(d)
    x = np.stack([x, 3 * x ** 2 + 1], axis=1)                                 # (N, 2, 8, 8)
    ours, ref = BatchNorm2d(2, dtype="float64"), torch.nn.BatchNorm2d(2).double()
    ours.weight.data[:] = [0.5, 2.0]
    ours.bias.data[:] = [-1.0, 0.25]
    a, b = _compare(ours, ref, x)
    return (np.concatenate([a, ours.running_mean, ours.running_var]),
            np.concatenate([b, ref.running_mean.numpy(), ref.running_var.numpy()]))


@case("Embedding", reference="torch.nn.Embedding", topic="nn",
      quantity="looked-up vectors and ∂/∂weight (pixel intensities as 17 token ids, padding_idx=0)",
      datasets=["digits", "china"], tol=_TOL, relative=True, reason=_REASON, requires=["torch"])
def embedding(d):
    import torch

    from lucidml.nn import Embedding

    ids = np.rint(_images(d) * 16).astype(np.int64).reshape(-1, 16)           # (N·4, 16) ids in 0 … 16
    ours = Embedding(17, 5, padding_idx=0, random_state=0, dtype="float64")
    return _compare(ours, torch.nn.Embedding(17, 5, padding_idx=0).double(), ids)


def _sequences(d):
    """(N, T = 8, 8): each image read row by row, standardised."""
    x = _images(d)
    return (x - x.mean()) / (x.std() + 1e-12)


def _recurrent_case(name):
    @case(name, reference=f"torch.nn.{name}", topic="nn",
          quantity="outputs, final states, ∂/∂x, ∂/∂θ (2 layers, bidirectional, batch_first, 8 → 6)",
          datasets=["digits", "flower"], tol=_TOL, relative=True, reason=_REASON, requires=["torch"])
    def compare(d):
        import torch

        from lucidml import nn

        def forward(module, x):
            out, state = module(x)                                             # (N, T, 2·6), h_n (2·2, N, 6)
            return [out, *state] if name == "LSTM" else [out, state]          # and c_n for the LSTM

        kw = dict(num_layers=2, bidirectional=True, batch_first=True)
        ours = getattr(nn, name)(8, 6, random_state=0, dtype="float64", **kw)
        return _compare(ours, getattr(torch.nn, name)(8, 6, **kw).double(), _sequences(d), forward=forward)
    return compare


for _name in ("RNN", "LSTM", "GRU"):
    _recurrent_case(_name)


@case("MultiheadAttention", reference="torch.nn.MultiheadAttention", topic="nn",
      quantity="output, ∂/∂x, ∂/∂θ (self-attention, E = 8, 2 heads, causal mask, batch_first)",
      datasets=["digits", "china"], tol=_TOL, relative=True, reason=_REASON, requires=["torch"])
def multihead_attention(d):
    import torch

    from lucidml.nn import MultiheadAttention

    causal = np.triu(np.ones((8, 8), dtype=bool), 1)                          # True = may not attend

    def forward(module, x):
        mask = torch.tensor(causal) if isinstance(x, torch.Tensor) else causal
        return module(x, x, x, attn_mask=mask, need_weights=False)[0]

    ours = MultiheadAttention(8, 2, batch_first=True, random_state=0, dtype="float64")
    return _compare(ours, torch.nn.MultiheadAttention(8, 2, batch_first=True).double(), _sequences(d),
                    forward=forward)


@case("TransformerEncoderLayer", reference="torch.nn.TransformerEncoderLayer", topic="nn",
      quantity="output, ∂/∂x, ∂/∂θ (d_model 8, 2 heads, feed-forward 16, post-norm, gelu, dropout 0)",
      datasets=["digits", "flower"], tol=_TOL, relative=True, reason=_REASON, requires=["torch"])
def transformer_encoder_layer(d):
    import warnings

    import torch

    from lucidml.nn import TransformerEncoderLayer

    kw = dict(dim_feedforward=16, dropout=0.0, activation="gelu", batch_first=True)
    ours = TransformerEncoderLayer(8, 2, random_state=0, dtype="float64", **kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)                          # torch's nested-tensor notice
        ref = torch.nn.TransformerEncoderLayer(8, 2, **kw).double()
    return _compare(ours, ref, _sequences(d))
