"""Random forests: by hand, held-out scores against scikit-learn (means over seeds),
out-of-bag scores, the estimator contract, properties and bad input."""
import numpy as np
import pytest
from sklearn import ensemble as ske
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import train_test_split
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.ensemble import RandomForestClassifier, RandomForestRegressor
from lucidml.ensemble.forest import _bootstrap_counts
from lucidml.tree import DecisionTreeClassifier


def test_toy_by_hand():
    # two clusters far apart: every bootstrap holding both classes splits between them, and
    # a bootstrap holding one class votes for it everywhere, so the averaged vote still
    # gives class 0 at x = 1.5 and class 1 at x = 11.5 (see the module doctest)
    X = np.array([[0.0], [1.0], [2.0], [3.0], [10.0], [11.0], [12.0], [13.0]])
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    forest = RandomForestClassifier(n_estimators=25, random_state=0).fit(X, y)
    assert forest.predict([[1.5], [11.5]]).tolist() == [0, 1]
    # predict_proba is the mean of the trees' leaf fractions
    P = np.mean([t.predict_proba(X) for t in forest.estimators_], axis=0)
    np.testing.assert_allclose(forest.predict_proba(X), P)
    # without bootstrap and with all features every tree is the same full tree
    same = RandomForestClassifier(n_estimators=3, bootstrap=False, max_features=None, random_state=0).fit(X, y)
    single = DecisionTreeClassifier().fit(X, y)
    for tree in same.estimators_:
        np.testing.assert_array_equal(tree.tree_.threshold, single.tree_.threshold)


def test_bootstrap_counts():
    c = _bootstrap_counts(0, 1000)
    assert c.sum() == 1000 and np.all(c >= 0)
    assert 0.33 < np.mean(c == 0) < 0.41          # (1 − 1/N)^N ≈ e⁻¹ ≈ 0.368 left out


def _held_out(loader, ours_cls, ref_cls, n_splits, n_seeds=1, **kw):
    """Mean held-out score over n_splits train/test splits × n_seeds forests each."""
    X, y = loader(return_X_y=True)
    scores = []
    for split in range(n_splits):
        Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=split)
        for seed in range(10 * split, 10 * split + n_seeds):
            scores.append([ours_cls(random_state=seed, n_jobs=2, **kw).fit(Xtr, ytr).score(Xte, yte),
                           ref_cls(random_state=seed, n_jobs=2, **kw).fit(Xtr, ytr).score(Xte, yte)])
    return np.mean(scores, axis=0)


@pytest.mark.parametrize("loader", [load_iris, load_wine, load_breast_cancer])
def test_matches_reference_classifier(loader):
    # forests are random: compare mean held-out accuracy over 5 splits × seeds (1 point)
    ours, ref = _held_out(loader, RandomForestClassifier, ske.RandomForestClassifier, 5, n_estimators=50)
    assert abs(ours - ref) <= 0.01, (ours, ref)


@pytest.mark.slow
def test_matches_reference_regressor():
    # R² on diabetes varies by ±0.03 from seed to seed: 8 splits × 3 forests bring the
    # standard error of the difference to about 0.003 (measured), well inside 1 point
    ours, ref = _held_out(load_diabetes, RandomForestRegressor, ske.RandomForestRegressor, 8, 3,
                          n_estimators=50, max_features=0.5)
    assert abs(ours - ref) <= 0.01, (ours, ref)


def test_oob_score_matches_reference_mean():
    X, y = load_breast_cancer(return_X_y=True)
    ours = [RandomForestClassifier(50, oob_score=True, random_state=s).fit(X, y).oob_score_ for s in range(4)]
    ref = [ske.RandomForestClassifier(50, oob_score=True, random_state=s).fit(X, y).oob_score_ for s in range(4)]
    assert abs(np.mean(ours) - np.mean(ref)) <= 0.01
    Xd, yd = load_diabetes(return_X_y=True)
    reg = RandomForestRegressor(40, oob_score=True, max_features=0.5, random_state=0).fit(Xd, yd)
    ref_r = ske.RandomForestRegressor(40, oob_score=True, max_features=0.5, random_state=0).fit(Xd, yd)
    assert abs(reg.oob_score_ - ref_r.oob_score_) <= 0.03
    assert reg.oob_prediction_.shape == yd.shape


