"""Gradient boosting: by hand, equal to scikit-learn's on the shipped data sets, held-out
scores, staged predictions, the estimator contract and bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import expit
from sklearn import ensemble as ske
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import train_test_split
from sklearn.utils.estimator_checks import parametrize_with_checks
from sklearn.utils.stats import _weighted_percentile

from lucidml.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
from lucidml.ensemble.gradient_boosting import weighted_percentile


def test_toy_by_hand():
    # y = 0, 0, 1, 1 at x = 0..3, one stump per stage, ν = 0.5, squared error.
    # F0 = mean = 0.5; residuals −0.5, −0.5, 0.5, 0.5; the stump cuts at 1.5 with leaf
    # means ∓0.5, so F1 = 0.5 ∓ 0.25 = 0.25 / 0.75; stage 2 halves the rest: 0.125 / 0.875.
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    gb = GradientBoostingRegressor(n_estimators=2, learning_rate=0.5, max_depth=1).fit(X, y)
    stages = list(gb.staged_predict(X))
    np.testing.assert_allclose(stages[0], [0.25, 0.25, 0.75, 0.75])
    np.testing.assert_allclose(stages[1], [0.125, 0.125, 0.875, 0.875])
    # train_score_ = mean squared error after each stage: 0.25², then 0.125²
    np.testing.assert_allclose(gb.train_score_, [0.0625, 0.015625])

    # log-loss, same data: F0 = log(0.5/0.5) = 0, p = ½; residual y − p = ∓½; Newton leaf step
    # Σ r / Σ p(1 − p) = (∓1) / (2 · ¼) = ∓2, so F1 = ν · (∓2) = ∓1 with ν = 0.5
    clf = GradientBoostingClassifier(n_estimators=1, learning_rate=0.5, max_depth=1).fit(X, y.astype(int))
    np.testing.assert_allclose(clf.decision_function(X), [-1.0, -1.0, 1.0, 1.0])
    np.testing.assert_allclose(clf.predict_proba(X)[:, 1], expit([-1.0, -1.0, 1.0, 1.0]))


def test_weighted_percentile_is_inverted_cdf():
    rng = np.random.default_rng(0)
    for n in [1, 2, 5, 10, 31]:
        a, w = rng.normal(size=n), rng.integers(1, 4, size=n).astype(float)
        for q in [10, 50, 90]:
            assert weighted_percentile(a, w, q) == _weighted_percentile(a, w, q)


REGRESSION = [("squared_error", 100, 1), ("absolute_error", 10, 1), ("huber", 100, 5)]


@pytest.mark.parametrize("loss,n_estimators,min_samples_leaf", REGRESSION)
def test_matches_reference_regressor(loss, n_estimators, min_samples_leaf):
    # Deterministic trees (all features, subsample = 1): the same trees, the same leaf steps,
    # so the predictions agree to 1e-6 -- where no two splits tie in gain (a tie is broken by
    # each library's own random feature order). absolute_error fits trees to signs ±1, where
    # ties are common after 10 stages; huber meets ties in small nodes unless leaves keep
    # at least 5 samples. (Checked: scikit-learn gives the same model for every seed here.)
    X, y = load_diabetes(return_X_y=True)
    kw = dict(loss=loss, n_estimators=n_estimators, min_samples_leaf=min_samples_leaf, random_state=0)
    ours = GradientBoostingRegressor(**kw).fit(X, y)
    ref = ske.GradientBoostingRegressor(**kw).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(ours.train_score_, ref.train_score_, rtol=1e-6)
    for a, b in zip(ours.staged_predict(X[:20]), ref.staged_predict(X[:20])):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)
    # late, small trees meet ties that send the same samples left by different features: the
    # predictions agree, the credit goes to another feature; the importances agree to 0.005
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_, atol=5e-3)


def _wine_class_0(return_X_y=True):
    X, y = load_wine(return_X_y=True)
    return X, (y == 0).astype(int)


@pytest.mark.parametrize("loader,max_depth", [(_wine_class_0, 3), (load_iris, 3), (load_wine, 2)])
def test_matches_reference_classifier(loader, max_depth):
    # binary (wine: class 0 or not) and multinomial (iris, wine) log-loss: equal to 1e-6.
    # (Multiclass wine with depth-3 trees has a 3-sample node at stage 1 whose two best cuts
    # tie with different partitions; depth 2 has no tie.)
    X, y = loader(return_X_y=True)
    ours = GradientBoostingClassifier(n_estimators=50, max_depth=max_depth, random_state=0).fit(X, y)
    ref = ske.GradientBoostingClassifier(n_estimators=50, max_depth=max_depth, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(ours.train_score_, ref.train_score_, rtol=1e-6)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    last = list(ours.staged_predict_proba(X))[-1]
    np.testing.assert_allclose(last, ours.predict_proba(X))


def test_breast_cancer_close_despite_a_tie():
    # breast cancer: an early small node has two cuts of equal gain with different partitions,
    # so the two libraries' random feature orders part ways there; the scores stay within 0.01
    X, y = load_breast_cancer(return_X_y=True)
    ours = GradientBoostingClassifier(n_estimators=50, random_state=0).fit(X, y)
    ref = ske.GradientBoostingClassifier(n_estimators=50, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=0.01)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("loader,cls,ref_cls,kw", [
    (load_breast_cancer, GradientBoostingClassifier, ske.GradientBoostingClassifier, {}),
    (load_wine, GradientBoostingClassifier, ske.GradientBoostingClassifier, {"subsample": 0.7}),
    (load_diabetes, GradientBoostingRegressor, ske.GradientBoostingRegressor, {"learning_rate": 0.05}),
    (load_diabetes, GradientBoostingRegressor, ske.GradientBoostingRegressor, {"loss": "huber", "subsample": 0.8}),
])
def test_held_out_score_within_one_point(loader, cls, ref_cls, kw):
    X, y = loader(return_X_y=True)
    scores = []
    for seed in range(3):
        Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=seed)
        scores.append([cls(random_state=seed, **kw).fit(Xtr, ytr).score(Xte, yte),
                       ref_cls(random_state=seed, **kw).fit(Xtr, ytr).score(Xte, yte)])
    ours, ref = np.mean(scores, axis=0)
    assert abs(ours - ref) <= 0.01 + (0.01 if "subsample" in kw else 0.0), (ours, ref)


@given(st.integers(0, 1000))
def test_property_training_loss_decreases(seed):
    # squared error with ν <= 1: each stage fits the residual, so the training MSE never grows
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(50, 3))
    y = X[:, 0] ** 2 + rng.normal(scale=0.1, size=50)
    gb = GradientBoostingRegressor(n_estimators=15, max_depth=2).fit(X, y)
    assert np.all(np.diff(gb.train_score_) <= 1e-12)
    mse = [np.mean((y - p) ** 2) for p in gb.staged_predict(X)]
    np.testing.assert_allclose(mse, gb.train_score_)


def test_subsample_is_reproducible():
    X, y = load_diabetes(return_X_y=True)
    a = GradientBoostingRegressor(n_estimators=20, subsample=0.5, random_state=1).fit(X, y).predict(X)
    b = GradientBoostingRegressor(n_estimators=20, subsample=0.5, random_state=1).fit(X, y).predict(X)
    c = GradientBoostingRegressor(n_estimators=20, subsample=0.5, random_state=2).fit(X, y).predict(X)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


# The check fits 15 samples with 3 target values: after one stage many cuts tie exactly in
# gain, and which one wins then depends on rounding, which differs between adding a row
# twice and weighting it by 2. scikit-learn's GradientBoostingRegressor fails it as well.
_TIES = {"check_sample_weight_equivalence_on_dense_data":
         "exact ties between split gains are broken by rounding, which differs for weights and repeats"}


@parametrize_with_checks([GradientBoostingRegressor(n_estimators=20), GradientBoostingClassifier(n_estimators=20),
                          GradientBoostingRegressor(n_estimators=10, loss="huber")],
                         expected_failed_checks=lambda est: {} if est.loss == "huber" else _TIES)
def test_estimator_api(estimator, check):
    check(estimator)


@pytest.mark.parametrize("estimator", [GradientBoostingClassifier(n_estimators=10, max_depth=2, random_state=0),
                                       GradientBoostingRegressor(n_estimators=10, max_depth=2, random_state=0),
                                       GradientBoostingRegressor(n_estimators=10, max_depth=2, loss="absolute_error",
                                                                 random_state=0),
                                       GradientBoostingRegressor(n_estimators=10, max_depth=2, loss="huber",
                                                                 random_state=0)])
def test_sample_weight_equals_repetition(estimator):
    # On continuous data, with nodes big enough that no two cuts tie, integer weights act
    # exactly like repeated rows: weights reach the initial value, the trees and every
    # leaf's line search. (The repeated fit gets unit weights too: without weights the median
    # start F0 of absolute_error/huber is np.median, with weights the weighted lower median,
    # as in scikit-learn.)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 3))
    y = X[:, 0] + X[:, 1] ** 2 + rng.normal(scale=0.3, size=120)
    if isinstance(estimator, GradientBoostingClassifier):
        y = np.digitize(y, np.quantile(y, [0.33, 0.66]))
    w = rng.integers(0, 4, size=120)
    a = clone(estimator).fit(X, y, sample_weight=w.astype(float))
    b = clone(estimator).fit(np.repeat(X, w, axis=0), np.repeat(y, w), sample_weight=np.ones(w.sum()))
    f = "predict_proba" if hasattr(a, "predict_proba") else "predict"
    np.testing.assert_allclose(getattr(a, f)(X), getattr(b, f)(X), rtol=1e-9, atol=1e-9)


def test_bad_input():
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
    with pytest.raises(NotFittedError):
        GradientBoostingClassifier().predict(X)
    with pytest.raises(ValueError, match="single class"):
        GradientBoostingClassifier().fit(X, [1, 1, 1])
    with pytest.raises(ValueError, match="loss='exponential' is not supported"):
        GradientBoostingClassifier(loss="exponential").fit(X, [0, 1, 0])
    with pytest.raises(ValueError, match="learning_rate=0.0 must be > 0"):
        GradientBoostingRegressor(learning_rate=0.0).fit(X, [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="subsample=1.5 must be in"):
        GradientBoostingRegressor(subsample=1.5).fit(X, [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="alpha=1.0"):
        GradientBoostingRegressor(loss="huber", alpha=1.0).fit(X, [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="infinity"):
        GradientBoostingRegressor().fit([[0.0], [np.inf]], [0.0, 1.0])
    with pytest.raises(ValueError, match="1 sample"):
        GradientBoostingRegressor().fit([[0.0]], [1.0])
