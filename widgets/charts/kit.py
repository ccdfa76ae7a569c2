"""What every chart builder shares: the number format, the Vega backend of the model's
formulas, the key-numbers panel and how a chart is embedded.

* :func:`format_number` is the book's one rule for a number shown as text (page, live
  widget, prose); :func:`format_expr` is the same rule as a Vega expression, for numbers
  the page computes itself (``tests/test_kit_charts.py`` runs both on the same values).
* :class:`VegaBackend` turns a formula of :mod:`widgets.models.formula` into Vega-Lite
  ``calculate``/``joinaggregate`` transforms, so the page evaluates the model's own
  formula (``tests/vega_support.py`` checks it in real Vega).
* :func:`key_numbers_panel` draws lines of text that update with the inputs (every
  explorer's "Key numbers"), :func:`key_numbers_html` the live widget's table of them.
* :data:`EMBED` is how every chart is embedded on the website (SVG, no action menu), with
  :data:`PAGE`: what the page script ``_static/charts.js`` needs to fit a chart to its
  column (panels stacked below :data:`STACK_BELOW_PX`), to lift its key numbers out of the
  drawing into an HTML list, and to draw it in the dark theme (:data:`DARK`).
* :func:`config` is every chart's text sizes and colours (:data:`FONT_SIZES`, never below
  :data:`MIN_FONT_PX`): the theme (:mod:`widgets.charts.theme`) is built from it.

Nothing here reads data or computes economics; importing it has no side effects.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import ClassVar

import altair as alt
import pandas as pd

from widgets.charts.inputs import page_behaviour
from widgets.models.formula import Record

__all__ = [
    "EMBED",
    "PAGE",
    "DARK",
    "FONT_SIZES",
    "MIN_FONT_PX",
    "STACK_BELOW_PX",
    "KEY_NUMBERS_STYLE",
    "config",
    "contrast",
    "format_number",
    "format_expr",
    "pick_row",
    "with_transforms",
    "ParamSet",
    "vega",
    "VegaBackend",
    "key_numbers_panel",
    "key_numbers_html",
    "over_key_numbers",
    "KEY_STYLE",
    "key_style",
    "in_order",
    "legend_mark",
]

#: No chart text is drawn smaller than this (px), at any width: charts are fitted to their
#: column by changing their widths, never by scaling the drawing (``_static/charts.js``).
MIN_FONT_PX = 11

#: Every size of chart text (px), set here once (:func:`config`).
FONT_SIZES = {
    "axis_label": 12,
    "axis_title": 13,
    "legend_label": 12,
    "legend_title": 12,
    "title": 15,
    "subtitle": 12,
    "text": 12,  # a text mark without its own size
    "key_numbers": 13,
    "header": 12,
}

#: Below this column width (px), panels side by side are stacked one per row.
STACK_BELOW_PX = 600
#: A panel may grow to this many times its designed width to fill a wide column.
MAX_GROW = 1.5
#: The Vega mark style naming the key-numbers text (:func:`key_numbers_panel`): the page
#: script shows the lines of that mark's data as an HTML list instead of drawing them.
KEY_NUMBERS_STYLE = "key-numbers"

#: The dark theme (``html[data-theme=dark]``): its background (the page's own, from
#: pydata-sphinx-theme), text and guide colours, and the light colours charts name that
#: are redrawn in the dark (text inks, pale fills, white strokes). The palette's blue and
#: vermillion are lightened to keep 4.5:1 against the background as text.
DARK = {
    "background": "#14181e",
    "text": "#e3e5e8",
    "muted": "#b4bac2",
    "grid": "#3b424c",
    "domain": "#8c949e",
    "colors": {
        "#333333": "#e3e5e8", "#333": "#e3e5e8", "#222222": "#eceef0", "#222": "#eceef0",
        "#111111": "#f3f4f5", "#111": "#f3f4f5", "#000000": "#e3e5e8", "#000": "#e3e5e8",
        "black": "#e3e5e8", "#555555": "#b4bac2", "#555": "#b4bac2", "#666666": "#b4bac2",
        "#666": "#b4bac2", "#888888": "#8c949e", "#888": "#8c949e", "#f2f2f2": "#2b323b",
        "#dddddd": "#3b424c", "#ddd": "#3b424c", "#eeeeee": "#2b323b", "#eee": "#2b323b",
        "white": "#14181e", "#ffffff": "#14181e", "#fff": "#14181e",
        "#0072b2": "#56b4e9", "#d55e00": "#f08a4b",
    },
}  # fmt: skip

#: Prefix of the mark style whose items the site build keys (:func:`key_style`; read from
#: ``usermeta.book.keyStyle``, which every chart carries through the theme and
#: :data:`EMBED`, by ``_ext/offline_assets.key_marks``).
KEY_STYLE = "book-key-"

#: What ``_static/charts.js`` reads from every chart (``usermeta.book``); ``keyStyle`` is
#: read by the site build.
PAGE = {
    "stackBelow": STACK_BELOW_PX,
    "maxGrow": MAX_GROW,
    "keyNumbersStyle": KEY_NUMBERS_STYLE,
    "keyStyle": KEY_STYLE,
    "dark": {
        "background": DARK["background"],
        "colors": DARK["colors"],
        "config": {
            "background": DARK["background"],
            "axis": {"labelColor": DARK["text"], "titleColor": DARK["text"],
                     "domainColor": DARK["domain"], "tickColor": DARK["domain"],
                     "gridColor": DARK["grid"]},
            "legend": {"labelColor": DARK["text"], "titleColor": DARK["text"]},
            "title": {"color": DARK["text"], "subtitleColor": DARK["muted"]},
            "text": {"fill": DARK["text"]},
            "style": {"guide-label": {"fill": DARK["text"]}, "guide-title": {"fill": DARK["text"]},
                      "group-title": {"fill": DARK["text"]},
                      "group-subtitle": {"fill": DARK["muted"]}},
        },
    },
}  # fmt: skip

#: How every chart of the book is embedded on the website: SVG, no action menu.
EMBED = {"embedOptions": {"renderer": "svg", "actions": False}, "book": PAGE}


def config(font: str) -> dict:
    """The Vega-Lite ``config`` of every chart: its text sizes (:data:`FONT_SIZES`) in ``font``.

    Examples
    --------
    >>> config("serif")["axis"]["labelFontSize"]
    12
    """
    size = FONT_SIZES
    return {
        "font": font,
        "view": {"stroke": None, "continuousWidth": 360, "continuousHeight": 280},
        "axis": {"labelFontSize": size["axis_label"], "titleFontSize": size["axis_title"],
                 "grid": True, "gridOpacity": 0.4},
        "legend": {"labelFontSize": size["legend_label"], "titleFontSize": size["legend_title"],
                   "orient": "bottom", "columns": 2},
        "title": {"fontSize": size["title"], "subtitleFontSize": size["subtitle"],
                  "anchor": "start"},
        "text": {"fontSize": size["text"]},
        "header": {"labelFontSize": size["header"], "titleFontSize": size["header"]},
    }  # fmt: skip


def _luminance(color: str) -> float:
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours.

    Examples
    --------
    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    """
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def format_number(value: float, fmt: str) -> str:
    """Format a key number the way every view of the book shows it.

    Python's own formatting (so the website, the live widget and numbers glued
    into prose round alike: halves to even), without a minus sign on a zero.

    Examples
    --------
    >>> format_number(-2406.25, ",.1f"), format_number(-1e-13, ",.1f")
    ('-2,406.2', '0.0')
    """
    text = format(value, fmt)
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]
    return text


