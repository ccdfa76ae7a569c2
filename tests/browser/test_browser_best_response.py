"""The best-response diagram on the website: its two selects pick the model's tariff war,
and the key numbers and the Nash point drawn are the model's (a direct call of
``tariff_war``), in the book's number format.

The tests share one load of the page.
"""

from __future__ import annotations

import pytest

from tests.browser.browser_support import VegaChart

pytestmark = pytest.mark.browser

PAGE = "chapters/tariff_wars.html"
LABELS = ("Nash tariffs", "Home's welfare", "Foreign's welfare", "Compared with")


def expected_lines(e_home: float, e_foreign: float) -> list[str]:
    """The key-number lines the page must show, from a direct call of the model."""
    from widgets.charts.kit import format_number
    from widgets.charts.tariff_war import WAR_KEY_NUMBERS
    from widgets.models.examples import CLASSROOM_MARKET as m
    from widgets.models.tariff_war import ImportMarket, tariff_war

    home = ImportMarket(m["demand"], m["supply"], m["world_price"], e_home)
    foreign = ImportMarket(m["demand"], m["supply"], m["world_price"], e_foreign)
    war = tariff_war(home, foreign)
    t_h, t_f = (format_number(100 * t, ".1f") for t in war.nash_tariff_rates)
    w_h, w_f = war.punishment
    verdict = {
        (True, True): "both lose: a prisoner's dilemma",
        (False, True): "Home wins the war, Foreign loses",
        (True, False): "Foreign wins the war, Home loses",
    }[(w_h < 0, w_f < 0)]
    values = [f"{t_h}%, {t_f}%", format_number(w_h, ",.0f"), format_number(w_f, ",.0f"), verdict]
    return [f"{label}: {v}" for label, v in zip(WAR_KEY_NUMBERS.values(), values, strict=True)]


@pytest.fixture(scope="module")
def diagram(open_page_for_module):
    visit = open_page_for_module(PAGE, views=True)
    chart = visit.chart('select[name="home_elasticity"]')
    chart.visit = visit
    return chart


def shown(chart: VegaChart) -> list[str]:
    return chart.texts(lambda t: t.startswith(LABELS))


def test_opens_on_like_countries_in_a_prisoners_dilemma(diagram):
    assert diagram.locator.locator('select[name="home_elasticity"] option').count() == 5
    assert shown(diagram) == expected_lines(3.0, 3.0)
    assert "Nash" in diagram.texts() and "Free trade" in diagram.texts()
    diagram.visit.assert_clean()


@pytest.mark.parametrize("e_home, e_foreign", [(1.5, 10.0), (10.0, 1.5), (2.0, 5.0), (5.0, 5.0)])
def test_selects_move_the_nash_point_and_the_key_numbers(diagram, e_home, e_foreign):
    before = diagram.path_data("svg.marks g.mark-line path")
    diagram.locator.locator('select[name="home_elasticity"]').select_option(f"{e_home:g}")
    diagram.locator.locator('select[name="foreign_elasticity"]').select_option(f"{e_foreign:g}")
    assert shown(diagram) == expected_lines(e_home, e_foreign)
    after = diagram.path_data("svg.marks g.mark-line path")
    assert len(after) == 2 and after != before, "the two dashed curves did not redraw"
    diagram.visit.assert_clean()
