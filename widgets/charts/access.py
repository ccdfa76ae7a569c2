"""Every chart, readable without seeing it: a text description, its data as a table, its source.

The website shows each chart with three additions, built here once for every chart:

* a **description** of what the chart shows, its axes, what to notice and, for interactive
  charts, what the controls do. The chart's Vega-Lite top-level ``description`` (which
  Vega writes into the SVG's ``aria-label``) and a visually hidden paragraph next to it
  carry the same text;
* **"Show the data as a table"**: a ``<details>`` holding an HTML ``<table>`` (with a
  ``<caption>`` and ``<th scope>`` headers) of the numbers the chart draws; for an
  interactive chart, the rows at its starting settings, labelled as such;
* a **source line**: the publisher, title and "as of" date of every data resource the
  chart draws (from :func:`widgets.data.source`), or "Model illustration" when the chart
  draws only the book's models.

:class:`AccessibleChart` wraps a static Altair chart for a chapter cell
(:func:`accessible`); explorers get the same HTML through
:meth:`widgets.controls._two_views.TwoViews._repr_mimebundle_` and :func:`chart_html`.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from widgets.data import source

__all__ = [
    "AccessibleChart",
    "MODEL_ILLUSTRATION",
    "accessible",
    "chart_html",
    "data_tables",
    "provenance",
    "table_html",
]

#: The source line of a chart that draws the book's models and no data.
MODEL_ILLUSTRATION = "Model illustration: drawn by the book's models, not from data."

#: Hidden from sight, not from screen readers.
_VISUALLY_HIDDEN = (
    "position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0"
)

Formatter = Callable[[object], str]


def _cell(value, fmt: str | Formatter | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if callable(fmt):
        return fmt(value)
    if fmt:
        return format(value, fmt)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def table_html(
    frame: pd.DataFrame,
    caption: str,
    *,
    formats: Mapping[str, str | Formatter] | None = None,
    row_header: bool = True,
) -> str:
    """An accessible HTML table of ``frame``: a caption, column headers with ``scope="col"``
    and (``row_header``) the first column as row headers with ``scope="row"``.

    ``formats`` maps a column to a format spec (``",.1f"``) or a function; other cells
    are shown with ``str``. Missing values show as empty cells.

    Examples
    --------
    >>> frame = pd.DataFrame({"Year": [2024, 2025], "Imports ($ bn)": [438.9, 308.7]})
    >>> print(table_html(frame, "US imports from China", formats={"Imports ($ bn)": ",.1f"}))
    ... # doctest: +ELLIPSIS
    <table class="chart-table"><caption>US imports from China</caption><thead>...</thead><tbody>
    <tr><th scope="row">2024</th><td>438.9</td></tr>
    <tr><th scope="row">2025</th><td>308.7</td></tr></tbody></table>
    """
    if frame.empty:
        raise ValueError(f"table_html: the table {caption!r} has no rows")
    formats = dict(formats or {})
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for i, (column, value) in enumerate(zip(frame.columns, values, strict=True)):
            text = html.escape(_cell(value, formats.get(column)))
            tag = "th" if (row_header and i == 0) else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}>{text}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="chart-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "</tbody></table>"
    )


def provenance(resources: Sequence[str] | None) -> str:
    """The source line of a chart: each data resource's publisher, title and as-of date.

    ``None`` or an empty list means the chart draws only the book's models.

    Examples
    --------
    >>> provenance(["us_china_goods_trade"])  # doctest: +ELLIPSIS
    'Source: U.S. Census Bureau (data as of 2026-06).'
    >>> provenance(None) == MODEL_ILLUSTRATION
    True
    """
    if not resources:
        return MODEL_ILLUSTRATION
    parts = []
    for name in resources:
        info = source(name)
        who = info["publisher"] or info["title"] or name
        parts.append(f"{who} (data as of {info['as_of']})" if info["as_of"] else who)
    plural = len(parts) > 1 or ";" in parts[0]
    return ("Sources: " if plural else "Source: ") + "; ".join(parts) + "."


def chart_html(
    chart_markup: str,
    *,
    description: str,
    table: str,
    sources: Sequence[str] | None,
    model_note: str | None = None,
    controls: dict | None = None,
) -> str:
    """Wrap a chart's HTML with its hidden description, source line and data table.

    ``controls``: the chart's ``usermeta["controls"]``
    (:func:`widgets.charts.inputs.page_behaviour`), written as the wrapper's
    ``data-chart-controls`` for the page's ``_static/controls.js``."""
    if not description.strip():
        raise ValueError("chart_html: a chart needs a description")
    note = provenance(sources)
    if sources and model_note:
        note = f"{note} {model_note}"
    behaviour = f" data-chart-controls='{html.escape(json.dumps(controls))}'" if controls else ""
    return (
        f'<div class="chart-access"{behaviour}>'
        f'<p class="chart-description" style="{_VISUALLY_HIDDEN}">'
        f"Chart description: {html.escape(description)}</p>\n"
        f"{chart_markup}\n"
        f'<p class="chart-source"><small>{html.escape(note)}</small></p>\n'
        '<details class="chart-data"><summary>Show the data as a table</summary>\n'
        f"{table}\n</details></div>"
    )


