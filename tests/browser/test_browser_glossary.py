"""Glossary pop-ups in the built site: hover or keyboard focus shows the definition, Escape
hides it, the pointer can rest on it, and nothing is fetched (also from a file:// page)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import SITE

pytestmark = pytest.mark.browser

PAGE = "chapters/tariffs.html"


def _definition(term_anchor: str) -> str:
    """The definition of a term as the glossary page prints it."""
    html = (SITE / "glossary.html").read_text(encoding="utf-8")
    match = re.search(rf'<dt id="{re.escape(term_anchor)}">.*?</dt>\s*<dd>(.*?)</dd>', html, re.S)
    assert match, f"{term_anchor} is not in glossary.html"
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


def _first_term(page):
    link = page.locator("a.gloss-ref").first
    tip = page.locator("#" + link.get_attribute("aria-describedby"))
    anchor = link.get_attribute("href").rpartition("#")[2]
    return link, tip, anchor


def test_hover_shows_the_definition_and_escape_hides_it(open_page):
    visit = open_page(PAGE)
    page = visit.page
    link, tip, anchor = _first_term(page)
    with visit.explained():
        expect(tip).to_be_hidden()
        link.evaluate("(el) => el.scrollIntoView({block: 'center'})")
        link.hover()
        expect(tip).to_be_visible()
        assert " ".join(tip.inner_text().split()) == _definition(anchor)
        assert tip.get_attribute("role") == "tooltip"
        tip.hover()  # hoverable: moving onto the tip keeps it open
        expect(tip).to_be_visible()
        page.keyboard.press("Escape")
        expect(tip).to_be_hidden()
        page.mouse.move(0, 0)  # leaving and coming back opens it again
        link.hover()
        expect(tip).to_be_visible()
        page.mouse.move(0, 0)
        expect(tip).to_be_hidden()
    visit.assert_clean()


def test_keyboard_focus_shows_the_definition_and_escape_hides_it(open_page):
    visit = open_page(PAGE)
    page = visit.page
    link, tip, _ = _first_term(page)
    page.mouse.move(0, 0)
    # Tab onto the term from the focusable element just before it.
    reached = page.evaluate(
        """(link) => {
            const focusable = 'a[href], button, input, select, summary, [tabindex]';
            const all = [...document.querySelectorAll(focusable)]
                .filter((el) => el.tabIndex >= 0 && el.getClientRects().length);
            for (let i = all.indexOf(link) - 1; i >= 0; i--) {
                all[i].focus();
                if (document.activeElement === all[i]) return true;
            }
            return false;
        }""",
        link.element_handle(),
    )
    assert reached, "no focusable element before the first term"
    with visit.explained():
        expect(tip).to_be_hidden()
        page.keyboard.press("Tab")
        expect(link).to_be_focused()
        expect(tip).to_be_visible()
        page.keyboard.press("Escape")
        expect(tip).to_be_hidden()
        expect(link).to_be_focused()  # Escape closes the tip, focus stays
        page.keyboard.press("Tab")
        expect(tip).to_be_hidden()
    visit.assert_clean()


def test_every_term_link_on_a_chapter_has_a_definition(open_page):
    visit = open_page(PAGE)
    page = visit.page
    links = page.locator("a.gloss-ref")
    assert links.count() >= 20
    for i in range(links.count()):
        tip_id = links.nth(i).get_attribute("aria-describedby")
        assert (page.locator("#" + tip_id).text_content() or "").strip(), tip_id
    visit.assert_clean()


def test_pop_ups_work_from_a_file_url_without_requests(open_page):
    visit = open_page(PAGE, from_file=True, wait_until="load")
    page = visit.page
    with visit.explained():
        link, tip, anchor = _first_term(page)
        link.evaluate("(el) => el.scrollIntoView({block: 'center'})")
        link.hover()
        expect(tip).to_be_visible()
        assert " ".join(tip.inner_text().split()) == _definition(anchor)
        page.keyboard.press("Escape")
        expect(tip).to_be_hidden()
    visit.assert_clean()  # no request but file: ones, no console or page error
