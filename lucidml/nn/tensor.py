"""A NumPy autograd: tensors that remember how they were made and back-propagate.

Every operation builds its output array and then, right below, the function
``_backward`` that turns the output's gradient into each input's gradient (the local
derivative times the incoming gradient: the chain rule, one node at a time). Calling
``loss.backward()`` orders the graph topologically (an iterative loop, so deep graphs do
not hit Python's recursion limit) and runs the ``_backward`` functions from the loss
back to the leaves. Where broadcasting stretched an input, its gradient is summed back
to the input's shape in one shared helper, :func:`_unbroadcast`.

This is micrograd (Karpathy, 2020) on whole NumPy arrays, with PyTorch's names.
Reference: Goodfellow, Bengio & Courville, *Deep Learning*, §6.5 (back-propagation).

>>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> y = (x * x).sum()          # y = Σ xᵢ²
>>> y.backward()
>>> x.grad.tolist()            # ∂y/∂xᵢ = 2 xᵢ
[2.0, 4.0, 6.0]
"""
from __future__ import annotations

import contextlib
import numbers

import numpy as np

__all__ = ["Tensor", "tensor", "no_grad", "is_grad_enabled", "cat", "stack", "where", "zeros", "ones", "full",
           "arange", "tril", "triu"]

_GRAD_ENABLED = True


@contextlib.contextmanager
def no_grad():
    """Inside ``with no_grad():`` operations build no graph (evaluation, optimiser steps)."""
    global _GRAD_ENABLED
    previous, _GRAD_ENABLED = _GRAD_ENABLED, False
    try:
        yield
    finally:
        _GRAD_ENABLED = previous


def is_grad_enabled() -> bool:
    return _GRAD_ENABLED


