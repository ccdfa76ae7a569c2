"""Every chapter's slide deck in Chromium: it loads offline (served, and opened as a file with
no server), requests nothing from another origin (the conftest aborts and records any such
request, and any failed request or console error fails the test), draws its figures, and every
slide is reachable with the keyboard, forwards and back; without JavaScript every slide shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from _ext.teacher_kit import files
from _ext.toc import chapter_docnames
from tests.browser.browser_support import SITE

pytestmark = pytest.mark.browser

NAMES = [Path(d).name for d in chapter_docnames()]
FORWARD = ("ArrowRight", "Space", "PageDown", "ArrowDown")


@pytest.mark.parametrize("from_file", [False, True], ids=["served", "file"])
@pytest.mark.parametrize("name", NAMES)
def test_every_slide_is_reachable_by_keyboard_offline(name, from_file, open_page):
    visit = open_page(files(name)["slides"], from_file=from_file)
    page = visit.page
    current = page.locator("section.slide.current")
    with visit.explained():
        count = page.locator("section.slide").count()
        assert count >= 6, f"{name}: {count} slides"
        expect(current).to_have_attribute("id", "slide-1")
        expect(page.locator("#deck-count")).to_have_text(f"1 / {count}")
        for i in range(2, count + 1):
            page.keyboard.press(FORWARD[i % len(FORWARD)])
            expect(current).to_have_attribute("id", f"slide-{i}")
            expect(current).to_be_visible()
            expect(current).to_be_focused()
            expect(page.locator("section.slide:visible")).to_have_count(1)
        page.keyboard.press("ArrowRight")  # past the end: stays on the last slide
        expect(current).to_have_attribute("id", f"slide-{count}")
        assert page.evaluate("location.hash") == f"#{count}"
        page.keyboard.press("Home")
        expect(current).to_have_attribute("id", "slide-1")
        page.keyboard.press("End")
        page.keyboard.press("ArrowLeft")
        expect(current).to_have_attribute("id", f"slide-{count - 1}")
        page.locator("#deck-prev").click()
        expect(current).to_have_attribute("id", f"slide-{count - 2}")
        # every figure drawn (loaded from the deck's own folder)
        images = page.locator("section.slide img")
        if (SITE / files(name)["figures"]).exists():  # a chapter with charts (not the opener)
            assert images.count() >= 1
        assert page.evaluate(
            "() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
        )
    visit.assert_clean()


def test_a_link_opens_the_deck_at_its_slide_and_without_script_all_slides_show(open_page):
    name = NAMES[0]
    visit = open_page(files(name)["slides"])
    linked = visit.page.context.new_page()  # a fresh load of the address with "#3"
    linked.goto(visit.page.url.split("#")[0] + "#3")
    with visit.explained():
        expect(linked.locator("section.slide.current")).to_have_attribute("id", "slide-3")
        visit.page.evaluate("location.hash = '#5'")  # a link followed within the deck
        expect(visit.page.locator("section.slide.current")).to_have_attribute("id", "slide-5")
    visit.assert_clean()
    bare = open_page(files(name)["slides"], javascript=False)
    total = bare.page.locator("section.slide").count()
    expect(bare.page.locator("section.slide:visible")).to_have_count(total)
    expect(bare.page.locator(".deck-nav")).to_be_hidden()


@pytest.mark.parametrize("name", NAMES)
def test_slides_and_exam_bank_fit_a_phone(name, open_page):
    """At 390 px nothing scrolls sideways (wide tables and formulas scroll in their own box);
    the deck is checked with every slide shown (no script), the way it prints."""
    for path, javascript in ((files(name)["slides"], False), (files(name)["exam"], True)):
        visit = open_page(path, javascript=javascript)
        visit.page.set_viewport_size({"width": 390, "height": 844})
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide on a 390-px phone"
