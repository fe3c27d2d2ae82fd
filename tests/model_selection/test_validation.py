"""cross_validate, cross_val_score and the curves: by hand, against scikit-learn, leakage, bad input."""
import numpy as np
import pytest
from sklearn import model_selection as skms
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.pipeline import Pipeline, make_pipeline

from lucidml.model_selection import (KFold, StratifiedKFold, TemporalLeakageError, TimeSeriesSplit,
                                     cross_val_score, cross_validate, learning_curve, validation_curve)
from lucidml.neighbors import KNeighborsClassifier, KNeighborsRegressor
from lucidml.preprocessing import MinMaxScaler, StandardScaler

# Scores are computed by lucidml.metrics on the same predictions scikit-learn's scorers
# see, so they agree to rounding: 1e-12 absolute.
TOL = dict(rtol=0, atol=1e-12)


def test_toy_by_hand():
    # 1-NN on a line, 3 unshuffled folds of 2 points each.
    X = np.array([[0.], [1.], [2.], [3.], [10.], [11.]])
    y = np.array([0, 0, 1, 1, 1, 1])
    # folds (unshuffled KFold): {0,1}, {2,3}, {4,5}
    #  fold 0: 0 → nearest 2 (class 1) ✗, 1 → 2 ✗          accuracy 0
    #  fold 1: 2 → nearest 1 (class 0) ✗, 3 → 1 ✗          accuracy 0
    #  fold 2: 10 → nearest 3 (class 1) ✓, 11 → 3 ✓        accuracy 1
    out = cross_validate(KNeighborsClassifier(n_neighbors=1), X, y, cv=KFold(3), return_train_score=True)
    np.testing.assert_array_equal(out["test_score"], [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(out["train_score"], [1.0, 1.0, 1.0])   # 1-NN memorises
    assert set(out) == {"fit_time", "score_time", "test_score", "train_score"}


@pytest.mark.parametrize("loader, scoring", [
    (load_iris, ["accuracy", "f1_macro", "precision_macro", "recall_macro", "neg_log_loss"]),
    (load_wine, ["accuracy", "f1_micro", "f1_weighted"]),
    (load_breast_cancer, ["accuracy", "f1", "precision", "recall", "neg_log_loss"]),
])
def test_matches_reference_classification(loader, scoring):
    X, y = loader(return_X_y=True)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    model = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=7))
    ours = cross_validate(model, X, y, cv=cv, scoring=scoring, return_train_score=True)
    theirs = skms.cross_validate(model, X, y, cv=cv, scoring=scoring, return_train_score=True)
    for name in scoring:
        np.testing.assert_allclose(ours[f"test_{name}"], theirs[f"test_{name}"], **TOL)
        np.testing.assert_allclose(ours[f"train_{name}"], theirs[f"train_{name}"], **TOL)


def test_matches_reference_regression():
    X, y = load_diabetes(return_X_y=True)
    scoring = ["r2", "neg_mean_squared_error", "neg_root_mean_squared_error", "neg_mean_absolute_error"]
    model = KNeighborsRegressor(n_neighbors=10, weights="distance")
    ours = cross_validate(model, X, y, cv=KFold(4, shuffle=True, random_state=1), scoring=scoring)
    theirs = skms.cross_validate(model, X, y, cv=skms.KFold(4, shuffle=True, random_state=1), scoring=scoring)
    for name in scoring:
        np.testing.assert_allclose(ours[f"test_{name}"], theirs[f"test_{name}"], rtol=1e-12)
    # an int cv means KFold for a regressor, StratifiedKFold for a classifier (as in scikit-learn)
    np.testing.assert_allclose(cross_val_score(model, X, y, cv=3), skms.cross_val_score(model, X, y, cv=3),
                               rtol=1e-12)
    Xi, yi = load_iris(return_X_y=True)
    np.testing.assert_array_equal(cross_val_score(KNeighborsClassifier(), Xi, yi),
                                  skms.cross_val_score(KNeighborsClassifier(), Xi, yi))


def test_callable_scoring_and_estimators():
    X, y = load_iris(return_X_y=True)

    def errors(model, X, y):                       # a scorer is any f(model, X, y) -> float
        return -float(np.sum(model.predict(X) != y))

    out = cross_validate(KNeighborsClassifier(), X, y, cv=5, scoring={"err": errors, "acc": "accuracy"},
                         return_estimator=True, return_indices=True)
    n_test = np.array([len(t) for t in out["indices"]["test"]])
    np.testing.assert_allclose(out["test_acc"], 1 + out["test_err"] / n_test, **TOL)
    assert all(m.n_samples_fit_ == 120 for m in out["estimator"])