def vega(expression) -> str:
    """The Vega expression text of an Altair expression, a param or a number.

    Examples
    --------
    >>> vega(alt.datum.x * 2), vega(0.1), vega(True)
    ('(datum.x * 2)', '0.1', 'true')
    """
    if isinstance(expression, bool):
        return "true" if expression else "false"
    if isinstance(expression, (int, float)):
        return repr(expression)
    if isinstance(expression, alt.Parameter):
        return expression.name
    inner = getattr(expression, "expr", None)  # a ParameterExpression
    return str(inner if inner is not None else expression)


def with_transforms(chart, steps: alt.Chart):
    """``chart`` with the transforms chained on ``steps`` (a bare ``alt.Chart()``) appended,
    copying ``chart`` once.

    Altair's ``transform_*`` methods copy the whole chart for every transform; on a
    concatenated chart holding its data that took seconds per chart (80 formulas on the
    export-control explorer: 5 s). Chain them on an empty chart, then move them over.

    Examples
    --------
    >>> chart = alt.Chart().transform_filter("datum.x > 0")
    >>> out = with_transforms(chart, alt.Chart().transform_calculate(y="2 * datum.x"))
    >>> [list(t.to_dict()) for t in out.transform]
    [['filter'], ['calculate', 'as']]
    >>> len(chart.transform)  # the original is unchanged
    1
    """
    added = [] if steps.transform is alt.Undefined else list(steps.transform)
    chart = chart.copy(deep=["transform"])
    chart.transform = [*([] if chart.transform is alt.Undefined else chart.transform), *added]
    return chart


