"""Charts of trade diversion: imports by partner before and after a tariff change, the
change split into creation and diversion, a flow picture of imports into the US, and
the key numbers, with a band across the elasticities found in the literature.

The website explorer has four continuous inputs and a preset menu, too many for a grid
of outcomes, so the page computes the model itself: the model's own formula
(:func:`widgets.models.smart.smart_formula`, and the WITS SMART one beside it) through
the Vega backend (:func:`smart_transforms`). ``tests/test_trade_diversion_charts.py``
runs those transforms in real Vega against the Python model. The live widget uses the
same builders with ``params=None``: the inputs are then plain numbers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import altair as alt
import pandas as pd

from widgets.charts.inputs import Control, page_behaviour, vega_param
from widgets.charts.kit import (
    EMBED,
    VegaBackend,
    format_expr,
    in_order,
    key_numbers_panel,
    key_style,
    text_line,
    vega,
)
from widgets.charts.theme import BLUE, GREEN, GREY, NEAR_BLACK, VERMILLION
from widgets.data import load
from widgets.models.smart import smart_formula, smart_outcome
from widgets.models.smart_wits import wits_formula, wits_smart_outcome

__all__ = [
    "PARTNERS", "PRESETS", "CONTROLS", "band_from_data", "elasticities_from_data",
    "smart_comparison", "partner_baseline", "model_rows", "ExplorerInputs", "explorer_params",
    "smart_transforms", "model_transforms", "imports_chart",
    "decomposition_chart", "flow_chart", "key_numbers_chart", "trade_diversion_chart",
]  # fmt: skip

#: Partners of the explorer, in display order ("Rest of world" = all others).
PARTNERS = [
    "China", "Mexico", "Canada", "Germany", "Japan", "Vietnam",
    "South Korea", "Taiwan", "India", "Rest of world",
]  # fmt: skip

#: Tariff regimes (additional US tariff on a Chinese List 3 good, and the across-the-board
#: tariff on everyone else, in percent). Sources: data resource us_tariff_stack_oct2025
#: and the chapter's table of regimes.
PRESETS = {
    "before2018": ("Before 2018", 0, 0),
    "may2019": ("From May 2019 (List 3 at 25%)", 25, 0),
    "april2025": ("April 2025 peak", 170, 10),
    "geneva": ("After Geneva (14 May 2025)", 55, 10),
    "busan": ("After Busan (10 Nov 2025)", 45, 10),
    "ruling": ("After the Supreme Court ruling (from 24 Feb 2026)", 35, 10),
}

#: The explorer's inputs, declared once for the page and the live widget.
CONTROLS = (
    Control("preset", "Tariff regime", "sliders", kind="select",
            options=(("sliders", "Use the sliders"),
                     *((key, label) for key, (label, _, _) in PRESETS.items())),
            help="A historical tariff regime, or the two sliders below.",
            sets={key: {"china_pct": china, "others_pct": others}
                  for key, (_, china, others) in PRESETS.items()}),
    Control("china_pct", "Tariff on China (%)", 45, min=0, max=200, step=1, format=".0f",
            help="Additional US tariff on a Chinese List 3 good."),
    Control("others_pct", "Tariff on everyone else (%)", 10, min=0, max=100, step=1,
            format=".0f", help="Across-the-board US tariff on every other partner."),
    Control("eps", "Import-demand elasticity ε", 1.0, min=0.2, max=3, step=0.1, format=".1f",
            help="Percentage fall in total imports for a 1% rise in their price index."),
    Control("sigma", "Substitution elasticity σ", 2.5, min=0.5, max=8, step=0.1,
            format=".1f", help="How readily buyers switch between partners' goods."),
    Control("method", "Method", "ces", kind="select",
            options=(("ces", "This book: CES price index"), ("smart", "WITS SMART formulas")),
            help="The book's model, or the WITS SMART tool's formulas for creation and diversion."),
)  # fmt: skip

#: The baseline regime (2024): List 3 goods from China at 25%, nothing extra on others.
BASELINE_CHINA_PCT = 25
BASELINE_OTHERS_PCT = 0


@dataclass(frozen=True)
class Band:
    """Low and high elasticities of the uncertainty band (corners of a rectangle)."""

    import_demand: tuple[float, float]
    substitution: tuple[float, float]

    def corners(self) -> list[tuple[str, float, float]]:
        (e0, e1), (s0, s1) = self.import_demand, self.substitution
        return [("lo_lo", e0, s0), ("lo_hi", e0, s1), ("hi_lo", e1, s0), ("hi_hi", e1, s1)]


def elasticities_from_data() -> dict[str, dict[str, float]]:
    """The two elasticities of the data resource ``trade_elasticities``: for ``eps`` (total
    imports) and ``sigma`` (between suppliers), their ``value``, ``low`` and ``high``."""
    params = load("trade_elasticities").set_index("parameter")
    rows = {"eps": "aggregate_import_demand_elasticity",
            "sigma": "between_supplier_substitution_elasticity"}  # fmt: skip
    return {
        key: {col: float(params.loc[row, col]) for col in ("value", "low", "high")}
        for key, row in rows.items()
    }


@functools.cache
def band_from_data() -> Band:
    """The band: each elasticity from its low to its high value in the data resource
    ``trade_elasticities`` (ε 0.5 to 1.1, σ 2.5 to 5.2), read on first use."""
    e = elasticities_from_data()
    return Band((e["eps"]["low"], e["eps"]["high"]), (e["sigma"]["low"], e["sigma"]["high"]))


def partner_baseline(year: int = 2024) -> pd.DataFrame:
    """US goods imports by partner in ``year`` ($ billion), with "Rest of world".

    China comes from the resource ``us_china_goods_trade``, the other partners and
    the world total from ``us_imports_by_partner``; "Rest of world" is the total
    minus the named partners. Only 2024 has every partner and the total.
    """
    other = load("us_imports_by_partner")
    other = other[other["year"] == year].set_index("partner")["us_imports"].astype(float)
    china = load("us_china_goods_trade").set_index("year").loc[year, "us_imports_from_china"]
    named = [p for p in PARTNERS if p not in ("China", "Rest of world")]
    missing = [p for p in [*named, "World"] if p not in other.index]
    if missing:
        raise ValueError(f"year {year} lacks imports for {', '.join(missing)}")
    values = [float(china)] + [float(other[p]) for p in named]
    values.append(float(other["World"]) - sum(values))
    return pd.DataFrame({"partner": PARTNERS, "baseline_imports": values})


def _scenario(baseline: pd.DataFrame, china_pct, others_pct, eps, sigma) -> dict:
    """The model's inputs for the explorer's settings, from the baseline tariffs."""
    partners = list(baseline["partner"])
    china = [p == "China" for p in partners]
    return dict(
        partners=partners,
        baseline_imports=list(baseline["baseline_imports"]),
        old_tariffs=[(BASELINE_CHINA_PCT if c else BASELINE_OTHERS_PCT) / 100 for c in china],
        new_tariffs=[(china_pct if c else others_pct) / 100 for c in china],
        import_demand_elasticity=eps,
        substitution_elasticity=sigma,
    )


def explorer_outcome(
    baseline: pd.DataFrame, *, china_pct, others_pct, eps, sigma, method: str = "ces"
):
    """The model's outcome for the explorer's inputs, on the partners of ``baseline``
    (from :func:`partner_baseline`), starting from the baseline tariffs: the book's CES
    model (``method="ces"``) or the WITS SMART formulas (``"smart"``)."""
    kw = _scenario(baseline, china_pct, others_pct, eps, sigma)
    if method == "smart":
        return wits_smart_outcome(**kw, partner="China")
    if method != "ces":
        raise ValueError(f"method must be 'ces' or 'smart', got {method!r}")
    return smart_outcome(**kw)


def smart_comparison(
    baseline: pd.DataFrame, *, china_pct: float, others_pct: float, eps: float, sigma: float
) -> pd.DataFrame:
    """The book's CES model beside the WITS SMART formulas, per partner ($ billion).

    Columns: ``partner``, ``ces_creation``, ``ces_diversion``, ``ces_change`` and the
    same three for SMART (``smart_*``), from the 2024 baseline tariffs.
    """
    kw = _scenario(baseline, china_pct, others_pct, eps, sigma)
    ces, wits = smart_outcome(**kw), wits_smart_outcome(**kw, partner="China")
    return pd.DataFrame(
        {
            "partner": kw["partners"],
            "ces_creation": ces.trade_creation,
            "ces_diversion": ces.trade_diversion,
            "ces_change": ces.change,
            "smart_creation": wits.trade_creation,
            "smart_diversion": wits.trade_diversion,
            "smart_change": wits.change,
        }
    )


def model_rows(baseline: pd.DataFrame, band: Band | None = None) -> pd.DataFrame:
    """Data of the explorer: one row per partner and scenario.

    Scenario ``chosen`` takes its elasticities from the inputs; the four band
    corners carry their own (``eps_fixed``, ``sigma_fixed``).
    """
    band = band_from_data() if band is None else band
    rows = []
    scenarios = [("chosen", None, None), *band.corners()]
    for scenario, eps, sigma in scenarios:
        for order, rec in enumerate(baseline.itertuples(index=False)):
            china = rec.partner == "China"
            rows.append(
                {
                    "scenario": scenario,
                    "order": order,
                    "partner": rec.partner,
                    "china": 1 if china else 0,
                    "m0": rec.baseline_imports,
                    "t0": (BASELINE_CHINA_PCT if china else BASELINE_OTHERS_PCT) / 100,
                    "eps_fixed": eps,
                    "sigma_fixed": sigma,
                }
            )
    return pd.DataFrame(rows)


# --- inputs ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExplorerInputs:
    """The explorer's inputs: Vega expressions of params (website) or numbers (live widget)."""

    china_pct: object
    others_pct: object
    eps: object
    sigma: object
    params: tuple = ()
    method: object = "ces"

    @classmethod
    def fixed(cls, *, china_pct: float, others_pct: float, eps: float, sigma: float,
              method: str = "ces"):  # fmt: skip
        """Inputs written into the expressions as numbers (the live widget's charts)."""
        return cls(float(china_pct), float(others_pct), float(eps), float(sigma), method=method)

    @property
    def smart(self):
        """True (or a Vega expression that is true) when the SMART formulas are shown."""
        return self.method == "smart"


