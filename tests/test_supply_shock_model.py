"""Tests for widgets.models.supply_shock, in three layers.

1. Cases worked by hand from the model (each number's derivation is given), including
   the closed forms the economics review asked for: with no other producers (c = 1) the
   peak is 100 (1 - s) ** (1/eps); with 91% control, s = 0.7, eps = -0.3, e = 0.2 it is
   about 2,490; an export tax with the same start prices the taxing country out after
   T (c - s) / s years.
2. A reference result: for a small supply cut, the textbook comparative-statics rule
   %change in price = %cut in supply / (|demand elasticity| + share of others * e).
3. Invariants checked with Hypothesis (derandomized): no shock = no change, a larger
   shock or more control never lowers the price, the price falls back as capacity comes
   online, the market clears, Newton's fixed steps equal Brent's method.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from model_support import HYPOTHESIS
from scipy.optimize import brentq

from widgets.models.formula import NUMPY
from widgets.models.supply_shock import (
    _LOG_PRICE_CAP,
    STEPS_PER_YEAR,
    SupplyShockPath,
    clearing_price,
    price_at,
    supply_shock_path,
    time_grid,
)

shares = st.floats(0, 0.95)
demand_elasticities = st.floats(-3, -0.05)
supply_elasticities = st.floats(0, 3)
years = st.integers(1, 12)
controls = st.floats(0.5, 1.0)


def path(**kw) -> SupplyShockPath:
    args = dict(demand_elasticity=-0.3, supply_elasticity=0.2, years_to_diversify=5)
    return supply_shock_path(**(args | kw))


def brent_price(fixed, others, eps, e):
    """The clearing price by Brent's method, in log price, for comparison."""
    g = lambda x: eps * x - math.log(fixed + others * math.exp(e * x))  # noqa: E731
    return math.exp(brentq(g, -60, 200, xtol=1e-15, rtol=1e-15))


# --- 1. worked by hand ----------------------------------------------------------------


def test_ten_percent_cut_with_elasticity_minus_point_one_nearly_triples_the_price():
    # p = 0.9 ** (-1 / 0.1) = 0.9 ** -10 = 2.8679719907924413
    out = path(share_withheld=0.1, demand_elasticity=-0.1, supply_elasticity=0.0)
    assert out.price_index[0] == pytest.approx(100 * 0.9**-10, rel=1e-12)
    assert out.price_index[0] == pytest.approx(286.79719907924413, rel=1e-12)
    # With e = 0 buyers use exactly what is supplied: Q = A = 0.9, a 10% cut.
    assert out.consumption_cut[0] == pytest.approx(0.1, rel=1e-12)
    # Spending p * Q = 0.9 ** -9.
    assert out.spending_index[0] == pytest.approx(100 * 0.9**-9, rel=1e-12)


def test_halfway_through_the_build_capacity_is_half_restored():
    # s = 0.2, T = 4, t = 2: A = 1 - 0.2 * (1 - 0.5) = 0.9; |eps| + e = 0.25 + 0 -> p = 0.9 ** -4.
    out = path(share_withheld=0.2, demand_elasticity=-0.25, supply_elasticity=0.0,
               years_to_diversify=4)  # fmt: skip
    i = 2 * STEPS_PER_YEAR
    assert out.years[i] == 2.0
    assert out.capacity[i] == pytest.approx(0.9, rel=1e-12)
    assert out.price_index[i] == pytest.approx(100 / 0.9**4, rel=1e-12)
    assert out.supply_gap[i] == pytest.approx(0.1, rel=1e-12)


def test_with_no_other_producers_the_peak_is_the_closed_form():
    # c = 1: p ** eps = 1 - s, so p = 0.3 ** (1 / -0.3) = 55.3; others' e plays no part.
    for e in (0.0, 0.2, 1.0):
        out = path(share_withheld=0.7, controlling_share=1.0, supply_elasticity=e)
        assert out.peak_price_index == pytest.approx(100 * 0.3 ** (1 / -0.3), rel=1e-12)
    assert out.peak_price_index == pytest.approx(5532.598, rel=1e-6)


