"""Tour sections: neural networks and how to train them, then convolutional networks
(SYLLABUS §11, §15)."""
from __future__ import annotations

from lucidml import explain
from lucidml.report.section import Figure, Section, Table


def section() -> list[Section]:
    from lucidml.nn import tour_recurrent, tour_transformers

    # the recurrent and transformer sections at tour size; `lucidml experiment char-rnn`, `gpt-names`, ... run them
    # in full
    return [mlp_section(), cnn_section(), tour_recurrent.section(quick=True),
            tour_transformers.transformers_section(quick=True)]


def mlp_section() -> Section:
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
        tables=[_vanishing_table(van), _regularisation_table(reg)],
    )


def cnn_section() -> Section:
    """CNNs on digits, at tour speed (fast=True: 500 training images, a few epochs)."""
    from lucidml.experiments.convolutional import cnn_vs_mlp, learned_filters, residual_vs_plain, shift_robustness

    versus = cnn_vs_mlp(fast=True)
    shift = shift_robustness(fast=True)
    filters = learned_filters(fast=True)
    deep = residual_vs_plain(fast=True, blocks_per_stage=3)
    solutions = [explain.conv_layer(_conv_example_x(), _conv_example_w(), out_channel=0, row=1, col=1, padding=1)]
    return Section(
        title="Convolutional networks",
        order=115,
        intro=["A convolution layer slides small learned filters over the image: every output cell is "
               "Σ_c Σ_p Σ_q w[o, c, p, q] x[c, i + p, j + q] + b[o], the sum over input channels of 2-D "
               "products. Deep-learning 'convolution' is the course's cross-correlation: the kernel is not "
               "flipped. One filter is shared by every position, so a layer's parameter count does not grow "
               "with the image, and shifting the input shifts the feature maps.",
               "LeNet (1998) stacked convolution and pooling; AlexNet added ReLU and dropout; VGG stacked 3 × 3 "
               "filters; GoogLeNet ran 1 × 1, 3 × 3 and 5 × 5 filters side by side; ResNet added the shortcut "
               "x + F(x) so very deep stacks still train. lucidml.nn.models has a small, readable version of "
               "each, and CNNClassifier trains any of them with scikit-learn's API. The numbers below are "
               "tour-sized (500 training digits, a few epochs); `lucidml experiment cnn` runs the full ones."],
        solutions=solutions,
        figures=[
            Figure.from_matplotlib(versus.figure(), "A CNN and an MLP with the same number of parameters",
                                   "Training loss per epoch on digits; the legend gives parameters and test "
                                   "accuracy."),
            Figure.from_matplotlib(shift.figure(), "Shifting the test digits",
                                   "Accuracy when every test digit moves 1 or 2 pixels (mean of the four "
                                   "directions); on 8 × 8 images one pixel is an eighth of the picture."),
            Figure.from_matplotlib(filters.figure(), "Learned first-layer filters and their feature maps",
                                   "Top: the digit and LeNet's six 3 × 3 filters after training; bottom: each "
                                   "filter's response (after tanh)."),
            Figure.from_matplotlib(deep.figure(), f"Why ResNet: {deep.depth} convolution layers with and "
                                   "without shortcuts", "Same seeds and batches; left the training loss, right "
                                   "the gradient norm that reaches the first layer at every step."),
        ],
        tables=[_versus_table(versus), _shift_table(shift), _residual_table(deep)],
    )


def _conv_example_x():
    import numpy as np

    return np.arange(2 * 4 * 4, dtype=float).reshape(2, 4, 4) % 5       # 2 channels, 4 × 4


def _conv_example_w():
    import numpy as np

    return np.array([[[[1, 0, -1], [1, 0, -1], [1, 0, -1]], [[0, 1, 0], [1, -4, 1], [0, 1, 0]]]], dtype=float)


# The results' .table() texts (what the CLI prints) as HTML tables, from the same fields.
def _vanishing_table(van) -> Table:
    mid = van.depth // 2
    return Table(f"Gradient norm ‖∂L/∂W_l‖ at initialisation, depth {van.depth}",
                 ["configuration", "layer 1", f"layer {mid}", f"layer {van.depth}", "1 / last"],
                 [[label, g[0], g[mid - 1], g[-1], g[0] / g[-1]] for label, g in zip(van.labels, van.grad_norms)])


def _regularisation_table(reg) -> Table:
    return Table("Controlling overfitting: the losses at the end of training",
                 ["method", "epochs", "train loss", "val loss", "best val"],
                 [[name, len(h["loss"]), h["loss"][-1], h["val_loss"][-1], min(h["val_loss"])]
                  for name, h in reg.histories.items()], caption="½ mean squared error.")


def _versus_table(versus) -> Table:
    return Table("A CNN and an MLP of the same size on digits", ["model", "parameters", "test accuracy"],
                 [[k, versus.n_parameters[k], f"{versus.accuracy[k]:.4f}"] for k in versus.accuracy])


def _shift_table(shift) -> Table:
    return Table("Test accuracy on shifted digits", ["model"] + [f"shift {s} px" for s in shift.shifts],
                 [[k] + [f"{a:.4f}" for a in v] for k, v in shift.accuracy.items()],
                 caption="Mean over the four directions (left, right, up, down).")


def _residual_table(deep) -> Table:
    import numpy as np

    return Table(f"{deep.depth} convolution layers with and without shortcuts",
                 ["network", "final loss", "median ‖∂L/∂W₁‖", "test accuracy"],
                 [[k, f"{deep.loss_curves[k][-1]:.4f}", f"{np.median(deep.first_layer_grad[k]):.2e}",
                   f"{deep.accuracy[k]:.4f}"] for k in deep.loss_curves])
