"""Annex IV of the US Section 301 maritime action: a build requirement, not a fee.

Three layers, as for the other models: dates worked by hand from the sources'
schedule (1% on US-flagged, US-operated ships from 17 April 2028; 1% on US-built ships
from 17 April 2029; 2% from 17 April 2031; 15% from 17 April 2047), the data package
(the model reads it), and invariants with Hypothesis (the share never falls, the range
is ordered, the cargo count is the share times the cargoes). Bad input raises a
ValueError that names the parameter.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from model_support import HYPOTHESIS

from widgets import data
from widgets.models.port_fees import (
    LNG_REQUIREMENT_START,
    lng_cargoes_on_us_ships,
    lng_requirement,
)

BUILT = "US-built, US-flagged and US-operated"


@pytest.mark.parametrize(
    "day, share_min, share_max, vessels",
    [
        (dt.date(2025, 10, 14), 0.0, 0.0, "none"),
        (dt.date(2028, 4, 16), 0.0, 0.0, "none"),
        (dt.date(2028, 4, 17), 0.01, 0.01, "US-flagged and US-operated"),
        (dt.date(2029, 4, 16), 0.01, 0.01, "US-flagged and US-operated"),
        (dt.date(2029, 4, 17), 0.01, 0.01, BUILT),
        (dt.date(2031, 4, 16), 0.01, 0.01, BUILT),
        (dt.date(2031, 4, 17), 0.02, 0.15, BUILT),  # later steps not verified: a range
        (dt.date(2047, 4, 16), 0.02, 0.15, BUILT),
        (dt.date(2047, 4, 17), 0.15, 0.15, BUILT),
        (dt.date(2090, 1, 1), 0.15, 0.15, BUILT),
    ],
)
def test_the_schedule_by_hand(day, share_min, share_max, vessels):
    r = lng_requirement(day)
    assert (r.share_min, r.share_max, r.vessels) == (share_min, share_max, vessels)
    assert r.exact == (share_min == share_max)
    assert (r.phase_from is None) == (day < LNG_REQUIREMENT_START)


def test_cargoes_by_hand():
    # 1% of 1,500 cargoes = 15 from 2029; in 2035 between 2% and 15%: 30 to 225.
    assert lng_cargoes_on_us_ships(dt.date(2030, 6, 1), 1_500) == (15.0, 15.0)
    assert lng_cargoes_on_us_ships(dt.date(2035, 6, 1), 1_500) == (30.0, 225.0)
    assert lng_cargoes_on_us_ships(dt.date(2026, 6, 1), 1_500) == (0.0, 0.0)


def test_the_model_reads_the_data_package():
    table = data.load("lng_shipping_requirement").sort_values("phase_from")
    for row in table.itertuples():
        r = lng_requirement(row.phase_from.date())
        assert r.phase_from == row.phase_from.date()
        assert r.share_min == row.share_pct / 100
        assert r.vessels == row.vessels
        assert r.exact == (not row.share_is_floor)
    assert table["phase_from"].iloc[0].date() == LNG_REQUIREMENT_START
    info = data.source("lng_shipping_requirement")
    assert info["as_of"] and info["publisher"] and info["url"].startswith("https://")
    assert set(table["verified"]) <= {"V", "V*"}


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2100, 12, 31))


@HYPOTHESIS
@given(a=dates, b=dates, cargoes=st.floats(0, 1e5))
def test_the_requirement_never_falls_and_counts_cargoes(a, b, cargoes):
    early, late = sorted((a, b))
    r1, r2 = lng_requirement(early), lng_requirement(late)
    assert 0 <= r1.share_min <= r1.share_max <= 0.15
    assert r2.share_min >= r1.share_min and r2.share_max >= r1.share_max
    lo, hi = lng_cargoes_on_us_ships(late, cargoes)
    assert lo == r2.share_min * cargoes and hi == r2.share_max * cargoes


@pytest.mark.parametrize("bad", ["2030-01-01", dt.datetime(2030, 1, 1), 2030, None])
def test_bad_date_names_the_parameter(bad):
    with pytest.raises(ValueError, match="date"):
        lng_requirement(bad)


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf, "15", True])
def test_bad_cargoes_names_the_parameter(bad):
    with pytest.raises(ValueError, match="cargoes_per_year"):
        lng_cargoes_on_us_ships(dt.date(2030, 1, 1), bad)
