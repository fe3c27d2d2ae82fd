"""lucidml.io round-trips every exported estimator: fitted on a real data set, saved, loaded, and
its predictions (and every fitted attribute) bit for bit the same; a tampered file is still refused.

The estimators are found, not listed: every public name of every lucidml package that is a
scikit-learn estimator class with a ``fit``. Each is fitted on data that suits its kind,
read from the class itself: a classifier on iris, a regressor on diabetes, a clusterer,
density model or transformer on iris X, a time-series model (``fit(y)``) on the Nile
flows, a character model (``fit(names)``) on census first names. KWARGS keeps the big
ones small and fills required arguments; a new estimator the rules cannot fit makes
``test_every_exported_estimator_is_fitted`` fail until a rule is added here.
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil
import warnings

import numpy as np
import pytest
from sklearn.base import BaseEstimator, is_classifier, is_clusterer, is_regressor

import lucidml
from lucidml import io


def _exported_estimators() -> list[type]:
    found = {}
    for info in pkgutil.iter_modules(lucidml.__path__):
        if not info.ispkg or info.name.startswith("_"):
            continue
        package = importlib.import_module(f"lucidml.{info.name}")
        for name in getattr(package, "__all__", ()):
            obj = getattr(package, name)
            if (isinstance(obj, type) and issubclass(obj, BaseEstimator) and callable(getattr(obj, "fit", None))
                    and not inspect.isabstract(obj) and obj.__module__.startswith("lucidml.")):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


def _small_ridge():
    from lucidml.linear_model import Ridge

    return Ridge(alpha=1.0)


# constructor arguments by class name: small ensembles and few epochs (the test is about
# storage, not accuracy), and the required arguments of the meta-estimators
KWARGS = {
    "RandomForestClassifier": lambda: dict(n_estimators=5, random_state=0),
    "RandomForestRegressor": lambda: dict(n_estimators=5, random_state=0),
    "GradientBoostingClassifier": lambda: dict(n_estimators=5, random_state=0),
    "GradientBoostingRegressor": lambda: dict(n_estimators=5, random_state=0),
    "AdaBoostClassifier": lambda: dict(n_estimators=5, random_state=0),
    "MLPClassifier": lambda: dict(hidden_layer_sizes=(8,), max_iter=5, random_state=0),
    "MLPRegressor": lambda: dict(hidden_layer_sizes=(8,), max_iter=5, random_state=0),
    "CNNClassifier": lambda: dict(architecture="lenet", image_shape=(8, 8), max_iter=1, random_state=0),
    "CharRNN": lambda: dict(embedding_dim=8, hidden_size=16, max_iter=1, random_state=0),
    "RNNForecaster": lambda: dict(window=6, hidden_size=8, max_iter=3, random_state=0),
    "GridSearchCV": lambda: dict(estimator=_small_ridge(), param_grid={"alpha": [0.1, 1.0]}, cv=3),
    "RandomizedSearchCV": lambda: dict(estimator=_small_ridge(), param_distributions={"alpha": [0.1, 1.0, 10.0]},
                                       n_iter=2, cv=3, random_state=0),
    "LagForecaster": lambda: dict(regressor=_small_ridge(), lags=3),
    "ForecastingCV": lambda: dict(estimator=importlib.import_module("lucidml.timeseries").AR(2)),
    "KMeans": lambda: dict(n_clusters=3, random_state=0),
    "GaussianMixture": lambda: dict(n_components=3, random_state=0),
    "AgglomerativeClustering": lambda: dict(n_clusters=3),
    "ARIMA": lambda: dict(p=1, d=1, q=1),
    "PolynomialRegression": lambda: dict(degree=2),
    "Autoencoder": lambda: dict(max_iter=5, random_state=0),
    "BernoulliRBM": lambda: dict(n_components=8, n_iter=2, random_state=0),
    "VAE": lambda: dict(hidden_layer_sizes=(8,), max_iter=3, random_state=0),
    "GAN": lambda: dict(hidden_layer_sizes=(8,), max_iter=2, random_state=0),
}
# further settings worth a round trip of their own (another set of fitted attributes)
EXTRA = [("SVC", dict(probability=True, random_state=0)), ("SVC", dict(solver="platt")),
         ("DecisionTreeRegressor", dict(criterion="absolute_error", max_depth=4)),
         ("GridSearchCV", dict(scoring="neg_mean_squared_error"))]

OUTPUTS = ("predict", "predict_proba", "predict_log_proba", "decision_function", "transform", "score_samples",
           "log_prob")


def _data(cls):
    """(what fit gets, what the outputs are computed on, how to call the outputs) for this class."""
    from sklearn import datasets

    first = (list(inspect.signature(cls.fit).parameters)[1:2] or [None])[0]   # the name of fit's first argument
    if cls.__name__ == "CNNClassifier":
        X, y = datasets.load_digits(return_X_y=True)
        return (X[:120], y[:120]), X[120:160], None
    if first == "y":                                    # a time-series model: fit(y), then forecast
        from lucidml.datasets import load_nile

        return (load_nile()[1],), None, "series"
    if first == "names":                                # a character-level model of names
        from lucidml.datasets import load_names

        names = load_names("first").names[:200]
        return (names,), names[:50], None
    if cls.__module__.startswith("lucidml.generative."):   # Bernoulli models need [0, 1]: digits / 16
        X = datasets.load_digits().data[:200] / 16.0
        return (X,), X[:50], None
    probe = cls(**KWARGS.get(cls.__name__, dict)())
    if is_classifier(probe):
        X, y = datasets.load_iris(return_X_y=True)
        return (X, y), X, None
    if is_regressor(probe):
        X, y = datasets.load_diabetes(return_X_y=True)
        return (X, y), X, None
    tags = probe.__sklearn_tags__()
    if is_clusterer(probe) or tags.estimator_type == "density_estimator" or hasattr(probe, "transform"):
        X = datasets.load_iris().data
        return (X,), X, None
    raise AssertionError(f"{cls.__name__}: no rule says what data to fit it on; add one to _data in {__file__}.")


def _outputs(model, query, kind):
    if kind == "series":
        method = "forecast" if hasattr(model, "forecast") else None
        return {method: model.forecast(5)} if method else {}
    return {m: getattr(model, m)(query) for m in OUTPUTS if hasattr(model, m)}


def _same(a, b, where="") -> None:
    """a and b hold the same values, bit for bit, recursively (arrays, estimators, networks, records)."""
    assert type(a) is type(b), f"{where}: {type(a)} != {type(b)}"
    if isinstance(a, np.ma.MaskedArray):
        np.testing.assert_array_equal(np.ma.getmaskarray(a), np.ma.getmaskarray(b), err_msg=where)
        _same(np.ma.getdata(a), np.ma.getdata(b), where)
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape, f"{where}: {a.dtype}{a.shape} != {b.dtype}{b.shape}"
        if a.dtype.kind == "O":
            for i, (u, v) in enumerate(zip(a.ravel(), b.ravel())):
                _same(u, v, f"{where}[{i}]")
        else:
            assert np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"), where
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (u, v) in enumerate(zip(a, b)):
            _same(u, v, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            _same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, BaseEstimator):
        _same(a.get_params(deep=False), b.get_params(deep=False), f"{where}.params")
        fitted_a, fitted_b = ({k: v for k, v in sorted(vars(e).items()) if k.endswith("_") or k.startswith("_")}
                              for e in (a, b))
        _same(fitted_a, fitted_b, where)
    elif hasattr(a, "state_dict") and hasattr(a, "config"):            # an nn.Module
        assert repr(a) == repr(b), where
        _same(a.state_dict(), b.state_dict(), f"{where}.state_dict()")
    elif dataclasses.is_dataclass(a):
        _same({f.name: getattr(a, f.name) for f in dataclasses.fields(a)},
              {f.name: getattr(b, f.name) for f in dataclasses.fields(b)}, where)
    elif isinstance(a, np.random.Generator):
        assert a.bit_generator.state == b.bit_generator.state, where
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b), where
    else:
        assert a == b or a is b, f"{where}: {a!r} != {b!r}"


ESTIMATORS = _exported_estimators()
CONFIGS = [(cls, {}) for cls in ESTIMATORS] + [(next(c for c in ESTIMATORS if c.__name__ == name), kw)
                                                for name, kw in EXTRA]


def test_every_exported_estimator_is_fitted():
    # the walk finds the estimators of every topic (a sanity check on the discovery itself)
    names = {cls.__name__ for cls in ESTIMATORS}
    assert {"DecisionTreeClassifier", "RandomForestClassifier", "GradientBoostingRegressor", "AdaBoostClassifier",
            "SVC", "KMeans", "PCA", "StandardScaler", "ARIMA", "MLPClassifier", "GridSearchCV"} <= names
    assert len(ESTIMATORS) >= 30
    for cls in ESTIMATORS:
        _data(cls)                                       # every one has a rule


@pytest.mark.parametrize("cls,extra", CONFIGS,
                         ids=[f"{c.__name__}{'-' + '-'.join(f'{k}={v}' for k, v in kw.items()) if kw else ''}"
                              for c, kw in CONFIGS])
def test_round_trip_is_bit_identical(cls, extra, tmp_path):
    fit_args, query, kind = _data(cls)
    model = cls(**{**KWARGS.get(cls.__name__, dict)(), **extra})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                  # short fits: convergence warnings are expected
        model.fit(*fit_args)
    path = tmp_path / "model.npz"
    io.save(model, path)
    loaded = io.load(path)
    assert type(loaded) is cls
    before, after = _outputs(model, query, kind), _outputs(loaded, query, kind)
    assert list(before) == list(after)
    for method in before:
        _same(after[method], before[method], f"{cls.__name__}.{method}")
    if not before:                                       # nothing to predict with (DBSCAN, ForecastingCV, ...)
        assert any(k.endswith("_") for k in vars(model)), cls.__name__
    _same(loaded, model, cls.__name__)                   # and every fitted attribute is the same


def _rewrite(path, out, edit):
    """Rewrite a saved file with ``edit(body)`` applied and a fresh, valid digest (as an attacker would)."""
    with np.load(path, allow_pickle=False) as f:
        entries = {k: f[k] for k in f.files}
    header = json.loads(entries["__lucidml__"].tobytes())
    body = json.loads(header["body"])
    edit(body)
    header["body"] = json.dumps(body, sort_keys=True)
    header["sha256"] = io._digest(header["body"], {k: v for k, v in entries.items() if k != "__lucidml__"})
    entries["__lucidml__"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    with open(out, "wb") as f:
        np.savez(f, **entries)


def _find(node, key):
    """The first dict in the description that has ``key``."""
    if isinstance(node, dict):
        if key in node:
            return node
        values = node.values()
    elif isinstance(node, list):
        values = node
    else:
        return None
    return next((hit for v in values if (hit := _find(v, key)) is not None), None)


def test_tampered_tree_files_are_refused(tmp_path):
    from sklearn.datasets import load_iris

    from lucidml.ensemble import GradientBoostingClassifier, RandomForestClassifier
    from lucidml.model_selection import GridSearchCV

    X, y = load_iris(return_X_y=True)
    path = tmp_path / "forest.npz"
    io.save(RandomForestClassifier(3, random_state=0).fit(X, y), path)
    # 1. one threshold moved, digest left alone: "modified"
    with np.load(path, allow_pickle=False) as f:
        entries = {k: f[k] for k in f.files}
    key = next(k for k, v in entries.items() if v.dtype == np.float64 and v.size > 1)
    entries[key] = entries[key].copy()
    entries[key].flat[0] += 0.5
    with open(tmp_path / "edited.npz", "wb") as f:
        np.savez(f, **entries)
    with pytest.raises(io.LucidFileError, match="modified"):
        io.load(tmp_path / "edited.npz")
    # 2. the tree record pointed at a class outside lucidml, or at a lucidml class that is no dataclass
    for target, message in [("os:system", "not a lucidml class"),
                            ("lucidml.io:LucidFileError", "not a lucidml dataclass"),
                            ("lucidml.tree.cart:Nope", "does not exist")]:
        _rewrite(path, tmp_path / "evil.npz", lambda body: _find(body, "__dataclass__").update(__dataclass__=target))
        with pytest.raises(io.LucidFileError, match=message):
            io.load(tmp_path / "evil.npz")
    # 3. a search's default scorer renamed to some other function: only the names lucidml stores are accepted
    search = GridSearchCV(_small_ridge(), {"alpha": [0.1, 1.0]}, cv=3).fit(X, y.astype(float))
    io.save(search, tmp_path / "search.npz")
    _rewrite(tmp_path / "search.npz", tmp_path / "evil.npz",
             lambda body: _find(body, "__named__").update(__named__="os.system"))
    with pytest.raises(io.LucidFileError, match="not one lucidml stores"):
        io.load(tmp_path / "evil.npz")
    # 4. boosting's grid of trees is stored item by item, so a pickled object array is still refused
    io.save(GradientBoostingClassifier(n_estimators=2, random_state=0).fit(X, y), tmp_path / "boost.npz")
    with np.load(tmp_path / "boost.npz", allow_pickle=False) as f:
        assert all(f[k].dtype != object for k in f.files)
        entries = {k: f[k] for k in f.files}
    entries["k0"] = np.array([object()], dtype=object)
    with open(tmp_path / "pickled.npz", "wb") as f:
        np.savez(f, **entries)
    with pytest.raises(io.LucidFileError, match="pickle"):
        io.load(tmp_path / "pickled.npz")


def test_unstorable_values_are_still_refused(tmp_path):
    from sklearn.datasets import load_iris

    from lucidml.tree import DecisionTreeClassifier

    X, y = load_iris(return_X_y=True)
    tree = DecisionTreeClassifier(max_depth=2).fit(X, y)
    tree.extra_ = np.array([lambda: None, 1], dtype=object)       # a function inside an object array
    with pytest.raises(TypeError, match=r"extra_\[0\]"):
        io.save(tree, tmp_path / "x.npz")

    @dataclasses.dataclass
    class Foreign:                                                 # a dataclass, but not lucidml's
        value: int = 1

    tree.extra_ = Foreign()
    with pytest.raises(TypeError, match="extra_"):
        io.save(tree, tmp_path / "x.npz")
