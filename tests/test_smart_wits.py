"""Tests of the WITS SMART formulas (widgets/models/smart_wits.py) and how they differ
from the book's CES model (widgets/models/smart.py)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.models.smart import smart_outcome
from widgets.models.smart_wits import wits_smart_outcome


def run(**kw):
    args = dict(partners=["A", "B", "C"], baseline_imports=[100.0, 300.0, 600.0],
                old_tariffs=[0.0, 0.0, 0.0], new_tariffs=[0.1, 0.0, 0.0],
                import_demand_elasticity=2.0, substitution_elasticity=3.0, partner="A")  # fmt: skip
    return wits_smart_outcome(**(args | kw))


def test_hand_worked():
    # Creation on A only: -2 * 100 * 0.1 = -20. ρ = 0.1, M_f = 100, M_o = 900, σ = 3:
    # TD_A = -100 * 900 * 0.3 / (1000 - 100 * 0.3) = -27000/970; B and C gain it 1:2.
    out = run()
    assert np.allclose(out.trade_creation, [-20, 0, 0], rtol=1e-12)
    td = 27000 / 970
    assert np.allclose(out.trade_diversion, [-td, td / 3, 2 * td / 3], rtol=1e-12)
    assert np.allclose(out.new_imports, [80 - td, 300 + td / 3, 600 + 2 * td / 3], rtol=1e-12)


def test_diversion_stops_at_the_trade_it_moves():
    out = run(new_tariffs=[20.0, 0.0, 0.0])  # σρ = 60: the formula's denominator < 0
    assert math.isclose(out.trade_diversion[0], -100)
    cheaper = run(old_tariffs=[20.0, 0.0, 0.0], new_tariffs=[0.0, 0.0, 0.0],
                  substitution_elasticity=50.0)  # fmt: skip
    assert cheaper.trade_diversion[0] <= 900 + 1e-9


def test_others_must_move_together():
    with pytest.raises(ValueError, match="new_tariffs"):
        run(new_tariffs=[0.1, 0.05, 0.0])
    with pytest.raises(ValueError, match="partner"):
        run(partner="Z")
    with pytest.raises(ValueError, match="substitution_elasticity"):
        run(substitution_elasticity=0.0)
    with pytest.raises(ValueError, match="baseline_imports"):
        run(baseline_imports=[1.0, -1.0, 0.0])


def test_china_25_to_26_per_partner():
    # Issue 15: China 25 -> 26 %, ε = σ = 2.5, 2024 base. SMART: China -16.45, Mexico
    # +1.37 (diversion only); the CES model: China -8.69, Mexico -0.004.
    from widgets.charts.trade_diversion import partner_baseline, smart_comparison

    row = smart_comparison(partner_baseline(), china_pct=26, others_pct=0, eps=2.5,
                           sigma=2.5).set_index("partner")  # fmt: skip
    assert round(row.loc["China", "smart_change"], 2) == -16.45
    assert round(row.loc["Mexico", "smart_change"], 2) == 1.37
    assert round(row.loc["China", "ces_change"], 2) == -8.69
    assert abs(row.loc["Mexico", "ces_change"]) < 0.01


sizes = st.lists(st.floats(1, 1000), min_size=2, max_size=6)
elasticity = st.floats(0.2, 8)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(sizes, elasticity, elasticity, st.floats(0, 1), st.floats(-0.5, 0.5))
def test_diversion_sums_to_zero_and_creation_stays_with_the_partner(m, eps, sigma, t0, dt):
    n = len(m)
    t1 = max(0.0, t0 + dt)
    out = wits_smart_outcome(partners=[f"P{i}" for i in range(n)], baseline_imports=m,
                             old_tariffs=[t0] + [0.0] * (n - 1), new_tariffs=[t1] + [0.0] * (n - 1),
                             import_demand_elasticity=eps, substitution_elasticity=sigma,
                             partner="P0")  # fmt: skip
    assert abs(out.trade_diversion.sum()) <= 1e-9 * sum(m)
    assert np.all(out.trade_creation[1:] == 0)
    assert math.isclose(out.trade_creation[0], -eps * m[0] * (t1 - t0) / (1 + t0),
                        rel_tol=1e-12, abs_tol=1e-12)  # fmt: skip


@settings(derandomize=True, max_examples=200, deadline=None)
@given(sizes, elasticity, elasticity, st.floats(0, 1), st.floats(-1, 1))
def test_totals_agree_to_first_order_only_from_equal_tariffs(m, eps, sigma, t0, direction):
    # From the same tariff everywhere, SMART's and the CES model's change in *total*
    # imports agree to first order (both -ε M_f dr); partner by partner they do not.
    n = len(m)
    h = 1e-6
    t1 = t0 + h * direction if t0 > h else t0 + h * abs(direction)
    kw = dict(partners=[f"P{i}" for i in range(n)], baseline_imports=m,
              old_tariffs=[t0] * n, new_tariffs=[t1] + [t0] * (n - 1),
              import_demand_elasticity=eps, substitution_elasticity=sigma)  # fmt: skip
    wits = wits_smart_outcome(**kw, partner="P0")
    ces = smart_outcome(**kw)
    scale = sum(m) * (1 + sigma + eps) ** 2 * h * h * 100
    assert abs(wits.change.sum() - ces.change.sum()) <= scale
    # the partner's own change differs by ε (1 - ω_f) dr M_f, to first order
    share = m[0] / sum(m)
    dr = (1 + t1) / (1 + t0) - 1
    gap = wits.change[0] - ces.change[0]
    assert abs(gap - (-eps * (1 - share) * dr * m[0])) <= scale


def test_totals_disagree_from_unequal_starting_tariffs():
    # The chapter's base: 25 % on China, nothing on others. SMART weights creation by
    # China's share of quantities, the CES index by its share of duty-inclusive spending.
    kw = dict(partners=["China", "Other"], baseline_imports=[440.0, 2827.0],
              old_tariffs=[0.25, 0.0], new_tariffs=[0.26, 0.0],
              import_demand_elasticity=1.0, substitution_elasticity=5.2)  # fmt: skip
    wits = wits_smart_outcome(**kw, partner="China")
    ces = smart_outcome(**kw)
    # To first order the CES total changes by -σ dr M_China + (σ - ε) ω_China dr T0, with
    # ω the duty-inclusive spending share; WITS by -ε dr M_China. Equal only if σ = ε or
    # ω = M_China / T0 (equal starting tariffs).
    dr, t0 = 1.26 / 1.25 - 1, 3267.0
    omega = 440 * 1.25 / (440 * 1.25 + 2827)
    assert math.isclose(ces.change.sum(), -5.2 * dr * 440 + 4.2 * omega * dr * t0, abs_tol=0.1)
    assert math.isclose(wits.change.sum(), -1.0 * dr * 440, rel_tol=1e-9)
    assert abs(wits.change.sum()) > 5 * abs(ces.change.sum())


@settings(derandomize=True, max_examples=100, deadline=None)
@given(sizes, elasticity, st.floats(0, 1), st.floats(0, 1))
def test_totals_agree_to_first_order_when_sigma_equals_eps(m, e, t_first, t_rest):
    # Unequal starting tariffs, but σ = ε: the CES total changes by -σ dr M_f + 0.
    n = len(m)
    h = 1e-6
    kw = dict(partners=[f"P{i}" for i in range(n)], baseline_imports=m,
              old_tariffs=[t_first] + [t_rest] * (n - 1),
              new_tariffs=[t_first + h] + [t_rest] * (n - 1),
              import_demand_elasticity=e, substitution_elasticity=e)  # fmt: skip
    wits = wits_smart_outcome(**kw, partner="P0")
    ces = smart_outcome(**kw)
    assert abs(wits.change.sum() - ces.change.sum()) <= sum(m) * (1 + 2 * e) ** 2 * h * h * 100
