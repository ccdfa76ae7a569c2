"""Charts of a port fee: what it costs per container, next to the freight rate and a tariff.

Builders take tables of model outcomes (:func:`widgets.models.port_fees.port_fee_outcome`,
one row per ship and phase) and return Altair charts; nothing here computes economics
beyond laying the model's numbers out:

* :func:`port_fee_explorer_chart` is the website's calculator. The model is evaluated
  here for every combination of the page's inputs (fee category, schedule year, ship
  size, load factor in steps of 5 points) and Vega-Lite params bound to those inputs
  pick the row to draw, so the page needs no kernel;
* :func:`fee_per_container_bars` and :func:`key_numbers` are its two panels, which the
  live widget also draws for the one row its controls describe;
* :func:`fee_schedule_chart` draws the fee per container by phase for each fee.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

import altair as alt
import pandas as pd

from widgets.charts import kit
from widgets.charts.inputs import Control, vega_params
from widgets.charts.kit import (
    EMBED,
    ParamSet,
    format_number,
    key_numbers_panel,
    text_line,
)
from widgets.charts.theme import BLUE, DARK_GREY, MID_GREY, ORANGE, VERMILLION
from widgets.models import port_fees as _model
from widgets.models.port_fees import (
    CATEGORY_LABELS,
    DEFAULTS,
    SCHEDULE_YEARS,
    VEHICLE_CARRIER,
    port_fee_outcome,
)

__all__ = [
    "EXPLORER_CATEGORIES",
    "EXPLORER_CAPACITIES",
    "EXPLORER_LOAD_PCTS",
    "PHASE_LABELS",
    "PHASE_AXIS_LABEL",
    "FEE_BARS",
    "KEY_NUMBERS",
    "CONTROLS",
    "FeeParams",
    "fee_params",
    "outcome_row",
    "outcome_table",
    "key_number_lines",
    "fee_per_container_bars",
    "key_numbers",
    "port_fee_explorer_chart",
    "SCHEDULE_FEES",
    "schedule_table",
    "fee_schedule_chart",
]

#: Categories offered on the website (Chinese-owned and -operated ships pay the same fee).
EXPLORER_CATEGORIES = {
    "china_operated": "Chinese-owned or -operated (US Annex I)",
    "china_built": "Chinese-built, other operator (US Annex II)",
    "us_linked": "US-linked, calling in China (China's fee)",
    "vehicle_carrier": "Foreign-built car carrier (US Annex III)",
}
#: Ship sizes offered on the website, TEU (4,000 TEU: exempt from Annex II).
EXPLORER_CAPACITIES = (4_000, 8_000, 14_000, 20_000)
#: Load factors offered on the website's slider, percent.
EXPLORER_LOAD_PCTS = tuple(range(50, 101, 5))
#: The phases, as the page labels them.
PHASE_LABELS = {
    2025: "from 14 Oct 2025",
    2026: "from 17 Apr 2026",
    2027: "from 17 Apr 2027",
    2028: "from 17 Apr 2028",
}
#: The schedule chart's x labels: a phase's month and year ("Oct 2025"); written out in
#: full ("from 14 Oct 2025") four of them ran together in a phone's column.
PHASE_AXIS_LABEL = "slice(datum.label, -8)"
#: The calculator's bars, and their axis labels on two lines: one line, the freight
#: rate's label ended in "…" in a phone's column (40% of its width).
FEE_BARS = {
    "Port fee": ["Port fee"],
    "Ocean freight, Shanghai–Los Angeles": ["Ocean freight", "Shanghai–LA"],
}

#: Key numbers shown as text: (label, column). The text columns are made by
#: :func:`key_number_lines` with Python formatting, so page, widget and prose agree.
KEY_NUMBERS = [
    ("Fee per port call", "fee_per_call_text"),
    ("Charged on", "basis_text"),
    ("Fee per 40-foot container", "fee_per_container_text"),
    ("Share of the cargo's value", "share_of_cargo_value_text"),
    ("Share of the ocean freight rate", "share_of_freight_rate_text"),
    ("Tariff on the cargo raising the same revenue", "equivalent_tariff_rate_text"),
]

#: Model fields carried into the chart data (the rest arrive as formatted text).
_FIELDS = [
    "category",
    "schedule_year",
    "capacity_teu",
    "fee_per_container",
    "freight_rate_per_container",
]


def key_number_lines(values: Mapping) -> dict[str, str]:
    """The key numbers of one outcome as display strings (``*_text`` columns).

    Examples
    --------
    >>> from widgets.models.port_fees import port_fee_outcome
    >>> out = port_fee_outcome(category="china_operated", schedule_year=2025, capacity_teu=14_000)
    >>> lines = key_number_lines(out.as_dict())
    >>> lines["fee_per_call_text"], lines["fee_per_container_text"]
    ('$3.45 million', '$580')
    >>> lines["basis_text"]
    'net tonnage: 69,020 NT at $50.00'
    """
    if values["category"] == VEHICLE_CARRIER:
        return _vehicle_carrier_lines(values)
    basis = values["basis_code"]
    if basis == 1:
        basis_text = (
            f"net tonnage: {format_number(values['net_tonnage'], ',.0f')} NT at "
            f"${format_number(values['rate_per_net_ton'], ',.2f')}"
        )
    elif basis == 2:
        basis_text = (
            f"containers discharged: {format_number(values['containers_per_call'], ',.0f')} at "
            f"${format_number(values['rate_per_container'], ',.0f')}"
        )
    elif basis == 3:
        basis_text = "nothing: exempt (4,000 TEU or less)"
    else:
        basis_text = "nothing: no fee applies"
    return {
        "fee_per_call_text": f"${format_number(values['fee_per_call'] / 1e6, ',.2f')} million",
        "basis_text": basis_text,
        "fee_per_container_text": f"${format_number(values['fee_per_container'], ',.0f')}",
        "share_of_cargo_value_text": (
            f"{format_number(values['share_of_cargo_value'], '.2%')} of "
            f"${format_number(values['cargo_value_per_container'], ',.0f')}"
        ),
        "share_of_freight_rate_text": (
            f"{format_number(values['share_of_freight_rate'], '.1%')} of "
            f"${format_number(values['freight_rate_per_container'], ',.0f')}"
        ),
        "equivalent_tariff_rate_text": format_number(values["equivalent_tariff_rate"], ".2%"),
        "freight_rate_text": f"${format_number(values['freight_rate_per_container'], ',.0f')}",
    }


#: What the per-container lines say for a car carrier.
_NOT_CONTAINERS = "not applicable: a car carrier carries cars, not containers"


def _vehicle_carrier_lines(values: Mapping) -> dict[str, str]:
    """Key numbers of a vehicle carrier (US Annex III): the fee per call on its net tonnage;
    no per-container numbers. ``values`` without a ``fee_per_call`` is a phase the book's
    sources give no Annex III rate for.

    Examples
    --------
    >>> from widgets.models.port_fees import port_fee_outcome
    >>> out = port_fee_outcome(category="vehicle_carrier", schedule_year=2025, capacity_teu=1)
    >>> lines = key_number_lines(out.as_dict())
    >>> lines["fee_per_call_text"], lines["basis_text"]
    ('$0.92 million', 'net tonnage: 20,000 NT (illustrative) at $46.00')
    """
    if "fee_per_call" not in values:
        none = "no Annex III rate for this phase in the book's sources"
        fee_text, basis_text = none, none
    else:
        fee_text = f"${format_number(values['fee_per_call'] / 1e6, ',.2f')} million"
        basis_text = (
            f"net tonnage: {format_number(values['net_tonnage'], ',.0f')} NT (illustrative) at "
            f"${format_number(values['rate_per_net_ton'], ',.2f')}"
        )
    return {
        "fee_per_call_text": fee_text,
        "basis_text": basis_text,
        "fee_per_container_text": _NOT_CONTAINERS,
        "share_of_cargo_value_text": _NOT_CONTAINERS,
        "share_of_freight_rate_text": _NOT_CONTAINERS,
        "equivalent_tariff_rate_text": _NOT_CONTAINERS,
        "freight_rate_text": f"${format_number(values['freight_rate_per_container'], ',.0f')}",
    }


def _no_rate_row(category: str, year: int, capacity: float, freight: float, **extra) -> dict:
    """A grid row for a phase the model has no rate for (Annex III after 2025): the page
    then says so instead of drawing nothing."""
    values = {
        "category": category,
        "schedule_year": year,
        "capacity_teu": capacity,
        "fee_per_container": float("nan"),
        "freight_rate_per_container": freight,
    }
    return extra | values | _vehicle_carrier_lines(values)


def outcome_row(outcome, **extra) -> dict:
    """One chart row: the model's fields, their display strings and any ``extra`` keys."""
    values = outcome.as_dict()
    return extra | {f: values[f] for f in _FIELDS} | key_number_lines(values)