def explorer_params(
    *, china_pct: int = 45, others_pct: int = 10, eps: float = 1.0, sigma: float = 2.5
) -> ExplorerInputs:
    """Vega-Lite params bound to HTML inputs (from :data:`CONTROLS`), and expressions
    reading them.

    A preset menu picks a historical regime; its first option, "Use the sliders",
    hands the tariffs to the two sliders.
    """
    values = {"china_pct": china_pct, "others_pct": others_pct, "eps": eps, "sigma": sigma}
    preset, china, others, eps_param, sigma_param, method = (
        vega_param(control, values.get(control.name)) for control in CONTROLS
    )

    def pick(index: int, slider):
        expression = slider
        for key, value in reversed(PRESETS.items()):
            expression = alt.expr.if_(preset == key, value[index], expression)
        return expression

    return ExplorerInputs(
        china_pct=pick(1, china),
        others_pct=pick(2, others),
        eps=eps_param,
        sigma=sigma_param,
        params=(preset, china, others, eps_param, sigma_param, method),
        method=method,
    )


# --- the model in the page: widgets.models.smart.smart_formula through the Vega backend ---
def smart_transforms(inputs: ExplorerInputs) -> list[dict]:
    """Vega-Lite transforms computing :func:`widgets.models.smart.smart_outcome`.

    The inputs become the fields ``e``, ``s`` and ``t1``; the model's own formula
    (:func:`widgets.models.smart.smart_formula`) computes the rest. Every scenario (the
    reader's and the band's corners) is computed separately (``groupby: scenario``), and
    the band across them (:func:`_band_transforms`: ``m1_low`` ... ``total1_high``).

    The band needs the corners' ``m1`` and ``total1`` only: after it, a filter keeps the
    reader's rows alone unless SMART is shown, for the rest of the CES formula (revenue,
    welfare) and WITS SMART's (:func:`widgets.models.smart_wits.wits_formula`).
    """
    xp = VegaBackend(groupby=["scenario"])
    d = alt.datum
    f = xp.record()
    f.e = alt.expr.if_(d.scenario == "chosen", inputs.eps, d.eps_fixed)
    f.s = alt.expr.if_(d.scenario == "chosen", inputs.sigma, d.sigma_fixed)
    f.t1 = alt.expr.if_(d.china == 1, inputs.china_pct, inputs.others_pct) / 100
    smart_formula(xp, d.m0, d.t0, f.t1, eps=f.e, sigma=f.s)
    cut = 1 + next(i for i, step in enumerate(xp.transforms) if step.get("as") == "m1")
    band, rest = [*xp.transforms[:cut], *_band_transforms("c_", "")], xp.transforms[cut:]
    # A copy of the CES fields: the method switch below overwrites the shown fields in
    # place, and Vega re-runs only that switch when the method alone changes.
    copies = [{"calculate": f"datum.{field}", "as": f"c_{field}"} for field in SHOWN]
    only = {"filter": vega(inputs.smart | (d.scenario == "chosen"))
            if not isinstance(inputs.smart, bool)
            else "true" if inputs.smart else "datum.scenario == 'chosen'"}  # fmt: skip
    xp = VegaBackend(groupby=["scenario"])  # WITS SMART; the method input picks what is shown
    wits_formula(xp, d.m0, d.t0, d.t1, eps=d.e, sigma=d.s, focus=d.china)
    wits = [*xp.transforms, *_band_transforms("w_", "w_")]
    xp = VegaBackend(groupby=["scenario"])
    for field in (*SHOWN, *BAND):
        xp.calculate(
            field, xp.where(inputs.smart, getattr(d, f"w_{field}"), getattr(d, f"c_{field}"))
        )
    xp.calculate("m1_share", d.m1 / d.total1)
    return [*band, only, *rest, *copies, *wits, *xp.transforms]


