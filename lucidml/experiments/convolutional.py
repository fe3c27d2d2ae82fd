"""Convolutional-network experiments of the course (SYLLABUS §11, §15) on scikit-learn's
digits (1,797 8 × 8 images; a stratified 25 % test split, seed 0), all with lucidml.nn.

1. ``cnn_vs_mlp()``: a small VGG-style CNN and an MLP with about the same number of
   parameters (~18k): the CNN's shared local filters spend the parameters better.
2. ``shift_robustness()``: move the test digits 1–2 pixels; convolution is translation
   equivariant (shift the input, the feature maps shift) and pooling adds a little
   invariance, so the CNN loses less accuracy than the MLP, which sees every pixel as
   a separate input.
3. ``learned_filters()``: the first layer's learned 3 × 3 filters and the feature maps
   they produce on one digit (edge and stroke detectors).
4. ``residual_vs_plain()``: the same deep stack of 3 × 3 convolutions with and without
   the shortcut x + F(x): training loss and the gradient norm reaching the first layer
   (He et al. 2016, §4.1, Figure 4).

``fast=True`` shrinks epochs and data so the tour and the tests run in seconds.
References: LeCun et al. (1998); He, Zhang, Ren & Sun (2016).

>>> r = shift_robustness(fast=True, shifts=(0, 1))
>>> sorted(r.accuracy)
['CNN', 'MLP']
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["cnn_vs_mlp", "shift_robustness", "learned_filters", "residual_vs_plain", "digits_accuracy",
           "digits_split", "shift_images", "CNNvsMLPResult", "ShiftResult", "FiltersResult", "ResidualResult",
           "DigitsAccuracyResult"]


def digits_split(fast: bool = False):
    """Digits scaled to [0, 1] as float32, split 75/25 stratified with seed 0 (the issue's split)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    if fast:
        return Xtr[:500], Xte[:200], ytr[:500], yte[:200]
    return Xtr, Xte, ytr, yte


def shift_images(X: np.ndarray, dx: int, dy: int = 0, size: int = 8) -> np.ndarray:
    """Move flat size × size images dx pixels right and dy down, filling with 0 (blank paper)."""
    imgs = X.reshape(-1, size, size)
    out = np.zeros_like(imgs)
    h0, h1 = max(dy, 0), size + min(dy, 0)
    w0, w1 = max(dx, 0), size + min(dx, 0)
    out[:, h0:h1, w0:w1] = imgs[:, h0 - dy:h1 - dy, w0 - dx:w1 - dx]
    return out.reshape(len(X), -1)


def _n_params(net) -> int:
    return int(sum(p.size for p in net.parameters()))


def _small_vgg(in_channels, n_classes, image_size, random_state, dtype):
    """VGG with widths (16, 32): 17,754 parameters, LeNet-5's budget (19,754) spent on 3 × 3 stacks."""
    from lucidml.nn.models import VGG

    return VGG(in_channels, n_classes, image_size, widths=(16, 32), random_state=random_state, dtype=dtype)


def _fit_pair(fast: bool, random_state: int):
    from lucidml.nn.cnn import CNNClassifier
    from lucidml.nn.mlp import MLPClassifier

    Xtr, Xte, ytr, yte = digits_split(fast)
    epochs = 6 if fast else 30
    cnn = CNNClassifier(_small_vgg, image_shape=(8, 8), max_iter=epochs, random_state=random_state).fit(Xtr, ytr)
    # an MLP with one hidden layer of h units has 64h + h + 10h + 10 parameters: match the CNN's
    h = max(1, round((_n_params(cnn.network_) - 10) / 75))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mlp = MLPClassifier((h,), max_iter=epochs, learning_rate_init=0.01, batch_size=32,
                            random_state=random_state).fit(Xtr, ytr)
    return cnn, mlp, (Xtr, Xte, ytr, yte)


# -- 1. CNN vs MLP ---------------------------------------------------------------------------------------
@dataclass
class CNNvsMLPResult:
    accuracy: dict[str, float]
    n_parameters: dict[str, int]
    loss_curves: dict[str, list[float]]

    def table(self) -> str:
        lines = [f"{'model':<8}{'parameters':>12}{'test accuracy':>16}"]
        lines += [f"{k:<8}{self.n_parameters[k]:>12,}{self.accuracy[k]:>16.4f}" for k in self.accuracy]
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 3.4))
        for name, curve in self.loss_curves.items():
            ax.plot(range(1, len(curve) + 1), curve,
                    label=f"{name} ({self.n_parameters[name]:,} params, {self.accuracy[name]:.1%})")
        ax.set_xlabel("epoch")
        ax.set_ylabel("training loss")
        ax.set_yscale("log")
        ax.legend()
        fig.tight_layout()
        return fig


