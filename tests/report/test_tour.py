"""The tour: every topic's section, inline figures, no network assets."""
import re

import pytest

from lucidml.report import Figure, Section, Table, discover_tours, render_html, write_report


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


def test_table_renders_as_html_and_text():
    # Bishop's Table 1.1, first two cells: w0* = 0.19 (M = 0); a blank where the fit is shorter
    t = Table("w* & co", ["", "M=0", "M=1"], [["w0*", "0.19", "0.82"], ["w1*", None, -1.27], ["n", 1000, 2]],
              caption="a < b")
    html = t.to_html()
    assert html.startswith('<table class="results"><caption><strong>w* &amp; co.</strong> a &lt; b</caption>')
    assert '<th scope="row">w1*</th><td></td><td>-1.27</td>' in html and "<td>1,000</td>" in html
    # widths 3, 5, 5 (the longest cell of each column), two spaces between columns
    assert t.to_text().splitlines() == ["w* & co", "       M=0    M=1", "w0*   0.19   0.82",
                                        "w1*         -1.27", "n    1,000      2", "a < b"]
    section = Section("T", order=1, tables=[t], notes=["x  y  z"])
    page = render_html([section])
    assert html in page and '<p class="note">x  y  z</p>' in page


def test_table_rejects_ragged_rows():
    with pytest.raises(ValueError, match="row 1 has 1 cells but there are 2 columns"):
        Table("t", ["a", "b"], [[1, 2], [3]])


def test_navigation_is_sticky_and_notes_keep_their_spaces():
    page = render_html([Section("A", order=1)])
    css = page[page.index("<style>"):page.index("</style>")]
    assert "position: sticky" in css[css.index("nav {"):] and "white-space: pre-wrap" in css
    assert '<nav aria-label="Contents"><ol><li><a href="#a">A</a></li></ol></nav>' in page
