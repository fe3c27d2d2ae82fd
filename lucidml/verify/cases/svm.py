"""§6 support vector machines: our SMO against libsvm (scikit-learn's SVC/SVR)."""
import numpy as np

from lucidml.verify.cases._common import scaled, standardised_target
from lucidml.verify.registry import case

_SMO = ("the same SMO (second-order working-set selection, the same stopping rule at tol = 1e-3); "
        "libsvm caches the kernel in float32, so the paths part by up to the tolerance")


@case("SVC", reference="sklearn.svm.SVC (libsvm)", quantity="decision function (RBF, C = 1, one-vs-one)",
      datasets=["iris", "wine", "breast_cancer"], tol=1e-3, reason=_SMO)
def svc(d):
    from sklearn import svm as sk

    from lucidml.svm import SVC

    X = scaled(d)
    return (SVC(decision_function_shape="ovo").fit(X, d.y).decision_function(X),
            sk.SVC(decision_function_shape="ovo").fit(X, d.y).decision_function(X))


@case("SVR", reference="sklearn.svm.SVR (libsvm)", quantity="predictions (RBF, C = 1, ε = 0.1)",
      datasets=["diabetes", "wine_alcohol"], tol=1e-3, reason=_SMO)
def svr(d):
    from sklearn import svm as sk

    from lucidml.svm import SVR

    X, y = scaled(d), standardised_target(d)
    return SVR(C=1.0).fit(X, y).predict(X), sk.SVR(C=1.0).fit(X, y).predict(X)


@case("kernel_matrix", reference="sklearn.metrics.pairwise (rbf, poly, sigmoid, linear kernels)",
      quantity="K(X, X[::3]) for the four kernels", datasets=["iris", "wine"], tol=1e-10, relative=True,
      reason="the same closed forms on the same inner products: rounding only")
def kernels(d):
    from sklearn.metrics import pairwise as skp

    from lucidml.svm import kernel_matrix

    X = scaled(d)
    Z, g = X[::3], 1.0 / X.shape[1]
    ours = [kernel_matrix(X, Z, "rbf", gamma=g), kernel_matrix(X, Z, "poly", gamma=g, coef0=1.0, degree=3),
            kernel_matrix(X, Z, "sigmoid", gamma=g, coef0=0.5), kernel_matrix(X, Z, "linear")]
    ref = [skp.rbf_kernel(X, Z, gamma=g), skp.polynomial_kernel(X, Z, degree=3, gamma=g, coef0=1.0),
           skp.sigmoid_kernel(X, Z, gamma=g, coef0=0.5), skp.linear_kernel(X, Z)]
    return np.concatenate([k.ravel() for k in ours]), np.concatenate([k.ravel() for k in ref])
