"""Tour section: linear to polynomial regression, the probabilistic twin, logistic regression (SYLLABUS §4, §5, §11)."""
from __future__ import annotations

import numpy as np

from lucidml import explain
from lucidml.report.section import Figure, Section, Table


def section() -> Section:
    from lucidml.experiments.overfitting import polynomial_overfitting

    result = polynomial_overfitting(data="bishop", random_state=0)        # Bishop's own ten points
    x, t = result.x_train, result.t_train
    return Section(
        title="Regression",
        order=40,
        intro=[
            "Linear regression fits ŷ = w₀ + w₁ x by minimising E = ½ Σ (ŷ_n − y_n)². A polynomial of "
            "order M, y(x, w) = Σ_j w_j x^j, is still linear in w, so the same least squares fits it.",
            "Bishop's experiment (PRML §1.1), on Bishop's own ten noisy points of sin(2πx): the book does "
            "not print them, but its M = 9 polynomial passes through all ten, so evaluating the printed "
            "coefficients at x_n = n/9 gives them back (to 0.005-0.05). M = 0 and 1 under-fit, M = 3 "
            "follows the curve, M = 9 passes through every point and swings wildly in between: its "
            "coefficients reach ~1e6. The penalty λ/2 ‖w‖² (ridge regression) tames them. The tables "
            "below print the book's values beside lucidml's.",
            "The probabilistic twin: with Gaussian noise of precision β the log-likelihood is "
            "−β/2 Σ {y(x_n, w) − t_n}² + N/2 ln β − N/2 ln 2π, so maximising it over w is least squares, "
            "and 1/β_ML is the mean squared residual. Logistic regression replaces the line by a sigmoid "
            "and the squared error by the cross-entropy: a single neuron.",
        ],
        solutions=[explain.linear_regression([1, 2, 3, 4], [2, 4, 5, 4]),
                   explain.mle_gaussian(x, t, result.coefficients[3]),
                   explain.logistic_step([-2, -1, 1, 2], [0, 0, 1, 1], [0, 0], learning_rate=0.5)],
        figures=[Figure.from_matplotlib(result.figure_fits(), "Polynomial fits of order M",
                                        "Green: sin(2πx); red: the least-squares polynomial; circles: "
                                        "Bishop's 10 training points, recovered from his Table 1.1."),
                 Figure.from_matplotlib(result.figure_rms(), "Under- and over-fitting",
                                        "Left: E_RMS on the training set and on 100 test points (fresh "
                                        "N(0, 0.3²) noise, seed 0) against M (Figure 1.5). "
                                        "Right: the same for M = 9 against the regulariser ln λ (Figure "
                                        "1.8; λ in the convention that reproduces Table 1.2)."),
                 _figure_logistic()],
        tables=[_table("Coefficients w* (Table 1.1), the book's beside lucidml's", *result.coefficient_rows()),
                _table("M = 9 with the regulariser (Table 1.2), the book's beside lucidml's",
                       *result.lambda_rows())],
    )


def _table(title, columns, rows, notes) -> Table:
    return Table(title, columns, rows, caption=" ".join(notes))


def _figure_logistic() -> Figure:
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_breast_cancer

    from lucidml.linear_model import LogisticRegression

    data = load_breast_cancer()
    x = data.data[:, [0]]                                             # mean radius
    y = data.target
    fig, ax = plt.subplots(figsize=(6, 3))
    grid = np.linspace(x.min(), x.max(), 300)[:, None]
    for C in [0.001, 1.0]:
        model = LogisticRegression(C=C).fit(x, y)
        ax.plot(grid[:, 0], model.predict_proba(grid)[:, 1], label=f"C = {C:g}")
    ax.plot(x[:, 0], y + np.random.default_rng(0).uniform(-0.03, 0.03, y.size), ".", ms=3, color="0.5")
    ax.set_xlabel("mean radius")
    ax.set_ylabel("p(benign | x)")
    ax.legend(fontsize=8)
    return Figure.from_matplotlib(fig, "Logistic regression is a single sigmoid neuron",
                                  "Breast cancer: p(benign) against the tumour's mean radius; a small C "
                                  "(strong penalty) flattens the sigmoid.")
