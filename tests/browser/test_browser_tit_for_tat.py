"""The escalation simulator on the website: its selects, slider and radios redraw the chart,
and the key numbers it shows are the model's (``band_rows`` of a direct call of
``noise_band``, the live widget's function), in the book's number format.

The tests share one load of the page; the state at load time is recorded first.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import ExplorerOnPage, VegaChart
from widgets.charts.tit_for_tat import ROUND_AXIS_DESCRIPTION

pytestmark = pytest.mark.browser

PAGE = "chapters/tit_for_tat.html"
PREFIXES = ("After ", "Country A (", "Country B (", "Sample game: ")


def expected_lines(a, b, rounds, step, noise_pct, rules="none") -> list[str]:
    """The key-number lines the page must show, from a direct call of the model."""
    from widgets.charts.tit_for_tat import SITE_GAMES, SITE_SEED, band_rows, key_lines
    from widgets.models.tit_for_tat import noise_band

    band = noise_band(a, b, games=SITE_GAMES, seed=SITE_SEED, rounds=rounds, step_pct=step,
                      noise=noise_pct / 100, rules=rules)  # fmt: skip
    return key_lines(band_rows(band), games=SITE_GAMES, rules=rules)


def displayed_lines(chart: VegaChart) -> list[str]:
    return chart.texts(lambda t: t.startswith(PREFIXES))


class Simulator(ExplorerOnPage):
    def set_inputs(self, a=None, b=None, rounds=None, step=None, noise=None, rules=None) -> None:
        if a is not None:
            self.chart.locator('select[name="strategy_a"]').select_option(a)
        if b is not None:
            self.chart.locator('select[name="strategy_b"]').select_option(b)
        if step is not None:
            self.chart.locator(f'input[name="step"][value="{step}"]').check()
        if noise is not None:
            self.chart.locator(f'input[name="noise"][value="{noise}"]').check()
        if rules is not None:
            self.chart.locator(f'input[name="rules"][value="{rules}"]').check()
        if rounds is not None:
            self.chart.locator('input[name="rounds"]').fill(str(rounds))

    def assert_shows(self, a, b, rounds, step, noise, rules="none") -> None:
        expected = expected_lines(a, b, rounds, step, noise, rules)
        shown = displayed_lines(self.vega)
        assert shown == expected, f"key numbers for {a} vs {b}, {rounds}, {step}, {noise}%, {rules}"

    def drawing(self) -> list[str | None]:
        return self.vega.path_data("svg.marks path")


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
    expect(sim.chart.locator('input[name="step"]')).to_have_count(2)
    expect(sim.chart.locator('input[name="noise"]')).to_have_count(4)
    expect(sim.chart.locator('input[name="rules"]')).to_have_count(3)
    sim.visit.assert_clean()


def test_key_numbers_at_load_are_the_models(sim):
    assert sim.initial_lines == expected_lines("tit_for_tat", "always_escalate", 20, 10, 0)
    sim.visit.assert_clean()


@pytest.mark.parametrize(
    "a, b, rounds, step, noise, rules",
    [
        ("tit_for_tat", "tit_for_tat", 30, 10, 10, "none"),
        ("tit_for_tat", "tit_for_tat", 30, 10, 10, "wto"),
        ("always_escalate", "always_concede", 12, 25, 0, "none"),
        ("generous_tit_for_tat", "grim_trigger", 25, 10, 20, "none"),
        ("tit_for_tat", "always_escalate", 15, 10, 5, "void"),
    ],
)
def test_key_numbers_follow_the_inputs(sim, a, b, rounds, step, noise, rules):
    sim.set_inputs(a=a, b=b, rounds=rounds, step=step, noise=noise, rules=rules)
    sim.assert_shows(a, b, rounds, step, noise, rules)
    sim.visit.assert_clean()


def test_every_noise_level_changes_the_drawing(sim):
    # The case: tit for tat against always escalate, the page's first game.
    sim.set_inputs(a="tit_for_tat", b="always_escalate", rounds=20, step=10, rules="none")
    drawn = []
    for noise in (0, 5, 10, 20):
        sim.set_inputs(noise=noise)
        sim.assert_shows("tit_for_tat", "always_escalate", 20, 10, noise)
        drawn.append(tuple(sim.drawing()))
    assert len(set(drawn)) == 4, "a noise level left the drawing unchanged"
    sim.visit.assert_clean()


def x_axes(sim) -> list[dict]:
    """The x axes' ARIA labels and tick labels (their text, left to right)."""
    sim.vega.settle()
    axes = sim.vega.locator.locator('svg.marks g.role-axis[aria-label^="X-axis"]').all()
    return [{"aria": a.get_attribute("aria-label"),
             "ticks": a.locator("g.role-axis-label text").all_text_contents()}
            for a in axes]  # fmt: skip


def test_the_x_axis_ends_at_the_rounds_chosen(sim):
    sim.set_inputs(a="tit_for_tat", b="always_escalate", rounds=30, step=10, noise=0, rules="none")
    sim.assert_shows("tit_for_tat", "always_escalate", 30, 10, 0)
    axes = x_axes(sim)
    assert len(axes) == 2 and all(a["ticks"] == ["1", "5", "10", "15", "20", "25", "30"]
                                  for a in axes), axes  # fmt: skip
    sim.set_inputs(rounds=8)
    sim.assert_shows("tit_for_tat", "always_escalate", 8, 10, 0)
    axes = x_axes(sim)
    # the ticks past round 8 are gone, and the axis ends at round 8: the paths' last
    # point inside the plot is round 8's (the rest of the game is clipped)
    assert len(axes) == 2 and all(a["ticks"] == ["1", "5"] for a in axes), axes
    assert sim.vega.signal("rounds") == 8
    # what a screen reader hears stays true whatever the rounds (not Vega's stale domain)
    assert all(a["aria"] == ROUND_AXIS_DESCRIPTION for a in axes), axes
    sim.visit.assert_clean()


def test_the_by_hand_exercise_checks_out_on_the_page(sim):
    # ex-tft-by-hand: always escalate against always concede, 5 rounds of 25 points, no
    # misreading. The totals the student adds up by hand, G(25) + ... + G(125) and
    # -(F(25) + ... + F(125)), are the ones the page's key numbers show.
    import numpy as np

    from widgets.charts.kit import format_number
    from widgets.models.tit_for_tat import DEFAULT_WELFARE as w

    tau = np.array([25, 50, 75, 100, 125])
    total_a = float(w.own_tariff_gain(tau).sum())
    total_b = -float(w.partner_tariff_loss(tau).sum())
    assert total_a < 0 < w.own_tariff_gain(25)  # the solution: gains first, a loss in total
    sim.set_inputs(a="always_escalate", b="always_concede", rounds=5, step=25, noise=0,
                   rules="none")  # fmt: skip
    sim.assert_shows("always_escalate", "always_concede", 5, 25, 0)
    lines = displayed_lines(sim.vega)
    assert lines[0].startswith("After 5 rounds"), lines
    assert f"mean total payoff {format_number(total_a, ',.0f')} $ million" in lines[1], lines
    assert f"mean total payoff {format_number(total_b, ',.0f')} $ million" in lines[2], lines
    sim.visit.assert_clean()