def outcome_table(
    *,
    categories: Iterable[str] = tuple(EXPLORER_CATEGORIES),
    schedule_years: Iterable[int] = SCHEDULE_YEARS,
    capacities: Iterable[float] = EXPLORER_CAPACITIES,
    load_pcts: Iterable[int] = EXPLORER_LOAD_PCTS,
    **model_inputs,
) -> pd.DataFrame:
    """Evaluate the port-fee model on the website's grid of inputs.

    Parameters
    ----------
    categories, schedule_years, capacities, load_pcts : iterables
        The values each input of the page can take (load factor in whole percent).
    **model_inputs
        Further arguments of :func:`widgets.models.port_fees.port_fee_outcome`
        (net tons per TEU, cargo value, freight rate, ...), the same for every row.
    """
    rows = []
    freight = model_inputs.get("freight_rate_per_container", DEFAULTS["freight_rate_per_container"])
    for category in categories:
        for year in schedule_years:
            for capacity in capacities:
                for pct in load_pcts:
                    if category == VEHICLE_CARRIER and year not in _model.ANNEX_III_USD_PER_NET_TON:
                        rows.append(_no_rate_row(category, year, capacity, freight, load_pct=pct))
                        continue
                    outcome = port_fee_outcome(
                        category=category,
                        schedule_year=year,
                        capacity_teu=capacity,
                        load_factor=pct / 100,
                        **model_inputs,
                    )
                    rows.append(outcome_row(outcome, load_pct=pct))
    return pd.DataFrame(rows)


