"""Save and load fitted estimators and networks without pickle.

A file is a NumPy ``.npz`` archive: every array is stored as itself, and one extra entry
holds a JSON description (the class, its ``get_params()``, the fitted attributes, and how
the arrays fit into them). Loading reads the archive with ``allow_pickle=False`` (no code
in the file can run), accepts only classes from the ``lucidml`` package that are
scikit-learn estimators, :class:`lucidml.nn.Module` layers or dataclasses (plain records
such as a tree's node arrays, :class:`lucidml.tree.cart.Tree`): the allow-list, and
checks a SHA-256 digest over the description and every array, so a file that was edited
after ``save`` wrote it is refused.

What is stored for an estimator: ``get_params(deep=False)`` and every attribute that
``fit`` set: public ones end in ``_`` (``coef_``, ``classes_``), private ones start with
``_`` (such as kNN's ``_fit_X``). Values may be numbers, strings, arrays (numeric or text;
masked arrays; object arrays of any storable values, such as gradient boosting's grid of
trees), lists, tuples and dicts of those, NumPy random generators, nested lucidml
estimators, networks and dataclasses, and the few functions lucidml hands out by name
(the default scorer of a search, see :func:`_named_objects`); anything else is refused
with an error naming the attribute.

>>> import tempfile, os
>>> from lucidml.neighbors import KNeighborsClassifier
>>> knn = KNeighborsClassifier(n_neighbors=1).fit([[0.], [1.]], ["a", "b"])
>>> path = os.path.join(tempfile.mkdtemp(), "knn.npz")
>>> save(knn, path)
>>> load(path).predict([[0.9]]).tolist()
['b']
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import numbers
import os
import zipfile

import numpy as np

__all__ = ["save", "load", "save_checkpoint", "load_checkpoint", "LucidFileError"]

FORMAT = "lucidml"
VERSION = 1
_HEADER = "__lucidml__"


class LucidFileError(ValueError):
    """The file was not written by :mod:`lucidml.io`, was modified, or names a class outside the allow-list."""


# -- public API --------------------------------------------------------------------------------------
def save(obj, path) -> None:
    """Write a fitted lucidml estimator or a :class:`lucidml.nn.Module` to ``path`` (an ``.npz`` file)."""
    arrays: dict[str, np.ndarray] = {}
    if _is_module(obj):
        description = {"kind": "module", "object": _encode(obj, arrays, "obj")}
    elif _is_estimator(obj):
        description = {"kind": "estimator", "object": _encode(obj, arrays, "obj")}
    else:
        raise TypeError(f"lucidml.io.save: can only save lucidml estimators and lucidml.nn modules, "
                        f"got {type(obj).__module__}.{type(obj).__qualname__}.")
    _write(path, description, arrays)


def load(path):
    """Read an estimator or network written by :func:`save`."""
    description, arrays = _read(path)
    if description.get("kind") not in ("estimator", "module"):
        raise LucidFileError(f"lucidml.io.load: {path} holds a {description.get('kind')!r}, not an estimator or "
                             "network; use load_checkpoint for checkpoints.")
    return _decode(description["object"], arrays)


def save_checkpoint(path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write named arrays plus JSON-friendly ``meta`` (atomically: a crash never leaves half a file)."""
    stored = {f"a{i}": np.asarray(v) for i, v in enumerate(arrays.values())}
    description = {"kind": "checkpoint", "names": list(arrays), "meta": meta}
    tmp = f"{path}.tmp"
    _write(tmp, description, stored)
    os.replace(tmp, path)


def load_checkpoint(path) -> tuple[dict[str, np.ndarray], dict]:
    description, arrays = _read(path)
    if description.get("kind") != "checkpoint":
        raise LucidFileError(f"lucidml.io.load_checkpoint: {path} is not a checkpoint.")
    return {name: arrays[f"a{i}"] for i, name in enumerate(description["names"])}, description["meta"]