def pick_row(params: Mapping[str, alt.Parameter]) -> str:
    """The filter keeping the grid row whose fields equal the params' values.

    Examples
    --------
    >>> pick_row({"tariff_pct": alt.param(name="tariff"), "country": alt.param(name="c")})
    'datum.tariff_pct == tariff && datum.country == c'
    """
    return " && ".join(f"datum.{field} == {param.name}" for field, param in params.items())


@dataclass(frozen=True)
class ParamSet:
    """The params of a website explorer, as attributes (subclass it as a dataclass).

    ``ROWS`` maps a field of the grid to the attribute whose param picks it: then
    :attr:`filter` keeps the one row the reader has selected.
    """

    ROWS: ClassVar[dict[str, str]] = {}

    @property
    def all(self) -> list[alt.Parameter]:
        """Every param, to add to the chart."""
        return [getattr(self, f.name) for f in fields(self)]

    @property
    def filter(self) -> str:
        """Vega expression keeping the grid row whose fields equal the params' values."""
        return pick_row({field: getattr(self, name) for field, name in self.ROWS.items()})


def format_expr(expression, fmt: str):
    """:func:`format_number` as a Vega expression (d3-format with an ASCII minus).

    d3-format, like :func:`format_number`, drops the sign of a number that rounds to
    zero; it writes a minus as U+2212, replaced here by ``-``. The two agree on every
    number except exact binary ties at the format's last digit (such as 2.5 to ``.0f``),
    which Python rounds to even and d3 away from zero: numbers that come from a precomputed grid
    are therefore formatted in Python and carried as text.

    Examples
    --------
    >>> vega(format_expr(alt.datum.x, ",.1f"))
    "replace(format(datum.x,',.1f'),'−','-')"
    """
    return alt.expr.replace(alt.expr.format(expression, fmt), "\u2212", "-")


#: A Vega expression that reads a field of the row.
_READS_ROW = re.compile(r"\bdatum\b")
#: Names a formula's signal may not take: Vega's own signals and expression variables.
_VEGA_NAMES = frozenset({"width", "height", "padding", "autosize", "background", "datum",
                         "event", "item", "parent", "cursor"})  # fmt: skip


