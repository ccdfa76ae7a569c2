"""Static teaching diagrams: the tariff diagram built in stages, before any explorer uses it.

A first-year reader meets the welfare areas A-D one step at a time, as a lecturer
draws them on the board (CORE Econ's stepped figures):

1. free trade: demand, home supply and the world price; imports are the gap;
2. the tariff raises the domestic price to the world price plus the tariff;
3. the new quantities: home firms make more, buyers buy less, imports shrink;
4. the areas A (producers' gain), B (production distortion), C (tariff revenue) and
   D (consumption distortion), each labelled with its letter (the sizes are in the
   figure's table, :func:`tariff_stages_figure`).

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

from widgets.charts.access import AccessibleChart
from widgets.charts.kit import EMBED, format_number
from widgets.charts.tariff import _AREAS as EXPLORER_AREAS
from widgets.charts.theme import INK, MID_GREY, REGION_COLORS, REGION_OPACITY
from widgets.models.tariff import LinearDemand, LinearSupply, TariffOutcome, tariff_outcome

__all__ = [
    "STAGES", "AREAS", "stage_rows", "tariff_stage_tables", "tariff_stages_chart",
    "tariff_stages_figure",
]  # fmt: skip

#: What the chart shows, for screen readers (the chart's Vega-Lite ``description``).
DESCRIPTION = (
    "The tariff diagram built in four steps, for a small importing country. Panel 1: demand, "
    "home supply and the world price; imports are the gap between what buyers want and what "
    "home firms make. Panel 2: the tariff raises the domestic price to the world price plus "
    "the tariff. Panel 3: at that price home firms make more and buyers buy less, so imports "
    "shrink. Panel 4: the areas between the two prices: A, the producers' gain; B, the "
    "production distortion; C, the tariff revenue; D, the consumption distortion. Consumers "
    "lose A + B + C + D."
)

#: The four panels, in reading order.
STAGES = (
    "1. Free trade",
    "2. The tariff raises the price",
    "3. The new quantities",
    "4. Who gains and who loses",
)

#: The areas of stage 4: (letter, legend name, model field, (left, right) quantity at the
#: world price, (left, right) quantity at the domestic price), "0" being quantity zero. The
#: geometry is the explorer's (one definition of where each area lies); a small country has
#: no terms-of-trade gain, so G is left out.
_FIELDS = {
    "A": "producer_surplus_change",
    "B": "production_distortion",
    "C": "tariff_revenue",
    "D": "consumption_distortion",
}
AREAS = tuple(
    (name[-2], name, _FIELDS[name[-2]], at_low, at_high)
    for name, _low, _high, at_low, at_high in EXPLORER_AREAS
    if name[-2] in _FIELDS
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
    if not isinstance(market.get("demand"), LinearDemand) or not isinstance(
        market.get("supply"), LinearSupply
    ):
        raise ValueError("market: the staged diagram needs LinearDemand and LinearSupply curves")
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
    values = out.as_dict() | {"0": 0.0}
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


def stage_rows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One long table of everything the four panels draw: a row per mark and stage.

    ``kind`` says which layer draws the row (``curve``, ``price``, ``gap``, ``point``,
    ``band``, ``letter``); ``stage`` is the panel's number (1 to 4, titled by
    :data:`STAGES`). The chart is one layered spec faceted by stage, so the page carries
    it once, not four times.
    """
    rows = []
    for number in range(1, len(STAGES) + 1):
        stage = number
        for row in tables["curves"].to_dict("records"):
            rows.append({"stage": stage, "kind": "curve", **row})
        for row in tables["prices"].to_dict("records"):
            if row["from_stage"] <= number:
                rows.append({"stage": stage, "kind": "price", "price": row["price"],
                             "text": row["text"]})  # fmt: skip
        for row in tables["imports"].to_dict("records"):
            if row["from_stage"] <= number < row["to_stage"]:
                rows.append({"stage": stage, "kind": "gap", "price": row["price"],
                             "q_left": row["q_from"], "q_right": row["q_to"], "text": row["text"],
                             "quantity": (row["q_from"] + row["q_to"]) / 2})  # fmt: skip
            if row["from_stage"] == 3 and number >= 3:
                rows += [{"stage": stage, "kind": "point", "price": row["price"], "quantity": q}
                         for q in (row["q_from"], row["q_to"])]  # fmt: skip
        if number == 4:
            for row in tables["bands"].to_dict("records"):
                rows.append({"stage": stage, "kind": "band", **row})
            for row in tables["areas"].to_dict("records"):
                rows.append({"stage": stage, "kind": "letter", "text": row["letter"],
                             "quantity": row["x"], "price": row["y"]})  # fmt: skip
    return pd.DataFrame(rows)


