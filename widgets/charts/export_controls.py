"""Charts of the export-controls chapter: the supply-shock explorer, concentration, prices.

The explorer has five continuous inputs, so the website does not pick rows of a
precomputed grid: it evaluates the model's closed form (see
:mod:`widgets.models.supply_shock`) in Vega expressions. The expressions are built
here, in :func:`vega_expressions`, next to the Python formulas they mirror, and
``tests/browser/test_browser_export_controls.py`` reads the page's view data at
several slider settings and compares it with :func:`supply_shock_path`.

The live widget passes a table already computed by the model (``params=None``); the
same builders then draw it without any expression.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from widgets.charts.inputs import Control, vega_params
from widgets.charts.kit import (
    EMBED,
    ParamSet,
    VegaBackend,
    format_expr,
    key_numbers_panel,
    key_style,
    legend_mark,
    with_transforms,
)
from widgets.charts.rare_earths import concentration_chart, price_history_chart
from widgets.charts.theme import BLUE, GREEN, INK, ORANGE, PURPLE, VERMILLION
from widgets.models.formula import NUMPY
from widgets.models.supply_shock import STEPS_PER_YEAR, SupplyShockPath, supply_shock_formula

__all__ = [
    "CONTROLS",
    "DEFAULTS",
    "ShockParams",
    "shock_params",
    "page_formula",
    "vega_expressions",
    "vega_signals",
    "path_table",
    "grid_table",
    "cut_extent",
    "AXIS_COVERAGE",
    "fixed_extents",
    "KEY_YEARS",
    "shock_explorer_chart",
    "price_panel",
    "revenue_panel",
    "stock_panel",
    "key_numbers",
    "controlling_numbers",
    "concentration_chart",
    "price_history_chart",
]

#: The explorer's five inputs, declared once for the page and the live widget. They start
#: at 30% withheld and 5 years: with China's 91% and these elasticities the first-year
#: price is about three times the old one, like dysprosium's rise in Europe after the
#: April 2025 licensing (tests/test_export_controls_charts.py checks it against the data).
CONTROLS = (
    Control("share_pct", "Share of world supply withheld (%)", 30, min=0, max=90, step=1,
            format=".0f", help="The share of pre-shock world supply the controlling "
            "country stops selling."),
    Control("demand_elasticity", "Price elasticity of demand", -0.3, min=-1.0, max=-0.05,
            step=0.05, format=".2f", help="Percentage change in use for a 1% rise in price."),
    Control("supply_elasticity", "Others' short-run supply elasticity", 0.2, min=0.0,
            max=1.0, step=0.05, format=".2f",
            help="How much more other producers sell at once for a 1% higher price."),
    Control("years_to_diversify", "Years to build alternative capacity", 5, min=1, max=10,
            step=1, format=".0f", help="Years until new capacity replaces all the "
            "withheld supply."),
    Control("stockpile_months", "Importers' stockpile (months of world use)", 0, min=0,
            max=24, step=1, format=".0f", help="Stocks held outside the controlling country, "
            "released at the old price until they run out (0 = none)."),
)  # fmt: skip

#: The stockpile panel's axis runs to the slider's maximum (months).
STOCK_AXIS_MAX = next(c.max for c in CONTROLS if c.name == "stockpile_months")

#: Starting values of the sliders, by name.
DEFAULTS = {c.name: c.default for c in CONTROLS}

#: Years at which the key numbers are printed.
KEY_YEARS = [0, 1, 3, 5, 10]

HORIZON_YEARS = 15
_X_SCALE = alt.Scale(domain=[0, HORIZON_YEARS], nice=False)
#: The explorer's paths (a line or area of 61 points each): no per-point ARIA label and no
#: tooltip. Vega draws such a mark as one path and picks it by its first point, so both
#: would only ever say year 0, yet the page re-formatted them for every point on every
#: slider step. What the paths show is said by each panel's description and the key numbers.
PATH_MARK = {"aria": False}
CONTROL = "Export control (quantity)"
TARIFF = "Tariff, same start (price)"
SERIES_COLORS = {CONTROL: VERMILLION, TARIFF: BLUE}
#: The control's name as a constant field of every row, computed once with the rows (see
#: :func:`_with_series`): the off-scale notes' group. Lines are drawn in their series'
#: colour as a constant or a datum, never a colour field: a colour field makes Vega split a
#: line's rows into groups by it again (a facet, with a dataflow of its own) on every move.
SERIES_FIELDS = {CONTROL: "series_control"}


@dataclass(frozen=True)
class ShockParams(ParamSet):
    """The website explorer's Vega-Lite params, one per slider."""

    share_pct: alt.Parameter
    demand_elasticity: alt.Parameter
    supply_elasticity: alt.Parameter
    years_to_diversify: alt.Parameter
    stockpile_months: alt.Parameter