def _unbroadcast(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, giving ``shape``.

    If y = f(x) broadcast x from ``shape`` to ``grad.shape``, every copy of xᵢ received a
    share of the gradient, and ∂L/∂xᵢ is the sum of those shares.
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:                                   # leading axes that broadcasting added
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:                                   # axes of length 1 that were stretched
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad.reshape(shape)


def _default_dtype(data) -> np.dtype:
    """PyTorch's rule: floats stay float (float32 unless already a NumPy float array), integers
    become int64 (token ids, class labels), booleans stay bool."""
    if isinstance(data, (np.ndarray, np.generic)):
        kind = data.dtype.kind
        if kind == "f":
            return data.dtype
        if kind in "iu":
            return np.dtype(np.int64)
        if kind == "b":
            return np.dtype(bool)
        return np.dtype(np.float32)
    if isinstance(data, bool):
        return np.dtype(bool)
    if isinstance(data, numbers.Integral):
        return np.dtype(np.int64)
    if isinstance(data, (list, tuple)):
        kind = np.asarray(data).dtype.kind
        if kind in "iu":
            return np.dtype(np.int64)
        if kind == "b":
            return np.dtype(bool)
    return np.dtype(np.float32)


class Tensor:
    """An array with an optional gradient and the recipe (``_backward``) that made it.

    ``data`` is a NumPy array: float32 unless given a float array or ``dtype``; integer
    data (token ids, class labels) is int64 and boolean data (masks) is bool, as in
    PyTorch. Only floating tensors can require a gradient. ``grad`` is ``None`` or an
    array of the same shape, accumulated by ``backward()``.
    """

    __array_priority__ = 100  # numpy_array * tensor calls Tensor.__rmul__
    __hash__ = object.__hash__  # == is elementwise (as in PyTorch), identity stays hashable

    def __init__(self, data, requires_grad: bool = False, dtype=None, _parents=(), _op: str = ""):
        if isinstance(data, Tensor):
            data = data.data
        dtype = np.dtype(dtype) if dtype is not None else _default_dtype(data)
        if dtype.kind not in "fiub":
            raise TypeError(f"Tensor: dtype must be floating (float32, float64), integer (int64) or bool, "
                            f"got {dtype}.")
        if requires_grad and dtype.kind != "f":
            raise TypeError(f"Tensor: only floating tensors can require a gradient, got dtype {dtype}; "
                            "integer tensors (ids, labels) and masks take no gradient.")
        self.data = np.asarray(data, dtype=dtype)
        self.requires_grad = bool(requires_grad)
        self.grad = None
        self._backward = None
        self._parents = _parents
        self._op = _op

    # -- bookkeeping ------------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def size(self) -> int:
        return self.data.size

    @property
    def T(self) -> "Tensor":
        return self.transpose()

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        grad = ", requires_grad=True" if self.requires_grad else ""
        return f"Tensor({np.array2string(self.data, precision=4)}{grad})"

    def numpy(self) -> np.ndarray:
        return self.data

    def item(self) -> float:
        return self.data.item()

    def detach(self) -> "Tensor":
        """The same numbers, cut off from the graph."""
        return Tensor(self.data, dtype=self.dtype)

    def _lift(self, other) -> "Tensor":
        """A Python number or array joins an operation as a constant of this tensor's dtype
        (of its own dtype when this tensor holds integers, so 0.5 is not truncated)."""
        if isinstance(other, Tensor):
            return other
        if isinstance(other, (numbers.Number, np.ndarray, list, tuple, np.generic)):
            return Tensor(other, dtype=self.dtype if self.dtype.kind == "f" else None)
        raise TypeError(f"Tensor: cannot combine a Tensor with {type(other).__name__}.")

    def _child(self, data, parents, op) -> "Tensor":
        """The output of an operation; it joins the graph only if an input needs a gradient."""
        data = np.asarray(data)
        needs = _GRAD_ENABLED and data.dtype.kind == "f" and any(p.requires_grad for p in parents)
        dtype = data.dtype if data.dtype.kind in "fiub" else self.dtype
        return Tensor(data, requires_grad=needs, dtype=dtype, _parents=parents if needs else (), _op=op)

    def _accumulate(self, g) -> None:
        """grad += g, with g summed back over any broadcast axes."""
        if not self.requires_grad:
            return
        g = _unbroadcast(np.asarray(g, dtype=self.dtype), self.data.shape)
        # never in place: g may be another node's gradient array, shared, not copied
        self.grad = g if self.grad is None else self.grad + g

    # -- backward ---------------------------------------------------------------------
    def backward(self, gradient=None) -> None:
        """Fill ``.grad`` of every tensor this one depends on (∂self/∂x, chain rule).

        A scalar needs no ``gradient`` (it is 1). For a non-scalar, pass ``gradient`` of
        the same shape: the vector v in the vector-Jacobian product vᵀ J.
        """
        if not self.requires_grad:
            raise RuntimeError("Tensor.backward: this tensor does not require a gradient; create the "
                               "inputs with requires_grad=True (and not inside no_grad()).")
        if gradient is None:
            if self.data.size != 1:
                raise RuntimeError(f"Tensor.backward: the output has shape {self.shape}, not a scalar; "
                                   "reduce it first (e.g. .sum() or .mean()) or pass gradient= of the same shape.")
            gradient = np.ones_like(self.data)
        else:
            gradient = np.asarray(gradient.data if isinstance(gradient, Tensor) else gradient, dtype=self.dtype)
            if gradient.shape != self.shape:
                raise ValueError(f"Tensor.backward: gradient has shape {gradient.shape} but the tensor "
                                 f"has shape {self.shape}; they must match.")
        order = _topological_order(self)
        for node in order:                 # interior nodes start fresh; leaves accumulate
            if node._parents:
                node.grad = None
        self._accumulate(gradient)
        for node in reversed(order):
            if node._backward is not None and node.grad is not None:
                node._backward(node.grad)          # ∂L/∂node -> each parent's .grad

    # -- elementwise arithmetic ---------------------------------------------------------
    def __add__(self, other):
        other = self._lift(other)
        _check_broadcast(self, other, "+")
        out = self._child(self.data + other.data, (self, other), "+")

        def _backward(g):                  # ∂(a + b)/∂a = 1, ∂(a + b)/∂b = 1
            self._accumulate(g)
            other._accumulate(g)
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._lift(other)
        _check_broadcast(self, other, "*")
        out = self._child(self.data * other.data, (self, other), "*")

        def _backward(g):                  # ∂(ab)/∂a = b, ∂(ab)/∂b = a
            self._accumulate(g * other.data)
            other._accumulate(g * self.data)
        out._backward = _backward
        return out

    def __neg__(self):
        out = self._child(-self.data, (self,), "neg")

        def _backward(g):                  # ∂(−a)/∂a = −1
            self._accumulate(-g)
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = self._lift(other)
        _check_broadcast(self, other, "-")
        out = self._child(self.data - other.data, (self, other), "-")

        def _backward(g):                  # ∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1
            self._accumulate(g)
            other._accumulate(-g)
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = self._lift(other)
        _check_broadcast(self, other, "/")
        out = self._child(self.data / other.data, (self, other), "/")

        def _backward(g):                  # ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²
            self._accumulate(g / other.data)
            other._accumulate(-g * self.data / other.data ** 2)
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        if isinstance(exponent, numbers.Real) and not isinstance(exponent, Tensor):
            p = float(exponent)
            out = self._child(self.data ** p, (self,), f"**{p:g}")

            def _backward(g):              # ∂(aᵖ)/∂a = p aᵖ⁻¹
                self._accumulate(g * p * self.data ** (p - 1))
            out._backward = _backward
            return out
        b = self._lift(exponent)
        y = self.data ** b.data
        out = self._child(y, (self, b), "**")

        def _backward_tensor(g):           # ∂(aᵇ)/∂a = b aᵇ⁻¹, ∂(aᵇ)/∂b = aᵇ ln a
            self._accumulate(g * b.data * self.data ** (b.data - 1))
            if b.requires_grad:
                b._accumulate(g * y * np.log(self.data))
        out._backward = _backward_tensor
        return out

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return self._lift(other) - self

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def __rpow__(self, other):
        return self._lift(other) ** self

    # -- matrix product ---------------------------------------------------------------
    def __matmul__(self, other):
        """C = A @ B, batched over leading axes as in NumPy: A (..., n, k), B (..., k, m)."""
        other = self._lift(other)
        a, b = self.data, other.data
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError("Tensor.matmul: both operands need at least one dimension; use * for scalars.")
        if a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
            raise ValueError(f"Tensor.matmul: shapes {a.shape} and {b.shape} do not align "
                             f"({a.shape[-1]} != {b.shape[-2 if b.ndim > 1 else 0]}); the last axis of the "
                             "first must equal the second-to-last axis of the second.")
        try:
            c = a @ b
        except ValueError:
            raise ValueError(f"Tensor.matmul: shapes {a.shape} and {b.shape} have batch axes "
                             f"{a.shape[:-2]} and {b.shape[:-2]} that cannot be broadcast together.") from None
        out = self._child(c, (self, other), "@")

        def _backward(g):                  # ∂L/∂A = ∂L/∂C · Bᵀ,  ∂L/∂B = Aᵀ · ∂L/∂C
            a2 = a[None, :] if a.ndim == 1 else a          # a vector is a 1-row matrix ...
            b2 = b[:, None] if b.ndim == 1 else b          # ... or a 1-column matrix
            if b.ndim == 1:
                g = g[..., None]
            if a.ndim == 1:
                g = g[..., None, :]
            if self.requires_grad:
                ga = g @ np.swapaxes(b2, -1, -2)
                self._accumulate(ga[..., 0, :] if a.ndim == 1 else ga)
            if other.requires_grad:
                gb = np.swapaxes(a2, -1, -2) @ g
                other._accumulate(gb[..., 0] if b.ndim == 1 else gb)
        out._backward = _backward
        return out

    def __rmatmul__(self, other):
        return self._lift(other) @ self

    def matmul(self, other):
        return self @ other

    # -- elementwise functions ----------------------------------------------------------
    def exp(self):
        e = np.exp(self.data)
        out = self._child(e, (self,), "exp")

        def _backward(g):                  # ∂eᵃ/∂a = eᵃ
            self._accumulate(g * e)
        out._backward = _backward
        return out

    def log(self):
        out = self._child(np.log(self.data), (self,), "log")

        def _backward(g):                  # ∂ln a/∂a = 1/a
            self._accumulate(g / self.data)
        out._backward = _backward
        return out

    def sqrt(self):
        r = np.sqrt(self.data)
        out = self._child(r, (self,), "sqrt")

        def _backward(g):                  # ∂√a/∂a = 1 / (2√a)
            self._accumulate(g / (2.0 * r))
        out._backward = _backward
        return out

    def abs(self):
        out = self._child(np.abs(self.data), (self,), "abs")

        def _backward(g):                  # ∂|a|/∂a = sign(a) (0 at a = 0, as PyTorch)
            self._accumulate(g * np.sign(self.data))
        out._backward = _backward
        return out

    def clip(self, min=None, max=None):
        """Clamp to [min, max]; the gradient passes where min ≤ a ≤ max and is 0 outside."""
        out = self._child(np.clip(self.data, min, max), (self,), "clip")

        def _backward(g):
            inside = np.ones(self.shape, dtype=bool)
            if min is not None:
                inside &= self.data >= min
            if max is not None:
                inside &= self.data <= max
            self._accumulate(g * inside)
        out._backward = _backward
        return out

    clamp = clip

    # -- reductions ---------------------------------------------------------------------
    def sum(self, axis=None, keepdims: bool = False):
        out = self._child(np.sum(self.data, axis=axis, keepdims=keepdims), (self,), "sum")

        def _backward(g):                  # every summand receives the gradient of the sum
            g = g if keepdims else _expand(g, self.ndim, axis)
            self._accumulate(np.broadcast_to(g, self.shape))
        out._backward = _backward
        return out

    def mean(self, axis=None, keepdims: bool = False):
        """ā = Σ a / n, n = the number of values reduced (a sum, then a division)."""
        n = self.data.size if axis is None else int(np.prod([self.shape[a] for a in np.atleast_1d(axis)]))
        return self.sum(axis=axis, keepdims=keepdims) / float(n)

    def var(self, axis=None, keepdims: bool = False, ddof: int = 0):
        """Variance Σ (a − ā)² / (n − ddof); ddof=0 is the biased (maximum-likelihood) one."""
        mu = np.mean(self.data, axis=axis, keepdims=True)
        d = self.data - mu                                       # deviations, shape of a
        n = self.data.size // mu.size
        out = self._child(np.sum(d * d, axis=axis, keepdims=keepdims) / (n - ddof), (self,), "var")

        def _backward(g):                  # ∂var/∂aᵢ = 2 (aᵢ − ā) / (n − ddof)
            g = g if keepdims else _expand(g, self.ndim, axis)
            self._accumulate(g * 2.0 * d / (n - ddof))
        out._backward = _backward
        return out

    def max(self, axis=None, keepdims: bool = False):
        return self._extreme(np.max, axis, keepdims, "max")

    def min(self, axis=None, keepdims: bool = False):
        return self._extreme(np.min, axis, keepdims, "min")

    def _extreme(self, reduce, axis, keepdims, op):
        m = reduce(self.data, axis=axis, keepdims=True)
        out = self._child(m if keepdims else np.squeeze(m, axis=axis), (self,), op)

        def _backward(g):                  # the gradient goes to the winner(s), shared on ties
            winners = self.data == m
            share = winners / np.sum(winners, axis=axis, keepdims=True)
            g = g if keepdims else _expand(g, self.ndim, axis)
            self._accumulate(g * share)
        out._backward = _backward
        return out

    # -- shape --------------------------------------------------------------------------
    def reshape(self, *shape):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        try:
            r = self.data.reshape(shape)
        except ValueError:
            raise ValueError(f"Tensor.reshape: cannot reshape shape {self.shape} ({self.size} values) "
                             f"into {tuple(shape)}.") from None
        out = self._child(r, (self,), "reshape")

        def _backward(g):                  # reshaping moves no numbers: reshape the gradient back
            self._accumulate(g.reshape(self.shape))
        out._backward = _backward
        return out

    def transpose(self, *axes):
        """Reverse the axes (no arguments), swap two axes (two ints), or permute (all axes)."""
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        if len(axes) == 0:
            perm = tuple(reversed(range(self.ndim)))
        elif len(axes) == 2 and self.ndim != 2:
            perm = list(range(self.ndim))
            perm[axes[0]], perm[axes[1]] = perm[axes[1]], perm[axes[0]]
            perm = tuple(perm)
        else:
            perm = tuple(axes)
        if sorted(a % max(self.ndim, 1) for a in perm) != list(range(self.ndim)):
            raise ValueError(f"Tensor.transpose: axes {axes} are not a permutation of the {self.ndim} axes "
                             f"of shape {self.shape}.")
        out = self._child(np.transpose(self.data, perm), (self,), "transpose")

        def _backward(g):                  # undo the permutation
            self._accumulate(np.transpose(g, np.argsort(perm)))
        out._backward = _backward
        return out

    def permute(self, *axes):
        axes = tuple(axes[0]) if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
        if len(axes) != self.ndim:
            raise ValueError(f"Tensor.permute: give all {self.ndim} axes of shape {self.shape}, got {axes}.")
        return self.transpose(axes)

    def __getitem__(self, index):
        """Indexing, slicing and gathering (integer arrays), as in NumPy."""
        if isinstance(index, Tensor):
            index = index.data.astype(np.intp)
        out = self._child(self.data[index], (self,), "index")

        def _backward(g):                  # scatter-add: repeated indices add up
            full = np.zeros_like(self.data)
            if _is_basic_index(index):     # slices never repeat an element
                full[index] = g
            else:
                np.add.at(full, index, g)
            self._accumulate(full)
        out._backward = _backward
        return out

    # -- comparisons: boolean masks, outside the graph ------------------------------------
    def _compare(self, other, op):
        b = other.data if isinstance(other, Tensor) else np.asarray(other)
        try:
            return Tensor(op(self.data, b), dtype=bool)
        except ValueError:
            raise ValueError(f"Tensor comparison: shapes {self.shape} and {np.shape(b)} cannot be broadcast "
                             "together.") from None

    def __lt__(self, other):
        return self._compare(other, np.less)

    def __le__(self, other):
        return self._compare(other, np.less_equal)

    def __gt__(self, other):
        return self._compare(other, np.greater)

    def __ge__(self, other):
        return self._compare(other, np.greater_equal)

    def __eq__(self, other):
        return self._compare(other, np.equal)

    def __ne__(self, other):
        return self._compare(other, np.not_equal)

    def __invert__(self):
        if self.dtype.kind != "b":
            raise TypeError(f"Tensor ~: only boolean masks can be inverted, got dtype {self.dtype}.")
        return Tensor(~self.data, dtype=bool)

    def __and__(self, other):
        return Tensor(np.logical_and(self.data, other.data if isinstance(other, Tensor) else other), dtype=bool)

    def __or__(self, other):
        return Tensor(np.logical_or(self.data, other.data if isinstance(other, Tensor) else other), dtype=bool)

    def argmax(self, axis=None, keepdims: bool = False):
        """Index of the largest value (int64, no gradient: an index is not differentiable)."""
        return Tensor(np.argmax(self.data, axis=axis, keepdims=keepdims), dtype=np.int64)

    def argmin(self, axis=None, keepdims: bool = False):
        return Tensor(np.argmin(self.data, axis=axis, keepdims=keepdims), dtype=np.int64)

    # -- dtype ----------------------------------------------------------------------------
    def astype(self, dtype):
        """The same values in another dtype; float → float keeps the gradient (cast back)."""
        dtype = np.dtype(dtype)
        if dtype == self.dtype:
            return self
        out = self._child(self.data.astype(dtype), (self,), f"astype({dtype})")

        def _backward(g):
            self._accumulate(g.astype(self.dtype))
        out._backward = _backward
        return out

    to = astype

    def float(self):
        return self.astype(np.float32)

    def double(self):
        return self.astype(np.float64)

    def long(self):
        return self.astype(np.int64)

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        if requires_grad and self.dtype.kind != "f":
            raise TypeError(f"Tensor.requires_grad_: only floating tensors can require a gradient, got {self.dtype}.")
        self.requires_grad = requires_grad
        return self

    # -- activations as methods (x.tanh() reads like the equations of a cell) -------------
    def tanh(self):
        from lucidml.nn.functional import tanh
        return tanh(self)

    def sigmoid(self):
        from lucidml.nn.functional import sigmoid
        return sigmoid(self)

    def relu(self):
        from lucidml.nn.functional import relu
        return relu(self)

    def softmax(self, axis: int = -1):
        from lucidml.nn.functional import softmax
        return softmax(self, axis)

    def logsumexp(self, axis=-1, keepdims: bool = False):
        """ln Σⱼ e^{aⱼ} = m + ln Σⱼ e^{aⱼ − m}, m = max a (stable); ∂/∂aᵢ = softmax(a)ᵢ."""
        m = np.max(self.data, axis=axis, keepdims=True)
        m = np.where(np.isfinite(m), m, 0.0)                       # an all −∞ row gives −∞, not NaN
        e = np.exp(self.data - m)
        with np.errstate(divide="ignore"):
            lse = np.log(np.sum(e, axis=axis, keepdims=True)) + m
        out = self._child(lse if keepdims else np.squeeze(lse, axis=axis), (self,), "logsumexp")

        def _backward(g):
            g = g if keepdims else _expand(g, self.ndim, axis)
            with np.errstate(invalid="ignore"):
                s = np.where(np.isfinite(lse), np.exp(self.data - lse), 0.0)   # softmax(a)
            self._accumulate(g * s)
        out._backward = _backward
        return out

    # -- more shape -------------------------------------------------------------------------
    def view(self, *shape):
        """PyTorch's name for reshape (NumPy reshapes are views whenever they can be)."""
        return self.reshape(*shape)

    def flatten(self, start_dim: int = 0, end_dim: int = -1):
        """Merge the axes start_dim … end_dim into one: (B, C, H, W).flatten(1) → (B, C·H·W)."""
        if self.ndim == 0:
            return self.reshape(1)
        start, end = start_dim % self.ndim, end_dim % self.ndim
        if start > end:
            raise ValueError(f"Tensor.flatten: start_dim={start_dim} comes after end_dim={end_dim} "
                             f"for shape {self.shape}.")
        shape = self.shape[:start] + (int(np.prod(self.shape[start:end + 1])),) + self.shape[end + 1:]
        return self.reshape(shape)

    def unsqueeze(self, axis: int):
        """Insert an axis of length 1 at ``axis``: (B, T) → (B, 1, T) for axis=1."""
        axis = _check_axis(axis, self.ndim + 1, "unsqueeze")
        return self.reshape(self.shape[:axis] + (1,) + self.shape[axis:])

    def squeeze(self, axis=None):
        """Remove axes of length 1 (all of them, or the one given, if it has length 1)."""
        if axis is None:
            return self.reshape(tuple(n for n in self.shape if n != 1))
        axis = _check_axis(axis, self.ndim, "squeeze")
        if self.shape[axis] != 1:
            return self                                             # PyTorch: a no-op, not an error
        return self.reshape(self.shape[:axis] + self.shape[axis + 1:])

    def expand(self, *shape):
        """Broadcast to ``shape`` (−1 keeps an axis); the gradient is summed back over the copies."""
        shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        lead = len(shape) - self.ndim
        if lead < 0:
            raise ValueError(f"Tensor.expand: shape {shape} has fewer axes than the tensor's {self.shape}.")
        target = tuple(self.shape[i - lead] if n == -1 and i >= lead else n for i, n in enumerate(shape))
        try:
            data = np.broadcast_to(self.data, target)
        except ValueError:
            raise ValueError(f"Tensor.expand: cannot expand shape {self.shape} to {shape}; only axes of "
                             "length 1 can be stretched.") from None
        out = self._child(data, (self,), "expand")

        def _backward(g):                  # every copy of aᵢ passes its gradient back to aᵢ
            self._accumulate(g)
        out._backward = _backward
        return out

    def split(self, split_size_or_sections, axis: int = 0):
        """Pieces along ``axis``: of ``split_size`` each (the last may be shorter), or of the listed sizes."""
        n = self.shape[axis]
        if isinstance(split_size_or_sections, numbers.Integral):
            size = int(split_size_or_sections)
            if size < 1:
                raise ValueError(f"Tensor.split: split_size={size} must be >= 1.")
            sizes = [size] * (n // size) + ([n % size] if n % size else [])
        else:
            sizes = [int(s) for s in split_size_or_sections]
            if sum(sizes) != n or min(sizes, default=0) < 0:
                raise ValueError(f"Tensor.split: sections {sizes} must be non-negative and add up to the "
                                 f"length {n} of axis {axis}.")
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
        index = [slice(None)] * self.ndim
        pieces = []
        for start, size in zip(starts, sizes):
            index[axis % self.ndim] = slice(start, start + size)
            pieces.append(self[tuple(index)])
        return tuple(pieces)

    def unbind(self, axis: int = 0):
        """The slices along ``axis`` as separate tensors (time steps of a sequence).

        Each piece's gradient is written into one shared buffer, which reaches this tensor
        once; ``[x[t] for t in range(T)]`` would instead give every step's backward a zero
        array of the whole sequence's shape, O(T²) work for T steps.
        """
        axis = _check_axis(axis, self.ndim, "unbind")
        moved = np.moveaxis(self.data, axis, 0)
        T = moved.shape[0]
        if not (self.requires_grad and _GRAD_ENABLED):
            return tuple(Tensor(moved[t], dtype=self.dtype) for t in range(T))
        hub = self._child(self.data, (self,), "unbind")

        def _hub_backward(g):
            self._accumulate(g)
        hub._backward = _hub_backward
        pieces = []
        for t in range(T):
            piece = hub._child(moved[t], (hub,), f"unbind[{t}]")

            def _piece_backward(g, t=t):
                if hub.grad is None:
                    hub.grad = np.zeros_like(hub.data)
                np.moveaxis(hub.grad, axis, 0)[t] += g              # a view: lands in hub.grad
            piece._backward = _piece_backward
            pieces.append(piece)
        return tuple(pieces)

    def chunk(self, chunks: int, axis: int = 0):
        """``chunks`` pieces of ⌈n / chunks⌉ along ``axis`` (as torch.chunk)."""
        if chunks < 1:
            raise ValueError(f"Tensor.chunk: chunks={chunks} must be >= 1.")
        n = self.shape[axis]
        return self.split(max(1, -(-n // chunks)), axis)

    def masked_fill(self, mask, value: float):
        """Put ``value`` where ``mask`` is True (masks broadcast); those positions get no gradient."""
        m = np.asarray(mask.data if isinstance(mask, Tensor) else mask)
        if m.dtype != bool:
            raise TypeError(f"Tensor.masked_fill: the mask must be boolean, got dtype {m.dtype}; "
                            "build it with a comparison (e.g. ids == pad_id).")
        try:
            data = np.where(m, np.asarray(value, dtype=self.dtype), self.data)
        except ValueError:
            raise ValueError(f"Tensor.masked_fill: mask of shape {m.shape} does not broadcast to the "
                             f"tensor's shape {self.shape}.") from None
        if data.shape != self.shape:
            raise ValueError(f"Tensor.masked_fill: mask of shape {m.shape} would enlarge the tensor's shape "
                             f"{self.shape}; the mask must broadcast to it.")
        out = self._child(data, (self,), "masked_fill")

        def _backward(g):                  # a filled position does not depend on a
            self._accumulate(np.where(m, 0.0, g))
        out._backward = _backward
        return out

    def gather(self, axis: int, index):
        """out[i][j] = a[i][index[i][j]] along ``axis`` (torch.gather); repeated indices add up in ∂."""
        idx = _check_index(index, self.shape, axis, "gather")
        if idx.ndim != self.ndim:
            raise ValueError(f"Tensor.gather: index has {idx.ndim} axes but the tensor has {self.ndim}.")
        if any(i > n for d, (i, n) in enumerate(zip(idx.shape, self.shape)) if d != axis % self.ndim):
            raise ValueError(f"Tensor.gather: index of shape {idx.shape} is larger than the tensor's {self.shape} "
                             "on an axis other than the gathered one.")
        out = self._child(self.data[_gather_grid(idx, axis)], (self,), "gather")          # idx.shape

        def _backward(g):
            full = np.zeros_like(self.data)
            _scatter_add_along(full, idx, g, axis)
            self._accumulate(full)
        out._backward = _backward
        return out

    def index_select(self, axis: int, index):
        """Rows (or slices along ``axis``) picked by a 1-D index; repeated indices add up in ∂."""
        idx = _check_index(index, self.shape, axis, "index_select")
        if idx.ndim != 1:
            raise ValueError(f"Tensor.index_select: index must be 1-D, got shape {idx.shape}.")
        out = self._child(np.take(self.data, idx, axis=axis), (self,), "index_select")

        def _backward(g):
            full = np.zeros_like(self.data)
            moved = np.moveaxis(full, axis, 0)                     # a view: writes land in full
            np.add.at(moved, idx, np.moveaxis(g, axis, 0))
            self._accumulate(full)
        out._backward = _backward
        return out

    def tril(self, diagonal: int = 0):
        """Keep the lower triangle (j ≤ i + diagonal) of the last two axes; zero (and no gradient) above."""
        keep = np.tril(np.ones(self.shape[-2:], dtype=bool), diagonal)
        return self.masked_fill(~keep, 0.0)

    def triu(self, diagonal: int = 0):
        """Keep the upper triangle (j ≥ i + diagonal) of the last two axes."""
        keep = np.triu(np.ones(self.shape[-2:], dtype=bool), diagonal)
        return self.masked_fill(~keep, 0.0)


def _is_basic_index(index) -> bool:
    parts = index if isinstance(index, tuple) else (index,)
    return all(p is None or p is Ellipsis or isinstance(p, (slice, numbers.Integral)) for p in parts)


def _check_axis(axis, ndim: int, owner: str) -> int:
    if not isinstance(axis, numbers.Integral) or not -ndim <= axis < ndim:
        raise ValueError(f"Tensor.{owner}: axis={axis} is out of range for {ndim} axes.")
    return int(axis) % ndim


def _check_index(index, shape, axis, owner: str) -> np.ndarray:
    """An integer index array whose values lie in [0, shape[axis]) (a clear error, not an IndexError)."""
    idx = np.asarray(index.data if isinstance(index, Tensor) else index)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"Tensor.{owner}: the index must hold integers, got dtype {idx.dtype}.")
    axis = _check_axis(axis, len(shape), owner)
    n = shape[axis]
    if idx.size and (idx.min() < -n or idx.max() >= n):
        raise IndexError(f"Tensor.{owner}: index values range from {idx.min()} to {idx.max()} but axis {axis} "
                         f"has length {n}; use indices in [0, {n - 1}].")
    return idx.astype(np.intp) % max(n, 1)


def _gather_grid(idx: np.ndarray, axis: int) -> tuple:
    """The fancy index of torch.gather: position (i, j, k) reads a[i, j, idx[i, j, k]] for axis 2."""
    grids = list(np.indices(idx.shape, sparse=True))
    grids[axis % idx.ndim] = idx
    return tuple(grids)


def _scatter_add_along(full: np.ndarray, idx: np.ndarray, g: np.ndarray, axis: int) -> None:
    """The adjoint of gather: full[grid(idx)] += g, repeated positions adding up."""
    np.add.at(full, _gather_grid(idx, axis), g)


def _check_broadcast(a: Tensor, b: Tensor, op: str) -> None:
    if a.data.shape == b.data.shape:
        return
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"Tensor {op}: shapes {a.shape} and {b.shape} cannot be broadcast together; "
                         "each axis (aligned from the right) must match or be 1.") from None


def _expand(g: np.ndarray, ndim: int, axis) -> np.ndarray:
    """Re-insert the axes a reduction removed, so ``g`` broadcasts against its input."""
    if axis is None:
        return np.reshape(g, (1,) * ndim)
    axes = (axis,) if isinstance(axis, numbers.Integral) else tuple(axis)
    return np.expand_dims(g, tuple(a % ndim for a in axes))


def _topological_order(root: Tensor) -> list[Tensor]:
    """Every node reachable from ``root``, each after all of its parents (iterative DFS)."""
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))                      # revisit once its parents are placed
        for parent in node._parents:
            if id(parent) not in visited:
                stack.append((parent, False))
    return order


def tensor(data, requires_grad: bool = False, dtype=None) -> Tensor:
    """Create a :class:`Tensor` (the PyTorch spelling)."""
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)


