"""A chapter's figure pack: each chart it shows, as SVG and PNG, with captions, in a zip.

A chart is drawn in its starting state (the params' initial values: what the page shows before
anyone moves a control) by vl-convert, the same Vega-Lite the site runs, from the spec the
executed chapter embedded. Drawings are cached by the spec's hash and vl-convert's version
(``_build/teacher_kit/``), so a build redraws only charts that changed. The zip's entries have
one fixed date and order: the same charts give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from .content import Chart

LICENCE = "CC BY 4.0 (the book's text and figures; the data as stated per resource)"
PNG_SCALE = 2  # 2x: sharp on a projector and in print
#: The theme's fonts start with ``system-ui`` (the reader's own font), which a drawing cannot
#: name; Liberation Sans has Arial's widths (the theme's next choice), so labels fit as on a page.
EXPORT_FONT = "Liberation Sans"


def static_spec(spec: dict) -> dict:
    """The spec as drawn into a file: the font set (see :data:`EXPORT_FONT`)."""
    return {**spec, "config": {**spec.get("config", {}), "font": EXPORT_FONT}}


def _key(spec: dict) -> str:
    import vl_convert as vlc

    text = json.dumps(spec, sort_keys=True, separators=(",", ":")) + vlc.__version__
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def draw(spec: dict, cache: Path) -> tuple[bytes, bytes]:
    """``(svg, png)`` of a Vega-Lite spec in its starting state."""
    import vl_convert as vlc

    cache.mkdir(parents=True, exist_ok=True)
    spec = static_spec(spec)
    key = _key(spec)
    svg_file, png_file = cache / f"{key}.svg", cache / f"{key}.png"
    if svg_file.is_file() and png_file.is_file():
        return svg_file.read_bytes(), png_file.read_bytes()
    svg = vlc.vegalite_to_svg(spec).encode()
    png = vlc.vegalite_to_png(spec, scale=PNG_SCALE)
    svg_file.write_bytes(svg)
    png_file.write_bytes(png)
    return svg, png


def file_stem(index: int, chart: Chart) -> str:
    return f"{index:02d}-{chart.slug}"


def source_line(chart: Chart) -> str:
    text = chart.source or "Model illustration"
    return text if text.lower().startswith(("source", "model")) else f"Source: {text}"


def chart_label(chart: Chart) -> str:
    """The figure number, with the page for a chart of another page: "Fig. 2 (Chronology)"."""
    if chart.number and chart.page:
        return f"{chart.number} ({chart.page})"
    return chart.number or chart.page


def captions_markdown(title: str, charts: list[Chart], book: str) -> str:
    lines = [f"# Figures: {title}", "", f"From *{book}*. Licence: {LICENCE}.",
             "Each chart is drawn at the settings the page starts with.", ""]  # fmt: skip
    for i, chart in enumerate(charts, 1):
        stem = file_stem(i, chart)
        head = chart_label(chart)
        head = f"{head}: " if head else ""
        lines += [f"## {stem}.svg, {stem}.png", "", f"{head}{chart.caption}", ""]
        if chart.description:
            lines += [f"Description (alt text): {chart.description}", ""]
        lines += [source_line(chart), ""]
    return "\n".join(lines)


def pack(name: str, title: str, charts: list[Chart], cache: Path, book: str) -> tuple[bytes, dict]:
    """``(zip bytes, {file name: bytes})``: the zip, and the drawings for the slide deck."""
    from scripts.course_pack import _entry

    files: dict[str, bytes] = {}
    for i, chart in enumerate(charts, 1):
        svg, png = draw(chart.spec, cache)
        files[f"{file_stem(i, chart)}.svg"] = svg
        files[f"{file_stem(i, chart)}.png"] = png
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        _entry(zf, f"{name}-figures/README.md", captions_markdown(title, charts, book).encode())
        for file, data in files.items():
            _entry(zf, f"{name}-figures/{file}", data)
    return buffer.getvalue(), files
