"""The effective-tariff explorer: the book's trade-weighted average US tariff on all
imports from China, 2018-2026, built from sourced layers, beside PIIE's published average.

* :func:`layer_table` turns ``data/effective_rate_layers.csv`` into one row per date on
  which some layer changes, with each layer's rate and coverage (the model's
  :func:`~widgets.models.effective_rate.rate_on` reads the steps);
* :func:`book_series` is the average for given switches and exemption share (the model's
  :func:`~widgets.models.effective_rate.effective_tariff_rate`): the live widget draws it;
* :func:`effective_rate_chart` is the website's explorer: the model's own formula
  (:func:`~widgets.models.effective_rate.effective_rate_formula`) evaluated in the page,
  with radio buttons that switch layers off and a slider for the electronics exemption,
  all declared once in :data:`CONTROLS`.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from widgets.charts.inputs import Control, vega_params
from widgets.charts.kit import (
    VegaBackend,
    format_expr,
    format_number,
    key_numbers_panel,
    over_key_numbers,
)
from widgets.charts.theme import BLUE, VERMILLION
from widgets.data import load
from widgets.models.effective_rate import effective_rate_formula, effective_tariff_rate, rate_on

__all__ = [
    "CONTROLS",
    "GROUPS",
    "KEY_DATES",
    "book_series",
    "effective_rate_chart",
    "exempt_share_default",
    "key_lines",
    "layer_table",
    "live_chart",
    "page_transforms",
    "piie_points",
]

#: The switches the reader has: (control name, label, layers of the data it switches).
GROUPS = (
    ("mfn_on", "Ordinary (MFN) duties", ("mfn",)),
    ("s301_on", "Section 301 Lists 1-4A", ("list1", "list2", "list3", "list4a")),
    ("fentanyl_on", "IEEPA 'fentanyl' tariff", ("fentanyl",)),
    ("reciprocal_on", "IEEPA 'reciprocal' tariff", ("reciprocal",)),
    ("section122_on", "Section 122 surcharge", ("section122",)),
)

#: The layers with a rate (the exemption row only changes the reciprocal layer's coverage).
LAYERS = tuple(layer for _, _, layers in GROUPS for layer in layers)

#: The dates whose book rate the key numbers give: (ISO date, label).
KEY_DATES = (
    ("2020-02-14", "After Phase One, 14 Feb 2020 (%)"),
    ("2025-04-10", "Peak, 10 Apr 2025 (%)"),
    ("2025-05-14", "After Geneva, 14 May 2025 (%)"),
    ("2026-02-24", "Under Section 122, 24 Feb 2026 (%)"),
)

#: The first and last day drawn (the sources' as-of date).
START, END = "2018-01-01", "2026-06-30"


def exempt_share_default(layers: pd.DataFrame | None = None) -> float:
    """The electronics exemption's share of imports from China, in percent (one decimal),
    from the data."""
    layers = load("effective_rate_layers") if layers is None else layers
    row = layers[layers["layer"] == "electronics_exemption"]
    return round(100 * float(row["coverage_share"].iloc[0]), 1)


def _radio(name: str, label: str) -> Control:
    return Control(
        name,
        label,
        1,
        kind="radio",
        options=((1, "on"), (0, "off")),
        help=f"Count the {label} in the average, or switch it off.",
    )


CONTROLS = (
    *(_radio(name, label) for name, label, _ in GROUPS),
    Control(
        "exempt_pct",
        "Electronics exempt from the reciprocal tariff (% of imports)",
        exempt_share_default(),
        min=0,
        max=50,
        step=0.1,
        format=".1f",
        help="Share of imports from China taken out of the reciprocal tariff by the "
        "exemption of 11 April 2025 (smartphones, computers, chips); 0 undoes it.",
    ),
)


def layer_table(layers: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per date on which a layer's rate changes (and the last day), with each
    layer's rate in force (``rate_<layer>``, percent) and coverage (``cov_<layer>``)."""
    layers = load("effective_rate_layers") if layers is None else layers
    frame = layers.copy()
    frame["start"] = pd.to_datetime(frame["start"]).dt.strftime("%Y-%m-%d")
    frame["end"] = pd.to_datetime(frame["end"]).dt.strftime("%Y-%m-%d")
    after_end = (pd.to_datetime(frame["end"]) + pd.Timedelta(days=1)).dt.strftime("%Y-%m-%d")
    dates = sorted({START, END, *frame["start"], *(d for d in after_end if d <= END)})
    table = pd.DataFrame({"date": dates})
    for layer in LAYERS:
        rows = frame[frame["layer"] == layer]
        table[f"rate_{layer}"] = rate_on(dates, rows["start"], rows["end"], rows["rate_pct"])
        table[f"cov_{layer}"] = float(rows["coverage_share"].iloc[0])
    key = dict(KEY_DATES)
    table["label"] = [key.get(d, "") for d in table["date"]]
    order = [d for d, _ in KEY_DATES]
    table["k"] = [order.index(d) if d in key else -1 for d in table["date"]]
    return table


