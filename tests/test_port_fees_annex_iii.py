"""US Annex III in the port-fee model: foreign-built vehicle carriers pay $46 per net ton.

Hand-worked cases (fee = 46 x NT per call; at most five charged calls a year), the link
to the data package, invariants (Hypothesis, derandomised) and bad input. The book has no
sourced net tonnage of a named car carrier, so tonnages here are test inputs, not facts.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import data
from widgets.models import port_fees as pf
from widgets.models.port_fees import port_fee_outcome

CAR = dict(category="vehicle_carrier", schedule_year=2025, capacity_teu=1)


def test_rate_is_the_data_packages_annex_iii_row():
    table = data.load("port_fee_schedules")
    row = table[table.fee == "us_annex_iii"].set_index("schedule_year")["rate_per_net_ton"]
    assert row.to_dict() == pf.ANNEX_III_USD_PER_NET_TON == {2025: 46.0}


@pytest.mark.parametrize("nt", [10_000, 20_000, 23_456.5])
def test_fee_per_call_is_46_times_net_tonnage(nt):
    out = port_fee_outcome(net_tonnage=nt, **CAR)
    assert out.rate_per_net_ton == 46.0
    assert out.fee_per_call == pytest.approx(46 * nt)
    assert out.fee_by_net_tonnage == pytest.approx(46 * nt)
    assert out.fee_by_containers == 0.0
    assert out.basis_code == 1 and out.basis == "net tonnage"
    assert out.annual_fee == pytest.approx(46 * nt)  # one call a year by default


def test_default_tonnage_is_the_illustrative_one():
    out = port_fee_outcome(**CAR)
    assert out.net_tonnage == pf.ILLUSTRATIVE_VEHICLE_CARRIER_NT == 20_000
    assert out.fee_per_call == pytest.approx(920_000)


def test_size_in_teu_and_net_tons_per_teu_play_no_part():
    a = port_fee_outcome(net_tonnage=18_000, **CAR)
    b = port_fee_outcome(
        **(CAR | dict(capacity_teu=14_000)), net_tonnage=18_000, net_tons_per_teu=9.0
    )
    assert a.fee_per_call == b.fee_per_call == pytest.approx(828_000)


@pytest.mark.parametrize("calls, charged", [(1, 1), (5, 5), (6, 5), (12, 5), (52, 5)])
def test_cap_of_five_charged_calls_a_year(calls, charged):
    # 20,000 NT: 920,000 a call; eight calls cost what five do (4.6 million)
    out = port_fee_outcome(net_tonnage=20_000, calls_per_year=calls, **CAR)
    assert out.charged_calls == charged
    assert out.annual_fee == pytest.approx(920_000 * charged)


def test_no_per_container_numbers_for_a_car_carrier():
    out = port_fee_outcome(net_tonnage=20_000, **CAR)
    for name in (
        "containers_per_call",
        "fee_per_container",
        "share_of_cargo_value",
        "share_of_freight_rate",
        "equivalent_tariff_rate",
    ):
        assert math.isnan(getattr(out, name)), name


# --- invariants ---------------------------------------------------------------------------


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.floats(min_value=100, max_value=200_000), st.floats(min_value=0.5, max_value=60))
def test_annual_fee_is_rate_times_tonnage_times_capped_calls(nt, calls):
    out = port_fee_outcome(net_tonnage=nt, calls_per_year=calls, **CAR)
    assert out.fee_per_call == pytest.approx(46 * nt, rel=1e-12)
    assert out.annual_fee == pytest.approx(46 * nt * min(calls, 5), rel=1e-12)
    assert out.annual_fee <= 5 * out.fee_per_call * (1 + 1e-12)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(
    st.floats(min_value=100, max_value=200_000),
    st.floats(min_value=100, max_value=200_000),
    st.floats(min_value=1, max_value=52),
)
def test_fee_rises_with_tonnage_and_never_with_calls_beyond_five(nt_a, nt_b, calls):
    lo, hi = sorted((nt_a, nt_b))
    a = port_fee_outcome(net_tonnage=lo, calls_per_year=calls, **CAR)
    b = port_fee_outcome(net_tonnage=hi, calls_per_year=calls, **CAR)
    assert a.annual_fee <= b.annual_fee * (1 + 1e-12)
    more = port_fee_outcome(net_tonnage=lo, calls_per_year=max(calls, 5) + 3, **CAR)
    five = port_fee_outcome(net_tonnage=lo, calls_per_year=5, **CAR)
    assert more.annual_fee == pytest.approx(five.annual_fee, rel=1e-12)


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(net_tonnage=0), "net_tonnage"),
        (dict(net_tonnage=-20_000), "net_tonnage"),
        (dict(net_tonnage=math.nan), "net_tonnage"),
        (dict(net_tonnage="20000"), "net_tonnage"),
        (dict(schedule_year=2026), "schedule_year"),
        (dict(schedule_year=2028), "schedule_year"),
        (dict(calls_per_year=0), "calls_per_year"),
        (dict(category="vehicle carrier"), "category"),
    ],
)
def test_bad_input_raises_value_error_naming_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        port_fee_outcome(**(CAR | kwargs))
