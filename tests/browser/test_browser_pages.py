"""Every page of the built site loads offline, without errors, and draws every chart."""

from __future__ import annotations

import pytest
from browser_support import REQUIRED_PAGES, altair_outputs, site_pages
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_site_has_the_required_pages():
    pages = set(site_pages())
    missing = REQUIRED_PAGES - pages
    assert not missing, f"the built site lacks {sorted(missing)}; it has {sorted(pages)}"


def test_page_is_offline_clean_and_draws_every_chart(site_page, open_page):
    visit = open_page(site_page)
    page = visit.page
    expected = altair_outputs(visit.file.read_text(encoding="utf-8"))

    with visit.explained():
        outputs = page.locator('[id^="altair-viz-"]')
        expect(outputs).to_have_count(expected)
        embeds = page.locator(".vega-embed")
        expect(embeds).to_have_count(expected)
        for i in range(expected):
            embed = embeds.nth(i)
            # vega-embed draws one svg.marks or canvas.marks per view; a chart may sit in a
            # closed dropdown, so check its drawn size rather than its visibility.
            drawn = embed.locator(":scope > svg.marks, :scope > canvas.marks")
            expect(drawn, f"chart {i + 1} of {expected} on {site_page} drew nothing").to_have_count(
                1
            )
            width, height = (float(drawn.get_attribute(a) or 0) for a in ("width", "height"))
            assert width > 0 and height > 0, f"chart {i + 1} on {site_page} is {width}x{height}"
            if embed.locator(":scope > svg.marks").count():
                expect(drawn.locator("g.role-mark").first).to_be_attached()
        expect(page.locator('[id^="altair-viz-"] .error')).to_have_count(0)
    visit.assert_clean()
