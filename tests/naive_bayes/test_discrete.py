"""MultinomialNB and BernoulliNB: by hand, against scikit-learn, the contract, properties, bad input."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.utils.estimator_checks import parametrize_with_checks

from lucidml.naive_bayes import BernoulliNB, MultinomialNB

sk_nb = pytest.importorskip("sklearn.naive_bayes")


def _counts(seed=0, n=300, d=40, classes=4):
    """Word counts whose rates depend on the class, like short documents."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    rates = rng.gamma(0.5, 1.0, size=(classes, d))
    return rng.poisson(rates[y]).astype(float), y


def test_toy_by_hand_multinomial():
    # class "a" counts: [2+3, 1+0] = [5, 1] -> θ_a = (5+1, 1+1) / (6+2) = (3/4, 1/4)
    # class "b" counts: [0+1, 2+2] = [1, 4] -> θ_b = (1+1, 4+1) / (5+2) = (2/7, 5/7)
    # x = [1, 1]: jll_a = log ½ + log ¾ + log ¼ ; jll_b = log ½ + log 2/7 + log 5/7
    X = np.array([[2, 1], [3, 0], [0, 2], [1, 2]])
    nb = MultinomialNB(alpha=1.0).fit(X, ["a", "a", "b", "b"])
    np.testing.assert_allclose(np.exp(nb.feature_log_prob_), [[3 / 4, 1 / 4], [2 / 7, 5 / 7]], rtol=1e-14)
    jll = nb.predict_joint_log_proba([[1, 1]])[0]
    np.testing.assert_allclose(jll, [np.log(0.5 * 3 / 16), np.log(0.5 * 10 / 49)], rtol=1e-14)
    assert nb.predict([[1, 1]]).tolist() == ["b"]          # 10/49 = 0.204 > 3/16 = 0.1875


def test_toy_by_hand_bernoulli():
    # presence: class 0 rows [1,0],[1,1] -> N = [2, 1], n = 2 -> θ_0 = (3/4, 2/4)
    #           class 1 rows [0,1],[0,1] -> N = [0, 2], n = 2 -> θ_1 = (1/4, 3/4)
    # x = [0, 1]: p(x|0) = (1 − 3/4)(2/4) = 1/8 ; p(x|1) = (1 − 1/4)(3/4) = 9/16
    X = np.array([[3, 0], [1, 5], [0, 2], [0, 1]])      # binarize=0: anything > 0 is 1
    nb = BernoulliNB(alpha=1.0).fit(X, [0, 0, 1, 1])
    np.testing.assert_allclose(np.exp(nb.feature_log_prob_), [[3 / 4, 2 / 4], [1 / 4, 3 / 4]], rtol=1e-14)
    np.testing.assert_allclose(nb.predict_proba([[0, 7]])[0], [2 / 11, 9 / 11], rtol=1e-13)  # (1/8, 9/16) normalised


