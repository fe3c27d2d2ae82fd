"""SVC: by hand, against scikit-learn, the estimator contract, properties, bad input."""
import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.svm import SVC

sk_svm = pytest.importorskip("sklearn.svm")


def _scaled(name):
    import sklearn.datasets
    from sklearn.preprocessing import StandardScaler

    X, y = getattr(sklearn.datasets, f"load_{name}")(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def test_toy_by_hand():
    # Two points per class on either side of x₁ = 1, hard margin (large C):
    # the maximum-margin line is x₁ = 1, w = (1, 0), b = −1, margin 1/‖w‖ = 1.
    # Only the closest pair need be support vectors: from Σ α_i y_i x_i = w with
    # α equal on both sides, α = ½; libsvm (and we) end with points 1 and 3.
    X = np.array([[0.0, 0.0], [0.0, 1.0], [2.0, 0.0], [2.0, 1.0]])
    svc = SVC(kernel="linear", C=100.0).fit(X, [-1, -1, 1, 1])
    np.testing.assert_allclose(svc.coef_, [[1.0, 0.0]], atol=1e-12)
    np.testing.assert_allclose(svc.intercept_, [-1.0], atol=1e-12)
    np.testing.assert_allclose(svc.decision_function(X), [-1, -1, 1, 1], atol=1e-12)  # on the margin
    assert svc.predict([[0.9, 5.0], [1.1, -5.0]]).tolist() == [-1, 1]


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer"])
def test_matches_reference_rbf(name):
    # Same algorithm (WSS 2, same tie-breaking, same stopping rule): the decision function
    # agrees with libsvm's to 1e-3 (both stop when the KKT gap is below tol = 1e-3; libsvm
    # also shrinks and caches K in float32, so the two paths may part by that much) and
    # the support sets are the same.
    X, y = _scaled(name)
    ours = SVC(decision_function_shape="ovo").fit(X, y)
    ref = sk_svm.SVC(decision_function_shape="ovo").fit(X, y)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-3)
    np.testing.assert_array_equal(ours.support_, ref.support_)
    np.testing.assert_array_equal(ours.n_support_, ref.n_support_)
    np.testing.assert_allclose(ours.dual_coef_, ref.dual_coef_, atol=1e-2 * ours.C)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-3)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    ovr, ovr_ref = SVC().fit(X, y).decision_function(X), sk_svm.SVC().fit(X, y).decision_function(X)
    np.testing.assert_allclose(ovr, ovr_ref, atol=1e-3)


@pytest.mark.slow
@pytest.mark.parametrize("kernel", ["linear", "poly", "sigmoid"])
@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer"])
def test_matches_reference_other_kernels(name, kernel):
    # Solved tightly (tol = 1e-8) the optimum is unique, so every kernel agrees closely;
    # breast cancer's linear machine is the worst conditioned (error ~ tol · condition).
    X, y = _scaled(name)
    args = dict(kernel=kernel, C=1.0, tol=1e-8, decision_function_shape="ovo")
    ours, ref = SVC(**args).fit(X, y), sk_svm.SVC(**args).fit(X, y)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-4)
    np.testing.assert_array_equal(ours.support_, ref.support_)


@pytest.mark.filterwarnings("ignore:The `probability` parameter was deprecated:FutureWarning")
def test_probability_close_to_reference():
    # Platt's folds are random (ours come from random_state, libsvm's from its own rand()),
    # so only closeness can be asked: mean |Δp| well under 0.05 on iris.
    X, y = _scaled("iris")
    ours = SVC(probability=True, random_state=0).fit(X, y)
    ref = sk_svm.SVC(probability=True, random_state=0).fit(X, y)
    P = ours.predict_proba(X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)
    assert np.abs(P - ref.predict_proba(X)).mean() < 0.05
    assert (P.argmax(axis=1) == ours.predict(X)).mean() > 0.95
    np.testing.assert_allclose(ours.predict_log_proba(X), np.log(P))
    assert not hasattr(SVC(), "predict_proba")   # only with probability=True


