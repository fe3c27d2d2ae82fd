"""Autoencoder: the linear one spans PCA's subspace; the API, float32, persistence and bad input."""
import warnings

import numpy as np
import pytest
from scipy.linalg import subspace_angles
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml import io
from lucidml.decomposition import PCA
from lucidml.generative import Autoencoder


def test_toy_by_hand():
    # points on the line x = t (1, 2, -1): one code unit reconstructs them exactly, because the
    # best rank-1 reconstruction of rank-1 data has zero error (x̂ = x̄ + u uᵀ(x − x̄))
    t = np.linspace(-1, 1, 30)[:, None]
    X = np.hstack([t, 2 * t, -t]) + 3.0
    ae = Autoencoder(n_components=1, solver="lbfgs", tol=1e-10, max_iter=2000, random_state=0).fit(X)
    np.testing.assert_allclose(ae.inverse_transform(ae.transform(X)), X, atol=1e-5)
    w = ae.decoder_[0].weight.data[:, 0]                    # the decoder's column spans (1, 2, −1)
    assert abs(abs(w @ np.array([1, 2, -1])) / np.linalg.norm(w) / np.sqrt(6) - 1) < 1e-8


def test_matches_reference_pca_subspace():
    # Baldi & Hornik: at the minimum of the reconstruction error a linear autoencoder's decoder
    # spans PCA's first d axes. Tolerance 1e-3 rad (the issue's); L-BFGS at gtol 1e-7 reaches
    # ~1e-5 rad on iris (measured), the remaining angle shrinking with the gradient.
    X = load_iris().data
    ae = Autoencoder(n_components=2, solver="lbfgs", tol=1e-7, max_iter=3000, random_state=0).fit(X)
    pca = PCA(2).fit(X)
    angles = subspace_angles(ae.decoder_[0].weight.data, pca.components_.T)
    assert angles.max() < 1e-3, angles
    # and the reconstruction error is PCA's (the minimum of the same objective)
    err_ae = np.mean((ae.inverse_transform(ae.transform(X)) - X) ** 2)
    err_pca = np.mean((pca.inverse_transform(pca.transform(X)) - X) ** 2)
    assert err_ae == pytest.approx(err_pca, rel=1e-6)


def test_property_adam_loss_decreases_and_keeps_float32():
    X = load_iris().data.astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ae = Autoencoder(n_components=2, hidden_layer_sizes=(8,), max_iter=30, learning_rate_init=0.01,
                         random_state=0).fit(X)
    assert ae.loss_curve_[-1] < 0.5 * ae.loss_curve_[0]
    assert ae.transform(X).dtype == np.float32 and ae.encoder_[0].weight.dtype == np.float32
    assert ae.inverse_transform(ae.transform(X)).shape == X.shape


def test_early_stopping_records_validation():
    X = load_iris().data
    ae = Autoencoder(n_components=2, max_iter=500, early_stopping=True, n_iter_no_change=3, learning_rate_init=0.05,
                     random_state=0).fit(X)
    assert len(ae.validation_loss_curve_) == ae.n_iter_ < 500


@parametrize_with_checks([Autoencoder(max_iter=20, random_state=0),
                          Autoencoder(hidden_layer_sizes=(4,), solver="lbfgs", max_iter=30, random_state=0)])
def test_estimator_api(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)         # tiny check data: n_components >= n_features
        check(estimator)


def test_round_trip_bit_identical(tmp_path):
    X = load_iris().data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ae = Autoencoder(n_components=2, hidden_layer_sizes=(5,), max_iter=5, random_state=0).fit(X)
    io.save(ae, tmp_path / "ae.npz")
    back = io.load(tmp_path / "ae.npz")
    assert np.array_equal(back.transform(X), ae.transform(X))
    assert np.array_equal(back.inverse_transform(ae.transform(X)), ae.inverse_transform(ae.transform(X)))
    assert back.loss_curve_ == ae.loss_curve_


def test_bad_input():
    X = load_iris().data
    with pytest.warns(UserWarning, match="compresses nothing"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        Autoencoder(n_components=4, solver="lbfgs", max_iter=5, random_state=0).fit(X)
    with pytest.raises(ValueError, match="NaN"):
        Autoencoder().fit(np.array([[0.0, np.nan], [1.0, 2.0]]))
    with pytest.raises(ValueError, match="solver"):
        Autoencoder(solver="sgd").fit(X)
    with pytest.raises(ValueError, match="n_components"):
        Autoencoder(n_components=0).fit(X)
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError, match="cannot decode"):
        Autoencoder().inverse_transform(np.zeros((2, 2)))
    ae = Autoencoder(n_components=2, solver="lbfgs", max_iter=5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ae.fit(X)
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        ae.inverse_transform(np.zeros((2, 3)))