@pytest.mark.parametrize("alpha", [1.0, 0.1])
@pytest.mark.parametrize("fit_prior", [True, False])
def test_matches_reference_multinomial(alpha, fit_prior):
    X, y = _counts()
    ours = MultinomialNB(alpha=alpha, fit_prior=fit_prior).fit(X, y)
    ref = sk_nb.MultinomialNB(alpha=alpha, fit_prior=fit_prior).fit(X, y)
    for name in ["feature_count_", "class_count_", "feature_log_prob_", "class_log_prior_"]:
        np.testing.assert_allclose(getattr(ours, name), getattr(ref, name), rtol=1e-12)
    np.testing.assert_allclose(ours.predict_log_proba(X), ref.predict_log_proba(X), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("binarize", [0.0, 1.5, None])
def test_matches_reference_bernoulli(binarize):
    X, y = _counts(seed=1)
    if binarize is None:
        X = (X > 0).astype(float)
    w = np.random.default_rng(2).uniform(0.5, 2.0, len(y))
    ours = BernoulliNB(alpha=0.5, binarize=binarize).fit(X, y, sample_weight=w)
    ref = sk_nb.BernoulliNB(alpha=0.5, binarize=binarize).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(ours.feature_log_prob_, ref.feature_log_prob_, rtol=1e-12)
    np.testing.assert_allclose(ours.predict_log_proba(X), ref.predict_log_proba(X), rtol=1e-10, atol=1e-10)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_matches_reference_on_digits():
    # pixel intensities 0..16 as counts: the classic MultinomialNB exercise
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    for ours, ref in [(MultinomialNB(), sk_nb.MultinomialNB()), (BernoulliNB(binarize=8.0), sk_nb.BernoulliNB(binarize=8.0))]:
        ours.fit(X, y), ref.fit(X, y)
        np.testing.assert_allclose(ours.predict_log_proba(X), ref.predict_log_proba(X), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("cls", [MultinomialNB, BernoulliNB])
def test_partial_fit_equals_fit(cls):
    # the counts are sufficient statistics: adding them batch by batch is exact
    X, y = _counts(seed=3)
    whole = cls().fit(X, y)
    batched, ref = cls(), getattr(sk_nb, cls.__name__)()
    for part in np.array_split(np.arange(len(y)), 5):
        batched.partial_fit(X[part], y[part], classes=np.arange(4))
        ref.partial_fit(X[part], y[part], classes=np.arange(4))
    np.testing.assert_allclose(batched.feature_log_prob_, whole.feature_log_prob_, rtol=1e-12)
    np.testing.assert_allclose(batched.predict_log_proba(X), ref.predict_log_proba(X), rtol=1e-10, atol=1e-10)


@parametrize_with_checks([MultinomialNB(), BernoulliNB()])
def test_estimator_api(estimator, check):
    check(estimator)


@given(arrays(np.int64, (10, 4), elements=st.integers(0, 20)), st.floats(0.01, 10.0))
def test_property_smoothing_keeps_every_word_possible(X, alpha):
    # with α > 0 every θ_cd > 0, Σ_d θ_cd = 1, and the posterior is a distribution
    y = np.arange(10) % 2
    nb = MultinomialNB(alpha=alpha).fit(X, y)
    theta = np.exp(nb.feature_log_prob_)
    assert (theta > 0).all()
    np.testing.assert_allclose(theta.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(nb.predict_proba(X).sum(axis=1), 1.0, rtol=1e-12)


def test_property_multinomial_ignores_document_length_scale_of_prior():
    # Repeating a document k times multiplies Σ_d x_d log θ_cd by k: the class with the
    # larger likelihood per word wins more clearly, never loses.
    X, y = _counts(seed=4)
    nb = MultinomialNB().fit(X, y)
    x = X[:20]
    jll1 = nb.predict_joint_log_proba(x) - nb.class_log_prior_
    jll3 = nb.predict_joint_log_proba(3 * x) - nb.class_log_prior_
    np.testing.assert_allclose(jll3, 3 * jll1, rtol=1e-12)


def test_class_sums_and_blocked_product_equal_the_plain_products():
    # the compiled pass S_c = Σ_{z_i = c} w_i x_i is the product Yᵀ X with Y_ic = w_i [z_i = c]
    from lucidml.naive_bayes._base import class_sums, times_classes

    X, y = _counts(seed=5, n=200, d=30, classes=3)
    w = np.random.default_rng(5).uniform(0.0, 2.0, len(y))
    Y = np.eye(3)[y] * w[:, None]
    for A in (X, np.asfortranarray(X)):                    # any memory layout
        np.testing.assert_allclose(class_sums(A, y, w, 4), np.vstack([Y.T @ X, np.zeros(30)]), rtol=1e-13)
        B = np.random.default_rng(6).normal(size=(3, 30))
        np.testing.assert_allclose(times_classes(A, B), X @ B.T, rtol=1e-13)   # blocks of rows on threads


# -- bad input ----------------------------------------------------------------------------
def test_bad_input():
    X, y = np.array([[1, 0], [2, 1], [0, 3], [1, 1]]), np.array([0, 0, 1, 1])
    with pytest.raises(ValueError, match="is negative"):
        MultinomialNB().fit([[1, -1], [2, 1], [0, 3], [1, 1]], y)
    nb = MultinomialNB().fit(X, y)
    with pytest.raises(ValueError, match="is negative"):
        nb.predict([[-1, 0]])
    for cls in (MultinomialNB, BernoulliNB):
        with pytest.raises(ValueError, match="alpha"):
            cls(alpha=0.0).fit(X, y)
        with pytest.raises(ValueError, match="only one class"):
            cls().fit(X, [1, 1, 1, 1])
        with pytest.raises(ValueError, match="NaN"):
            cls().fit([[1, np.nan], [2, 1], [0, 3], [1, 1]], y)
        with pytest.raises(ValueError, match="one prior per class"):
            cls(class_prior=[1.0]).fit(X, y)
        with pytest.raises(ValueError, match="classes="):
            cls().partial_fit(X, y)
    with pytest.raises(TypeError, match="binarize"):
        BernoulliNB(binarize="half").fit(X, y)


def test_save_load_round_trip(tmp_path):
    from lucidml import io
    from lucidml.naive_bayes import GaussianNB

    X, y = _counts(seed=5)
    for model in (GaussianNB(), MultinomialNB(), BernoulliNB()):
        model.fit(X, y)
        io.save(model, tmp_path / "nb.npz")
        np.testing.assert_array_equal(io.load(tmp_path / "nb.npz").predict_log_proba(X), model.predict_log_proba(X))
