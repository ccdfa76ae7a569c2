"""The optimal tariff, step by step: a static figure built from the large-country model.

Issue 17 asks for a picture before an explorer uses its terms. The tariff-wars chapter shows
this figure after the rule ``t* = 1/e*`` and before its optimal-tariff explorer: three
panels stacked one above the other (they read on a phone's column too), for one large
importing country (:class:`widgets.models.tariff_war.ImportMarket`), as its tariff rises
from zero:

1. the **terms-of-trade gain** (area G of the tariffs chapter): foreign sellers cut their
   price, and the country pays less on every unit it still imports;
2. the **efficiency loss** (the deadweight triangles B + D) beside it: it starts flat and
   grows faster, and the gap between the two lines is widest at the optimal tariff;
3. their difference, the country's **net welfare change**: it peaks at the optimal tariff,
   where ``t* = 1/e*`` with ``e*`` the foreign export-supply elasticity at the foreign price
   the tariff brings about.

Every number comes from the model: the curves from :meth:`ImportMarket.outcome`
(:func:`widgets.models.tariff.tariff_outcome`: ``terms_of_trade_gain``,
``deadweight_loss``, ``net_welfare_change``), the optimum from
:func:`~widgets.models.tariff_war.optimal_tariff_rate` and the elasticity there from
:func:`~widgets.models.tariff_war.tariff_welfare`. This module only draws them (no
slider, no params): the explorer below it moves the same model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd

from widgets.charts.access import AccessibleChart
from widgets.charts.kit import EMBED, format_number
from widgets.charts.theme import BLUE, INK, MID_GREY, PURPLE, VERMILLION
from widgets.models.tariff_war import ImportMarket, optimal_tariff_rate, tariff_welfare

__all__ = [
    "STEPS",
    "OptimalTariffSteps",
    "optimal_tariff_steps",
    "optimal_tariff_steps_chart",
    "optimal_tariff_steps_figure",
]

#: The panels, in reading order: (title, subtitle lines). The subtitles name the model's
#: numbers with ``{t_opt}`` and ``{e_opt}``, filled in by :func:`optimal_tariff_steps_chart`.
STEPS = (
    ("Step 1. The terms-of-trade gain (G)",
     ["Foreign sellers cut their price, so the country",
      "pays less on every unit it still imports"]),
    ("Step 2. The efficiency loss (B + D)",
     ["The deadweight triangles grow faster than G;",
      "the gap between the lines is widest at {t_opt}"]),
    ("Step 3. The net gain: G minus (B + D)",
     ["Highest at the optimal tariff t* = 1/ε* = {t_opt},",
      "with ε* = {e_opt} at the new foreign price"]),
)  # fmt: skip

#: The lines the panels draw: (field, label at the line's right end, colour). The panel
#: titles name the areas; the lines carry their letters.
SERIES = {
    "gain": ("G", PURPLE),
    "loss": ("B + D", VERMILLION),
    "net": ("G − (B + D)", BLUE),  # not drawn: the panel's title names it
}
_PANEL_SERIES = (("gain",), ("gain", "loss"), ("net",))

#: The table's rows: every this many percentage points, and the optimal tariff.
TABLE_STEP_PCT = 10


@dataclass(frozen=True)
class OptimalTariffSteps:
    """The figure's numbers, all from the model.

    ``curves``: one row per tariff (``tariff_pct``, whole percent, plus the optimal
    tariff), with ``gain`` (area G), ``loss`` (B + D), ``net`` (the net welfare change)
    and ``world_price`` (the foreign price), in the market's units. ``optimal_rate`` is
    :func:`optimal_tariff_rate`; ``elasticity_at_optimum`` the foreign export-supply
    elasticity at the foreign price the optimal tariff brings about (``t* = 1/e*``
    there); ``elasticity`` the one at the free-trade point.
    """

    curves: pd.DataFrame
    optimal_rate: float
    elasticity: float
    elasticity_at_optimum: float

    @property
    def optimum(self) -> pd.Series:
        """The curves' row at the optimal tariff."""
        return self.curves[self.curves["optimal"]].iloc[0]


def _row(market: ImportMarket, pct: float, *, optimal: bool = False) -> dict:
    out = market.outcome(pct / 100)
    return {
        "tariff_pct": float(pct),
        "gain": out.terms_of_trade_gain,
        "loss": out.deadweight_loss,
        "net": out.net_welfare_change,
        "world_price": out.world_price,
        "optimal": optimal,
    }


