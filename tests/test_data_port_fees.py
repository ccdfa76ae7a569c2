"""The port-fee tables of the data package: reference values, and agreement with the model.

The model reads its fee schedules from the data package on first use
(``widgets.models.port_fees._schedules``); these tests make sure it gets the package's
numbers, and that its calendar of phases (``SCHEDULE_YEARS``) is the data's.
"""

from __future__ import annotations

import pandas as pd
import pytest

from widgets import data
from widgets.models import port_fees as pf

RESOURCES = [
    "port_fee_schedules",
    "ship_particulars",
    "freight_rates",
    "port_fee_conversion_inputs",
]


@pytest.mark.parametrize("name", RESOURCES)
def test_resources_are_documented(name):
    info = data.source(name)
    assert info["as_of"] and info["publisher"] and info["url"].startswith("https://")
    assert len(data.load(name)) > 0


@pytest.fixture(scope="module")
def schedules():
    return data.load("port_fee_schedules")


@pytest.mark.parametrize(
    "fee, constants",
    [
        ("us_annex_i", pf.ANNEX_I_USD_PER_NET_TON),
        ("us_annex_ii", pf.ANNEX_II_USD_PER_NET_TON),
        ("china_special", pf.CHINA_CNY_PER_NET_TON),
    ],
)
def test_model_schedules_match_the_data(schedules, fee, constants):
    rows = schedules[schedules.fee == fee].set_index("schedule_year")["rate_per_net_ton"]
    assert rows.to_dict() == constants


def test_annex_ii_container_fee_matches_the_data(schedules):
    rows = schedules[schedules.fee == "us_annex_ii"].set_index("schedule_year")
    assert rows["rate_per_container_usd"].to_dict() == pf.ANNEX_II_USD_PER_CONTAINER


def test_phase_dates_and_cap(schedules):
    for _, row in schedules.iterrows():
        expected = pd.Timestamp(
            pf.FEES_START if row.schedule_year == 2025 else f"{row.schedule_year}-04-17"
        )
        assert row.in_force_from == expected
        assert row.cap_calls_per_year == pf.MAX_CHARGED_CALLS_PER_YEAR
        assert pf.schedule_year_for(row.in_force_from.date()) == row.schedule_year
    assert tuple(sorted(set(schedules.schedule_year))) == pf.SCHEDULE_YEARS
    assert set(schedules.currency) == {"USD", "CNY"}
    assert (schedules[schedules.fee == "china_special"].currency == "CNY").all()


def test_annex_iii_has_only_the_first_phase(schedules):
    annex_iii = schedules[schedules.fee == "us_annex_iii"]
    assert list(annex_iii.schedule_year) == [2025]
    assert float(annex_iii.rate_per_net_ton.item()) == 46.0


def test_ever_given_gives_the_default_net_tons_per_teu():
    ships = data.load("ship_particulars").set_index("ship")
    eg = ships.loc["Ever Given"]
    assert (eg.capacity_teu, eg.gross_tonnage, eg.net_tonnage) == (20_124, 220_940, 99_155)
    assert round(eg.net_tonnage / eg.capacity_teu, 2) == pf.DEFAULTS["net_tons_per_teu"]
    assert eg.net_tonnage >= 0.3 * eg.gross_tonnage  # ITC-1969: NT at least 30 % of GT


def test_jasmine_net_tonnage_is_derived_from_its_fee():
    ships = data.load("ship_particulars").set_index("ship")
    jasmine = ships.loc["COSCO Shipping Jasmine"]
    assert bool(jasmine.net_tonnage_derived)
    assert jasmine.net_tonnage == jasmine.reported_fee_usd / 50


def test_conversion_inputs_are_the_model_defaults():
    inputs = data.load("port_fee_conversion_inputs").set_index("parameter")["value"]
    assert inputs["net_tons_per_teu"] == pf.DEFAULTS["net_tons_per_teu"]
    assert inputs["load_factor"] == pf.DEFAULTS["load_factor"]
    assert inputs["container_teu"] == pf.DEFAULTS["container_teu"]
    assert inputs["cargo_value_per_feu"] == pf.DEFAULTS["cargo_value_per_container"]
    assert inputs["usd_per_cny"] == pf.DEFAULTS["usd_per_cny"]
    assert inputs["usd_per_cny"] * 400 == pytest.approx(56)  # "400 yuan (about $56)"


def test_freight_rates_reference_values():
    rates = data.load("freight_rates").set_index("date")["rate_usd_per_feu"]
    assert rates[pd.Timestamp("2025-10-23")] == pf.DEFAULTS["freight_rate_per_container"] == 2290
    assert rates[pd.Timestamp("2025-06-05")] == 5876
    assert rates.index.is_monotonic_increasing