def tariff_stages_chart(
    market: Mapping, *, tariff_rate: float, width: int = 300, height: int = 170, columns: int = 1
) -> alt.FacetChart:
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
    limits = tables["limits"].iloc[0]
    x_scale = alt.Scale(domain=[0, float(limits.quantity_max)], nice=False)
    y_scale = alt.Scale(domain=[float(limits.price_min), float(limits.price_max)], nice=False)
    x = alt.X("quantity:Q", scale=x_scale, title="Quantity (million units)",
              axis=alt.Axis(tickCount=5))
    y = alt.Y("price:Q", scale=y_scale, title="Price ($ per unit)")
    base = alt.Chart()

    def kind(name: str) -> alt.Chart:
        return base.transform_filter(alt.datum.kind == name)

    # The chart is read by its description and its table. Its marks stay out of the
    # accessibility tree: a layer with nothing to draw in a panel (no points before stage
    # 3) would otherwise be an unnamed image (axe-core rule svg-img-alt).

    text = {"fontSize": 12, "color": INK, "aria": False}
    colors = alt.Scale(domain=list(REGION_COLORS), range=list(REGION_COLORS.values()))
    layers = [
        kind("band").mark_area(orient="horizontal", opacity=REGION_OPACITY, aria=False).encode(
            y=y, x=alt.X("q_left:Q", scale=x_scale), x2="q_right:Q",
            color=alt.Color("area:N", legend=None, scale=colors),
        ),
        kind("curve").mark_line(strokeWidth=2.5, clip=True, color=INK, aria=False).encode(
            x=x, y=y, detail="curve:N"
        ),
        # Curve names at the top ends, outward: supply's to its left, demand's to its right,
        # so the two never meet however narrow the panel.
        kind("curve").transform_filter((alt.datum.price == float(limits.price_max))
                                       & (alt.datum.curve == "Supply"))
        .mark_text(align="right", dx=-4, **text).encode(x=x, y=y, text="curve:N"),
        kind("curve").transform_filter((alt.datum.price == float(limits.price_max))
                                       & (alt.datum.curve == "Demand"))
        .mark_text(align="left", dx=4, **text).encode(x=x, y=y, text="curve:N"),
        kind("price").mark_rule(strokeDash=[4, 3], color=MID_GREY, aria=False).encode(y=y),
        # Price labels at the panel's right edge (its width as the page fits it), right of
        # the demand curve, where nothing else is drawn.
        kind("price").mark_text(align="right", dy=-6, x="width", **text).encode(
            y=y, text="text:N"
        ),
        kind("gap").mark_rule(strokeWidth=5, color=MID_GREY, aria=False).encode(
            y=y, x=alt.X("q_left:Q", scale=x_scale), x2="q_right:Q"
        ),
        kind("gap").mark_text(dy=12, **text).encode(y=y, x=x, text="text:N"),
        kind("point")
        .mark_point(filled=True, size=60, color=INK, opacity=1, aria=False)
        .encode(x=x, y=y),
        kind("letter").mark_text(fontWeight="bold", **text).encode(x=x, y=y, text="text:N"),
    ]  # fmt: skip
    # Inline values without the empty cells of a rectangular table: the page stays light.
    values = [
        {key: value for key, value in row.items() if isinstance(value, str) or math.isfinite(value)}
        for row in stage_rows(tables).to_dict("records")
    ]
    titles = "[" + ", ".join(repr(title) for title in STAGES) + "]"
    return (
        alt.layer(*layers, data=alt.Data(values=values))
        .properties(width=width, height=height)
        .facet(
            facet=alt.Facet("stage:O", title=None, header=alt.Header(
                labelExpr=f"{titles}[datum.value - 1]", labelFontSize=14, labelFontWeight="bold",
                labelAnchor="start", labelColor=INK, labelLimit=0)),
            columns=columns,
        )
        .properties(
            usermeta=EMBED,
            description=DESCRIPTION,
        )
    )  # fmt: skip


def tariff_stages_figure(market: Mapping, *, tariff_rate: float) -> AccessibleChart:
    """The staged diagram as a chapter shows it: the chart, its description, a table of the
    areas of panel 4 (in $ million, the numbers the chart draws) and "Model illustration"."""
    areas = tariff_stage_tables(market, tariff_rate=tariff_rate)["areas"]
    table = pd.DataFrame(
        {
            "Area": areas["who"],
            "Size ($ million)": [format_number(v, ",.2f") for v in areas["size_musd"]],
        }
    )
    return AccessibleChart(
        tariff_stages_chart(market, tariff_rate=tariff_rate),
        tables=[(table, "The areas of panel 4, in $ million")],
        sources=None,
    )