def shock_params(**values) -> ShockParams:
    """Params bound to range sliders (from :data:`CONTROLS`); ``values`` override the
    defaults."""
    return ShockParams(*vega_params(CONTROLS, **values).values())


def page_formula(controlling_share: float, p: ShockParams | None = None) -> VegaBackend:
    """The model's closed form as Vega: a backend holding the page's steps.

    The slider values become ``t`` (a field: the time step's years) and the signals ``s``
    and ``eps``, and :func:`widgets.models.supply_shock.supply_shock_formula`, the model's
    own formula, computes the rest through the Vega backend
    (:class:`widgets.charts.kit.VegaBackend`). Its :attr:`~VegaBackend.transforms` are the
    steps computed on each of the 61 rows; its :attr:`~VegaBackend.params` the steps that
    read no row (the share withheld, the licensed exports, the stockpile's end, the export
    tax's clearing price), computed once per slider move as Vega signals.
    """
    p = p or shock_params()
    xp = VegaBackend(signals=True)
    f = xp.record()
    f.t = alt.datum.k / STEPS_PER_YEAR
    f.s = p.share_pct / 100
    f.eps = p.demand_elasticity
    supply_shock_formula(
        xp, years=f.t, share_withheld=f.s, demand_elasticity=f.eps,
        supply_elasticity=p.supply_elasticity, years_to_diversify=p.years_to_diversify,
        controlling_share=float(controlling_share), stockpile_months=p.stockpile_months,
    )  # fmt: skip
    return xp


def vega_expressions(controlling_share: float, p: ShockParams | None = None) -> dict[str, str]:
    """The page's per-row steps (:func:`page_formula`) as Vega expressions, in order.

    Examples
    --------
    >>> vega_expressions(0.9)["new_capacity"]
    '(s * datum.ramp)'
    """
    xp = page_formula(controlling_share, p)
    return {t["as"]: t["calculate"] for t in xp.transforms}


def vega_signals(controlling_share: float, p: ShockParams | None = None) -> list[alt.Parameter]:
    """The page's steps that read no row (:func:`page_formula`): Vega signals, in order.

    Examples
    --------
    >>> [(s.name, s.param.expr) for s in vega_signals(0.9)][:2]
    [('s', '(share_pct / 100)'), ('eps', 'demand_elasticity')]
    """
    return page_formula(controlling_share, p).params


#: Fields of a path the charts draw (columns of :func:`path_table`).
PATH_FIELDS = [
    "price_index", "consumption_cut", "spending_index", "controlling_share_path",
    "tariff_price_index", "tariff_consumption", "revenue_index", "tax_earnings_index",
    "stock_left_months",
]  # fmt: skip


