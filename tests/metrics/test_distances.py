"""Distances: by hand, against scipy.spatial.distance on real data, blocked == whole, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.spatial import distance as ssd
from sklearn.datasets import load_breast_cancer, load_iris, load_wine

from lucidml.metrics import (
    cosine,
    euclidean,
    manhattan,
    minkowski,
    pairwise_distances,
    pairwise_distances_chunked,
)
from lucidml.metrics.distances import _finish_euclidean

SCIPY_NAMES = {"euclidean": "euclidean", "sqeuclidean": "sqeuclidean", "manhattan": "cityblock",
               "cosine": "cosine", "l1": "cityblock", "l2": "euclidean", "cityblock": "cityblock"}


def test_toy_by_hand():
    # x - y = (-3, -4): L1 = 3 + 4 = 7, L2 = sqrt(9 + 16) = 5, L_inf = 4, L3 = (27 + 64)^(1/3)
    assert manhattan([0, 0], [3, 4]) == 7.0
    assert euclidean([0, 0], [3, 4]) == 5.0
    assert minkowski([0, 0], [3, 4], p=np.inf) == 4.0
    assert minkowski([0, 0], [3, 4], p=3) == pytest.approx(91 ** (1 / 3))
    # (1, 0) and (0, 1) are orthogonal: cos = 0, distance 1; (1, 1) and (2, 2) point the same way: 0
    assert cosine([1, 0], [0, 1]) == 1.0
    assert cosine([1, 1], [2, 2]) == pytest.approx(0.0, abs=1e-15)
    assert cosine([1, 0], [-1, 0]) == 2.0


def test_vector_functions_match_scipy():
    rng = np.random.default_rng(0)
    for _ in range(20):
        x, y = rng.normal(size=7), rng.normal(size=7)
        assert manhattan(x, y) == pytest.approx(ssd.cityblock(x, y), rel=1e-12)
        assert euclidean(x, y) == pytest.approx(ssd.euclidean(x, y), rel=1e-12)
        assert cosine(x, y) == pytest.approx(ssd.cosine(x, y), rel=1e-12)
        assert minkowski(x, y, 3.5) == pytest.approx(ssd.minkowski(x, y, 3.5), rel=1e-12)


@pytest.mark.parametrize("loader", [load_iris, load_wine, load_breast_cancer])
@pytest.mark.parametrize("metric", ["euclidean", "sqeuclidean", "manhattan", "cosine", "l1", "l2", "cityblock"])
def test_matches_cdist_on_real_data(loader, metric):
    X = loader().data
    A, B = X[::2], X[1::2]
    expected = ssd.cdist(A, B, SCIPY_NAMES[metric])
    # 1e-9 relative to the scale of the data: the GEMM identity's round-off is about
    # eps · (‖x‖² + ‖y‖²), far below this for every data set here
    scale = max(1.0, expected.max())
    np.testing.assert_allclose(pairwise_distances(A, B, metric), expected, rtol=1e-9, atol=1e-9 * scale)
    np.testing.assert_allclose(pairwise_distances(X, metric=metric), ssd.cdist(X, X, SCIPY_NAMES[metric]),
                               rtol=1e-9, atol=1e-9 * scale)


@pytest.mark.parametrize("p", [1, 1.5, 2, 3, np.inf])
def test_minkowski_matches_cdist(p):
    X = load_wine().data
    expected = ssd.cdist(X[:60], X[60:], "chebyshev") if np.isinf(p) else ssd.cdist(X[:60], X[60:], "minkowski", p=p)
    np.testing.assert_allclose(pairwise_distances(X[:60], X[60:], "minkowski", p=p), expected, rtol=1e-12)


def test_self_distance_is_exactly_zero_and_symmetric():
    X = load_iris().data  # iris has duplicate rows, whose distance must be exactly 0 too
    for metric in ["euclidean", "sqeuclidean", "cosine", "manhattan"]:
        D = pairwise_distances(X, metric=metric)
        assert np.all(np.diag(D) == 0.0)
        np.testing.assert_allclose(D, D.T, atol=1e-12)
    D = pairwise_distances(X)
    i, j = 101, 142  # identical flowers in iris
    assert np.array_equal(X[i], X[j]) and D[i, j] == 0.0


def test_near_duplicates_keep_their_digits():
    # ‖x − y‖ = 1e-6 on vectors of norm ~1e3: the plain GEMM identity would lose every digit
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 10)) * 1e3
    Y = X + rng.normal(size=X.shape) * 1e-6 / np.sqrt(10)
    D = pairwise_distances(X, Y)
    np.testing.assert_allclose(np.diag(D), np.linalg.norm(X - Y, axis=1), rtol=1e-9)


def test_fast_finishing_kernel_equals_obvious_formula():
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(30, 4)), rng.normal(size=(20, 4))
    G = X @ Y.T
    xx, yy = (X**2).sum(1), (Y**2).sum(1)
    _finish_euclidean(G, X, Y, xx, yy, False, -1)
    obvious = np.sqrt(((X[:, None, :] - Y[None, :, :]) ** 2).sum(-1))   # (30, 20, 4) -> (30, 20)
    np.testing.assert_allclose(G, obvious, rtol=1e-12)


def test_cosine_with_zero_vector_is_one():
    D = pairwise_distances([[0.0, 0.0], [1.0, 0.0]], [[0.0, 0.0], [0.0, 2.0]], "cosine")
    np.testing.assert_array_equal(D, [[1.0, 1.0], [1.0, 1.0]])
    assert cosine([0, 0], [1, 2]) == 1.0


@pytest.mark.parametrize("block_rows", [1, 3, 7, 1000])
def test_chunked_equals_whole(block_rows):
    X = load_wine().data
    whole = pairwise_distances(X, X[:40], "manhattan")
    parts = list(pairwise_distances_chunked(X, X[:40], "manhattan", block_rows=block_rows))
    assert [s for s, _ in parts] == list(range(0, len(X), block_rows))[: len(parts)]
    np.testing.assert_allclose(np.vstack([b for _, b in parts]), whole, rtol=1e-14)
    parts = list(pairwise_distances_chunked(X, metric="euclidean", block_rows=block_rows))
    np.testing.assert_allclose(np.vstack([b for _, b in parts]), pairwise_distances(X), rtol=1e-12, atol=1e-12)


def test_threads_do_not_change_the_answer():
    X = np.random.default_rng(3).normal(size=(3000, 8))
    # BLAS may block the product differently with one thread than with two: round-off only
    np.testing.assert_allclose(pairwise_distances(X, X[:900], n_jobs=1), pairwise_distances(X, X[:900], n_jobs=2),
                               rtol=1e-13, atol=1e-13)


@given(n=st.integers(1, 30), m=st.integers(1, 30), d=st.integers(1, 6), seed=st.integers(0, 2**16),
       metric=st.sampled_from(["euclidean", "manhattan", "cosine", "sqeuclidean"]))
def test_property_matches_cdist(n, m, d, seed, metric):
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(n, d)), rng.normal(size=(m, d))
    np.testing.assert_allclose(pairwise_distances(X, Y, metric), ssd.cdist(X, Y, SCIPY_NAMES[metric]),
                               rtol=1e-9, atol=1e-12)


@given(seed=st.integers(0, 2**16))
def test_property_triangle_inequality(seed):
    rng = np.random.default_rng(seed)
    P = rng.normal(size=(3, 4))
    for metric in ["euclidean", "manhattan"]:
        D = pairwise_distances(P, metric=metric)
        assert D[0, 2] <= D[0, 1] + D[1, 2] + 1e-12


@pytest.mark.parametrize("call, error, message", [
    (lambda: pairwise_distances([[1.0, np.nan]]), ValueError, "NaN"),
    (lambda: pairwise_distances([[1.0, np.inf]]), ValueError, "infinity"),
    (lambda: pairwise_distances(np.empty((0, 3))), ValueError, "empty"),
    (lambda: pairwise_distances([1.0, 2.0]), ValueError, "2-D"),
    (lambda: pairwise_distances([[1.0, 2.0]], [[1.0, 2.0, 3.0]]), ValueError, "2 features but Y has 3"),
    (lambda: pairwise_distances([["a", "b"]]), ValueError, "numbers"),
    (lambda: pairwise_distances([[1.0]], metric="hamming"), ValueError, "metric='hamming'"),
    (lambda: pairwise_distances([[1.0]], metric="minkowski", p=0.5), ValueError, "p=0.5"),
    (lambda: euclidean([1, 2], [1, 2, 3]), ValueError, "same length"),
    (lambda: manhattan([[1, 2]], [[1, 2]]), ValueError, "1-D"),
    (lambda: list(pairwise_distances_chunked([[1.0]], block_rows=0)), ValueError, "block_rows"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
