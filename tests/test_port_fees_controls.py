"""The live port-fee calculator, built headless: set ``.value``, assert the recomputed result;
and the agreement of the website's grid, the live widget and a direct call of the model."""

from __future__ import annotations

import math

import pytest
from explorer_support import set_inputs

from widgets.charts.port_fees import (
    EXPLORER_CAPACITIES,
    EXPLORER_CATEGORIES,
    EXPLORER_LOAD_PCTS,
    key_number_lines,
    port_fee_explorer_chart,
)
from widgets.controls.port_fees import PortFeeExplorer
from widgets.models.port_fees import SCHEDULE_YEARS, port_fee_outcome


def _close(a, b):
    # the page's JSON carries a car carrier's undefined per-box numbers (nan) as null
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.fixture
def explorer():
    return PortFeeExplorer()


def test_starts_at_the_worked_example(explorer):
    assert explorer.outcome.fee_per_container == pytest.approx(580.0)
    assert "$3.45 million" in explorer.numbers.value
    assert explorer.figure.value.startswith("<svg")


def test_controls_recompute_and_redraw(explorer):
    before = explorer.figure.value
    explorer.schedule_year.value = 2028
    assert explorer.outcome.fee_per_container == pytest.approx(9_662_800 / 5_950)
    assert explorer.figure.value != before
    explorer.category.value = "china_built"
    assert explorer.outcome.fee_per_container == pytest.approx(382.8)
    explorer.capacity_teu.value = 4_000
    assert explorer.outcome.basis_code == 3 and "exempt" in explorer.numbers.value


def test_every_input_reaches_the_model(explorer):
    set_inputs(explorer, category="us_linked", usd_per_cny=0.07, net_tons_per_teu=6.0,
               load_pct=50, cargo_value=50_000, freight_rate=4_000, calls_per_year=10)  # fmt: skip
    expected = port_fee_outcome(
        category="us_linked", schedule_year=2025, capacity_teu=14_000, net_tons_per_teu=6.0,
        load_factor=0.5, calls_per_year=10, cargo_value_per_container=50_000,
        freight_rate_per_container=4_000, usd_per_cny=0.07,
    )  # fmt: skip
    assert explorer.outcome == expected
    assert "5 of 10" in explorer.numbers.value


def test_bounded_inputs_clamp_impossible_values(explorer):
    explorer.capacity_teu.value = -5
    assert explorer.capacity_teu.value > 0
    explorer.calls_per_year.value = 0
    assert explorer.calls_per_year.value >= 1
    assert math.isfinite(explorer.outcome.fee_per_container)






# --- static vs live vs model ------------------------------------------------------------


@pytest.fixture(scope="module")
def website_rows():
    spec = port_fee_explorer_chart().to_dict()
    (rows,) = [r for r in spec["datasets"].values() if r and "load_pct" in r[0]]
    return rows


def _pick(rows, category, year, capacity, pct):
    # the page's filter, applied to the page's data
    (row,) = [
        r
        for r in rows
        if r["category"] == category
        and r["schedule_year"] == year
        and r["capacity_teu"] == capacity
        and r["load_pct"] == pct
    ]
    return row


#: (category, phase) pairs the model prices: Annex III has a rate for 2025 only.
PRICED = [
    (category, year)
    for category in EXPLORER_CATEGORIES
    for year in SCHEDULE_YEARS
    if category != "vehicle_carrier" or year == 2025
]


@pytest.mark.parametrize("category, year", PRICED)
def test_website_grid_shows_the_model(website_rows, category, year):
    for capacity in EXPLORER_CAPACITIES:
        for pct in EXPLORER_LOAD_PCTS:
            row = _pick(website_rows, category, year, capacity, pct)
            expected = port_fee_outcome(
                category=category, schedule_year=year, capacity_teu=capacity, load_factor=pct / 100
            ).as_dict()
            assert _close(row["fee_per_container"], expected["fee_per_container"])
            assert _close(row["freight_rate_per_container"], expected["freight_rate_per_container"])
            for column, text in key_number_lines(expected).items():
                assert row[column] == text, (column, category, year, capacity, pct)