#: The calculator's inputs, declared once for the page and the live widget. The page
#: picks rows of a grid (:func:`outcome_table`), so it offers some of the live values:
#: four kinds of ship, four sizes and load factors in steps of 5 points. (For a car
#: carrier the page uses the model's illustrative net tonnage; size and load do not matter.)
CONTROLS = (
    Control("fee_category", "Ship", "china_operated", kind="select",
            options=tuple(CATEGORY_LABELS.items()), page_options=tuple(EXPLORER_CATEGORIES),
            page_labels=EXPLORER_CATEGORIES, live_name="category",
            help="Who owns, operates or built the ship, which decides the fee."),
    Control("fee_year", "Phase of the schedule", 2025, kind="select",
            options=tuple(PHASE_LABELS.items()), page_options=tuple(SCHEDULE_YEARS),
            live_name="schedule_year", help="The fees rise in each phase."),
    Control("fee_capacity", "Ship size (TEU)", 14_000, kind="number", min=500, max=30_000,
            step=500, page_options=EXPLORER_CAPACITIES, page_select=True,
            page_labels={c: f"{c:,} TEU" for c in EXPLORER_CAPACITIES},
            live_name="capacity_teu", help="Capacity in twenty-foot containers."),
    Control("fee_load_pct", "Load factor (%)", round(DEFAULTS["load_factor"] * 100), min=5,
            max=100, step=1, format=".0f", page_range=(50, 100, 5), live_name="load_pct",
            help="The share of the ship's capacity that is loaded."),
)  # fmt: skip


@dataclass(frozen=True)
class FeeParams(ParamSet):
    """The website calculator's params: fee category, phase, ship size and load factor."""

    ROWS: ClassVar[dict[str, str]] = {
        "category": "category", "schedule_year": "phase", "capacity_teu": "capacity",
        "load_pct": "load_pct",
    }  # fmt: skip
    category: alt.Parameter
    phase: alt.Parameter
    capacity: alt.Parameter
    load_pct: alt.Parameter


