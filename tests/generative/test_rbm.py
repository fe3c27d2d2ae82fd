"""BernoulliRBM: draw for draw scikit-learn's PCD-1, CD-k, the RBM + logistic pipeline, API, bad input."""
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml import io
from lucidml.generative import BernoulliRBM
from lucidml.generative.rbm import _update_step

X_DIGITS = load_digits().data / 16.0


def test_toy_by_hand():
    # one PCD-1 update from W = 0, b = 0 on v⁺ = (1, 0) with a chain at h̃ = (0,):
    # h⁺ = σ(0) = ½; v⁻ ~ Bernoulli(σ(0)) per pixel; h⁻ = σ(0) = ½ whatever v⁻ is, so with η = 1, B = 1
    # ΔW = ½ (v⁺ − v⁻)ᵀ, Δb_h = ½ − ½ = 0, Δb_v = v⁺ − v⁻
    rng = np.random.RandomState(0)
    W, b_h, b_v = np.zeros((1, 2)), np.zeros(1), np.zeros(2)
    v_pos = np.array([[1.0, 0.0]])
    u = np.random.RandomState(0).uniform(size=2)
    v_neg = (u < 0.5).astype(float)
    _update_step(v_pos, W, b_h, b_v, np.zeros((1, 1)), 1.0, 1, True, rng)
    np.testing.assert_allclose(W[0], 0.5 * (v_pos[0] - v_neg))
    np.testing.assert_allclose(b_h, [0.0])
    np.testing.assert_allclose(b_v, v_pos[0] - v_neg)


@pytest.mark.parametrize("n_components,n_iter,dtype", [(64, 3, np.float64), (16, 2, np.float32)])
def test_matches_reference_pcd1(n_components, n_iter, dtype):
    # Same initial weights (the same N(0, 0.01) draws from the same seed), the same learning rate,
    # batches in the same order, the same uniform draws for every Bernoulli sample: the updates are
    # the same arithmetic, so they agree to rounding (rtol 1e-12 in float64). A sample could only
    # differ if a uniform draw fell within ~1e-16 of a probability: odds ~1e-10 over this run.
    from sklearn.neural_network import BernoulliRBM as Reference

    X = X_DIGITS.astype(dtype)
    ours = BernoulliRBM(n_components=n_components, n_iter=n_iter, learning_rate=0.05, random_state=3).fit(X)
    ref = Reference(n_components=n_components, n_iter=n_iter, learning_rate=0.05, random_state=3).fit(X)
    rtol = 1e-12 if dtype == np.float64 else 1e-5
    for name in ("components_", "intercept_hidden_", "intercept_visible_", "h_samples_"):
        np.testing.assert_allclose(getattr(ours, name), getattr(ref, name), rtol=rtol, atol=rtol, err_msg=name)
        assert getattr(ours, name).dtype == dtype
    np.testing.assert_allclose(ours.transform(X), ref.transform(X), rtol=rtol, atol=rtol)
    np.testing.assert_allclose(ours.score_samples(X), ref.score_samples(X), rtol=1e-4 if dtype == np.float32 else 1e-10)


def test_fast_path_equals_readable_step():
    # fit's PCD-1 path draws an epoch's uniforms at once; the readable _update_step draws them per batch
    X = X_DIGITS[:95]
    fast = BernoulliRBM(n_components=8, n_iter=2, random_state=0).fit(X)
    rng = np.random.RandomState(0)
    W = np.asarray(rng.normal(0, 0.01, (8, 64)), order="F")
    b_h, b_v, h = np.zeros(8), np.zeros(64), np.zeros((10, 8))
    for _ in range(2):
        for a in range(0, 95, 10):
            h = _update_step(X[a:a + 10], W, b_h, b_v, h, 0.1, 1, True, rng)
    np.testing.assert_array_equal(fast.components_, W)
    np.testing.assert_array_equal(fast.h_samples_, h)


def test_property_cd_k_learns():
    # CD-k and PCD raise the pseudo-likelihood of the training data above the untrained model's
    X = (X_DIGITS[:400] > 0.5).astype(float)
    untrained = BernoulliRBM(n_components=32, n_iter=1, learning_rate=0.0, random_state=0).fit(X)
    for method, k in (("cd", 1), ("cd", 3), ("pcd", 2)):
        rbm = BernoulliRBM(n_components=32, n_iter=5, learning_rate=0.05, k=k, method=method, random_state=0).fit(X)
        assert rbm.score_samples(X).mean() > untrained.score_samples(X).mean() + 5, (method, k)
    v = rbm.gibbs(X[:5])
    assert v.shape == (5, 64) and set(np.unique(v)) <= {0.0, 1.0}


