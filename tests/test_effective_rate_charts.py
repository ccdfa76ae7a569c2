"""The effective-tariff explorer: its data, its chart, and the two views agreeing with
the model (the page's formula run in real Vega)."""

from __future__ import annotations

import math

import pytest
from explorer_support import set_inputs

from tests.vega_support import close, vega_rows
from widgets.charts.effective_rate import (
    CONTROLS,
    GROUPS,
    KEY_DATES,
    LAYERS,
    book_series,
    effective_rate_chart,
    exempt_share_default,
    layer_table,
    page_transforms,
)
from widgets.charts.inputs import vega_params
from widgets.controls.effective_rate import EffectiveRateExplorer
from widgets.data import load
from widgets.models.effective_rate import effective_tariff_rate


@pytest.fixture(scope="module")
def layers():
    return load("effective_rate_layers")


@pytest.fixture(scope="module")
def table():
    return layer_table()


# -- the data ----------------------------------------------------------------------------
def test_every_coverage_share_is_its_trade_value_over_its_base(layers):
    derived = layers.dropna(subset=["trade_value_busd"])
    assert len(derived) >= 7
    for _, row in derived.iterrows():
        assert row["coverage_share"] == round(row["trade_value_busd"] / row["trade_base_busd"], 4)


def test_trade_bases_are_the_census_totals(layers):
    trade = load("us_china_goods_trade").set_index("year")["us_imports_from_china"]
    bases = set(layers["trade_base_busd"].dropna())
    assert bases == {trade[2017], trade[2024]}


def test_the_data_has_a_row_for_every_layer_the_explorer_switches(layers):
    assert set(layers["layer"]) == {*LAYERS, "electronics_exemption"}
    assert layers["source_url"].str.match(r"https?://").all()


# -- the series, worked by hand ----------------------------------------------------------
def test_series_by_hand(table):
    s = book_series(table).set_index("date")["effective"]
    total = 505.1652
    s301 = 100 * ((34 + 16 + 200) * 0.25 + 120 * 0.075) / total
    # coverage shares are stored to 4 decimals: compare to 0.01 point.
    assert math.isclose(s["2020-02-14"], 3.1 + s301, abs_tol=0.01)
    assert math.isclose(s["2025-03-04"] - s["2020-02-14"], 20.0)
    exempt = exempt_share_default() / 100
    assert math.isclose(s["2025-04-10"] - s["2025-03-04"], 125 * (1 - exempt))
    assert math.isclose(s["2026-02-24"] - s["2020-02-14"], 10.0)
    assert s["2018-01-01"] == 3.1


def test_everything_off_gives_zero(table):
    off = {name: False for name, _, _ in GROUPS}
    assert (book_series(table, switches=off)["effective"] == 0).all()


def test_exempt_share_default_comes_from_the_data(layers):
    row = layers[layers["layer"] == "electronics_exemption"].iloc[0]
    assert exempt_share_default() == round(100 * row["coverage_share"], 1) == 22.9


# -- the page evaluates the model's formula (real Vega) ----------------------------------
CASES = [
    ({}, 22.9),
    ({"mfn_on": 0}, 22.9),
    ({"s301_on": 0, "section122_on": 0}, 0.0),
    ({"reciprocal_on": 0}, 40.0),
    ({"fentanyl_on": 0, "mfn_on": 0}, 50.0),
]


@pytest.mark.parametrize(("off", "exempt"), CASES)
def test_page_formula_in_vega_equals_the_model(table, off, exempt):
    values = {c.name: c.default for c in CONTROLS} | off | {"exempt_pct": exempt}
    rows = vega_rows(
        table,
        [
            t.to_dict() if hasattr(t, "to_dict") else t
            for t in page_transforms(vega_params(CONTROLS))
        ],
        ["effective"],
        params=values,
    )
    expected = book_series(
        table,
        switches={k: bool(v) for k, v in values.items() if k != "exempt_pct"},
        exempt_pct=exempt,
    )
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected["effective"], strict=True):
        assert close(row["effective"], want), (row, want)


def test_page_model_and_live_widget_agree(table):
    explorer = EffectiveRateExplorer()
    set_inputs(explorer, reciprocal_on=0, exempt_pct=10.0)
    rows = vega_rows(
        table,
        [
            t.to_dict() if hasattr(t, "to_dict") else t
            for t in page_transforms(vega_params(CONTROLS))
        ],
        ["effective"],
        params={c.name: c.default for c in CONTROLS} | {"reciprocal_on": 0, "exempt_pct": 10.0},
    )
    for row, live in zip(rows, explorer.series["effective"], strict=True):
        assert close(row["effective"], live)
    # the live key numbers are the model's, in the book's format
    peak = explorer.series.set_index("date")["effective"]["2025-04-10"]
    assert f"{peak:,.1f}" in explorer.numbers.value
    # and the model called directly gives the same peak
    direct = effective_tariff_rate(
        {layer: float(table.set_index("date")[f"rate_{layer}"]["2025-04-10"]) for layer in LAYERS},
        {layer: float(table[f"cov_{layer}"].iloc[0]) for layer in LAYERS},
        {layer: layer != "reciprocal" for layer in LAYERS},
    )
    assert close(peak, direct)


# -- the chart ---------------------------------------------------------------------------
def test_chart_binds_every_control_and_describes_itself():
    spec = effective_rate_chart().to_dict()
    names = {p["name"] for p in spec["params"]}
    assert names == {c.name for c in CONTROLS}
    assert "Step line" in spec["description"]
    slider = next(p for p in spec["params"] if p["name"] == "exempt_pct")
    assert slider["bind"]["input"] == "range" and slider["value"] == 22.9


def test_key_dates_are_dates_of_the_table(table):
    assert {d for d, _ in KEY_DATES} <= set(table["date"])
