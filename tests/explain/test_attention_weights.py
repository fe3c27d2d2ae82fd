"""explain.attention: the worked numbers equal lucidml.nn's attention and the formula by hand."""
from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from lucidml import explain
from lucidml.nn.attention import scaled_dot_product_attention


def test_toy_by_hand():
    # q = (1, 0); keys (1, 0), (0, 1), (1, 1); d = 2: scores (1, 0, 1)/√2
    s = explain.attention([1, 0], [[1, 0], [0, 1], [1, 1]], [[1, 2], [3, 4], [5, 6]])
    a = np.exp([1, 0, 1] / np.sqrt(2))
    a /= a.sum()                                          # (0.4011, 0.1978, 0.4011)
    np.testing.assert_allclose(s.steps[2].values["a"], a)
    np.testing.assert_allclose(s.answer, a @ np.array([[1, 2], [3, 4], [5, 6]]))


def test_causal_and_mask_match_the_layer():
    rng = np.random.default_rng(0)
    q, K, V = rng.normal(size=4), rng.normal(size=(5, 4)), rng.normal(size=(5, 3))
    s = explain.attention(q, K, V, causal_position=2)
    assert np.all(s.steps[2].values["a"][3:] == 0.0) and "hides keys [4, 5]" in s.steps[1].text
    ref = scaled_dot_product_attention(q[None], K, V, attn_mask=np.arange(5)[None] <= 2).data[0]
    np.testing.assert_allclose(s.answer, ref, rtol=1e-12)
    masked = explain.attention(q, K, V, mask=[True, False, True, True, False])
    assert masked.steps[2].values["a"][1] == 0 and masked.steps[2].values["a"][4] == 0


def test_bad_input():
    with pytest.raises(ValueError, match="the query has 3 numbers but each key has 2"):
        explain.attention([1, 2, 3], [[1, 0]], [[1]])
    with pytest.raises(ValueError, match="every key is masked"):
        explain.attention([1, 0], [[1, 0]], [[1]], mask=[False])
    with pytest.raises(ValueError, match="2 keys but 1 values"):
        explain.attention([1, 0], [[1, 0], [0, 1]], [[1]])


def test_cli():
    from lucidml.cli import app

    result = CliRunner().invoke(app, ["explain", "attention", "--causal-position", "1"])
    assert result.exit_code == 0 and "0.669762" in result.output
    bad = CliRunner().invoke(app, ["explain", "attention", "--query", "1 2 3"])
    assert bad.exit_code == 2
