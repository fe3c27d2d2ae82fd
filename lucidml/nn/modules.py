"""Layers: small classes with ``parameters()`` and ``__call__``, composed like PyTorch's.

A :class:`Module` finds its parameters, buffers and sub-modules among its own
attributes, so a layer is just a class that stores :class:`Parameter` objects and
defines ``forward``. Dimensions: (B, C) = (batch, features).

    Linear        y = x Wᵀ + b                          W (out, in), b (out,)
    Dropout       y = m ⊙ x / (1 − p), m ~ Bernoulli(1 − p) while training; y = x in eval
    BatchNorm1d   y = γ (x − μ_B) / √(σ²_B + ε) + β over the batch (running μ, σ² in eval)
    LayerNorm     y = γ (x − μ) / √(σ² + ε) + β over each sample's features

Reference: Ioffe & Szegedy (2015) for batch normalisation; Ba, Kiros & Hinton (2016) for
layer normalisation; Srivastava et al. (2014) for dropout.

>>> net = Sequential(Linear(2, 3, random_state=0), ReLU(), Linear(3, 1, random_state=1))
>>> [name for name, _ in net.named_parameters()]
['0.weight', '0.bias', '2.weight', '2.bias']
>>> net(Tensor(np.ones((5, 2)))).shape
(5, 1)
"""
from __future__ import annotations

import numpy as np

from lucidml.nn import functional as F
from lucidml.nn import init as initialisers
from lucidml.nn.tensor import Tensor
from lucidml.utils.validation import check_int

__all__ = ["Parameter", "Module", "Sequential", "ModuleList", "ModuleDict", "Flatten", "Unflatten", "Linear", "Dropout", "BatchNorm1d", "LayerNorm", "Identity",
           "BinaryStep", "Sigmoid", "Tanh", "SMHT", "ReLU", "LeakyReLU", "ELU", "GELU", "Softplus", "Softmax",
           "ACTIVATION_MODULES"]


class Parameter(Tensor):
    """A tensor that a module trains: it always requires a gradient."""

    def __init__(self, data, dtype=None):
        super().__init__(data, requires_grad=True, dtype=dtype)