def _nudge(X, Y):
    # scikit-learn's example "Restricted Boltzmann Machine features for digit classification":
    # every 8 × 8 image also shifted by one pixel up, down, left and right (5 × the data)
    from scipy.ndimage import convolve

    shifts = [[[0, 1, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [1, 0, 0], [0, 0, 0]],
              [[0, 0, 0], [0, 0, 1], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 1, 0]]]
    moved = [np.apply_along_axis(lambda x, w=w: convolve(x.reshape(8, 8), w, mode="constant").ravel(), 1, X)
             for w in np.array(shifts)]
    return np.concatenate([X] + moved), np.concatenate([Y] * 5)


@pytest.mark.slow
def test_rbm_features_beat_raw_pixels_in_logistic_regression():
    # The example's numbers (0.94 with RBM features vs 0.78 on raw pixels, newton-cg at tol 1e-4);
    # we fit lucidml's own RBM and logistic regression with the example's settings.
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import Pipeline

    from lucidml.linear_model import LogisticRegression

    X, y = load_digits(return_X_y=True)
    X, y = _nudge(np.asarray(X, float), y)
    X = (X - X.min(0)) / np.maximum(X.max(0) - X.min(0), 1e-4)             # minmax to [0, 1], as the example
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipe = Pipeline([("rbm", BernoulliRBM(n_components=100, learning_rate=0.06, n_iter=10, random_state=0)),
                         ("logistic", LogisticRegression(C=6000, max_iter=100, tol=1e-4))]).fit(X_tr, y_tr)
        raw = LogisticRegression(C=100, max_iter=100, tol=1e-4).fit(X_tr, y_tr)
    acc_rbm, acc_raw = pipe.score(X_te, y_te), raw.score(X_te, y_te)
    print(f"RBM + logistic {acc_rbm:.3f}, raw-pixel logistic {acc_raw:.3f}")
    assert acc_rbm > 0.90 and acc_raw < 0.82 and acc_rbm > acc_raw + 0.1


# check_estimator's data are standard normal, outside [0, 1]: a Bernoulli model refuses them with
# a ValueError (the issue asks for it), so the checks that fit on such data cannot pass.
_NEEDS_UNIT_INTERVAL = "check_estimator feeds values outside [0, 1], which a Bernoulli RBM refuses by design"
_XFAIL = {name: _NEEDS_UNIT_INTERVAL for name in (
    "check_estimators_dtypes", "check_estimators_fit_returns_self",
    "check_pipeline_consistency", "check_estimators_overwrite_params", "check_estimators_pickle",
    "check_transformer_general", "check_transformer_preserve_dtypes", "check_transformer_data_not_an_array",
    "check_methods_sample_order_invariance", "check_methods_subset_invariance", "check_fit2d_1sample",
    "check_fit2d_1feature", "check_dict_unchanged", "check_dont_overwrite_parameters", "check_fit_idempotent",
    "check_fit_check_is_fitted", "check_n_features_in", "check_readonly_memmap_input", "check_f_contiguous_array_estimator",
    "check_n_features_in_after_fitting", "check_get_feature_names_out",
    "check_set_output_transform", "check_global_output_transform_pandas", "check_global_set_output_transform_polars",
    "check_set_output_transform_pandas", "check_set_output_transform_polars", "check_fit2d_predict1d",
    "check_estimators_pickle(readonly_memmap=True)", "check_positive_only_tag_during_fit")}


def _expected_failed_checks(estimator):
    return _XFAIL


@parametrize_with_checks([BernoulliRBM(n_components=4, n_iter=2, random_state=0)],
                         expected_failed_checks=_expected_failed_checks)
def test_estimator_api(estimator, check):
    check(estimator)


def test_round_trip_bit_identical(tmp_path):
    rbm = BernoulliRBM(n_components=16, n_iter=1, random_state=0).fit(X_DIGITS)
    io.save(rbm, tmp_path / "rbm.npz")
    back = io.load(tmp_path / "rbm.npz")
    for name in ("components_", "intercept_hidden_", "intercept_visible_", "h_samples_"):
        assert np.array_equal(getattr(back, name), getattr(rbm, name))
    assert np.array_equal(back.transform(X_DIGITS), rbm.transform(X_DIGITS))
    assert np.array_equal(back.score_samples(X_DIGITS), rbm.score_samples(X_DIGITS))
    assert np.array_equal(back.gibbs(X_DIGITS[:3]), rbm.gibbs(X_DIGITS[:3]))


def test_bad_input():
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\].*X / 16 for the digits"):
        BernoulliRBM().fit(load_digits().data)
    with pytest.raises(ValueError, match="from -1"):
        BernoulliRBM().fit(np.array([[-1.0, 0.5], [0.2, 0.3]]))
    with pytest.raises(ValueError, match="method"):
        BernoulliRBM(method="gibbs").fit(X_DIGITS)
    with pytest.raises(ValueError, match="k"):
        BernoulliRBM(k=0).fit(X_DIGITS)
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError, match="cannot sample"):
        BernoulliRBM().gibbs(X_DIGITS[:2])
    rbm = BernoulliRBM(n_components=4, n_iter=1, random_state=0).fit(X_DIGITS)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        rbm.transform(X_DIGITS * 16)
