"""The ensemble-size experiment: each curve is the test error of the first m members, by definition."""
import numpy as np
import pytest
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

from lucidml.ensemble import AdaBoostClassifier, GradientBoostingClassifier, RandomForestClassifier
from lucidml.experiments import ensemble_size_curves, figure_ensemble_size


def test_curves_are_the_errors_of_the_first_m_members():
    M = 6
    sizes, errors = ensemble_size_curves("wine", M, 0)
    np.testing.assert_array_equal(sizes, np.arange(1, M + 1))      # 25 log-spaced sizes collapse to 1..6
    assert set(errors) == {"random forest", "gradient boosting", "AdaBoost"}
    X, y = load_wine(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
    # the last point of each curve is the error of the whole ensemble, fitted on its own
    forest = RandomForestClassifier(M, random_state=0).fit(Xtr, ytr)
    boost = GradientBoostingClassifier(n_estimators=M, random_state=0).fit(Xtr, ytr)
    ada = AdaBoostClassifier(n_estimators=M, random_state=0).fit(Xtr, ytr)
    for name, model in [("random forest", forest), ("gradient boosting", boost), ("AdaBoost", ada)]:
        assert errors[name][-1] == np.mean(model.predict(Xte) != yte), name
    # the first point of the forest is its first tree alone; gradient boosting's m-th is a model of m stages
    assert errors["random forest"][0] == np.mean(forest.estimators_[0].predict(Xte) != yte)
    boost3 = GradientBoostingClassifier(n_estimators=3, random_state=0).fit(Xtr, ytr)
    assert errors["gradient boosting"][2] == np.mean(boost3.predict(Xte) != yte)


def test_log_spaced_sizes_and_figure():
    sizes, errors = ensemble_size_curves("iris", 60, 1)
    assert sizes[0] == 1 and sizes[-1] == 60 and np.all(np.diff(sizes) > 0) and len(sizes) <= 25
    assert all(len(e) == len(sizes) and np.all((0 <= e) & (e <= 1)) for e in errors.values())
    fig = figure_ensemble_size(sizes, errors, "iris")
    assert fig.png[:4] == b"\x89PNG" and "iris" in fig.title


def test_bad_input():
    with pytest.raises(ValueError, match="dataset='mnist' is not supported"):
        ensemble_size_curves("mnist", 5, 0)
    with pytest.raises(ValueError, match="max_estimators=0 must be >= 1"):
        ensemble_size_curves("iris", 0, 0)
