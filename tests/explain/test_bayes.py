"""explain.naive_bayes: the steps reproduce the estimator and the hand computation."""
import numpy as np
import pytest

from lucidml import explain
from lucidml.naive_bayes import BernoulliNB, GaussianNB, MultinomialNB


def test_toy_by_hand_multinomial():
    # θ_sport = (5+1, 1+1, 0+1)/(6+3) = (2/3, 2/9, 1/9), θ_tech = (1, 4, 6)/11;
    # x = [1, 0, 1]: p(x, sport) ∝ ½ · 2/3 · 1/9 = 1/27, p(x, tech) ∝ ½ · 1/11 · 6/11 = 3/121
    # posterior(sport) = (1/27) / (1/27 + 3/121) = 121/202
    X = [[2, 1, 0], [3, 0, 0], [0, 1, 3], [0, 2, 2]]
    s = explain.naive_bayes(X, ["sport", "sport", "tech", "tech"], [1, 0, 1], model="multinomial")
    assert s.answer == "sport"
    posterior = s.steps[-1].values["p(c | x)"]
    np.testing.assert_allclose(posterior, [121 / 202, 81 / 202], rtol=1e-12)
    np.testing.assert_allclose(s.steps[1].values["θ"][0], [2 / 3, 2 / 9, 1 / 9], rtol=1e-12)


@pytest.mark.parametrize("model, cls", [("gaussian", GaussianNB), ("multinomial", MultinomialNB),
                                        ("bernoulli", BernoulliNB)])
def test_matches_estimator(model, cls):
    rng = np.random.default_rng(0)
    X = rng.poisson(2.0, size=(30, 4)).astype(float)
    y = np.arange(30) % 3
    x = X[5] + 1
    s = explain.naive_bayes(X, y, x, model=model)
    nb = cls().fit(X, y)
    np.testing.assert_allclose(s.steps[-1].values["p(c | x)"], nb.predict_proba([x])[0], rtol=1e-10)
    np.testing.assert_allclose(s.steps[-2].values["log p(c, x)"], nb.predict_joint_log_proba([x])[0], rtol=1e-12)
    # the per-feature likelihoods multiply to the joint (the naive assumption, made visible)
    lik = s.steps[-3].values["p(x_d | c)"]
    if model != "multinomial":
        np.testing.assert_allclose(np.log(lik).sum(axis=1), s.steps[-2].values["Σ_d log p(x_d | c)"], rtol=1e-10)
    assert s.answer == nb.predict([x])[0]
    for text in (s.to_text(), s.to_markdown(), s.to_html()):
        assert "posterior" in text or "p(c | x)" in text


def test_bad_input():
    X, y = [[1.0, 2.0], [2.0, 1.0]], ["a", "b"]
    with pytest.raises(ValueError, match="model"):
        explain.naive_bayes(X, y, [1, 1], model="poisson")
    with pytest.raises(ValueError, match="features"):
        explain.naive_bayes(X, y, [1, 1, 1])
    with pytest.raises(ValueError, match="one label per row"):
        explain.naive_bayes(X, ["a"], [1, 1])
    with pytest.raises(ValueError, match="alpha"):
        explain.naive_bayes(X, y, [1, 1], model="multinomial", alpha=0.0)
    with pytest.raises(ValueError, match="NaN"):
        explain.naive_bayes(X, y, [np.nan, 1])