@pytest.mark.parametrize(
    "category, year, capacity, pct",
    [
        ("china_operated", 2025, 14_000, 85),
        ("china_built", 2026, 4_000, 100),
        ("china_built", 2028, 20_000, 50),
        ("us_linked", 2027, 8_000, 70),
    ],
)
def test_live_widget_and_website_agree(website_rows, category, year, capacity, pct):
    explorer = PortFeeExplorer()
    set_inputs(explorer, category=category, schedule_year=year, capacity_teu=capacity,
               load_pct=pct)  # fmt: skip
    row = _pick(website_rows, category, year, capacity, pct)
    assert _close(explorer.outcome.fee_per_container, row["fee_per_container"])
    for column, text in key_number_lines(explorer.outcome.as_dict()).items():
        assert row[column] == text
    assert row["fee_per_container_text"] in explorer.numbers.value


# --- US Annex III: the vehicle carrier -----------------------------------------------------


def test_vehicle_carrier_in_both_views():
    # the one declared control gives the option to the page's radios and the live dropdown
    explorer = PortFeeExplorer()
    assert "vehicle_carrier" in dict(explorer.category.options).values()
    assert "vehicle_carrier" in EXPLORER_CATEGORIES
    html = port_fee_explorer_chart().to_html()
    assert '"vehicle_carrier"' in html


def test_live_vehicle_carrier_is_46_dollars_a_net_ton_capped_at_five_calls():
    explorer = PortFeeExplorer()
    set_inputs(explorer, category="vehicle_carrier", net_tonnage=25_000, calls_per_year=8)
    assert explorer.outcome.fee_per_call == pytest.approx(46 * 25_000)
    assert explorer.outcome.annual_fee == pytest.approx(46 * 25_000 * 5)
    assert "$1.15 million" in explorer.numbers.value and "5 of 8" in explorer.numbers.value
    assert "cars, not containers" in explorer.numbers.value
    # the car carrier's tonnage does not leak into a container ship's fee
    explorer.category.value = "china_operated"
    assert explorer.outcome.net_tonnage == pytest.approx(14_000 * 4.93)


def test_live_vehicle_carrier_in_a_later_phase_says_why_not():
    explorer = PortFeeExplorer()
    explorer.category.value = "vehicle_carrier"
    explorer.schedule_year.value = 2027
    assert "schedule_year" in explorer.message.value and "2025" in explorer.message.value


@pytest.mark.parametrize("capacity, pct", [(4_000, 50), (14_000, 85), (20_000, 100)])
def test_live_widget_and_website_agree_on_the_vehicle_carrier(website_rows, capacity, pct):
    explorer = PortFeeExplorer()
    set_inputs(explorer, category="vehicle_carrier", capacity_teu=capacity, load_pct=pct)
    row = _pick(website_rows, "vehicle_carrier", 2025, capacity, pct)
    assert explorer.outcome.fee_per_call == pytest.approx(920_000)  # 46 x 20,000 NT
    assert row["fee_per_container"] is None  # no box to put it on
    for column, text in key_number_lines(explorer.outcome.as_dict()).items():
        assert row[column] == text
    assert row["fee_per_call_text"] == "$0.92 million" and row["fee_per_call_text"] in (
        explorer.numbers.value
    )


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_website_says_annex_iii_has_no_later_rate(website_rows, year):
    for capacity in EXPLORER_CAPACITIES:
        for pct in EXPLORER_LOAD_PCTS:
            row = _pick(website_rows, "vehicle_carrier", year, capacity, pct)
            assert row["fee_per_container"] is None
            assert row["fee_per_call_text"] == (
                "no Annex III rate for this phase in the book's sources"
            )
    with pytest.raises(ValueError, match="schedule_year"):
        port_fee_outcome(category="vehicle_carrier", schedule_year=year, capacity_teu=1)
