"""Tour section: neural networks and how to train them (SYLLABUS §11, §15)."""
from __future__ import annotations

from lucidml import explain
from lucidml.report.section import Figure, Section


def section() -> Section:
    from lucidml.experiments.neural import activations, regularisation, vanishing_gradients

    act = activations()
    van = vanishing_gradients(depth=20)
    reg = regularisation()
    return Section(
        title="Neural networks",
        order=110,
        intro=["A neuron computes out = f(Σ wᵢ xᵢ + b); logistic regression is one sigmoid neuron. A feed-forward "
               "network stacks layers of them, and back-propagation computes every ∂E/∂w with the chain rule, "
               "from the output back to the input. lucidml.nn does this on NumPy arrays: each operation stores "
               "its local derivative beside its forward computation, and backward() multiplies them in "
               "reverse topological order.",
               "The worked example below is the course's 2-2-2 sigmoid network; its numbers come from the same "
               "autograd engine that trains MLPClassifier."],
        solutions=[explain.backprop()],
        figures=[
            Figure.from_matplotlib(act.figure(), "Activations and their derivatives",
                                   "f′ is computed by backward(); the binary step has f′ = 0, so no gradient "
                                   "flows through it, and sigmoid never passes more than 1/4."),
            Figure.from_matplotlib(van.figure(), "Vanishing and exploding gradients through 20 layers",
                                   "At initialisation a plain sigmoid stack gives the first layer ~10⁻¹⁸ of the "
                                   "gradient of the last; batch normalisation keeps every layer alive; a ×2 He "
                                   "initialisation makes every gradient enormous."),
            Figure.from_matplotlib(reg.figure(), "Controlling overfitting: 20 noisy points, a 1-64-64-1 network",
                                   "Without regularisation the training loss keeps falling while the validation "
                                   "loss rises; L2, dropout and early stopping each hold the validation loss down."),
        ],
        notes=[van.table(), reg.table()],
    )
