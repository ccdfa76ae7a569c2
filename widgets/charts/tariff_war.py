"""Charts of the tariff-wars chapter: national welfare against the tariff (the optimal
tariff), the best responses of two countries in a tariff war, and the effective rate of
protection.

Builders take tables of model outcomes (:mod:`widgets.models.tariff_war`,
:mod:`widgets.models.protection`) and return Altair charts; nothing here computes
economics except through the model's own functions and formulas. Both views of each
explorer use them:

* the **website** passes the whole grid and lets Vega-Lite params (declared once in
  :data:`OPTIMAL_CONTROLS` and :data:`ERP_CONTROLS`) pick the rows, or evaluates the
  model's formula in the page (:func:`widgets.models.protection.erp_formula`);
* the **live widget** passes the rows for the values its controls hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd

from widgets.charts.inputs import Control, vega_params
from widgets.charts.kit import (
    VegaBackend,
    format_expr,
    format_number,
    key_numbers_panel,
    over_key_numbers,
    pick_row,
    text_line,
)
from widgets.charts.theme import BLUE, GREEN, INK, MID_GREY, VERMILLION
from widgets.models.protection import erp_formula
from widgets.models.tariff_war import (
    ImportMarket,
    best_response_rate,
    iso_welfare_partner_rate,
    optimal_tariff_rate,
    revenue_maximising_tariff_rate,
    tariff_war,
    tariff_welfare,
)

__all__ = [
    "ELASTICITIES",
    "WAR_ELASTICITIES",
    "WAR_CONTROLS",
    "WAR_KEY_NUMBERS",
    "war_tables",
    "best_response_chart",
    "OPTIMAL_CONTROLS",
    "ERP_CONTROLS",
    "welfare_table",
    "markers_table",
    "optimal_tariff_chart",
    "erp_chart",
]

#: Foreign export-supply elasticities the reader can choose (at the free-trade point).
ELASTICITIES = (1.5, 2.0, 3.0, 5.0, 10.0, 25.0)

#: Who gains and who loses, as the welfare chart draws them: (label, column, colour).
SERIES = (
    ("Importing country (net)", "home", BLUE),
    ("Foreign exporters", "foreign", VERMILLION),
    ("World", "world", INK),
)

OPTIMAL_CONTROLS = (
    Control(
        "elasticity", "Foreign export-supply elasticity", 3.0, kind="select",
        options=tuple((e, f"{e:g}") for e in ELASTICITIES),
        help="How strongly foreign sellers cut what they offer when their price falls.",
    ),
    Control(
        "tariff_pct", "Tariff rate (%)", 30, min=0, max=200, step=5, format="d",
        help="The importing country's ad valorem tariff.",
    ),
)  # fmt: skip

#: Export-supply elasticities the reader can give each country's partner in the tariff war.
WAR_ELASTICITIES = (1.5, 2.0, 3.0, 5.0, 10.0)

WAR_CONTROLS = (
    Control(
        "home_elasticity", "Export-supply elasticity into Home", 3.0, kind="select",
        options=tuple((e, f"{e:g}") for e in WAR_ELASTICITIES),
        help="How strongly Foreign's exporters cut what they send to Home when their price "
        "falls: the lower, the more market power Home has.",
    ),
    Control(
        "foreign_elasticity", "Export-supply elasticity into Foreign", 3.0, kind="select",
        options=tuple((e, f"{e:g}") for e in WAR_ELASTICITIES),
        help="How strongly Home's exporters cut what they send to Foreign when their price "
        "falls: the lower, the more market power Foreign has.",
    ),
)  # fmt: skip

#: The tariffs the best-response diagram spans (percent), and its grid step.
WAR_MAX_PCT = 100
WAR_STEP_PCT = 4

#: The best-response diagram's curves: (label, colour, dash).
WAR_SERIES = (
    ("Home's best response", BLUE, [1, 0]),
    ("Foreign's best response", VERMILLION, [1, 0]),
    ("Home as well off as at the Nash point", BLUE, [6, 4]),
    ("Foreign as well off as at the Nash point", VERMILLION, [6, 4]),
)

#: The key numbers of the tariff war, by column of :func:`war_tables`'s summary (text).
WAR_KEY_NUMBERS = {
    "nash_text": "Nash tariffs (Home, Foreign)",
    "home_text": "Home's welfare change at the Nash point ($ million)",
    "foreign_text": "Foreign's welfare change at the Nash point ($ million)",
    "verdict": "Compared with free trade",
}

ERP_CONTROLS = (
    Control("output_tariff_pct", "Tariff on the product (%)", 0, min=0, max=100, step=1,
            format="d", help="The tariff on the finished good, e.g. a car or an appliance."),
    Control("input_tariff_pct", "Tariff on the input (%)", 50, min=0, max=100, step=1,
            format="d", help="The tariff on the imported input, e.g. steel."),
    Control("input_share_pct", "Input's share of the price (%)", 30, min=0, max=90, step=1,
            format="d", help="The input's cost as a share of the product's free-trade price."),
)  # fmt: skip

#: The key numbers, by column: (label, format). The three marked tariffs, then each side's
#: welfare change at the chosen tariff.
KEY_NUMBERS = {
    "optimal_pct": ("Optimal tariff (%)", ".1f"),
    "revenue_pct": ("Revenue-maximising tariff (%)", ".1f"),
    "prohibitive_pct": ("Prohibitive tariff (%)", ".1f"),
    "home": ("Importer's welfare change at the chosen tariff ($ million)", ",.1f"),
    "foreign": ("Foreign exporters' change ($ million)", ",.1f"),
    "world": ("World change ($ million)", ",.1f"),
}

#: The welfare axis: fixed, so that switching elasticities shows the curves move.
Y_DOMAIN = (-1500, 600)


def _market(market: Mapping, elasticity: float) -> ImportMarket:
    return ImportMarket(market["demand"], market["supply"], market["world_price"], elasticity)


def welfare_table(
    market: Mapping, elasticities: Iterable[float], tariff_pcts: Iterable[int]
) -> pd.DataFrame:
    """Welfare changes on a grid: one row per elasticity and tariff (whole percent).

    ``market`` holds ``demand``, ``supply`` and ``world_price`` (e.g.
    :data:`widgets.models.examples.CLASSROOM_MARKET`).
    """
    rows = []
    for e in elasticities:
        m = _market(market, float(e))
        for pct in tariff_pcts:
            w = tariff_welfare(m, pct / 100)
            rows.append(
                {"elasticity": float(e), "tariff_pct": int(pct), "home": w.home_welfare_change,
                 "foreign": w.foreign_welfare_change, "world": w.world_welfare_change,
                 "revenue": w.tariff_revenue}
            )  # fmt: skip
    return pd.DataFrame(rows)


def markers_table(market: Mapping, elasticities: Iterable[float]) -> pd.DataFrame:
    """The optimal, revenue-maximising and prohibitive tariffs (percent), per elasticity."""
    rows = []
    for e in elasticities:
        m = _market(market, float(e))
        rows.append(
            {"elasticity": float(e), "optimal_pct": 100 * optimal_tariff_rate(m),
             "revenue_pct": 100 * revenue_maximising_tariff_rate(m),
             "prohibitive_pct": 100 * m.prohibitive_rate()}
        )  # fmt: skip
    return pd.DataFrame(rows)


def optimal_tariff_chart(
    welfare: pd.DataFrame,
    markers: pd.DataFrame,
    *,
    static: bool = True,
    elasticity: float | None = None,
    tariff_pct: int | None = None,
    width: int = 460,
) -> alt.VConcatChart:
    """Welfare against the tariff, with the optimal, revenue-maximising and prohibitive
    tariffs marked, and the key numbers at the chosen tariff.

    ``static=True`` (the website): ``welfare`` holds the whole grid and params bound to a
    select (the elasticity) and a slider (the tariff) pick what is drawn. ``static=False``
    (the live widget): ``welfare`` and ``markers`` hold one elasticity's rows.
    """
    chosen_values = {"elasticity": elasticity, "tariff_pct": tariff_pct}
    params = vega_params(
        OPTIMAL_CONTROLS, **{k: v for k, v in chosen_values.items() if v is not None}
    )
    tariff_pct = params["tariff_pct"].param.value
    e_param, t_param = params["elasticity"], params["tariff_pct"]
    who = " : ".join(f"datum.series == {c!r} ? {label!r}" for label, c, _ in SERIES[:-1])
    long = (
        alt.Chart(welfare)
        .transform_fold([c for _, c, _ in SERIES], as_=["series", "change"])
        .transform_calculate(who=f"{who} : {SERIES[-1][0]!r}")
    )
    colour = alt.Color(
        "who:N", title=None,
        scale=alt.Scale(domain=[s[0] for s in SERIES], range=[s[2] for s in SERIES]),
    )  # fmt: skip
    lines = (
        long.mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=alt.X("tariff_pct:Q", title="Tariff rate (%)",
                    scale=alt.Scale(domain=[0, int(welfare.tariff_pct.max())], nice=False)),
            y=alt.Y("change:Q", title="Welfare change from free trade ($ million)",
                    scale=alt.Scale(domain=list(Y_DOMAIN))),
            color=colour,
            tooltip=[alt.Tooltip("tariff_pct:Q", title="Tariff (%)"), alt.Tooltip("who:N"),
                     alt.Tooltip("change:Q", title="Change ($ m)", format=",.1f")],
        )
    )  # fmt: skip
    rules_data = markers.melt(
        id_vars=["elasticity"], value_vars=["optimal_pct", "revenue_pct", "prohibitive_pct"],
        var_name="marker", value_name="pct",
    ).assign(label=lambda d: d.marker.map({"optimal_pct": "optimal", "revenue_pct": "max revenue",
                                           "prohibitive_pct": "prohibitive"}))  # fmt: skip
    rules_data = rules_data[rules_data.pct <= welfare.tariff_pct.max()]
    rules = alt.Chart(rules_data).mark_rule(strokeDash=[4, 3], color=MID_GREY).encode(x="pct:Q")
    labels = (
        alt.Chart(rules_data)
        .mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-2, fontSize=12,
                   color=MID_GREY)
        .encode(x="pct:Q", y=alt.value(0), text="label:N")
    )  # fmt: skip
    chosen = long.mark_point(size=70, filled=True).encode(
        x="tariff_pct:Q", y="change:Q", color=colour
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color=GREEN, opacity=0.6).encode(y="y:Q")
    keep_e = f"datum.elasticity == {e_param.name}"
    keep_t = pick_row({"tariff_pct": t_param})
    if static:
        lines, rules, labels = (c.transform_filter(keep_e) for c in (lines, rules, labels))
        chosen = chosen.transform_filter(f"{keep_e} && {keep_t}")
    else:
        chosen = chosen.transform_filter(f"datum.tariff_pct == {int(tariff_pct)}")
    panel = (
        alt.layer(zero, lines, rules, labels, chosen)
        .properties(width=width, height=300,
                    title="National welfare and the tariff (classroom market, large country)")
    )  # fmt: skip

    base = alt.Chart(welfare).transform_lookup(
        lookup="elasticity",
        from_=alt.LookupData(
            markers, "elasticity", ["optimal_pct", "revenue_pct", "prohibitive_pct"]
        ),
    )
    if static:
        base = base.transform_filter(f"{keep_e} && {keep_t}")
    else:
        base = base.transform_filter(f"datum.tariff_pct == {int(tariff_pct)}")
    numbers = key_numbers_panel(
        base,
        {f"k{i}": text_line(label, format_expr(getattr(alt.datum, field), fmt))
         for i, (field, (label, fmt)) in enumerate(KEY_NUMBERS.items())},
        title="Key numbers", width=width,
        description="The optimal, revenue-maximising and prohibitive tariffs for the chosen "
        "elasticity, and each side's welfare change at the chosen tariff.",
    )  # fmt: skip
    return over_key_numbers(
        panel,
        numbers,
        description=(
            "Line chart: the change in national welfare of a large importing country, of the "
            "foreign exporters and of the world as the tariff rises from 0 to 200 percent, "
            "with dashed rules at the optimal, revenue-maximising and prohibitive tariffs."
        ),
        params=(e_param, t_param) if static else (),
    )


def _war_summary(e_home: float, e_foreign: float, war) -> dict:
    t_h, t_f = (100 * t for t in war.nash_tariff_rates)
    w_h, w_f = war.punishment
    if w_h < 0 and w_f < 0:
        verdict = "both lose: a prisoner's dilemma"
    elif w_h >= 0 > w_f:
        verdict = "Home wins the war, Foreign loses"
    elif w_f >= 0 > w_h:
        verdict = "Foreign wins the war, Home loses"
    else:
        verdict = "neither loses"
    return {
        "home_elasticity": e_home, "foreign_elasticity": e_foreign, "zero": 0,
        "home_nash_pct": t_h, "foreign_nash_pct": t_f, "home_nash": w_h, "foreign_nash": w_f,
        "nash_text": f"{format_number(t_h, '.1f')}%, {format_number(t_f, '.1f')}%",
        "home_text": format_number(w_h, ",.0f"), "foreign_text": format_number(w_f, ",.0f"),
        "verdict": verdict,
    }  # fmt: skip


def war_tables(
    market: Mapping, home_elasticities: Iterable[float], foreign_elasticities: Iterable[float]
) -> pd.DataFrame:
    """The best-response diagram's rows: one per pair of elasticities.

    Two like countries import the good of ``market`` from each other; ``home_elasticity``
    is the export-supply elasticity of Foreign's sellers in Home's market and
    ``foreign_elasticity`` that of Home's sellers in Foreign's. Each row holds the Nash
    tariffs (= the best responses, percent), each country's welfare change there, the
    key numbers' text, and each country's curve through the Nash point as arrays of
    tariffs in percent, rounded to 0.01 (``home_curve_h`` and ``home_curve_f``: Home's
    tariff every :data:`WAR_STEP_PCT` points and the Foreign tariff that leaves Home as
    well off as at the Nash point; ``foreign_curve_h`` and ``foreign_curve_f`` the same
    for Foreign, along Foreign's tariff).
    """
    pcts = range(0, WAR_MAX_PCT + 1, WAR_STEP_PCT)
    rows = []
    for e_h in home_elasticities:
        for e_f in foreign_elasticities:
            home, foreign = _market(market, float(e_h)), _market(market, float(e_f))
            war = tariff_war(home, foreign)
            row = _war_summary(float(e_h), float(e_f), war)
            row["home_best_pct"] = 100 * best_response_rate(home, foreign, 0.0)
            row["foreign_best_pct"] = 100 * best_response_rate(foreign, home, 0.0)
            curves = {"home": ([], []), "foreign": ([], [])}
            for pct in pcts:
                for side, own, partner, level in (
                    ("home", home, foreign, war.punishment[0]),
                    ("foreign", foreign, home, war.punishment[1]),
                ):
                    other = 100 * iso_welfare_partner_rate(own, partner, pct / 100, level)
                    if other == other and other <= WAR_MAX_PCT:  # not nan, inside the box
                        curves[side][0].append(float(pct))
                        curves[side][1].append(round(other, 2))
            row["home_curve_h"], row["home_curve_f"] = curves["home"]
            row["foreign_curve_f"], row["foreign_curve_h"] = curves["foreign"]
            rows.append(row)
    return pd.DataFrame(rows)


def best_response_chart(
    war: pd.DataFrame, *, static: bool = True, width: int = 460
) -> alt.VConcatChart:
    """The two countries' best responses, their welfare curves through the Nash point,
    the Nash point and free trade, with the key numbers below.

    ``war`` is :func:`war_tables`. ``static=True`` (the website): it holds every pair of
    elasticities and two selects (:data:`WAR_CONTROLS`) pick one row. ``static=False``
    (the live widget): it holds one row.
    """
    params = vega_params(WAR_CONTROLS)
    base = alt.Chart(war)
    if static:
        base = base.transform_filter(pick_row(params))
    scale = alt.Scale(domain=[0, WAR_MAX_PCT], nice=False)
    x = alt.X("h:Q", title="Home's tariff on Foreign's goods (%)", scale=scale)
    y = alt.Y("f:Q", title="Foreign's tariff on Home's goods (%)", scale=scale)
    labels = [label for label, _, _ in WAR_SERIES]
    colour = alt.Color(
        "series:N", title=None, sort=labels,
        scale=alt.Scale(domain=labels, range=[c for _, c, _ in WAR_SERIES]),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
    )  # fmt: skip
    dash = alt.StrokeDash(
        "series:N", sort=labels, legend=None,
        scale=alt.Scale(domain=labels, range=[d for _, _, d in WAR_SERIES]),
    )  # fmt: skip
    (br_h, _, _), (br_f, _, _), (iso_h, _, _), (iso_f, _, _) = WAR_SERIES
    home_best = (
        base.transform_calculate(series=repr(br_h), h="datum.home_best_pct")
        .mark_rule(strokeWidth=2.5)
        .encode(x=x, color=colour, strokeDash=dash)
    )
    foreign_best = (
        base.transform_calculate(series=repr(br_f), f="datum.foreign_best_pct")
        .mark_rule(strokeWidth=2.5)
        .encode(y=y, color=colour, strokeDash=dash)
    )
    home_curve = (
        base.transform_flatten(["home_curve_h", "home_curve_f"], as_=["h", "f"])
        .transform_calculate(series=repr(iso_h))
        .mark_line(strokeWidth=2, clip=True)
        .encode(x=x, y=y, order="h:Q", color=colour, strokeDash=dash)
    )
    foreign_curve = (
        base.transform_flatten(["foreign_curve_h", "foreign_curve_f"], as_=["h", "f"])
        .transform_calculate(series=repr(iso_f))
        .mark_line(strokeWidth=2, clip=True)
        .encode(x=x, y=y, order="f:Q", color=colour, strokeDash=dash)
    )
    points = base.transform_fold(["home_nash_pct", "zero"], as_=["point", "unused"])
    points = points.transform_calculate(
        h="datum.point == 'zero' ? 0 : datum.home_nash_pct",
        f="datum.point == 'zero' ? 0 : datum.foreign_nash_pct",
        label="datum.point == 'zero' ? 'Free trade' : 'Nash'",
    )
    dots = points.mark_point(filled=True, size=90, color=INK, opacity=1).encode(x=x, y=y)
    names = points.mark_text(align="left", dx=7, dy=-9, fontSize=13, color=INK).encode(
        x=x, y=y, text="label:N"
    )
    panel = alt.layer(home_best, foreign_best, home_curve, foreign_curve, dots, names).properties(
        width=width, height=width, title="Best responses in a tariff war (classroom market)"
    )
    numbers = key_numbers_panel(
        base,
        {f"k{i}": text_line(label, getattr(alt.datum, field))
         for i, (field, label) in enumerate(WAR_KEY_NUMBERS.items())},
        title="Key numbers", width=width,
        description="The Nash tariffs, each country's welfare change there from free trade, "
        "and who loses.",
    )  # fmt: skip
    return over_key_numbers(
        panel,
        numbers,
        description=(
            "Diagram of the two tariffs, Home's on the horizontal axis and Foreign's on the "
            "vertical, from 0 to 100 percent: Home's best response is a vertical line at its "
            "optimal tariff, Foreign's a horizontal line at its own; they cross at the Nash "
            "point. Dashed curves join the tariff pairs that leave each country as well off "
            "as at the Nash point: pairs below Home's curve are better for Home, pairs left "
            "of Foreign's better for Foreign. Notice that with like countries free trade, at "
            "the origin, lies inside both."
        ),
        params=tuple(params.values()) if static else (),
    )


def erp_chart(*, width: int = 460) -> alt.VConcatChart:
    """The effective-rate-of-protection calculator: three sliders, the formula evaluated in
    the page (the model's own :func:`~widgets.models.protection.erp_formula`), a bar of the
    nominal tariff against the effective rate."""
    params = vega_params(ERP_CONTROLS)
    xp = VegaBackend()
    erp_formula(
        xp,
        output_tariff=params["output_tariff_pct"] / 100,
        input_tariff=params["input_tariff_pct"] / 100,
        input_share=params["input_share_pct"] / 100,
    )
    base = alt.Chart(pd.DataFrame({"row": [0]}), transform=xp.transforms)
    bars_data = base.transform_calculate(
        nominal="datum.output_tariff * 100", effective="datum.erp * 100"
    ).transform_fold(["nominal", "effective"], as_=["measure", "pct"])
    labels = {"nominal": "Nominal tariff on the product", "effective": "Effective protection"}
    bars = (
        bars_data.transform_calculate(
            label=f"datum.measure == 'nominal' ? {labels['nominal']!r} : {labels['effective']!r}"
        )
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=list(labels.values())),
            x=alt.X("pct:Q", title="Percent", scale=alt.Scale(domain=[-150, 150], clamp=True)),
            color=alt.condition("datum.pct < 0", alt.value(VERMILLION), alt.value(BLUE)),
        )
        .properties(width=width, height=90, title="Nominal and effective protection")
    )  # fmt: skip
    numbers = key_numbers_panel(
        base,
        {"k0": text_line("Value added at free-trade prices (% of price)",
                         format_expr(alt.datum.value_added * 100, ".0f")),
         "k1": text_line("Effective rate of protection (%)",
                         format_expr(alt.datum.erp * 100, ",.1f"))},
        title="Key numbers", width=width,
        description="Value added and the effective rate of protection at the chosen settings.",
    )  # fmt: skip
    return over_key_numbers(
        bars,
        numbers,
        description=(
            "Bar chart: the nominal tariff on a product against the effective rate of "
            "protection of the value added in making it, given a tariff on an imported "
            "input and that input's share of the price. Sliders set all three."
        ),
        params=tuple(params.values()),
    )
