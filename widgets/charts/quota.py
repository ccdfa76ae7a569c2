"""The quota explorer's chart: a tariff, an import quota, a voluntary export restraint or a
tariff-rate quota in the classroom market, before and after demand grows.

The quota (of each quota mode) is set at the imports a chosen tariff lets in before
demand grows, so at zero growth every mode gives the tariff's home price; the reader then
lets demand grow and sees the quota's price climb while the tariff's stays. Each row of
:func:`quota_table` comes from the model (:mod:`widgets.models.quota`,
:func:`widgets.models.tariff.tariff_outcome`); both views use it:

* the **website** embeds the whole grid and Vega-Lite params (declared once in
  :data:`QUOTA_CONTROLS`) pick the row;
* the **live widget** passes the one row for the values its controls hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd

from widgets.charts.inputs import Control, vega_params
from widgets.charts.kit import (
    format_expr,
    in_order,
    key_numbers_panel,
    key_style,
    over_key_numbers,
    text_line,
)
from widgets.charts.theme import BLUE, GREEN, MID_GREY, VERMILLION
from widgets.models.curves import LinearDemand
from widgets.models.quota import quota_outcome, tariff_rate_quota_outcome
from widgets.models.tariff import tariff_outcome

__all__ = [
    "POLICIES",
    "QUOTA_CONTROLS",
    "QUOTA_KEY_NUMBERS",
    "QUOTA_BARS",
    "QUOTA_BAR_LINES",
    "RATES_LABEL",
    "rates_text",
    "RATES_UNUSED",
    "grown_market",
    "regime_text",
    "quota_row",
    "quota_table",
    "quota_chart",
]

#: The policies the reader can choose: (value, label).
POLICIES = (
    ("tariff", "Tariff"),
    ("quota", "Import quota, licences to home importers"),
    ("ver", "Voluntary export restraint"),
    ("trq", "Tariff-rate quota"),
)

#: The tariff-rate quota's rates at the start; under every other policy they stay there,
#: locked (they would move nothing).
TRQ_RATES = {"in_pct": 0, "out_pct": 60}

QUOTA_CONTROLS = (
    Control(
        "policy", "Policy", "quota", kind="select", options=POLICIES,
        help="A tariff, or a quota on the quantity imported: its licences held by home "
        "importers, by foreign exporters (a voluntary export restraint), or a tariff-rate quota.",
        sets={policy: TRQ_RATES for policy, _ in POLICIES if policy != "trq"},
    ),
    Control(
        "tariff_pct", "Tariff, or the tariff whose imports the quota allows (%)", 20,
        min=0, max=60, step=10, format="d",
        help="Under a tariff, its rate. Under a quota, the quota is what this tariff lets in "
        "before demand grows.",
    ),
    Control(
        "growth_pct", "Growth in demand (% of free-trade demand)", 0, min=0, max=30, step=10,
        format="d",
        help="Home buyers want this much more at every price (a parallel shift of demand).",
    ),
    Control(
        "in_pct", "Tariff-rate quota: in-quota rate (%)", TRQ_RATES["in_pct"], min=0, max=20,
        step=20, format="d",
        help="The rate on imports within the quota (tariff-rate quota only).",
    ),
    Control(
        "out_pct", "Tariff-rate quota: over-quota rate (%)", TRQ_RATES["out_pct"], min=0,
        max=100, step=20,
        format="d",
        help="The rate on imports beyond the quota (tariff-rate quota only); a rate below the "
        "in-quota rate counts as equal to it.",
    ),
)  # fmt: skip

#: What sets the home price, by the model's ``binding`` and the policy.
REGIMES = {
    "tariff": "the tariff",
    "free trade": "the world price (the quota does not bind)",
    "quota": "the quota (imports are capped)",
    "in-quota rate": "the in-quota rate (imports within the quota)",
    "over-quota rate": "the over-quota rate (imports exceed the quota)",
}

#: The key numbers, by column of :func:`quota_table`: (label, format; ``""`` for the regime,
#: stored as its index in :data:`REGIMES` to keep the page small).
QUOTA_KEY_NUMBERS = dict(
    price=("Home price ($)", ",.2f"),
    tariff_price=("Home price under the tariff itself ($)", ",.2f"),
    imports=("Imports (million units)", ",.1f"),
    regime=("What sets the price", ""),
    welfare=("National welfare change ($ million)", ",.1f"),
)

#: The last key number: the TRQ's rates as applied (an over-quota rate below the in-quota
#: rate counts as equal to it). The page writes it from the params, so every input shows.
RATES_LABEL = "Tariff-rate quota's rates, in and beyond the quota"
#: That line under the other policies (their rate sliders are locked: see ``sets``).
RATES_UNUSED = "not used under this policy"


def rates_text(in_pct: float, out_pct: float, policy: str = "trq") -> str:
    """The TRQ's rates as applied, e.g. ``'0% and 60%'``; under another ``policy``,
    :data:`RATES_UNUSED`."""
    if policy != "trq":
        return RATES_UNUSED
    return f"{in_pct:g}% and {max(in_pct, out_pct):g}%"


#: The bars, by column: (label, colour). $ million a year, from free trade with the same
#: demand.
QUOTA_BARS = {
    "revenue": ("Tariff revenue (government)", BLUE),
    "rent_home": ("Quota rent kept at home", GREEN),
    "rent_abroad": ("Quota rent to foreign exporters", VERMILLION),
    "dwl": ("Deadweight loss", MID_GREY),
}
#: The bars' axis labels, on two lines where one would end in "…" in a phone's column
#: (40% of its width); the tooltip and the live widget keep the labels above.
QUOTA_BAR_LINES = {
    "Tariff revenue (government)": ["Tariff revenue", "(government)"],
    "Quota rent kept at home": ["Quota rent", "kept at home"],
    "Quota rent to foreign exporters": ["Quota rent to", "foreign exporters"],
}


def grown_market(market: Mapping, growth_pct: float) -> dict:
    """``market`` with demand shifted out by ``growth_pct`` percent of free-trade demand at
    every price (same slope)."""
    d = market["demand"]
    extra = growth_pct / 100 * float(d.quantity(market["world_price"]))
    return dict(market, demand=LinearDemand(intercept=d.intercept + extra, slope=d.slope))


def quota_row(
    market: Mapping,
    policy: str,
    tariff_pct: float,
    growth_pct: float,
    in_pct: float = 0,
    out_pct: float = 0,
) -> dict:
    """One row of the explorer: the model's outcome for one policy and one setting.

    The quota of the quota modes is the imports of a ``tariff_pct`` tariff in ``market``
    (before growth); a TRQ's over-quota rate below its in-quota rate counts as equal.
    """
    grown = grown_market(market, growth_pct)
    tariff = tariff_outcome(**grown, tariff_rate=tariff_pct / 100)
    quota = tariff_outcome(**market, tariff_rate=tariff_pct / 100).imports
    row = {"policy": policy, "tariff_pct": tariff_pct, "growth_pct": growth_pct,
           "in_pct": in_pct, "out_pct": out_pct}  # fmt: skip
    if policy == "tariff":
        out = tariff
        revenue, rent_home, rent_abroad, regime = tariff.tariff_revenue, 0.0, 0.0, "tariff"
        price, welfare = tariff.domestic_price, tariff.net_welfare_change
    else:
        if policy == "trq":
            out = tariff_rate_quota_outcome(
                **grown, import_quota=quota, in_quota_rate=in_pct / 100,
                over_quota_rate=max(in_pct, out_pct) / 100,
            )  # fmt: skip
        elif policy in ("quota", "ver"):
            rent_to = "exporters" if policy == "ver" else "importers"
            out = quota_outcome(**grown, import_quota=quota, rent_to=rent_to)
        else:
            raise ValueError(f"policy must be one of {[p for p, _ in POLICIES]}, got {policy!r}")
        revenue, rent_abroad = out.tariff_revenue, out.foreign_rent
        rent_home = out.quota_rent - out.foreign_rent
        price, welfare, regime = out.domestic_price, out.home_welfare_change, out.binding
    dwl = -(out.consumer_surplus_change + out.producer_surplus_change + revenue
            + rent_home + rent_abroad)  # fmt: skip
    row |= {"price": price, "tariff_price": tariff.domestic_price, "imports": out.imports,
            "revenue": revenue,
            "rent_home": rent_home, "rent_abroad": rent_abroad, "dwl": dwl, "welfare": welfare,
            "regime": list(REGIMES).index(regime)}  # fmt: skip
    return row


def regime_text(row: Mapping) -> str:
    """What sets the price, in words, for a row of :func:`quota_table`."""
    return list(REGIMES.values())[int(row["regime"])]


def _values(control: Control) -> list:
    return list(range(int(control.min), int(control.max) + 1, int(control.step)))


def quota_table(
    market: Mapping,
    policies: Iterable[str] | None = None,
    digits: int | None = 2,
) -> pd.DataFrame:
    """The page's grid: every policy, tariff and growth on the controls' stops, and for the
    TRQ every in- and over-quota rate. Numbers rounded to ``digits`` decimals (to keep the
    page small; ``None`` keeps them whole)."""
    c = {control.name: control for control in QUOTA_CONTROLS}
    rows = []
    for policy in policies or [p for p, _ in POLICIES]:
        trq = policy == "trq"
        for t in _values(c["tariff_pct"]):
            for g in _values(c["growth_pct"]):
                for i in _values(c["in_pct"]) if trq else [0]:
                    for o in _values(c["out_pct"]) if trq else [0]:
                        rows.append(quota_row(market, policy, t, g, i, o))
    frame = pd.DataFrame(rows)
    if digits is not None:
        numbers = ["price", "tariff_price", "imports", "revenue", "rent_home",
                   "rent_abroad", "dwl", "welfare"]  # fmt: skip
        frame[numbers] = frame[numbers].round(digits) + 0.0  # no "-0"
    return frame


def quota_chart(table: pd.DataFrame, *, static: bool = True, width: int = 460):
    """Bars of the tariff revenue, the quota rent (at home or abroad) and the deadweight loss,
    with the key numbers below.

    ``static=True`` (the website): ``table`` is the whole grid and the params pick the row.
    ``static=False`` (the live widget): ``table`` holds the one row to draw.
    """
    params = vega_params(QUOTA_CONTROLS)
    base = alt.Chart(table)
    if static:
        i, o = params["in_pct"].name, params["out_pct"].name
        rates = (f"({params['policy'].name} == 'trq' ? toString({i}) + '% and ' + "
                 f"toString(max({i}, {o})) + '%' : {RATES_UNUSED!r})")  # fmt: skip
    else:
        (row,) = table.to_dict("records")
        rates = json.dumps(rates_text(row["in_pct"], row["out_pct"], row["policy"]))
    if static:
        p = {name: param.name for name, param in params.items()}
        base = base.transform_filter(
            f"datum.policy == {p['policy']} && datum.tariff_pct == {p['tariff_pct']} && "
            f"datum.growth_pct == {p['growth_pct']} && (datum.policy != 'trq' || "
            f"(datum.in_pct == {p['in_pct']} && datum.out_pct == {p['out_pct']}))"
        )
    labels = [label for label, _ in QUOTA_BARS.values()]
    who = " : ".join(f"datum.measure == {c!r} ? {label!r}" for c, (label, _) in
                     list(QUOTA_BARS.items())[:-1])  # fmt: skip
    lines = " : ".join(f"datum.label == {json.dumps(label)} ? {json.dumps(shown)}"
                       for label, shown in QUOTA_BAR_LINES.items())
    bars = (
        base.transform_fold(list(QUOTA_BARS), as_=["measure", "amount"])
        .transform_calculate(label=f"{who} : {labels[-1]!r}")
        # keyed by measure (kit.key_style): each move picks another grid row and folds it
        # anew, and without a key Vega made every bar anew
        .mark_bar(style=key_style("measure"))
        .encode(
            y=in_order("label:N", labels, title=None,
                       axis=alt.Axis(labelLimit=220, labelExpr=f"{lines} : datum.label")),
            x=alt.X("amount:Q", title="$ million a year",
                    scale=alt.Scale(domain=[0, 5000], clamp=True)),
            color=alt.Color("label:N", legend=None, scale=alt.Scale(
                domain=labels, range=[colour for _, colour in QUOTA_BARS.values()])),
            tooltip=[alt.Tooltip("label:N", title="What"),
                     alt.Tooltip("amount:Q", title="$ million", format=",.1f")],
        )
        .properties(width=width, height=130,
                    title="Who collects the gap, and what is lost (classroom market)")
    )  # fmt: skip
    numbers = key_numbers_panel(
        base,
        {f"k{i}": text_line(label, format_expr(getattr(alt.datum, field), fmt)
                            if fmt else f"{json.dumps(list(REGIMES.values()))}[datum.{field}]")
         for i, (field, (label, fmt)) in enumerate(QUOTA_KEY_NUMBERS.items())}
        | {"rates": text_line(RATES_LABEL, rates)},
        title="Key numbers", width=width,
        description="The home price under the chosen policy and under the tariff itself, "
        "imports, what sets the price, the national welfare change from free trade, and the "
        "tariff-rate quota's rates as applied.",
    )  # fmt: skip
    return over_key_numbers(
        bars,
        numbers,
        description=(
            "Bar chart: under the chosen policy, the tariff revenue, the quota rent kept at "
            "home, the quota rent that goes to foreign exporters and the deadweight loss, in "
            "$ million a year compared with free trade, with the home price, imports and the "
            "national welfare change below. The quota is set at what the chosen tariff lets in "
            "before demand grows."
        ),
        params=tuple(params.values()) if static else (),
        controls=QUOTA_CONTROLS if static else (),  # the policy locks the TRQ's rates
    )
