"""The quota explorer on the website: moving its select and sliders changes the key numbers
to the model's (a direct call of :func:`widgets.charts.quota.quota_row`), in the book's
number format, and the bars redraw.

The tests share one load of the page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import VegaChart

pytestmark = pytest.mark.browser

PAGE = "chapters/tariff_wars.html"
LABELS = ("Home price", "Imports", "What sets", "National welfare", "Tariff-rate")


def expected_lines(policy, tariff_pct, growth_pct, in_pct=0, out_pct=60) -> list[str]:
    """The key-number lines the page must show, from a direct call of the model."""
    from widgets.charts.quota import quota_row
    from widgets.controls.quota import key_number_lines
    from widgets.models.examples import CLASSROOM_MARKET

    row = quota_row(CLASSROOM_MARKET, policy, tariff_pct, growth_pct, in_pct, out_pct)
    return [f"{label}: {value}" for label, value in key_number_lines(row)]


@pytest.fixture(scope="module")
def explorer(open_page_for_module):
    visit = open_page_for_module(PAGE, views=True)
    chart = visit.chart('select[name="policy"]')
    chart.visit = visit
    return chart


def shown(chart: VegaChart) -> list[str]:
    return chart.texts(lambda t: t.startswith(LABELS))


def move(chart: VegaChart, **values) -> None:
    """Set the inputs as a reader does: pick the option, drag the slider (``fill`` sets the
    value and fires 'input', as vega-bind listens to)."""
    for name, value in values.items():
        if name == "policy":
            chart.locator.locator('select[name="policy"]').select_option(value)
        else:
            chart.locator.locator(f'input[type="range"][name="{name}"]').fill(str(value))


def test_opens_on_a_quota_with_the_tariffs_price(explorer):
    assert explorer.locator.locator('select[name="policy"] option').count() == 4
    lines = shown(explorer)
    assert lines == expected_lines("quota", 20, 0)
    assert lines[0].split(": ")[1] == lines[1].split(": ")[1]  # same price as the tariff
    explorer.visit.assert_clean()


@pytest.mark.parametrize(
    "values",
    [
        {"policy": "quota", "tariff_pct": 20, "growth_pct": 30},
        {"policy": "tariff", "tariff_pct": 40, "growth_pct": 30},
        {"policy": "ver", "tariff_pct": 10, "growth_pct": 10},
        {"policy": "trq", "tariff_pct": 20, "growth_pct": 30, "in_pct": 0, "out_pct": 60},
        {"policy": "trq", "tariff_pct": 30, "growth_pct": 0, "in_pct": 20, "out_pct": 20},
    ],
)
def test_controls_move_the_key_numbers_to_the_models(explorer, values):
    before = explorer.path_data("svg.marks g.mark-rect path")
    move(explorer, **values)
    full = {"in_pct": 0, "out_pct": 60} | values
    expected = expected_lines(full["policy"], full["tariff_pct"], full["growth_pct"],
                              full["in_pct"], full["out_pct"])  # fmt: skip
    assert shown(explorer) == expected
    after = explorer.path_data("svg.marks g.mark-rect path")
    assert len(after) == 4 and after != before, "the bars did not redraw"
    explorer.visit.assert_clean()


def test_the_rate_sliders_move_only_under_a_tariff_rate_quota(explorer):
    """Issue 13, every control visibly does something: the two TRQ rates change nothing
    under the other policies, so there they are locked at their start, with a line saying
    why; choosing the tariff-rate quota frees them and they redraw the bars."""
    sliders = explorer.locator.locator('input[name="in_pct"], input[name="out_pct"]')
    note = explorer.locator.locator("xpath=ancestor::*[@data-chart-controls][1]").locator(
        ".chart-control-note"
    )
    for policy in ("quota", "tariff", "ver"):
        move(explorer, policy=policy)
        assert sliders.evaluate_all("els => els.map((e) => [e.disabled, e.value])") == [
            [True, "0"], [True, "60"]]  # fmt: skip
        expect(note).to_have_text(
            "Tariff-rate quota: in-quota rate and Tariff-rate quota: over-quota rate are set "
            "by the policy. Choose \u201cTariff-rate quota\u201d to move them."
        )
    move(explorer, policy="trq", tariff_pct=20, growth_pct=30)  # imports beyond the quota
    expect(note).to_be_hidden()
    before = explorer.path_data("svg.marks g.mark-rect path")
    move(explorer, out_pct=100)
    assert explorer.path_data("svg.marks g.mark-rect path") != before
    move(explorer, out_pct=60)
    explorer.visit.assert_clean()


@pytest.mark.parametrize("width", [1280, 390])
def test_bar_labels_are_whole(explorer, width):
    """Issue 13: "Tariff revenue (gove…", "Quota rent kept at h…" and "Quota rent to
    foreig…" were cut in a phone's column; they are drawn on two lines, in full."""
    from tests.browser.browser_support import CHARTS_FITTED, TEXT_BOXES, overlaps

    page = explorer.visit.page
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.wait_for_function(CHARTS_FITTED)
        boxes = explorer.locator.evaluate(TEXT_BOXES, "g.role-axis-label text")
        wanted = {"Tariff revenue(government)", "Quota rentkept at home",
                  "Quota rent toforeign exporters", "Deadweight loss"}  # fmt: skip
        bars = [b for b in boxes if b["text"] in wanted]
        assert {b["text"] for b in bars} == wanted, [b["text"] for b in boxes]
        assert not [b["text"] for b in boxes if "…" in b["text"]], width
        assert overlaps(bars) == [], width
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    explorer.visit.assert_clean()