def test_the_controlling_share_matters():
    # 91% control: 0.21 + 0.09 p ** 0.2 = p ** -0.3 at p = 24.8995 (checked by substitution:
    # 24.8995 ** -0.3 = 0.38129, 0.21 + 0.09 * 24.8995 ** 0.2 = 0.38129).
    out = path(share_withheld=0.7, controlling_share=0.91)
    assert out.peak_price_index == pytest.approx(2489.95, rel=1e-5)
    p = out.peak_price_index / 100
    assert p**-0.3 == pytest.approx(0.21 + 0.09 * p**0.2, rel=1e-12)
    assert path(share_withheld=0.7, controlling_share=1.0).peak_price_index > out.peak_price_index


def test_the_chapter_stress_case_seventy_percent_and_five_years():
    out = path(share_withheld=0.7, controlling_share=0.91)
    q0 = (out.peak_price_index / 100) ** -0.3
    assert out.consumption[0] == pytest.approx(q0, rel=1e-12)
    # The controlling country sells its licensed 0.21 of what buyers use.
    assert out.licensed_exports == pytest.approx(0.21, rel=1e-12)
    assert out.controlling_share_path[0] == pytest.approx(0.21 / q0, rel=1e-12)
    assert out.controlling_share_path[-1] == pytest.approx(0.21, rel=1e-12)
    # Back to the old price exactly when the new capacity is complete.
    assert out.price_index[5 * STEPS_PER_YEAR] == pytest.approx(100.0, rel=1e-12)
    assert out.price_index[5 * STEPS_PER_YEAR - 1] > 100.0
    # The licence holders' rent: (p - 1) * 0.21 of pre-shock world spending.
    assert out.scarcity_rent[0] == pytest.approx((out.peak_price_index / 100 - 1) * 0.21)
    assert out.controlling_revenue[0] == pytest.approx(out.peak_price_index / 100 * 0.21)


def test_the_export_tax_prices_the_taxing_country_out():
    # Same start: p_T = p(0). New capacity 0.7 t / 5 replaces the taxed 0.21 at t = 1.5.
    out = path(share_withheld=0.7, controlling_share=0.91)
    assert out.tariff_rate == pytest.approx(out.peak_price_index / 100 - 1, rel=1e-12)
    assert out.priced_out_year == pytest.approx(1.5, rel=1e-12)
    before = out.years < 1.5
    np.testing.assert_allclose(out.tariff_price_index[before], out.peak_price_index, rtol=1e-12)
    # At t = 0 the tax sells exactly the licensed quantity.
    assert out.tax_exports[0] == pytest.approx(0.21, rel=1e-9)
    after = out.years > 1.5
    np.testing.assert_allclose(out.tax_exports[after], 0.0, atol=1e-12)
    assert np.all(out.tariff_price_index[after] < out.peak_price_index)
    # Afterwards only others (0.09 p ** 0.2) and new capacity supply: at t >= 5,
    # p ** -0.3 = 0.7 + 0.09 p ** 0.2.
    p_end = out.tariff_price_index[-1] / 100
    assert p_end**-0.3 == pytest.approx(0.7 + 0.09 * p_end**0.2, rel=1e-12)
    # If the controlling country keeps more than it withholds, it is never priced out.
    assert path(share_withheld=0.3, controlling_share=0.91).priced_out_year == math.inf


def test_a_stockpile_holds_the_price_until_it_runs_out():
    # s = 0.2, T = 5: the cumulative gap 0.2 (t - t**2/10) reaches 3 months (0.25) at
    # t = 5 (1 - sqrt(1 - 0.25 / 0.5)) = 1.4645.
    out = path(share_withheld=0.2, controlling_share=0.91, stockpile_months=3)
    lasts = 5 * (1 - math.sqrt(0.5))
    assert out.stockpile_lasts_years == pytest.approx(lasts, rel=1e-12)
    held = out.years < lasts
    np.testing.assert_array_equal(out.price_index[held], 100.0)
    bare = path(share_withheld=0.2, controlling_share=0.91)
    np.testing.assert_allclose(out.price_index[~held], bare.price_index[~held], rtol=1e-12)
    assert out.peak_price_index < bare.peak_price_index
    # A stockpile as large as the whole gap (0.2 * 5 / 2 = 0.5 years = 6 months) covers it.
    whole = path(share_withheld=0.2, controlling_share=0.91, stockpile_months=6)
    assert whole.stockpile_lasts_years == math.inf
    np.testing.assert_array_equal(whole.price_index, 100.0)


