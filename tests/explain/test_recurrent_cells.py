"""explain.rnn_step / lstm_step: the numbers equal what the layers (and torch) compute."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml import explain
from lucidml.explain.recurrent_cells import COURSE_LSTM


def test_lstm_step_matches_torch():
    torch = pytest.importorskip("torch")
    s = explain.lstm_step()
    cell = torch.nn.LSTMCell(2, 2).double()
    with torch.no_grad():
        cell.weight_ih.copy_(torch.tensor(COURSE_LSTM["W_ih"], dtype=torch.float64))
        cell.weight_hh.copy_(torch.tensor(COURSE_LSTM["W_hh"], dtype=torch.float64))
        cell.bias_ih.copy_(torch.tensor(COURSE_LSTM["b"], dtype=torch.float64))
        cell.bias_hh.zero_()
        h, c = cell(*(torch.tensor([COURSE_LSTM[k]], dtype=torch.float64) for k in "x"),
                    tuple(torch.tensor([COURSE_LSTM[k]], dtype=torch.float64) for k in "hc"))
    np.testing.assert_allclose(s.answer["h"], h.numpy()[0], atol=1e-12)
    np.testing.assert_allclose(s.answer["c"], c.numpy()[0], atol=1e-12)
    assert len(s.steps) == 7 and "c_t = f ⊙ c_{t−1} + i ⊙ g" in s.to_text()


def test_rnn_step_by_hand():
    # one unit: h = tanh(2·1 + 0.5·0.4 + 0.1) = tanh(2.3) = 0.980096
    s = explain.rnn_step([[2.0]], [[0.5]], [0.1], [1.0], [0.4])
    assert s.answer[0] == pytest.approx(np.tanh(2.3), abs=1e-12)
    assert "0.980096" in s.to_text()


def test_bad_input():
    with pytest.raises(ValueError, match=r"h has shape \(1,\) but must be \(2,\)"):
        explain.lstm_step(h=[0.1])
    with pytest.raises(ValueError, match="4·H rows"):
        explain.lstm_step(W_ih=np.ones((3, 2)))