@functools.cache
def cut_extent(controlling_share: float) -> tuple[float, float]:
    """The smallest and largest fall in use the explorer can show: the model
    (:func:`widgets.models.supply_shock.supply_shock_formula`) at every position of the
    share, elasticity and years sliders (:data:`CONTROLS`), at the start of the control
    and with no stockpile. Later the cut is smaller (new capacity comes in), a stockpile
    holds it at 0 while it lasts, and the tax's cut starts at the control's, so these
    bound every path (``tests/test_export_controls_charts.py`` checks settings across the
    whole range). The "fall in use" axis is fixed to it: moving a slider never rescales it.
    """
    grids = {c.name: np.linspace(c.min, c.max, round((c.max - c.min) / c.step) + 1)
             for c in CONTROLS}  # fmt: skip
    share, demand, supply, years = np.meshgrid(
        grids["share_pct"], grids["demand_elasticity"], grids["supply_elasticity"],
        grids["years_to_diversify"], indexing="ij",
    )  # fmt: skip
    with np.errstate(divide="ignore", over="ignore"):
        f = supply_shock_formula(
            NUMPY, years=0.0, share_withheld=share / 100, demand_elasticity=demand,
            supply_elasticity=supply, years_to_diversify=years,
            controlling_share=float(controlling_share), stockpile_months=0.0,
        )  # fmt: skip
    cuts = np.concatenate([np.ravel(f.consumption_cut), np.ravel(f.tariff_consumption_cut)])
    return float(cuts.min()), float(cuts.max())


#: The share of slider settings whose whole path the price, spending and revenue axes hold.
#: Over the sliders' whole ranges the model's price index reaches about 10**15 (90% withheld,
#: demand elasticity -0.05): an axis holding it would flatten every other setting to a few
#: pixels. The rest, strong controls on very inelastic demand, run off the top: clamped at
#: the edge, with a note on the panel; the key numbers give their figures.
AXIS_COVERAGE = 0.9
#: The note a panel shows while part of a path runs off the top of its fixed axis.
OFF_SCALE = "\u25b2 Off the scale: see the key numbers"
#: What the descriptions of those panels say about it.
_CLAMPED = " The axis is fixed: a path above its top is drawn along the top, with a note."


def _nice_top(value: float, log: bool) -> float:
    """``value`` rounded up as d3's ``nice()`` rounds a domain (10 ticks; a log axis: to a
    power of ten)."""
    if log:
        return 10.0 ** math.ceil(round(math.log10(value), 9))
    step = value / 10
    power = 10.0 ** math.floor(math.log10(step))
    error = step / power
    inc = power * (10 if error >= 50**0.5 else 5 if error >= 10**0.5 else 2 if error >= 2**0.5
                   else 1)  # fmt: skip
    return math.ceil(value / inc) * inc


@functools.cache
def fixed_extents(controlling_share: float) -> dict[str, tuple[float, float]]:
    """The fixed y domains of the price, spending and revenue panels, from the model.

    Each path is highest at the start with no stockpile (later, new capacity comes in; a
    stockpile holds the price at 100, then the path rejoins the one without it), and the
    tax's revenue starts where the control's does. So the model at the start, at every
    position of the share and elasticity sliders (:data:`CONTROLS`), gives each setting's
    highest value; the top of each axis holds :data:`AXIS_COVERAGE` of them, nicely rounded.
    The log axes (price, spending) start at the power of ten below the lowest value (back
    at the pre-shock level: every path ends there or above), the revenue axis at 0.
    """
    grids = {c.name: np.linspace(c.min, c.max, round((c.max - c.min) / c.step) + 1)
             for c in CONTROLS}  # fmt: skip
    share, demand, supply = np.meshgrid(
        grids["share_pct"], grids["demand_elasticity"], grids["supply_elasticity"],
        indexing="ij",
    )  # fmt: skip
    inputs = dict(share_withheld=share / 100, demand_elasticity=demand, supply_elasticity=supply,
                  years_to_diversify=float(grids["years_to_diversify"].max()),
                  controlling_share=float(controlling_share), stockpile_months=0.0)  # fmt: skip
    with np.errstate(divide="ignore", over="ignore"):
        start = supply_shock_formula(NUMPY, years=0.0, **inputs)
        end = supply_shock_formula(NUMPY, years=float(HORIZON_YEARS), **inputs)
    out = {}
    panels = [("price", ("price_index", "tariff_price_index"), True),
              ("spending", ("spending_index",), True),
              ("revenue", ("revenue_index", "tax_earnings_index"), False)]  # fmt: skip
    for name, fields, log in panels:
        high = np.max([np.ravel(getattr(start, f)) for f in fields], axis=0)
        top = _nice_top(float(np.quantile(high, AXIS_COVERAGE)), log)
        low = min(float(np.min(getattr(end, f))) for f in fields)
        out[name] = (10.0 ** math.floor(round(math.log10(low), 9)) if log else 0.0, top)
    return out


