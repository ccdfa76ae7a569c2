"""The live escalation simulator, built headless: set ``.value``, assert the recomputed result."""

import pytest
from explorer_support import set_inputs, starting_explorer

from widgets.charts.tit_for_tat import band_rows, key_lines
from widgets.controls.tit_for_tat import EscalationSimulator
from widgets.models.tit_for_tat import noise_band, play


@pytest.fixture
def sim():
    return EscalationSimulator()


def test_starts_with_tit_for_tat_against_always_escalate(sim):
    assert (sim.game.strategy_a, sim.game.strategy_b) == ("tit_for_tat", "always_escalate")
    assert sim.game.rounds == 20
    # B escalates by 10 points a round up to the 150% cap; A follows one round late.
    assert sim.game.tariff_b.tolist()[:3] == [10, 20, 30] and sim.game.tariff_a[0] == 0
    assert sim.figure.value.startswith("<svg")


def test_changing_a_strategy_replays_and_redraws(sim):
    before = sim.figure.value
    sim.strategy_b.value = "tit_for_tat"
    assert sim.game.tariff_a.max() == 0 and sim.game.total_a == 0
    assert sim.figure.value != before
    assert "mean total payoff 0 $ million" in sim.numbers.value


def test_controls_reach_the_model(sim):
    set_inputs(sim, noise=20, seed=11, games=40, step_pct=25, rounds=12,  # noise in percent
               strategy_a="generous_tit_for_tat")  # fmt: skip
    expected = noise_band("generous_tit_for_tat", "always_escalate", games=40, rounds=12,
                          step_pct=25, noise=0.2, seed=11)  # fmt: skip
    assert sim.game.as_dict() == expected.sample.as_dict()
    assert sim.game.as_dict() == play("generous_tit_for_tat", "always_escalate", rounds=12,
                                      step_pct=25, noise=0.2, seed=11).as_dict()  # fmt: skip
    lines = key_lines(band_rows(expected), games=40, rules="none")
    assert all(line in sim.numbers.value for line in lines)


def test_the_rules_reach_the_model(sim):
    set_inputs(sim, rules="wto", dispute_rounds=3)
    assert sim.game.tariff_a.tolist()[:5] == [0, 0, 0, 0, 10]
    assert "(WTO rules)" in sim.numbers.value
    sim.rules.value = "void"
    assert sim.game.tariff_a.max() == 0


def test_noise_changes_the_drawing(sim):
    drawn = []
    for noise in (0, 5, 10, 20):
        sim.noise.value = noise
        drawn.append(sim.figure.value)
    assert len(set(drawn)) == 4


def test_tournament_mode_ranks_every_strategy(sim):
    set_inputs(sim, repetitions=2, mode="tournament")
    assert sim.result.scores.shape == (5, 5)
    assert "Tournament ranking" in sim.numbers.value
    assert sim.numbers.value.count("<tr>") == 6  # header + 5 strategies
    best = sim.result.ranking()[0][0]
    assert sim.result.average.max() == pytest.approx(dict(sim.result.ranking())[best])


def test_a_model_error_shows_a_message_not_a_traceback(sim, monkeypatch):
    def broken(*_, **__):
        raise ValueError("noise must be a probability in [0, 1), got 1.0")

    monkeypatch.setattr("widgets.controls.tit_for_tat.noise_band", broken)
    sim.rounds.value = 9
    assert "noise" in sim.message.value and "role='alert'" in sim.message.value


def test_one_object_two_views():
    bundle = starting_explorer(EscalationSimulator)._repr_mimebundle_()  # escalation_simulator()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    html = bundle["text/html"]
    assert "vegaEmbed" in html and '"strategy_a"' in html
