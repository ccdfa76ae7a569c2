"""WTO rules and many seeded games in the repeated tariff game (widgets/models/tit_for_tat.py).

Cases worked by hand from the rules stated in ``play``'s docstring (a violation is a tariff
above the binding, the starting tariff; authorised retaliation equals the violation as
ruled ``dispute_rounds`` rounds after it, for as long as it lasts), the delayed
grim-trigger condition delta**(D+1) >= (T - R)/(T - P), and invariants of
``noise_band`` (game k is ``play(seed=seed + k)``).
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.models.tariff import LinearDemand, LinearSupply
from widgets.models.tariff_war import ImportMarket
from widgets.models.tit_for_tat import (
    DEFAULT_WELFARE,
    RULE_FOLLOWERS,
    RULES,
    STRATEGIES,
    MarketWelfare,
    noise_band,
    play,
)

SETTINGS = settings(derandomize=True, max_examples=40, deadline=None)
COKE = MarketWelfare(ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0))


# --- WTO rules, by hand ----------------------------------------------------------------
def test_authorised_retaliation_follows_the_violation_after_the_dispute():
    # B escalates 10 points a round; A (a rule follower) sees round r-1 and the ruling
    # covers the violation of round r-1-D: with D = 2, A's tariff in round 4 is B's of round 1.
    g = play("tit_for_tat", "always_escalate", rounds=6, rules="wto", dispute_rounds=2)
    assert g.tariff_b.tolist() == [10, 20, 30, 40, 50, 60]
    assert g.tariff_a.tolist() == [0, 0, 0, 10, 20, 30]
    assert g.escalated_a.tolist() == [False] * 3 + [True] * 3


def test_a_dispute_of_no_rounds_is_tit_for_tat_against_an_escalator():
    for step in (5, 10, 25):
        ruled = play("grim_trigger", "always_escalate", rounds=12, step_pct=step, rules="wto",
                     dispute_rounds=0)  # fmt: skip
        unruled = play("tit_for_tat", "always_escalate", rounds=12, step_pct=step)
        assert ruled.tariff_a.tolist() == unruled.tariff_a.tolist()


def test_the_binding_is_the_starting_tariff():
    # B's tariff above 50% is the violation, A's retaliation is 50% + that excess.
    g = play("tit_for_tat", "always_escalate", rounds=5, step_pct=10, initial_tariff_pct=50,
             rules="wto", dispute_rounds=1)  # fmt: skip
    assert g.tariff_b.tolist() == [60, 70, 80, 90, 100]
    # A de-escalates from its binding (40, 30) until authorised: 50 + (60 - 50) in round 3.
    assert g.tariff_a.tolist() == [40, 30, 60, 70, 80]


@pytest.mark.parametrize("partner", STRATEGIES)
def test_rule_followers_play_alike(partner):
    games = [play(s, partner, rounds=15, noise=0.2, seed=3, rules="wto") for s in RULE_FOLLOWERS]
    assert all(g.tariff_a.tolist() == games[0].tariff_a.tolist() for g in games)


@given(seed=st.integers(0, 10_000), noise=st.floats(0, 0.5))
@SETTINGS
def test_under_rules_a_misreading_starts_nothing(seed, noise):
    for a in RULE_FOLLOWERS:
        for b in RULE_FOLLOWERS:
            g = play(a, b, rounds=20, noise=noise, seed=seed, rules="wto")
            assert g.tariff_a.max() == g.tariff_b.max() == 0 and g.total_a == 0


def test_appeals_into_the_void_leave_a_rule_follower_conceding():
    void = play("tit_for_tat", "always_escalate", rounds=10, rules="void")
    conceding = play("always_concede", "always_escalate", rounds=10)
    assert void.as_dict() | {"strategy_a": ""} == conceding.as_dict() | {"strategy_a": ""}


def test_unconditional_strategies_ignore_the_rules():
    for rules in RULES:
        g = play("always_escalate", "always_concede", rounds=8, rules=rules)
        assert g.as_dict() == play("always_escalate", "always_concede", rounds=8).as_dict()


def test_a_longer_dispute_helps_the_escalator():
    totals = [play("tit_for_tat", "always_escalate", rounds=8, step_pct=10, rules="wto",
                   dispute_rounds=d).total_b for d in range(5)]  # fmt: skip
    # B's payoff G(t_B) - F(t_A): the later A's retaliation, the smaller B's loss F(t_A).
    assert all(x < y for x, y in zip(totals, totals[1:], strict=False))


# --- the delayed discount-factor condition -------------------------------------------------
def test_delay_raises_the_discount_factor_to_the_power_one_over_d_plus_one():
    # Coke market, step 20: G/F = 0.382653/0.478316 = 0.8 (discount_factors' doctest).
    assert COKE.wto_discount_factor(20, 0) == pytest.approx(0.8)
    assert COKE.wto_discount_factor(20, 1) == pytest.approx(math.sqrt(0.8))
    assert COKE.wto_discount_factor(20, 3) == pytest.approx(0.8**0.25)
    values = [DEFAULT_WELFARE.wto_discount_factor(10, d) for d in range(0, 50, 5)]
    assert values[0] == pytest.approx(DEFAULT_WELFARE.discount_factors(10)["grim_trigger"])
    assert all(x < y < 1 for x, y in zip(values, values[1:], strict=False))


@given(delta=st.floats(0.5, 0.999), d=st.integers(0, 6))
@SETTINGS
def test_the_condition_is_the_present_value_comparison(delta, d):
    # Violating for ever gains T - R for D + 1 rounds, then loses R - P every round.
    (r, s), (t, p) = DEFAULT_WELFARE.payoff_matrix(10)
    gain = (t - r) * sum(delta**k for k in range(d + 1))
    loss = (r - p) * delta ** (d + 1) / (1 - delta)
    threshold = DEFAULT_WELFARE.wto_discount_factor(10, d)
    if abs(delta - threshold) > 1e-6:
        assert (loss >= gain) == (delta >= threshold)


# --- many seeded games -------------------------------------------------------------------
def test_game_k_of_the_band_is_play_with_seed_plus_k():
    band = noise_band("tit_for_tat", "generous_tit_for_tat", games=30, seed=7, rounds=15,
                      noise=0.2)  # fmt: skip
    games = [play("tit_for_tat", "generous_tit_for_tat", rounds=15, noise=0.2, seed=7 + k)
             for k in range(30)]  # fmt: skip
    tariffs = np.array([g.tariff_a for g in games])
    totals = np.array([g.cumulative_b for g in games])
    assert np.allclose(band.mean_tariff[:, 0], tariffs.mean(axis=0))
    assert np.allclose(band.mean_cumulative[:, 1], totals.mean(axis=0))
    assert band.sample.as_dict() == games[0].as_dict()
    # each end of the band is one of the games' values, low <= mean <= high
    for k in range(15):
        assert band.low_tariff[k, 0] in tariffs[:, k] and band.high_tariff[k, 0] in tariffs[:, k]
    assert np.all(band.low_tariff <= band.mean_tariff + 1e-9)
    assert np.all(band.mean_tariff <= band.high_tariff + 1e-9)


def test_without_noise_a_deterministic_pair_has_no_band():
    band = noise_band("tit_for_tat", "always_escalate", games=20, rounds=10)
    assert np.array_equal(band.low_tariff, band.high_tariff)
    assert np.allclose(band.mean_tariff[:, 0], band.sample.tariff_a)


def test_noise_shows_in_the_mean_for_the_simulators_first_game():
    # The page opens on tit for tat against always escalate: each noise level changes
    # the expected path (a misread escalation is read as a de-escalation and forgiven).
    means = [noise_band("tit_for_tat", "always_escalate", games=200, seed=2025, rounds=20,
                        noise=n).mean_cumulative[-1, 0] for n in (0, 0.05, 0.1, 0.2)]  # fmt: skip
    assert len(set(np.round(means))) == 4


def test_echoes_grow_with_noise_between_two_tit_for_tat_players():
    means = [noise_band("tit_for_tat", "tit_for_tat", games=200, seed=2025, rounds=30,
                        noise=n).mean_tariff[-1].mean() for n in (0, 0.05, 0.1, 0.2)]  # fmt: skip
    assert means[0] == 0 and all(x < y for x, y in zip(means, means[1:], strict=False))


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(rules="gatt"), "rules"),
        (dict(dispute_rounds=-1), "dispute_rounds"),
        (dict(games=0), "games"),
        (dict(quantiles=(0.9, 0.1)), "quantiles"),
        (dict(noise=1.0), "noise"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        noise_band("tit_for_tat", "tit_for_tat", **kwargs)
