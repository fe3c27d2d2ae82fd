"""§2 kNN: lucidml.neighbors against scikit-learn's brute-force neighbours."""
from lucidml.verify.cases._common import split
from lucidml.verify.registry import case

_NO_TIES = ("scaled continuous features: no two training points tie at the k-th distance, so the "
            "neighbour sets are the same and the vote shares agree to rounding")


@case("KNeighborsClassifier", reference="sklearn.neighbors.KNeighborsClassifier(algorithm='brute')",
      quantity="held-out class probabilities (k = 5, distance weights)",
      datasets=["iris", "wine", "breast_cancer"], tol=1e-10, reason=_NO_TIES)
def knn_classifier(d):
    from sklearn import neighbors as skn

    from lucidml.neighbors import KNeighborsClassifier

    Xtr, Xte, ytr, _ = split(d)
    ours = KNeighborsClassifier(5, weights="distance").fit(Xtr, ytr)
    ref = skn.KNeighborsClassifier(5, weights="distance", algorithm="brute").fit(Xtr, ytr)
    return ours.predict_proba(Xte), ref.predict_proba(Xte)


@case("KNeighborsRegressor", reference="sklearn.neighbors.KNeighborsRegressor(algorithm='brute')",
      quantity="held-out predictions (k = 7)", datasets=["diabetes", "wine_alcohol"], tol=1e-10, relative=True,
      reason=_NO_TIES)
def knn_regressor(d):
    from sklearn import neighbors as skn

    from lucidml.neighbors import KNeighborsRegressor

    Xtr, Xte, ytr, _ = split(d)
    k = min(7, len(ytr) - 1)
    ours = KNeighborsRegressor(k).fit(Xtr, ytr)
    return ours.predict(Xte), skn.KNeighborsRegressor(k, algorithm="brute").fit(Xtr, ytr).predict(Xte)
