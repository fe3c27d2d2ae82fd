"""Support vector machines: SMO fits against scikit-learn's libsvm."""
from __future__ import annotations

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from sklearn.datasets import make_classification, make_regression
    from sklearn.svm import SVC as SkSVC
    from sklearn.svm import SVR as SkSVR

    from lucidml.svm import SVC, SVR

    n, d = (500, 20) if quick else (5_000, 20)

    def data_binary():
        X, y = make_classification(n, d, n_informative=10, random_state=0)
        return X, y

    def data_multi():
        X, y = make_classification(n, d, n_informative=10, n_classes=4, n_clusters_per_class=1, random_state=1)
        return X, y

    def data_regression():
        X, y = make_regression(n, d, n_informative=10, noise=10.0, random_state=2)
        return X, y / y.std()

    def fit_predict_svc(cls):
        # "ovo": the raw pairwise decision values (the "ovr" votes jump at f = 0)
        return lambda a: cls(decision_function_shape="ovo").fit(a[0], a[1]).decision_function(a[0])

    def fit_predict_svr(cls):
        return lambda a: cls().fit(a[0], a[1]).predict(a[0])

    def close(a, b):
        # both stop when the KKT gap is below tol = 1e-3 (libsvm also shrinks and stores K
        # in float32), so the decision values agree to about that tolerance
        np.testing.assert_allclose(a, b, atol=5e-3)

    return [
        Workload(f"SVC rbf fit+decision {n}x{d}, 2 classes", data_binary,
                 fit_predict_svc(SVC), fit_predict_svc(SkSVC), "sklearn SVC (libsvm)", check=close, repeats=3),
        Workload(f"SVC rbf fit+decision {n}x{d}, 4 classes (one-vs-one)", data_multi,
                 fit_predict_svc(SVC), fit_predict_svc(SkSVC), "sklearn SVC (libsvm)", check=close, repeats=3),
        Workload(f"SVR rbf fit+predict {n}x{d}", data_regression,
                 fit_predict_svr(SVR), fit_predict_svr(SkSVR), "sklearn SVR (libsvm)", check=close, repeats=3),
    ]