def cnn_vs_mlp(fast: bool = False, random_state: int = 0) -> CNNvsMLPResult:
    cnn, mlp, (_, Xte, _, yte) = _fit_pair(fast, random_state)
    return CNNvsMLPResult(
        accuracy={"CNN": float(cnn.score(Xte, yte)), "MLP": float(mlp.score(Xte, yte))},
        n_parameters={"CNN": _n_params(cnn.network_), "MLP": _n_params(mlp.network_)},
        loss_curves={"CNN": list(cnn.loss_curve_), "MLP": list(mlp.loss_curve_)})


# -- 2. shifted digits --------------------------------------------------------------------------------------
@dataclass
class ShiftResult:
    shifts: tuple[int, ...]
    accuracy: dict[str, list[float]]     # model -> accuracy per shift (mean over the four directions)

    def table(self) -> str:
        head = "".join(f"{f'shift {s}px':>12}" for s in self.shifts)
        lines = [f"{'model':<8}{head}"]
        lines += [f"{k:<8}" + "".join(f"{a:>12.4f}" for a in v) for k, v in self.accuracy.items()]
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(5, 3.2))
        for name, acc in self.accuracy.items():
            ax.plot(self.shifts, acc, "o-", label=name)
        ax.set_xlabel("shift of the test digits (pixels, mean over left/right/up/down)")
        ax.set_ylabel("test accuracy")
        ax.set_xticks(list(self.shifts))
        ax.legend()
        fig.tight_layout()
        return fig


def shift_robustness(fast: bool = False, shifts=(0, 1, 2), random_state: int = 0) -> ShiftResult:
    cnn, mlp, (_, Xte, _, yte) = _fit_pair(fast, random_state)
    accuracy = {"CNN": [], "MLP": []}
    for s in shifts:
        moves = [(0, 0)] if s == 0 else [(s, 0), (-s, 0), (0, s), (0, -s)]
        for name, model in (("CNN", cnn), ("MLP", mlp)):
            accuracy[name].append(float(np.mean([model.score(shift_images(Xte, dx, dy), yte) for dx, dy in moves])))
    return ShiftResult(tuple(shifts), accuracy)


# -- 3. learned filters ------------------------------------------------------------------------------------
@dataclass
class FiltersResult:
    filters: np.ndarray        # (6, 3, 3) first-layer weights
    image: np.ndarray          # (8, 8) the digit
    feature_maps: np.ndarray   # (6, 8, 8) conv outputs after tanh
    label: int

    def figure(self):
        import matplotlib.pyplot as plt

        k = len(self.filters)
        fig, axes = plt.subplots(2, k + 1, figsize=(1.6 * (k + 1), 3.4))
        axes[0, 0].imshow(self.image, cmap="gray_r")
        axes[0, 0].set_title(f"digit {self.label}", fontsize=9)
        axes[1, 0].axis("off")
        for i in range(k):
            axes[0, i + 1].imshow(self.filters[i], cmap="RdBu_r")
            axes[0, i + 1].set_title(f"filter {i}", fontsize=9)
            axes[1, i + 1].imshow(self.feature_maps[i], cmap="viridis")
            axes[1, i + 1].set_title(f"map {i}", fontsize=9)
        for ax in axes.ravel():
            ax.set_xticks([])
            ax.set_yticks([])
        fig.tight_layout()
        return fig


def learned_filters(fast: bool = False, index: int = 0, random_state: int = 0) -> FiltersResult:
    from lucidml.nn.cnn import CNNClassifier
    from lucidml.nn.tensor import Tensor, no_grad

    Xtr, Xte, ytr, yte = digits_split(fast)
    cnn = CNNClassifier("lenet", image_shape=(8, 8), max_iter=6 if fast else 30, learning_rate_init=0.01,
                        batch_size=32, random_state=random_state).fit(Xtr, ytr)
    first = cnn.network_.features
    x = Tensor(Xte[index].reshape(1, 1, 8, 8))
    with no_grad():
        maps = first[1](first[0](x)).data[0]                     # conv C1 then tanh: (6, 8, 8)
    return FiltersResult(first[0].weight.data[:, 0].copy(), Xte[index].reshape(8, 8), maps, int(yte[index]))


# -- 4. residual vs plain ------------------------------------------------------------------------------------
@dataclass
class ResidualResult:
    depth: int                               # convolution layers in the body
    loss_curves: dict[str, list[float]]      # per epoch
    first_layer_grad: dict[str, list[float]]  # ‖∂L/∂W_stem‖ per step
    accuracy: dict[str, float]

    def table(self) -> str:
        lines = [f"{'network':<10}{'final loss':>12}{'median ‖∂L/∂W₁‖':>18}{'test accuracy':>15}"]
        for k in self.loss_curves:
            lines.append(f"{k:<10}{self.loss_curves[k][-1]:>12.4f}{np.median(self.first_layer_grad[k]):>18.2e}"
                         f"{self.accuracy[k]:>15.4f}")
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.4))
        for name in self.loss_curves:
            a.plot(range(1, len(self.loss_curves[name]) + 1), self.loss_curves[name], label=name)
            b.plot(self.first_layer_grad[name], label=name, lw=0.8)
        a.set_xlabel("epoch")
        a.set_ylabel("training loss")
        a.set_title(f"{self.depth} convolution layers", fontsize=10)
        b.set_xlabel("step")
        b.set_ylabel("‖∂L/∂W‖ of the first layer")
        b.set_yscale("log")
        for ax in (a, b):
            ax.legend()
        fig.tight_layout()
        return fig


