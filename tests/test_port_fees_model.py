"""Tests of the port-fee model: hand-worked cases, reported fees, invariants, bad input.

Where the numbers come from:

* the worked conversion of the book's reference sheet (facts-data §5c): a 14,000-TEU ship,
  4.93 net tons per TEU (the Ever Given: 99,155 NT / 20,124 TEU), 85 % loaded with 40-foot
  boxes, cargo worth $109,000 a box, freight $2,290 a box;
* fees reported in October 2025: the COSCO Shipping Jasmine (about $4.2 million at $50 a net
  ton; about $304 per TEU of capacity, about $600 per 40-foot box if full) and the fifteen
  COSCO/OOCL ships of the first week (855,718 NT, about $42.8 million);
* the schedules of the USTR notice (90 FR 17114) and of China's Ministry of Transport.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.models.port_fees import (
    ANNEX_I_USD_PER_NET_TON,
    ANNEX_II_USD_PER_CONTAINER,
    ANNEX_II_USD_PER_NET_TON,
    CATEGORIES,
    CHINA_CNY_PER_NET_TON,
    SCHEDULE_YEARS,
    is_suspended,
    port_fee_outcome,
    schedule_year_for,
)

SHIP = dict(capacity_teu=14_000)  # the reference sheet's ship; defaults do the rest


# --- cases worked by hand ---------------------------------------------------------------


def test_annex_i_first_phase_by_hand():
    # NT = 14,000 x 4.93 = 69,020; fee = 50 x 69,020 = 3,451,000; boxes = 14,000 x 0.85 / 2 = 5,950
    out = port_fee_outcome(category="china_operated", schedule_year=2025, **SHIP)
    assert out.net_tonnage == pytest.approx(69_020)
    assert out.fee_per_call == pytest.approx(3_451_000)
    assert out.containers_per_call == pytest.approx(5_950)
    assert out.fee_per_container == pytest.approx(580.0)  # reference sheet: "~$580/FEU"
    assert out.share_of_cargo_value == pytest.approx(580 / 109_000)  # "0.53%"
    assert out.share_of_freight_rate == pytest.approx(580 / 2_290)  # "~25%"
    assert out.basis_code == 1 and out.basis == "net tonnage"


def test_annex_i_2028_by_hand():
    # 140 x 69,020 = 9,662,800; / 5,950 = 1,624.0 (reference sheet: "$9.66M, ~$1,620/FEU (1.5%)")
    out = port_fee_outcome(category="china_owned", schedule_year=2028, **SHIP)
    assert out.fee_per_call == pytest.approx(9_662_800)
    assert out.fee_per_container == pytest.approx(9_662_800 / 5_950)
    assert round(out.share_of_cargo_value, 3) == 0.015


def test_annex_ii_takes_the_higher_of_the_two_fees():
    # max(18 x 69,020 = 1,242,360; 120 x 5,950 = 714,000): reference sheet "~$210/FEU (0.19%)"
    out = port_fee_outcome(category="china_built", schedule_year=2025, **SHIP)
    assert out.fee_by_net_tonnage == pytest.approx(1_242_360)
    assert out.fee_by_containers == pytest.approx(714_000)
    assert out.fee_per_call == pytest.approx(1_242_360)
    assert out.fee_per_container == pytest.approx(208.8)
    # 2028: max(33 x 69,020 = 2,277,660; 250 x 5,950 = 1,487,500) / 5,950 = 382.8 ("~$380/FEU")
    late = port_fee_outcome(category="china_built", schedule_year=2028, **SHIP)
    assert late.fee_per_container == pytest.approx(382.8)


def test_annex_ii_container_fee_binds_for_full_ships_of_20_foot_boxes():
    # 14,000 TEU full of 20-foot boxes: 14,000 boxes x $250 = 3.5m > 33 x 69,020 = 2.28m
    out = port_fee_outcome(
        category="china_built", schedule_year=2028, load_factor=1.0, container_teu=1.0, **SHIP
    )
    assert out.basis_code == 2
    assert out.fee_per_call == pytest.approx(3_500_000)
    assert out.fee_per_container == pytest.approx(250.0)


def test_annex_ii_exempts_ships_of_4000_teu_or_less_but_annex_i_does_not():
    small = port_fee_outcome(category="china_built", schedule_year=2025, capacity_teu=4_000)
    assert small.fee_per_call == 0.0 and small.basis_code == 3
    assert small.fee_by_net_tonnage > 0  # what it would have paid
    just_over = port_fee_outcome(category="china_built", schedule_year=2025, capacity_teu=4_001)
    assert just_over.fee_per_call > 0
    annex_i = port_fee_outcome(category="china_operated", schedule_year=2025, capacity_teu=4_000)
    assert annex_i.fee_per_call == pytest.approx(50 * 4_000 * 4.93)


def test_china_fee_in_dollars_by_hand():
    # 400 yuan x $0.14 = $56 a net ton; x 69,020 = $3,865,120 ("~$3.9M/call, ~$650/FEU")
    out = port_fee_outcome(category="us_linked", schedule_year=2025, **SHIP)
    assert out.rate_per_net_ton == pytest.approx(56.0)
    assert out.fee_per_call == pytest.approx(3_865_120)
    assert out.fee_per_container == pytest.approx(649.6)
    half_fx = port_fee_outcome(category="us_linked", schedule_year=2025, usd_per_cny=0.07, **SHIP)
    assert half_fx.fee_per_call == pytest.approx(out.fee_per_call / 2)


def test_other_ships_pay_nothing():
    out = port_fee_outcome(category="other", schedule_year=2027, **SHIP)
    assert out.fee_per_call == out.annual_fee == out.fee_per_container == 0.0
    assert out.basis == "no fee"


def test_cap_of_five_calls_a_year():
    # 8 calls: 5 charged; 5 x 3,451,000 = 17,255,000 over 8 x 5,950 boxes = 362.5 a box
    out = port_fee_outcome(category="china_operated", schedule_year=2025, calls_per_year=8, **SHIP)
    assert out.charged_calls == 5
    assert out.annual_fee == pytest.approx(17_255_000)
    assert out.fee_per_container == pytest.approx(362.5)
    assert out.equivalent_tariff_rate == pytest.approx(362.5 / 109_000)
    three = port_fee_outcome(
        category="china_operated", schedule_year=2025, calls_per_year=3, **SHIP
    )
    assert three.annual_fee == pytest.approx(3 * 3_451_000)
    assert three.fee_per_container == pytest.approx(580.0)


def test_exercise_long_beach_with_a_50000_dollar_box():
    # 580 / 50,000 = 1.16 %; 2028: 1,624.0 / 50,000 = 3.25 %
    now = port_fee_outcome(
        category="china_operated", schedule_year=2025, cargo_value_per_container=50_000, **SHIP
    )
    assert now.share_of_cargo_value == pytest.approx(0.0116)
    late = port_fee_outcome(
        category="china_operated", schedule_year=2028, cargo_value_per_container=50_000, **SHIP
    )
    assert late.share_of_cargo_value == pytest.approx(1_624.0 / 50_000)


# --- reference values from reported fees ------------------------------------------------


def test_cosco_shipping_jasmine():
    # $4.2m at $50/NT => 84,000 NT; 13,800 TEU: $304 per TEU of capacity, ~$600 per FEU if full
    out = port_fee_outcome(
        category="china_operated",
        schedule_year=2025,
        capacity_teu=13_800,
        net_tonnage=84_000,
        load_factor=1.0,
    )
    assert out.fee_per_call == pytest.approx(4_200_000)
    assert round(out.fee_per_call / 13_800) == 304
    assert out.fee_per_container == pytest.approx(608.7, abs=0.05)


def test_first_week_cosco_oocl():
    # 15 ships, 855,718 NT in all: 50 x 855,718 = 42,785,900, reported as "about $42.8 million"
    out = port_fee_outcome(
        category="china_operated", schedule_year=2025, capacity_teu=1, net_tonnage=855_718
    )
    assert round(out.fee_per_call / 1e6, 1) == 42.8


def test_schedules_are_the_published_ones():
    assert ANNEX_I_USD_PER_NET_TON == {2025: 50, 2026: 80, 2027: 110, 2028: 140}
    assert ANNEX_II_USD_PER_NET_TON == {2025: 18, 2026: 23, 2027: 28, 2028: 33}
    assert ANNEX_II_USD_PER_CONTAINER == {2025: 120, 2026: 153, 2027: 195, 2028: 250}
    assert CHINA_CNY_PER_NET_TON == {2025: 400, 2026: 640, 2027: 880, 2028: 1120}


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, year",
    [
        (dt.date(2025, 10, 14), 2025),
        (dt.date(2025, 10, 20), 2025),
        (dt.date(2026, 4, 16), 2025),
        (dt.date(2026, 4, 17), 2026),
        (dt.date(2027, 4, 17), 2027),
        (dt.date(2028, 4, 16), 2027),
        (dt.date(2028, 4, 17), 2028),
        (dt.date(2031, 1, 1), 2028),
    ],
)
def test_schedule_year_for(day, year):
    assert schedule_year_for(day) == year


def test_suspension_dates():
    assert not is_suspended(dt.date(2025, 11, 9))
    assert is_suspended(dt.date(2025, 11, 10))
    assert is_suspended(dt.date(2026, 11, 9))
    assert not is_suspended(dt.date(2026, 11, 10))


# --- invariants (Hypothesis, derandomised) ----------------------------------------------

categories = st.sampled_from(CATEGORIES)
years = st.sampled_from(SCHEDULE_YEARS)
capacity = st.floats(min_value=100, max_value=30_000)
load = st.floats(min_value=0.05, max_value=1.0)
nt_per_teu = st.floats(min_value=1.0, max_value=12.0)
calls = st.floats(min_value=1, max_value=52)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(categories, years, capacity, load, nt_per_teu, calls)
def test_accounting_identities(category, year, cap, lf, nt, n):
    out = port_fee_outcome(category=category, schedule_year=year, capacity_teu=cap,
                           load_factor=lf, net_tons_per_teu=nt, calls_per_year=n)  # fmt: skip
    assert out.fee_per_call >= 0
    assert out.fee_per_call in (0.0, out.fee_by_net_tonnage, out.fee_by_containers)
    assert out.annual_fee == pytest.approx(out.fee_per_call * min(n, 5))
    boxes = cap * lf / 2 * n
    assert out.fee_per_container * boxes == pytest.approx(out.annual_fee, rel=1e-12, abs=1e-9)
    assert out.equivalent_tariff_rate == pytest.approx(out.share_of_cargo_value, rel=1e-12)
    assert out.share_of_freight_rate * 2_290 == pytest.approx(out.fee_per_container, rel=1e-12)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.sampled_from(["china_operated", "us_linked"]), years, capacity, capacity, load)
def test_per_net_ton_fee_per_box_does_not_depend_on_size(category, year, cap_a, cap_b, lf):
    a = port_fee_outcome(category=category, schedule_year=year, capacity_teu=cap_a, load_factor=lf)
    b = port_fee_outcome(category=category, schedule_year=year, capacity_teu=cap_b, load_factor=lf)
    assert a.fee_per_container == pytest.approx(b.fee_per_container, rel=1e-12)
    # ... and equals the closed form 2 r (NT/TEU) / L of the reference sheet
    assert a.fee_per_container == pytest.approx(2 * a.rate_per_net_ton * 4.93 / lf, rel=1e-12)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(categories, capacity, load)
def test_fees_never_fall_from_one_phase_to_the_next(category, cap, lf):
    fees = [
        port_fee_outcome(
            category=category, schedule_year=y, capacity_teu=cap, load_factor=lf
        ).fee_per_container
        for y in SCHEDULE_YEARS
    ]
    assert fees == sorted(fees)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(categories, years, capacity, load, load)
def test_fuller_ships_pay_less_per_box(category, year, cap, lf_a, lf_b):
    lo, hi = sorted((lf_a, lf_b))
    a = port_fee_outcome(category=category, schedule_year=year, capacity_teu=cap, load_factor=lo)
    b = port_fee_outcome(category=category, schedule_year=year, capacity_teu=cap, load_factor=hi)
    assert b.fee_per_container <= a.fee_per_container * (1 + 1e-12)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(years, calls)
def test_more_calls_never_raise_the_average_fee_per_box(year, n):
    one = port_fee_outcome(category="china_operated", schedule_year=year, **SHIP)
    many = port_fee_outcome(category="china_operated", schedule_year=year, calls_per_year=n, **SHIP)
    assert many.fee_per_container <= one.fee_per_container * (1 + 1e-12)


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(category="chinese"), "category"),
        (dict(category=None), "category"),
        (dict(schedule_year=2024), "schedule_year"),
        (dict(schedule_year=2029), "schedule_year"),
        (dict(schedule_year=True), "schedule_year"),
        (dict(capacity_teu=-1), "capacity_teu"),
        (dict(capacity_teu=0), "capacity_teu"),
        (dict(capacity_teu=math.nan), "capacity_teu"),
        (dict(capacity_teu="14000"), "capacity_teu"),
        (dict(net_tons_per_teu=-4.9), "net_tons_per_teu"),
        (dict(net_tonnage=0), "net_tonnage"),
        (dict(load_factor=0), "load_factor"),
        (dict(load_factor=1.01), "load_factor"),
        (dict(load_factor=-0.5), "load_factor"),
        (dict(container_teu=0), "container_teu"),
        (dict(calls_per_year=0), "calls_per_year"),
        (dict(cargo_value_per_container=-5), "cargo_value_per_container"),
        (dict(freight_rate_per_container=math.inf), "freight_rate_per_container"),
        (dict(usd_per_cny=0), "usd_per_cny"),
    ],
)
def test_bad_input_raises_value_error_naming_the_parameter(kwargs, name):
    args = dict(category="china_operated", schedule_year=2025, capacity_teu=14_000) | kwargs
    with pytest.raises(ValueError, match=name):
        port_fee_outcome(**args)


@pytest.mark.parametrize("day", [dt.date(2025, 10, 13), "2025-10-20", dt.datetime(2025, 10, 20)])
def test_bad_dates_raise_value_error(day):
    with pytest.raises(ValueError, match="date"):
        schedule_year_for(day)
