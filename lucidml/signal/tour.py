"""Tour section: convolution (SYLLABUS §1)."""
from __future__ import annotations

import numpy as np

from lucidml import explain
from lucidml.report.section import Figure, Section
from lucidml.signal.convolution import conv1d, conv2d, correlate1d

COURSE_SIGNAL = [2, 5, 0, 1, 3]
COURSE_KERNEL = [0, 1, 0]
COURSE_DATA = [[1, 0, 1, 1, 0],
               [1, 0, 0, 1, 1],
               [0, 1, 0, 0, 0],
               [1, 0, 0, 0, 1],
               [0, 1, 0, 1, 0]]
COURSE_KERNEL_2D = [[0, 0, 0], [0, 5, 0], [0, 0, 0]]


def section() -> Section:
    return Section(
        title="Convolution",
        order=10,
        intro=[
            "Convolution slides a flipped kernel g over a signal f and adds the products: "
            "(f * g)[n] = Σ_k g[k] f[n − k]. Cross-correlation skips the flip; it is what "
            "deep-learning 'convolution' layers compute.",
            "'valid' keeps only windows inside the data, 'same' pads so the output is as long "
            "as the input, 'full' keeps every overlap; a stride s keeps every s-th output.",
        ],
        solutions=[explain.convolution(COURSE_SIGNAL, COURSE_KERNEL),
                   explain.convolution2d(COURSE_DATA, COURSE_KERNEL_2D)],
        figures=[_figure_flip(), _figure_edges()],
    )


def _figure_flip() -> Figure:
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(0)
    t = np.arange(60)
    f = np.sin(2 * np.pi * t / 30) + 0.3 * rng.normal(size=t.size)
    g = np.array([3.0, 2.0, 1.0]) / 6.0  # asymmetric, so the flip shows
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.plot(t, f, ".", color="0.6", label="signal f")
    ax.plot(t, conv1d(f, g, mode="same"), label="convolution f * g")
    ax.plot(t, correlate1d(f, g, mode="same"), "--", label="cross-correlation f ⋆ g")
    ax.plot(t, conv1d(f, np.ones(7) / 7, mode="same"), lw=2, label="moving average (7)")
    ax.set_xlabel("n")
    ax.legend(fontsize=8)
    return Figure.from_matplotlib(
        fig, "Smoothing a noisy sine",
        "With an asymmetric kernel, convolution and cross-correlation differ by a shift: "
        "one weights the past most, the other the future.")


def _figure_edges() -> Figure:
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_sample_image

    image = load_sample_image("china.jpg").mean(axis=2)[::2, ::2] / 255.0  # grey, 214 x 320
    sobel_x = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
    gx = conv2d(image, sobel_x, mode="same")
    gy = conv2d(image, sobel_x.T, mode="same")
    fig, axes = plt.subplots(1, 3, figsize=(10, 3))
    panels = [(image, "image (scikit-learn's china.jpg)"), (np.hypot(gx, gy), "Sobel edge strength"),
              (conv2d(image, np.ones((5, 5)) / 25, mode="same", stride=4), "5×5 blur, stride 4")]
    for ax, (img, title) in zip(axes, panels):
        ax.imshow(img, cmap="gray")
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    return Figure.from_matplotlib(fig, "2-D convolution on a photograph",
                                  "Edge kernels respond where brightness changes; a stride shrinks the output.")