def test_oob_by_definition():
    # oob_decision_function_ row i = mean of the trees whose bootstrap missed i
    X, y = load_iris(return_X_y=True)
    forest = RandomForestClassifier(15, oob_score=True, random_state=3).fit(X, y)
    seeds = np.random.RandomState(3).randint(np.iinfo(np.int32).max, size=15)
    i = 7
    trees = [t for t, s in zip(forest.estimators_, seeds) if _bootstrap_counts(s, len(y))[i] == 0]
    expect = np.mean([t.predict_proba(X[i:i + 1])[0] for t in trees], axis=0)
    np.testing.assert_allclose(forest.oob_decision_function_[i], expect)


def test_feature_importances_agree_with_reference():
    # breast cancer: the same few features dominate; importances sum to 1
    X, y = load_breast_cancer(return_X_y=True)
    ours = RandomForestClassifier(100, random_state=0).fit(X, y).feature_importances_
    ref = ske.RandomForestClassifier(100, random_state=0).fit(X, y).feature_importances_
    np.testing.assert_allclose(ours.sum(), 1.0)
    assert np.corrcoef(ours, ref)[0, 1] > 0.9
    np.testing.assert_allclose(ours, ref, atol=0.04)


def test_property_threads_and_seed_do_not_change_the_forest():
    X, y = load_wine(return_X_y=True)
    a = RandomForestClassifier(12, random_state=5, n_jobs=1).fit(X, y)
    b = RandomForestClassifier(12, random_state=5, n_jobs=2).fit(X, y)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    assert a.apply(X).shape == (len(y), 12)
    c = RandomForestClassifier(12, random_state=6).fit(X, y)
    assert not np.array_equal(a.predict_proba(X), c.predict_proba(X))


def test_verbose_shows_progress(capsys):
    X, y = load_iris(return_X_y=True)
    RandomForestClassifier(5, verbose=1, random_state=0).fit(X, y)   # no error, nothing printed to stdout
    assert "Traceback" not in capsys.readouterr().err


# Bootstrap draws rows: a row listed twice can be drawn independently twice, a row of weight
# 2 cannot, so the two fits differ by design (scikit-learn's forests fail this check too).
_BOOTSTRAP = {"check_sample_weight_equivalence_on_dense_data":
              "bootstrap resamples rows, so weight 2 is not the same as a repeated row"}


@parametrize_with_checks([RandomForestClassifier(n_estimators=10, random_state=0),
                          RandomForestRegressor(n_estimators=10, random_state=0)],
                         expected_failed_checks=lambda est: _BOOTSTRAP)
def test_estimator_api(estimator, check):
    check(estimator)


def test_bad_input():
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
    with pytest.raises(NotFittedError):
        RandomForestClassifier().predict(X)
    with pytest.raises(ValueError, match="single class"):
        RandomForestClassifier().fit(X, [1, 1, 1])
    with pytest.raises(ValueError, match="1 sample"):
        RandomForestRegressor().fit(X[:1], [1.0])
    with pytest.raises(ValueError, match="NaN"):
        RandomForestRegressor().fit([[0.0], [np.nan]], [1.0, 2.0])
    with pytest.raises(ValueError, match="n_estimators=0 must be >= 1"):
        RandomForestClassifier(n_estimators=0).fit(X, [0, 1, 0])
    with pytest.raises(ValueError, match="oob_score=True needs bootstrap=True"):
        RandomForestClassifier(oob_score=True, bootstrap=False).fit(X, [0, 1, 0])
    with pytest.raises(ValueError, match="criterion='mse' is not supported"):
        RandomForestRegressor(criterion="mse").fit(X, [0.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="max_features=1.5 as a fraction"):
        RandomForestRegressor(max_features=1.5).fit(X, [0.0, 1.0, 0.0])


def test_zero_weights_are_left_out():
    # a sample of weight 0 changes nothing; a bootstrap that draws only zero-weight samples
    # falls back to all the weighted data
    X, y = load_iris(return_X_y=True)
    w = np.ones(len(y))
    w[::2] = 0.0
    a = RandomForestClassifier(10, random_state=0).fit(X, y, sample_weight=w)
    assert all(t.tree_.n_node_samples[0] <= len(y) // 2 for t in a.estimators_)
    one = np.zeros(len(y))
    one[60] = 1.0          # one versicolor carries all the weight; ~37 % of bootstraps miss it
    b = RandomForestClassifier(20, random_state=0).fit(X, y, sample_weight=one)
    assert all(t.tree_.node_count == 1 and t.tree_.n_node_samples[0] == 1 for t in b.estimators_)
    assert set(b.predict(X)) == {1}
