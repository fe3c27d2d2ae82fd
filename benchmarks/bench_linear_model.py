"""Linear-model workloads: least squares and ridge on 200k x 50, logistic regression binary and on digits.

Logistic regression is compared twice against scikit-learn's lbfgs at its defaults (tol=1e-4):
with our defaults (Newton to max |∇J| <= 1e-8, a tighter optimum than lbfgs reaches), and at
equal training log-loss (within 1e-4) with our Newton at tol=1e-5, the loosest tolerance that
still lands within 1e-4 of sklearn's log-loss on these data.
"""
from __future__ import annotations

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LinearRegression as SkLR
    from sklearn.linear_model import LogisticRegression as SkLogistic
    from sklearn.linear_model import Ridge as SkRidge
    from sklearn.preprocessing import StandardScaler

    from lucidml.linear_model import LinearRegression, LogisticRegression, Ridge
    from lucidml.metrics import log_loss

    n_reg, d_reg = (2_000, 50) if quick else (200_000, 50)
    n_log, d_log = (2_000, 50) if quick else (50_000, 50)
    rng = np.random.default_rng(0)

    def data_regression():
        X = rng.normal(size=(n_reg, d_reg)) * rng.uniform(0.5, 2.0, d_reg) + rng.normal(size=d_reg)
        y = X @ rng.normal(size=d_reg) + rng.normal(size=n_reg)
        return X, y

    def data_binary():
        X = rng.normal(size=(n_log, d_log))
        y = (X @ rng.normal(size=d_log) * 0.5 + rng.normal(size=n_log) > 0).astype(int)
        return X, y

    def data_digits():
        X, y = load_digits(return_X_y=True)
        return StandardScaler().fit_transform(X), y

    def same_coef(a, b):
        np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-8, atol=1e-10)

    def same_log_loss(data):
        X, y = data

        def check(a, b):
            gap = abs(log_loss(y, a.predict_proba(X)) - log_loss(y, b.predict_proba(X)))
            assert gap <= 1e-4, f"log-loss differs by {gap:.2e}"
        return check

    binary, digits = data_binary(), data_digits()
    return [
        Workload(f"LinearRegression fit {n_reg}x{d_reg}", data_regression,
                 lambda a: LinearRegression().fit(*a), lambda a: SkLR().fit(*a),
                 "sklearn LinearRegression", check=same_coef, repeats=3),
        Workload(f"Ridge Regression (alpha=1) fit {n_reg}x{d_reg}", data_regression,
                 lambda a: Ridge(alpha=1.0).fit(*a), lambda a: SkRidge(alpha=1.0).fit(*a),
                 "sklearn Ridge", check=same_coef, repeats=3),
        Workload(f"LogisticRegression binary fit {n_log}x{d_log}, default parameters", lambda: binary,
                 lambda a: LogisticRegression().fit(*a), lambda a: SkLogistic().fit(*a),
                 "sklearn LogisticRegression(lbfgs)", check=same_log_loss(binary), repeats=3),
        Workload(f"LogisticRegression binary fit {n_log}x{d_log}", lambda: binary,
                 lambda a: LogisticRegression(tol=1e-5).fit(*a), lambda a: SkLogistic().fit(*a),
                 "sklearn LogisticRegression(lbfgs)", check=same_log_loss(binary), repeats=3),
        Workload("LogisticRegression digits (10 classes) fit 1797x64", lambda: digits,
                 lambda a: LogisticRegression(tol=1e-5).fit(*a), lambda a: SkLogistic().fit(*a),
                 "sklearn LogisticRegression(lbfgs)", check=same_log_loss(digits), repeats=5),
    ]
