"""The time-series CLI commands, the tour section and the stored data sets."""
import numpy as np
import pytest
from typer.testing import CliRunner

from lucidml.cli import app
from lucidml.datasets.timeseries import load_nile, load_sunspots

from ._data import nile, sunspots

runner = CliRunner()


def test_explain_commands():
    r = runner.invoke(app, ["explain", "ar", "--series", "1,2,3,4", "--coefficients", "0.5,0.25",
                            "--steps", "2", "--format", "markdown"])
    assert r.exit_code == 0, r.output
    assert "ŷ[5] = 0 + 0.5·2.75 + 0.25·4 = 2.375" in r.output and "[2.75, 2.375]" in r.output
    r = runner.invoke(app, ["explain", "differencing", "--series", "1,4,9,16,25", "-d", "2"])
    assert r.exit_code == 0 and "Answer: [2, 2, 2]" in r.output


def test_experiment_arima(tmp_path):
    out = tmp_path / "nile.png"
    r = runner.invoke(app, ["experiment", "arima", "--dataset", "nile", "--order", "1,1,1",
                            "--steps", "3", "--figure", str(out)])
    assert r.exit_code == 0, r.output
    assert "0.254" in r.output and "-0.874" in r.output       # φ, θ (see test_arima)
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("args,message", [
    (["explain", "ar", "--series", "1,2", "--coefficients", "0.1,0.2,0.3"], "needs the last 3"),
    (["explain", "differencing", "--series", "1,2,x"], "not a number"),
    (["experiment", "arima", "--order", "1,3,1"], "d <= 2"),
    (["experiment", "arima", "--order", "1,1"], "three integers"),
    (["experiment", "arima", "--series", "1,2,3", "--order", "2,1,2"], "too short"),
])
def test_bad_input_is_one_line_exit_2(args, message):
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_tour_section():
    from lucidml.timeseries.tour import section

    s = section()
    assert s.order == 120 and s.title == "Time series"
    assert len(s.figures) == 3 and all(f.png.startswith(b"\x89PNG") for f in s.figures)
    assert len(s.solutions) == 2 and "Time series" in s.title


def test_stored_series_equal_statsmodels_copies():
    np.testing.assert_array_equal(load_nile()[1], nile())
    np.testing.assert_array_equal(load_sunspots()[1], sunspots())
    assert load_sunspots()[0][-1] == 2008 and load_nile()[0][-1] == 1970