class VegaBackend:
    """The formulas' functions as Vega expressions; assignments become transforms.

    Pass it as ``xp`` to a formula of :mod:`widgets.models`; the transforms it builds are
    in :attr:`transforms`, in evaluation order, for ``alt.Chart(..., transform=...)``.
    ``groupby`` names the fields that separate cases for :meth:`total` (a sum over the
    rows of one case, as ``numpy.sum`` over the rows of one call).

    With ``signals=True``, a result that reads no field of the row (only params and
    numbers: the slider's share, a clearing price that does not depend on time) is not a
    field computed on every row but a Vega signal, computed once per input change: a
    variable param of :attr:`params` (add them to the chart with ``add_params``), named
    as the record names it, which the later steps read by that name.

    Examples
    --------
    >>> xp = VegaBackend()
    >>> f = xp.record()
    >>> f.capacity = 1 - alt.datum.s * (1 - xp.min(alt.datum.t / 5, 1))
    >>> f.price = xp.pow(f.capacity, -2)
    >>> [t["calculate"] for t in xp.transforms]
    ['(1 - (datum.s * (1 - min((datum.t / 5),1))))', 'pow(datum.capacity,-2)']
    >>> xp = VegaBackend(signals=True)
    >>> f = xp.record()
    >>> f.share = alt.param(name="share_pct", value=30) / 100
    >>> f.gap = f.share * alt.datum.t
    >>> {p.name: p.param.expr for p in xp.params}, [t["calculate"] for t in xp.transforms]
    ({'share': '(share_pct / 100)'}, ['(share * datum.t)'])
    """

    def __init__(self, groupby: Iterable[str] = (), *, signals: bool = False):
        self.groupby = list(groupby)
        self.signals = signals
        self.transforms: list[dict] = []
        self.params: list[alt.Parameter] = []
        self._sums = 0

    def record(self) -> Record:
        backend = self

        class _VegaRecord(Record):
            def __setattr__(self, name, value):
                self._values[name] = backend.calculate(name, value)

        return _VegaRecord()

    def calculate(self, name: str, value):
        """One named field (a ``calculate`` transform); returns ``datum.<name>``. With
        ``signals``, a value that reads no field of the row is a signal instead; returns
        its param."""
        expression = vega(value)
        if self.signals and not _READS_ROW.search(expression):
            if name in _VEGA_NAMES:
                raise ValueError(f"name: {name!r} is a Vega name; a formula's signal needs another")
            self.params.append(alt.param(name=name, expr=expression))
            return self.params[-1]
        self.transforms.append({"calculate": expression, "as": name})
        return getattr(alt.datum, name)

    @staticmethod
    def pow(x, y):
        return alt.expr.pow(x, y)

    @staticmethod
    def min(x, y):
        return alt.expr.min(x, y)

    @staticmethod
    def max(x, y):
        return alt.expr.max(x, y)

    @staticmethod
    def exp(x):
        return alt.expr.exp(x)

    @staticmethod
    def log(x):
        return alt.expr.log(x)

    @staticmethod
    def abs(x):
        return alt.expr.abs(x)

    @staticmethod
    def where(condition, if_true, if_false):
        return alt.expr.if_(condition, if_true, if_false)

    def total(self, values, name: str | None = None):
        """The sum of ``values`` over the rows of one case (a ``joinaggregate``)."""
        self._sums += 1
        name = name or f"sum{self._sums}"
        field = vega(values)
        if field.startswith("datum.") and field[6:].isidentifier():
            field = field[6:]
        else:
            self.transforms.append({"calculate": field, "as": f"{name}_terms"})
            field = f"{name}_terms"
        self.transforms.append(
            {"joinaggregate": [{"op": "sum", "field": field, "as": name}], "groupby": self.groupby}
        )
        return getattr(alt.datum, name)


def key_numbers_panel(
    base: alt.Chart,
    lines: Mapping[str, object],
    *,
    title,
    description: str,
    width: int,
    row_height: int = 20,
    per_row: tuple[str, int] | None = None,
) -> alt.Chart:
    """The key numbers as lines of text that update with the inputs.

    ``lines`` maps a field name to a Vega expression (string or Altair expression) of
    that line's text, computed from the one row ``base`` keeps; the lines are drawn in
    that order. With ``per_row=(key, count)`` (e.g. ``("k:O", 5)``), ``lines`` holds one
    entry, evaluated on each of the ``count`` rows of ``base``, one line per row in the
    order of ``key``.

    This is the one place that draws key numbers on the website. The text mark has the
    style :data:`KEY_NUMBERS_STYLE` and each row a ``line_order``: the page script
    (``_static/charts.js``) takes the panel out of the drawing and lists the lines, in that
    order, as HTML beside the chart (read by screen readers, updated as the inputs move).
    """
    if per_row is None:
        order = list(lines)
        chart = base.transform_calculate(**{n: vega(e) for n, e in lines.items()})
        chart = chart.transform_fold(order, as_=["key", "line"])
        chart = chart.transform_calculate(line_order=f"indexof({json.dumps(order)}, datum.key)")
        y, count = in_order("key:N", order, axis=None), len(order)
    else:
        ((_, expression),) = lines.items()
        key, count = per_row
        field = key.split(":")[0]
        chart = base.transform_calculate(line=vega(expression), line_order=f"datum[{field!r}]")
        y = alt.Y(key, axis=None)
    return (
        chart.mark_text(align="left", baseline="middle", fontSize=FONT_SIZES["key_numbers"],
                        style=KEY_NUMBERS_STYLE)
        .encode(y=y, x=alt.value(0), text="line:N")
        .properties(title=title, width=width, height=count * row_height,
                    description=description)
    )  # fmt: skip