class Module:
    """The base of every layer and network.

    Sub-classes store parameters (:class:`Parameter`), buffers (arrays registered with
    :meth:`register_buffer`, or named in the class attribute ``_buffers``, such as
    batch-norm running statistics) and sub-modules as attributes, and define ``forward``.
    Layers held in a list or dict go in a :class:`ModuleList` / :class:`ModuleDict`:
    assigning a plain list, tuple or dict of modules is refused, because its layers
    would be invisible to ``parameters()`` and never trained or saved.
    ``config()`` returns the constructor arguments, so a network can be rebuilt from a
    file (see :mod:`lucidml.io`).
    """

    _buffers: tuple[str, ...] = ()
    training: bool = True

    def forward(self, x):
        raise TypeError(f"{type(self).__name__} has no forward(x); a Module subclass must define one.")

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def __setattr__(self, name, value):
        if isinstance(value, (list, tuple, dict)) and _holds_layers(value):
            container = "ModuleDict" if isinstance(value, dict) else "ModuleList"
            raise TypeError(f"{type(self).__name__}.{name}: a plain {type(value).__name__} of modules or parameters "
                            f"hides them from parameters(), state_dict() and the optimiser, so they would never be "
                            f"trained or saved; wrap it: self.{name} = {container}(...).")
        object.__setattr__(self, name, value)

    def register_buffer(self, name: str, array) -> None:
        """Keep ``array`` with the module's state (saved, loaded, not trained): running
        statistics, masks, positional tables. ``None`` registers an empty slot."""
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"{type(self).__name__}.register_buffer: name {name!r} must be a Python identifier.")
        if name in vars(self) and name not in self._buffer_names():
            raise KeyError(f"{type(self).__name__}.register_buffer: attribute {name!r} already exists.")
        names = vars(self).setdefault("_instance_buffers", [])
        if name not in names:
            names.append(name)
        object.__setattr__(self, name, None if array is None else np.asarray(array))

    def _buffer_names(self) -> list[str]:
        return list(self._buffers) + [n for n in vars(self).get("_instance_buffers", ()) if n not in self._buffers]

    # -- discovery ------------------------------------------------------------------------
    def named_children(self):
        return [(name, value) for name, value in vars(self).items() if isinstance(value, Module)]

    def children(self):
        return [m for _, m in self.named_children()]

    def named_modules(self, prefix: str = ""):
        """This module and every module inside it, depth first, with dotted names ('' for this one)."""
        found = [(prefix.rstrip("."), self)]
        for name, child in self.named_children():
            found += child.named_modules(prefix=f"{prefix}{name}.")
        return found

    def modules(self):
        return [m for _, m in self.named_modules()]

    def apply(self, fn) -> "Module":
        """Call ``fn(module)`` on every sub-module and then this one (e.g. a custom initialisation)."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    def named_parameters(self, prefix: str = ""):
        found = [(prefix + name, value) for name, value in vars(self).items() if isinstance(value, Parameter)]
        for name, child in self.named_children():
            found += child.named_parameters(prefix=f"{prefix}{name}.")
        return found

    def parameters(self):
        seen, params = set(), []
        for _, p in self.named_parameters():
            if id(p) not in seen:
                seen.add(id(p))
                params.append(p)
        return params

    def named_buffers(self, prefix: str = ""):
        found = [(prefix + name, getattr(self, name)) for name in self._buffer_names() if getattr(self, name) is not None]
        for name, child in self.named_children():
            found += child.named_buffers(prefix=f"{prefix}{name}.")
        return found

    # -- modes and gradients ----------------------------------------------------------------
    def train(self, mode: bool = True) -> "Module":
        """Training mode: dropout drops, batch norm uses (and updates) batch statistics."""
        self.training = mode
        for child in self.children():
            child.train(mode)
        return self

    def eval(self) -> "Module":
        return self.train(False)

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = None

    def requires_grad_(self, requires_grad: bool = True) -> "Module":
        """Freeze (False) or unfreeze every parameter, e.g. a pretrained body during fine-tuning."""
        for p in self.parameters():
            p.requires_grad = requires_grad
        return self

    # -- state --------------------------------------------------------------------------------
    def state_dict(self) -> dict[str, np.ndarray]:
        """Every parameter and buffer by name, as copies of their arrays."""
        state = {name: p.data.copy() for name, p in self.named_parameters()}
        state.update({name: np.array(b, copy=True) for name, b in self.named_buffers()})
        return state

    def load_state_dict(self, state: dict, strict: bool = True) -> "Module":
        """Copy arrays into the parameters and buffers; missing or extra keys are an error."""
        if not isinstance(state, dict):
            raise TypeError(f"{type(self).__name__}.load_state_dict: expected a dict of name -> array, got "
                            f"{type(state).__name__}.")
        state = {k: (v.detach().cpu().numpy() if hasattr(v, "detach") and hasattr(v, "cpu") else v)  # torch tensors
                 for k, v in state.items()}
        params, buffers = dict(self.named_parameters()), dict(self.named_buffers())
        expected = set(params) | set(buffers)
        missing, extra = sorted(expected - set(state)), sorted(set(state) - expected)
        if strict and (missing or extra):
            raise KeyError(f"{type(self).__name__}.load_state_dict: missing keys {missing}, unexpected keys {extra}; "
                           "the state was saved from a different architecture.")
        for name, p in params.items():
            if name in state:
                value = np.asarray(state[name])
                if value.shape != p.shape:
                    raise ValueError(f"{type(self).__name__}.load_state_dict: '{name}' has shape {value.shape} "
                                     f"but the parameter has shape {p.shape}; the state was saved from a "
                                     "different architecture.")
                p.data = value.astype(p.dtype, copy=True)
        for name, b in buffers.items():
            if name in state:
                owner, _, attr = name.rpartition(".")
                module = self._submodule(owner)
                value = np.array(state[name], dtype=np.asarray(b).dtype, copy=True)
                if value.shape != np.shape(b):
                    raise ValueError(f"{type(self).__name__}.load_state_dict: buffer '{name}' has shape "
                                     f"{value.shape} but the module's has shape {np.shape(b)}.")
                object.__setattr__(module, attr, value)
        return self

    def _submodule(self, path: str) -> "Module":
        module = self
        for part in filter(None, path.split(".")):
            module = getattr(module, part)
        return module

    def config(self) -> dict:
        """The constructor arguments, so ``type(m).from_config(m.config())`` rebuilds the architecture."""
        return {}

    @classmethod
    def from_config(cls, config: dict) -> "Module":
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items() if k != "layers")
        inner = "".join(f"\n  ({name}): " + repr(child).replace("\n", "\n  ") for name, child in self.named_children())
        return f"{type(self).__name__}({args}{inner}{chr(10) if inner else ''})"


class Sequential(Module):
    """Apply layers in order: x → layer₀(x) → layer₁(…) → …"""

    def __init__(self, *layers: Module):
        for i, layer in enumerate(layers):
            if not isinstance(layer, Module):
                raise TypeError(f"Sequential: layer {i} is a {type(layer).__name__}, not a Module.")
            setattr(self, str(i), layer)

    def __iter__(self):
        return iter(self.children())

    def __len__(self) -> int:
        return len(self.children())

    def __getitem__(self, i: int) -> Module:
        return self.children()[i]

    def forward(self, x):
        for layer in self:
            x = layer(x)
        return x

    def config(self):
        return {"layers": self.children()}

    @classmethod
    def from_config(cls, config):
        return cls(*config["layers"])


class ModuleList(Module):
    """A list of modules that the parent sees: ``blocks.0.weight``, ``blocks.1.weight``, …

    Indexing, iteration, ``len``, ``append``, ``extend`` and ``insert`` as in PyTorch.

    >>> class Net(Module):
    ...     def __init__(self):
    ...         self.blocks = ModuleList([Linear(2, 2, random_state=i) for i in range(3)])
    >>> [n for n, _ in Net().named_parameters()][:3]
    ['blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight']
    """

    def __init__(self, modules=()):
        for m in modules:
            self.append(m)

    def _items(self) -> list[Module]:
        return [v for k, v in vars(self).items() if k.isdigit()]

    def _reindex(self, items) -> None:
        for k in [k for k in vars(self) if k.isdigit()]:
            del self.__dict__[k]
        for i, m in enumerate(items):
            object.__setattr__(self, str(i), m)

    def append(self, module: Module) -> "ModuleList":
        if not isinstance(module, Module):
            raise TypeError(f"ModuleList: can only hold Modules, got {type(module).__name__}.")
        object.__setattr__(self, str(len(self)), module)
        return self

    def extend(self, modules) -> "ModuleList":
        for m in modules:
            self.append(m)
        return self

    def insert(self, index: int, module: Module) -> None:
        if not isinstance(module, Module):
            raise TypeError(f"ModuleList: can only hold Modules, got {type(module).__name__}.")
        items = self._items()
        items.insert(index, module)
        self._reindex(items)

    def __getitem__(self, i):
        items = self._items()
        if isinstance(i, slice):
            return ModuleList(items[i])
        try:
            return items[i]
        except IndexError:
            raise IndexError(f"ModuleList: index {i} is out of range for {len(items)} modules.") from None

    def __setitem__(self, i: int, module: Module) -> None:
        if not isinstance(module, Module):
            raise TypeError(f"ModuleList: can only hold Modules, got {type(module).__name__}.")
        items = self._items()
        items[i] = module
        self._reindex(items)

    def __iter__(self):
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def forward(self, *args, **kwargs):
        raise TypeError("ModuleList has no forward(): it only holds layers; call them in your own forward "
                        "(for block in self.blocks: x = block(x)), or use Sequential.")

    def config(self):
        return {"modules": self._items()}

    @classmethod
    def from_config(cls, config):
        return cls(config["modules"])


class ModuleDict(Module):
    """Modules by name, seen by the parent as ``heads.<name>.weight``; ``[]``, ``keys``,
    ``values``, ``items``, ``in``, ``len`` and ``update`` as in PyTorch."""

    def __init__(self, modules=None):
        object.__setattr__(self, "_keys", [])
        for k, m in dict(modules or {}).items():
            self[k] = m

    def __setitem__(self, key: str, module: Module) -> None:
        if not isinstance(key, str) or not key.isidentifier():
            raise KeyError(f"ModuleDict: keys must be identifiers (they become parameter names), got {key!r}.")
        if not isinstance(module, Module):
            raise TypeError(f"ModuleDict: can only hold Modules, got {type(module).__name__} for key {key!r}.")
        if key not in self._keys:
            if key in vars(self) or hasattr(type(self), key):
                raise KeyError(f"ModuleDict: {key!r} is the name of a ModuleDict attribute; choose another key.")
            self._keys.append(key)
        object.__setattr__(self, key, module)

    def __getitem__(self, key: str) -> Module:
        if key not in self._keys:
            raise KeyError(f"ModuleDict: no module named {key!r}; it holds {self._keys}.")
        return vars(self)[key]

    def __delitem__(self, key: str) -> None:
        self[key]                                                   # a clear KeyError first
        self._keys.remove(key)
        del self.__dict__[key]

    def __contains__(self, key) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self):
        return iter(list(self._keys))

    def keys(self):
        return list(self._keys)

    def values(self):
        return [vars(self)[k] for k in self._keys]

    def items(self):
        return [(k, vars(self)[k]) for k in self._keys]

    def update(self, modules) -> None:
        for k, m in dict(modules).items():
            self[k] = m

    def forward(self, *args, **kwargs):
        raise TypeError("ModuleDict has no forward(): call the module you need, e.g. self.heads['task'](x).")

    def config(self):
        return {"keys": list(self._keys), "modules": self.values()}

    @classmethod
    def from_config(cls, config):
        return cls(dict(zip(config["keys"], config["modules"])))


class Flatten(Module):
    """(B, C, H, W) → (B, C·H·W): merge the axes start_dim … end_dim (PyTorch's defaults 1, −1)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1):
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x):
        return x.flatten(self.start_dim, self.end_dim)

    def config(self):
        return {"start_dim": self.start_dim, "end_dim": self.end_dim}


