"""§2 distances and the scores: lucidml.metrics against SciPy and scikit-learn."""
import numpy as np

from lucidml.verify.registry import case

_DIST = "the same sums in another order: rounding only, 1e-12 of the largest distance"


def _distance_case(metric, scipy_metric, **kw):
    @case("pairwise_distances", reference=f"scipy.spatial.distance.cdist('{scipy_metric}')",
          quantity=f"{metric} distance matrix" + (f" (p={kw['p']})" if kw else ""), datasets=["iris", "wine"],
          tol=1e-12, relative=True, reason=_DIST, requires=["scipy"])
    def compare(d):
        from scipy.spatial.distance import cdist

        from lucidml.metrics import pairwise_distances

        X = d.X
        return pairwise_distances(X, X[::3], metric=metric, **kw), cdist(X, X[::3], scipy_metric, **kw)
    return compare


for _m, _s in [("euclidean", "euclidean"), ("manhattan", "cityblock"), ("cosine", "cosine")]:
    _distance_case(_m, _s)
_distance_case("minkowski", "minkowski", p=3)


def _predictions(d):
    """Held-out-free predictions to score: least squares on the data itself (any predictions would do)."""
    A = np.c_[np.ones(len(d.y)), d.X]
    return A @ np.linalg.lstsq(A, d.y, rcond=None)[0]


@case("regression scores", reference="sklearn.metrics", quantity="MSE, RMSE, MAE, R²",
      datasets=["diabetes", "wine_alcohol"], tol=1e-12, relative=True,
      reason="one mean of squares or of absolute values each: rounding only")
def regression_scores(d):
    from sklearn import metrics as sk

    from lucidml import metrics

    y, p = d.y, _predictions(d)
    ours = [metrics.mean_squared_error(y, p), metrics.root_mean_squared_error(y, p),
            metrics.mean_absolute_error(y, p), metrics.r2_score(y, p)]
    ref = [sk.mean_squared_error(y, p), sk.root_mean_squared_error(y, p), sk.mean_absolute_error(y, p),
           sk.r2_score(y, p)]
    return ours, ref


def _classifier_outputs(d):
    from sklearn.linear_model import LogisticRegression as SkLR
    from sklearn.preprocessing import StandardScaler

    X = StandardScaler().fit_transform(d.X)
    model = SkLR(C=0.05, max_iter=1000).fit(X[::2], d.y[::2])    # weak on purpose: some errors to count
    return d.y[1::2], model.predict(X[1::2]), model.predict_proba(X[1::2])


@case("classification scores", reference="sklearn.metrics",
      quantity="accuracy, macro precision/recall/F1, F2, log-loss, confusion matrix",
      datasets=["iris", "wine", "breast_cancer"], tol=1e-12,
      reason="counts and their ratios, and one mean of logs: rounding only")
def classification_scores(d):
    from sklearn import metrics as sk

    from lucidml import metrics

    y, p, P = _classifier_outputs(d)
    ours = [metrics.accuracy_score(y, p), metrics.precision_score(y, p, average="macro"),
            metrics.recall_score(y, p, average="macro"), metrics.f1_score(y, p, average="macro"),
            metrics.fbeta_score(y, p, beta=2, average="macro"), metrics.log_loss(y, P),
            *metrics.confusion_matrix(y, p).ravel()]
    ref = [sk.accuracy_score(y, p), sk.precision_score(y, p, average="macro"),
           sk.recall_score(y, p, average="macro"), sk.f1_score(y, p, average="macro"),
           sk.fbeta_score(y, p, beta=2, average="macro"), sk.log_loss(y, P), *sk.confusion_matrix(y, p).ravel()]
    return ours, ref