#: The model's fields the method input switches between the CES model and WITS SMART.
SHOWN = ("m1", "creation", "diversion", "change", "total1", "revenue1")
#: The band's fields: the lowest and highest imports and total across the corners.
BAND = ("m1_low", "m1_high", "total1_low", "total1_high")


def _band_transforms(prefix: str, source: str) -> list[dict]:
    """Per partner: the lowest and highest new imports (and total) over the band's corners,
    from the fields with ``source`` into ones with ``prefix`` (``c_`` CES, ``w_`` SMART)."""
    corner = [{"calculate": f"datum.scenario == 'chosen' ? null : datum.{source}{x}",
               "as": f"{prefix}{x}_band"} for x in ("m1", "total1")]  # fmt: skip
    ends = [{"op": op, "field": f"{prefix}{x}_band", "as": f"{prefix}{x}_{end}"}
            for x in ("m1", "total1") for op, end in (("min", "low"), ("max", "high"))]  # fmt: skip
    return [*corner, {"joinaggregate": ends, "groupby": ["partner"]}]


def model_transforms(inputs: ExplorerInputs) -> list[dict]:
    """The model, its band, the filter keeping the reader's scenario and what the charts
    draw from it (:data:`DIVERSION_START`, :data:`FLOW_LABEL`): every transform the charts
    share, applied once at the top of the explorer's spec. In the page the rows stay the
    same objects, updated in place on a move: no chart adds a field of its own (Vega would
    copy every row, with the formula's 90 fields) and no step regroups them (an aggregate
    made new rows on every move, so every mark not keyed was drawn again).
    """
    chosen = {"filter": "datum.scenario == 'chosen'"}
    drawn = [*({"calculate": repr(effect), "as": field} for effect, field in EFFECT_FIELDS.items()),
             {"calculate": DIVERSION_START, "as": "diversion_start"},
             {"calculate": "datum.diversion_start + datum.diversion", "as": "diversion_end"},
             {"calculate": FLOW_LABEL, "as": "label"}]  # fmt: skip
    return [*smart_transforms(inputs), chosen, *drawn]


