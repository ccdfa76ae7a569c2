"""Tests for widgets.models.tariff, in three layers.

1. Closed-form cases worked by hand (the source of each number is given).
2. Reference values from a cited source: Suranovic's Coke exercise, and the
   deadweight-loss formula of Amiti, Redding and Weinstein (2019).
3. Invariants checked with Hypothesis (derandomized, so every run draws the same cases).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from model_support import HYPOTHESIS, assert_fields

from widgets.models import (
    ConstantElasticityDemand,
    ConstantElasticitySupply,
    LinearDemand,
    LinearSupply,
    TariffOutcome,
    autarky_price,
    prohibitive_tariff_rate,
    tariff_outcome,
)

# Suranovic, *International Trade: Theory and Policy* (Saylor/FlatWorld, CC BY-NC-SA
# 3.0), ch. 7 exercise, as transcribed in /work/shared/reference/facts-data.md §6:
# Coke market with S = 10P - 7, D = 13 - 5P (millions of bottles), Pw = $1.00.
COKE = {
    "demand": LinearDemand(intercept=13, slope=5),
    "supply": LinearSupply(intercept=-7, slope=10),
    "world_price": 1.0,
}

CONTRACT_FIELDS = [
    "tariff_rate",
    "specific_tariff",
    "free_trade_price",
    "world_price",
    "domestic_price",
    "free_trade_demand",
    "free_trade_supply",
    "free_trade_imports",
    "quantity_demanded",
    "quantity_supplied",
    "imports",
    "consumer_surplus_change",
    "producer_surplus_change",
    "tariff_revenue",
    "production_distortion",
    "consumption_distortion",
    "deadweight_loss",
    "terms_of_trade_gain",
    "net_welfare_change",
]

# The fields that measure a change: the last eight of the contract.
CHANGE_FIELDS = CONTRACT_FIELDS[CONTRACT_FIELDS.index("consumer_surplus_change") :]


def approx(value: float):
    return pytest.approx(value, rel=1e-12, abs=1e-12)


# ---------------------------------------------------------------------------
# 1. closed-form and reference cases
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "tariff",
    [{"specific_tariff": 0.20}, {"tariff_rate": 0.20}],
    ids=["specific_0.20", "ad_valorem_20pct"],
)
def test_suranovic_coke_small_country(tariff):
    # Suranovic ch. 7 exercise (facts-data.md §6): a $0.20 tariff at Pw = $1.00.
    # A 20 % ad valorem tariff is the same wedge because Pw = 1.
    # S: 3 -> 5, D: 8 -> 7, M: 5 -> 2; dPS = +0.80, dCS = -1.50, revenue = +0.40,
    # DWL = 0.30 = production 0.20 + consumption 0.10.
    out = tariff_outcome(**COKE, **tariff)
    assert_fields(
        out, free_trade_price=1.0, world_price=1.0, domestic_price=1.20, free_trade_supply=3.0,
        free_trade_demand=8.0, free_trade_imports=5.0, quantity_supplied=5.0,
        quantity_demanded=7.0, imports=2.0, producer_surplus_change=0.80,
        consumer_surplus_change=-1.50, tariff_revenue=0.40, production_distortion=0.20,
        consumption_distortion=0.10, deadweight_loss=0.30, terms_of_trade_gain=0.0,
        net_welfare_change=-0.30,
    )  # fmt: skip


def test_coke_arw_formula():
    # ARW (2019, NBER w25672 p.14): DWL = 1/2 * tau * (M0 - M1) = 0.5 * 0.2 * 3 = 0.30.
    out = tariff_outcome(**COKE, specific_tariff=0.2)
    tau = out.domestic_price - out.world_price
    assert out.deadweight_loss == approx(0.5 * tau * (out.free_trade_imports - out.imports))
    assert out.deadweight_loss == approx(0.30)


def test_large_country_linear_by_hand():
    # Worked by hand. Coke market, $0.20 specific tariff, foreign export supply with
    # elasticity e* = 2 at the free-trade point (Pw = 1, M0 = 5):
    #   X*(p*) = 5 * (1 + 2 (p* - 1)) = 10 p* - 5
    #   M(p)   = (13 - 5p) - (10p - 7) = 20 - 15p, with p = p* + 0.2
    #   20 - 15 (p* + 0.2) = 10 p* - 5  =>  22 = 25 p*  =>  p* = 0.88, p = 1.08
    #   M1 = 10 * 0.88 - 5 = 3.8; S1 = 10.8 - 7 = 3.8; D1 = 13 - 5.4 = 7.6
    #   revenue = 0.2 * 3.8 = 0.76; ToT gain G = (1 - 0.88) * 3.8 = 0.456
    #   B = 1/2 * 0.08 * (3.8 - 3) = 0.032; D = 1/2 * 0.08 * (8 - 7.6) = 0.016
    #   DWL = 0.048; net = G - DWL = 0.408
    #   dCS = -0.08 * (8 + 7.6) / 2 = -0.624; dPS = 0.08 * (3 + 3.8) / 2 = 0.272
    out = tariff_outcome(**COKE, specific_tariff=0.2, export_supply_elasticity=2.0)
    assert_fields(
        out, world_price=0.88, domestic_price=1.08, imports=3.8, quantity_supplied=3.8,
        quantity_demanded=7.6, tariff_revenue=0.76, terms_of_trade_gain=0.456,
        production_distortion=0.032, consumption_distortion=0.016, deadweight_loss=0.048,
        consumer_surplus_change=-0.624, producer_surplus_change=0.272, net_welfare_change=0.408,
    )  # fmt: skip


def test_large_country_prohibitive_rate_by_hand():
    # With e* = 2 foreign exports stop at p* = Pw (1 - 1/2) = 0.5. Imports stop when
    # 0.5 (1 + t) reaches the autarky price 4/3, i.e. t = 5/3. Small country: 1/3.
    # With a $0.20 specific tariff as well (small country): 1 + t + 0.2 = 4/3, t = 2/15.
    assert autarky_price(COKE["demand"], COKE["supply"]) == approx(4 / 3)
    assert prohibitive_tariff_rate(**COKE) == approx(1 / 3)
    assert prohibitive_tariff_rate(**COKE, specific_tariff=0.2) == approx(2 / 15)
    assert prohibitive_tariff_rate(**COKE, export_supply_elasticity=2.0) == approx(5 / 3)
    # e* <= 1: foreign firms still export at any positive price
    assert prohibitive_tariff_rate(**COKE, export_supply_elasticity=1.0) == math.inf
    assert prohibitive_tariff_rate(**COKE, export_supply_elasticity=0.5) == math.inf
    # a specific tariff that alone reaches autarky leaves nothing for the ad valorem part
    assert prohibitive_tariff_rate(**COKE, specific_tariff=0.5) == 0.0
    at_rate = tariff_outcome(**COKE, tariff_rate=5 / 3, export_supply_elasticity=2.0)
    assert at_rate.imports == 0.0
    assert at_rate.world_price == approx(0.5)
    assert at_rate.domestic_price == approx(4 / 3)


def test_large_country_ad_valorem_by_hand():
    # 20 % ad valorem, e* = 2: 20 - 15 * 1.2 p* = 10 p* - 5  =>  p* = 25/28.
    out = tariff_outcome(**COKE, tariff_rate=0.2, export_supply_elasticity=2.0)
    p_star = 25 / 28
    imports = 10 * p_star - 5
    assert out.world_price == approx(p_star)
    assert out.domestic_price == approx(1.2 * p_star)
    assert out.imports == approx(imports)
    assert out.tariff_revenue == approx(0.2 * p_star * imports)
    assert out.terms_of_trade_gain == approx((1 - p_star) * imports)


def test_constant_elasticity_by_hand():
    # D = 100 p^-2, S = p, Pw = 1, 100 % tariff => p = 2.
    #   D: 100 -> 25, S: 1 -> 2, M: 99 -> 23
    #   dCS = -int_1^2 100 p^-2 dp = -100 (1 - 1/2) = -50
    #   dPS = int_1^2 p dp = 1.5;  revenue = 1 * 23 = 23;  net = -25.5
    #   B = 1 * 2 - 1.5 = 0.5;  D = 50 - 1 * 25 = 25;  DWL = 25.5
    out = tariff_outcome(
        demand=ConstantElasticityDemand(scale=100, elasticity=2),
        supply=ConstantElasticitySupply(scale=1, elasticity=1),
        world_price=1.0,
        tariff_rate=1.0,
    )
    assert (out.quantity_demanded, out.quantity_supplied, out.imports) == (25.0, 2.0, 23.0)
    assert out.consumer_surplus_change == approx(-50.0)
    assert out.producer_surplus_change == approx(1.5)
    assert out.tariff_revenue == approx(23.0)
    assert out.production_distortion == approx(0.5)
    assert out.consumption_distortion == approx(25.0)
    assert out.net_welfare_change == approx(-25.5)


def test_unit_elastic_demand_uses_log():
    # D = 10/p: consumers lose 10 ln(p1/p0); near elasticity 1 the formula is continuous.
    d = ConstantElasticityDemand(scale=10, elasticity=1)
    assert d.integral(1.0, 2.0) == approx(10 * math.log(2))
    near = ConstantElasticityDemand(scale=10, elasticity=1 + 1e-12)
    assert near.integral(1.0, 2.0) == pytest.approx(10 * math.log(2), rel=1e-10)
    # tiny interval: no cancellation
    assert d.integral(1.0, 1.0 + 1e-10) == pytest.approx(10 * 1e-10, rel=1e-9)


def test_curve_integrals_are_exact_and_piecewise():
    d = COKE["demand"]  # choke at 2.6
    s = COKE["supply"]  # output starts at 0.7
    assert d.choke_price == approx(2.6)
    # triangle beyond the choke: 1/2 * 0.6 * 3
    assert d.integral(2.0, 3.0) == approx(0.9)
    assert d.integral(3.0, 2.0) == approx(-0.9)
    assert d.integral(3.0, 5.0) == 0.0
    # supply starts at 0.7: 1/2 * 0.3 * 3
    assert s.integral(0.0, 1.0) == approx(0.45)
    assert s.integral(1.0, 0.0) == approx(-0.45)
    assert s.integral(0.2, 0.6) == 0.0
    # constant elasticity: int_0^2 3 p^2 dp = 8; int_1^inf-type divergence from zero
    assert ConstantElasticitySupply(3, 2).integral(0.0, 2.0) == approx(8.0)
    assert ConstantElasticityDemand(1, 2).integral(0.0, 1.0) == math.inf
    assert ConstantElasticityDemand(1, 0.5).integral(0.0, 4.0) == approx(4.0)


def test_quantity_accepts_arrays():
    prices = np.array([0.0, 1.0, 3.0])
    np.testing.assert_array_equal(COKE["demand"].quantity(prices), [13.0, 8.0, 0.0])
    np.testing.assert_array_equal(COKE["supply"].quantity(prices), [0.0, 3.0, 23.0])
    ce = ConstantElasticityDemand(4, 2).quantity(np.array([0.0, 2.0]))
    np.testing.assert_array_equal(ce, [math.inf, 1.0])
    assert isinstance(COKE["demand"].quantity(1.0), float)


@pytest.mark.parametrize(
    "cls", [LinearDemand, LinearSupply, ConstantElasticityDemand, ConstantElasticitySupply]
)
def test_from_point_reproduces_the_point_and_elasticity(cls):
    curve = cls.from_point(quantity=40.0, price=2.5, elasticity=1.7)
    assert curve.quantity(2.5) == approx(40.0)
    h = 1e-6  # central difference for the point elasticity
    slope = (curve.quantity(2.5 + h) - curve.quantity(2.5 - h)) / (2 * h)
    assert abs(slope) * 2.5 / 40.0 == pytest.approx(1.7, rel=1e-6)


def test_autarky_price_edge_cases():
    # supply starts above the choke price: no home market, cap at the choke price
    assert autarky_price(LinearDemand(1, 1), LinearSupply(-5, 1)) == approx(1.0)
    # supply covers demand even at a zero price
    assert autarky_price(LinearDemand(1, 1), LinearSupply(5, 1)) == 0.0
    # constant elasticity: 100 p^-2 = p  =>  p = 100^(1/3)
    ce = autarky_price(ConstantElasticityDemand(100, 2), ConstantElasticitySupply(1, 1))
    assert ce == approx(100 ** (1 / 3))
    # mixed: 13 - 5p = p^2  =>  p = (-5 + sqrt(77)) / 2
    mixed = autarky_price(LinearDemand(13, 5), ConstantElasticitySupply(1, 2))
    assert mixed == approx((-5 + math.sqrt(77)) / 2)


def test_exporter_is_untouched_by_an_import_tariff():
    # Pw = 1.5 is above the autarky price 4/3: the country exports; a tariff on
    # imports changes nothing.
    out = tariff_outcome(**{**COKE, "world_price": 1.5}, tariff_rate=0.5)
    assert out.free_trade_imports == 0.0 and out.imports == 0.0
    assert out.domestic_price == 1.5 and out.world_price == 1.5
    assert all(getattr(out, name) == 0.0 for name in CHANGE_FIELDS)
    assert prohibitive_tariff_rate(**{**COKE, "world_price": 1.5}) == 0.0


def test_large_country_tends_to_small_country():
    small = tariff_outcome(**COKE, tariff_rate=0.1)
    large = tariff_outcome(**COKE, tariff_rate=0.1, export_supply_elasticity=1e12)
    for name in CONTRACT_FIELDS:
        assert getattr(large, name) == pytest.approx(getattr(small, name), abs=1e-9)


def test_free_disposal_when_foreign_supply_is_inelastic():
    # e* = 0.2: at p* = 0 foreign firms would still offer 5 * (1 - 0.2) = 4 units.
    # With a $1.20 specific tariff the home price is 1.2 even at p* = 0, where import
    # demand is M(1.2) = 20 - 15 * 1.2 = 2 < 4. The foreign price cannot fall below
    # zero (free disposal), so p* = 0 and imports = 2.
    out = tariff_outcome(**COKE, specific_tariff=1.2, export_supply_elasticity=0.2)
    assert out.world_price == 0.0
    assert out.domestic_price == approx(1.2)
    assert out.imports == approx(2.0)
    assert out.terms_of_trade_gain == approx(2.0)  # (1 - 0) * 2


def test_outcome_contract():
    out = tariff_outcome(**COKE, tariff_rate=0.1)
    assert [f.name for f in dataclasses.fields(TariffOutcome)] == CONTRACT_FIELDS
    assert list(out.as_dict()) == CONTRACT_FIELDS
    assert all(isinstance(v, float) for v in out.as_dict().values())
    with pytest.raises(dataclasses.FrozenInstanceError):
        out.imports = 0.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        COKE["demand"].slope = 1.0  # type: ignore[misc]


# ---------------------------------------------------------------------------
# 3. invariants (Hypothesis)
# ---------------------------------------------------------------------------
CURVE_KINDS = ["linear", "constant_elasticity"]


@st.composite
def markets(draw, demand_kinds=CURVE_KINDS, supply_kinds=CURVE_KINDS):
    """A home market that imports under free trade, calibrated at the world price."""
    world_price = draw(st.floats(0.1, 50.0))
    demand_qty = draw(st.floats(1.0, 1e4))
    supply_share = draw(st.floats(0.01, 0.95))  # home supply / home demand at Pw
    demand_elasticity = draw(st.floats(0.1, 6.0))
    supply_elasticity = draw(st.floats(0.1, 6.0))
    demand_cls = {"linear": LinearDemand, "constant_elasticity": ConstantElasticityDemand}[
        draw(st.sampled_from(demand_kinds))
    ]
    supply_cls = {"linear": LinearSupply, "constant_elasticity": ConstantElasticitySupply}[
        draw(st.sampled_from(supply_kinds))
    ]
    return {
        "demand": demand_cls.from_point(
            quantity=demand_qty, price=world_price, elasticity=demand_elasticity
        ),
        "supply": supply_cls.from_point(
            quantity=supply_share * demand_qty, price=world_price, elasticity=supply_elasticity
        ),
        "world_price": world_price,
    }


tariff_rates = st.floats(0.0, 3.0)
specific_shares = st.floats(0.0, 1.0)  # specific tariff as a share of the world price
export_elasticities = st.one_of(st.just(math.inf), st.floats(0.2, 50.0))
large_elasticities = st.floats(0.2, 50.0)


wedges = {"rate": tariff_rates, "specific_share": specific_shares}


def _outcome(market, rate, specific_share, elasticity=math.inf) -> TariffOutcome:
    """The outcome of an ad valorem and a specific tariff (as a share of the world price)."""
    return tariff_outcome(
        **market,
        tariff_rate=rate,
        specific_tariff=specific_share * market["world_price"],
        export_supply_elasticity=elasticity,
    )


def _scale(out: TariffOutcome) -> float:
    """Size of the welfare components, for absolute tolerances on their sums."""
    return (
        abs(out.consumer_surplus_change)
        + abs(out.producer_surplus_change)
        + abs(out.tariff_revenue)
        + abs(out.terms_of_trade_gain)
    )


def _identity_holds(lhs: float, rhs: float, out: TariffOutcome) -> bool:
    # rel_tol 1e-9 as specified. The DWL of a tiny tariff is second order, so it can be
    # far smaller than the first-order terms summed on the other side; their rounding
    # (~1e-16 of their size) is allowed for with an absolute tolerance.
    return math.isclose(lhs, rhs, rel_tol=1e-9, abs_tol=1e-12 * _scale(out))


@HYPOTHESIS
@given(
    market=markets(),
    rates=st.tuples(tariff_rates, tariff_rates),
    specific_share=specific_shares,
    elasticity=export_elasticities,
)
def test_prices_and_imports_monotone_in_tariff(market, rates, specific_share, elasticity):
    low, high = sorted(rates)
    specific = specific_share * market["world_price"]
    common = {**market, "specific_tariff": specific, "export_supply_elasticity": elasticity}
    a = tariff_outcome(**common, tariff_rate=low)
    b = tariff_outcome(**common, tariff_rate=high)
    m_tol = 1e-9 * a.free_trade_imports
    p_tol = 1e-9 * market["world_price"]
    assert b.imports <= a.imports + m_tol
    assert b.domestic_price >= a.domestic_price - p_tol
    assert b.world_price <= a.world_price + p_tol
    # and the tariff never raises imports above free trade, nor the world price above Pw
    assert a.imports <= a.free_trade_imports + m_tol
    assert a.world_price <= market["world_price"]


@HYPOTHESIS
@given(market=markets(), rate=tariff_rates, shares=st.tuples(specific_shares, specific_shares))
def test_imports_monotone_in_specific_tariff(market, rate, shares):
    low, high = (s * market["world_price"] for s in sorted(shares))
    a = tariff_outcome(**market, tariff_rate=rate, specific_tariff=low)
    b = tariff_outcome(**market, tariff_rate=rate, specific_tariff=high)
    assert b.imports <= a.imports
    assert b.domestic_price >= a.domestic_price


@HYPOTHESIS
@given(market=markets(), **wedges)
def test_small_country_welfare_identity(market, rate, specific_share):
    out = _outcome(market, rate, specific_share)
    assert out.world_price == out.free_trade_price
    assert out.terms_of_trade_gain == 0.0
    lhs = out.consumer_surplus_change + out.producer_surplus_change + out.tariff_revenue
    assert _identity_holds(lhs, -out.deadweight_loss, out)
    assert out.net_welfare_change == lhs
    assert out.deadweight_loss == out.production_distortion + out.consumption_distortion


@HYPOTHESIS
@given(market=markets(), elasticity=large_elasticities, **wedges)
def test_large_country_welfare_identity_and_equilibrium(market, rate, specific_share, elasticity):
    out = _outcome(market, rate, specific_share, elasticity)
    assert _identity_holds(
        out.net_welfare_change, out.terms_of_trade_gain - out.deadweight_loss, out
    )
    # the solved world price clears the market: home imports = foreign exports
    pw, m0 = out.free_trade_price, out.free_trade_imports
    foreign = m0 * max(0.0, 1 + elasticity * (out.world_price / pw - 1))
    if out.world_price > 0:
        assert out.imports == pytest.approx(foreign, rel=1e-9, abs=1e-9 * m0)
    else:  # free disposal at a zero foreign price
        assert out.imports <= foreign + 1e-9 * m0
    # the tariff wedge is what the contract says, unless the autarky cap binds
    p_autarky = autarky_price(market["demand"], market["supply"])
    raw = out.world_price * (1 + out.tariff_rate) + out.specific_tariff
    assert out.domestic_price == pytest.approx(min(raw, p_autarky), rel=1e-12)


@HYPOTHESIS
@given(market=markets(), elasticity=export_elasticities)
def test_zero_tariff_is_free_trade(market, elasticity):
    out = tariff_outcome(**market, export_supply_elasticity=elasticity)
    assert out.domestic_price == out.world_price == out.free_trade_price
    assert out.quantity_demanded == out.free_trade_demand
    assert out.quantity_supplied == out.free_trade_supply
    assert out.imports == out.free_trade_imports > 0
    assert all(getattr(out, name) == 0.0 for name in CHANGE_FIELDS)


@HYPOTHESIS
@given(
    market=markets(),
    specific_share=st.floats(0.0, 0.5),
    elasticity=export_elasticities,
    extra=st.floats(0.0, 10.0),
)
def test_prohibitive_tariff_stops_imports(market, specific_share, elasticity, extra):
    specific = specific_share * market["world_price"]
    common = {**market, "specific_tariff": specific, "export_supply_elasticity": elasticity}
    rate = prohibitive_tariff_rate(**common)
    p_autarky = autarky_price(market["demand"], market["supply"])
    if math.isinf(rate):
        # only possible when foreign supply stays positive at a zero price
        assert elasticity <= 1
        assert tariff_outcome(**common, tariff_rate=1e6).imports > 0
        return
    for t in (rate, rate * (1 + extra), rate + extra):
        out = tariff_outcome(**common, tariff_rate=t)
        assert out.imports == 0.0
        assert out.tariff_revenue == 0.0
        assert out.terms_of_trade_gain == 0.0
        assert out.domestic_price == p_autarky
    # ...and it is the smallest such rate: slightly below it, imports are positive
    if rate > 0:
        below = tariff_outcome(**common, tariff_rate=rate * (1 - 1e-6))
        assert below.imports > 0


@HYPOTHESIS
@given(market=markets(), elasticity=export_elasticities, **wedges)
def test_signs_of_each_region(market, rate, specific_share, elasticity):
    out = _outcome(market, rate, specific_share, elasticity)
    assert out.consumer_surplus_change <= 0
    assert out.producer_surplus_change >= 0
    assert out.tariff_revenue >= 0
    assert out.production_distortion >= 0
    assert out.consumption_distortion >= 0
    assert out.deadweight_loss >= 0
    assert out.terms_of_trade_gain >= 0
    assert 0 <= out.world_price <= out.free_trade_price <= out.domestic_price
    # consumers lose more than producers gain plus the part of revenue paid at home
    home_revenue = (out.domestic_price - out.free_trade_price) * out.imports
    assert -out.consumer_surplus_change >= (
        out.producer_surplus_change + home_revenue - 1e-12 * _scale(out)
    )


@HYPOTHESIS
@given(market=markets(demand_kinds=["linear"], supply_kinds=["linear"]), **wedges)
def test_arw_formula_for_linear_small_country(market, rate, specific_share):
    # Amiti, Redding & Weinstein (2019): with linear import demand and a horizontal
    # foreign supply, DWL = 1/2 * tau * (M0 - M1), tau the per-unit price wedge.
    out = _outcome(market, rate, specific_share)
    tau = out.domestic_price - out.world_price
    expected = 0.5 * tau * (out.free_trade_imports - out.imports)
    assert math.isclose(out.deadweight_loss, expected, rel_tol=1e-9, abs_tol=1e-12 * _scale(out))
    # and the two triangles separately: B = 1/2 tau (S1 - S0), D = 1/2 tau (D0 - D1)
    assert math.isclose(
        out.production_distortion,
        0.5 * tau * (out.quantity_supplied - out.free_trade_supply),
        rel_tol=1e-9,
        abs_tol=1e-12 * _scale(out),
    )
    assert math.isclose(
        out.consumption_distortion,
        0.5 * tau * (out.free_trade_demand - out.quantity_demanded),
        rel_tol=1e-9,
        abs_tol=1e-12 * _scale(out),
    )


@HYPOTHESIS
@given(market=markets(), p0=st.floats(0.01, 100.0), p1=st.floats(0.01, 100.0))
def test_integrals_match_numerical_quadrature(market, p0, p1):
    # Independent check of the closed-form areas: composite Simpson on a fine grid.
    for curve in (market["demand"], market["supply"]):
        kinks = [p for p in (getattr(curve, "choke_price", None),) if p is not None]
        if isinstance(curve, LinearSupply):
            kinks.append(max(0.0, -curve.intercept / curve.slope))
        lo, hi = sorted((p0, p1))
        points = sorted({lo, hi, *[k for k in kinks if lo < k < hi]})
        total = 0.0
        for a, b in itertools.pairwise(points):
            # Simpson in u = log p (integrand Q(e^u) e^u), smooth between the kinks
            u = np.linspace(math.log(a), math.log(b), 2001)
            f = curve.quantity(np.exp(u)) * np.exp(u)
            h = (u[-1] - u[0]) / 2000
            total += h / 3 * (f[0] + f[-1] + 4 * f[1:-1:2].sum() + 2 * f[2:-1:2].sum())
        expected = total if p1 >= p0 else -total
        assert curve.integral(p0, p1) == pytest.approx(expected, rel=1e-7, abs=1e-9)


# ---------------------------------------------------------------------------
# 4. bad input
# ---------------------------------------------------------------------------
NAN, INF = math.nan, math.inf


def _raises(name: str):
    return pytest.raises(ValueError, match=f"^{re.escape(name)} must")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("world_price", NAN),
        ("world_price", INF),
        ("world_price", -INF),
        ("world_price", -1.0),
        ("world_price", 0.0),
        ("world_price", "1.0"),
        ("world_price", None),
        ("world_price", True),
        ("tariff_rate", NAN),
        ("tariff_rate", INF),
        ("tariff_rate", -INF),
        ("tariff_rate", -0.1),
        ("tariff_rate", np.float64(NAN)),
        ("specific_tariff", NAN),
        ("specific_tariff", INF),
        ("specific_tariff", -0.2),
        ("export_supply_elasticity", NAN),
        ("export_supply_elasticity", -INF),
        ("export_supply_elasticity", 0.0),
        ("export_supply_elasticity", -2.0),
        ("export_supply_elasticity", "inf"),
    ],
)
def test_tariff_outcome_rejects_bad_numbers(name, value):
    kwargs = {**COKE, "tariff_rate": 0.1, name: value}
    with _raises(name):
        tariff_outcome(**kwargs)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("world_price", NAN),
        ("world_price", -1.0),
        ("specific_tariff", -1.0),
        ("specific_tariff", INF),
        ("export_supply_elasticity", NAN),
        ("export_supply_elasticity", 0.0),
    ],
)
def test_prohibitive_rate_rejects_bad_numbers(name, value):
    with _raises(name):
        prohibitive_tariff_rate(**{**COKE, name: value})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("demand", COKE["supply"]),  # curves swapped
        ("demand", None),
        ("demand", (13, 5)),
        ("demand", lambda p: 13 - 5 * p),
        ("supply", COKE["demand"]),
        ("supply", ConstantElasticityDemand(1, 1)),
        ("supply", "10P - 7"),
    ],
)
def test_wrong_curve_types(name, value):
    with _raises(name):
        tariff_outcome(**{**COKE, name: value}, tariff_rate=0.1)
    with _raises(name):
        prohibitive_tariff_rate(**{**COKE, name: value})
    with _raises(name):
        autarky_price(**{"demand": COKE["demand"], "supply": COKE["supply"], name: value})


@pytest.mark.parametrize(
    ("cls", "kwargs", "name"),
    [
        (LinearDemand, {"intercept": NAN, "slope": 1}, "intercept"),
        (LinearDemand, {"intercept": INF, "slope": 1}, "intercept"),
        (LinearDemand, {"intercept": 0.0, "slope": 1}, "intercept"),
        (LinearDemand, {"intercept": -5, "slope": 1}, "intercept"),
        (LinearDemand, {"intercept": 10, "slope": 0.0}, "slope"),
        (LinearDemand, {"intercept": 10, "slope": -5}, "slope"),
        (LinearDemand, {"intercept": 10, "slope": NAN}, "slope"),
        (LinearDemand, {"intercept": 10, "slope": -INF}, "slope"),
        (LinearSupply, {"intercept": NAN, "slope": 1}, "intercept"),
        (LinearSupply, {"intercept": -INF, "slope": 1}, "intercept"),
        (LinearSupply, {"intercept": -7, "slope": 0.0}, "slope"),
        (LinearSupply, {"intercept": -7, "slope": -10}, "slope"),
        (LinearSupply, {"intercept": -7, "slope": INF}, "slope"),
        (ConstantElasticityDemand, {"scale": 0.0, "elasticity": 2}, "scale"),
        (ConstantElasticityDemand, {"scale": -1, "elasticity": 2}, "scale"),
        (ConstantElasticityDemand, {"scale": NAN, "elasticity": 2}, "scale"),
        (ConstantElasticityDemand, {"scale": 1, "elasticity": 0.0}, "elasticity"),
        (ConstantElasticityDemand, {"scale": 1, "elasticity": -2.5}, "elasticity"),
        (ConstantElasticityDemand, {"scale": 1, "elasticity": INF}, "elasticity"),
        (ConstantElasticitySupply, {"scale": INF, "elasticity": 1}, "scale"),
        (ConstantElasticitySupply, {"scale": 1, "elasticity": 0.0}, "elasticity"),
        (ConstantElasticitySupply, {"scale": 1, "elasticity": -1}, "elasticity"),
        (ConstantElasticitySupply, {"scale": 1, "elasticity": NAN}, "elasticity"),
    ],
)
def test_curve_parameters_are_checked(cls, kwargs, name):
    with _raises(name):
        cls(**kwargs)


@pytest.mark.parametrize(
    "cls", [LinearDemand, LinearSupply, ConstantElasticityDemand, ConstantElasticitySupply]
)
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("quantity", 0.0),
        ("quantity", -1.0),
        ("quantity", NAN),
        ("price", 0.0),
        ("price", INF),
        ("elasticity", 0.0),
        ("elasticity", -0.5),  # a signed demand elasticity must be passed as |e|
        ("elasticity", NAN),
    ],
)
def test_from_point_checks_its_inputs(cls, name, value):
    kwargs = {"quantity": 10.0, "price": 2.0, "elasticity": 1.5, name: value}
    with _raises(name):
        cls.from_point(**kwargs)


@pytest.mark.parametrize(
    "curve",
    [
        COKE["demand"],
        COKE["supply"],
        ConstantElasticityDemand(1, 2),
        ConstantElasticitySupply(1, 2),
    ],
)
def test_curve_methods_check_prices(curve):
    for bad in (NAN, -INF, INF, -0.5):
        with _raises("price"):
            curve.quantity(bad)
        with _raises("p0"):
            curve.integral(bad, 1.0)
        with _raises("p1"):
            curve.integral(1.0, bad)
    with pytest.raises(ValueError, match="price must contain"):
        curve.quantity(np.array([1.0, -1.0]))


def test_error_message_shows_the_bad_value():
    with pytest.raises(ValueError, match=r"^world_price must be a finite number > 0, got nan$"):
        tariff_outcome(**{**COKE, "world_price": NAN})
    with pytest.raises(ValueError, match=r"got -0\.1$"):
        tariff_outcome(**COKE, tariff_rate=-0.1)


def test_small_country_accepts_infinite_export_elasticity():
    # inf is the documented small-country value, not an error
    out = tariff_outcome(**COKE, tariff_rate=0.2, export_supply_elasticity=INF)
    assert out.world_price == 1.0
