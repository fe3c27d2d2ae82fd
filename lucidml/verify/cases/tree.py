"""§6 decision trees: CART against scikit-learn's trees, where no two splits tie."""
import numpy as np

from lucidml.verify.registry import case

_TIES = ("the same exhaustive split search; at depth <= 3 on these data no two splits tie in gain "
         "(ties are broken by each library's own random feature order), so the trees are equal")


@case("DecisionTreeClassifier", reference="sklearn.tree.DecisionTreeClassifier",
      quantity="class probabilities of the training rows (max_depth = 3)", datasets=["iris", "wine", "digits"],
      tol=1e-12, reason=_TIES)
def tree_classifier(d):
    from sklearn import tree as sk

    from lucidml.tree import DecisionTreeClassifier

    X = d.X.astype(np.float32).astype(np.float64)     # the values scikit-learn's tree sees: same midpoints
    ours = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, d.y)
    ref = sk.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, d.y)
    return ours.predict_proba(X), ref.predict_proba(X)


@case("DecisionTreeRegressor", reference="sklearn.tree.DecisionTreeRegressor",
      quantity="predictions on the training rows (max_depth = 3)", datasets=["diabetes", "wine_alcohol"],
      tol=1e-9, relative=True, reason=_TIES)
def tree_regressor(d):
    from sklearn import tree as sk

    from lucidml.tree import DecisionTreeRegressor

    X = d.X.astype(np.float32).astype(np.float64)
    ours = DecisionTreeRegressor(max_depth=3, random_state=0).fit(X, d.y)
    ref = sk.DecisionTreeRegressor(max_depth=3, random_state=0).fit(X, d.y)
    return ours.predict(X), ref.predict(X)
