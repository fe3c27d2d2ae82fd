"""The two tour sections build, with their worked solutions and figures."""
import pytest


@pytest.mark.slow
@pytest.mark.parametrize("module,order", [("lucidml.cluster.tour", 80), ("lucidml.decomposition.tour", 90)])
def test_section_builds(module, order):
    import importlib

    section = importlib.import_module(module).section()
    assert section.order == order
    assert section.figures and section.solutions
    assert all(f.png.startswith(b"\x89PNG") for f in section.figures)
    html = section.solutions[0].to_html()
    assert "<" in html
