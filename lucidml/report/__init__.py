"""The tour: one HTML report of the whole course, one section per topic."""
from lucidml.report.section import Figure, Section
from lucidml.report.build import build_sections, discover_tours, render_html, write_report

__all__ = ["Figure", "Section", "build_sections", "discover_tours", "render_html", "write_report"]
