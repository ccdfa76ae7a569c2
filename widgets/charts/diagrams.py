"""Static teaching diagrams: the tariff diagram built in stages, before any explorer uses it.

A first-year reader meets the welfare areas A-D one step at a time, as a lecturer
draws them on the board (CORE Econ's stepped figures):

1. free trade: demand, home supply and the world price; imports are the gap;
2. the tariff raises the domestic price to the world price plus the tariff;
3. the new quantities: home firms make more, buyers buy less, imports shrink;
4. the areas A (producers' gain), B (production distortion), C (tariff revenue) and
   D (consumption distortion), each labelled with its size.

Every number comes from one call of :func:`widgets.models.tariff_outcome`; this module
only draws it (no slider, no params). The areas are drawn as bands between the two
prices whose left and right edges are straight lines, which is exact for straight-line
curves: :func:`tariff_stage_tables` checks that the band areas equal the model's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt
import pandas as pd

from widgets.charts.kit import EMBED, format_number
from widgets.charts.theme import INK, MID_GREY, REGION_COLORS
from widgets.models.tariff import LinearDemand, LinearSupply, TariffOutcome, tariff_outcome

__all__ = ["STAGES", "AREAS", "tariff_stage_tables", "tariff_stages_chart"]

#: The four panels, in reading order.
STAGES = (
    "1. Free trade",
    "2. The tariff raises the domestic price",
    "3. The new quantities",
    "4. Who gains and who loses: areas A–D",
)

#: The areas of stage 4: (letter, legend name, model field, (left, right) quantity at the
#: world price, (left, right) quantity at the domestic price). "zero" is quantity 0.
AREAS = (
    ("A", "Producer surplus gain (A)", "producer_surplus_change",
     ("zero", "free_trade_supply"), ("zero", "quantity_supplied")),
    ("B", "Production distortion (B)", "production_distortion",
     ("free_trade_supply", "quantity_supplied"), ("quantity_supplied", "quantity_supplied")),
    ("C", "Tariff revenue (C)", "tariff_revenue",
     ("quantity_supplied", "quantity_demanded"), ("quantity_supplied", "quantity_demanded")),
    ("D", "Consumption distortion (D)", "consumption_distortion",
     ("quantity_demanded", "free_trade_demand"), ("quantity_demanded", "quantity_demanded")),
)  # fmt: skip


def _linear(market: Mapping) -> None:
    if not (
        isinstance(market.get("demand"), LinearDemand)
        and isinstance(market.get("supply"), LinearSupply)
    ):
        raise ValueError(
            "market must have LinearDemand and LinearSupply curves: "
            "the diagram draws straight lines"
        )


def _band_area(rows: pd.DataFrame) -> float:
    """Area of a band between two prices with straight left and right edges (a trapezoid)."""
    low, high = rows.sort_values("price").itertuples()
    widths = (low.q_right - low.q_left) + (high.q_right - high.q_left)
    return (high.price - low.price) * widths / 2


def tariff_stage_tables(market: Mapping, *, tariff_rate: float) -> dict[str, pd.DataFrame]:
    """The numbers the staged diagram draws, all from one call of the tariff model.

    Small importing country (the world price does not move).

    Parameters
    ----------
    market : mapping
        ``demand`` (:class:`LinearDemand`), ``supply`` (:class:`LinearSupply`) and
        ``world_price``, as taken by :func:`widgets.models.tariff_outcome`.
    tariff_rate : float
        Ad valorem tariff, as a fraction (0.25 for 25%).

    Returns
    -------
    dict of pandas.DataFrame
        ``"curves"``: demand and supply at the diagram's lowest and highest prices;
        ``"prices"``: the price lines and the stage from which each is drawn;
        ``"imports"``: the import gap before and with the tariff;
        ``"bands"``: two rows per area (its edges at the two prices);
        ``"areas"``: one row per area, its size in $ million and where its letter sits.

    Examples
    --------
    >>> from widgets.models.examples import CLASSROOM_MARKET
    >>> areas = tariff_stage_tables(CLASSROOM_MARKET, tariff_rate=0.25)["areas"]
    >>> areas.set_index("letter")["size_musd"].to_dict()
    {'A': 1037.5, 'B': 37.5, 'C': 1237.5, 'D': 93.75}
    """
    _linear(market)
    out: TariffOutcome = tariff_outcome(
        demand=market["demand"], supply=market["supply"], world_price=market["world_price"],
        tariff_rate=tariff_rate,
    )  # fmt: skip
    p0, p1 = out.free_trade_price, out.domestic_price
    gap = max(p1 - p0, 1e-9)
    price_min = max(0.0, math.floor((p0 - 2 * gap) / 10) * 10)
    price_max = math.ceil((p1 + 1.5 * gap) / 10) * 10
    curves = pd.DataFrame(
        [{"curve": name, "price": p, "quantity": float(curve.quantity(p))}
         for name, curve in (("Demand", market["demand"]), ("Supply", market["supply"]))
         for p in (price_min, price_max)]
    )  # fmt: skip
    values = out.as_dict() | {"zero": 0.0}
    prices = pd.DataFrame(
        [
            {"line": "World price", "price": p0, "from_stage": 1,
             "text": f"World price ${format_number(p0, ',.0f')}"},
            {"line": "Domestic price", "price": p1, "from_stage": 2,
             "text": f"With the tariff ${format_number(p1, ',.0f')}"},
        ]
    )  # fmt: skip
    imports = pd.DataFrame(
        [
            {"when": "Free trade", "price": p0, "q_from": out.free_trade_supply,
             "q_to": out.free_trade_demand, "from_stage": 1, "to_stage": 3,
             "text": f"imports {format_number(out.free_trade_imports, ',.0f')}"},
            {"when": "With the tariff", "price": p1, "q_from": out.quantity_supplied,
             "q_to": out.quantity_demanded, "from_stage": 3, "to_stage": 4,
             "text": f"imports {format_number(out.imports, ',.1f')}"},
        ]
    )  # fmt: skip
    quantity_max = math.ceil(out.free_trade_demand * 1.6 / 10) * 10
    bands, areas = [], []
    for letter, name, field, at_low, at_high in AREAS:
        rows = pd.DataFrame(
            [{"area": name, "price": p, "q_left": values[left], "q_right": values[right]}
             for p, (left, right) in ((p0, at_low), (p1, at_high))]
        )  # fmt: skip
        size = _band_area(rows)
        if not math.isclose(size, values[field], rel_tol=1e-9, abs_tol=1e-9):
            raise ValueError(f"area {letter}: drawn {size} but the model gives {values[field]}")
        bands.append(rows)
        # The letter sits in the middle of its band; a band too thin for it (a triangle
        # at the curves, B or D) gets its letter just below the world price, beside the
        # band's base and clear of the curve.
        low = rows.iloc[0]
        mid_left, mid_right = rows["q_left"].mean(), rows["q_right"].mean()
        thin = mid_right - mid_left < 0.08 * quantity_max
        x = (mid_left + mid_right) / 2
        if thin:
            x = (
                low.q_right + 0.03 * quantity_max
                if field == "production_distortion"
                else ((low.q_left + low.q_right) / 2)
            )
        areas.append({"letter": letter, "who": name, "size_musd": float(values[field]),
                      "legend": f"{letter}: {name.split(' (')[0].lower()}, "
                                f"${format_number(values[field], ',.1f')} million",
                      "x": x, "y": p0 - 0.3 * gap if thin else (p0 + p1) / 2})  # fmt: skip
    return {
        "curves": curves,
        "prices": prices,
        "imports": imports,
        "bands": pd.concat(bands, ignore_index=True),
        "areas": pd.DataFrame(areas),
        "limits": pd.DataFrame(
            [{"price_min": price_min, "price_max": price_max, "quantity_max": quantity_max}]
        ),  # fmt: skip
    }


def _panel(stage: int, tables: Mapping[str, pd.DataFrame], *, width: int, height: int):
    limits = tables["limits"].iloc[0]
    x_scale = alt.Scale(domain=[0, float(limits.quantity_max)], nice=False)
    y_scale = alt.Scale(domain=[float(limits.price_min), float(limits.price_max)], nice=False)
    x = alt.X("quantity:Q", scale=x_scale, title="Quantity (million units)")
    y = alt.Y("price:Q", scale=y_scale, title="Price ($ per unit)")
    layers = []
    if stage == 4:
        layers.append(
            alt.Chart(tables["bands"])
            .mark_area(orient="horizontal", opacity=0.75)
            .encode(
                y=y,
                x=alt.X("q_left:Q", scale=x_scale, title="Quantity (million units)"),
                x2="q_right:Q",
                color=alt.Color(
                    "area:N", title=None, legend=None,
                    scale=alt.Scale(domain=list(REGION_COLORS), range=list(REGION_COLORS.values())),
                ),
            )
        )  # fmt: skip
    curves = alt.Chart(tables["curves"])
    layers.append(
        curves.mark_line(strokeWidth=2.5, clip=True, color=INK).encode(x=x, y=y, detail="curve:N")
    )
    layers.append(
        curves.transform_filter(alt.datum.price == float(limits.price_max))
        .mark_text(align="left", dx=4, fontSize=12, color=INK, clip=False)
        .encode(x=x, y=y, text="curve:N")
    )
    prices = alt.Chart(tables["prices"]).transform_filter(alt.datum.from_stage <= stage)
    layers.append(prices.mark_rule(strokeDash=[4, 3], color=MID_GREY).encode(y=y))
    # Price labels to the right of the demand curve, where nothing else is drawn.
    layers.append(
        prices.mark_text(align="right", dy=-6, fontSize=12, color=INK).encode(
            y=y, x=alt.value(width), text="text:N"
        )
    )
    if stage < 4:
        gaps = alt.Chart(tables["imports"]).transform_filter(
            (alt.datum.from_stage <= stage) & (alt.datum.to_stage > stage)
        )
        layers.append(
            gaps.mark_rule(strokeWidth=5, color=MID_GREY).encode(
                y=y, x=alt.X("q_from:Q", scale=x_scale), x2="q_to:Q"
            )
        )
        layers.append(
            gaps.transform_calculate(mid="(datum.q_from + datum.q_to) / 2")
            .mark_text(dy=12, fontSize=12, color=INK)
            .encode(y=y, x=alt.X("mid:Q", scale=x_scale), text="text:N")
        )
    if stage >= 3:
        points = alt.Chart(tables["imports"]).transform_filter(alt.datum.from_stage == 3)
        layers.append(
            points.transform_fold(["q_from", "q_to"], as_=["end", "quantity"])
            .mark_point(filled=True, size=60, color=INK)
            .encode(x=x, y=y)
        )
    if stage == 4:
        layers.append(
            alt.Chart(tables["areas"])
            .mark_text(fontSize=12, fontWeight="bold", color=INK)
            .encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale),
                    text="letter:N")
        )  # fmt: skip
    return alt.layer(*layers).properties(title=STAGES[stage - 1], width=width, height=height)


def tariff_stages_chart(
    market: Mapping, *, tariff_rate: float, width: int = 300, height: int = 170, columns: int = 1
) -> alt.ConcatChart:
    """The tariff diagram in four panels, one per stage (see the module's docstring).

    Parameters
    ----------
    market : mapping
        A straight-line market, as :func:`tariff_stage_tables` takes it.
    tariff_rate : float
        Ad valorem tariff, as a fraction.
    width, height : int
        Size of each panel's plotting area in pixels; the default fits a phone's column.
    columns : int
        Panels per row (1: one below the other).
    """
    tables = tariff_stage_tables(market, tariff_rate=tariff_rate)
    panels = [_panel(stage, tables, width=width, height=height) for stage in range(1, 5)]
    key = alt.Chart(tables["areas"]).encode(y=alt.Y("letter:N", axis=None, title=None))
    legend = alt.layer(
        key.mark_square(size=120, opacity=0.75).encode(
            x=alt.value(6),
            color=alt.Color("who:N", legend=None, scale=alt.Scale(
                domain=list(REGION_COLORS), range=list(REGION_COLORS.values()))),
        ),
        key.mark_text(align="left", fontSize=12, color=INK).encode(
            x=alt.value(18), text="legend:N"
        ),
    ).properties(width=width, height=80, title="The areas of panel 4")  # fmt: skip
    return alt.concat(*panels, legend, columns=columns, usermeta=EMBED).properties(
        description=(
            "The tariff diagram built in four steps, for a small importing country. Panel 1: "
            "demand, home supply and the world price; imports are the gap between what buyers "
            "want and what home firms make. Panel 2: the tariff raises the domestic price to the "
            "world price plus the tariff. Panel 3: at that price home firms make more and buyers "
            "buy less, so imports shrink. Panel 4: the areas between the two prices: A, the "
            "producers' gain; B, the production distortion; C, the tariff revenue; D, the "
            "consumption distortion. Consumers lose A + B + C + D."
        )
    )
