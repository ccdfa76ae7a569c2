"""Tests of widgets.models.timeline: step functions and event records.

Three layers, as for every model of the book:

* cases worked by hand from the legal texts (the 2025 US IEEPA rates on China: 10% from
  4 Feb, 20% from 4 Mar, 104% on 9 Apr, 145% from 10 Apr, 30% from 14 May, 20% from
  10 Nov 2025; EO 14195, 14228, 14259, 14266, the Geneva joint statement, the EO of 4 Nov);
* bad input raises ValueError naming the parameter or field;
* Hypothesis invariants (derandomized): a step function is constant between changes,
  equals each change's value on its day, and the drawn path passes through every value.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from model_support import GOOD_EVENT as GOOD

from widgets.models.timeline import (
    INSTRUMENTS,
    KINDS,
    filter_events,
    step_path,
    step_value,
    to_days,
    validate_events,
)

US_DATES = ["2025-02-04", "2025-03-04", "2025-04-09", "2025-04-10", "2025-05-14", "2025-11-10"]
US_RATES = [10, 20, 104, 145, 30, 20]


# --- worked by hand -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-02-03", math.nan),  # before the first IEEPA tariff
        ("2025-02-04", 10),  # the day EO 14195 took effect
        ("2025-03-03", 10),
        ("2025-03-04", 20),
        ("2025-04-09", 104),  # 20 + 84
        ("2025-04-10", 145),  # 20 + 125: the "145%"
        ("2025-05-13", 145),
        ("2025-05-14", 30),  # Geneva: 20 + 10
        ("2025-10-17", 30),  # the day of the He Lifeng-Bessent call (US Eastern)
        ("2025-11-01", 30),  # the threatened 100% never took effect
        ("2025-11-10", 20),  # Busan: 10 + 10
        ("2026-01-01", 20),
    ],
)
def test_us_ieepa_rates_by_hand(day, expected):
    got = step_value(US_DATES, US_RATES, day)[0]
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == expected


def test_two_changes_on_one_day_keep_the_last():
    # Two announcements dated the same day (as China's 34% and 84% rates of April 2025,
    # the first raised before it took effect): the rate in force is the last one.
    assert step_value(["2025-04-10", "2025-04-10"], [34, 84], "2025-04-10")[0] == 84


def test_step_path_by_hand():
    days, rates = step_path(["2025-05-14", "2025-11-10"], [30, 20], end="2026-02-23")
    assert [str(d) for d in days] == ["2025-05-14", "2025-11-10", "2025-11-10", "2026-02-23"]
    assert rates.tolist() == [30, 30, 20, 20]


def test_filter_events_by_instrument_and_period():
    rows = [
        dict(date="2025-10-09", instrument="export control"),
        dict(date="2025-10-10", instrument="tariff"),
        dict(date="2025-10-14", instrument="port fee"),
        dict(date="2025-11-10", instrument="tariff"),
    ]
    assert len(filter_events(rows)) == 4
    assert [r["date"] for r in filter_events(rows, instrument="tariff")] == [
        "2025-10-10",
        "2025-11-10",
    ]
    october = filter_events(rows, start="2025-10-10", end="2025-10-31")  # bounds inclusive
    assert [r["date"] for r in october] == ["2025-10-10", "2025-10-14"]
    assert filter_events(rows, instrument="forum") == []


def test_validate_accepts_a_good_record_and_missing_end_date_forms():
    validate_events([GOOD, {**GOOD, "end_date": None}, {**GOOD, "end_date": float("nan")}])
    validate_events([GOOD, {**GOOD, "date": "2025-10-25", "end_date": "2025-10-26"}])


# --- bad input ------------------------------------------------------------------------------


# Rules on single fields (known instrument and kind, a URL, a publisher, a verification
# flag) are the data package's: tests/test_data_escalation.py checks them with frictionless.
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": "17 Oct 2025"}, "date"),
        ({"date": "2025-02-30"}, "date"),
        ({"date": None}, "date"),
        ({"end_date": "2025-10-01"}, "end_date"),
    ],
)
def test_validate_rejects_bad_records_naming_the_field(change, field):
    with pytest.raises(ValueError, match=rf"^{field}"):
        validate_events([{**GOOD, **change}])


def test_validate_rejects_out_of_order_rows():
    with pytest.raises(ValueError, match="^date: row 1 is out of order"):
        validate_events([{**GOOD, "date": "2025-10-10"}, GOOD])


def test_validate_rejects_a_single_mapping():
    with pytest.raises(ValueError, match="^events"):
        validate_events(GOOD)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: step_value(["2025-02-04"], [10, 20], "2025-03-01"), "values"),
        (lambda: step_value(["2025-03-04", "2025-02-04"], [10, 20], "2025-03-01"), "change_dates"),
        (lambda: step_value([], [], "2025-03-01"), "change_dates"),
        (lambda: step_value(["2025-02-04"], [math.inf], "2025-03-01"), "values"),
        (lambda: step_value(["2025-02-04"], [10], "March 2025"), "at"),
        (lambda: step_path(["2025-02-04"], [10], end="2025-01-01"), "end"),
        (lambda: filter_events([], instrument="sanction"), "instrument"),
        (lambda: filter_events([], start="2025-10-31", end="2025-10-01"), "end"),
        (lambda: to_days("2025-13-01"), "dates"),
    ],
)
def test_bad_input_raises_value_error_naming_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name}"):
        call()


def test_the_categories_are_the_books():
    assert INSTRUMENTS == ("tariff", "port fee", "export control", "forum", "negotiation")
    assert "threat" in KINDS and "measure" in KINDS


# --- invariants -------------------------------------------------------------------------------

_days = st.integers(min_value=0, max_value=3000)
_rates = st.floats(min_value=0, max_value=200, allow_nan=False)


@st.composite
def step_functions(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    offsets = sorted(draw(st.lists(_days, min_size=n, max_size=n)))
    rates = draw(st.lists(_rates, min_size=n, max_size=n))
    dates = np.datetime64("2018-01-01") + np.array(offsets, dtype="timedelta64[D]")
    return dates, np.array(rates)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(step_functions(), _days)
def test_step_value_is_the_last_change_on_or_before_the_day(fn, offset):
    dates, rates = fn
    day = np.datetime64("2018-01-01") + np.timedelta64(offset, "D")
    got = step_value(dates, rates, day)[0]
    before = np.nonzero(dates <= day)[0]
    if before.size == 0:
        assert math.isnan(got)
    else:
        assert got == rates[before[-1]]


@settings(derandomize=True, max_examples=150, deadline=None)
@given(step_functions())
def test_step_value_on_each_change_day_is_the_last_value_set_that_day(fn):
    dates, rates = fn
    got = step_value(dates, rates, dates)
    for i, day in enumerate(dates):
        last = np.nonzero(dates == day)[0][-1]
        assert got[i] == rates[last]


@settings(derandomize=True, max_examples=150, deadline=None)
@given(step_functions(), st.integers(min_value=0, max_value=400))
def test_step_path_draws_the_step_function(fn, extra):
    dates, rates = fn
    end = dates[-1] + np.timedelta64(extra, "D")
    days, values = step_path(dates, rates, end=end)
    assert days[0] == dates[0] and days[-1] == end
    assert np.all(np.diff(days.astype("int64")) >= 0)  # never goes back in time
    assert values[-1] == rates[-1]
    # Between consecutive vertices on different days the line is flat and equals step_value.
    vertices = list(zip(days, values, strict=True))
    for (d0, v0), (d1, v1) in zip(vertices, vertices[1:], strict=False):
        if d1 > d0:
            assert v0 == v1
            assert step_value(dates, rates, d0)[0] == v0


@settings(derandomize=True, max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=3000), st.sampled_from(INSTRUMENTS)),
        max_size=30,
    ),
    _days,
    _days,
)
def test_filters_partition_the_events(rows, a, b):
    base = np.datetime64("2018-01-01")
    events = [{"date": str(base + np.timedelta64(d, "D")), "instrument": i} for d, i in rows]
    lo, hi = sorted((a, b))
    start, end = str(base + np.timedelta64(lo, "D")), str(base + np.timedelta64(hi, "D"))
    in_period = filter_events(events, start=start, end=end)
    by_instrument = [filter_events(in_period, instrument=i) for i in INSTRUMENTS]
    assert sum(len(part) for part in by_instrument) == len(in_period)
    assert all(start <= e["date"] <= end for e in in_period)
    assert len(filter_events(events)) == len(events)
