"""Static charts of the export-controls chapter: the rare-earth supply chain and prices.

Drawn from the data package (``rare_earth_concentration``, ``rare_earth_prices``); the
explorer is in :mod:`widgets.charts.export_controls`, which re-exports these builders.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from widgets.charts.kit import EMBED
from widgets.charts.theme import BLUE, GREEN, GREY, INK, ORANGE, VERMILLION

__all__ = ["concentration_chart", "price_history_chart", "SPOT_PHASES"]


def concentration_chart(shares: pd.DataFrame) -> alt.Chart:
    """China's share of each stage of the rare-earth supply chain, with the rest of the world.

    ``shares`` has columns ``stage`` (label), ``china_share`` (fraction) and ``source``.
    """
    long = pd.concat(
        [
            shares.assign(who="China", share=shares["china_share"]),
            shares.assign(who="Rest of the world", share=1 - shares["china_share"]),
        ],
        ignore_index=True,
    )
    order = list(shares["stage"])
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("stage:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("share:Q", stack="normalize", title="Share of world output",
                    axis=alt.Axis(format="%")),
            color=alt.Color("who:N", title=None,
                            scale=alt.Scale(domain=["China", "Rest of the world"],
                                            range=[VERMILLION, GREY])),
            order=alt.Order("who:N"),
            tooltip=[alt.Tooltip("stage:N", title="Stage"), alt.Tooltip("who:N", title="Who"),
                     alt.Tooltip("share:Q", title="Share", format=".0%"),
                     alt.Tooltip("source:N", title="Source")],
        )
        .properties(
            title="China's share of the rare-earth supply chain",
            width=420,
            usermeta=EMBED,
            description="Stacked bar chart of China's share of world rare-earth mining, "
            "refining, separation and magnet making, from USGS and IEA figures: one bar per "
            "stage, split into China and the rest of the world, 0 to 100 percent. Notice that "
            "China's share is larger in refining, separation and magnet making than in mining.",
        )
    )  # fmt: skip


#: The two phases of the European spot prices, before and after China's controls.
SPOT_PHASES = ("Early April", "May")
#: The spot-range bars' outline (px): the least height a bar is drawn with.
BAR_STROKE = 4
#: The oxide whose range labels go under its bars (the others' go above): side by side,
#: dysprosium's "$700–1,000" (May) and terbium's "$930–1,000" (April) ran together.
SPOT_LABEL_BELOW = "Dysprosium"


def price_history_chart(prices: pd.DataFrame) -> alt.HConcatChart:
    """Annual average oxide prices (USGS/Argus) and the 2025 European spot ranges (log scale).

    Two panels on one log price axis: the annual averages 2020-2024 as lines, and the
    European spot ranges before and after China's controls of 4 April 2025 as wide labelled
    bars (the chart's point: drawn on the time axis they were slivers at its right edge).
    ``prices`` is the ``rare_earth_prices`` table.
    """
    annual = prices[prices["market"] == "annual average"]
    spot = prices[prices["market"] != "annual average"]
    element = "replace(datum.product, / oxide.*$/, '')"
    y_scale = alt.Scale(type="log", domain=[10, 10_000])
    oxides = alt.Scale(domain=["Neodymium", "Dysprosium", "Terbium"], range=[BLUE, ORANGE, GREEN])
    color = alt.Color("element:N", title="Oxide", scale=oxides,
                      legend=alt.Legend(orient="bottom", direction="horizontal"))  # fmt: skip
    # Annual averages are drawn at mid-year; the axis runs over whole years (labels: years).
    lines = (
        alt.Chart(annual, title=alt.Title("Annual averages", subtitle="USGS (Argus Media)"))
        .transform_calculate(element=element, when="datetime(year(toDate(datum.period_end)), 6, 1)")
        .mark_line(point=True)
        .encode(x=alt.X("when:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"),
                        scale=alt.Scale(domain=["2020-01-01", "2025-01-01"])),
                y=alt.Y("price_low:Q", scale=y_scale, title="US$ per kg (log scale)"),
                color=color,
                tooltip=["product:N", "period:N", alt.Tooltip("price_low:Q", title="$/kg")])
        .properties(width=300, height=260)
    )  # fmt: skip
    phase = f"utcmonth(toDate(datum.period_end)) == 3 ? '{SPOT_PHASES[0]}' : '{SPOT_PHASES[1]}'"
    spot_base = alt.Chart(spot).transform_calculate(
        element=element, phase=phase,
        label="'$' + format(datum.price_low, ',') + '–' + format(datum.price_high, ',')",
    )  # fmt: skip
    x = alt.X("phase:N", sort=list(SPOT_PHASES), title=None,
              axis=alt.Axis(labelAngle=0))  # fmt: skip
    x_offset = alt.XOffset("element:N", sort=["Dysprosium", "Terbium"])
    # A stroke in the bar's colour: a narrow range (terbium in April, $930-1,000) is a
    # bar of 2-3 px on this log scale; with it, every bar is at least 4 px tall.
    stroke = alt.Stroke("element:N", scale=oxides, legend=None)
    bars = spot_base.mark_bar(opacity=0.9, strokeWidth=BAR_STROKE).encode(
        x=x, xOffset=x_offset, y=alt.Y("price_low:Q", scale=y_scale, title=None),
        y2="price_high:Q", color=color, stroke=stroke,
        tooltip=["product:N", "market:N", "period:N",
                 alt.Tooltip("price_low:Q", title="low $/kg"),
                 alt.Tooltip("price_high:Q", title="high $/kg")],
    )  # fmt: skip
    below = f"datum.element == {SPOT_LABEL_BELOW!r}"
    gap = BAR_STROKE // 2 + 3  # px between a label and its bar's outline
    labels = (
        spot_base.transform_calculate(label_at=f"{below} ? datum.price_low : datum.price_high")
        .mark_text(fontSize=11, color=INK, dy=alt.ExprRef(f"{below} ? {gap} : {-gap}"),
                   baseline=alt.ExprRef(f"{below} ? 'top' : 'bottom'"))
        .encode(x=x, xOffset=x_offset, y=alt.Y("label_at:Q", scale=y_scale), text="label:N")
    )  # fmt: skip
    ranges = alt.layer(bars, labels).properties(
        title=alt.Title("Europe, spot ranges, 2025",
                        subtitle="before and after the 4 April controls (Argus Media)"),
        width=240, height=260,
    )  # fmt: skip
    return alt.hconcat(lines, ranges, spacing=16, usermeta=EMBED).properties(
        title="Rare-earth oxide prices: annual averages and Europe after April 2025",
        description="Two panels on one log scale of US dollars per kilogram. Left: lines of "
        "annual average prices of neodymium, dysprosium and terbium oxide, 2020-2024. Right: "
        "bars for the range of European spot prices of dysprosium and terbium oxide in early "
        "April 2025, before China's controls of 4 April took hold, and in May 2025, after; "
        "each bar labelled with its range. Notice how far the May ranges sit above the "
        "April ones.",
    )