def test_matches_reference_validation_curve():
    X, y = load_wine(return_X_y=True)
    model = make_pipeline(StandardScaler(), KNeighborsClassifier())
    ks = [1, 3, 7, 15, 31]
    ours = validation_curve(model, X, y, param_name="kneighborsclassifier__n_neighbors", param_range=ks, cv=4)
    theirs = skms.validation_curve(model, X, y, param_name="kneighborsclassifier__n_neighbors",
                                   param_range=ks, cv=4)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, **TOL)
    assert ours[0].shape == (5, 4)
    # k = 1 memorises the training folds
    np.testing.assert_array_equal(ours[0][0], 1.0)


@pytest.mark.parametrize("shuffle", [False, True])
def test_matches_reference_learning_curve(shuffle):
    X, y = load_diabetes(return_X_y=True)
    sizes = [0.1, 0.3, 0.55, 1.0]
    kw = dict(train_sizes=sizes, cv=KFold(3), scoring="neg_mean_squared_error", shuffle=shuffle, random_state=0)
    ours = learning_curve(KNeighborsRegressor(), X, y, return_times=True, **kw)
    theirs = skms.learning_curve(KNeighborsRegressor(), X, y, return_times=True, **kw)
    np.testing.assert_array_equal(ours[0], theirs[0])
    for a, b in zip(ours[1:3], theirs[1:3]):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert ours[3].shape == ours[4].shape == (4, 3)


# -- the leakage guard inside cross-validation ---------------------------------------------
def test_refuses_training_on_later_folds():
    # "train on folds 4–5, validate on fold 1": refused with the reason, never scored
    X = np.arange(50.0)[:, None]
    y = np.sin(X[:, 0] / 5)
    fold = np.arange(50).reshape(5, 10)
    cv = [(fold[3:].ravel(), fold[0])]
    with pytest.raises(TemporalLeakageError, match=r"split 0 is invalid for time-ordered data.*"
                                                   r"Training must precede validation") as err:
        cross_validate(KNeighborsRegressor(), X, y, cv=cv, time_ordered=True)
    assert "30, 31" in str(err.value)
    # without time_ordered=True the same split is an ordinary (shuffled-style) split and is scored
    assert cross_validate(KNeighborsRegressor(), X, y, cv=cv)["test_score"].shape == (1,)
    # the valid direction passes the guard
    ok = cross_validate(KNeighborsRegressor(), X, y, cv=[(fold[:2].ravel(), fold[2])], time_ordered=True)
    assert np.isfinite(ok["test_score"]).all()


def test_time_series_split_is_guarded_and_matches_sklearn():
    X = np.arange(60.0)[:, None]
    y = np.cos(X[:, 0] / 7)
    tss = TimeSeriesSplit(4, window="sliding", gap=2)
    ours = cross_val_score(KNeighborsRegressor(3), X, y, cv=tss, scoring="neg_mean_absolute_error")
    theirs = skms.cross_val_score(KNeighborsRegressor(3), X, y, scoring="neg_mean_absolute_error",
                                  cv=skms.TimeSeriesSplit(4, max_train_size=60 - 4 * 12 - 2, gap=2))
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


# -- preprocessing inside the folds ---------------------------------------------------------
def test_scaler_fitted_inside_each_fold():
    # Feature 0 decides the class (x0 > 0), feature 1 is noise in [0, 1]; the validation fold
    # holds an outlier x0 = 60. A scaler fitted on ALL rows uses that outlier: feature 0 of
    # the training rows is squeezed into [0, 0.07] and the noise feature decides the
    # neighbours, so (-1.2, 0.12) is matched with (1, 0.1) and misclassified.
    X = np.array([[-1., .2], [-2., .9], [1., .1], [2., .8], [-1.5, .5], [1.5, .4], [-1.2, .12], [60., .05]])
    y = np.array([0, 0, 1, 1, 0, 1, 0, 1])
    cv = [(np.arange(6), np.arange(6, 8))]
    honest = cross_validate(Pipeline([("scale", MinMaxScaler()), ("knn", KNeighborsClassifier(1))]), X, y,
                            cv=cv, return_estimator=True)
    leaky = cross_val_score(KNeighborsClassifier(1), MinMaxScaler().fit_transform(X), y, cv=cv)
    assert honest["test_score"][0] == 1.0 and leaky[0] == 0.5
    scaler = honest["estimator"][0].named_steps["scale"]
    np.testing.assert_array_equal(scaler.data_min_, X[:6].min(axis=0))    # training rows only
    np.testing.assert_array_equal(scaler.data_max_, X[:6].max(axis=0))


def test_progress_bar(capsys):
    X, y = load_iris(return_X_y=True)
    cross_validate(KNeighborsClassifier(), X, y, cv=3, verbose=1)
    assert "3/3" in capsys.readouterr().out
    cross_validate(KNeighborsClassifier(), X, y, cv=3, verbose=0)
    assert capsys.readouterr().out == ""