def book_series(
    table: pd.DataFrame | None = None,
    *,
    switches: Mapping[str, bool] | None = None,
    exempt_pct: float | None = None,
) -> pd.DataFrame:
    """The book's average (``effective``, percent) on each date of ``table`` for the
    switches (control name -> on) and the exempt share (percent) given."""
    table = layer_table() if table is None else table
    switches = {name: True for name, _, _ in GROUPS} | dict(switches or {})
    exempt = exempt_share_default() if exempt_pct is None else exempt_pct
    if not 0 <= exempt <= 100:
        raise ValueError(f"exempt_pct must be a percent in [0, 100], got {exempt!r}")
    on = {layer: bool(switches[name]) for name, _, layers in GROUPS for layer in layers}
    coverage = {layer: float(table[f"cov_{layer}"].iloc[0]) for layer in LAYERS}
    coverage["reciprocal"] = coverage["reciprocal"] * (1 - exempt / 100)
    rates = {layer: table[f"rate_{layer}"].to_numpy() for layer in LAYERS}
    out = table[["date", "label", "k"]].copy()
    out["effective"] = effective_tariff_rate(rates, coverage, on)
    return out


def piie_points(history: pd.DataFrame | None = None) -> pd.DataFrame:
    """PIIE's published average US tariff on imports from China (date, rate_pct)."""
    history = load("tariff_history") if history is None else history
    rows = history[(history["side"] == "US on China") & (history["measure"] == "PIIE average")]
    out = pd.DataFrame(
        {
            "date": pd.to_datetime(rows["date"]).dt.strftime("%Y-%m-%d"),
            "rate_pct": rows["rate_pct"].astype(float),
        }
    )
    out["text"] = [format_number(v, ",.1f") for v in out["rate_pct"]]
    return out.reset_index(drop=True)


_X = alt.X(
    "date:T",
    title=None,
    scale=alt.Scale(type="utc", domain=[START, END]),
    axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True),
)
_Y = alt.Y(
    "effective:Q",
    title="Average tariff on imports from China (%)",
    scale=alt.Scale(domain=[0, 150]),
)
_TITLE = alt.Title(
    "The book's average tariff and PIIE's",
    subtitle="Line: layers x coverage (this book). Dots: PIIE's published average.",
)


def _piie_layer(piie: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(piie)
        .mark_point(filled=True, size=60, color=VERMILLION)
        .encode(
            x=_X,
            y=alt.Y("rate_pct:Q"),
            tooltip=[
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("text:N", title="PIIE average (%)"),
            ],
        )
    )


def page_transforms(params: Mapping[str, alt.Parameter]) -> list:
    """The page's transforms: the model's formula on each row of :func:`layer_table`, with
    the switches and the exemption slider as params (``tests/test_effective_rate_charts.py``
    runs them in real Vega)."""
    xp = VegaBackend()
    coverages = {layer: alt.datum[f"cov_{layer}"] for layer in LAYERS}
    coverages["reciprocal"] = alt.datum["cov_reciprocal"] * (1 - params["exempt_pct"] / 100)
    effective_rate_formula(
        xp,
        rates={layer: alt.datum[f"rate_{layer}"] for layer in LAYERS},
        coverages=coverages,
        switches={layer: params[name] for name, _, layers in GROUPS for layer in layers},
    )
    return xp.transforms


def effective_rate_chart(
    table: pd.DataFrame | None = None, piie: pd.DataFrame | None = None, *, width: int = 460
) -> alt.VConcatChart:
    """The website's explorer: the model's formula evaluated in the page for the switches
    and the exemption slider, as a step line, beside PIIE's points and key numbers."""
    table = layer_table() if table is None else table
    piie = piie_points() if piie is None else piie
    params = vega_params(CONTROLS)
    base = alt.Chart(table, transform=page_transforms(params))
    line = base.mark_line(interpolate="step-after", color=BLUE, strokeWidth=2.5).encode(
        x=_X,
        y=_Y,
        tooltip=[
            alt.Tooltip("date:N", title="From"),
            alt.Tooltip("effective:Q", title="Book's average (%)", format=",.1f"),
        ],
    )
    top = alt.layer(line, _piie_layer(piie)).properties(width=width, height=260, title=_TITLE)
    numbers = key_numbers_panel(
        base.transform_filter("datum.k >= 0"),
        {"line": alt.datum.label + ": " + format_expr(alt.datum.effective, ",.1f")},
        title="Key numbers (this book's average)",
        width=width,
        per_row=("k:O", len(KEY_DATES)),
        description="The book's average tariff on four dates at the chosen settings.",
    )
    return over_key_numbers(
        top,
        numbers,
        description=(
            "Step line: this book's trade-weighted average US tariff on all imports from "
            "China, 2018 to June 2026, the sum of each tariff layer's rate times the share "
            "of imports it covers; dots: PIIE's published average on the dates it gives. "
            "Radio buttons switch layers off; a slider sets the share of imports exempt "
            "from the reciprocal tariff."
        ),
        params=tuple(params.values()),
    )


def live_chart(series: pd.DataFrame, piie: pd.DataFrame, *, width: int = 460) -> alt.LayerChart:
    """The live widget's chart: the series :func:`book_series` computed, and PIIE's points."""
    line = alt.Chart(series).mark_line(interpolate="step-after", color=BLUE, strokeWidth=2.5)
    line = line.encode(x=_X, y=_Y)
    return alt.layer(line, _piie_layer(piie)).properties(width=width, height=260, title=_TITLE)


def key_lines(series: pd.DataFrame) -> list[tuple[str, str]]:
    """The key numbers as (label, text) pairs, the same dates as the page."""
    by_date = dict(zip(series["date"], series["effective"], strict=True))
    return [
        (label, format_number(float(np.round(by_date[d], 12)), ",.1f")) for d, label in KEY_DATES
    ]