def _model_base(rows: pd.DataFrame | None, inputs: ExplorerInputs) -> alt.Chart:
    """A chart of the model's rows; with ``rows=None`` it inherits data and transforms
    from the enclosing explorer (computed once for all four charts)."""
    if rows is None:
        return alt.Chart()
    return alt.Chart(rows, transform=model_transforms(inputs))


_PARTNER_Y = in_order("partner:N", PARTNERS, title=None)
#: The marks on the model's rows draw them as they are (the model's numbers are finite): no
#: data set of their own per mark, whose filter of invalid values Vega runs on every move.
ROWS = {"invalid": None}
#: A partner's label on the flow picture: its name and the change in its imports, in $ bn.
FLOW_LABEL = (
    "datum.partner + ' ' + (round(datum.change) < 0 ? '\u2212' : '+') + '$'"
    " + format(abs(datum.change), ',.0f') + ' bn'"
)


def imports_chart(
    rows: pd.DataFrame | None, inputs: ExplorerInputs, *, x_max: float, baseline: pd.DataFrame
) -> alt.LayerChart:
    """Imports by partner before (grey) and after (blue), with the elasticity band.

    The grey bars draw ``baseline`` (:func:`partner_baseline`), not the model's rows: they
    never change, so a slider move leaves them alone (their tooltip gives the baseline; the
    blue bar's gives the baseline, the imports after and the band)."""
    base = _model_base(rows, inputs)
    scale = alt.Scale(domain=[0, x_max], clamp=True)
    tooltip = [
        alt.Tooltip("partner:N", title="Partner"),
        alt.Tooltip("m0:Q", title="Baseline 2024 ($ billion)", format=",.1f"),
        alt.Tooltip("m1:Q", title="After ($ billion)", format=",.1f"),
        alt.Tooltip("m1_low:Q", title="Band: low", format=",.1f"),
        alt.Tooltip("m1_high:Q", title="Band: high", format=",.1f"),
    ]
    before = alt.Chart(baseline).mark_bar(height=18, color=GREY).encode(
        y=_PARTNER_Y,
        # stack=None: one bar per row needs no stack
        x=alt.X("baseline_imports:Q", title="US imports ($ billion a year)", scale=scale,
                stack=None),
        tooltip=[tooltip[0], alt.Tooltip("baseline_imports:Q",
                                         title="Baseline 2024 ($ billion)", format=",.1f")],
    )  # fmt: skip
    after = base.mark_bar(height=8, color=BLUE, **ROWS).encode(
        y=_PARTNER_Y, x=alt.X("m1:Q", scale=scale, stack=None), tooltip=tooltip
    )
    # aria=False: the band's ends are in the blue bar's description (its tooltip fields)
    band = base.mark_rule(color=NEAR_BLACK, strokeWidth=2, aria=False, **ROWS).encode(
        y=_PARTNER_Y, x=alt.X("m1_low:Q", scale=scale), x2="m1_high:Q"
    )
    return alt.layer(before, after, band).properties(
        name="td_imports",
        title=alt.Title(
            "Imports by partner",
            subtitle=[
                "grey: 2024 baseline; blue: after the change;",
                "black line: range across elasticities from the literature",
            ],
        ),
        width=330,
        height=330,
        description="Horizontal bar chart of US imports from ten partners before and after "
        "the tariff change, with a line showing the range of the result across elasticities.",
    )


