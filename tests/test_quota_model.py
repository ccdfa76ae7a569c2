"""Tests for widgets.models.quota: quotas, voluntary export restraints and TRQs.

Worked by hand on Suranovic's Coke market (D = 13 - 5p, S = 10p - 7, Pw = 1), where
imports are M(p) = 20 - 15p: a quota of 3.5 sets p = 1.1, the price of a 10 % tariff.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.models.quota import quota_outcome, tariff_rate_quota_outcome
from widgets.models.tariff import LinearDemand, LinearSupply, tariff_outcome

HYPOTHESIS = settings(derandomize=True, database=None, max_examples=30, deadline=None)
COKE = dict(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10), world_price=1.0)


def test_quota_of_three_and_a_half_by_hand():
    q = quota_outcome(**COKE, import_quota=3.5)
    assert q.binding == "quota"
    assert q.domestic_price == pytest.approx(1.1, rel=1e-12)
    assert q.equivalent_tariff_rate == pytest.approx(0.1, rel=1e-10)
    # Consumers lose 0.1 * (13 - 5 * 1.05) = 0.775; producers gain 0.1 * (10.5 - 7) = 0.35.
    assert q.consumer_surplus_change == pytest.approx(-0.775, rel=1e-10)
    assert q.producer_surplus_change == pytest.approx(0.35, rel=1e-10)
    assert q.quota_rent == pytest.approx(0.35, rel=1e-10)
    assert q.tariff_revenue == 0.0
    assert q.home_welfare_change == pytest.approx(-0.075, rel=1e-10)


def test_a_voluntary_export_restraint_sends_the_rent_abroad():
    ver = quota_outcome(**COKE, import_quota=3.5, rent_to="exporters")
    assert ver.foreign_rent == pytest.approx(0.35, rel=1e-10)
    assert ver.home_welfare_change == pytest.approx(-0.425, rel=1e-10)


def test_a_quota_above_free_trade_imports_does_nothing():
    q = quota_outcome(**COKE, import_quota=6.0)
    assert q.binding == "free trade"
    assert q.domestic_price == 1.0 and q.quota_rent == 0.0 and q.home_welfare_change == 0.0


def test_a_zero_quota_is_autarky():
    q = quota_outcome(**COKE, import_quota=0.0)
    assert q.imports == pytest.approx(0.0, abs=1e-12)
    assert q.domestic_price == pytest.approx(4 / 3, rel=1e-12)


@HYPOTHESIS
@given(st.floats(0.01, 1.5), st.sampled_from([math.inf, 1.5, 2.0, 5.0]))
def test_a_quota_equal_to_the_tariffs_imports_gives_the_same_prices(rate, e):
    t = tariff_outcome(**COKE, tariff_rate=rate, export_supply_elasticity=e)
    if t.imports <= 0:
        return
    q = quota_outcome(**COKE, import_quota=t.imports, export_supply_elasticity=e)
    assert q.domestic_price == pytest.approx(t.domestic_price, rel=1e-9)
    assert q.world_price == pytest.approx(t.world_price, rel=1e-9)
    assert q.quota_rent == pytest.approx(t.tariff_revenue, rel=1e-8, abs=1e-12)
    assert q.home_welfare_change == pytest.approx(t.net_welfare_change, rel=1e-8, abs=1e-12)


def test_when_demand_grows_a_tariff_keeps_the_price_and_a_quota_does_not():
    t = tariff_outcome(**COKE, tariff_rate=0.1)
    grown = dict(COKE, demand=LinearDemand(14, 5))  # one more unit demanded at every price
    t_grown = tariff_outcome(**grown, tariff_rate=0.1)
    q_grown = quota_outcome(**grown, import_quota=t.imports)
    assert t_grown.domestic_price == pytest.approx(1.1, rel=1e-12)
    assert t_grown.imports == pytest.approx(t.imports + 1, rel=1e-12)
    # Under the quota imports stay at 3.5: 21 - 15 p = 3.5 gives p = 35/30.
    assert q_grown.domestic_price == pytest.approx(35 / 30, rel=1e-12)
    assert q_grown.imports == pytest.approx(3.5, rel=1e-12)


def test_trq_regimes_by_hand():
    kw = dict(COKE, in_quota_rate=0.0, over_quota_rate=0.2)
    # Quota 5: at the in-quota price (1.0) imports are 5, within the quota.
    a = tariff_rate_quota_outcome(**kw, import_quota=5.0)
    assert (a.binding, a.domestic_price, a.quota_rent) == ("in-quota rate", 1.0, 0.0)
    # Quota 3.5: at 1.2 imports would be 2 < 3.5, at 1.0 they would be 5 > 3.5: the quota binds.
    b = tariff_rate_quota_outcome(**kw, import_quota=3.5)
    assert b.binding == "quota" and b.domestic_price == pytest.approx(1.1, rel=1e-12)
    # Quota 1: the over-quota rate binds; 1 unit at 0 %, 1 unit at 20 %.
    c = tariff_rate_quota_outcome(**kw, import_quota=1.0)
    assert c.binding == "over-quota rate"
    assert c.imports == pytest.approx(2.0, rel=1e-12)
    assert c.tariff_revenue == pytest.approx(0.2, rel=1e-12)
    assert c.quota_rent == pytest.approx(0.2, rel=1e-12)


@HYPOTHESIS
@given(st.floats(0, 0.3), st.floats(0, 6))
def test_a_trq_with_one_rate_is_that_tariff(rate, quota):
    trq = tariff_rate_quota_outcome(
        **COKE, import_quota=quota, in_quota_rate=rate, over_quota_rate=rate
    )
    t = tariff_outcome(**COKE, tariff_rate=rate)
    assert trq.domestic_price == pytest.approx(t.domestic_price, rel=1e-12)
    assert trq.quota_rent == pytest.approx(0.0, abs=1e-12)
    assert trq.tariff_revenue == pytest.approx(t.tariff_revenue, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(import_quota=-1.0), "import_quota"),
        (dict(import_quota=math.nan), "import_quota"),
        (dict(import_quota=3.0, rent_to="nobody"), "rent_to"),
        (dict(import_quota=3.0, world_price=0.0), "world_price"),
    ],
)
def test_quota_bad_input_is_named(kwargs, name):
    with pytest.raises(ValueError, match=name):
        quota_outcome(**(COKE | kwargs))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(in_quota_rate=-0.1), "in_quota_rate"),
        (dict(over_quota_rate=math.inf), "over_quota_rate"),
        (dict(in_quota_rate=0.3, over_quota_rate=0.2), "over_quota_rate"),
    ],
)
def test_trq_bad_input_is_named(kwargs, name):
    args = dict(COKE, import_quota=3.0, in_quota_rate=0.0, over_quota_rate=0.2) | kwargs
    with pytest.raises(ValueError, match=name):
        tariff_rate_quota_outcome(**args)
