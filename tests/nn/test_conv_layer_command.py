"""``lucidml explain conv-layer``: the worked cell, and bad input as one line with exit code 2."""
from __future__ import annotations

from typer.testing import CliRunner

from lucidml.cli import app

runner = CliRunner()
INPUT = "1 2 0; 0 1 3; 2 1 1 | 0 1 1; 1 0 2; 1 1 0"            # two 3×3 channels


def test_explain_conv_layer_one_cell():
    result = runner.invoke(app, ["explain", "conv-layer", "--input", INPUT, "--kernel", "1 0; 0 1 | 2 0; 0 -1",
                                 "--bias", "1", "--row", "0", "--col", "1", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    # channel sums 2 + 3 = 5 and 2 − 2 = 0, plus the bias: 6; the output is 2×2
    for text in ("channel sum = 5", "channel sum = 0", "y[0, 0, 1] = Σ_c (channel sums) + b[0] = 5 + 1 = 6",
                 "**Answer:** 6", "⌊(3 + 2·0 − 1·(2 − 1) − 1)/1⌋ + 1 = 2"):
        assert text in result.output


def test_two_filters_stride_padding_and_html():
    result = runner.invoke(app, ["explain", "conv-layer", "--input", INPUT,
                                 "--kernel", "1 1; 1 1 | 0 0; 0 0 || 0 0; 0 0 | 1 1; 1 1", "--bias", "0,10",
                                 "--out-channel", "1", "--stride", "2", "--padding", "1", "--row", "1", "--col", "1",
                                 "--format", "html"])
    assert result.exit_code == 0, result.output
    # filter 1 sums channel 1 over rows 2..3, columns 2..3 of the padded input [[0, 2], [1, 0]]: 3, + 10
    assert "<strong>Answer:</strong> <code>13</code>" in result.output and "padded x[1]" in result.output


def test_bad_input_is_one_line():
    cases = [
        (["--input", INPUT, "--kernel", "1 0; 0 1"], "spans 1 input channels but x (2, 3, 3) has 2"),
        (["--input", INPUT, "--kernel", "1 | 1", "--stride", "0"], "stride=0 must be >= 1"),
        (["--input", INPUT, "--kernel", "1 | 1", "--stride", "1.5"], "--stride='1.5' must be one or two whole"),
        (["--input", "1 2; 3 4 | 1 2 3", "--kernel", "1 | 1"], "the channels have shapes [(2, 2), (1, 3)]"),
        (["--input", INPUT, "--kernel", "1 0 0 1; 1 1 1 1 | 1 1 1 1; 1 1 1 1"], "larger than the padded input"),
        (["--input", INPUT, "--kernel", "1 | 1", "--row", "3"], "row=3 is out of range"),
        (["--input", INPUT, "--kernel", "1 | 1 ||", "--row", "3"], "an empty filter between '||'"),
    ]
    for args, message in cases:
        result = runner.invoke(app, ["explain", "conv-layer", *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (message, result.output)
        assert "Traceback" not in result.output and result.output.count("error:") == 1