# -- the file: npz + JSON header + digest --------------------------------------------------------------
def _digest(header_json: str, arrays: dict[str, np.ndarray]) -> str:
    h = hashlib.sha256(header_json.encode("utf-8"))
    for key in sorted(arrays):
        a = np.ascontiguousarray(arrays[key])
        h.update(f"{key}|{a.dtype.str}|{a.shape}".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _write(path, description: dict, arrays: dict[str, np.ndarray]) -> None:
    for key, a in arrays.items():
        if a.dtype.kind == "O":
            raise TypeError(f"lucidml.io.save: array '{key}' has dtype object, which cannot be stored without "
                            "pickle; convert it to numbers or strings.")
    body = json.dumps({"format": FORMAT, "version": VERSION, **description}, sort_keys=True)
    header = {"body": body, "sha256": _digest(body, arrays)}
    payload = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    with open(path, "wb") as f:
        np.savez(f, **{_HEADER: payload}, **arrays)


def _read(path) -> tuple[dict, dict[str, np.ndarray]]:
    where = f"lucidml.io: {path}"
    try:
        with np.load(path, allow_pickle=False) as archive:
            if not isinstance(archive, np.lib.npyio.NpzFile):
                raise LucidFileError(f"{where} is a bare .npy array, not a file written by lucidml.io.save.")
            names = archive.files
            if _HEADER not in names:
                raise LucidFileError(f"{where} was not written by lucidml.io.save (no lucidml header); refusing it.")
            header = json.loads(archive[_HEADER].tobytes().decode("utf-8"))
            arrays = {k: archive[k] for k in names if k != _HEADER}
    except LucidFileError:
        raise
    except ValueError as exc:
        if "pickle" in str(exc).lower():
            raise LucidFileError(f"{where} contains pickled objects; lucidml.io never unpickles (it could run code "
                                 "from the file). Refusing it.") from None
        raise LucidFileError(f"{where} could not be read as a lucidml file ({exc}).") from None
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, EOFError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise LucidFileError(f"{where} could not be read as a lucidml file ({exc}).") from None
    if not isinstance(header, dict) or "body" not in header or "sha256" not in header:
        raise LucidFileError(f"{where} has a malformed lucidml header; refusing it.")
    if _digest(header["body"], arrays) != header["sha256"]:
        raise LucidFileError(f"{where} was modified after lucidml.io.save wrote it (checksum mismatch); refusing it.")
    body = json.loads(header["body"])
    if body.get("format") != FORMAT or body.get("version") != VERSION:
        raise LucidFileError(f"{where}: unknown format {body.get('format')!r} version {body.get('version')!r}.")
    return body, arrays


# -- encoding values ----------------------------------------------------------------------------------
def _is_estimator(obj) -> bool:
    from sklearn.base import BaseEstimator

    return isinstance(obj, BaseEstimator) and type(obj).__module__.startswith("lucidml.")


def _is_module(obj) -> bool:
    from lucidml.nn.modules import Module

    return isinstance(obj, Module) and type(obj).__module__.startswith("lucidml.")


def _is_dataclass(obj) -> bool:
    return (dataclasses.is_dataclass(obj) and not isinstance(obj, type)
            and type(obj).__module__.startswith("lucidml."))


def _named_objects() -> dict:
    """The functions lucidml stores on fitted estimators, by a name that the file holds instead.

    Only these can be stored; a file can name nothing else. Today: the scorer a search uses
    when ``scoring=None`` (the estimator's own ``score``). The named scorers in
    ``lucidml.model_selection.scoring.SCORERS`` are dataclasses and are stored as such.
    """
    from lucidml.model_selection.scoring import get_scorer

    return {"model_selection.scoring.default": get_scorer(None)}


def _class_path(obj) -> str:
    return f"{type(obj).__module__}:{type(obj).__qualname__}"


def _encode(value, arrays: dict, key: str):
    """A JSON node for ``value``; arrays go into ``arrays`` under keys derived from ``key``."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, np.integer):
        return value
    if isinstance(value, np.generic):                   # before float: np.float64 is a float too
        if value.dtype.kind not in "biufU":
            raise TypeError(f"lucidml.io.save: {key} is a NumPy {value.dtype} scalar, which cannot be stored.")
        return {"__scalar__": value.item(), "dtype": value.dtype.str}
    if isinstance(value, float):
        return value
    if isinstance(value, np.ma.MaskedArray):             # e.g. a search's param_<name> columns
        return {"__masked__": _encode(np.ma.getdata(value), arrays, f"{key}.data"),
                "mask": _encode(np.ma.getmaskarray(value), arrays, f"{key}.mask")}
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "O" and not all(isinstance(v, str) for v in value.ravel()):
            # e.g. gradient boosting's (n_stages, K) grid of trees: each item on its own
            return {"__objects__": [_encode(v, arrays, f"{key}[{i}]") for i, v in enumerate(value.ravel())],
                    "shape": list(value.shape)}
        name = f"k{len(arrays)}"
        node = {"__array__": name}
        if value.dtype.kind == "O":                     # string labels kept as objects
            value, node["object"] = value.astype(str), True
        if value.dtype.kind not in "biufUc":
            raise TypeError(f"lucidml.io.save: {key} has dtype {value.dtype}, which cannot be stored.")
        arrays[name] = value
        return node
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v, arrays, f"{key}[{i}]") for i, v in enumerate(value)]}
    if isinstance(value, list):
        return [_encode(v, arrays, f"{key}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError(f"lucidml.io.save: {key} is a dict with non-string keys; it cannot be stored.")
        return {"__dict__": {k: _encode(v, arrays, f"{key}.{k}") for k, v in value.items()},
                "keys": list(value)}                    # the JSON is written with sorted keys: keep the order
    if isinstance(value, np.random.Generator):
        return {"__generator__": value.bit_generator.state}
    if _is_module(value):
        node = _encode_architecture(value, arrays, key)
        node["state"] = {k: _encode(v, arrays, f"{key}.{k}") for k, v in value.state_dict().items()}
        return node
    if _is_estimator(value):
        params = value.get_params(deep=False)
        fitted = {k: v for k, v in vars(value).items() if k not in params and (k.endswith("_") or k.startswith("_"))
                  and not k.startswith("__")}
        return {"__estimator__": _class_path(value),
                "params": {k: _encode(v, arrays, f"{key}.{k}") for k, v in params.items()},
                "fitted": {k: _encode(v, arrays, f"{key}.{k}") for k, v in fitted.items()}}
    if _is_dataclass(value):
        return {"__dataclass__": _class_path(value),
                "fields": {f.name: _encode(getattr(value, f.name), arrays, f"{key}.{f.name}")
                           for f in dataclasses.fields(value)}}
    named = next((name for name, obj in _named_objects().items() if obj is value), None) if callable(value) else None
    if named is not None:
        return {"__named__": named}
    raise TypeError(f"lucidml.io.save: {key} is a {type(value).__module__}.{type(value).__qualname__}, which "
                    "lucidml.io cannot store without pickle (allowed: numbers, strings, arrays, lists, tuples, "
                    "dicts, NumPy generators, lucidml estimators, networks and dataclasses).")


def _encode_architecture(module, arrays: dict, key: str) -> dict:
    """A network's classes and constructor arguments, layers nested inside (their numbers come separately)."""
    def config_value(v, k):
        if _is_module(v):
            return _encode_architecture(v, arrays, k)
        if isinstance(v, list) and any(_is_module(m) for m in v):
            return [config_value(m, f"{k}[{i}]") for i, m in enumerate(v)]
        return _encode(v, arrays, k)

    config = {k: config_value(v, f"{key}.{k}") for k, v in module.config().items()}
    return {"__module__": _class_path(module), "config": config}


def _allowed_class(path: str, kind: str):
    """Import a class named in the file, only from the lucidml package and only of the allowed kinds."""
    from sklearn.base import BaseEstimator

    from lucidml.nn.modules import Module

    module_name, _, qualname = path.partition(":")
    if not (module_name == "lucidml" or module_name.startswith("lucidml.")) or not qualname.isidentifier():
        raise LucidFileError(f"lucidml.io.load: the file names the class {path!r}, which is not a lucidml class; "
                             "refusing it.")
    try:
        cls = getattr(importlib.import_module(module_name), qualname)
    except (ImportError, AttributeError):
        raise LucidFileError(f"lucidml.io.load: the class {path!r} does not exist in this lucidml.") from None
    if kind == "dataclass":
        allowed = isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module_name
    else:
        allowed = isinstance(cls, type) and issubclass(cls, BaseEstimator if kind == "estimator" else Module)
    if not allowed:
        raise LucidFileError(f"lucidml.io.load: {path!r} is not a lucidml {kind}; refusing it.")
    return cls


def _decode(node, arrays: dict):
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list):
        return [_decode(v, arrays) for v in node]
    if not isinstance(node, dict):
        raise LucidFileError(f"lucidml.io.load: unexpected value {node!r} in the description.")
    if "__array__" in node:
        a = arrays[node["__array__"]]
        return a.astype(object) if node.get("object") else a
    if "__masked__" in node:
        return np.ma.MaskedArray(_decode(node["__masked__"], arrays), mask=_decode(node["mask"], arrays))
    if "__objects__" in node:
        items = [_decode(v, arrays) for v in node["__objects__"]]
        out = np.empty(len(items), dtype=object)
        for i, v in enumerate(items):                   # one by one: NumPy would spread a list item over a row
            out[i] = v
        return out.reshape(node["shape"])
    if "__named__" in node:
        named = _named_objects()
        if node["__named__"] not in named:
            raise LucidFileError(f"lucidml.io.load: the file names the function {node['__named__']!r}, which is "
                                 "not one lucidml stores; refusing it.")
        return named[node["__named__"]]
    if "__dataclass__" in node:
        cls = _allowed_class(node["__dataclass__"], "dataclass")
        return cls(**{k: _decode(v, arrays) for k, v in node["fields"].items()})
    if "__scalar__" in node:
        return np.dtype(node["dtype"]).type(node["__scalar__"])
    if "__tuple__" in node:
        return tuple(_decode(v, arrays) for v in node["__tuple__"])
    if "__dict__" in node:
        items = node["__dict__"]
        return {k: _decode(items[k], arrays) for k in node.get("keys", items)}
    if "__generator__" in node:
        state = node["__generator__"]
        if state.get("bit_generator") != "PCG64":
            raise LucidFileError("lucidml.io.load: only PCG64 random generators can be restored.")
        g = np.random.default_rng()
        g.bit_generator.state = state
        return g
    if "__module__" in node:
        cls = _allowed_class(node["__module__"], "module")
        module = cls.from_config({k: _decode(v, arrays) for k, v in node["config"].items()})
        if "state" in node:
            module.load_state_dict({k: _decode(v, arrays) for k, v in node["state"].items()})
        return module
    if "__estimator__" in node:
        cls = _allowed_class(node["__estimator__"], "estimator")
        est = cls(**{k: _decode(v, arrays) for k, v in node["params"].items()})
        for k, v in node["fitted"].items():
            setattr(est, k, _decode(v, arrays))
        return est
    raise LucidFileError(f"lucidml.io.load: unknown entry {sorted(node)} in the description.")
