"""Public names: scores where scikit-learn keeps them, no half-estimators in public, fitted state ends in
``_``, and no topic reaching into another topic's private names."""
import ast
import importlib
import inspect
import pkgutil
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import BaseEstimator
from sklearn.datasets import load_iris

import lucidml

ESTIMATOR_PACKAGES = ["cluster", "decomposition", "ensemble", "linear_model", "naive_bayes", "neighbors",
                      "preprocessing", "svm", "tree", "timeseries", "model_selection", "nn", "generative"]


def test_silhouette_is_a_metric_and_a_clustering_tool():
    from lucidml import cluster, metrics
    from lucidml.metrics.clustering import silhouette_samples, silhouette_score

    assert metrics.silhouette_score is cluster.silhouette_score is silhouette_score
    assert metrics.silhouette_samples is cluster.silhouette_samples is silhouette_samples
    assert {"silhouette_score", "silhouette_samples"} <= set(metrics.__all__) & set(cluster.__all__)


def _modules():
    for info in pkgutil.walk_packages(lucidml.__path__, "lucidml."):
        if not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def test_every_public_estimator_class_can_be_fitted():
    # a base class without fit (the shared ŷ = Xw + b of LinearRegression and Ridge) is private
    half = [f"{module.__name__}.{name}" for module in _modules() for name, obj in vars(module).items()
            if inspect.isclass(obj) and obj.__module__ == module.__name__ and issubclass(obj, BaseEstimator)
            and not name.startswith("_") and not callable(getattr(obj, "fit", None))]
    assert half == []


def _exported_estimators():
    seen = {}
    for package in ESTIMATOR_PACKAGES:
        module = importlib.import_module(f"lucidml.{package}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, BaseEstimator):
                seen.setdefault(obj, None)
    return list(seen)


def _fitted(cls):
    X, y = load_iris(return_X_y=True)
    series = np.cumsum(np.random.default_rng(0).normal(size=80))
    name = cls.__name__
    if name in ("AR", "ARMA", "MA"):
        return cls(1).fit(series)
    if name == "ARIMA":
        return cls(1, 1, 0).fit(series)
    if name == "LagForecaster":
        from lucidml.linear_model import LinearRegression
        return cls(LinearRegression()).fit(series)
    if name == "ForecastingCV":
        from lucidml.linear_model import LinearRegression
        from lucidml.timeseries import LagForecaster
        return cls(LagForecaster(LinearRegression())).fit(series)
    if name == "RNNForecaster":
        return cls(window=4, hidden_size=4, max_iter=2, random_state=0).fit(series)
    if name in ("CharRNN", "NGramCharModel"):
        names = ["anna", "bob", "carl", "dora"]
        return cls(hidden_size=4, embedding_dim=4, max_iter=1, random_state=0).fit(names) if name == "CharRNN" \
            else cls().fit(names)
    if name in ("GridSearchCV", "RandomizedSearchCV"):
        from lucidml.neighbors import KNeighborsClassifier
        grid = {"n_neighbors": [1, 3]}
        extra = {"n_iter": 2, "random_state": 0} if name == "RandomizedSearchCV" else {}
        return cls(KNeighborsClassifier(), grid, cv=3, **extra).fit(X, y)
    if name in ("MultinomialNB", "BernoulliNB"):
        return cls().fit(np.round(X).astype(int), y)
    if name.startswith("MLP"):
        return cls(max_iter=3, random_state=0).fit(X, y)
    if name in ("Autoencoder", "BernoulliRBM", "VAE", "GAN"):        # Bernoulli models need data in [0, 1]
        from sklearn.datasets import load_digits
        small = {"BernoulliRBM": {"n_components": 4, "n_iter": 2}}.get(name, {"max_iter": 2})
        return cls(random_state=0, **small).fit(load_digits().data[:100] / 16.0)
    return cls().fit(X, y)


@pytest.mark.parametrize("cls", _exported_estimators(), ids=lambda c: c.__name__)
def test_fitted_attributes_end_in_underscore(cls):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = _fitted(cls)
    params = set(model.get_params(deep=False))
    plain = [a for a in vars(model) if a not in params and not a.endswith("_") and not a.startswith("_")]
    assert plain == [], f"{cls.__name__} stores fitted state without a trailing underscore: {plain}"


def _cross_topic_private_imports():
    root = Path(lucidml.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        topic = parts[0] if len(parts) > 1 else None
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                    and node.module.startswith("lucidml.")):
                continue
            module = node.module.split(".")
            if module[1] == topic:
                continue                                   # a topic may use its own private steps
            private = [p for p in module[1:] if p.startswith("_")] + [a.name for a in node.names
                                                                       if a.name.startswith("_")]
            if private:
                found.append(f"{path.relative_to(root)}:{node.lineno} imports {private} from {node.module}")
    return found


def test_topics_use_only_public_names_of_other_topics():
    # explainers and topics call a topic's public functions (mode_padding, check_vectors, distance_block, ...)
    assert _cross_topic_private_imports() == []