#: The fields whose paths a fixed axis may clamp (:func:`_off_scale_note`).
_NOTE_FIELDS = ("price_index", "tariff_price_index", "spending_index", "revenue_index",
                "tax_earnings_index")  # fmt: skip


def _off_scale_note(base, fields, top: float):
    """A note at the panel's top right while a path in ``fields`` runs above ``top``.

    Every note takes the maxima of all :data:`_NOTE_FIELDS` in one aggregate, which the
    page computes once for the three panels (Vega-Lite merges identical steps). Keyed
    (:func:`widgets.charts.kit.key_style`) by a constant field: each move makes a new
    maximum row, which the page then updates in place instead of drawing the note again.
    No note is a space: ``null`` would be drawn as "null" (Vega-Lite's text), and ``''``
    breaks the page's two-line texts (``_static/charts.js``), since Vega's
    ``toString('')`` is ``null``.
    """
    key = SERIES_FIELDS[CONTROL]
    above = " || ".join(f"datum.max_{f} > {top!r}" for f in fields)
    return (
        base.transform_aggregate(**{f"max_{f}": f"max({f})" for f in _NOTE_FIELDS},
                                 groupby=[key])
        .transform_calculate(note=f"{above} ? {OFF_SCALE!r} : ' '")
        .mark_text(align="right", baseline="top", dx=-4, dy=4, color=INK, aria=False,
                   style=key_style(key))
        .encode(x=alt.value("width"), y=alt.value(0), text="note:N")
    )  # fmt: skip


def grid_table(horizon_years: int = HORIZON_YEARS) -> pd.DataFrame:
    """The website's data: only the time steps ``k``; the page computes the rest."""
    return pd.DataFrame({"k": range(horizon_years * STEPS_PER_YEAR + 1)})


def path_table(path: SupplyShockPath) -> pd.DataFrame:
    """One computed path as the table the charts draw (the live view)."""
    steps = round(1 / (path.years[1] - path.years[0])) if len(path.years) > 1 else 1
    table = pd.DataFrame(
        {
            "k": (path.years * steps).round().astype(int),
            "t": path.years,
            "price_index": path.price_index,
            "consumption_cut": path.consumption_cut,
            "spending_index": path.spending_index,
            "controlling_share_path": path.controlling_share_path,
            "tariff_price_index": path.tariff_price_index,
            "tariff_consumption_cut": 1 - path.tariff_consumption,
            "revenue_index": path.revenue_index,
            "tax_earnings_index": path.tax_earnings_index,
            "stock_left_months": path.stock_left_months,
        }
    )
    return table


def _with_path(chart, params: ShockParams | None, controlling_share: float):
    """Add the closed form as top-level transforms and signals (:func:`page_formula`): the
    page computes the path once, and every panel of the concatenated chart inherits the
    computed rows."""
    if params is None:
        return chart
    xp = page_formula(controlling_share, params)
    steps = alt.Chart()
    for t in xp.transforms:
        steps = steps.transform_calculate(**{t["as"]: t["calculate"]})
    return with_transforms(chart, steps).add_params(*xp.params)


def _with_series(chart):
    """Add the series' names (:data:`SERIES_FIELDS`) as top-level constant fields.

    Not a calculate per panel: in the page, a panel's own calculate on the explorer's rows
    makes Vega copy all 61 rows, with every field of the formula chain, on every slider
    move (a constant computed with the rows is set once, when they are made).
    """
    steps = alt.Chart()
    for series, field in SERIES_FIELDS.items():
        steps = steps.transform_calculate(**{field: alt.expr.toString(series)})
    return with_transforms(chart, steps)


