"""The course's worked examples: lucidml's answer against the number printed on the slide."""
import numpy as np

from lucidml.verify.registry import case

SLIDE = "the course slide (SYLLABUS.md)"


@case("conv1d", reference=SLIDE, quantity="§1: f = [2,5,0,1,3] * g = [0,1,0]", datasets=["slide"], tol=0,
      reason="small integers: the answer is exact")
def conv1d_slide(d):
    from lucidml.signal import conv1d

    return conv1d([2, 5, 0, 1, 3], [0, 1, 0]), [5, 0, 1]


@case("conv2d", reference=SLIDE, quantity="§1: the 5×5 data matrix * the 3×3 centre-5 kernel", datasets=["slide"],
      tol=0, reason="small integers: the answer is exact")
def conv2d_slide(d):
    from lucidml.signal import conv2d

    D = [[1, 0, 1, 1, 0], [1, 0, 0, 1, 1], [0, 1, 0, 0, 0], [1, 0, 0, 0, 1], [0, 1, 0, 1, 0]]
    K = [[0, 0, 0], [0, 5, 0], [0, 0, 0]]
    return conv2d(D, K), [[0, 0, 5], [5, 0, 0], [0, 0, 0]]


@case("explain.backprop", reference=SLIDE, quantity="§11: ∂E/∂out_o1, ∂out_o1/∂net_o1, ∂net_o1/∂w5",
      datasets=["slide"], tol=5e-9, reason="the slide prints 8-9 decimals: half a unit in the last place")
def backprop_slide(d):
    from lucidml import explain

    t = explain.backprop_trace()              # the course network (2-2-2, sigmoid, targets 0.01, 0.99)
    ours = [t.dE_dout[-1][0], t.dout_dnet[-1][0], t.outs[0][0]]
    return np.round(ours, 9), [0.74136507, 0.186815602, 0.593269992]


@case("explain.pca", reference=SLIDE,
      quantity="§10: eigenvalues and eigenvectors (up to sign) of the four covariance matrices",
      datasets=["slide"], tol=0.1,
      reason="the slide cuts to one decimal (8.854 is printed 8.8, −0.851 as −0.8): within 0.1")
def pca_slide(d):
    from lucidml import explain

    slide = [([[1, 0], [0, 7]], [1, 7], None), ([[7, 0], [0, 1]], [7, 1], None),
             ([[4, 3], [3, 7]], [2.1, 8.8], [[-0.8, -0.5], [0.5, -0.8]]),
             ([[4, -3], [-3, 7]], [2.1, 8.8], [[-0.8, 0.5], [-0.5, -0.8]])]
    ours, ref = [], []
    for C, values, vectors in slide:
        answer = explain.pca(C).answer
        lam, V = np.asarray(answer["eigenvalues"]), np.asarray(answer["eigenvectors"])
        order = [int(np.argmin(np.abs(lam - v))) for v in values]   # the slide's order of the pairs
        ours += list(lam[order])
        ref += list(values)
        if vectors is not None:
            V, S = V[:, order], np.asarray(vectors, float)
            V = V * np.sign(np.sum(V * S, axis=0))                   # each column's sign as on the slide
            ours += list(V.ravel())
            ref += list(S.ravel())
    return ours, ref
