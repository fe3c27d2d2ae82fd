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
    assert s.title == "Recurrent networks" and len(s.figures) == 3 and len(s.notes) == 3
    assert all(f.png.startswith(b"\x89PNG") for f in s.figures)
    assert "nats/char" in s.notes[0] and "RMSE" in s.notes[1]