def _series_legend() -> alt.Chart:
    """The two series' legend, under a panel (:func:`widgets.charts.kit.legend_mark`)."""
    return legend_mark("series", SERIES_COLORS, alt.Legend(
        orient="bottom", title=None, symbolType="stroke", symbolOpacity=1, symbolStrokeWidth=2.5
    ))  # fmt: skip


def _clamped(extent: tuple[float, float], log: bool) -> alt.Scale:
    """A y scale fixed to ``extent`` (:func:`fixed_extents`); higher values sit at its top."""
    return alt.Scale(type="log" if log else "linear", domain=list(extent), clamp=True)


def _two_lines(base, control_field, tariff_field, title, y_title, *, fmt=",.1f",
               percent=False, description="", scale=None, top=None):  # fmt: skip
    """The control's path as a solid line, and the export tax's as a dashed one.

    ``scale`` fixes the y axis (e.g. :func:`_clamped`); with ``top``, the top of a clamped
    axis, the panel notes when a path runs off it (:func:`_off_scale_note`).

    The tax's path is flat while the taxing country still sells and falls once new
    capacity prices it out (``SupplyShockPath.tariff_price_index``): a whole path, not the
    first row's level (a flat rule showed the 70 % case of the guided questions wrongly).
    """
    scale = scale or alt.Scale(zero=True)
    axis = alt.Axis(format="%") if percent else alt.Axis()
    line = (
        base.mark_line(strokeWidth=2.5, **PATH_MARK)
        .encode(
            x=alt.X("t:Q", title="Years after the control starts", scale=_X_SCALE),
            y=alt.Y(f"{control_field}:Q", title=y_title, scale=scale, axis=axis),
            color=alt.ColorDatum(CONTROL),
        )
    )
    tax = (
        base.mark_line(strokeWidth=2.5, strokeDash=[6, 3], **PATH_MARK)
        .encode(
            x=alt.X("t:Q", scale=_X_SCALE),
            y=alt.Y(f"{tariff_field}:Q", scale=scale),
            color=alt.ColorDatum(TARIFF),
            tooltip=[alt.Tooltip(f"{tariff_field}:Q", title=f"{y_title}, tariff", format=fmt)],
        )
    )
    notes = [] if top is None else [_off_scale_note(base, (control_field, tariff_field), top)]
    return alt.layer(line, tax, *notes, _series_legend()).properties(
        title=title, width=300, height=200, description=description
    )  # fmt: skip


def price_panel(base: alt.Chart, extent: tuple[float, float] | None = None) -> alt.Chart:
    """The price path under the control and under the tariff with the same start (log axis,
    fixed to ``extent`` when given: see :func:`fixed_extents`)."""
    fixed = {} if extent is None else {"scale": _clamped(extent, True), "top": extent[1]}
    return _two_lines(
        base, "price_index", "tariff_price_index",
        "Price (pre-shock = 100, log scale)", "Price index",
        scale=fixed.pop("scale", alt.Scale(type="log")), **fixed,
        description="Line chart of the world price index over 15 years after an export "
        "control, on a log scale, with a dashed line for an export tax that raises the price "
        "by the same amount at the start: flat while the taxing country still sells, falling "
        "once new capacity prices it out." + (_CLAMPED if extent else ""),
    )  # fmt: skip


