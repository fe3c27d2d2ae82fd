"""Worked solutions for PCA: the eigen-decomposition of a covariance matrix, and the two
views of its objective (maximum projected variance = minimum reconstruction error).

    1. det(C − λI) = 0, for 2 × 2: λ² − tr(C) λ + det(C) = 0
    2. λ = (tr(C) ± √(tr(C)² − 4 det(C))) / 2
    3. (C − λI) v = 0, for 2 × 2 with c₁₂ ≠ 0: v ∝ (c₁₂, λ − c₁₁), scaled to ‖v‖ = 1
    4. component j explains λ_j / Σ_k λ_k of the variance

Eigenvalues are listed in the order ``numpy.linalg.eig`` gives them (the order of the
course's answers); the eigenvectors are the columns of the answer's matrix.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §12.1; Strang,
*Introduction to Linear Algebra*, §6.1.

>>> s = pca([[4, 3], [3, 7]])
>>> np.round(s.answer["eigenvalues"], 2).tolist()
[2.15, 8.85]
>>> np.round(s.answer["eigenvectors"], 2).tolist()
[[-0.85, -0.53], [0.53, -0.85]]
"""
from __future__ import annotations

import numpy as np

from lucidml.explain.solution import Solution, Step, format_value
from lucidml.utils.validation import as_float_array, check_int

__all__ = ["pca", "pca_two_views"]


def pca(C) -> Solution:
    """Explain the eigen-decomposition of a symmetric covariance matrix ``C`` (D × D)."""
    owner = "explain.pca"
    C = as_float_array(C, name="C", owner=owner, ndim=2)
    D = C.shape[0]
    if C.shape != (D, D):
        raise ValueError(f"{owner}: C must be square (a covariance matrix), got shape {C.shape}.")
    if not np.allclose(C, C.T, rtol=1e-10, atol=1e-12):
        raise ValueError(f"{owner}: C is not symmetric, so it is not a covariance matrix; "
                         "check the off-diagonal entries (C[i, j] must equal C[j, i]).")
    lam_all, V = np.linalg.eig(C)
    lam_all, V = lam_all.real, V.real
    if (lam_all < -1e-10 * max(1.0, np.abs(lam_all).max())).any():
        raise ValueError(f"{owner}: C has a negative eigenvalue ({lam_all.min():.4g}), so it is not a "
                         "covariance matrix (those are positive semi-definite).")
    steps = []
    if D == 2:
        a, b, d = C[0, 0], C[0, 1], C[1, 1]
        tr, det = a + d, a * d - b * b
        disc = tr * tr - 4 * det
        steps.append(Step("Set up the characteristic polynomial det(C − λI) = 0.",
                          f"(c₁₁ − λ)(c₂₂ − λ) − c₁₂² = λ² − {format_value(tr)} λ + {format_value(det)} = 0",
                          {"tr(C)": tr, "det(C)": det}))
        roots = np.array([(tr - np.sqrt(disc)) / 2, (tr + np.sqrt(disc)) / 2])
        steps.append(Step("Solve the quadratic for the eigenvalues.",
                          f"λ = ({format_value(tr)} ± √({format_value(tr)}² − 4·{format_value(det)})) / 2 "
                          f"= ({format_value(tr)} ± {format_value(np.sqrt(disc))}) / 2",
                          {"λ": lam_all}))
        vectors = {}
        diagonal = abs(b) <= 1e-12 * max(abs(a), abs(d), 1.0)
        for j, l in enumerate(lam_all):
            v = V[:, j] if diagonal else np.array([b, l - a])
            v = v / np.linalg.norm(v)
            if v @ V[:, j] < 0:
                v = -v                                   # the sign is arbitrary; follow eig's
            if not diagonal:
                vectors[f"(c₁₂, λ − c₁₁) for λ = {format_value(l)}"] = np.array([b, l - a])
            vectors[f"v for λ = {format_value(l)}"] = v
        formula = ("C is diagonal: the eigenvectors are the coordinate axes" if diagonal
                   else "(C − λI) v = 0  ⇒  v ∝ (c₁₂, λ − c₁₁)")
        steps.append(Step("For each λ solve (C − λI) v = 0 and scale v to unit length (the sign is arbitrary).",
                          formula, vectors))
        steps.append(Step("Both roots agree with a numerical eigen-solver.", None,
                          {"roots (ascending)": roots}))
    else:
        coeffs = np.poly(C)
        steps.append(Step("Set up the characteristic polynomial det(C − λI) = 0 (coefficients of λ^D … λ⁰).",
                          "det(C − λI) = Σ_k a_k λ^(D−k)", {"a": coeffs}))
        steps.append(Step("Its roots are the eigenvalues.", "det(C − λI) = 0", {"λ": lam_all}))
        steps.append(Step("For each λ solve (C − λI) v = 0; the unit-length solutions are the columns.",
                          "C v = λ v,  ‖v‖ = 1", {"V": V}))
    steps.append(Step("Check: C V = V diag(λ).", "C vⱼ = λⱼ vⱼ",
                      {"max |C V − V Λ|": float(np.abs(C @ V - V * lam_all).max())}))
    order = np.argsort(-lam_all, kind="stable")
    total = lam_all.sum()
    ratio = lam_all[order] / total if total > 0 else np.zeros(D)
    steps.append(Step("Sort by eigenvalue: the principal components in order, each explaining λⱼ / Σλ of the "
                      "total variance (= trace C).",
                      f"Σλ = tr(C) = {format_value(total)}",
                      {"λ (sorted)": lam_all[order], "explained variance ratio": ratio,
                       "first principal axis": V[:, order[0]]}))
    return Solution(
        question=f"What are the eigenvalues and eigenvectors of the covariance matrix C = {_inline(C)}, "
                 "and how much variance does each principal component explain?",
        steps=steps,
        answer={"eigenvalues": lam_all, "eigenvectors": V, "explained_variance_ratio": ratio},
        answer_text=f"λ = {format_value(lam_all)}; eigenvectors (columns of) {_inline(V)}; "
                    f"first component explains {ratio[0]:.1%}")