#: Each effect's name as a constant field of the rows, set once when they are made (not a
#: calculate per chart: see :func:`model_transforms`), for the legend of the two bars.
EFFECT_FIELDS = {"Trade creation": "effect_creation", "Trade diversion": "effect_diversion"}
#: Where a partner's diversion bar starts: at the end of its creation bar when both go the
#: same way, else at zero (Vega's "zero" stack of creation, then diversion).
DIVERSION_START = "(datum.diversion < 0) == (datum.creation < 0) ? datum.creation : 0"


def decomposition_chart(
    rows: pd.DataFrame | None, inputs: ExplorerInputs, *, extent: float
) -> alt.LayerChart:
    """The change in imports by partner, split into trade creation and trade diversion:
    the diversion bar stacked on the creation bar (:data:`DIVERSION_START`).

    Two bar marks on the partners' rows, not one mark on the rows folded by effect and
    stacked: in the page the fold and the stack made new rows on every slider move."""
    base = _model_base(rows, inputs)
    scale = alt.Scale(domain=[-extent, extent / 3], clamp=True)
    colour = alt.Scale(domain=["Trade creation", "Trade diversion"], range=[VERMILLION, GREEN])
    partner = alt.Tooltip("partner:N", title="Partner")

    def bars(effect: str, label: str, start, end):
        # keyed by partner (kit.key_style): a move updates the drawn bars, not makes them;
        # the effect's name is a constant field of the rows (EFFECT_FIELDS)
        return base.mark_bar(style=key_style("partner"), **ROWS).encode(
            y=_PARTNER_Y, x=alt.X(start, scale=scale, title="Change in imports ($ billion)"),
            x2=end,
            color=alt.Color(f"{EFFECT_FIELDS[label]}:N", scale=colour, title=None,
                            legend=alt.Legend(orient="bottom", direction="horizontal")),
            tooltip=[partner, alt.Tooltip(f"{effect}:Q", title=f"{label} ($ billion)",
                                          format=",.1f")],
        )  # fmt: skip

    creation = bars("creation", "Trade creation", "creation:Q", alt.X2(datum=0))
    diversion = bars("diversion", "Trade diversion", "diversion_start:Q", "diversion_end:Q")
    return alt.layer(creation, diversion).properties(
        name="td_decomposition",
        title=alt.Title("Creation and diversion",
                        subtitle="diversion moves imports; creation shrinks the total"),
        width=300,
        height=330,
        description="Diverging bar chart: for each partner, the change in US imports "
        "caused by trade creation (all imports dearer) and by trade diversion "
        "(switching between suppliers).",
    )  # fmt: skip