def _as_tensors(tensors, owner):
    tensors = list(tensors)
    if not tensors:
        raise ValueError(f"{owner}: needs at least one tensor.")
    first = next((t for t in tensors if isinstance(t, Tensor)), None)
    dtype = first.dtype if first is not None else np.float32
    return [t if isinstance(t, Tensor) else Tensor(t, dtype=dtype) for t in tensors]


def cat(tensors, axis: int = 0) -> Tensor:
    """Join tensors along an existing axis; the gradient is split back into the pieces."""
    ts = _as_tensors(tensors, "cat")
    try:
        data = np.concatenate([t.data for t in ts], axis=axis)
    except ValueError:
        raise ValueError(f"cat: shapes {[t.shape for t in ts]} cannot be joined along axis {axis}; "
                         "all other axes must match.") from None
    out = ts[0]._child(data, tuple(ts), "cat")
    bounds = np.cumsum([t.shape[axis] for t in ts])[:-1]

    def _backward(g):
        for t, g in zip(ts, np.split(g, bounds, axis=axis)):
            t._accumulate(g)
    out._backward = _backward
    return out


def stack(tensors, axis: int = 0) -> Tensor:
    """Stack equal-shaped tensors along a new axis; the gradient is unstacked."""
    ts = _as_tensors(tensors, "stack")
    shapes = {t.shape for t in ts}
    if len(shapes) != 1:
        raise ValueError(f"stack: all tensors need the same shape, got {[t.shape for t in ts]}.")
    out = ts[0]._child(np.stack([t.data for t in ts], axis=axis), tuple(ts), "stack")

    def _backward(g):
        for i, t in enumerate(ts):
            t._accumulate(np.take(g, i, axis=axis))
    out._backward = _backward
    return out


