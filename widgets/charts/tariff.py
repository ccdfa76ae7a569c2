"""Charts of a tariff on one imported good: the supply-and-demand diagram with the
welfare areas, a bar chart of who gains and who loses, and the key numbers.

Every builder takes a table of model outcomes (one row per tariff rate and kind of
country, columns named as :class:`widgets.models.TariffOutcome` fields) and returns
an ``alt.Chart``-like object; nothing here computes economics. The same builders
serve both views of a chapter:

* the **website** passes the whole grid of outcomes and a :class:`ExplorerParams`;
  Vega-Lite params bound to a slider and a radio button pick the row to draw, so
  the page needs no kernel;
* the **live widget** passes a one-row table for the values its controls hold, and
  no params.

The welfare areas are drawn from the row's prices and quantities, which is exact
for straight-line demand and supply curves (the only ones the explorer draws).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import ClassVar

import altair as alt
import numpy as np
import pandas as pd

from widgets.charts.inputs import Control, vega_param
from widgets.charts.kit import (
    EMBED,
    ParamSet,
    format_number,
    in_order,
    key_numbers_panel,
    key_style,
    legend_mark,
    text_line,
)
from widgets.charts.theme import BLUE, INK, MID_GREY, REGION_COLORS, REGION_OPACITY, VERMILLION
from widgets.models.tariff import LinearDemand, LinearSupply, TariffOutcome, tariff_outcome

__all__ = [
    "COUNTRY_LABELS",
    "format_number",
    "CONTROLS",
    "ExplorerParams",
    "explorer_params",
    "outcome_table",
    "drop_repeated_rows",
    "curve_table",
    "supply_demand_diagram",
    "welfare_bars",
    "key_numbers",
    "tariff_explorer_chart",
]

#: Labels of the two kinds of importing country, as the radio button shows them.
COUNTRY_LABELS = {
    "small": "Small country (world price fixed)",
    "large": "Large country (world price can fall)",
}

#: Columns of the outcome table that the charts read: every outcome field but the inputs.
_COLUMNS = [
    f.name for f in fields(TariffOutcome) if f.name not in ("tariff_rate", "specific_tariff")
]

#: Who gains and who loses: (label, column), in the order the bars are drawn.
WELFARE_BARS = [
    ("Consumers", "consumer_surplus_change"),
    ("Producers", "producer_surplus_change"),
    ("Government", "tariff_revenue"),
    ("Nation (net)", "net_welfare_change"),
]

#: The key numbers shown as text: (label, column, d3 format).
KEY_NUMBERS = [
    ("Domestic price ($)", "domestic_price", ",.2f"),
    ("World price paid to foreign sellers ($)", "world_price", ",.2f"),
    ("Imports (million units)", "imports", ",.1f"),
    ("Change in consumer surplus ($ million)", "consumer_surplus_change", ",.1f"),
    ("Change in producer surplus ($ million)", "producer_surplus_change", ",.1f"),
    ("Tariff revenue ($ million)", "tariff_revenue", ",.1f"),
    ("Deadweight loss ($ million)", "deadweight_loss", ",.1f"),
    ("Terms-of-trade gain ($ million)", "terms_of_trade_gain", ",.1f"),
    ("Net national welfare change ($ million)", "net_welfare_change", ",.1f"),
]


@dataclass(frozen=True)
class ExplorerParams(ParamSet):
    """The Vega-Lite params of the website explorer: a tariff slider and a country radio.

    ``last_rows`` maps a kind of country to the highest tariff the grid keeps a row for:
    above it (a prohibitive tariff: no imports) every outcome is the same, so the page
    carries that row once and the slider's higher values pick it (see :attr:`filter`).
    """

    ROWS: ClassVar[dict[str, str]] = {"tariff_pct": "tariff_pct", "country": "country"}
    tariff_pct: alt.Parameter
    country: alt.Parameter
    last_rows: tuple[tuple[str, int], ...] = ()

    @property
    def all(self) -> list[alt.Parameter]:
        """Every param, to add to the chart."""
        return [self.tariff_pct, self.country]

    @property
    def filter(self) -> str:
        """Vega expression keeping the grid row of the slider's tariff and the radio's country.

        Examples
        --------
        >>> p = explorer_params()
        >>> replace(p, last_rows=(("small", 143),)).filter == (
        ...     f"datum.country == {p.country.name} && datum.tariff_pct == "
        ...     f"min({p.tariff_pct.name}, {p.country.name} == 'small' ? 143 : 1e9)")
        True
        """
        if not self.last_rows:
            return super().filter
        cap = "1e9"
        for country, pct in reversed(self.last_rows):
            cap = f"{self.country.name} == '{country}' ? {pct} : {cap}"
        return (
            f"datum.country == {self.country.name} && "
            f"datum.tariff_pct == min({self.tariff_pct.name}, {cap})"
        )


#: The inputs both views offer, declared once. The page's slider stops at 200% (it picks
#: rows of a grid computed for every whole percent); the live slider goes to 300%.
TARIFF_CONTROL = Control(
    "tariff_pct", "Tariff rate (%)", 25, min=0, max=300, step=1, format=".0f",
    page_range=(0, 200, 1), help="Ad valorem tariff on the imported good.",
)  # fmt: skip
COUNTRY_CONTROL = Control(
    "country", "Importer", "small", kind="radio", options=tuple(COUNTRY_LABELS.items()),
    help="A small country cannot move the world price; a large one can.",
)  # fmt: skip
CONTROLS = (TARIFF_CONTROL, COUNTRY_CONTROL)


def explorer_params(*, tariff_pct: int = 25, max_tariff_pct: int = 200) -> ExplorerParams:
    """Params bound to HTML inputs: the tariff rate in whole percent and the kind of country."""
    tariff = replace(TARIFF_CONTROL, page_range=(0, max_tariff_pct, 1))
    return ExplorerParams(vega_param(tariff, tariff_pct), vega_param(COUNTRY_CONTROL))


def outcome_table(
    market: Mapping,
    tariff_pcts: Iterable[float],
    export_supply_elasticities: Mapping[str, float],
) -> pd.DataFrame:
    """Evaluate the tariff model on a grid: one row per tariff rate and kind of country.

    Parameters
    ----------
    market : mapping
        ``demand``, ``supply`` and ``world_price`` as taken by
        :func:`widgets.models.tariff_outcome`.
    tariff_pcts : iterable of float
        Ad valorem tariff rates in percent.
    export_supply_elasticities : mapping of str to float
        Kind of country (a key of :data:`COUNTRY_LABELS`) to the foreign
        export-supply elasticity (``math.inf`` for a small country).
    """
    rows = []
    for country, elasticity in export_supply_elasticities.items():
        for pct in tariff_pcts:
            outcome = tariff_outcome(
                demand=market["demand"],
                supply=market["supply"],
                world_price=market["world_price"],
                tariff_rate=pct / 100,
                export_supply_elasticity=elasticity,
            )
            values = outcome.as_dict()
            rows.append(
                {"tariff_pct": pct, "country": country}
                | {c: values[c] for c in _COLUMNS}
                | key_number_texts(values)
            )
    return pd.DataFrame(rows)


def drop_repeated_rows(outcomes: pd.DataFrame) -> tuple[pd.DataFrame, tuple[tuple[str, int], ...]]:
    """Leave out, per kind of country, the rows above the last tariff that changes anything.

    Returns the shorter table and, per country, the highest ``tariff_pct`` kept (for
    :attr:`ExplorerParams.last_rows`). Rows count as the same only if every column but
    ``tariff_pct`` is equal, so the page shows exactly the numbers of the full grid.
    """
    columns = [c for c in outcomes.columns if c != "tariff_pct"]
    keep, last_rows = [], []
    for country, group in outcomes.groupby("country", sort=False):
        group = group.sort_values("tariff_pct")
        values = group[columns]
        same_as_next = (values.iloc[:-1].to_numpy() == values.iloc[1:].to_numpy()).all(axis=1)
        last = len(group) - 1
        while last > 0 and same_as_next[last - 1]:
            last -= 1
        keep.append(group.iloc[: last + 1])
        last_rows.append((country, int(group["tariff_pct"].iloc[last])))
    return pd.concat(keep).sort_index(), tuple(last_rows)


def key_number_texts(values: Mapping[str, float]) -> dict[str, str]:
    """The key numbers of one outcome as display strings, in columns ``<field>_text``."""
    return {f"{column}_text": format_number(values[column], fmt) for _, column, fmt in KEY_NUMBERS}


def curve_table(demand, supply, *, price_max: float, points: int = 41) -> pd.DataFrame:
    """Demand and supply curves sampled on prices from 0 to ``price_max``.

    The kinks of straight-line curves (where a quantity reaches zero) are added to
    the samples, so a two-point table of a linear market is still drawn exactly.
    """
    tables = []
    for name, curve in (("Demand", demand), ("Supply", supply)):
        prices = np.linspace(0.0, price_max, points)
        kink = getattr(curve, "choke_price", None)
        if kink is None and isinstance(curve, LinearSupply) and curve.intercept < 0:
            kink = -curve.intercept / curve.slope
        if kink is not None and 0 < kink < price_max:
            prices = np.union1d(prices, [kink])
        quantities = curve.quantity(prices)
        # A constant-elasticity demand is infinite at a zero price: leave such points out.
        keep = np.isfinite(quantities)
        tables.append(
            pd.DataFrame({"curve": name, "price": prices[keep], "quantity": quantities[keep]})
        )
    return pd.concat(tables, ignore_index=True)


def _select(chart: alt.Chart, params: ExplorerParams | None) -> alt.Chart:
    return chart if params is None else chart.transform_filter(params.filter)


# Each welfare area as a band between two prices (y) whose left and right edges (x, x2)
# are straight lines between the quantities at those prices: (name, low price, high price,
# (x, x2) at the low price, (x, x2) at the high price). "0" means quantity zero.
_AREAS = [
    ("Producer surplus gain (A)", "free_trade_price", "domestic_price",
     ("0", "free_trade_supply"), ("0", "quantity_supplied")),
    ("Production distortion (B)", "free_trade_price", "domestic_price",
     ("free_trade_supply", "quantity_supplied"), ("quantity_supplied", "quantity_supplied")),
    ("Tariff revenue (C)", "free_trade_price", "domestic_price",
     ("quantity_supplied", "quantity_demanded"), ("quantity_supplied", "quantity_demanded")),
    ("Consumption distortion (D)", "free_trade_price", "domestic_price",
     ("quantity_demanded", "free_trade_demand"), ("quantity_demanded", "quantity_demanded")),
    ("Terms-of-trade gain (G)", "world_price", "free_trade_price",
     ("quantity_supplied", "quantity_demanded"), ("quantity_supplied", "quantity_demanded")),
]  # fmt: skip


#: The picked row's fields the diagram draws.
_DIAGRAM_FIELDS = ("free_trade_price", "domestic_price", "world_price", "free_trade_supply",
                   "quantity_supplied", "quantity_demanded", "free_trade_demand")  # fmt: skip


def _edge(field: str) -> str:
    return "0" if field == "0" else f"datum.{field}"


def supply_demand_diagram(
    outcomes: pd.DataFrame,
    curves: pd.DataFrame,
    *,
    params: ExplorerParams | None = None,
    price_max: float | None = None,
    quantity_max: float | None = None,
) -> alt.LayerChart:
    """The classic tariff diagram: demand, supply, the prices, and the welfare areas shaded.

    Area A is the producers' gain, B and D the deadweight loss, C the part of the
    tariff revenue paid by domestic buyers and G the part paid by foreign sellers
    (the terms-of-trade gain, zero for a small country).
    """
    price_max = price_max or float(curves["price"].max())
    quantity_max = quantity_max or float(curves["quantity"].max())
    x_scale = alt.Scale(domain=[0, quantity_max], nice=False)
    y_scale = alt.Scale(domain=[0, price_max], nice=False)
    # The legend of the areas, drawn from a table of their names: each area has its colour
    # as a constant, not a colour field (that makes Vega split its two points into a group of
    # their own, with its own marks, on every slider move).
    legend = legend_mark("area", REGION_COLORS, alt.Legend(orient="right", columns=1,
                         labelLimit=260), title="Welfare areas", mark="area",
                         opacity=REGION_OPACITY)  # fmt: skip
    # The picked row's prices and quantities as a row of their own (the sum of one row is
    # its value): the folds below copy these fields, not every column of the grid.
    base = _select(alt.Chart(outcomes), params).transform_aggregate(
        **{field: f"sum({field})" for field in _DIAGRAM_FIELDS}
    )

    areas = []
    for name, low, high, at_low, at_high in _AREAS:
        areas.append(
            base.transform_fold([low, high], as_=["end", "price"])
            .transform_calculate(
                q_left=f"datum.end == '{low}' ? {_edge(at_low[0])} : {_edge(at_high[0])}",
                q_right=f"datum.end == '{low}' ? {_edge(at_low[1])} : {_edge(at_high[1])}",
            )
            # aria=False: the areas' sizes are the key numbers and the bars
            .mark_area(orient="horizontal", opacity=REGION_OPACITY, style=key_style("end"),
                       aria=False)
            .encode(
                y=alt.Y("price:Q", scale=y_scale, title="Price ($ per unit)"),
                x=alt.X("q_left:Q", scale=x_scale, title="Quantity (million units)"),
                x2="q_right:Q",
                color=alt.value(REGION_COLORS[name]),
            )
        )  # fmt: skip

    lines = (
        alt.Chart(curves)
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=alt.X("quantity:Q", scale=x_scale),
            y=alt.Y("price:Q", scale=y_scale),
            detail="curve:N",
            strokeDash=alt.StrokeDash("curve:N", title="Curves", legend=alt.Legend(orient="top")),
            color=alt.value(INK),
        )
    )
    prices = base.transform_fold(
        ["free_trade_price", "domestic_price", "world_price"], as_=["which", "price"]
    ).transform_calculate(
        label=(
            "datum.which == 'free_trade_price' ? 'world price before the tariff'"
            " : datum.which == 'domestic_price' ? 'domestic price' : 'world price with the tariff'"
        )
    )
    # aria=False: the prices are key numbers, and the labels name the lines; invalid=None:
    # the model's prices are finite, so no filter of invalid values (a data set of its own)
    rules = prices.mark_rule(
        strokeDash=[4, 3], color=MID_GREY, style=key_style("which"), aria=False, invalid=None
    ).encode(y=alt.Y("price:Q", scale=y_scale))

    # Labels sit above their line, but the lowest (world price with the tariff) below it;
    # without a terms-of-trade effect the two world prices coincide: label only one. One
    # text mark: its rows' shift (dy) is an expression of the row.
    labels = (
        prices.transform_filter(
            "datum.which != 'world_price' || datum.world_price < datum.free_trade_price - 1e-9"
        )
        .mark_text(align="right", x="width", dx=-9, fontSize=11, color=INK,
                   dy=alt.expr("datum.which == 'world_price' ? 9 : -6"),
                   style=key_style("which"), invalid=None)
        .encode(y=alt.Y("price:Q", scale=y_scale), text="label:N", description="label:N")
    )  # fmt: skip
    return alt.layer(*areas, legend, lines, rules, labels).properties(
        title="Supply, demand and the welfare areas",
        description=(
            "Supply-and-demand diagram of an imported good. Shaded areas show the producer "
            "surplus gain, the production and consumption distortions (deadweight loss), the "
            "tariff revenue and, for a large country, the terms-of-trade gain."
        ),
    )


def welfare_bars(
    outcomes: pd.DataFrame, *, params: ExplorerParams | None = None, value_range=None
) -> alt.Chart:
    """Who gains and who loses: changes in surplus and revenue, in $ million."""
    labels = {column: label for label, column in WELFARE_BARS}
    label_expr = (
        " : ".join(f"datum.who == '{column}' ? '{label}'" for column, label in labels.items())
        + " : ''"
    )
    # Horizontal bars: each label on its own row, so none collides with the next at any
    # width (upright labels under four narrow columns ran together).
    scale = alt.Scale() if value_range is None else alt.Scale(domain=list(value_range))
    x = alt.X("value:Q", title="Change ($ million)", scale=scale, axis=alt.Axis(tickCount=4))
    # the four numbers as a row of their own (sum of one row): the fold copies these only
    return (
        _select(alt.Chart(outcomes), params)
        .transform_aggregate(**{column: f"sum({column})" for column in labels})
        .transform_fold(list(labels), as_=["who", "value"])
        .transform_calculate(group=label_expr)
        .mark_bar(style=key_style("who"), invalid=None)
        .encode(
            y=in_order("group:N", [label for label, _ in WELFARE_BARS], title=None,
                       axis=alt.Axis(labelLimit=120)),
            x=x,
            color=alt.condition("datum.value < 0", alt.value(VERMILLION), alt.value(BLUE)),
            tooltip=[alt.Tooltip("group:N", title="Who"),
                     alt.Tooltip("value:Q", title="$ million", format=",.1f")],
        )
        .properties(
            title="Who gains, who loses",
            width=260,
            height=alt.Step(36),
            description="Bar chart of the change in consumer surplus, producer surplus, "
            "tariff revenue and national welfare caused by the tariff, in millions of dollars.",
        )
    )  # fmt: skip


def key_numbers(outcomes: pd.DataFrame, *, params: ExplorerParams | None = None) -> alt.Chart:
    """The key numbers as text lines that update with the inputs."""
    # The numbers arrive formatted (``*_text`` columns, see key_number_texts), so the
    # page shows exactly the strings the live widget and the chapter's prose show.
    return key_numbers_panel(
        _select(alt.Chart(outcomes), params),
        {f"{column}_text": text_line(label, getattr(alt.datum, f"{column}_text"))
         for label, column, _ in KEY_NUMBERS},
        title="Key numbers",
        width=280,
        description="The key numbers of the tariff: prices, imports and welfare changes.",
    )  # fmt: skip


def tariff_explorer_chart(
    market: Mapping,
    *,
    large_country_export_supply_elasticity: float,
    tariff_pct: int = 25,
    max_tariff_pct: int = 200,
) -> alt.VConcatChart:
    """The website's tariff explorer: the diagram, the bars and the numbers, driven by params.

    The model is evaluated here for every whole-percent tariff from 0 to
    ``max_tariff_pct`` and both kinds of country; the page only picks rows (the rows
    above a prohibitive tariff, all the same, once: :func:`drop_repeated_rows`).
    """
    if not (
        isinstance(market.get("demand"), LinearDemand)
        and isinstance(market.get("supply"), LinearSupply)
    ):
        raise ValueError(
            "market must have LinearDemand and LinearSupply curves: "
            "the diagram draws straight lines"
        )
    outcomes, last_rows = drop_repeated_rows(
        outcome_table(
            market,
            range(0, max_tariff_pct + 1),
            {"small": math.inf, "large": large_country_export_supply_elasticity},
        )
    )
    params = replace(
        explorer_params(tariff_pct=tariff_pct, max_tariff_pct=max_tariff_pct),
        last_rows=last_rows,
    )
    price_max = math.ceil(outcomes["domestic_price"].max() * 1.1 / 10) * 10
    quantity_max = math.ceil(outcomes["free_trade_demand"].max() * 1.3 / 10) * 10
    curves = curve_table(market["demand"], market["supply"], price_max=price_max, points=2)
    bars = welfare_bars(
        outcomes,
        params=params,
        value_range=(
            float(outcomes["consumer_surplus_change"].min()),
            float(outcomes[["producer_surplus_change", "tariff_revenue"]].max().max()),
        ),
    )
    diagram = supply_demand_diagram(
        outcomes, curves, params=params, price_max=price_max, quantity_max=quantity_max
    ).add_params(params.tariff_pct, params.country)
    chart = alt.vconcat(
        diagram, alt.hconcat(bars, key_numbers(outcomes, params=params)),
        usermeta=EMBED,
    ).resolve_legend(color="independent", strokeDash="independent").properties(
        description="Interactive tariff explorer: move the tariff slider and pick the kind "
        "of importing country; the diagram, the bars and the numbers update. The diagram "
        "plots price in dollars per unit (vertical axis) against quantity in million units "
        "(horizontal axis). Notice that in a small country the domestic price rises by the "
        "full tariff, while in a large country foreign sellers bear part of it.",
    )  # fmt: skip
    return chart