def flow_chart(
    rows: pd.DataFrame | None, inputs: ExplorerInputs, *, width_max: float
) -> alt.LayerChart:
    """Imports flowing into the United States: one line per partner, as thick as its imports."""
    # The lines' fixed ends are constants of the encoding (datum), not fields: a field added
    # to the rows makes the page copy them on every slider move.
    base = _model_base(rows, inputs)
    # aria=False: a line's imports are the blue bar's (imports chart), its change the label's
    lines = base.mark_rule(opacity=0.7, strokeCap="round", aria=False, **ROWS).encode(
        x=alt.X(datum=0, axis=None, scale=alt.Scale(domain=[-0.45, 1.15])),
        x2=alt.X2(datum=1),
        y=alt.Y("order:Q", axis=None, scale=alt.Scale(domain=[-0.5, len(PARTNERS) - 0.5],
                                                      reverse=True)),
        y2=alt.Y2(datum=(len(PARTNERS) - 1) / 2),
        strokeWidth=alt.StrokeWidth("m1:Q", legend=None,
                                    scale=alt.Scale(domain=[0, width_max], range=[0, 26])),
        color=alt.condition("datum.change < 0", alt.value(VERMILLION), alt.value(BLUE)),
        tooltip=[alt.Tooltip("partner:N", title="Partner"),
                 alt.Tooltip("m1:Q", title="Imports after ($ billion)", format=",.1f"),
                 alt.Tooltip("change:Q", title="Change ($ billion)", format="+,.1f")],
    )  # fmt: skip
    names = (
        # keyed by partner (kit.key_style): the labels are updated, not made again
        base.mark_text(align="right", dx=-6, fontSize=12, style=key_style("partner"), **ROWS)
        .encode(
            x=alt.X(datum=0, axis=None, scale=alt.Scale(domain=[-0.45, 1.15])),
            y=alt.Y("order:Q", axis=None),
            # the change with its unit (FLOW_LABEL, computed with the rows), read out as is
            text=alt.Text("label:N"), description="label:N",
        )
    )
    us = (
        alt.Chart(
            pd.DataFrame({"x": [1.0], "y": [(len(PARTNERS) - 1) / 2], "t": ["United States"]})
        )
        .mark_text(align="left", dx=8, fontSize=13, fontWeight="bold")
        .encode(x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), text="t:N")
    )
    return alt.layer(lines, names, us).properties(
        name="td_flows",
        title=alt.Title("Where US imports come from",
                        subtitle=["line width: imports after; orange: falling, blue: rising;",
                                  "labels: change in imports, $ billion a year"]),
        width=330,
        height=300,
        description="Flow picture: a line from each partner to the United States whose "
        "width is the partner's imports after the tariff change; the label gives the change "
        "in $ billion.",
    )  # fmt: skip


#: Key numbers: (label, field, d3 format, band field or None).
KEY_NUMBERS = [
    ("Tariff on China (%)", "china_pct_used", ".0f", None),
    ("Tariff on everyone else (%)", "others_pct_used", ".0f", None),
    ("US imports from China ($ bn)", "china_m1", ",.1f", "china_range"),
    ("China share of US imports (%)", "china_share_pct", ".1f", None),
    ("Total US imports ($ bn)", "total1", ",.1f", "total_range"),
    ("Tariff revenue ($ bn)", "revenue1", ",.1f", None),
    ("Consumer cost ($ bn)", "consumer_cost", ",.1f", None),
    ("Change in national welfare ($ bn)", "welfare_change", ",.1f", None),
]


