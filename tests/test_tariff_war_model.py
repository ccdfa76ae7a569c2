"""Tests for widgets.models.tariff_war: the optimal tariff and the two-country tariff war.

1. Worked by hand on Suranovic's Coke market (D = 13 - 5p, S = 10p - 7, Pw = 1) with a
   linear foreign export supply X* = 5 (1 + e* (p* - 1)), e* = 2, so X* = 10 p* - 5 and
   the foreign price under an ad valorem tariff t is p* = 25 / (25 + 15 t).
   The rule t = 1/e*(p*) = 1 - 1/(2 p*) gives t = 0.5 - 0.3 t, so t* = 5/13.
2. The textbook rule t* = 1/e* at the optimum, to 1e-8, on many markets.
3. Invariants (Hypothesis, derandomized): the optimum beats every other tariff, the
   world loses from any tariff, the revenue-maximising tariff exceeds the optimal one,
   a tariff war between like countries is a prisoner's dilemma.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.models.tariff import LinearDemand, LinearSupply
from widgets.models.tariff_war import (
    ImportMarket,
    best_response_rate,
    country_welfare_change,
    iso_welfare_partner_rate,
    nash_tariff_rates,
    optimal_tariff_rate,
    revenue_maximising_tariff_rate,
    tariff_war,
    tariff_welfare,
)

HYPOTHESIS = settings(derandomize=True, database=None, max_examples=25, deadline=None)


def coke(e: float = 2.0) -> ImportMarket:
    return ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, e)


# --- 1. worked by hand ----------------------------------------------------------------


def test_coke_optimal_tariff_is_five_thirteenths():
    assert optimal_tariff_rate(coke()) == pytest.approx(5 / 13, rel=1e-12)


def test_coke_welfare_at_twenty_percent_by_hand():
    # p* = 25/28, p = 1.2 * 25/28 = 15/14, imports M = 20 - 15 p = 55/14.
    w = tariff_welfare(coke(), 0.2)
    p_star, p, m = 25 / 28, 15 / 14, 55 / 14
    assert w.world_price == pytest.approx(p_star, rel=1e-12)
    assert w.imports == pytest.approx(m, rel=1e-12)
    # Foreign loss: trapezoid (1 - p*) (5 + M) / 2.
    assert w.foreign_welfare_change == pytest.approx(-(1 - p_star) * (5 + m) / 2, rel=1e-12)
    # Home: -CS loss + PS gain + revenue (p - p*) M.
    cs = (p - 1) * (13 - 5 * (1 + p) / 2)
    ps = (p - 1) * (10 * (1 + p) / 2 - 7)
    assert w.home_welfare_change == pytest.approx(-cs + ps + (p - p_star) * m, rel=1e-12)
    assert w.world_welfare_change == pytest.approx(
        w.home_welfare_change + w.foreign_welfare_change, rel=1e-12
    )


def test_small_country_optimal_tariff_is_zero_and_revenue_peak_is_half_prohibitive():
    small = coke(math.inf)
    assert optimal_tariff_rate(small) == 0.0
    # M(p) = 20 - 15 p; revenue (p - 1) M peaks at p = (4/3 + 1) / 2 = 7/6: t = 1/6.
    assert revenue_maximising_tariff_rate(small) == pytest.approx(1 / 6, rel=1e-8)
    assert small.prohibitive_rate() / 2 == pytest.approx(1 / 6, rel=1e-12)


def test_coke_tariff_war_payoffs_by_hand():
    # T = W(5/13) at home with no foreign tariff; P = T - foreign loss at 5/13.
    war = tariff_war(coke(), coke())
    t = 5 / 13
    gain = tariff_welfare(coke(), t).home_welfare_change
    loss = -tariff_welfare(coke(), t).foreign_welfare_change
    assert war.nash_tariff_rates == pytest.approx((t, t), rel=1e-12)
    assert war.temptation == pytest.approx((gain, gain), rel=1e-12)
    assert war.punishment == pytest.approx((gain - loss, gain - loss), rel=1e-12)
    assert war.sucker == pytest.approx((-loss, -loss), rel=1e-12)
    assert war.temptation[0] == pytest.approx(15 / 32, rel=1e-12)
    assert war.sucker[0] == pytest.approx(-195 / 256, rel=1e-12)
    assert war.is_prisoners_dilemma
    assert war.cooperation_discount_factor == pytest.approx((8 / 13, 8 / 13), rel=1e-12)


# --- 2. the textbook rule -------------------------------------------------------------

markets = st.builds(
    lambda a, b, c, d, e: ImportMarket(LinearDemand(a, b), LinearSupply(-c, d), 1.0, e),
    st.floats(12, 40),
    st.floats(1, 8),
    st.floats(0, 10),
    st.floats(1, 12),
    st.floats(1.2, 30),
).filter(lambda market: market.outcome(0.0).imports > 0.5)


@HYPOTHESIS
@given(markets)
def test_optimal_tariff_is_the_inverse_of_the_export_supply_elasticity(market):
    t = optimal_tariff_rate(market)
    e_star = tariff_welfare(market, t).foreign_export_supply_elasticity
    assert t == pytest.approx(1 / e_star, rel=1e-8)


# --- 3. invariants ----------------------------------------------------------------------


@HYPOTHESIS
@given(markets)
def test_the_optimal_tariff_beats_every_other_tariff(market):
    t_opt = optimal_tariff_rate(market)
    best = tariff_welfare(market, t_opt).home_welfare_change
    for t in np.linspace(0, market.prohibitive_rate(), 21):
        assert tariff_welfare(market, float(t)).home_welfare_change <= best + 1e-12 * (
            1 + abs(best)
        )


@HYPOTHESIS
@given(markets, st.floats(0, 3))
def test_the_world_loses_from_any_tariff(market, t):
    w = tariff_welfare(market, t)
    assert w.foreign_welfare_change <= 0
    assert w.world_welfare_change <= 1e-12


@HYPOTHESIS
@given(markets)
def test_revenue_peak_lies_above_the_optimal_tariff_and_below_the_prohibitive(market):
    t_opt = optimal_tariff_rate(market)
    t_rev = revenue_maximising_tariff_rate(market)
    assert t_opt < t_rev < market.prohibitive_rate()


@HYPOTHESIS
@given(markets)
def test_a_war_between_like_countries_is_a_prisoners_dilemma(market):
    war = tariff_war(market, market)
    assert war.is_prisoners_dilemma
    assert 0 < war.cooperation_discount_factor[0] < 1


def test_coke_best_response_to_free_trade_is_five_thirteenths():
    # By hand (module docstring): t = 1/e*(p*) = 1 - 1/(2 p*) with p* = 25/(25 + 15 t).
    m = coke()
    t = best_response_rate(m, m, 0.0)
    assert t == pytest.approx(5 / 13, abs=1e-12)
    assert t == pytest.approx(1 / tariff_welfare(m, t).foreign_export_supply_elasticity)
    assert nash_tariff_rates(m, m) == pytest.approx((5 / 13, 5 / 13), abs=1e-12)


def test_coke_country_welfare_by_hand():
    # G(20%) = 0.382653 at home, F(40%) from the partner's market: sum of the two.
    m = coke()
    expected = 0.382653 + tariff_welfare(m, 0.4).foreign_welfare_change
    assert country_welfare_change(m, m, 0.2, 0.4) == pytest.approx(expected, abs=1e-6)


@HYPOTHESIS
@given(markets, markets, st.floats(0, 1.5))
def test_the_best_response_maximises_welfare_whatever_the_partner_sets(home, foreign, t_f):
    t_f = min(t_f, foreign.prohibitive_rate())
    best = best_response_rate(home, foreign, t_f)
    top = country_welfare_change(home, foreign, best, t_f)
    for t in np.linspace(0, home.prohibitive_rate(), 25):
        assert country_welfare_change(home, foreign, float(t), t_f) <= top + 1e-9 * (1 + abs(top))
    # the partner's tariff does not move the best response: the curves are straight lines
    assert best == best_response_rate(home, foreign, 0.0)


@HYPOTHESIS
@given(markets, markets)
def test_the_nash_tariffs_are_mutual_best_responses(home, foreign):
    t_h, t_f = nash_tariff_rates(home, foreign)
    assert t_h == best_response_rate(home, foreign, t_f)
    assert t_f == best_response_rate(foreign, home, t_h)
    assert (t_h, t_f) == tariff_war(home, foreign).nash_tariff_rates


@HYPOTHESIS
@given(markets)
def test_symmetric_war_ordering_and_both_discount_factors(market):
    war = tariff_war(market, market)
    for i in (0, 1):
        t, r, p, s = war.temptation[i], war.reward[i], war.punishment[i], war.sucker[i]
        assert t > r > p > s  # the Nash tariffs leave both below free trade
        assert war.tit_for_tat_discount_factor[i] == pytest.approx(
            max((t - r) / (t - p), (t - r) / (r - s)))
        assert war.tit_for_tat_discount_factor[i] >= war.cooperation_discount_factor[i]


def test_coke_iso_welfare_curve_by_hand():
    # Through the Nash point (-75/256): at a zero own tariff, F(t) = 5 p*(1 - p*) = 75/256
    # gives p* = 15/16 and t = 1/9; at the optimal tariff it passes the Nash point.
    m = coke()
    nash = -75 / 256
    assert iso_welfare_partner_rate(m, m, 0.0, nash) == pytest.approx(1 / 9, abs=1e-10)
    assert iso_welfare_partner_rate(m, m, 5 / 13, nash) == pytest.approx(5 / 13, abs=1e-10)
    assert math.isnan(iso_welfare_partner_rate(m, m, 0.0, 1.0))  # free trade pays 0 < 1


@HYPOTHESIS
@given(markets, markets, st.floats(0, 1), st.floats(-2, 0))
def test_iso_welfare_curve_keeps_welfare_and_peaks_at_the_best_response(own, partner, t, level):
    t = min(t, own.prohibitive_rate())
    rate = iso_welfare_partner_rate(own, partner, t, level)
    if math.isnan(rate):
        return
    assert country_welfare_change(own, partner, t, rate) == pytest.approx(level, abs=1e-7)
    # highest at the best response (nan there: the curve leaves the box above it)
    peak = iso_welfare_partner_rate(own, partner, best_response_rate(own, partner, 0.0), level)
    assert math.isnan(peak) or rate <= peak + 1e-9


def test_more_elastic_foreign_supply_lowers_the_optimal_tariff():
    rates = [optimal_tariff_rate(coke(e)) for e in (1.5, 2, 4, 8, 16)]
    assert rates == sorted(rates, reverse=True)
    assert rates[-1] < 0.1


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("e", [1.0, 0.5, -1.0, math.nan, "2"])
def test_optimal_tariff_needs_export_supply_elasticity_above_one(e):
    with pytest.raises(ValueError, match="export_supply_elasticity"):
        optimal_tariff_rate(coke(e))
    with pytest.raises(ValueError, match="export_supply_elasticity"):
        revenue_maximising_tariff_rate(coke(e))


@pytest.mark.parametrize("t", [-0.1, math.nan, math.inf])
def test_tariff_welfare_rejects_bad_rates(t):
    with pytest.raises(ValueError, match="tariff_rate"):
        tariff_welfare(coke(), t)


def test_a_market_that_imports_nothing_has_no_tariff_to_set():
    exporter = ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 2.0, 2.0)
    assert optimal_tariff_rate(exporter) == 0.0
    assert revenue_maximising_tariff_rate(exporter) == 0.0


def test_bad_welfare_level_is_named():
    with pytest.raises(ValueError, match="welfare_change"):
        iso_welfare_partner_rate(coke(), coke(), 0.1, math.nan)


def test_bad_world_price_is_named():
    with pytest.raises(ValueError, match="world_price"):
        tariff_welfare(ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 0.0, 2.0), 0.1)