def test_price_at_matches_the_path():
    out = path(share_withheld=0.4)
    np.testing.assert_allclose(
        price_at(out.years, share_withheld=0.4, demand_elasticity=-0.3, supply_elasticity=0.2,
                 years_to_diversify=5),
        out.price_index, rtol=1e-13,
    )  # fmt: skip
    with_others = path(share_withheld=0.4, controlling_share=0.8)
    np.testing.assert_allclose(
        price_at(out.years, share_withheld=0.4, demand_elasticity=-0.3, supply_elasticity=0.2,
                 years_to_diversify=5, controlling_share=0.8),
        with_others.price_index, rtol=1e-13,
    )  # fmt: skip
    assert isinstance(price_at(1.0, share_withheld=0.4, demand_elasticity=-0.3,
                               years_to_diversify=5), float)  # fmt: skip


def test_years_until_price_below():
    out = path(share_withheld=0.7)
    t = out.years_until_price_below(200)
    assert (
        out.price_index[round(t * STEPS_PER_YEAR)]
        <= 200
        < out.price_index[round(t * STEPS_PER_YEAR) - 1]
    )
    assert path(share_withheld=0.7).years_until_price_below(50) == math.inf


def test_time_grid_is_integer_steps():
    grid = time_grid(15)
    n = 15 * STEPS_PER_YEAR + 1
    assert len(grid) == n and grid[0] == 0 and grid[-1] == 15
    assert all(grid[k] == k / STEPS_PER_YEAR for k in range(n))


# --- 2. reference result: small shocks ------------------------------------------------


@pytest.mark.parametrize("eps,e,c", [(-0.2, 0.0, 0.9), (-0.5, 0.3, 0.6), (-1.5, 1.0, 0.91)])
def test_small_cut_follows_the_comparative_statics_rule(eps, e, c):
    # Only the others' share (1 - c) responds: dln p = s / (|eps| + (1 - c) e) for a
    # small cut; with s = 1e-4 the error is O(s^2).
    s = 1e-4
    out = path(share_withheld=s, demand_elasticity=eps, supply_elasticity=e, controlling_share=c)
    assert out.price_index[0] / 100 - 1 == pytest.approx(s / (-eps + (1 - c) * e), rel=1e-3)


# --- 3. invariants ---------------------------------------------------------------------


@HYPOTHESIS
@given(eps=demand_elasticities, e=supply_elasticities, t=years)
def test_no_shock_no_change(eps, e, t):
    out = path(share_withheld=0.0, demand_elasticity=eps, supply_elasticity=e,
               years_to_diversify=t)  # fmt: skip
    np.testing.assert_array_equal(out.price_index, 100.0)
    np.testing.assert_array_equal(out.consumption_cut, 0.0)
    np.testing.assert_array_equal(out.spending_index, 100.0)
    assert out.tariff_rate == 0.0


@HYPOTHESIS
@given(s=st.floats(0, 0.5), c=st.lists(controls, min_size=2, max_size=2),
       eps=demand_elasticities, e=supply_elasticities)  # fmt: skip
def test_more_control_never_lowers_the_peak(s, c, eps, e):
    lo, hi = sorted(c)
    a = path(share_withheld=s, controlling_share=lo, demand_elasticity=eps, supply_elasticity=e)
    b = path(share_withheld=s, controlling_share=hi, demand_elasticity=eps, supply_elasticity=e)
    assert b.peak_price_index >= a.peak_price_index * (1 - 1e-12)


@HYPOTHESIS
@given(fixed=st.floats(1e-3, 1.0), others=st.floats(0, 0.95), eps=demand_elasticities,
       e=supply_elasticities)  # fmt: skip
def test_newton_steps_equal_brents_method(fixed, others, eps, e):
    expected = brent_price(fixed, others, eps, e)
    assume(expected < math.exp(29))  # beyond the cap (an index of ~1e15) prices are capped
    p = clearing_price(NUMPY, NUMPY.record(), "p", fixed=fixed, others=others,
                       demand_elasticity=eps, supply_elasticity=e)  # fmt: skip
    assert p == pytest.approx(expected, rel=1e-12)


