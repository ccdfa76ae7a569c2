"""Tests of the repeated tariff game (widgets/models/tit_for_tat.py).

Three layers: cases worked by hand from the stated welfare model u_i = G(t_i) - F(t_j)
(Suranovic's Coke market, whose numbers widgets/models/tariff_war.py works by hand,
and the book's classroom market); a reference result from Axelrod's analysis of the
iterated prisoner's dilemma; Hypothesis invariants.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.models.tariff import LinearDemand, LinearSupply
from widgets.models.tariff_war import ImportMarket, tariff_war, tariff_welfare
from widgets.models.tit_for_tat import (
    DEFAULT_WELFARE,
    STRATEGIES,
    MarketWelfare,
    play,
    tournament,
)

NICE = ["tit_for_tat", "generous_tit_for_tat", "grim_trigger", "always_concede"]
SETTINGS = settings(derandomize=True, max_examples=60, deadline=None)
COKE = ImportMarket(LinearDemand(13, 5), LinearSupply(-7, 10), 1.0, 2.0)


# --- the welfare model and its payoff matrix ----------------------------------------------
def test_payoff_matrix_by_hand():
    # Coke market, e* = 2, step = the optimal tariff 500/13 %: T = 15/32, P = -75/256,
    # S = -195/256, R = 0 (the tariff-war doctest's numbers, worked by hand there).
    (r, s), (t, p) = MarketWelfare(COKE).payoff_matrix(step_pct=500 / 13)
    assert (r, s, t, p) == pytest.approx((0.0, -195 / 256, 15 / 32, -75 / 256), abs=1e-12)


def test_the_game_uses_the_tariff_war_payoffs():
    # One economics: at the optimal tariff T, R, P, S are tariff_war's, and the
    # grim-trigger discount factor is its cooperation_discount_factor.
    w = DEFAULT_WELFARE
    war = tariff_war(w.market, w.market)
    (r, s), (t, p) = w.payoff_matrix(w.optimal_tariff_pct)
    assert (t, r, p, s) == pytest.approx(
        (war.temptation[0], war.reward[0], war.punishment[0], war.sucker[0]), rel=1e-12
    )
    delta = w.discount_factors(w.optimal_tariff_pct)
    assert delta["grim_trigger"] == pytest.approx(war.cooperation_discount_factor[0])
    assert delta["tit_for_tat"] == pytest.approx(war.tit_for_tat_discount_factor[0])
    assert w.optimal_tariff_pct == pytest.approx(100 * war.nash_tariff_rates[0])


def test_coke_discount_factor_by_hand():
    # Step 20%: G = 0.382653, F = 0.478316 (tariff_welfare's doctest), delta = G/F = 0.8.
    d = MarketWelfare(COKE).discount_factors(20)
    assert d == pytest.approx({"grim_trigger": 0.8, "tit_for_tat": 0.8}, abs=1e-6)


@pytest.mark.parametrize("step", [1, 5, 10, 25, 50])
def test_default_is_a_prisoners_dilemma_below_the_no_gain_tariff(step):
    assert step < DEFAULT_WELFARE.no_gain_tariff_pct
    assert DEFAULT_WELFARE.is_prisoners_dilemma(step)


def test_no_temptation_at_or_beyond_the_no_gain_tariff():
    level = DEFAULT_WELFARE.no_gain_tariff_pct
    assert DEFAULT_WELFARE.own_tariff_gain(level) == pytest.approx(0, abs=1e-6)
    assert not DEFAULT_WELFARE.is_prisoners_dilemma(level + 1e-6)
    assert not DEFAULT_WELFARE.is_prisoners_dilemma(level + 20)
    with pytest.raises(ValueError, match="step_pct"):
        DEFAULT_WELFARE.discount_factors(level + 20)


def test_optimal_tariff_maximises_the_payoff_whatever_the_partner_does():
    grid = np.arange(0, 151)
    for partner in (0.0, 30.0, 150.0):
        payoffs = DEFAULT_WELFARE.payoff(grid, partner)
        assert grid[np.argmax(payoffs)] == round(DEFAULT_WELFARE.optimal_tariff_pct)


@SETTINGS
@given(e=st.floats(1.2, 50), step=st.floats(0.5, 40))
def test_separable_payoffs_make_both_discount_factors_g_over_f(e, step):
    w = MarketWelfare(ImportMarket(COKE.demand, COKE.supply, 1.0, e))
    if not w.is_prisoners_dilemma(step):
        return
    (r, s), (t, p) = w.payoff_matrix(step)
    assert t + s == pytest.approx(p + r, abs=1e-12)  # T + S = P + R
    d = w.discount_factors(step)
    g = tariff_welfare(w.market, step / 100)
    assert d["grim_trigger"] == pytest.approx(-g.home_welfare_change / g.foreign_welfare_change)
    assert d["tit_for_tat"] == pytest.approx(d["grim_trigger"])
    assert 0 < d["grim_trigger"] < 1


@pytest.mark.parametrize("a_move", [0, 1])
@pytest.mark.parametrize("b_move", [0, 1])
def test_one_round_payoffs_follow_the_stated_matrix(a_move, b_move):
    strategy = {0: "always_concede", 1: "always_escalate"}
    game = play(strategy[a_move], strategy[b_move], rounds=1, step_pct=10)
    matrix = DEFAULT_WELFARE.payoff_matrix(10)
    assert game.payoff_a[0] == pytest.approx(matrix[a_move, b_move], abs=1e-12)
    assert game.payoff_b[0] == pytest.approx(matrix[b_move, a_move], abs=1e-12)


# --- the brief's three named properties ---------------------------------------------------
@SETTINGS
@given(
    rounds=st.integers(1, 80),
    step=st.floats(0.5, 60),
    start=st.sampled_from([0.0, 20.0]),
    seed=st.integers(0, 10_000),
)
def test_tit_for_tat_against_itself_without_noise_never_escalates(rounds, step, start, seed):
    game = play("tit_for_tat", "tit_for_tat", rounds=rounds, step_pct=step, seed=seed,
                initial_tariff_pct=start)  # fmt: skip
    assert not game.escalated_a.any() and not game.escalated_b.any()
    # Tariffs only fall (from a starting level) and payoffs are never below the start's.
    assert np.all(np.diff(np.r_[start, game.tariff_a]) <= 0)
    if start == 0:
        assert np.all(game.tariff_a == 0) and np.all(game.payoff_a == 0)


def test_always_escalate_against_always_concede_by_hand():
    # Coke market, tariffs 20, 40 against 0: A earns G(20) + G(40), B loses F(20) + F(40).
    # G(20) = 0.382653, F(20) = 0.478316 by hand (tariff_welfare's doctest).
    w = MarketWelfare(COKE)
    game = play("always_escalate", "always_concede", rounds=2, step_pct=20, welfare=w)
    assert game.tariff_a.tolist() == [20, 40] and game.tariff_b.tolist() == [0, 0]
    assert game.payoff_a[0] == pytest.approx(0.382653, abs=1e-6)
    assert game.payoff_b[0] == pytest.approx(-0.478316, abs=1e-6)
    at_40 = tariff_welfare(COKE, 0.4)
    assert game.total_a == pytest.approx(0.382653 + at_40.home_welfare_change, abs=1e-6)
    assert game.total_b == pytest.approx(-0.478316 + at_40.foreign_welfare_change, abs=1e-6)


@SETTINGS
@given(rounds=st.integers(1, 60), step=st.sampled_from([5, 10, 25, 7.5]),
       cap=st.sampled_from([30, 100, 150]), noise=st.sampled_from([0.0, 0.2]))  # fmt: skip
def test_always_escalate_against_always_concede_closed_form(rounds, step, cap, noise):
    # The one-sided payoff: tau_r = min(r*s, cap) for A, 0 for B, whatever the noise.
    tau = np.minimum(step * np.arange(1, rounds + 1), cap)
    game = play("always_escalate", "always_concede", rounds=rounds, step_pct=step,
                max_tariff_pct=cap, noise=noise)  # fmt: skip
    gains = [tariff_welfare(DEFAULT_WELFARE.market, t / 100) for t in tau]
    assert game.total_a == pytest.approx(sum(g.home_welfare_change for g in gains), rel=1e-12)
    assert game.total_b == pytest.approx(sum(g.foreign_welfare_change for g in gains), rel=1e-12)
    assert np.all(game.tariff_b == 0)


def test_same_seed_same_game_and_another_seed_differs():
    kw = dict(rounds=40, step_pct=10, noise=0.2)
    one = play("tit_for_tat", "generous_tit_for_tat", seed=7, **kw).as_dict()
    two = play("tit_for_tat", "generous_tit_for_tat", seed=7, **kw).as_dict()
    assert one == two
    other = play("tit_for_tat", "generous_tit_for_tat", seed=8, **kw).as_dict()
    assert one["misread_a"] != other["misread_a"] or one["misread_b"] != other["misread_b"]


# --- reference result: the iterated prisoner's dilemma (cap = step) ----------------------
@pytest.mark.parametrize("rounds", [1, 2, 10])
def test_tit_for_tat_loses_only_the_first_round_against_always_defect(rounds):
    # With the cap equal to the step a tariff is either 0 or s: the classic iterated
    # prisoner's dilemma. Axelrod (1984): tit for tat against "always defect" scores
    # S + (n-1)P, and always defect T + (n-1)P.
    (r, s), (t, p) = DEFAULT_WELFARE.payoff_matrix(10)
    game = play("tit_for_tat", "always_escalate", rounds=rounds, step_pct=10, max_tariff_pct=10)
    assert game.total_a == pytest.approx(s + (rounds - 1) * p)
    assert game.total_b == pytest.approx(t + (rounds - 1) * p)


def test_mutual_cooperation_beats_mutual_escalation_in_the_repeated_game():
    nice = play("tit_for_tat", "tit_for_tat", rounds=20, step_pct=10)
    nasty = play("always_escalate", "always_escalate", rounds=20, step_pct=10)
    assert nice.total_a == 0 > nasty.total_a


# --- strategies one by one ----------------------------------------------------------------
def test_tit_for_tat_answers_escalation_one_round_late():
    game = play("tit_for_tat", "always_escalate", rounds=4, step_pct=10)
    assert game.escalated_a.tolist() == [False, True, True, True]
    assert game.tariff_a.tolist() == [0, 10, 20, 30]
    assert game.tariff_b.tolist() == [10, 20, 30, 40]


def test_grim_trigger_never_forgives_a_misreading():
    game = play("grim_trigger", "always_concede", rounds=60, noise=0.1, seed=3)
    first = int(np.argmax(game.misread_a))
    assert game.misread_a.any()
    assert not game.escalated_a[:first].any() and game.escalated_a[first:].all()


def test_noise_makes_tit_for_tat_echo():
    game = play("tit_for_tat", "tit_for_tat", rounds=30, noise=0.1, seed=1)
    assert game.misread_a.any() or game.misread_b.any()
    assert game.escalated_a.any() and game.tariff_a.max() > 0


def test_generosity_zero_is_tit_for_tat_and_one_never_retaliates():
    kw = dict(rounds=30, noise=0.2, seed=11)
    tft = play("tit_for_tat", "always_escalate", **kw)
    gen0 = play("generous_tit_for_tat", "always_escalate", generosity=0.0, **kw)
    gen1 = play("generous_tit_for_tat", "always_escalate", generosity=1.0, **kw)
    assert gen0.escalated_a.tolist() == tft.escalated_a.tolist()
    assert not gen1.escalated_a.any()


def test_tariffs_stay_between_zero_and_the_cap():
    game = play("always_escalate", "tit_for_tat", rounds=50, step_pct=25, max_tariff_pct=145)
    assert game.tariff_a.max() == 145 and game.tariff_b.min() >= 0


# --- invariants -------------------------------------------------------------------------
@SETTINGS
@given(
    a=st.sampled_from(STRATEGIES), b=st.sampled_from(STRATEGIES),
    rounds=st.integers(1, 40), step=st.sampled_from([5, 10, 25]),
    noise=st.sampled_from([0, 0.05, 0.2]), seed=st.integers(0, 1000),
)  # fmt: skip
def test_invariants(a, b, rounds, step, noise, seed):
    game = play(a, b, rounds=rounds, step_pct=step, noise=noise, seed=seed)
    # Payoffs are the stated welfare model applied to the tariffs in force.
    assert np.allclose(game.payoff_a, DEFAULT_WELFARE.payoff(game.tariff_a, game.tariff_b))
    assert np.allclose(game.cumulative_b, np.cumsum(game.payoff_b))
    # Each tariff moves by one step (or to a bound) in the direction of the move.
    before = np.r_[0.0, game.tariff_a[:-1]]
    up = np.minimum(before + step, 150)
    down = np.maximum(before - step, 0)
    assert np.array_equal(game.tariff_a, np.where(game.escalated_a, up, down))
    # Nobody misreads without noise or in the first round; swapping players mirrors the game.
    assert not game.misread_a[0] and not game.misread_b[0]
    if noise == 0:
        assert not game.misread_a.any()
        mirror = play(b, a, rounds=rounds, step_pct=step, seed=seed)
        assert np.array_equal(mirror.tariff_a, game.tariff_b)
    # A short game is the start of a longer one with the same seed.
    longer = play(a, b, rounds=rounds + 5, step_pct=step, noise=noise, seed=seed)
    assert np.array_equal(longer.tariff_a[:rounds], game.tariff_a)
    assert np.array_equal(longer.misread_b[:rounds], game.misread_b)


@SETTINGS
@given(a=st.sampled_from(NICE), b=st.sampled_from(NICE), rounds=st.integers(1, 50))
def test_nice_strategies_never_escalate_against_each_other_without_noise(a, b, rounds):
    game = play(a, b, rounds=rounds, step_pct=10)
    assert not game.escalated_a.any() and not game.escalated_b.any()


# --- the tournament -------------------------------------------------------------------------
def test_tournament_scores_are_totals_of_played_games():
    t = tournament(["tit_for_tat", "always_escalate"], rounds=5, step_pct=10)
    game = play("tit_for_tat", "always_escalate", rounds=5, step_pct=10)
    assert t.scores[0, 1] == pytest.approx(game.total_a)
    assert t.scores[1, 0] == pytest.approx(game.total_b)
    assert t.scores.shape == (2, 2)
    assert [s for s, _ in t.ranking()] == ["tit_for_tat", "always_escalate"]


def test_tournament_repetitions_average_over_seeds():
    kw = dict(rounds=20, step_pct=10, noise=0.1)
    t = tournament(["tit_for_tat"], seed=4, repetitions=3, **kw)
    games = [play("tit_for_tat", "tit_for_tat", seed=s, **kw).total_a for s in (4, 5, 6)]
    assert t.scores[0, 0] == pytest.approx(sum(games) / 3)


# --- bad input --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(strategy_a="tit_for_two_tats"), "strategy_a"),
        (dict(strategy_b=None), "strategy_b"),
        (dict(rounds=0), "rounds"),
        (dict(rounds=2.5), "rounds"),
        (dict(rounds=True), "rounds"),
        (dict(step_pct=0), "step_pct"),
        (dict(step_pct=math.nan), "step_pct"),
        (dict(noise=1.0), "noise"),
        (dict(noise=-0.1), "noise"),
        (dict(seed=-1), "seed"),
        (dict(max_tariff_pct=0), "max_tariff_pct"),
        (dict(initial_tariff_pct=200), "initial_tariff_pct"),
        (dict(generosity=1.5), "generosity"),
        (dict(welfare="linear"), "welfare"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    args = dict(strategy_a="tit_for_tat", strategy_b="tit_for_tat") | kwargs
    a, b = args.pop("strategy_a"), args.pop("strategy_b")
    with pytest.raises(ValueError, match=name):
        play(a, b, **args)


def test_bad_welfare_parameters():
    with pytest.raises(ValueError, match="market"):
        MarketWelfare("coke")
    with pytest.raises(ValueError, match="export_supply_elasticity"):
        MarketWelfare(ImportMarket(COKE.demand, COKE.supply, 1.0, 0.8))


def test_bad_tournament_input():
    with pytest.raises(ValueError, match="strategies"):
        tournament([])
    with pytest.raises(ValueError, match="strategies"):
        tournament(["tit_for_tat", "pavlov"])
    with pytest.raises(ValueError, match="repetitions"):
        tournament(repetitions=0)
    with pytest.raises(ValueError, match="step_pct"):
        DEFAULT_WELFARE.payoff_matrix(-5)