#: The model's fields the key numbers read.
KEY_FIELDS = ("m1", "m1_low", "m1_high", "m1_share", "total1", "total1_low", "total1_high",
              "revenue1", "consumer_cost", "welfare_change")  # fmt: skip


def key_numbers_chart(rows: pd.DataFrame | None, inputs: ExplorerInputs) -> alt.Chart:
    """The key numbers as text lines, formatted in the page like :func:`format_number`."""
    d = alt.datum
    band_text = {
        "china_range": format_expr(d.m1_low, ",.0f") + " to " + format_expr(d.m1_high, ",.0f"),
        "total_range": format_expr(d.total1_low, ",.0f") + " to "
        + format_expr(d.total1_high, ",.0f"),
    }  # fmt: skip
    values = {
        "china_pct_used": inputs.china_pct,
        "others_pct_used": inputs.others_pct,
        "china_m1": d.m1,
        "china_share_pct": 100 * d.m1_share,
        "total1": d.total1,
        "revenue1": d.revenue1,
        "consumer_cost": d.consumer_cost,
        "welfare_change": d.welfare_change,
    }
    lines = {}
    for label, field, fmt, band in KEY_NUMBERS:
        text = format_expr(values[field], fmt)
        if band:
            text = text + "  (" + band_text[band] + ")"
        if field in ("consumer_cost", "welfare_change"):  # the CES model's welfare only
            text = alt.expr.if_(inputs.smart, "not computed for SMART", text)
        lines[field] = text_line(label, text)
    # China's row, as a row of its own with the fields read (a group of one row: its sum
    # is the value, 0 + x): the lines are computed on it, not on a copy of every row
    china = _model_base(rows, inputs).transform_filter("datum.partner == 'China'")
    china = china.transform_aggregate(**{f: f"sum({f})" for f in KEY_FIELDS})
    return key_numbers_panel(
        china,
        lines,
        title=alt.Title("Key numbers", subtitle="in brackets: range across elasticities"),
        width=300,
        row_height=22,
        description="The key numbers of the scenario: the tariffs, US imports from China "
        "and in total, tariff revenue, consumer cost and the change in national welfare.",
    ).properties(name="td_numbers")


def trade_diversion_chart(
    baseline: pd.DataFrame | None = None, *, china_pct: int = 45, others_pct: int = 10,
    eps: float = 1.0, sigma: float = 2.5, inputs: ExplorerInputs | None = None,
) -> alt.VConcatChart:  # fmt: skip
    """The website's explorer: four charts driven by a preset menu and four sliders.

    With ``inputs`` (e.g. :meth:`ExplorerInputs.fixed`), the same charts without params.
    """
    baseline = partner_baseline() if baseline is None else baseline
    rows = model_rows(baseline)
    interactive = inputs is None
    if interactive:
        inputs = explorer_params(china_pct=china_pct, others_pct=others_pct, eps=eps, sigma=sigma)
    largest = float(baseline["baseline_imports"].max())
    x_max = round(largest * 1.6, -2)
    top = alt.hconcat(
        imports_chart(None, inputs, x_max=x_max, baseline=baseline),
        decomposition_chart(None, inputs, extent=round(largest, -2)),
    ).resolve_scale(color="independent")
    bottom = alt.hconcat(flow_chart(None, inputs, width_max=x_max), key_numbers_chart(None, inputs))
    chart = alt.vconcat(top, bottom, data=rows, transform=model_transforms(inputs), usermeta=EMBED)
    if interactive:
        # the preset moves and locks the tariff sliders (_static/controls.js)
        usermeta = {**EMBED, "controls": page_behaviour(CONTROLS)}
        chart = chart.add_params(*inputs.params).properties(usermeta=usermeta)
    return chart.resolve_scale(color="independent").properties(
        description="Trade-diversion explorer: choose a tariff regime or move the tariffs on "
        "China and on everyone else and the two elasticities, and the method (this book's CES "
        "model or the WITS SMART formulas); imports by partner, their split "
        "into creation and diversion, the flows and the key numbers update. The bars run "
        "along a horizontal axis of US imports in billions of dollars a year, one row per "
        "partner. Notice that a higher tariff on China alone moves imports from China to "
        "other partners (diversion) as well as lowering the total (creation).",
    )