@HYPOTHESIS
@given(s1=shares, s2=shares, eps=demand_elasticities, e=supply_elasticities, t=years)
def test_a_larger_shock_never_lowers_the_price(s1, s2, eps, e, t):
    lo, hi = sorted((s1, s2))
    a = path(share_withheld=lo, demand_elasticity=eps, supply_elasticity=e, years_to_diversify=t)
    b = path(share_withheld=hi, demand_elasticity=eps, supply_elasticity=e, years_to_diversify=t)
    assert np.all(b.price_index >= a.price_index * (1 - 1e-12))
    assert np.all(b.consumption_cut >= a.consumption_cut - 1e-12)


@HYPOTHESIS
@given(s=shares, eps=demand_elasticities, e=supply_elasticities, t=years)
def test_price_falls_back_as_capacity_comes_online(s, eps, e, t):
    out = path(share_withheld=s, demand_elasticity=eps, supply_elasticity=e, years_to_diversify=t)
    assert np.all(np.diff(out.price_index) <= 1e-9 * out.price_index[:-1])
    assert np.all(out.price_index >= 100.0 * (1 - 1e-12))
    done = out.years >= t
    np.testing.assert_allclose(out.price_index[done], 100.0, rtol=1e-12)
    np.testing.assert_allclose(out.consumption_cut[done], 0.0, atol=1e-12)


@HYPOTHESIS
@given(s=shares, c=controls, eps=demand_elasticities, e=supply_elasticities, t=years)
def test_market_clears_and_identities_hold(s, c, eps, e, t):
    s = min(s, c)
    out = path(share_withheld=s, demand_elasticity=eps, supply_elasticity=e, years_to_diversify=t,
               controlling_share=c)  # fmt: skip
    p = out.price_index / 100
    # demand p ** eps equals licensed exports + new capacity + others' supply, except where
    # the price is capped (an index of e**30 * 100, ~1e15: "no supply at any price"; e.g.
    # 87.5% withheld with demand elasticity -0.0625 and nobody else: 0.125 ** -16 ~ 2.8e14)
    capped = np.log(p) >= _LOG_PRICE_CAP - 1e-9
    supply = out.licensed_exports + out.new_capacity + (1 - c) * p**e
    np.testing.assert_allclose(p[~capped] ** eps, supply[~capped], rtol=1e-9)
    assert np.all(p[capped] ** eps >= supply[capped] * (1 - 1e-9))  # below the clearing price
    np.testing.assert_allclose(out.others_supply, (1 - c) * p**e, rtol=1e-12)
    np.testing.assert_allclose(out.consumption, p**eps, rtol=1e-9)
    np.testing.assert_allclose(out.spending_index, 100 * p * out.consumption, rtol=1e-12)
    np.testing.assert_allclose(out.supply_gap, 1 - out.capacity, atol=1e-15)
    # Under the tax the price never falls below the control's: the same new capacity
    # comes in, and the taxing country sells nothing below p_T.
    assert np.all(out.tariff_price_index >= out.price_index * (1 - 1e-12))
    # The tax market clears too: taxed exports + others + new capacity = demand.
    pt = out.tariff_price_index / 100
    supply_t = out.tax_exports + (1 - c) * pt**e + out.new_capacity
    capped_t = np.log(pt) >= _LOG_PRICE_CAP - 1e-9
    np.testing.assert_allclose(pt[~capped_t] ** eps, supply_t[~capped_t], rtol=1e-9)


@HYPOTHESIS
@given(s=st.floats(0.01, 0.9), eps=st.floats(-0.99, -0.05), e=supply_elasticities, t=years)
def test_inelastic_demand_raises_spending(s, eps, e, t):
    out = path(share_withheld=s, demand_elasticity=eps, supply_elasticity=e, years_to_diversify=t)
    assert out.spending_index[0] > 100.0


@HYPOTHESIS
@given(s=st.floats(0.01, 0.9), eps=st.floats(-3, -1.01), t=years)
def test_elastic_demand_lowers_spending(s, eps, t):
    out = path(share_withheld=s, demand_elasticity=eps, supply_elasticity=0.0, years_to_diversify=t)
    assert out.spending_index[0] < 100.0


@HYPOTHESIS
@given(s=shares, e=supply_elasticities, t=years,
       eps=st.lists(demand_elasticities, min_size=2, max_size=2))  # fmt: skip
