"""The live port-fee calculator, built headless: set ``.value``, assert the recomputed result;
and the agreement of the website's grid, the live widget and a direct call of the model."""

from __future__ import annotations

import math

import pytest

from widgets.charts.port_fees import (
    EXPLORER_CAPACITIES,
    EXPLORER_CATEGORIES,
    EXPLORER_LOAD_PCTS,
    key_number_lines,
    port_fee_explorer_chart,
)
from widgets.controls.port_fees import PortFeeExplorer, port_fee_explorer
from widgets.models.port_fees import SCHEDULE_YEARS, port_fee_outcome


def _close(a, b):
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
    explorer.category.value = "us_linked"
    explorer.usd_per_cny.value = 0.07
    explorer.net_tons_per_teu.value = 6.0
    explorer.load_pct.value = 50
    explorer.cargo_value.value = 50_000
    explorer.freight_rate.value = 4_000
    explorer.calls_per_year.value = 10
    expected = port_fee_outcome(
        category="us_linked",
        schedule_year=2025,
        capacity_teu=14_000,
        net_tons_per_teu=6.0,
        load_factor=0.5,
        calls_per_year=10,
        cargo_value_per_container=50_000,
        freight_rate_per_container=4_000,
        usd_per_cny=0.07,
    )
    assert explorer.outcome == expected
    assert "5 of 10" in explorer.numbers.value


def test_bounded_inputs_clamp_impossible_values(explorer):
    explorer.capacity_teu.value = -5
    assert explorer.capacity_teu.value > 0
    explorer.calls_per_year.value = 0
    assert explorer.calls_per_year.value >= 1
    assert math.isfinite(explorer.outcome.fee_per_container)


def test_a_model_error_shows_a_message_not_a_traceback(explorer, monkeypatch):
    def broken(**_):
        raise ValueError("load_factor must be in (0, 1], got 2")

    monkeypatch.setattr("widgets.controls.port_fees.port_fee_outcome", broken)
    explorer.load_pct.value = 60
    assert "load_factor" in explorer.message.value and "role='alert'" in explorer.message.value


def test_one_object_two_views():
    bundle = port_fee_explorer()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "vegaEmbed" in bundle["text/html"] and '"fee_load_pct"' in bundle["text/html"]


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


@pytest.mark.parametrize("category", list(EXPLORER_CATEGORIES))
@pytest.mark.parametrize("year", SCHEDULE_YEARS)
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
    explorer.category.value = category
    explorer.schedule_year.value = year
    explorer.capacity_teu.value = capacity
    explorer.load_pct.value = pct
    row = _pick(website_rows, category, year, capacity, pct)
    assert _close(explorer.outcome.fee_per_container, row["fee_per_container"])
    for column, text in key_number_lines(explorer.outcome.as_dict()).items():
        assert row[column] == text
    assert row["fee_per_container_text"] in explorer.numbers.value