def fee_params(
    *,
    category: str = "china_operated",
    year: int = 2025,
    capacity: int = 14_000,
    load_pct: int = 85,
) -> FeeParams:
    """Params bound to HTML inputs (from :data:`CONTROLS`): radio buttons, a select and a
    slider."""
    values = dict(fee_category=category, fee_year=year, fee_capacity=capacity,
                  fee_load_pct=load_pct)  # fmt: skip
    return FeeParams(*vega_params(CONTROLS, **values).values())


def _select(chart: alt.Chart, params: FeeParams | None) -> alt.Chart:
    return chart if params is None else chart.transform_filter(params.filter)


def fee_per_container_bars(
    outcomes: pd.DataFrame, *, params: FeeParams | None = None, x_max: float | None = None
) -> alt.LayerChart:
    """Two bars in dollars per 40-foot box: the port fee and the ocean freight rate.

    The fee's label also gives the ad valorem tariff that would raise the same revenue.
    """
    x_max = x_max or float(
        max(outcomes["fee_per_container"].max(), outcomes["freight_rate_per_container"].max()) * 1.6
    )
    order = list(FEE_BARS)
    base = (
        _select(alt.Chart(outcomes), params)
        .transform_fold(["fee_per_container", "freight_rate_per_container"], as_=["what", "usd"])
        .transform_calculate(
            item=f"datum.what == 'fee_per_container' ? '{order[0]}' : '{order[1]}'",
            label=(
                "datum.what == 'fee_per_container' ? datum.fee_per_container_text + "
                "' (a ' + datum.equivalent_tariff_rate_text + ' tariff)' : datum.freight_rate_text"
            ),
        )
    )
    lines = " : ".join(
        f"datum.label == {json.dumps(item, ensure_ascii=False)} ? "
        f"{json.dumps(shown, ensure_ascii=False)}"
        for item, shown in FEE_BARS.items()
    )
    # bars and labels keyed by what they show (kit.key_style): each move picks another
    # grid row, and without a key Vega made every bar and label anew
    y = kit.in_order("item:N", order, title=None,
                     axis=alt.Axis(labelLimit=260, labelExpr=f"{lines} : datum.label"))
    x = alt.X(
        "usd:Q",
        title="US dollars per 40-foot container",
        scale=alt.Scale(domain=[0, x_max], nice=False),
        stack=None,  # one bar per row: no stack (in the page it ran on every move)
    )
    bars = base.mark_bar(height=34, style=kit.key_style("what")).encode(
        y=y,
        x=x,
        color=alt.Color(
            "item:N",
            legend=None,
            scale=alt.Scale(domain=order, range=[VERMILLION, BLUE]),
        ),
        tooltip=[alt.Tooltip("item:N", title="Item"), alt.Tooltip("usd:Q", format=",.0f")],
    )
    labels = base.mark_text(align="left", dx=5, fontSize=13, color=DARK_GREY,
                            style=kit.key_style("what")).encode(
        y=y, x=x, text="label:N"
    )
    return alt.layer(bars, labels).properties(
        title="The fee and the freight rate, per 40-foot container",
        width=520,
        height=110,
        description=(
            "Horizontal bar chart comparing the port fee per 40-foot container with the ocean "
            "freight rate from Shanghai to Los Angeles, in US dollars."
        ),
    )


def key_numbers(outcomes: pd.DataFrame, *, params: FeeParams | None = None) -> alt.Chart:
    """The key numbers as text lines that update with the inputs."""
    return key_numbers_panel(
        _select(alt.Chart(outcomes), params),
        {column: text_line(label, getattr(alt.datum, column)) for label, column in KEY_NUMBERS},
        title="Key numbers",
        width=520,
        description="The port fee per call and per container, as a share of the cargo's "
        "value and of the freight rate, and the tariff that would raise the same revenue.",
    )