def test_more_elastic_demand_means_a_smaller_spike(s, e, t, eps):
    flat, steep = sorted(eps)  # flat: more elastic (more negative)
    a = path(share_withheld=s, demand_elasticity=flat, supply_elasticity=e, years_to_diversify=t)
    b = path(share_withheld=s, demand_elasticity=steep, supply_elasticity=e, years_to_diversify=t)
    assert a.peak_price_index <= b.peak_price_index * (1 + 1e-12)


@HYPOTHESIS
@given(s=shares, eps=demand_elasticities, e=supply_elasticities, t=st.integers(1, 6))
def test_doubling_the_build_time_stretches_the_path(s, eps, e, t):
    a = path(share_withheld=s, demand_elasticity=eps, supply_elasticity=e, years_to_diversify=t)
    b = path(share_withheld=s, demand_elasticity=eps, supply_elasticity=e,
             years_to_diversify=2 * t)  # fmt: skip
    np.testing.assert_allclose(b.price_index[::2][: len(a.years) // 2 + 1],
                               a.price_index[: len(a.years) // 2 + 1], rtol=1e-12)  # fmt: skip


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw,name",
    [
        ({"share_withheld": 1.0}, "share_withheld"),
        ({"share_withheld": -0.1}, "share_withheld"),
        ({"share_withheld": math.nan}, "share_withheld"),
        ({"share_withheld": "0.5"}, "share_withheld"),
        ({"share_withheld": True}, "share_withheld"),
        ({"demand_elasticity": 0.3}, "demand_elasticity"),
        ({"demand_elasticity": 0.0}, "demand_elasticity"),
        ({"demand_elasticity": math.nan}, "demand_elasticity"),
        ({"demand_elasticity": -math.inf}, "demand_elasticity"),
        ({"supply_elasticity": -0.1}, "supply_elasticity"),
        ({"supply_elasticity": math.nan}, "supply_elasticity"),
        ({"years_to_diversify": 0}, "years_to_diversify"),
        ({"years_to_diversify": math.inf}, "years_to_diversify"),
        ({"years_to_diversify": math.nan}, "years_to_diversify"),
        ({"controlling_share": 0.0}, "controlling_share"),
        ({"controlling_share": 1.5}, "controlling_share"),
        ({"share_withheld": 0.5, "controlling_share": 0.4}, "controlling_share"),
        ({"stockpile_months": -1}, "stockpile_months"),
        ({"stockpile_months": math.inf}, "stockpile_months"),
        ({"horizon_years": 0}, "horizon_years"),
        ({"steps_per_year": 2.5}, "steps_per_year"),
    ],
)
def test_bad_input_raises_naming_the_parameter(kw, name):
    args = dict(share_withheld=0.5, demand_elasticity=-0.3, years_to_diversify=5)
    with pytest.raises(ValueError, match=name):
        supply_shock_path(**(args | kw))


def test_price_at_rejects_negative_years():
    with pytest.raises(ValueError, match="years"):
        price_at(-1, share_withheld=0.5, demand_elasticity=-0.3, years_to_diversify=5)


# --- the controlling country over time, and the stockpile left (issue 16, item 8) -----


def test_revenue_index_and_market_share_by_hand():
    # 91% control, 30% withheld, the explorer's starting values: at t = 0 the price is
    # 2.963842 (0.61 + 0.09 p**0.2 = p**-0.3), so revenue p L = 2.963842 * 0.61 = 1.80794
    # against 0.91 before: an index of 198.68. Once the capacity is built (t >= 5) the
    # price is 1 and revenue is 0.61: an index of 100 * 0.61 / 0.91 = 67.03, for good.
    out = path(share_withheld=0.3, controlling_share=0.91)
    p0 = out.price_index[0] / 100
    assert p0 == pytest.approx(2.963842, rel=1e-6)
    assert out.revenue_index[0] == pytest.approx(100 * p0 * 0.61 / 0.91, rel=1e-12)
    assert out.revenue_index[0] == pytest.approx(198.675, rel=1e-5)
    done = out.years >= 5
    np.testing.assert_allclose(out.revenue_index[done], 100 * 0.61 / 0.91, rtol=1e-12)
    np.testing.assert_allclose(out.controlling_share_path[done], 0.61, rtol=1e-12)
    # The tax's earnings: p_T X(0) = p_T L at the start, the same as the control's.
    assert out.tax_earnings_index[0] == pytest.approx(out.revenue_index[0], rel=1e-9)


def test_revenue_change_by_hand():
    # c = 1, eps = -1, e = 0: p = 1 / A(t), so revenue p L = L / A(t) with L = 1 - s and
    # A(t) = 1 - s + s t / T. Over [0, T]: (1 - s) (T / s) ln(1 / (1 - s)); after T the
    # revenue is L, a loss of s a year. s = 0.2, T = 5, horizon 15: 0.8 * 25 ln 1.25 - 2.
    out = path(share_withheld=0.2, demand_elasticity=-1.0, supply_elasticity=0.0,
               controlling_share=1.0)  # fmt: skip
    exact_to_t = 0.8 * 25 * math.log(1.25) - 5 * 1.0
    assert out.revenue_change(5) == pytest.approx(exact_to_t, abs=2e-4)  # trapezoid error
    assert out.revenue_change() == pytest.approx(exact_to_t - 10 * 0.2, abs=2e-4)
    assert out.revenue_change(0) == 0.0


@pytest.mark.parametrize("until", [-1, math.nan, "5"])
def test_revenue_change_rejects_bad_until(until):
    with pytest.raises(ValueError, match="until"):
        path(share_withheld=0.2).revenue_change(until)


def test_stock_left_by_hand():
    # s = 0.2, T = 5, m = 3 months: the stock left is 3 - 12 * 0.2 (t - t**2 / 10) months,
    # at t = 0.5: 3 - 2.4 * 0.475 = 1.86; empty from t_m = 1.4645 on.
    out = path(share_withheld=0.2, controlling_share=0.91, stockpile_months=3)
    assert out.stock_left_months[0] == 3.0
    assert out.stock_left_months[2] == pytest.approx(1.86, rel=1e-12)
    np.testing.assert_allclose(out.stock_left_months[out.years >= 1.5], 0.0, atol=1e-12)
    # A stock larger than the whole gap (6 months here) keeps 9 - 6 = 3 months at the end.
    big = path(share_withheld=0.2, controlling_share=0.91, stockpile_months=9)
    assert big.stock_left_months[-1] == pytest.approx(3.0, rel=1e-12)
    # While it lasts the controlling country sells at the old price: revenue L / c.
    held = out.years < out.stockpile_lasts_years
    np.testing.assert_allclose(out.revenue_index[held], 100 * 0.71 / 0.91, rtol=1e-12)


def test_no_stockpile_leaves_the_default_view_unchanged():
    # The chapter's stress case: still about 2,490 at the start with m = 0.
    out = path(share_withheld=0.7, controlling_share=0.91, stockpile_months=0)
    assert round(out.peak_price_index) == 2490
    np.testing.assert_array_equal(out.stock_left_months, 0.0)


@HYPOTHESIS
@given(s=shares, c=controls, eps=demand_elasticities, e=supply_elasticities, t=years,
       m=st.floats(0, 60))  # fmt: skip
def test_stock_and_revenue_invariants(s, c, eps, e, t, m):
    s = min(s, c)
    kw = dict(share_withheld=s, demand_elasticity=eps, supply_elasticity=e,
              years_to_diversify=t, controlling_share=c)  # fmt: skip
    out = path(**kw, stockpile_months=m)
    bare = path(**kw)
    # The stock only runs down, and stays between 0 and m.
    left = out.stock_left_months
    assert left[0] == pytest.approx(m) and np.all(np.diff(left) <= 1e-12)
    assert np.all(left >= 0) and np.all(left <= m + 1e-12)
    # A stockpile never raises the price, and never raises the controlling country's revenue.
    assert np.all(out.price_index <= bare.price_index * (1 + 1e-12))
    assert np.all(out.revenue_index <= bare.revenue_index * (1 + 1e-12))
    # Revenue index is 100 p L / c; once the capacity is built the share is c - s for good.
    np.testing.assert_allclose(out.revenue_index, 100 * out.controlling_revenue / c, rtol=1e-12)
    done = out.years >= t
    np.testing.assert_allclose(out.controlling_share_path[done], c - s, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(out.revenue_index[done], 100 * (c - s) / c, rtol=1e-9, atol=1e-12)
    assert np.all(out.tax_earnings_index >= 0)