def residual_vs_plain(fast: bool = False, blocks_per_stage: int = 4, random_state: int = 0) -> ResidualResult:
    """Train ResNet(residual=True) and the same stack without shortcuts (``residual=False``),
    same seeds, same batches, SGD with momentum; both keep batch normalisation, as in the paper."""
    from lucidml.nn import functional as F
    from lucidml.nn.models import ResNet
    from lucidml.nn.optim import SGD
    from lucidml.nn.tensor import Tensor, no_grad

    Xtr, Xte, ytr, yte = digits_split(fast)
    Xtr, Xte = Xtr.reshape(-1, 1, 8, 8), Xte.reshape(-1, 1, 8, 8)
    epochs, batch = (3 if fast else 15), 64
    curves, grads, accuracy = {}, {}, {}
    for name, residual in (("plain", False), ("residual", True)):
        net = ResNet(1, 10, widths=(8, 16), blocks_per_stage=blocks_per_stage, residual=residual,
                     random_state=random_state)
        opt = SGD(net.parameters(), lr=0.05, momentum=0.9)
        rng = np.random.default_rng(random_state)
        curves[name], grads[name] = [], []
        for _ in range(epochs):
            net.train()
            order, total = rng.permutation(len(Xtr)), 0.0
            for start in range(0, len(Xtr), batch):
                idx = order[start:start + batch]
                opt.zero_grad()
                loss = F.cross_entropy(net(Tensor(Xtr[idx])), ytr[idx])
                loss.backward()
                grads[name].append(float(np.linalg.norm(net.stem.conv.weight.grad)))
                opt.step()
                total += loss.item() * len(idx)
            curves[name].append(total / len(Xtr))
        net.eval()
        with no_grad():
            accuracy[name] = float(np.mean(np.argmax(net(Tensor(Xte)).data, axis=1) == yte))
    depth = 1 + 2 * 2 * blocks_per_stage
    return ResidualResult(depth, curves, grads, accuracy)


# -- 5. the default CNN against the classical anchors, over seeds ----------------------------------------------
@dataclass
class DigitsAccuracyResult:
    accuracy: dict[str, list[float]]      # model -> test accuracy per seed
    seconds: dict[str, list[float]]       # model -> fit time per seed

    def table(self) -> str:
        lines = [f"{'model':<28}{'mean':>8}{'std':>8}{'min':>8}{'max':>8}{'fit s':>8}"]
        for k, acc in self.accuracy.items():
            a = np.asarray(acc)
            lines.append(f"{k:<28}{a.mean():>8.4f}{a.std():>8.4f}{a.min():>8.4f}{a.max():>8.4f}"
                         f"{np.mean(self.seconds[k]):>8.1f}")
        return "\n".join(lines)


def digits_accuracy(seeds=(0, 1, 2, 3, 4), fast: bool = False) -> DigitsAccuracyResult:
    """Test accuracy of the default CNNClassifier (vgg, 30 epochs) on the fixed split, one run per seed,
    beside kNN (k = 3), an RBF SVC and lucidml's MLP (the issue's anchors; kNN and the SVC are
    deterministic, so their spread is 0)."""
    import time

    from lucidml.nn.cnn import CNNClassifier
    from lucidml.nn.mlp import MLPClassifier
    from lucidml.neighbors import KNeighborsClassifier
    from lucidml.svm import SVC

    Xtr, Xte, ytr, yte = digits_split(fast)
    makers = {
        "CNNClassifier() (vgg)": lambda seed: CNNClassifier(image_shape=(8, 8), max_iter=3 if fast else 30,
                                                          random_state=seed),
        "MLPClassifier((100,))": lambda seed: MLPClassifier((100,), max_iter=20 if fast else 200, random_state=seed),
        "KNeighborsClassifier(3)": lambda seed: KNeighborsClassifier(3),
        "SVC(rbf)": lambda seed: SVC(),
    }
    accuracy, seconds = {k: [] for k in makers}, {k: [] for k in makers}
    for seed in seeds:
        for name, make in makers.items():
            t0 = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = make(seed).fit(Xtr, ytr)
            seconds[name].append(time.perf_counter() - t0)
            accuracy[name].append(float(model.score(Xte, yte)))
    return DigitsAccuracyResult(accuracy, seconds)