def port_fee_explorer_chart(
    *,
    category: str = "china_operated",
    year: int = 2025,
    capacity: int = 14_000,
    load_pct: int = 85,
    **model_inputs,
) -> alt.VConcatChart:
    """The website's port-fee calculator: pick a ship and a phase, read the fee per box.

    The model is evaluated on the whole grid of the page's inputs (see
    :func:`outcome_table`); Vega-Lite params pick the row.
    """
    params = fee_params(category=category, year=year, capacity=capacity, load_pct=load_pct)
    outcomes = outcome_table(**model_inputs)
    return (
        alt.vconcat(
            fee_per_container_bars(outcomes, params=params).add_params(*params.all),
            key_numbers(outcomes, params=params),
            usermeta=EMBED,
        )
        .resolve_scale(color="independent")
        .properties(
            description="Interactive port-fee calculator: choose the kind of ship, the phase of "
            "the schedule, the ship's size and its load factor; the bars and the numbers update. "
            "The bars compare the fee per 40-foot container with the ocean freight rate, in US "
            "dollars. Notice that a fee charged per net ton, a fixed sum for each call, weighs "
            "more on every container when the ship is less full.",
        )
    )


#: The fees of the schedule chart: (category, label, colour), in legend order.
SCHEDULE_FEES = [
    ("china_operated", "US Annex I (Chinese-owned or -operated ships)", VERMILLION),
    ("china_built", "US Annex II (Chinese-built ships)", ORANGE),
    ("us_linked", "China's fee (US-linked ships)", BLUE),
]


def schedule_table(*, capacity_teu: float = 14_000, **model_inputs) -> pd.DataFrame:
    """Fee per 40-foot container by phase for each fee, for one ship (model outcomes)."""
    rows = []
    for category, label, _ in SCHEDULE_FEES:
        for year in SCHEDULE_YEARS:
            out = port_fee_outcome(
                category=category, schedule_year=year, capacity_teu=capacity_teu, **model_inputs
            )
            rows.append(
                {
                    "fee": label,
                    "category": category,
                    "schedule_year": year,
                    "phase": PHASE_LABELS[year],
                    "fee_per_container": out.fee_per_container,
                    "share_of_cargo_value": out.share_of_cargo_value,
                }
            )
    return pd.DataFrame(rows)


def fee_schedule_chart(table: pd.DataFrame, *, freight_rate: float | None = None) -> alt.LayerChart:
    """Lines: the fee per 40-foot container in each phase, one line per fee.

    A dashed line marks the freight rate, for scale.
    """
    freight_rate = DEFAULTS["freight_rate_per_container"] if freight_rate is None else freight_rate
    x = alt.X(
        "phase:O",
        sort=list(PHASE_LABELS.values()),
        title="Phase of the schedule (from 14 Oct 2025, then each 17 Apr)",
        axis=alt.Axis(labelAngle=0, labelExpr=PHASE_AXIS_LABEL),
    )
    lines = (
        alt.Chart(table)
        .mark_line(point=alt.OverlayMarkDef(size=60), strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("fee_per_container:Q", title="US dollars per 40-foot container"),
            color=alt.Color(
                "fee:N",
                title=None,
                scale=alt.Scale(
                    domain=[label for _, label, _ in SCHEDULE_FEES],
                    range=[colour for _, _, colour in SCHEDULE_FEES],
                ),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=400),
            ),
            tooltip=[
                alt.Tooltip("fee:N"),
                alt.Tooltip("phase:O"),
                alt.Tooltip("fee_per_container:Q", title="$ per box", format=",.0f"),
                alt.Tooltip("share_of_cargo_value:Q", title="share of cargo value", format=".2%"),
            ],
        )
    )
    rule_data = pd.DataFrame(
        {"usd": [freight_rate], "label": ["spot freight rate Shanghai–Los Angeles, 23 Oct 2025"]}
    )
    rule = alt.Chart(rule_data).mark_rule(strokeDash=[5, 4], color=MID_GREY).encode(y="usd:Q")
    rule_text = (
        alt.Chart(rule_data)
        .mark_text(align="left", dy=-7, x=4, fontSize=11, color=MID_GREY)
        .encode(y="usd:Q", text="label:N")
    )
    return alt.layer(lines, rule, rule_text, usermeta=EMBED).properties(
        title="Fee per 40-foot container, by phase (had the fees not been suspended)",
        width=520,
        height=280,
        description=(
            "Line chart of the fee per 40-foot container for US Annex I, US Annex II and China's "
            "fee in each phase from October 2025 to April 2028, with the October 2025 freight "
            "rate as a dashed line. Horizontal axis: the phase of the schedule; vertical axis: "
            "US dollars per container. Notice that every fee rises from phase to phase."
        ),
    )