#: True in a live notebook (its setup cell sets it): :class:`AccessibleChart` then shows as an
#: SVG drawn in the kernel by vl-convert, which needs no script and no network; the website
#: (False) shows the chart's HTML, whose Vega the page's own scripts draw.
LIVE_SVG = False


class AccessibleChart:
    """An Altair chart plus its description, data tables and sources.

    Displays as the chart followed by the source line and the tables (``text/html``, the
    view the website shows). Everything else (``to_dict()``, ``properties()``,
    ``save()``, ...) is the wrapped chart's.

    Parameters
    ----------
    chart : altair chart
        Its top-level ``description`` is used when ``description`` is not given.
    tables : list of (pandas.DataFrame, str)
        The data the chart draws, columns labelled for readers, each with its caption.
    sources : sequence of str or None
        Data-package resources the chart draws; ``None`` for a model illustration.
    description : str, optional
        Also written into the chart's top-level Vega-Lite ``description``.
    """

    def __init__(
        self,
        chart,
        *,
        tables: Sequence[tuple[pd.DataFrame, str]],
        sources: Sequence[str] | None,
        description: str | None = None,
    ):
        if description:
            chart = chart.properties(description=description)
        text = chart.to_dict().get("description") or ""
        if not text.strip():
            raise ValueError("AccessibleChart: the chart has no description; pass description=")
        if not tables:
            raise ValueError("AccessibleChart: give at least one table of the chart's data")
        for name in sources or ():
            source(name)  # an unknown resource fails here, with the list of known ones
        self.chart = chart
        self.description = text
        self.tables = list(tables)
        self.sources = tuple(sources or ())

    def __getattr__(self, name):
        if name == "chart":  # not set yet (during unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.chart, name)

    def tables_html(self) -> str:
        return "\n".join(table_html(frame, caption) for frame, caption in self.tables)

    def html(self, chart_markup: str | None = None) -> str:
        """The website's HTML: the chart's own markup wrapped by :func:`chart_html`."""
        if chart_markup is None:
            chart_markup = self.chart._repr_mimebundle_()["text/html"]
        return chart_html(
            chart_markup,
            description=self.description,
            table=self.tables_html(),
            sources=self.sources,
            controls=self.chart.to_dict().get("usermeta", {}).get("controls"),
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        if LIVE_SVG:
            import altair as alt
            import vl_convert as vlc

            spec = self.chart.to_dict()
            version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
            return {"image/svg+xml": vlc.vegalite_to_svg(spec, vl_version=version),
                    "text/plain": self.description}  # fmt: skip
        bundle = self.chart._repr_mimebundle_(include=include, exclude=exclude)
        data = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        if "text/html" in data:  # a renderer without HTML output keeps its own bundle
            data["text/html"] = self.html(data["text/html"])
        return data


def _show(value, fmt: str | None = None) -> object:
    """A data value as the table shows it: dates without a midnight time, fractions exactly
    as the chart holds them with thousands separators (``1,234,567.5``, never rounded or in
    exponent form); a column's ``fmt`` (``".1%"``) when the caller gives one."""
    if fmt and isinstance(value, int | float) and not isinstance(value, bool):
        return format(value, fmt)
    if isinstance(value, str) and value.endswith("T00:00:00"):
        return value[: -len("T00:00:00")]
    if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
        return f"{value:,}"
    return value


def data_tables(chart, tables: Sequence[tuple]) -> list:
    """Tables of the data a chart draws, read from its own spec (``chart.to_dict()``).

    Each ``(caption, {field: label})`` takes the rows of every inline dataset of the chart
    that has all those fields (in the spec's order), keeps the fields in the order given
    and labels them for readers. Values are the spec's own, so the table shows exactly
    the numbers the chart draws. An optional third item ``{field: format spec}`` formats
    numbers (``".1%"``).
    """
    datasets = chart.to_dict().get("datasets", {})
    out = []
    for caption, columns, *rest in tables:
        formats = rest[0] if rest else {}
        rows = [
            {label: _show(row.get(field), formats.get(field)) for field, label in columns.items()}
            for values in datasets.values()
            if values and all(field in values[0] for field in columns)
            for row in values
        ]
        if not rows:
            raise ValueError(f"data_tables: no dataset of the chart has the fields {list(columns)}")
        out.append((pd.DataFrame(rows), caption))
    return out


def accessible(
    chart,
    *,
    tables: Sequence[tuple],
    sources: Sequence[str] | None,
    description: str | None = None,
) -> AccessibleChart:
    """Give a static chart its description, data tables (read from the chart's own data by
    :func:`data_tables`) and source line.

    Examples
    --------
    >>> import altair as alt
    >>> frame = pd.DataFrame({"year": [2024, 2025], "imports": [438.9, 308.7]})
    >>> chart = alt.Chart(frame).mark_line().encode(x="year:O", y="imports:Q")
    >>> shown = accessible(chart, tables=[("US imports from China, $ billion",
    ...                                   {"year": "Year", "imports": "Imports"})],
    ...                    sources=["us_china_goods_trade"],
    ...                    description="Line chart of US imports from China by year.")
    >>> shown.tables[0][0].to_dict("list")
    {'Year': [2024, 2025], 'Imports': ['438.9', '308.7']}
    """
    return AccessibleChart(
        chart, tables=data_tables(chart, tables), sources=sources, description=description
    )
