"""The tour: every topic's section, inline figures, no network assets."""
import re

import pytest

from lucidml.report import Figure, Section, discover_tours, render_html, write_report


def test_discovers_the_foundation_topics():
    names = discover_tours()
    for topic in ["signal", "metrics", "neighbors"]:
        assert f"lucidml.{topic}.tour" in names


@pytest.mark.slow
def test_write_report(tmp_path):
    path = write_report(tmp_path / "report", progress=False)
    html = path.read_text(encoding="utf-8")
    assert path.name == "index.html"
    for title in ["Convolution", "Distances", "k-nearest neighbours"]:
        assert f"<h2>{title}</h2>" in html
    # the course answers appear in the worked examples
    assert "<code>[5, 0, 1]</code>" in html
    assert html.count("data:image/png;base64,") >= 5
    # self-contained: no scripts, no stylesheets or images fetched from anywhere
    assert "<script" not in html
    assert not re.search(r'(src|href)="https?:', html)


def test_sections_render_in_syllabus_order():
    sections = [Section("B", order=20), Section("A", order=10, intro=["x < y"])]
    html = render_html(sorted(sections, key=lambda s: s.order))
    assert html.index("<h2>A</h2>") < html.index("<h2>B</h2>")
    assert "x &lt; y" in html


def test_figure_from_matplotlib():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    f = Figure.from_matplotlib(fig, "A line", "caption & more")
    assert f.png.startswith(b"\x89PNG")
    assert "caption &amp; more" in f.to_html()