def over_key_numbers(
    top: alt.TopLevelMixin, numbers: alt.Chart, *, description: str, params=(), controls=()
) -> alt.VConcatChart:
    """An explorer's chart above its key numbers (:func:`key_numbers_panel`): the one
    layout, with the chart's accessible ``description``, the embed options (:data:`EMBED`)
    and the page's ``params`` (none for a live widget's chart); with ``controls``, what the
    page's script does with them (:func:`widgets.charts.inputs.page_behaviour`: a choice
    that sets and locks other controls)."""
    usermeta = {**EMBED, "controls": page_behaviour(controls)} if controls else EMBED
    chart = alt.vconcat(top, numbers).properties(description=description, usermeta=usermeta)
    return chart.add_params(*params) if params else chart


def in_order(field: str, order, **kwargs) -> alt.Y:
    """A y channel of categories drawn in ``order``: the order is the scale's fixed domain,
    not a ``sort``. A sort is read from the rows, so in the page it was computed again
    (with a sort-index field on every row) on every slider move."""
    return alt.Y(field, sort=None, scale=alt.Scale(domain=list(order)), **kwargs)


def legend_mark(
    field: str, colors: Mapping[str, str], legend: alt.Legend, *, title: str | None = None,
    mark: str = "point", **mark_properties,
) -> alt.Chart:
    """The legend of ``colors`` (name: colour), drawn by a mark of its own on a table of the
    names, invisible unless ``mark_properties`` set an ``opacity``.

    Lines and areas a slider redraws take their colour as a constant or a datum: on a line
    or an area a colour field is a grouping, and the page split their rows into groups
    again (a facet, with a dataflow of its own) on every move. This mark's rows never
    change; its colour field sets the colour scale the datums share and draws the legend.
    Put it first in a layer: Vega-Lite gives the legend's swatches the opacity of the first
    layer that uses the scale.
    """
    rows = pd.DataFrame({field: list(colors)})
    scale = alt.Scale(domain=list(colors), range=list(colors.values()))
    return getattr(alt.Chart(rows), f"mark_{mark}")(
        **{"opacity": 0, **mark_properties, "aria": False}
    ).encode(color=alt.Color(f"{field}:N", title=title, scale=scale, legend=legend))


def text_line(label: str, value) -> str:
    """A key-number line ``'<label>: ' + value`` as a Vega expression."""
    return f"{json.dumps(label + ': ')} + {vega(value)}"


def key_numbers_html(rows: Iterable[tuple[str, str]], *, label: str = "Key numbers") -> str:
    """The live widget's key numbers: a two-column table of (label, formatted value)."""
    body = "".join(
        f"<tr><th scope='row' style='text-align:left'>{html.escape(name)}</th>"
        f"<td style='text-align:right'>{html.escape(value)}</td></tr>"
        for name, value in rows
    )
    return f"<table aria-label='{html.escape(label)}'><tbody>{body}</tbody></table>"


def key_style(field: str) -> str:
    """The ``style`` of a mark whose items the site keys by ``field``; Vega-Lite keeps the
    mark type's own style first, so the look is unchanged.

    An explorer's rows are new objects after every slider move (a filter picks another
    grid row; a fold makes new rows from it), so Vega drops every item and makes new SVG
    elements; with a key it matches the new rows to the drawn items and only updates what
    changed. Not Vega-Lite's ``key`` channel: that one also writes the field into each
    mark's ARIA description, groups areas by it and sorts stacks by it. The site build adds
    the Vega ``key`` where it compiles the chart anyway (``_ext/offline_assets.key_marks``),
    so building a chart compiles nothing; a chart drawn from its Vega-Lite spec elsewhere
    (JupyterLab) has no key, which costs redrawing speed only.

    >>> key_style("who")
    'book-key-who'
    """
    return KEY_STYLE + field

