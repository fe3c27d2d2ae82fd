"""explain.backprop: the course's worked example, digit for digit, and one engine behind it."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml import explain
from lucidml.explain.backpropagation import COURSE_NETWORK, backprop_trace


def test_reproduces_the_course_numbers():
    # Mazur (2015) / the course: out_o1 = 0.75136507, E_total = 0.298371109,
    # ∂E/∂out_o1 = 0.74136507, ∂out_o1/∂net_o1 = 0.186815602, ∂net_o1/∂w5 = out_h1 = 0.593269992,
    # ∂E/∂w5 = 0.082167041 -> w5⁺ = 0.35891648; ∂E/∂w1 = 0.000438568 -> w1⁺ = 0.149780716
    tr = backprop_trace()
    assert tr.outs[1][0] == pytest.approx(0.75136507, abs=5e-9)
    assert tr.E_total == pytest.approx(0.298371109, abs=5e-10)
    assert tr.dE_dout[1][0] == pytest.approx(0.74136507, abs=5e-9)
    assert tr.dout_dnet[1][0] == pytest.approx(0.186815602, abs=5e-10)
    assert tr.outs[0][0] == pytest.approx(0.593269992, abs=5e-10)
    assert tr.dE_dW[1][0, 0] == pytest.approx(0.082167041, abs=5e-10)
    assert tr.dE_dW[0][0, 0] == pytest.approx(0.000438568, abs=5e-10)
    expected = [0.149780716, 0.19956143, 0.24975114, 0.29950229, 0.35891648, 0.408666186, 0.511301270, 0.561370121]
    s = explain.backprop()
    np.testing.assert_allclose(s.answer, expected, atol=5e-9)
    text = s.to_text(width=200)
    for number in ["0.74136507", "0.186815602", "0.593269992", "0.298371109", "0.35891648", "0.149780716"]:
        assert number in text


def test_hidden_weight_reaches_the_error_through_both_outputs():
    s = explain.backprop()
    step = next(st for st in s.steps if "h1 reaches the error" in st.text)
    assert step.formula == "∂E/∂out_h1 = δ_o1·w5 + δ_o2·w7"
    parts = [float(step.values[k]) for k in ("δ_o1·w5", "δ_o2·w7")]
    assert parts[0] > 0 > parts[1]                       # o1 pulls one way, o2 the other
    assert sum(parts) == pytest.approx(float(step.values["∂E/∂out_h1"]), abs=1e-9)
    assert sum(parts) == pytest.approx(0.036350306, abs=1e-9)   # the course's ∂E_total/∂out_h1


def test_factors_multiply_to_the_engine_gradient_and_finite_differences():
    tr = backprop_trace()
    # output layer: ∂E/∂w_kj = ∂E/∂out_k · out_k(1 − out_k) · out_j
    np.testing.assert_allclose(np.outer(tr.dE_dout[1] * tr.dout_dnet[1], tr.outs[0]), tr.dE_dW[1], rtol=1e-14)
    np.testing.assert_allclose(np.outer(tr.dE_dout[0] * tr.dout_dnet[0], tr.inputs), tr.dE_dW[0], rtol=1e-14)
    # central differences on E_total(w)
    W = [w.copy() for w in tr.W]

    def error(Ws):
        a = tr.inputs
        for w, b in zip(Ws, tr.b):
            a = 1 / (1 + np.exp(-(w @ a + b)))
        return 0.5 * np.sum((tr.targets - a) ** 2)

    for l in range(2):
        for idx in np.ndindex(W[l].shape):
            up = [w.copy() for w in W]
            down = [w.copy() for w in W]
            up[l][idx] += 1e-6
            down[l][idx] -= 1e-6
            numeric = (error(up) - error(down)) / 2e-6
            assert numeric == pytest.approx(tr.dE_dW[l][idx], rel=1e-6, abs=1e-11)


def test_matches_reference_torch_on_a_deeper_network():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(3, 4)), rng.normal(size=(2, 3)), rng.normal(size=(2, 2))]
    biases = [rng.normal(size=3), 0.1, rng.normal(size=2)]
    x, t = rng.uniform(size=4), np.array([0.2, 0.7])
    s = explain.backprop(weights, biases, x, t, learning_rate=0.1)
    Ws = [torch.tensor(w, requires_grad=True) for w in weights]
    bs = [torch.tensor(np.broadcast_to(b, (w.shape[0],)).copy(), requires_grad=True) for w, b in zip(weights, biases)]
    a = torch.tensor(x)
    for w, b in zip(Ws, bs):
        a = torch.sigmoid(w @ a + b)
    (0.5 * ((torch.tensor(t) - a) ** 2).sum()).backward()
    expected = np.concatenate([(w - 0.1 * w.grad).detach().numpy().ravel() for w in Ws])
    np.testing.assert_allclose(s.answer, expected, rtol=1e-12)
    assert "h2_2" in s.to_markdown() and "h1_1" in s.to_html()


def test_course_network_is_the_default_and_overridable():
    same = explain.backprop(COURSE_NETWORK["weights"], COURSE_NETWORK["biases"], [0.05, 0.10], [0.01, 0.99], 0.5)
    np.testing.assert_array_equal(same.answer, explain.backprop().answer)
    assert explain.backprop(learning_rate=0.0).answer.tolist() == [0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55]


def test_bad_input():
    with pytest.raises(ValueError, match=r"weights\[1\] has shape \(2, 3\)"):
        explain.backprop([np.ones((2, 2)), np.ones((2, 3))], [0, 0])
    with pytest.raises(ValueError, match="3 targets"):
        explain.backprop(targets=[0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="one bias per layer"):
        explain.backprop(biases=[0.35])
    with pytest.raises(ValueError, match="NaN"):
        explain.backprop(inputs=[np.nan, 0.1])
    with pytest.raises(ValueError, match="learning_rate"):
        explain.backprop(learning_rate=-1.0)
