"""§7 generalisation: splits, cross-validation and searches against scikit-learn's."""
import numpy as np

from lucidml.verify.registry import case

_EXACT = "the same indices in the same order: any difference is a different split"


def _folds(cv, X, y=None):
    """Every fold's training size and test indices, end to end: one vector to compare."""
    parts = []
    for train, test in cv.split(X, y):
        parts += [[len(train)], test]
    return np.concatenate(parts).astype(float)


@case("KFold", reference="sklearn.model_selection.KFold", quantity="test indices of each of 5 folds, shuffled",
      datasets=["iris", "wine"], tol=0, reason=_EXACT)
def kfold(d):
    from sklearn import model_selection as skms

    from lucidml.model_selection import KFold

    return (_folds(KFold(5, shuffle=True, random_state=3), d.X),
            _folds(skms.KFold(5, shuffle=True, random_state=3), d.X))


@case("StratifiedKFold", reference="sklearn.model_selection.StratifiedKFold",
      quantity="test indices of each of 5 folds (labels out of order)", datasets=["iris", "wine"], tol=0,
      reason=_EXACT)
def stratified_kfold(d):
    from sklearn import model_selection as skms

    from lucidml.model_selection import StratifiedKFold

    y = np.roll(d.y, 17)                      # not sorted by class, so the in-class order matters
    return _folds(StratifiedKFold(5), d.X, y), _folds(skms.StratifiedKFold(5), d.X, y)


@case("TimeSeriesSplit", reference="sklearn.model_selection.TimeSeriesSplit",
      quantity="training sizes and test indices (5 folds, gap 2)", datasets=["nile", "sunspots"], tol=0,
      reason=_EXACT)
def time_series_split(d):
    from sklearn import model_selection as skms

    from lucidml.model_selection import TimeSeriesSplit

    X = d.y[:, None]
    return _folds(TimeSeriesSplit(5, gap=2), X), _folds(skms.TimeSeriesSplit(5, gap=2), X)


@case("train_test_split", reference="sklearn.model_selection.train_test_split", quantity="the four parts (seed 42)",
      datasets=["iris", "diabetes"], tol=0, reason=_EXACT)
def train_test_split(d):
    from sklearn import model_selection as skms

    from lucidml.model_selection import train_test_split as ours

    a = ours(d.X, d.y, test_size=0.3, random_state=42)
    b = skms.train_test_split(d.X, d.y, test_size=0.3, random_state=42)
    return np.concatenate([np.ravel(v) for v in a]), np.concatenate([np.ravel(v) for v in b])


def _knn_pipeline():
    from sklearn.pipeline import make_pipeline

    from lucidml.neighbors import KNeighborsClassifier
    from lucidml.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), KNeighborsClassifier(7))


@case("cross_val_score", reference="sklearn.model_selection.cross_val_score",
      quantity="accuracy on each of 5 stratified folds", datasets=["iris", "wine", "breast_cancer"], tol=1e-12,
      reason="the same folds and the same fitted models: the scores are equal")
def cross_val_score(d):
    from sklearn import model_selection as skms

    from lucidml.model_selection import StratifiedKFold
    from lucidml.model_selection import cross_val_score as ours

    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    return ours(_knn_pipeline(), d.X, d.y, cv=cv), skms.cross_val_score(_knn_pipeline(), d.X, d.y, cv=cv)


@case("GridSearchCV", reference="sklearn.model_selection.GridSearchCV",
      quantity="mean validation accuracy of every k (3-fold)", datasets=["iris", "wine"], tol=1e-12,
      reason="the same folds and fits for every grid point: the scores are equal")
def grid_search(d):
    from sklearn import model_selection as skms

    from lucidml.model_selection import GridSearchCV

    grid = {"kneighborsclassifier__n_neighbors": [1, 3, 5, 9, 15]}
    ours = GridSearchCV(_knn_pipeline(), grid, cv=3).fit(d.X, d.y)
    ref = skms.GridSearchCV(_knn_pipeline(), grid, cv=3).fit(d.X, d.y)
    return ours.cv_results_["mean_test_score"], ref.cv_results_["mean_test_score"]


@case("RandomizedSearchCV", reference="sklearn.model_selection.RandomizedSearchCV",
      quantity="mean validation accuracy of the 6 sampled settings (seed 7)", datasets=["iris", "wine"], tol=1e-12,
      reason="the same sampled settings (the same random stream) and the same folds: equal scores")
def randomized_search(d):
    from scipy import stats
    from sklearn import model_selection as skms

    from lucidml.model_selection import RandomizedSearchCV

    dists = {"kneighborsclassifier__n_neighbors": stats.randint(1, 30),
             "kneighborsclassifier__weights": ["uniform", "distance"]}
    ours = RandomizedSearchCV(_knn_pipeline(), dists, n_iter=6, cv=3, random_state=7).fit(d.X, d.y)
    ref = skms.RandomizedSearchCV(_knn_pipeline(), dists, n_iter=6, cv=3, random_state=7).fit(d.X, d.y)
    return ours.cv_results_["mean_test_score"], ref.cv_results_["mean_test_score"]