class _WeightRecorder(RegressorMixin, BaseEstimator):
    """A tiny regressor that predicts the weighted mean of y and remembers its sample_weight."""

    def fit(self, X, y, sample_weight=None):
        self.sample_weight_ = np.asarray(sample_weight)
        self.mean_ = np.average(y, weights=sample_weight)
        return self

    def predict(self, X):
        return np.full(len(X), self.mean_)

    def score(self, X, y):
        return -float(np.mean((self.predict(X) - y) ** 2))


def test_fit_params_are_sliced_to_the_training_rows():
    X = np.arange(10.0)[:, None]
    y = np.arange(10.0)
    w = np.arange(1.0, 11.0)
    out = cross_validate(_WeightRecorder(), X, y, cv=KFold(2), params={"sample_weight": w}, return_estimator=True)
    np.testing.assert_array_equal(out["estimator"][0].sample_weight_, w[5:])     # fold 1 trains on rows 5..9
    np.testing.assert_array_equal(out["estimator"][1].sample_weight_, w[:5])
    # fold 1: weighted mean of y = 5..9 with weights 6..10 = 290/40 = 7.25; on y = 0..4 the
    # squared errors are 7.25², 6.25², 5.25², 4.25², 3.25², mean 147.8125/5 = 29.5625
    assert out["test_score"][0] == pytest.approx(-29.5625)


class _CountingKNN(KNeighborsRegressor):
    predict_calls = 0

    def predict(self, X):
        type(self).predict_calls += 1
        return super().predict(X)


def test_named_scorers_share_one_prediction():
    X, y = load_diabetes(return_X_y=True)
    _CountingKNN.predict_calls = 0
    cross_validate(_CountingKNN(), X, y, cv=3, scoring=["r2", "neg_mean_squared_error", "neg_mean_absolute_error"])
    assert _CountingKNN.predict_calls == 3            # one per fold, not one per fold and scorer


def test_parallel_same_as_sequential():
    X, y = load_wine(return_X_y=True)
    a = cross_validate(KNeighborsClassifier(), X, y, cv=5, n_jobs=1)
    b = cross_validate(KNeighborsClassifier(), X, y, cv=5, n_jobs=2)
    np.testing.assert_array_equal(a["test_score"], b["test_score"])


# -- bad input ------------------------------------------------------------------------------
def test_bad_inputs():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="X has 150 samples but y has 149"):
        cross_validate(KNeighborsClassifier(), X, y[:-1])
    with pytest.raises(ValueError, match="scoring='accuracyy' is not a known scorer"):
        cross_validate(KNeighborsClassifier(), X, y, scoring="accuracyy")
    with pytest.raises(ValueError, match="cv entry 0 has an empty validation fold"):
        cross_validate(KNeighborsClassifier(), X, y, cv=[(np.arange(100), np.array([], dtype=int))])
    with pytest.raises(ValueError, match="uses index 200"):
        cross_validate(KNeighborsClassifier(), X, y, cv=[(np.arange(100), np.array([200]))])
    with pytest.raises(ValueError, match="n_splits=200 is greater than n_samples=150"):
        cross_validate(KNeighborsRegressor(), X, y.astype(float), cv=200)
    with pytest.raises(ValueError, match="cv='five'"):
        cross_validate(KNeighborsClassifier(), X, y, cv="five")
    with pytest.raises(TypeError, match="has no fit method"):
        cross_validate("knn", X, y)
    with pytest.raises(ValueError, match="'k' is not a parameter of KNeighborsClassifier"):
        validation_curve(KNeighborsClassifier(), X, y, param_name="k", param_range=[1, 2])
    with pytest.raises(ValueError, match="train_sizes must lie in"):
        learning_curve(KNeighborsClassifier(), X, y, train_sizes=[0, 0.5])
    with pytest.raises(ValueError, match="single scorer"):
        cross_val_score(KNeighborsClassifier(), X, y, scoring=["accuracy", "f1_macro"])


def test_failed_fits():
    X, y = load_iris(return_X_y=True)
    # n_neighbors=200 > 120 training rows: every fit fails -> an error, not a table of NaN
    with pytest.raises(ValueError, match="All 5 fits failed.*n_neighbors=200 exceeds"):
        cross_validate(KNeighborsClassifier(200), X, y)
    with pytest.raises(ValueError, match="n_neighbors=200 exceeds"):
        cross_validate(KNeighborsClassifier(200), X, y, error_score="raise")
    # some fail: they get error_score and a warning says which
    from sklearn.exceptions import FitFailedWarning

    with pytest.warns(FitFailedWarning, match="1 of 2 fits failed"):
        _, test = validation_curve(KNeighborsClassifier(), X, y, param_name="n_neighbors",
                                   param_range=[5, 130], cv=[(np.arange(125), np.arange(125, 150))])
    assert np.isfinite(test[0, 0]) and np.isnan(test[1, 0])
