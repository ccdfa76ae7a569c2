"""The live tariff explorer, built headless: set ``.value``, assert the recomputed result."""

import math

import pytest
from explorer_support import set_inputs

from widgets.controls.tariff import TariffExplorer
from widgets.models import tariff_outcome
from widgets.models.examples import linear_market


@pytest.fixture
def explorer():
    return TariffExplorer()


def test_starts_at_25_percent_in_the_classroom_market(explorer):
    assert explorer.outcome.tariff_rate == 0.25
    assert explorer.outcome.domestic_price == pytest.approx(125.0)
    # Demand 130 - 0.3p and supply 28 + 0.12p at p = 125: imports 92.5 - 43 = 49.5.
    assert explorer.outcome.imports == pytest.approx(49.5)
    assert explorer.figure.value.startswith("<svg")


def test_slider_recomputes_prices_quantities_and_redraws(explorer):
    before_svg = explorer.figure.value
    explorer.tariff_pct.value = 100
    assert explorer.outcome.domestic_price == pytest.approx(200.0)
    assert explorer.outcome.imports == pytest.approx((130 - 60) - (28 + 24))
    assert explorer.outcome.tariff_revenue == pytest.approx(100.0 * 18.0)
    assert explorer.figure.value != before_svg
    assert "1,800.0" in explorer.numbers.value


def test_typed_tariff_moves_the_slider(explorer):
    explorer.tariff_pct_typed.value = 37.5
    assert explorer.tariff_pct.value == 37.5
    assert explorer.outcome.tariff_rate == pytest.approx(0.375)


def test_specific_tariff_adds_to_the_price(explorer):
    set_inputs(explorer, tariff_pct=0, specific_tariff=20)
    assert explorer.outcome.domestic_price == pytest.approx(120.0)


def test_large_country_shifts_part_of_the_tariff_abroad(explorer):
    explorer.tariff_pct.value = 50
    small = explorer.outcome
    explorer.country.value = "large"
    large = explorer.outcome
    assert large.world_price < small.world_price == 100.0
    assert large.terms_of_trade_gain > 0 == small.terms_of_trade_gain
    assert large.domestic_price < small.domestic_price


def test_market_controls_recalibrate_the_curves(explorer):
    set_inputs(explorer, demand_elasticity=1.0, tariff_pct=10)
    market = linear_market(world_price=100, free_trade_demand=100, free_trade_supply=40,
                           demand_elasticity=1.0, supply_elasticity=0.3)  # fmt: skip
    expected = tariff_outcome(**market, tariff_rate=0.10)
    assert explorer.outcome.imports == pytest.approx(expected.imports, rel=1e-12)


def test_bounded_inputs_clamp_impossible_values(explorer):
    explorer.tariff_pct_typed.value = -50
    assert explorer.tariff_pct_typed.value == 0
    explorer.world_price.value = -1
    assert explorer.world_price.value > 0
    assert math.isfinite(explorer.outcome.domestic_price)






def test_slider_float_noise_is_rounded_away(explorer):
    explorer.tariff_pct.value = 49.99999999999999
    assert explorer.tariff_pct.value == 50
    assert explorer.tariff_pct_typed.value == 50
    assert explorer.outcome.tariff_rate == 0.5