def test_property_kkt_and_margin_conditions():
    # At the solution: α_i = 0 ⇒ y_i f(x_i) ≥ 1 − tol', 0 < α_i < C ⇒ y_i f(x_i) ≈ 1,
    # α_i = C ⇒ y_i f(x_i) ≤ 1 + tol' (Bishop eq. 7.56–7.57). Decision values in sklearn's sign.
    X, y = _scaled("breast_cancer")
    svc = SVC(C=1.0, tol=1e-6).fit(X, y)
    yf = np.where(y == svc.classes_[1], 1.0, -1.0) * svc.decision_function(X)
    alpha = np.zeros(len(y))
    alpha[svc.support_] = np.abs(svc.dual_coef_[0])
    free = (alpha > 0) & (alpha < svc.C)
    assert np.all(yf[alpha == 0] >= 1 - 1e-5)
    np.testing.assert_allclose(yf[free], 1.0, atol=1e-5)
    assert np.all(yf[alpha == svc.C] <= 1 + 1e-5)
    assert abs(svc.dual_coef_.sum()) < 1e-9                       # Σ α_i y_i = 0
    assert np.all(alpha <= svc.C)


def test_property_linear_coef_matches_decision():
    X, y = _scaled("wine")
    svc = SVC(kernel="linear", decision_function_shape="ovo").fit(X, y)
    np.testing.assert_allclose(X @ svc.coef_.T + svc.intercept_, svc.decision_function(X), atol=1e-10)


def test_labels_of_any_type():
    X, y = _scaled("iris")
    label = np.array(["setosa", "versicolor", "virginica"])
    a, b = SVC().fit(X, label[y]), SVC().fit(X, y)
    np.testing.assert_array_equal(a.predict(X), label[b.predict(X)])
    np.testing.assert_array_equal(a.decision_function(X), b.decision_function(X))


@parametrize_with_checks([SVC(), SVC(kernel="linear", probability=True, random_state=0)])
def test_estimator_api(estimator, check):
    check(estimator)


# -- bad input ----------------------------------------------------------------------------
@pytest.mark.parametrize("params, match", [
    (dict(C=0.0), "C=0.0 must be > 0"),
    (dict(C=-1.0), "C=-1.0 must be > 0"),
    (dict(kernel="gaussian"), "kernel='gaussian' is not supported"),
    (dict(gamma=-1.0), "gamma"),
    (dict(gamma="big"), "gamma"),
    (dict(degree=-1), "degree"),
    (dict(tol=0.0), "tol"),
    (dict(max_iter=0), "max_iter"),
    (dict(decision_function_shape="ova"), "decision_function_shape"),
])
def test_bad_parameters(params, match):
    X, y = _scaled("iris")
    with pytest.raises(ValueError, match=match):
        SVC(**params).fit(X, y)


def test_bad_data():
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
    with pytest.raises(ValueError, match="only one class"):
        SVC().fit(X, [1, 1, 1])
    with pytest.raises(ValueError, match="only one class"):
        SVC().fit(X[:1], [1])                        # a single sample is a single class
    with pytest.raises(ValueError, match="NaN"):
        SVC().fit([[0.0, np.nan], [1.0, 0.0], [2.0, 2.0]], [0, 1, 1])
    with pytest.raises(ValueError, match="infinity"):
        SVC().fit([[0.0, np.inf], [1.0, 0.0], [2.0, 2.0]], [0, 1, 1])
    svc = SVC().fit(X, [0, 1, 1])
    with pytest.raises(ValueError, match="features"):
        svc.predict([[1.0, 2.0, 3.0]])
    from sklearn.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        SVC().decision_function(X)


def test_constant_features_still_fit():
    # A constant feature adds nothing to any kernel distance; all-constant X has no
    # variance for gamma="scale" (γ falls back to 1) and every point looks the same.
    X, y = _scaled("iris")
    Xc = np.column_stack([X, np.full(len(y), 3.0)])
    # (the ‖x‖² terms round differently, so the two SMO paths may part within tol)
    np.testing.assert_allclose(SVC(gamma=0.25).fit(Xc, y).decision_function(Xc),
                               SVC(gamma=0.25).fit(X, y).decision_function(X), atol=1e-3)
    flat = SVC().fit(np.ones((6, 2)), [0, 0, 0, 1, 1, 1])
    assert np.ptp(flat.decision_function(np.ones((3, 2)))) == 0


def test_max_iter_warns():
    from sklearn.exceptions import ConvergenceWarning

    X, y = _scaled("breast_cancer")
    with pytest.warns(ConvergenceWarning, match="max_iter=5"):
        SVC(max_iter=5).fit(X, y)


def test_save_load_round_trip(tmp_path):
    from lucidml import io
    from lucidml.svm import SVR

    X, y = _scaled("iris")
    for model, method in [(SVC(probability=True, random_state=0), "predict_proba"), (SVR(), "predict")]:
        model.fit(X, y if method == "predict_proba" else X[:, 0])
        io.save(model, tmp_path / "model.npz")
        again = io.load(tmp_path / "model.npz")
        np.testing.assert_array_equal(getattr(again, method)(X), getattr(model, method)(X))
