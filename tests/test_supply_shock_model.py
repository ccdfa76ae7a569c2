"""Tests for widgets.models.supply_shock, in three layers.

1. Cases worked by hand from the closed form (each number's derivation is given).
2. A reference result: for a small supply cut, the textbook comparative-statics rule
   %change in price = %cut in supply / (|demand elasticity| + supply elasticity).
3. Invariants checked with Hypothesis (derandomized): no shock = no change, a larger
   shock never lowers the price, the price falls back as capacity comes online, and
   the accounting identities between the outputs.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from model_support import HYPOTHESIS

from widgets.models.supply_shock import (
    STEPS_PER_YEAR,
    SupplyShockPath,
    price_at,
    supply_shock_path,
    time_grid,
)

shares = st.floats(0, 0.95)
demand_elasticities = st.floats(-3, -0.05)
supply_elasticities = st.floats(0, 3)
years = st.integers(1, 12)


def path(**kw) -> SupplyShockPath:
    args = dict(demand_elasticity=-0.3, supply_elasticity=0.2, years_to_diversify=5)
    return supply_shock_path(**(args | kw))


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


def test_the_chapter_case_seventy_percent_and_five_years():
    # A(0) = 0.3, |eps| + e = 0.5: p = 0.3 ** -2 = 11.111..., Q = 0.3 ** 0.6.
    out = path(share_withheld=0.7, controlling_share=0.91)
    assert out.peak_price_index == pytest.approx(100 / 0.09, rel=1e-12)
    assert out.consumption[0] == pytest.approx(0.3**0.6, rel=1e-12)
    assert out.consumption_cut[0] == pytest.approx(1 - 0.3**0.6, rel=1e-12)
    # The controlling country still sells 0.91 - 0.7 = 0.21 of 0.3: 70%; at T, 21%.
    assert out.controlling_share_path[0] == pytest.approx(0.7, rel=1e-12)
    assert out.controlling_share_path[-1] == pytest.approx(0.21, rel=1e-12)
    # Back to the old price exactly when the new capacity is complete.
    assert out.price_index[5 * STEPS_PER_YEAR] == pytest.approx(100.0, rel=1e-12)
    assert out.price_index[5 * STEPS_PER_YEAR - 1] > 100.0


def test_tariff_with_the_same_start_is_flat_and_rations_by_price():
    out = path(share_withheld=0.7)
    assert out.tariff_rate == pytest.approx(1 / 0.09 - 1, rel=1e-12)
    np.testing.assert_allclose(out.tariff_price_index, out.price_index[0], rtol=1e-12)
    # Buyers facing p_T use p_T ** eps: the same as under the control at the start.
    np.testing.assert_allclose(out.tariff_consumption, out.consumption[0], rtol=1e-12)


def test_price_at_matches_the_path():
    out = path(share_withheld=0.4)
    np.testing.assert_allclose(
        price_at(out.years, share_withheld=0.4, demand_elasticity=-0.3, supply_elasticity=0.2,
                 years_to_diversify=5),
        out.price_index, rtol=1e-13,
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


@pytest.mark.parametrize("eps,e", [(-0.2, 0.0), (-0.5, 0.3), (-1.5, 1.0)])
def test_small_cut_follows_the_comparative_statics_rule(eps, e):
    # dln p = -dln A / (|eps| + e) for a small cut; with s = 1e-4 the error is O(s^2).
    s = 1e-4
    out = path(share_withheld=s, demand_elasticity=eps, supply_elasticity=e)
    assert out.price_index[0] / 100 - 1 == pytest.approx(s / (-eps + e), rel=1e-3)


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
@given(s=shares, eps=demand_elasticities, e=supply_elasticities, t=years)
def test_market_clears_and_identities_hold(s, eps, e, t):
    out = path(share_withheld=s, demand_elasticity=eps, supply_elasticity=e, years_to_diversify=t)
    p = out.price_index / 100
    # demand p ** eps equals supply A * p ** e
    np.testing.assert_allclose(p**eps, out.capacity * p**e, rtol=1e-9)
    np.testing.assert_allclose(out.consumption, p**eps, rtol=1e-9)
    np.testing.assert_allclose(out.spending_index, 100 * p * out.consumption, rtol=1e-12)
    np.testing.assert_allclose(out.supply_gap, 1 - out.capacity, atol=1e-15)
    # Under the tariff the price never falls below the control's.
    assert np.all(out.tariff_price_index >= out.price_index * (1 - 1e-12))


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
