"""Worked solution for a two-class support vector machine.

    1. labels            y_i = +1 for the second class, −1 for the first
    2. dual problem      max_α Σ_i α_i − ½ Σ_ij α_i α_j y_i y_j K(x_i, x_j),  Σ_i α_i y_i = 0,  0 ≤ α_i ≤ C
    3. support vectors   the x_i with α_i > 0: on the margin if α_i < C, inside it if α_i = C
    4. (linear kernel)   w = Σ_i α_i y_i x_i, margin width 2 / ‖w‖
    5. decision          f(x) = Σ_i α_i y_i K(x_i, x) + b; the sign picks the class

The numbers come from :class:`lucidml.svm.SVC` (SMO), so explanation and estimator agree;
``solver="platt"`` solves the dual with the readable SMO of :mod:`lucidml.svm.platt_smo`
(Platt's two-variable step, the pair that violates the KKT conditions most), whose answer
agrees with the default compiled solver to within ``tol``.

>>> X = [[0, 0], [0, 1], [2, 0], [2, 1]]
>>> svm(X, ["no", "no", "yes", "yes"], [1.5, 0.5], C=10.0).answer
'yes'
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.utils.validation import check_option, check_real, check_training_query

__all__ = ["svm"]

_KERNELS = {
    "linear": "K(x, z) = x·z",
    "poly": "K(x, z) = (γ x·z + r)^d",
    "rbf": "K(x, z) = exp(−γ ‖x − z‖²)",
    "sigmoid": "K(x, z) = tanh(γ x·z + r)",
}


def svm(X_train, y_train, x_query, *, C: float = 1.0, kernel: str = "linear", gamma="scale",
        degree: int = 3, coef0: float = 0.0, solver: str = "libsvm") -> Solution:
    """Explain how a soft-margin SVM trained on two classes classifies ``x_query``.

    ``solver`` picks the SMO that solves the dual: "libsvm" (compiled, the default) or
    "platt" (the readable NumPy one, :mod:`lucidml.svm.platt_smo`).
    """
    from lucidml.svm import SVC
    from lucidml.svm.kernels import kernel_matrix

    owner = "explain.svm"
    X, y, x = check_training_query(X_train, y_train, x_query, owner=owner)
    check_real(C, name="C", owner=owner, minimum=0.0, strict=True)
    check_option(kernel, name="kernel", owner=owner, allowed=tuple(_KERNELS))
    check_option(solver, name="solver", owner=owner, allowed=("libsvm", "platt"))
    classes = np.unique(y)
    if len(classes) != 2:
        raise ValueError(f"{owner}: explains a two-class SVM, but y_train has {len(classes)} classes "
                         f"{classes.tolist()}; keep two of them (several classes are handled one pair "
                         "at a time, one-vs-one).")

    svc = SVC(C=C, kernel=kernel, gamma=gamma, degree=degree, coef0=coef0, solver=solver).fit(X, y)
    y_pm = np.where(y == classes[1], 1.0, -1.0)
    steps = [Step(f"Code the labels as ±1: {classes[0]!s} → −1, {classes[1]!s} → +1.",
                  "y_i ∈ {−1, +1}", {"y": y_pm})]
    params = {"kernel": kernel}
    if kernel != "linear":
        params["γ"] = svc._gamma
    if kernel in ("poly", "sigmoid"):
        params["r"] = float(coef0)
    if kernel == "poly":
        params["d"] = int(degree)
    if X.shape[0] <= 12:
        params["K"] = kernel_matrix(X, X, kernel, gamma=svc._gamma, coef0=float(coef0), degree=int(degree))
    steps.append(Step("Compare every pair of training points with the kernel.", _KERNELS[kernel], params))

    alpha = np.zeros(len(y))
    alpha[svc.support_] = svc.dual_coef_[0] * y_pm[svc.support_]       # dual_coef_ = α_i y_i
    n_steps = int(svc.n_iter_[0])
    how = ("Platt's step on the most violating pair" if solver == "platt"
           else "libsvm's second-order choice of the pair")
    steps.append(Step(f"Solve the dual problem by SMO (two α's at a time, {how}, {n_steps} "
                      f"step{'s' * (n_steps != 1)}, until the KKT conditions hold to tol = {format_value(svc.tol)}).",
                      "max_α Σ_i α_i − ½ Σ_ij α_i α_j y_i y_j K(x_i, x_j)   "
                      "s.t. Σ_i α_i y_i = 0, 0 ≤ α_i ≤ C",
                      {"α": alpha, "Σ_i α_i y_i": float(alpha @ y_pm)}))
    on_margin = np.flatnonzero((alpha > 0) & (alpha < C))
    bound = np.flatnonzero(alpha >= C)
    steps.append(Step("The support vectors are the points with α_i > 0; all others could be deleted "
                      "without changing the classifier.",
                      "0 < α_i < C: on the margin (y_i f(x_i) = 1);  α_i = C: inside it or misclassified",
                      {"on the margin": on_margin, "at the bound C": bound}))
    b = float(svc.intercept_[0])
    if kernel == "linear":
        w = svc.coef_[0]
        steps.append(Step("With a linear kernel the weights can be written out; the margin is the gap "
                          "between f = −1 and f = +1.",
                          "w = Σ_i α_i y_i x_i,  b = y_s − w·x_s (averaged over margin points),  width = 2/‖w‖",
                          {"w": w, "b": b, "margin width": 2.0 / np.linalg.norm(w)}))
    sv = svc.support_
    k = kernel_matrix(x[None, :], X[sv], kernel, gamma=svc._gamma, coef0=float(coef0), degree=int(degree))[0]
    terms = svc.dual_coef_[0] * k
    f = float(terms.sum() + b)
    winner = classes[1] if f > 0 else classes[0]
    steps.append(Step("Evaluate the decision function at the query: one term per support vector, plus b.",
                      "f(x) = Σ_{i ∈ SV} α_i y_i K(x_i, x) + b",
                      {"support vectors": sv, "α_i y_i": svc.dual_coef_[0], "K(x_i, x)": k,
                       "terms": terms, "b": b, "f(x)": f}))
    steps.append(Step(f"f(x) {'>' if f > 0 else '≤'} 0, so the query is on the "
                      f"{'+1' if f > 0 else '−1'} side.", "ŷ = sign f(x)", {}))
    answer = winner.item() if hasattr(winner, "item") else winner
    return Solution(question=f"Which class does a {kernel}-kernel SVM (C = {format_value(C)}) give "
                             f"x = {format_value(x)}?",
                    steps=steps, answer=answer, answer_text=f"{answer} (f(x) = {f:.4g})")
