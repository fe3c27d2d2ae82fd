"""The textbook over-fitting experiment: polynomial curve fitting (Bishop, PRML §1.1).

N = 10 points of t = sin(2πx) + N(0, 0.3²) noise, x evenly spaced in [0, 1], fitted by
polynomials y(x, w) = Σ_{j=0}^{M} w_j x^j of order M by least squares, then with the
regulariser λ/2 ‖w‖². Reproduces:

* the table of w* for M = 0, 1, 3, 9 (Bishop's Table 1.1; the course slide labels the
  cubic column "M = 6", but it has four coefficients, so it is M = 3);
* the root-mean-square error E_RMS = √(2 E(w*) / N) on the training set and on 100 new
  test points for M = 0..9 (Figure 1.5): the training error falls to 0 at M = 9, the test
  error falls, then explodes (over-fitting);
* the table of w* for M = 9 with ln λ = −∞, −18, 0 (Table 1.2): the regulariser tames the
  coefficients from ~1e5 to ~1;
* E_RMS against ln λ (Figure 1.8).

Our noise draw differs from Bishop's, so the digits differ, not the pattern. Unlike
Bishop, the intercept w₀ is not penalised (shifting t then shifts only w₀); the M = 9 fit
goes through QR + SVD, which keeps it accurate despite cond(Vandermonde) ≈ 1e7.

>>> result = polynomial_overfitting(random_state=0)
>>> bool(result.train_rms[9] < 1e-8), bool(result.test_rms[9] > result.test_rms[3])
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lucidml.datasets.sinusoid import make_sinusoid
from lucidml.linear_model.polynomial import PolynomialRegression
from lucidml.metrics.regression import root_mean_squared_error
from lucidml.utils.validation import check_int, check_real

__all__ = ["polynomial_overfitting", "OverfittingResult"]

TABLE_DEGREES = (0, 1, 3, 9)
TABLE_LN_LAMBDAS = (-np.inf, -18.0, 0.0)


@dataclass
class OverfittingResult:
    """Everything the experiment computed; ``tables()`` and the ``figure_*`` methods present it."""

    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    degrees: np.ndarray                      # M = 0..max_degree
    train_rms: np.ndarray                    # E_RMS on the training set, per M
    test_rms: np.ndarray                     # E_RMS on the test set, per M
    coefficients: dict = field(default_factory=dict)          # M -> w* (w₀..w_M)
    ln_lambdas: np.ndarray = None            # the grid for the λ curve
    train_rms_lambda: np.ndarray = None
    test_rms_lambda: np.ndarray = None
    coefficients_lambda: dict = field(default_factory=dict)   # ln λ -> w* for M = 9
    lambda_degree: int = 9

    def coefficient_table(self) -> str:
        """w* for M = 0, 1, 3, 9 side by side (Bishop's Table 1.1)."""
        return _table({f"M={M}": w for M, w in self.coefficients.items()})

    def lambda_table(self) -> str:
        """w* for M = 9 at ln λ = −∞, −18, 0 (Bishop's Table 1.2)."""
        return _table({f"ln λ={_ln(l)}": w for l, w in self.coefficients_lambda.items()})

    def rms_table(self) -> str:
        lines = ["  M   train E_RMS   test E_RMS"]
        lines += [f"{M:3d}   {a:11.4f}   {b:10.4f}" for M, a, b in zip(self.degrees, self.train_rms, self.test_rms)]
        return "\n".join(lines)

    def tables(self) -> str:
        return "\n\n".join([
            "Coefficients w* of the polynomial fits (Table 1.1):\n" + self.coefficient_table(),
            "Training and test E_RMS against the order M (Figure 1.5):\n" + self.rms_table(),
            f"Coefficients w* for M = {self.lambda_degree} with the regulariser (Table 1.2):\n"
            + self.lambda_table()])

    def figure_fits(self):
        """Figure 1.4: the fits for M = 0, 1, 3, 9 over the true curve sin(2πx)."""
        import matplotlib.pyplot as plt

        grid = np.linspace(0, 1, 400)
        fig, axes = plt.subplots(1, len(self.coefficients), figsize=(12, 3), sharey=True)
        for ax, (M, w) in zip(np.atleast_1d(axes), self.coefficients.items()):
            ax.plot(grid, np.sin(2 * np.pi * grid), color="tab:green", label="sin(2πx)")
            ax.plot(grid, np.polynomial.polynomial.polyval(grid, w), color="tab:red", label="fit")
            ax.plot(self.x_train, self.t_train, "o", mfc="none", color="tab:blue", label="data")
            ax.set_ylim(-1.6, 1.6)
            ax.set_title(f"M = {M}")
            ax.set_xlabel("x")
        np.atleast_1d(axes)[0].set_ylabel("t")
        np.atleast_1d(axes)[0].legend(fontsize=7)
        return fig

    def figure_rms(self):
        """Figure 1.5 and 1.8: E_RMS against M, and against ln λ for M = 9."""
        import matplotlib.pyplot as plt

        fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4))
        left.plot(self.degrees, self.train_rms, "o-", mfc="none", label="training")
        left.plot(self.degrees, self.test_rms, "o-", mfc="none", label="test")
        left.set_xlabel("M")
        left.set_ylabel("E_RMS")
        left.set_ylim(0, 1)
        left.legend()
        right.plot(self.ln_lambdas, self.train_rms_lambda, label="training")
        right.plot(self.ln_lambdas, self.test_rms_lambda, label="test")
        right.set_xlabel("ln λ")
        right.set_ylabel("E_RMS")
        right.set_title(f"M = {self.lambda_degree}")
        right.set_ylim(0, 1)
        right.legend()
        return fig


