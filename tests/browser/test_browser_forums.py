"""The membership chart on the website: choosing a forum recolours its members and prints
the model's key numbers for it, with no kernel."""

from __future__ import annotations

import time

import pytest
from browser_support import normalise_minus
from playwright.sync_api import Locator, expect

pytestmark = pytest.mark.browser

PAGE = "chapters/forums.html"


def expected():
    from widgets.charts.forums import forum_tables
    from widgets.data import load

    _, summary = forum_tables(load("forum_membership"), load("economy_indicators"))
    return summary.set_index("forum")


def shown_lines(chart: Locator) -> list[str]:
    from widgets.charts.forums import KEY_NUMBERS

    labels = tuple(f"{label}: " for label, _, _ in KEY_NUMBERS)
    texts = chart.locator("svg.marks g.role-mark text").all_text_contents()
    return [normalise_minus(t.strip()) for t in texts if t.strip().startswith(labels)]


def member_marks(chart: Locator) -> int:
    from widgets.charts.forums import MEMBER_COLOR

    fills = chart.locator("svg.marks g.mark-rect path").evaluate_all(
        "els => els.map(e => (e.getAttribute('fill') || '').toLowerCase())"
    )
    return sum(f == MEMBER_COLOR.lower() for f in fills)


def wait_for(chart: Locator, lines: list[str], timeout: float = 5.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while (shown := shown_lines(chart)) != lines and time.monotonic() < deadline:
        chart.page.wait_for_timeout(25)
    return shown


@pytest.fixture(scope="module")
def chart(open_page_for_module):
    visit = open_page_for_module(PAGE)
    page = visit.page
    with visit.explained():
        chart = page.locator(".vega-embed").filter(has=page.locator('input[name="forum"]'))
        expect(chart, "exactly one chart on the page is bound to forum").to_have_count(1)
        expect(chart.locator(":scope > svg.marks")).to_have_count(1)
    chart.visit = visit
    return chart


def test_radio_offers_the_five_forums(chart):
    from widgets.charts.forums import FORUMS

    radios = chart.locator('input[name="forum"]')
    expect(radios).to_have_count(len(FORUMS))
    assert [r.get_attribute("value") for r in radios.all()] == list(FORUMS)
    assert chart.locator('input[name="forum"]:checked').get_attribute("value") == "APEC"
    chart.visit.assert_clean()


def test_apec_at_load_shows_the_model_numbers(chart):
    rows = expected()
    assert wait_for(chart, rows.loc["APEC", "lines"]) == rows.loc["APEC", "lines"]
    assert (
        member_marks(chart) == rows.loc["APEC", "members"] + rows.loc["APEC", "members_with_data"]
    )
    chart.visit.assert_clean()


@pytest.mark.parametrize("forum", ["G7", "G20", "WTO", "IMF", "APEC"])
def test_selecting_a_forum_redraws(chart, forum):
    rows = expected()
    chart.locator(f'input[name="forum"][value="{forum}"]').check()
    assert wait_for(chart, rows.loc[forum, "lines"]) == rows.loc[forum, "lines"], forum
    # Grid cells and GDP bars of the forum's members take the member colour.
    deadline = time.monotonic() + 5
    want = rows.loc[forum, "members"] + rows.loc[forum, "members_with_data"]
    while member_marks(chart) != want and time.monotonic() < deadline:
        chart.page.wait_for_timeout(25)
    assert member_marks(chart) == want
    chart.visit.assert_clean()
