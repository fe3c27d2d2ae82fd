"""The recurrent-networks tour section builds (quick setting) with its figures and tables."""
from __future__ import annotations

import pytest


@pytest.mark.slow
def test_section_builds():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from lucidml.nn.tour_recurrent import section

    s = section(quick=True)
    assert s.title == "Recurrent networks" and len(s.figures) == 3 and len(s.tables) == 4
    assert all(f.png.startswith(b"\x89PNG") for f in s.figures)
    assert "val nats/char" in s.tables[0].columns and "RMSE" in s.tables[1].title
    assert all(t.rows and "<table" in t.to_html() for t in s.tables)
