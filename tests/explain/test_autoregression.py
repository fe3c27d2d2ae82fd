"""explain.ar_forecast: the worked forecasts equal AR's recursion and are worked by hand."""
import numpy as np
import pytest

from lucidml import explain
from lucidml.timeseries import AR


def test_toy_by_hand():
    # ŷ[4] = 0.1 + 0.5·4 + 0.25·3 = 2.85;  ŷ[5] = 0.1 + 0.5·2.85 + 0.25·4 = 2.525
    s = explain.ar_forecast([1, 2, 3, 4], [0.5, 0.25], steps=2, const=0.1)
    np.testing.assert_allclose(s.answer, [2.85, 2.525])
    assert "ŷ[5] = 0.1 + 0.5·2.85 + 0.25·4 = 2.525" in s.to_text()
    assert "earlier forecasts replace" in s.to_markdown() and "<ol>" in s.to_html()


def test_matches_fitted_ar():
    sm = pytest.importorskip("statsmodels.api")
    y = sm.datasets.sunspots.load_pandas().data["SUNACTIVITY"].to_numpy(float)
    m = AR(3).fit(y)
    s = explain.ar_forecast(y, m.ar_, steps=6, const=m.const_)
    np.testing.assert_allclose(s.answer, m.forecast(6), rtol=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="needs the last 3"):
        explain.ar_forecast([1.0, 2.0], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="NaN"):
        explain.ar_forecast([1.0, np.nan, 2.0], [0.5])
    with pytest.raises(ValueError, match=">= 1"):
        explain.ar_forecast([1.0, 2.0], [0.5], steps=0)