class Unflatten(Module):
    """(B, C·H·W) → (B, C, H, W): split axis ``dim`` into ``unflattened_size``."""

    def __init__(self, dim: int, unflattened_size):
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, x):
        d = self.dim % x.ndim
        return x.reshape(x.shape[:d] + self.unflattened_size + x.shape[d + 1:])

    def config(self):
        return {"dim": self.dim, "unflattened_size": list(self.unflattened_size)}


class Linear(Module):
    """y = x Wᵀ + b.  x (B, in), W (out, in), b (out,) -> y (B, out).

    ``init="default"`` draws W and b from U(−1/√in, 1/√in) (PyTorch's default); any name
    of :data:`lucidml.nn.init.INITIALISERS` draws W that way and sets b = 0.
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, *, init: str = "default",
                 random_state=None, dtype="float32"):
        self.in_features = check_int(in_features, name="in_features", owner="Linear", minimum=1)
        self.out_features = check_int(out_features, name="out_features", owner="Linear", minimum=1)
        self.init, self.dtype = init, str(np.dtype(dtype))
        rng = _init_generator(random_state)
        shape = (out_features, in_features)
        if init == "default":
            r = 1.0 / np.sqrt(in_features)
            self.weight = Parameter(rng.uniform(-r, r, size=shape), dtype=dtype)
            self.bias = Parameter(rng.uniform(-r, r, size=out_features), dtype=dtype) if bias else None
        elif init in initialisers.INITIALISERS:
            draw = initialisers.INITIALISERS[init]
            self.weight = Parameter(draw(shape, random_state=rng, dtype=dtype), dtype=dtype)
            self.bias = Parameter(np.zeros(out_features), dtype=dtype) if bias else None
        else:
            options = ", ".join(["'default'"] + [repr(k) for k in initialisers.INITIALISERS])
            raise ValueError(f"Linear: init={init!r} is not supported; choose one of {options}.")

    def forward(self, x):
        return F.linear(x, self.weight, self.bias)  # (B, in) -> (B, out)

    def config(self):
        return {"in_features": self.in_features, "out_features": self.out_features, "bias": self.bias is not None,
                "init": self.init, "dtype": self.dtype}


class Dropout(Module):
    """Inverted dropout: while training keep each value with probability 1 − p and scale
    the survivors by 1/(1 − p), so the expected output equals the input and evaluation
    needs no rescaling."""

    def __init__(self, p: float = 0.5, *, random_state=None):
        if not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout: p={p} must lie in [0, 1).")
        self.p = p
        self._rng = _init_generator(random_state)

    def forward(self, x):
        if not self.training or self.p == 0.0:
            return x
        keep = (self._rng.random(x.shape) >= self.p).astype(x.dtype)     # m ~ Bernoulli(1 − p)
        return x * (keep / (1.0 - self.p))

    def config(self):
        return {"p": self.p}


class BatchNorm1d(Module):
    """Batch normalisation over a (B, C) batch: each feature to zero mean and unit variance
    across the batch, then scaled by γ and shifted by β (both learned).

    Training uses the batch's μ_B and biased σ²_B, and updates the running estimates
    r ← (1 − momentum) r + momentum · (batch value) with the unbiased variance; evaluation
    uses the running estimates (so a single sample can be normalised).
    """

    _buffers = ("running_mean", "running_var")

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1, *, dtype="float32"):
        self.num_features, self.eps, self.momentum, self.dtype = num_features, eps, momentum, str(np.dtype(dtype))
        self.weight = Parameter(np.ones(num_features), dtype=dtype)      # γ
        self.bias = Parameter(np.zeros(num_features), dtype=dtype)       # β
        self.running_mean = np.zeros(num_features, dtype=dtype)
        self.running_var = np.ones(num_features, dtype=dtype)

    def forward(self, x):
        if x.ndim != 2 or x.shape[1] != self.num_features:
            raise ValueError(f"BatchNorm1d: expected input of shape (B, {self.num_features}), got {x.shape}.")
        if self.training:
            B = x.shape[0]
            if B < 2:
                raise ValueError("BatchNorm1d: training needs batches of at least 2 samples to estimate a variance.")
            mu, var = x.mean(axis=0), x.var(axis=0)                         # (C,), (C,)
            m = self.momentum
            self.running_mean = ((1 - m) * self.running_mean + m * mu.data).astype(self.running_mean.dtype)
            self.running_var = ((1 - m) * self.running_var + m * var.data * B / (B - 1)).astype(self.running_var.dtype)
            x_hat = (x - mu) / (var + self.eps).sqrt()
        else:
            x_hat = (x - self.running_mean) / np.sqrt(self.running_var + self.eps)
        return x_hat * self.weight + self.bias

    def config(self):
        return {"num_features": self.num_features, "eps": self.eps, "momentum": self.momentum, "dtype": self.dtype}


class LayerNorm(Module):
    """Layer normalisation: each sample's last axis to zero mean and unit variance, then γ, β.
    Independent of the batch, so training and evaluation compute the same thing."""

    def __init__(self, normalized_shape: int, eps: float = 1e-5, *, dtype="float32"):
        self.normalized_shape, self.eps, self.dtype = normalized_shape, eps, str(np.dtype(dtype))
        self.weight = Parameter(np.ones(normalized_shape), dtype=dtype)
        self.bias = Parameter(np.zeros(normalized_shape), dtype=dtype)

    def forward(self, x):
        if x.shape[-1] != self.normalized_shape:
            raise ValueError(f"LayerNorm: the last axis must have {self.normalized_shape} features, got shape {x.shape}.")
        mu = x.mean(axis=-1, keepdims=True)                                  # (B, 1)
        var = x.var(axis=-1, keepdims=True)                                  # (B, 1)
        return (x - mu) / (var + self.eps).sqrt() * self.weight + self.bias

    def config(self):
        return {"normalized_shape": self.normalized_shape, "eps": self.eps, "dtype": self.dtype}


# -- activations as layers -----------------------------------------------------------------------
class _Activation(Module):
    function = staticmethod(F.identity)

    def forward(self, x):
        return type(self).function(x)


class Identity(_Activation):
    function = staticmethod(F.identity)


class BinaryStep(_Activation):
    function = staticmethod(F.binary_step)


class Sigmoid(_Activation):
    function = staticmethod(F.sigmoid)


class Tanh(_Activation):
    function = staticmethod(F.tanh)


class ReLU(_Activation):
    function = staticmethod(F.relu)


class GELU(_Activation):
    function = staticmethod(F.gelu)


class Softplus(_Activation):
    function = staticmethod(F.softplus)


class SMHT(Module):
    """Soboleva modified tanh with parameters a, b, c, d (see :func:`functional.smht`)."""

    def __init__(self, a: float = 1.0, b: float = 1.0, c: float = 1.0, d: float = 1.0):
        self.a, self.b, self.c, self.d = a, b, c, d

    def forward(self, x):
        return F.smht(x, self.a, self.b, self.c, self.d)

    def config(self):
        return {"a": self.a, "b": self.b, "c": self.c, "d": self.d}


class LeakyReLU(Module):
    def __init__(self, negative_slope: float = 0.01):
        self.negative_slope = negative_slope

    def forward(self, x):
        return F.leaky_relu(x, self.negative_slope)

    def config(self):
        return {"negative_slope": self.negative_slope}


class ELU(Module):
    def __init__(self, alpha: float = 1.0):
        self.alpha = alpha

    def forward(self, x):
        return F.elu(x, self.alpha)

    def config(self):
        return {"alpha": self.alpha}


class Softmax(Module):
    def __init__(self, axis: int = -1):
        self.axis = axis

    def forward(self, x):
        return F.softmax(x, self.axis)

    def config(self):
        return {"axis": self.axis}


ACTIVATION_MODULES = {"identity": Identity, "binary_step": BinaryStep, "sigmoid": Sigmoid, "logistic": Sigmoid,
                      "tanh": Tanh, "smht": SMHT, "relu": ReLU, "leaky_relu": LeakyReLU, "elu": ELU, "gelu": GELU,
                      "softplus": Softplus}


def _holds_layers(value) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return any(isinstance(v, (Module, Parameter)) for v in items)


def _init_generator(random_state):
    return initialisers.as_generator(random_state)