def pca_two_views(X, n_angles: int = 180) -> Solution:
    """On 2-D data, sweep a unit direction u(θ) = (cos θ, sin θ) and show that the θ of
    maximum projected variance uᵀCu is the θ of minimum mean reconstruction error
    (1/N) Σ ‖x̃ − (uᵀx̃) u‖², because the two always add up to tr(C) (times (N−1)/N)."""
    owner = "explain.pca_two_views"
    X = as_float_array(X, name="X", owner=owner, ndim=2)
    if X.shape[1] != 2 or X.shape[0] < 2:
        raise ValueError(f"{owner}: X must have 2 columns and at least 2 rows, got shape {X.shape}.")
    n_angles = check_int(n_angles, name="n_angles", owner=owner, minimum=4)
    Xc = X - X.mean(axis=0)
    N = X.shape[0]
    theta = np.linspace(0.0, np.pi, n_angles, endpoint=False)
    U = np.stack([np.cos(theta), np.sin(theta)], axis=1)              # (A, 2) unit directions
    P = Xc @ U.T                                                        # projections uᵀx̃  (N, A)
    variance = (P**2).sum(axis=0) / (N - 1)                             # uᵀ C u
    error = ((Xc**2).sum() - (P**2).sum(axis=0)) / N                    # (1/N) Σ ‖x̃ − (uᵀx̃)u‖²
    C = Xc.T @ Xc / (N - 1)
    lam, V = np.linalg.eigh(C)
    u1 = V[:, -1] * np.sign(V[np.argmax(np.abs(V[:, -1])), -1])
    i_var, i_err = int(np.argmax(variance)), int(np.argmin(error))
    steps = [
        Step("Centre the data and form the covariance matrix.", "C = X̃ᵀX̃ / (N − 1)", {"C": C}),
        Step(f"Project onto {n_angles} unit directions u(θ) = (cos θ, sin θ), θ ∈ [0°, 180°).",
             "variance(θ) = uᵀ C u,   error(θ) = (1/N) Σᵢ ‖x̃ᵢ − (uᵀx̃ᵢ) u‖²",
             {"θ (degrees) of max variance": np.degrees(theta[i_var]),
              "θ (degrees) of min error": np.degrees(theta[i_err])}),
        Step("The two are tied: ‖x̃‖² = (uᵀx̃)² + ‖x̃ − (uᵀx̃)u‖² (Pythagoras), so more variance means less error.",
             "(N−1)/N · variance(θ) + error(θ) = (1/N) Σᵢ ‖x̃ᵢ‖²  for every θ",
             {"spread of the sum over θ": float(np.ptp((N - 1) / N * variance + error))}),
        Step("The best direction is the eigenvector of C with the largest eigenvalue.",
             "C u₁ = λ₁ u₁", {"λ₁": lam[-1], "u₁": u1,
                               "angle of u₁ (degrees)": float(np.degrees(np.arctan2(u1[1], u1[0])) % 180)}),
    ]
    return Solution(
        question="Is the direction of maximum projected variance the direction of minimum reconstruction error?",
        steps=steps, answer={"theta_max_variance": float(theta[i_var]), "theta_min_error": float(theta[i_err]),
                             "u1": u1, "variance": variance, "error": error, "theta": theta},
        answer_text=f"yes: both at θ = {np.degrees(theta[i_var]):.1f}°, the first principal axis u₁ = {format_value(u1)}")


def _inline(M) -> str:
    """A matrix on one line: [[4, 3], [3, 7]]."""
    return "[" + ", ".join(format_value(row) for row in np.asarray(M)) + "]"
