"""The membership chart on the website: choosing a forum recolours its members and prints
the model's key numbers for it, with no kernel."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import VegaChart

pytestmark = pytest.mark.browser

PAGE = "chapters/forums.html"


def expected():
    from widgets.charts.forums import forum_tables
    from widgets.data import load

    _, summary = forum_tables(load("forum_membership"), load("economy_indicators"))
    return summary.set_index("forum")


def shown_lines(chart: VegaChart) -> list[str]:
    """The key-number lines the chart shows once it has redrawn."""
    from widgets.charts.forums import KEY_NUMBERS

    labels = tuple(f"{label}: " for label, _, _ in KEY_NUMBERS)
    return chart.texts(lambda t: t.startswith(labels))


def member_marks(chart: VegaChart) -> int:
    """How many grid cells and bars take the member colour once the chart has redrawn."""
    from widgets.charts.forums import MEMBER_COLOR

    chart.settle()
    fills = chart.locator.locator("svg.marks g.mark-rect path").evaluate_all(
        "els => els.map(e => (e.getAttribute('fill') || '').toLowerCase())"
    )
    return sum(f == MEMBER_COLOR.lower() for f in fills)


@pytest.fixture(scope="module")
def chart(open_page_for_module) -> VegaChart:
    visit = open_page_for_module(PAGE, views=True)
    chart = visit.chart('input[name="forum"]')
    chart.visit = visit
    return chart


def test_radio_offers_the_five_forums(chart):
    from widgets.charts.forums import FORUMS

    radios = chart.locator.locator('input[name="forum"]')
    expect(radios).to_have_count(len(FORUMS))
    assert [r.get_attribute("value") for r in radios.all()] == list(FORUMS)
    assert chart.locator.locator('input[name="forum"]:checked').get_attribute("value") == "APEC"
    chart.visit.assert_clean()


def test_apec_at_load_shows_the_model_numbers(chart):
    rows = expected()
    assert shown_lines(chart) == rows.loc["APEC", "lines"]
    assert (
        member_marks(chart) == rows.loc["APEC", "members"] + rows.loc["APEC", "members_with_data"]
    )
    chart.visit.assert_clean()


@pytest.mark.parametrize("forum", ["G7", "G20", "WTO", "IMF", "APEC"])
def test_selecting_a_forum_redraws(chart, forum):
    rows = expected()
    chart.locator.locator(f'input[name="forum"][value="{forum}"]').check()
    assert shown_lines(chart) == rows.loc[forum, "lines"], forum
    # Grid cells and GDP bars of the forum's members take the member colour.
    assert member_marks(chart) == rows.loc[forum, "members"] + rows.loc[forum, "members_with_data"]
    chart.visit.assert_clean()


def test_gdp_axis_labels_are_apart_and_say_the_scale(chart):
    """Issue 13: "10,000 20,000" overlapped; the square-root scale was not labelled."""
    from tests.browser.browser_support import TEXT_BOXES, overlaps

    boxes = chart.locator.evaluate(TEXT_BOXES, "g.role-axis-label text")
    gdp = [b for b in boxes if b["text"] in {"0", "1", "5", "10", "20"}]  # the GDP axis
    assert [b["text"] for b in gdp] == ["0", "1", "5", "10", "20"]
    assert overlaps(gdp) == []
    titles = chart.texts(selector="g.role-axis-title text")
    assert "$ trillion (square-root scale)" in titles
    chart.visit.assert_clean()


def test_not_a_member_swatch_is_outlined(chart):
    """Issue 13: the "Not a member" swatch (#F2F2F2) was invisible on white."""
    from widgets.charts.forums import EMPTY_COLOR, OUTLINE_COLOR

    swatches = chart.locator.locator("g.role-legend-symbol path").evaluate_all(
        "els => els.map(e => [(e.getAttribute('fill') || '').toLowerCase(),"
        " (e.getAttribute('stroke') || '').toLowerCase(), e.getAttribute('stroke-width')])"
    )
    assert [EMPTY_COLOR.lower(), OUTLINE_COLOR.lower(), "1"] in swatches
    chart.visit.assert_clean()


@pytest.mark.parametrize("width", [1280, 390])
def test_forum_and_economy_labels_are_readable(chart, width):
    """Issue 13: the forum names ran together ("G7G20APECWTOIMF") at 390 and 1280 px, and
    stacked on a phone the GDP bars had no economy names."""
    from tests.browser.browser_support import CHARTS_FITTED, TEXT_BOXES, overlaps
    from widgets.charts.forums import FORUMS

    page = chart.visit.page
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.wait_for_function(CHARTS_FITTED)
        boxes = chart.locator.evaluate(TEXT_BOXES, "g.role-axis-label text")
        forums = [b for b in boxes if b["text"] in FORUMS]
        assert sorted(b["text"] for b in forums) == sorted(FORUMS)
        assert overlaps(forums) == [], width
        texts = [b["text"] for b in boxes]
        # the grid and the GDP bars both name every economy, none cut short
        for name in ("United States", "Other EU (24)", "Brunei Darussalam", "Chinese Taipei"):
            assert texts.count(name) == 2, (name, width)
        assert not [t for t in texts if "…" in t], width
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    chart.visit.assert_clean()