def shock_explorer_chart(
    *,
    controlling_share: float,
    data: pd.DataFrame | None = None,
    params: ShockParams | None = None,
    static: bool = True,
) -> alt.VConcatChart:
    """The supply-shock explorer: price, shortfall, spending and market share over time.

    On the website (``static=True``) the four sliders are Vega-Lite params and every
    field is computed in the page from :func:`vega_expressions`. The live widget passes
    ``data=path_table(path)`` and ``static=False``.
    """
    if static:
        params = params or shock_params()
        data = grid_table()
    elif data is None:
        raise ValueError("data is required when static is False")
    base = alt.Chart()  # the panels inherit the data and the path from the concat
    # Fixed axes: a move redraws the paths, never the axes (their ticks and labels).
    extents = fixed_extents(controlling_share)
    price = price_panel(base, extents["price"])
    shortfall = _two_lines(
        base, "consumption_cut", "tariff_consumption_cut",
        "Fall in use below pre-shock level", "Share of pre-shock use", fmt=".1%",
        percent=True, scale=alt.Scale(domain=list(cut_extent(controlling_share)), nice=True),
        description="Line chart of the fall in rare-earth use below its pre-shock level, "
        "under the export control and under the tariff.",
    )  # fmt: skip
    spending = alt.layer(
        base.mark_line(strokeWidth=2.5, color=GREEN, **PATH_MARK)
        .encode(
            x=alt.X("t:Q", title="Years after the control starts", scale=_X_SCALE),
            y=alt.Y("spending_index:Q", title="Spending index",
                    scale=_clamped(extents["spending"], True)),
        ),
        _off_scale_note(base, ("spending_index",), extents["spending"][1]),
    ).properties(title="Importers' spending (pre-shock = 100, log scale)", width=300,
                 height=200, description="Line chart of what importers spend on the good, "
                 "price times quantity, as an index with the pre-shock level at 100, on a "
                 "log scale." + _CLAMPED)  # fmt: skip
    share = (
        base.mark_line(strokeWidth=2.5, color=PURPLE, **PATH_MARK)
        .encode(
            x=alt.X("t:Q", title="Years after the control starts", scale=_X_SCALE),
            y=alt.Y("controlling_share_path:Q", title="Share of world sales",
                    scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        )
        .properties(title="Controlling country's market share", width=300, height=200,
                    description="Line chart of the controlling country's share of world "
                    "sales as other producers build capacity.")
    )  # fmt: skip
    numbers = key_numbers(base)
    if static:
        price = price.add_params(*params.all)
    chart = alt.vconcat(
        alt.hconcat(price, shortfall),
        alt.hconcat(spending, share),
        alt.hconcat(revenue_panel(base, extents["revenue"]), stock_panel(base)),
        numbers,
        controlling_numbers(base),
        data=data,
        usermeta=EMBED,
    )
    return (
        _with_series(_with_path(chart, params if static else None, controlling_share))
        .resolve_scale(color="independent", strokeDash="independent")
        .properties(
            description="Interactive export-control explorer: move the sliders for the share "
            "of world supply withheld, the demand and supply elasticities, the years needed "
            "to build alternative capacity and the importers' stockpile; the price, shortfall, "
            "spending, market-share, export-revenue and stockpile paths update. Each panel "
            "has the years after the control on its horizontal axis. "
            "Notice that the control's price jumps at once and falls back as new capacity "
            "comes in, while the price under the equivalent export tax stays where it "
            "started until new capacity prices the taxing country out."
        )
    )


def revenue_panel(base: alt.Chart, extent: tuple[float, float] | None = None) -> alt.LayerChart:
    """The controlling country's export revenue under the control and under the tax.

    Both are indexes with the pre-shock revenue at 100; under the tax, the revenue is the
    taxing country's producers' sales plus the tax (``tax_earnings_index``). With
    ``extent`` (:func:`fixed_extents`) the axis is fixed to it, and the panel notes a path
    that runs off its top.
    """
    scale = alt.Scale(zero=True) if extent is None else _clamped(extent, False)
    x = alt.X("t:Q", title="Years after the control starts", scale=_X_SCALE)

    def line(field, series, dash):
        return base.mark_line(strokeWidth=2.5, strokeDash=dash, **PATH_MARK).encode(
            x=x, y=alt.Y(f"{field}:Q", title="Revenue index", scale=scale),
            color=alt.ColorDatum(series),
        )

    fields = ("revenue_index", "tax_earnings_index")
    notes = [] if extent is None else [_off_scale_note(base, fields, extent[1])]
    return alt.layer(
        line(fields[0], CONTROL, [1, 0]), line(fields[1], TARIFF, [6, 3]), *notes,
        _series_legend(),
    ).properties(
        title="Controlling country's export revenue (pre-shock = 100)",
        width=300,
        height=200,
        description="Line chart of the controlling country's export revenue over 15 years, "
        "as an index with the pre-shock revenue at 100: solid under the export control, "
        "dashed under an export tax with the same starting price (its producers' sales plus "
        "the tax)." + (_CLAMPED if extent else ""),
    )


def stock_panel(base: alt.Chart) -> alt.Chart:
    """What is left of the importers' stockpile, in months of pre-shock world use."""
    return (
        base.mark_area(color=ORANGE, opacity=0.6, line={"color": ORANGE, **PATH_MARK},
                       **PATH_MARK)
        .encode(
            x=alt.X("t:Q", title="Years after the control starts", scale=_X_SCALE),
            # A fixed axis, 0 to the slider's maximum: stocks compare across settings,
            # and an empty stock is a flat line at 0, not an axis of zeros.
            # stack=None: one series needs no stack (in the page, a stack copies every row)
            y=alt.Y("stock_left_months:Q", title="Months of world use", stack=None,
                    scale=alt.Scale(domain=[0, STOCK_AXIS_MAX]),
                    axis=alt.Axis(format="d", tickCount=4)),
        )
        .properties(title="Importers' stockpile left", width=300, height=200,
                    description="Area chart of the importers' stockpile left, in months of "
                    "pre-shock world use: it falls while it holds the price at 100, and is "
                    "empty when it runs out (flat at zero with no stockpile).")
    )  # fmt: skip


def _per_key_year(base: alt.Chart, line, *, title: str, description: str) -> alt.Chart:
    """A key-numbers panel of one ``line`` per year in :data:`KEY_YEARS`."""
    ks = [year * STEPS_PER_YEAR for year in KEY_YEARS]
    return key_numbers_panel(
        base.transform_filter(alt.FieldOneOfPredicate(field="k", oneOf=ks)),
        {"line": line},
        per_row=("k:O", len(ks)),
        title=title,
        width=620,
        description=description,
    )


def key_numbers(base: alt.Chart) -> alt.Chart:
    """Key numbers as text lines, one per year in :data:`KEY_YEARS`."""
    d = alt.datum
    line = (
        "Year " + format_expr(d.t, "d") + ": price " + format_expr(d.price_index, ",.1f")
        + " (tariff " + format_expr(d.tariff_price_index, ",.1f") + "), use cut "
        + format_expr(d.consumption_cut, ".1%") + ", spending "
        + format_expr(d.spending_index, ",.1f")
    )  # fmt: skip
    return _per_key_year(
        base,
        line,
        title="Key numbers (price and spending: pre-shock = 100)",
        description="The price, the fall in use and importers' spending at the start and "
        "after 1, 3, 5 and 10 years.",
    )


def controlling_numbers(base: alt.Chart) -> alt.Chart:
    """The controlling country's key numbers, one line per year in :data:`KEY_YEARS`."""
    d = alt.datum
    line = (
        "Year " + format_expr(d.t, "d") + ": revenue " + format_expr(d.revenue_index, ",.1f")
        + " (tax " + format_expr(d.tax_earnings_index, ",.1f") + "), market share "
        + format_expr(d.controlling_share_path, ".1%") + ", stock left "
        + format_expr(d.stock_left_months, ".1f") + " months"
    )  # fmt: skip
    return _per_key_year(
        base,
        line,
        title="The controlling country (revenue: pre-shock = 100) and the stockpile",
        description="The controlling country's export revenue under the control and under "
        "the tax, its share of what buyers use, and the importers' stockpile left, at the "
        "start and after 1, 3, 5 and 10 years.",
    )
