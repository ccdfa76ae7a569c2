"""Accessibility of the built site: the vendored axe-core, and every slider by keyboard.

The axe-core audit of every page (light and dark theme) is in ``test_browser_pages.py``,
on the same page load as the offline and chart checks.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import (
    AXE_DIR,
    AXE_JS,
    CHARTS_DRAWN,
    SITE,
    altair_outputs,
    site_pages,
    vendored_axe,
)

pytestmark = pytest.mark.browser


def chart_pages() -> list[str]:
    return [p for p in site_pages() if altair_outputs((SITE / p).read_text(encoding="utf-8"))]


def test_vendored_axe_is_the_pinned_release():
    version, hashes = vendored_axe()
    assert version == "4.14.1", "scripts/vendor_assets.sh pins axe-core 4.14.1"
    assert set(hashes) == {"axe.min.js", "LICENSE", "LICENSE-3RD-PARTY.txt"}
    for name, digest in hashes.items():
        actual = hashlib.sha256((AXE_DIR / name).read_bytes()).hexdigest()
        assert actual == digest, f"{AXE_DIR / name} differs from its README's sha256"
    assert AXE_JS.read_text(encoding="utf-8").startswith(f"/*! axe v{version}")


@pytest.mark.parametrize("chart_page", chart_pages() or ["<no page with charts>"])
def test_every_slider_is_named_and_moves_with_the_keyboard(chart_page, open_page):
    assert chart_page != "<no page with charts>", "the built site has no page with charts"
    visit = open_page(chart_page)
    page = visit.page
    with visit.explained():
        page.wait_for_function(
            CHARTS_DRAWN, arg=altair_outputs(visit.file.read_text(encoding="utf-8"))
        )
    # One slider per Vega-Lite range binding in the page's chart specs.
    expected = len(re.findall(r'"input":\s*"range"', visit.file.read_text(encoding="utf-8")))
    sliders = page.locator(".vega-embed input[type=range]")
    with visit.explained():
        expect(sliders).to_have_count(expected)
        expect(page.get_by_role("slider")).to_have_count(expected)
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        where = f"{chart_page}, slider {i + 1} ({slider.get_attribute('name')})"
        expect(slider, where).to_have_accessible_name(re.compile(r"\w"))
        embed = slider.locator("xpath=ancestor::div[contains(@class, 'vega-embed')][1]")
        drawing = embed.locator(":scope > svg.marks")
        readout = slider.locator("xpath=following-sibling::span[1]")
        slider.scroll_into_view_if_needed()
        slider.focus()
        before_value = float(slider.input_value())
        before_svg = drawing.inner_html()
        at_max = before_value >= float(slider.get_attribute("max"))
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        after_value = float(slider.input_value())
        step = float(slider.get_attribute("step") or 1)
        assert after_value == pytest.approx(before_value + (-step if at_max else step)), where
        expect(readout, where).to_have_text(re.compile(rf"^{re.escape(slider.input_value())}$"))
        page.wait_for_function(
            "([el, old]) => el.innerHTML !== old",
            arg=[drawing.element_handle(), before_svg],
            timeout=5_000,
        )
        page.keyboard.press("ArrowRight" if at_max else "ArrowLeft")  # leave it as found
