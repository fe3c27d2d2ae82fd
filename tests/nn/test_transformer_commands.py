"""The §13 CLI commands are listed and parse their options (their runs are the experiments' tests)."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from lucidml.cli import app


@pytest.mark.parametrize("args", [["experiment", "gpt-names"], ["experiment", "pretrain-finetune"],
                                  ["experiment", "translation"], ["explain", "attention"]])
def test_help(args):
    result = CliRunner().invoke(app, [*args, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_bad_option_is_one_line_exit_2():
    result = CliRunner().invoke(app, ["explain", "attention", "--keys", "1 0; 0 1", "--values", "1; 2; 3"])
    assert result.exit_code == 2 and "2 keys but 3 values" in result.output
