"""§6 naive Bayes against scikit-learn's, on continuous and on count data."""
from lucidml.verify.registry import case

_SAME = "the same sufficient statistics and formulas: rounding only, 1e-9 of the largest log-probability"


@case("GaussianNB", reference="sklearn.naive_bayes.GaussianNB", quantity="log posterior of every row",
      datasets=["iris", "wine", "breast_cancer"], tol=1e-9, relative=True, reason=_SAME)
def gaussian_nb(d):
    from sklearn import naive_bayes as sk

    from lucidml.naive_bayes import GaussianNB

    return (GaussianNB().fit(d.X, d.y).predict_joint_log_proba(d.X),
            sk.GaussianNB().fit(d.X, d.y).predict_joint_log_proba(d.X))


@case("MultinomialNB", reference="sklearn.naive_bayes.MultinomialNB", quantity="log posterior of every row",
      datasets=["digits", "iris"], tol=1e-9, relative=True, reason=_SAME)
def multinomial_nb(d):
    from sklearn import naive_bayes as sk

    from lucidml.naive_bayes import MultinomialNB

    return (MultinomialNB().fit(d.X, d.y).predict_log_proba(d.X),
            sk.MultinomialNB().fit(d.X, d.y).predict_log_proba(d.X))


@case("BernoulliNB", reference="sklearn.naive_bayes.BernoulliNB", quantity="log posterior of every row",
      datasets=["digits", "breast_cancer"], tol=1e-9, relative=True, reason=_SAME)
def bernoulli_nb(d):
    from sklearn import naive_bayes as sk

    from lucidml.naive_bayes import BernoulliNB

    t = 8.0 if d.name == "digits" else float(d.X.mean())     # half ink / above the overall mean
    return (BernoulliNB(binarize=t).fit(d.X, d.y).predict_log_proba(d.X),
            sk.BernoulliNB(binarize=t).fit(d.X, d.y).predict_log_proba(d.X))
