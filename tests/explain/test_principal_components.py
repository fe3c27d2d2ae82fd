"""explain.pca reproduces the four course examples (SYLLABUS §10); pca_two_views shows the two objectives agree."""
import numpy as np
import pytest

from lucidml.explain.principal_components import pca, pca_two_views

# The course's answers, as printed (one decimal, truncated): the eigenvalues in the order
# numpy.linalg.eig lists them, the eigenvectors as the columns, each up to sign.
COURSE = [
    ([[1, 0], [0, 7]], [1, 7], None),
    ([[7, 0], [0, 1]], [7, 1], None),
    ([[4, 3], [3, 7]], [2.1, 8.8], [[-0.8, -0.5], [0.5, -0.8]]),
    ([[4, -3], [-3, 7]], [2.1, 8.8], [[-0.8, 0.5], [-0.5, -0.8]]),
]


@pytest.mark.parametrize("C,eigenvalues,eigenvectors", COURSE)
def test_course_examples(C, eigenvalues, eigenvectors):
    s = pca(C)
    lam, V = s.answer["eigenvalues"], s.answer["eigenvectors"]
    np.testing.assert_allclose(np.trunc(lam * 10) / 10, eigenvalues)          # 2.1459 → 2.1, 8.8541 → 8.8
    if eigenvectors is not None:
        E = np.array(eigenvectors, dtype=float)
        for j in range(2):                                                     # column j, up to sign
            v = V[:, j] * np.sign(V[:, j] @ E[:, j])
            np.testing.assert_allclose(np.trunc(v * 10) / 10, E[:, j])
    np.testing.assert_allclose(np.asarray(C, float) @ V, V * lam, atol=1e-12)   # C v = λ v
    assert s.answer["explained_variance_ratio"].sum() == pytest.approx(1.0)
    tr, det = np.trace(C), np.linalg.det(C)
    assert f"λ² − {tr:g} λ + {round(det):g} = 0" in s.to_text()       # the characteristic polynomial


def test_by_hand_numbers_and_ratio():
    # C = [[4, 3], [3, 7]]: λ² − 11λ + 19 = 0, λ = (11 ± √45)/2; the first component explains
    # (11 + √45)/22 = 80.5% of the variance.
    s = pca([[4, 3], [3, 7]])
    np.testing.assert_allclose(sorted(s.answer["eigenvalues"]), [(11 - np.sqrt(45)) / 2, (11 + np.sqrt(45)) / 2])
    assert s.answer["explained_variance_ratio"][0] == pytest.approx((11 + np.sqrt(45)) / 22)
    assert "80.5%" in s.answer_text
    text = s.to_markdown()
    assert "det(C − λI)" in text


def test_larger_matrix_matches_lucidml_pca():
    from sklearn.datasets import load_iris

    from lucidml.decomposition import PCA

    X = load_iris().data
    s = pca(np.cov(X.T))
    ratio = PCA().fit(X).explained_variance_ratio_
    np.testing.assert_allclose(s.answer["explained_variance_ratio"], ratio, rtol=1e-10)


def test_two_views_agree():
    X = np.random.default_rng(0).multivariate_normal([0, 0], [[4, 3], [3, 7]], 300)
    s = pca_two_views(X, n_angles=360)
    a = s.answer
    assert a["theta_max_variance"] == a["theta_min_error"]
    angle = np.arctan2(a["u1"][1], a["u1"][0]) % np.pi
    assert abs(angle - a["theta_max_variance"]) <= np.pi / 360 + 1e-12     # within half a grid step
    N = len(X)
    total = ((N - 1) / N * a["variance"] + a["error"])
    assert np.ptp(total) < 1e-10


def test_bad_input():
    with pytest.raises(ValueError, match="not symmetric"):
        pca([[1, 2], [0, 1]])
    with pytest.raises(ValueError, match="square"):
        pca([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValueError, match="negative eigenvalue"):
        pca([[1, 2], [2, 1]])
    with pytest.raises(ValueError, match="2 columns"):
        pca_two_views(np.zeros((5, 3)))


def test_reachable_from_the_explain_namespace():
    from lucidml import explain

    assert explain.pca is pca
    assert explain.kmeans_iteration.__name__ == "kmeans_iteration"
    assert explain.silhouette.__name__ == "silhouette"
