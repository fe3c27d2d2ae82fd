"""lucidml.io: save/load without pickle; bit-identical predictions; tampered and pickled files refused."""
from __future__ import annotations

import json
import pickle
import warnings
import zipfile

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from lucidml import io
from lucidml.neighbors import KNeighborsClassifier, KNeighborsRegressor
from lucidml.nn import BatchNorm1d, Dropout, LayerNorm, Linear, MLPClassifier, MLPRegressor, ReLU, Sequential, Tensor

rng = np.random.default_rng(0)
X = rng.normal(size=(60, 4))
y_class = np.array(["cat", "dog", "emu"])[rng.integers(0, 3, 60)]
y_reg = X @ [1.0, -2.0, 0.5, 0.0]


def _fitted():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return [
            KNeighborsClassifier(n_neighbors=3, weights="distance").fit(X, y_class),
            KNeighborsRegressor(n_neighbors=2, metric="manhattan").fit(X, np.c_[y_reg, -y_reg]),
            MLPClassifier((8, 5), max_iter=5, batch_norm=True, dropout=0.1, random_state=0).fit(X, y_class),
            MLPRegressor((6,), max_iter=5, early_stopping=True, random_state=0).fit(X, y_reg),
        ]


@pytest.mark.parametrize("model", _fitted(), ids=lambda m: type(m).__name__)
def test_round_trip_gives_bit_identical_predictions(model, tmp_path):
    path = tmp_path / "model.npz"
    io.save(model, path)
    loaded = io.load(path)
    assert type(loaded) is type(model) and loaded.get_params() == model.get_params()
    Q = rng.normal(size=(25, 4))
    np.testing.assert_array_equal(loaded.predict(Q), model.predict(Q))
    if hasattr(model, "predict_proba"):
        np.testing.assert_array_equal(loaded.predict_proba(Q), model.predict_proba(Q))


def test_network_round_trip(tmp_path):
    net = Sequential(Linear(4, 6, random_state=0), BatchNorm1d(6), ReLU(), Dropout(0.3), Linear(6, 3, random_state=1),
                     LayerNorm(3))
    net(Tensor(X))                                 # move the running statistics
    net.eval()
    io.save(net, tmp_path / "net.npz")
    loaded = io.load(tmp_path / "net.npz").eval()
    assert repr(loaded) == repr(net)
    np.testing.assert_array_equal(loaded(Tensor(X)).data, net(Tensor(X)).data)
    assert set(loaded.state_dict()) == set(net.state_dict())


def test_refuses_a_tampered_file(tmp_path):
    model = KNeighborsClassifier(n_neighbors=1).fit(X, y_class)
    path = tmp_path / "knn.npz"
    io.save(model, path)
    # 1. change one number of the training data
    with np.load(path, allow_pickle=False) as f:
        entries = {k: f[k] for k in f.files}
    key = next(k for k, v in entries.items() if v.dtype == np.float64)
    entries[key] = entries[key].copy()
    entries[key].flat[0] += 1.0
    with open(tmp_path / "edited.npz", "wb") as f:
        np.savez(f, **entries)
    with pytest.raises(io.LucidFileError, match="modified"):
        io.load(tmp_path / "edited.npz")
    # 2. point the description at another class and recompute the digest: the allow-list refuses it
    with np.load(path, allow_pickle=False) as f:
        entries = {k: f[k] for k in f.files}
    header = json.loads(entries["__lucidml__"].tobytes())
    body = json.loads(header["body"])
    body["object"]["__estimator__"] = "os:system"
    header["body"] = json.dumps(body, sort_keys=True)
    header["sha256"] = io._digest(header["body"], {k: v for k, v in entries.items() if k != "__lucidml__"})
    entries["__lucidml__"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    with open(tmp_path / "evil.npz", "wb") as f:
        np.savez(f, **entries)
    with pytest.raises(io.LucidFileError, match="not a lucidml class"):
        io.load(tmp_path / "evil.npz")
    body["object"]["__estimator__"] = "lucidml.nn.modules:Linear"      # a lucidml class, but not an estimator
    header["body"] = json.dumps(body, sort_keys=True)
    header["sha256"] = io._digest(header["body"], {k: v for k, v in entries.items() if k != "__lucidml__"})
    entries["__lucidml__"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    with open(tmp_path / "evil2.npz", "wb") as f:
        np.savez(f, **entries)
    with pytest.raises(io.LucidFileError, match="not a lucidml estimator"):
        io.load(tmp_path / "evil2.npz")


class _Boom:
    def __reduce__(self):
        return (print, ("this must never run",))


def test_refuses_pickled_payloads_and_foreign_files(tmp_path, capsys):
    # an npz holding a pickled object array
    with open(tmp_path / "pickled.npz", "wb") as f:
        np.savez(f, __lucidml__=np.frombuffer(b"{}", dtype=np.uint8), x=np.array([_Boom()], dtype=object))
    with pytest.raises(io.LucidFileError, match="pickle"):
        io.load(tmp_path / "pickled.npz")
    # a plain pickle file
    (tmp_path / "model.pkl").write_bytes(pickle.dumps(_Boom()))
    with pytest.raises(io.LucidFileError, match="pickle"):
        io.load(tmp_path / "model.pkl")
    assert "must never run" not in capsys.readouterr().out
    # an npz that lucidml did not write
    with open(tmp_path / "other.npz", "wb") as f:
        np.savez(f, w=np.zeros(3))
    with pytest.raises(io.LucidFileError, match="not written by lucidml"):
        io.load(tmp_path / "other.npz")
    # a corrupted zip
    (tmp_path / "broken.npz").write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(io.LucidFileError):
        io.load(tmp_path / "broken.npz")
    with pytest.raises(FileNotFoundError):
        io.load(tmp_path / "missing.npz")


def test_bad_input_unsupported_objects(tmp_path):
    with pytest.raises(TypeError, match="can only save lucidml"):
        io.save({"a": 1}, tmp_path / "x.npz")
    from sklearn.neighbors import KNeighborsClassifier as SkKNN
    with pytest.raises(TypeError, match="can only save lucidml"):
        io.save(SkKNN().fit(X, y_class), tmp_path / "x.npz")
    model = KNeighborsClassifier().fit(X, y_class)
    model.extra_ = lambda: None                    # something that cannot be stored without pickle
    with pytest.raises(TypeError, match="extra_"):
        io.save(model, tmp_path / "x.npz")
    arrays, meta = {"w": np.arange(3.0)}, {"epoch": 2, "history": {"loss": [1.0, 0.5]}}
    io.save_checkpoint(tmp_path / "ck.npz", arrays, meta)
    with pytest.raises(io.LucidFileError, match="checkpoint"):
        io.load(tmp_path / "ck.npz")
    a, m = io.load_checkpoint(tmp_path / "ck.npz")
    np.testing.assert_array_equal(a["w"], arrays["w"])
    assert m == meta
    assert zipfile.is_zipfile(tmp_path / "ck.npz")