def polynomial_overfitting(n_samples: int = 10, n_test: int = 100, noise: float = 0.3, random_state=0,
                           max_degree: int = 9, ln_lambdas=None) -> OverfittingResult:
    """Run the experiment and return an :class:`OverfittingResult`.

    The training set is ``make_sinusoid(n_samples, noise)``; the test set is ``n_test`` new
    points on the same grid rule with fresh noise. ``ln_lambdas`` is the grid for the λ
    curve (default −40 .. 0); the λ tables use M = ``max_degree``.
    """
    owner = "polynomial_overfitting"
    N = check_int(n_samples, name="n_samples", owner=owner, minimum=2)
    check_int(n_test, name="n_test", owner=owner, minimum=1)
    check_real(noise, name="noise", owner=owner, minimum=0.0)
    M_max = check_int(max_degree, name="max_degree", owner=owner, minimum=0)
    seed_train, seed_test = np.random.default_rng(random_state).integers(0, 2**32, 2)
    x, t = make_sinusoid(N, noise, seed_train)
    x_test, t_test = make_sinusoid(n_test, noise, seed_test)
    X, X_test = x[:, None], x_test[:, None]

    def rms(model, X_, t_):
        return root_mean_squared_error(t_, model.predict(X_))             # √(2E/N) = √(mean squared error)

    degrees = np.arange(M_max + 1)
    fits = [PolynomialRegression(degree=int(M)).fit(X, t) for M in degrees]
    ln_grid = np.linspace(-40, 0, 81) if ln_lambdas is None else np.asarray(ln_lambdas, dtype=float)
    ridge = [PolynomialRegression(degree=M_max, alpha=float(np.exp(l))).fit(X, t) for l in ln_grid]
    return OverfittingResult(
        x_train=x, t_train=t, x_test=x_test, t_test=t_test, degrees=degrees,
        train_rms=np.array([rms(m, X, t) for m in fits]),
        test_rms=np.array([rms(m, X_test, t_test) for m in fits]),
        coefficients={M: fits[M].w_ for M in TABLE_DEGREES if M <= M_max},
        ln_lambdas=ln_grid,
        train_rms_lambda=np.array([rms(m, X, t) for m in ridge]),
        test_rms_lambda=np.array([rms(m, X_test, t_test) for m in ridge]),
        coefficients_lambda={l: PolynomialRegression(degree=M_max, alpha=float(np.exp(l))).fit(X, t).w_
                             for l in TABLE_LN_LAMBDAS},
        lambda_degree=M_max,
    )


def _ln(value: float) -> str:
    return "−∞" if np.isneginf(value) else f"{value:g}"


def _table(columns: dict) -> str:
    """Rows w₀, w₁, ...; one column per fit; blanks where a fit has fewer coefficients."""
    names = list(columns)
    n_rows = max(len(w) for w in columns.values())
    width = max(14, *(len(n) + 2 for n in names))
    lines = ["      " + "".join(f"{n:>{width}}" for n in names)]
    for j in range(n_rows):
        cells = "".join(f"{columns[n][j]:>{width}.2f}" if j < len(columns[n]) else " " * width for n in names)
        lines.append(f"w{j}*  " + cells)
    return "\n".join(lines)
