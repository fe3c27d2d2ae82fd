"""The convolution-layer explainer: one output cell as a sum over input channels, equal to conv2d."""
import numpy as np
import pytest

from lucidml import explain
from lucidml.explain.convolution_layer import conv_layer
from lucidml.nn.functional_conv import conv2d

X = [[[1, 2, 0], [0, 1, 3], [2, 1, 1]],          # channel 0
     [[0, 1, 1], [1, 0, 2], [1, 1, 0]]]          # channel 1
W = [[[1, 0], [0, 1]], [[2, 0], [0, -1]]]        # one 2×2 filter over both channels


def test_toy_by_hand():
    # cell (0, 1): channel 0 window [[2, 0], [1, 3]] · [[1, 0], [0, 1]] = 2 + 3 = 5,
    # channel 1 window [[1, 1], [0, 2]] · [[2, 0], [0, −1]] = 2 − 2 = 0; plus the bias 1: 6
    s = conv_layer(X, W, bias=1, row=0, col=1)
    assert s.answer == 6
    channels = [step for step in s.steps if "channel sum" in step.values]
    assert [c.values["channel sum"] for c in channels] == [5, 0]
    assert [c.values["running total"] for c in channels] == [5, 5]
    np.testing.assert_array_equal(channels[0].values["window"], [[2, 0], [1, 3]])
    np.testing.assert_array_equal(channels[1].values["products"], [[2, 0], [0, -2]])
    # the output-size step: ⌊(3 + 2·0 − 1·(2 − 1) − 1)/1⌋ + 1 = 2 on both axes
    size = s.steps[0]
    assert size.values == {"H_out": 2, "W_out": 2}
    assert "⌊(3 + 2·0 − 1·(2 − 1) − 1)/1⌋ + 1 = 2" in size.formula
    assert "6" in s.to_markdown() and "(-2)" in s.to_text()
    assert explain.conv_layer is conv_layer                     # found by lucidml.explain


@pytest.mark.parametrize("kw", [dict(), dict(stride=2, padding=1), dict(dilation=(2, 1), padding=(2, 1)),
                                dict(padding="same", dilation=2), dict(stride=(1, 3))])
def test_every_cell_equals_the_layer(kw):
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(3, 6, 7)), rng.normal(size=(4, 3, 3, 2)), rng.normal(size=4)
    y = conv2d(x[None], w, b, **kw).data[0]                   # (4, H_out, W_out)
    for o in (0, 3):
        for i in range(y.shape[1]):
            for j in range(y.shape[2]):
                s = conv_layer(x, w, b, out_channel=o, row=i, col=j, **kw)
                assert s.answer == pytest.approx(y[o, i, j], rel=1e-12, abs=1e-12)
    s = conv_layer(x, w, b, **kw)
    assert s.steps[0].values == {"H_out": y.shape[1], "W_out": y.shape[2]}
    assert len([st for st in s.steps if "channel sum" in st.values]) == 3     # one step per input channel
    padded = kw.get("padding", 0) != 0                          # a padding step only when there are zeros to add
    assert ("padded x[0]" in s.steps[1].values) == padded


def test_one_channel_shapes_and_padding_step():
    s = conv_layer([[1, 2], [3, 4]], [[1, 1], [1, 1]], padding=1, row=0, col=0)
    assert s.answer == 1                                      # the corner window holds only the value 1
    np.testing.assert_array_equal(s.steps[1].values["padded x[0]"], [[0, 0, 0, 0], [0, 1, 2, 0],
                                                                     [0, 3, 4, 0], [0, 0, 0, 0]])


def test_bad_input():
    with pytest.raises(ValueError, match=r"spans 2 input channels but x \(3, 3, 3\) has 3"):
        conv_layer(np.ones((3, 3, 3)), W)
    with pytest.raises(ValueError, match=r"row=2 is out of range: there are 2 output rows, numbered 0..1"):
        conv_layer(X, W, row=2)
    with pytest.raises(ValueError, match=r"out_channel=1 is out of range: there are 1 output channels"):
        conv_layer(X, W, out_channel=1)
    with pytest.raises(ValueError, match=r"bias needs one value per filter \(2\), got 3"):
        conv_layer(X, np.stack([W, W]), bias=[1, 2, 3])
    with pytest.raises(ValueError, match=r"larger than the padded input along H"):
        conv_layer(X, np.ones((2, 4, 4)))
    with pytest.raises(ValueError, match=r"padding='same' needs stride=1"):
        conv_layer(X, W, stride=2, padding="same")
    with pytest.raises(ValueError, match=r"x must be 2-D or 3-D"):
        conv_layer([1, 2, 3], [1])