def optimal_tariff_steps(
    market: Mapping, *, export_supply_elasticity: float, max_pct: int | None = None
) -> OptimalTariffSteps:
    """The figure's numbers for one large importing country.

    Parameters
    ----------
    market : mapping
        ``demand``, ``supply`` and ``world_price`` (e.g.
        :data:`widgets.models.examples.CLASSROOM_MARKET`).
    export_supply_elasticity : float
        Foreign export-supply elasticity at the free-trade point (> 1).
    max_pct : int, optional
        The highest tariff drawn, in percent; by default the first multiple of 10 above
        2.2 times the optimal tariff (where the net gain is well below zero), never past
        the prohibitive tariff.

    Examples
    --------
    Suranovic's Coke market with elasticity 2: the optimal tariff is 5/13.

    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> coke = dict(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10), world_price=1.0)
    >>> steps = optimal_tariff_steps(coke, export_supply_elasticity=2.0)
    >>> round(steps.optimal_rate, 6), round(1 / steps.elasticity_at_optimum, 6)
    (0.384615, 0.384615)
    >>> steps.curves["tariff_pct"].iloc[[0, -1]].tolist()
    [0.0, 90.0]
    """
    m = ImportMarket(market["demand"], market["supply"], market["world_price"],
                     export_supply_elasticity)  # fmt: skip
    t_opt = optimal_tariff_rate(m)
    e_opt = tariff_welfare(m, t_opt).foreign_export_supply_elasticity
    if max_pct is None:
        max_pct = 10 * math.ceil(22 * t_opt)
        prohibitive = m.prohibitive_rate()
        if math.isfinite(prohibitive):
            max_pct = min(max_pct, math.floor(100 * prohibitive))
    rows = [_row(m, pct) for pct in range(0, int(max_pct) + 1)]
    rows.append(_row(m, 100 * t_opt, optimal=True))
    curves = pd.DataFrame(rows).sort_values("tariff_pct", kind="stable", ignore_index=True)
    return OptimalTariffSteps(curves, t_opt, float(export_supply_elasticity), e_opt)


def _pct(rate: float) -> str:
    return f"{format_number(100 * rate, '.1f')}%"