def where(condition, a, b) -> Tensor:
    """Pick a where the condition holds, else b; each receives the gradient where it was picked."""
    cond = np.asarray(condition.data if isinstance(condition, Tensor) else condition, dtype=bool)
    a, b = _as_tensors([a, b], "where")
    out = a._child(np.where(cond, a.data, b.data), (a, b), "where")

    def _backward(g):
        a._accumulate(np.where(cond, g, 0.0))
        b._accumulate(np.where(cond, 0.0, g))
    out._backward = _backward
    return out


def zeros(*shape, dtype=np.float32, requires_grad: bool = False) -> Tensor:
    shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    return Tensor(np.zeros(shape, dtype=dtype), requires_grad=requires_grad)


def ones(*shape, dtype=np.float32, requires_grad: bool = False) -> Tensor:
    shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    return Tensor(np.ones(shape, dtype=dtype), requires_grad=requires_grad)


def full(shape, fill_value, dtype=np.float32) -> Tensor:
    return Tensor(np.full(shape, fill_value, dtype=dtype))


def arange(*args, dtype=np.int64) -> Tensor:
    """0, 1, …, n − 1 (positions for an embedding), int64 unless told otherwise."""
    return Tensor(np.arange(*args, dtype=dtype))


def tril(x, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two axes (``tril(ones(T, T))`` is the causal mask's keep-pattern)."""
    x = x if isinstance(x, Tensor) else Tensor(x)
    if x.dtype.kind == "b":
        return Tensor(np.tril(x.data, diagonal), dtype=bool)
    return x.tril(diagonal)


def triu(x, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two axes (``triu(ones(T, T), 1)`` marks the future positions)."""
    x = x if isinstance(x, Tensor) else Tensor(x)
    if x.dtype.kind == "b":
        return Tensor(np.triu(x.data, diagonal), dtype=bool)
    return x.triu(diagonal)
