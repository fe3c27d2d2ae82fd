"""The tour: one HTML report of the whole course, one section per topic."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "section": ["Figure", "Section", "Table"],
    "build": ["build_sections", "discover_tours", "render_html", "write_report"],
})
