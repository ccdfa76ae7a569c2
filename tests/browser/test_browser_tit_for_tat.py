"""The escalation simulator on the website: its selects, slider and radios redraw the chart,
and the key numbers it shows are the model's (a direct call of ``play``), in the book's
number format.

The tests share one load of the page; the state at load time is recorded first.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import ExplorerOnPage, VegaChart

pytestmark = pytest.mark.browser

PAGE = "chapters/tit_for_tat.html"
PREFIXES = ("After ", "Country A (", "Country B (", "Moves misread: ")


def expected_lines(a: str, b: str, rounds: int, step: int, noise_pct: int) -> list[str]:
    """The key-number lines the page must show, from a direct call of the model."""
    from widgets.charts.tit_for_tat import SITE_SEED, key_lines
    from widgets.models.tit_for_tat import play

    game = play(a, b, rounds=rounds, step_pct=step, noise=noise_pct / 100, seed=SITE_SEED)
    return key_lines(game)


def displayed_lines(chart: VegaChart) -> list[str]:
    return chart.texts(lambda t: t.startswith(PREFIXES))


class Simulator(ExplorerOnPage):
    def set_inputs(self, a=None, b=None, rounds=None, step=None, noise=None) -> None:
        if a is not None:
            self.chart.locator('select[name="strategy_a"]').select_option(a)
        if b is not None:
            self.chart.locator('select[name="strategy_b"]').select_option(b)
        if step is not None:
            self.chart.locator(f'input[name="step"][value="{step}"]').check()
        if noise is not None:
            self.chart.locator(f'input[name="noise"][value="{noise}"]').check()
        if rounds is not None:
            self.chart.locator('input[name="rounds"]').fill(str(rounds))

    def assert_shows(self, a, b, rounds, step, noise) -> None:
        expected = expected_lines(a, b, rounds, step, noise)
        shown = displayed_lines(self.vega)
        assert shown == expected, f"key numbers for {a} vs {b}, {rounds} rounds, {step}, {noise}%"

    def line_paths(self) -> list[str | None]:
        return self.vega.path_data("svg.marks g.mark-line path")


@pytest.fixture(scope="module")
def sim(open_page_for_module) -> Simulator:
    visit = open_page_for_module(PAGE, views=True)
    chart = visit.chart('select[name="strategy_a"]')
    with visit.explained():
        return Simulator(visit, chart, displayed_lines(chart))


def test_inputs(sim):
    for name in ("strategy_a", "strategy_b"):
        options = sim.chart.locator(f'select[name="{name}"] option')
        expect(options).to_have_count(5)
    assert sim.chart.locator('select[name="strategy_a"]').input_value() == "tit_for_tat"
    assert sim.chart.locator('select[name="strategy_b"]').input_value() == "always_escalate"
    slider = sim.chart.locator('input[name="rounds"]')
    expect(slider).to_have_attribute("type", "range")
    expect(slider).to_have_attribute("min", "5")
    expect(slider).to_have_attribute("max", "30")
    expect(sim.chart.locator('input[name="step"]')).to_have_count(3)
    expect(sim.chart.locator('input[name="noise"]')).to_have_count(4)
    sim.visit.assert_clean()


def test_key_numbers_at_load_are_the_models(sim):
    # The done-when case: tit for tat against always escalate, both paths and payoffs.
    assert sim.initial_lines == expected_lines("tit_for_tat", "always_escalate", 20, 10, 0)
    sim.visit.assert_clean()


@pytest.mark.parametrize(
    "a, b, rounds, step, noise",
    [
        ("tit_for_tat", "tit_for_tat", 30, 10, 0),
        ("tit_for_tat", "tit_for_tat", 30, 10, 10),
        ("always_escalate", "always_concede", 12, 25, 0),
        ("generous_tit_for_tat", "grim_trigger", 25, 5, 20),
        ("grim_trigger", "always_concede", 30, 10, 5),
    ],
)
def test_key_numbers_follow_the_inputs(sim, a, b, rounds, step, noise):
    sim.set_inputs(a=a, b=b, rounds=rounds, step=step, noise=noise)
    sim.assert_shows(a, b, rounds, step, noise)
    sim.visit.assert_clean()


def test_paths_redraw_when_a_strategy_changes(sim):
    sim.set_inputs(a="tit_for_tat", b="tit_for_tat", rounds=20, step=10, noise=0)
    sim.assert_shows("tit_for_tat", "tit_for_tat", 20, 10, 0)
    calm = sim.line_paths()
    assert len(calm) == 4, "two tariff paths and two payoff paths"
    sim.set_inputs(b="always_escalate")
    sim.assert_shows("tit_for_tat", "always_escalate", 20, 10, 0)
    war = sim.line_paths()
    assert len(war) == 4 and war != calm, "the lines did not change"
    sim.visit.assert_clean()


def test_rounds_slider_shortens_the_paths(sim):
    sim.set_inputs(a="tit_for_tat", b="always_escalate", rounds=30, step=10, noise=0)
    sim.assert_shows("tit_for_tat", "always_escalate", 30, 10, 0)
    long = sim.line_paths()
    sim.set_inputs(rounds=6)
    sim.assert_shows("tit_for_tat", "always_escalate", 6, 10, 0)
    short = sim.line_paths()
    # Fewer rounds, shorter paths: each line has fewer segments (path commands).
    assert len(short) == len(long) == 4
    assert all(len(s) < len(lg) for s, lg in zip(short, long, strict=True))
    sim.visit.assert_clean()