def optimal_tariff_steps_chart(
    steps: OptimalTariffSteps, *, width: int = 300, height: int = 120, unit: str = "$ million"
) -> alt.VConcatChart:
    """Three panels, one per step (see the module's docstring), one above the other.

    ``unit`` names the money unit of the market (the y-axes read "<unit> a year").
    """
    curves = steps.curves
    best = steps.optimum
    t_opt, e_opt = _pct(steps.optimal_rate), format_number(steps.elasticity_at_optimum, ".2f")
    domain = [0, float(curves["tariff_pct"].max())]
    x = alt.X("tariff_pct:Q", title="Tariff (%)", scale=alt.Scale(domain=domain, nice=False))
    top = max(curves["gain"].max(), curves["loss"].max())
    shared = alt.Scale(domain=[0, float(top) * 1.08], nice=True)  # panels 1 and 2 compare
    net = alt.Scale(domain=[float(curves["net"].min()), float(curves["net"].max()) * 1.25],
                    nice=True)  # fmt: skip
    base = alt.Chart().properties(width=width, height=height)
    end = curves.iloc[-1]
    # Marks that only decorate (the zero line, the optimum's rule) are hidden from screen
    # readers (axe-core svg-img-alt): the description and the table carry the numbers.
    quiet = {"aria": False}
    panels = []
    for (title, subtitle), fields in zip(STEPS, _PANEL_SERIES, strict=True):
        scale = net if fields == ("net",) else shared
        layers = []
        for field in fields:
            label, colour = SERIES[field]
            muted = len(fields) > 1 and field == "gain"  # panel 2: G stays, thinner
            layers.append(
                base.transform_filter(~alt.datum.optimal)
                .mark_line(color=colour, strokeWidth=1.8 if muted else 2.5, **quiet)
                .encode(x=x, y=alt.Y(f"{field}:Q", scale=scale, title=f"{unit} a year"))
            )
            if field == "net":  # the title names it; its right end falls steeply
                continue
            # The line's letter at its right end: above the higher line, below the lower.
            higher = end[field] >= max(end[f] for f in fields)
            layers.append(
                base.transform_filter(alt.datum.tariff_pct == float(end["tariff_pct"]))
                .mark_text(align="right", dx=-2, dy=-9 if higher else 14,
                           color=colour, fontWeight="bold", **quiet)
                .encode(x=x, y=alt.Y(f"{field}:Q", scale=scale), text=alt.value(label))
            )  # fmt: skip
        optimum = base.transform_filter(alt.datum.optimal)
        if fields == ("gain", "loss"):  # the widest gap: a rule from B + D up to G
            layers.append(  # (the subtitle says what it is: no room for a label)
                optimum.mark_rule(color=INK, strokeWidth=2, strokeDash=[3, 2], **quiet).encode(
                    x=x, y=alt.Y("loss:Q", scale=scale), y2="gain:Q"
                )
            )
        if fields == ("net",):
            layers += [
                base.mark_rule(color=MID_GREY, **quiet).encode(y=alt.datum(0)),
                optimum.mark_rule(color=INK, strokeDash=[3, 2], **quiet).encode(x=x),
                optimum.mark_point(filled=True, size=70, color=INK, opacity=1, **quiet).encode(
                    x=x, y=alt.Y("net:Q", scale=scale)
                ),
                optimum.mark_text(align="left", dx=6, dy=-8, color=INK, **quiet).encode(
                    x=x, y=alt.Y("net:Q", scale=scale),
                    text=alt.value(f"t* = {t_opt}"),
                ),
            ]  # fmt: skip
        panels.append(
            alt.layer(*layers).properties(
                title=alt.Title(
                    title, subtitle=[line.format(t_opt=t_opt, e_opt=e_opt) for line in subtitle]
                ),
            )  # fmt: skip
        )
    money = f"{unit} a year"
    description = (
        "Three line charts, one above the other, of one large importing country as its tariff "
        f"rises from 0 to {format_number(curves['tariff_pct'].max(), '.0f')}%. Top: the "
        "terms-of-trade gain G, paid by foreign sellers who cut their price; it rises almost in "
        f"proportion to the tariff at first, to {format_number(best.gain, ',.0f')} {money} at "
        f"the optimal tariff. Middle: the efficiency loss B + D beside it, small at first and "
        f"growing faster, {format_number(best.loss, ',.0f')} {money} at the optimal tariff, "
        "where the gap between the two lines is widest. Bottom: the net gain, G minus B + D, "
        f"highest at the optimal tariff of {t_opt}, {format_number(best.net, ',.0f')} {money}; "
        f"there the foreign export-supply elasticity is {e_opt} and the optimal tariff is 1 "
        f"over it. The net gain falls below zero at higher tariffs."
    )
    return alt.vconcat(*panels, data=curves, spacing=22).properties(
        usermeta=EMBED, description=description
    )


def optimal_tariff_steps_figure(
    market: Mapping, *, export_supply_elasticity: float, unit: str = "$ million", width: int = 300
) -> AccessibleChart:
    """The figure as a chapter shows it: the chart, its description and a table of the
    drawn numbers every :data:`TABLE_STEP_PCT` points and at the optimal tariff."""
    steps = optimal_tariff_steps(market, export_supply_elasticity=export_supply_elasticity)
    curves = steps.curves
    shown = curves[curves["optimal"] | (curves["tariff_pct"] % TABLE_STEP_PCT == 0)]
    money = f"{unit} a year"
    table = pd.DataFrame(
        {
            "Tariff": [_pct(p / 100) + (" (optimal)" if o else "")
                       for p, o in zip(shown["tariff_pct"], shown["optimal"], strict=True)],
            "Foreign price": [format_number(v, ",.2f") for v in shown["world_price"]],
            "Terms-of-trade gain G": [format_number(v, ",.1f") for v in shown["gain"]],
            "Efficiency loss B + D": [format_number(v, ",.1f") for v in shown["loss"]],
            "Net gain": [format_number(v, ",.1f") for v in shown["net"]],
        }
    )  # fmt: skip
    return AccessibleChart(
        optimal_tariff_steps_chart(steps, unit=unit, width=width),
        tables=[(table, f"The three steps' numbers ({money}; the foreign price per unit)")],
        sources=None,
    )
