"""The book on a phone, a tablet and a desktop: navigation by tap, click and keyboard.

Issue 13. Every test here drives the page as a reader does (a tap on a touch screen, a
click, Enter or Space on the focused button, Escape) and checks what the reader then sees:
the drawer is open, the chapter link in it leads to that chapter, the drawer is closed and
focus is back on the button that opened it. Nothing is asserted by reading how the page is
wired.

Widths: 390x844 with touch (a phone), 800x1000 (a tablet, the theme's drawers below 992 px)
and 1280x800 (a desktop, where ☰ collapses the sidebar).

The byte budget (every page <= 1 MB) is in ``test_browser_weight.py``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import (
    CHARTS_FITTED,
    CHARTS_SETTLED,
    DESKTOP,
    PHONE,
    SITE,
    TABLET,
    TIMEOUT_MS,
    guard_requests,
    site_pages,
)

pytestmark = pytest.mark.browser

NARROW = {"390-touch": PHONE, "800": TABLET}

CHAPTER = "chapters/tariffs.html"
OTHER_CHAPTER = "chapters/port_fees.html"

MENU = ".bd-header-article .primary-toggle"
CONTENTS = ".bd-header-article .secondary-toggle"
MENU_DRAWER = "dialog#pst-primary-sidebar-modal"
CONTENTS_DRAWER = "dialog#pst-secondary-sidebar-modal"


class Opened:
    """A page opened in its own browser context, with what went wrong on the way."""

    def __init__(self, browser, base: str, path: str, device: dict, *, cache: bool = True):
        self.context = browser.new_context(**device)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.problems: list[str] = []
        self.responses: list = []
        guard_requests(self.context, (base,), self.problems)  # outside URLs, aborted
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on(
            "console",
            lambda m: self.problems.append(f"console error: {m.text}") if m.type == "error" else 0,
        )
        self.page.on("response", lambda response: self.responses.append(response))
        if not cache:  # every response counted in full, as on a first visit
            cdp = self.context.new_cdp_session(self.page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.base = base
        self.goto(path)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.ok, f"{path}: {response and response.status}"


@pytest.fixture
def open_at(chromium, site_url):
    """``open_at(path, device) -> Opened``: a site page in a new context with that device."""
    opened: list[Opened] = []

    def _open(path: str, device: dict) -> Opened:
        visit = Opened(chromium, site_url, path, device)
        opened.append(visit)
        return visit

    yield _open
    for visit in opened:
        visit.context.close()


def press_or_tap(page, selector: str, how: str) -> None:
    """Activate a button the way a reader would: tap, click, Enter or Space."""
    button = page.locator(selector)
    expect(button).to_be_visible()
    if how == "tap":
        button.tap()
    elif how == "click":
        button.click()
    else:
        button.focus()
        page.keyboard.press(how)


def focused_matches(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement === document.querySelector(s)", selector)


# --- the chapter list (☰) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("device", "how"),
    [("390-touch", "tap"), ("800", "click"), ("390-touch", "Enter"), ("800", "Space")],
)
def test_menu_opens_its_drawer_and_a_chapter_link_in_it_gets_there(open_at, device, how):
    visit = open_at(CHAPTER, NARROW[device])
    page = visit.page
    drawer = page.locator(MENU_DRAWER)
    expect(drawer).not_to_be_visible()

    press_or_tap(page, MENU, how)

    expect(drawer).to_be_visible()
    expect(drawer).to_have_attribute("open", "")
    link = drawer.locator(f'a.reference.internal[href="{OTHER_CHAPTER.split("/")[-1]}"]')
    expect(link).to_be_visible()
    box = link.bounding_box()
    width = page.viewport_size["width"]
    assert box and 0 <= box["x"] and box["x"] + min(box["width"], 50) <= width, (
        f"the link to {OTHER_CHAPTER} is outside the {width}-px screen: {box}"
    )
    if how == "tap":
        link.tap()
    elif how == "click":
        link.click()
    else:  # keyboard: the link is reachable and followed with Enter
        link.focus()
        page.keyboard.press("Enter")
    page.wait_for_url(f"**/{OTHER_CHAPTER}")
    expect(page.locator("article.bd-article h1").first).to_be_visible()
    assert not visit.problems, "\n".join(visit.problems)


@pytest.mark.parametrize(("device", "how"), [("390-touch", "tap"), ("800", "Enter")])
def test_escape_closes_the_menu_and_focus_returns_to_the_button(open_at, device, how):
    visit = open_at(CHAPTER, NARROW[device])
    page = visit.page
    drawer = page.locator(MENU_DRAWER)
    press_or_tap(page, MENU, how)
    expect(drawer).to_be_visible()

    page.keyboard.press("Escape")

    expect(drawer).not_to_be_visible()
    page.wait_for_function("s => document.activeElement === document.querySelector(s)", arg=MENU)
    # The chapter list is back in the (hidden) sidebar, and the menu opens again.
    press_or_tap(page, MENU, how)
    expect(drawer).to_be_visible()
    expect(drawer.locator("nav.bd-docs-nav")).to_be_visible()
    assert not visit.problems, "\n".join(visit.problems)


def test_a_tap_beside_the_menu_closes_it(open_at):
    page = open_at(CHAPTER, PHONE).page
    drawer = page.locator(MENU_DRAWER)
    page.locator(MENU).tap()
    expect(drawer).to_be_visible()
    box = drawer.bounding_box()
    assert box and box["x"] + box["width"] < 380, f"the drawer covers the whole screen: {box}"
    page.touchscreen.tap(385, 420)  # the backdrop, right of the drawer
    expect(drawer).not_to_be_visible()


# --- the page contents ----------------------------------------------------------------------


@pytest.mark.parametrize(("device", "how"), [("390-touch", "tap"), ("800", "click"),
                                             ("390-touch", "Space"), ("800", "Enter")])  # fmt: skip
def test_contents_button_opens_the_page_contents_and_a_tap_goes_to_the_section(
    open_at, device, how
):
    visit = open_at(CHAPTER, NARROW[device])
    page = visit.page
    drawer = page.locator(CONTENTS_DRAWER)
    expect(drawer).not_to_be_visible()

    press_or_tap(page, CONTENTS, how)

    expect(drawer).to_be_visible()
    # the sections' links (a subsection's shows when its section is reached)
    links = drawer.locator("nav > ul > li > a.nav-link[href^='#']")
    assert links.count() >= 3, f"the page contents list {links.count()} sections"
    target = links.nth(2)
    href = target.get_attribute("href")
    if how == "tap":
        target.tap()
    else:
        target.click()
    page.wait_for_function("h => location.hash === h", arg=href)
    expect(drawer).not_to_be_visible()  # the drawer closes: the section is in view
    heading = page.locator(f"[id='{href[1:]}']")
    expect(heading).to_be_in_viewport()
    assert not visit.problems, "\n".join(visit.problems)


@pytest.mark.parametrize("device", ["390-touch", "800"])
def test_escape_closes_the_contents_and_focus_returns_to_the_button(open_at, device):
    page = open_at(CHAPTER, NARROW[device]).page
    drawer = page.locator(CONTENTS_DRAWER)
    press_or_tap(page, CONTENTS, "Enter")
    expect(drawer).to_be_visible()
    page.keyboard.press("Escape")
    expect(drawer).not_to_be_visible()
    page.wait_for_function(
        "s => document.activeElement === document.querySelector(s)", arg=CONTENTS
    )


# --- desktop --------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["click", "Enter"])
def test_menu_collapses_and_expands_the_sidebar_on_a_desktop(open_at, how):
    visit = open_at(CHAPTER, DESKTOP)
    page = visit.page
    sidebar = page.locator("#pst-primary-sidebar")
    chapter_link = sidebar.locator(f'a[href="{OTHER_CHAPTER.split("/")[-1]}"]')
    expect(chapter_link).to_be_visible()
    article = page.locator("article.bd-article")
    left_before = article.bounding_box()["x"]

    press_or_tap(page, MENU, how)
    expect(chapter_link).not_to_be_visible()
    expect(page.locator(MENU_DRAWER)).not_to_be_visible()  # collapsed, not a drawer
    # the theme slides the sidebar away (0.2-0.3 s): the article widens to the left
    page.wait_for_function(
        "x => document.querySelector('article.bd-article').getBoundingClientRect().x < x",
        arg=left_before,
    )

    press_or_tap(page, MENU, how)
    expect(chapter_link).to_be_visible()
    chapter_link.click()
    page.wait_for_url(f"**/{OTHER_CHAPTER}")
    assert not visit.problems, "\n".join(visit.problems)


# --- one search box ----------------------------------------------------------------------


@pytest.mark.parametrize("device", ["390-touch", "800", "1280"])
def test_one_search_box_that_opens_the_search(open_at, device):
    page = open_at(CHAPTER, {**NARROW, "1280": DESKTOP}[device]).page
    searches = page.locator("button.search-button, .search-button-field, form.bd-search")
    visible = [i for i in range(searches.count()) if searches.nth(i).is_visible()]
    assert len(visible) == 1, f"{len(visible)} search boxes are visible at {device}"
    button = searches.nth(visible[0])
    if device == "390-touch":
        button.tap()
    else:
        button.click()
    field = page.locator("#pst-search-dialog input[name=q]")
    expect(field).to_be_visible()
    expect(field).to_be_focused()
    page.keyboard.press("Escape")
    expect(field).not_to_be_visible()


def test_a_query_typed_in_the_search_box_is_answered_on_the_search_page(open_at):
    """Chapter pages load no search script (search_as_you_type is off): Enter in the search
    box goes to search.html, which finds the chapters."""
    page = open_at(CHAPTER, DESKTOP).page
    page.locator("button.search-button").click()
    field = page.locator("#pst-search-dialog input[name=q]")
    expect(field).to_be_focused()
    field.fill("retaliation")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=retaliation*")
    expect(page.locator("#search-results ul.search li").first).to_be_visible()


# --- the download menu (⬇): no Bootstrap, navigation.js opens it -------------------------

DOWNLOAD = ".bd-header-article .dropdown-download-buttons > button"
DOWNLOAD_MENU = ".bd-header-article .dropdown-download-buttons .dropdown-menu"


@pytest.mark.parametrize(
    ("device", "how"),
    [("390-touch", "tap"), ("800", "Enter"), ("1280", "click"), ("1280", "Space")],
)
def test_the_download_menu_opens_by_tap_click_and_keyboard_and_escape_closes_it(
    open_at, device, how
):
    visit = open_at(CHAPTER, {**NARROW, "1280": DESKTOP}[device])
    page = visit.page
    button, menu = page.locator(DOWNLOAD), page.locator(DOWNLOAD_MENU)
    expect(menu).not_to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")

    press_or_tap(page, DOWNLOAD, how)

    expect(menu).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    notebook = menu.locator('a[href$=".ipynb"]')
    expect(notebook).to_be_visible()
    box, width = notebook.bounding_box(), page.viewport_size["width"]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"{box} at {width} px"
    # Arrow keys reach the items; Escape closes the menu and focus is back on its button.
    button.focus()
    page.keyboard.press("ArrowDown")
    expect(notebook).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    page.mouse.move(5, page.viewport_size["height"] - 5)  # (the theme shows it on hover)
    expect(menu).not_to_be_visible()
    # A click elsewhere closes it too.
    press_or_tap(page, DOWNLOAD, how)
    expect(button).to_have_attribute("aria-expanded", "true")
    page.mouse.click(5, page.viewport_size["height"] - 5)  # (the menu may cover the title)
    expect(button).to_have_attribute("aria-expanded", "false")
    assert not visit.problems, "\n".join(visit.problems)


# --- every page on a phone ---------------------------------------------------------------


def test_no_page_scrolls_sideways_on_a_phone(site_page, open_at):
    visit = open_at(site_page, PHONE)
    page = visit.page
    page.wait_for_function(CHARTS_SETTLED)  # charts embed after load
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [];  // for the failure message: what sticks out
            document.querySelectorAll('.bd-main *').forEach(el => {
                const r = el.getBoundingClientRect();
                if (r.width && r.right > width + 1 && wide.length < 5) {
                    const name = [el.tagName.toLowerCase(), ...el.classList].join('.');
                    wide.push(`${name} right=${Math.round(r.right)}`);
                }
            });
            return {scroll: document.documentElement.scrollWidth, width, wide};
        }"""
    )
    assert overflow["scroll"] <= overflow["width"], (
        f"{site_page} scrolls sideways at 390 px: {overflow['scroll']} px wide "
        f"(widest: {overflow['wide']})"
    )


# --- maths --------------------------------------------------------------------------------


def test_maths_is_drawn_as_mathml_without_a_script(open_at):
    visit = open_at(CHAPTER, PHONE)
    page = visit.page
    maths = page.locator("div.math math[display='block']")
    assert maths.count() >= 5, f"{CHAPTER} shows {maths.count()} display equations"
    first = maths.first
    first.scroll_into_view_if_needed()
    box = first.bounding_box()
    assert box and box["height"] >= 12 and box["width"] >= 40, f"equation drawn at {box}"
    assert page.locator("span.math math").count() >= 10, "inline maths is not MathML"
    loaded = [r.url for r in visit.responses]
    assert not [u for u in loaded if "mathjax" in u.lower()], "MathJax was loaded"
    # The equation box scrolls by itself; the page does not.
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def maths_pages() -> list[str]:
    return [p for p in site_pages() if 'class="math' in (SITE / p).read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", maths_pages())
def test_a_wide_equation_starts_in_view_and_shows_that_it_scrolls(path, open_at):
    """At 390 px no display equation is cut at its start (where no scrolling reaches), and
    one wider than the column has a shadow cue at its edge (a background the box draws)."""
    page = open_at(path, PHONE).page
    page.wait_for_function(CHARTS_SETTLED)  # the column's width is final once charts fit
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('div.math')].map(d => {
            const m = d.querySelector('math'); if (!m) return null;
            return {start: m.getBoundingClientRect().left - d.getBoundingClientRect().left,
                    wide: d.scrollWidth > d.clientWidth + 1,
                    cue: getComputedStyle(d).backgroundImage.includes('radial-gradient'),
                    id: d.id || d.textContent.slice(0, 30),
                    where: [d.className, d.parentElement.className,
                            getComputedStyle(d).backgroundImage.slice(0, 40),
                            d.scrollWidth, d.clientWidth].join(' | ')};
        }).filter(Boolean)"""
    )
    cut = [b["id"] for b in boxes if b["start"] < -1]
    assert not cut, f"{path}: equations cut at their start on a phone: {cut}"
    uncued = [(b["id"], b["where"]) for b in boxes if b["wide"] and not b["cue"]]
    assert not uncued, f"{path}: a wide equation has no cue: {uncued}"


# --- tables ------------------------------------------------------------------------------

#: Every table of the article as laid out: its width, and the box it scrolls in (the
#: nearest ancestor that scrolls sideways) or, with none, the article's column.
TABLES_JS = """() => {
    const article = document.querySelector('.bd-article');
    const column = article.getBoundingClientRect();
    return [...article.querySelectorAll('table')].map(t => {
        const r = t.getBoundingClientRect();
        if (!r.width || !t.checkVisibility()) return null;  // folded away, or hidden
        let box = t.parentElement;
        while (box && box !== article && !/auto|scroll/.test(getComputedStyle(box).overflowX)) {
            box = box.parentElement;
        }
        const scrolls = box && box !== article;
        const b = scrolls ? box.getBoundingClientRect() : column;
        const figure = t.closest('figure');
        return {
            id: (figure && figure.id) || t.id || t.textContent.trim().slice(0, 40),
            width: Math.round(r.width),
            room: scrolls ? box.clientWidth : Math.round(column.width),
            scrolls, right: Math.round(r.right), boxRight: Math.round(b.right),
            cue: scrolls && getComputedStyle(box).backgroundImage.includes('radial-gradient'),
            box: scrolls ? [box.tagName.toLowerCase(), ...box.classList].join('.') : 'column',
        };
    }).filter(Boolean);
}"""


def table_pages() -> list[str]:
    return [p for p in site_pages() if "<table" in (SITE / p).read_text(encoding="utf-8")]


def test_the_port_fee_schedules_fit_a_phone(open_at):
    """The port-fee schedule table (issue 13) fits the column at 390 px: no sideways
    scrolling needed to read its last column."""
    page = open_at(OTHER_CHAPTER, PHONE).page
    page.wait_for_function(CHARTS_SETTLED)
    tables = {t["id"]: t for t in page.evaluate(TABLES_JS)}
    table = tables.get("tbl-port-fee-schedules")
    assert table, f"no port-fee schedule table on {OTHER_CHAPTER}: {sorted(tables)}"
    assert table["width"] <= table["room"], f"wider than its column at 390 px: {table}"
    assert table["right"] <= table["boxRight"] + 1, f"sticks out of its column: {table}"


@pytest.mark.parametrize("path", table_pages())
def test_a_wide_table_scrolls_in_its_own_box_with_a_cue(path, open_at):
    """At 390 px every table (those in folded answers and the charts' data tables too) either
    fits its column or scrolls inside a box of its own that shows it does (the scroll-shadow
    cue of the wide equations)."""
    page = open_fitted(open_at, path, PHONE).page
    tables = page.evaluate(TABLES_JS)
    assert tables, f"{path}: no table laid out"
    wide = [t for t in tables if t["width"] > t["room"] + 1]
    loose = [t for t in wide if not t["scrolls"]]
    assert not loose, f"{path}: tables wider than the column with no box to scroll in: {loose}"
    uncued = [t for t in wide if not t["cue"]]
    assert not uncued, f"{path}: tables that scroll with no cue that they do: {uncued}"


# --- charts built for the column they are in (issue 13, items 2 and 6) -----------------

#: No chart text is drawn smaller than this at any width (widgets/charts/kit.py MIN_FONT_PX).
MIN_CHART_TEXT_PX = 11
WIDTHS = {"390-touch": PHONE, "800": TABLET, "1280": DESKTOP}

#: Unfold every dropdown and open every <details>, so charts in folded solutions are drawn
#: and measured too; then wait until _static/charts.js has fitted every chart to its column.
UNFOLD = """() => {
    document.querySelectorAll('.toggle-hidden > .admonition-title .toggle-button, '
        + 'button.toggle-button.toggle-button-hidden').forEach(b => b.click());
    document.querySelectorAll('details').forEach(d => { d.open = true; });
}"""

#: Per drawn chart: the smallest text it renders (font size x the SVG's on-screen scale:
#: what the reader sees, whatever CSS does to the drawing), how far the drawing and its
#: controls reach past the column, and its key numbers.
CHART_MEASURE = """() => [...document.querySelectorAll('.vega-embed')].map((embed, i) => {
    const svg = embed.querySelector(':scope > svg.marks');
    const box = svg ? svg.getBoundingClientRect() : null;
    const column = embed.parentElement.getBoundingClientRect();
    const out = {chart: i + 1, drawn: !!(box && box.width), smallest: Infinity, text: '',
                 right: 0, column: Math.round(column.right), controls: 0};
    if (!out.drawn) return out;
    const designed = svg.viewBox.baseVal && svg.viewBox.baseVal.width
        ? svg.viewBox.baseVal.width : svg.width.baseVal.value;
    const scale = box.width / designed;
    svg.querySelectorAll('text').forEach((t) => {
        if (!t.textContent.trim() || !t.getBoundingClientRect().width) return;
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        if (px < out.smallest) { out.smallest = px; out.text = t.textContent.trim().slice(0, 40); }
    });
    out.right = Math.round(box.right);
    embed.querySelectorAll('.vega-bind, .vega-bind *').forEach((c) => {
        const r = c.getBoundingClientRect();
        if (r.width) out.controls = Math.max(out.controls, Math.round(r.right));
    });
    return out;
})"""


#: Charts drawn (vegaEmbed) more than once since the page loaded, of those on show: charts.js
#: breaks titles to fit the column before the first drawing, so none needs a second one.
DRAWN_AGAIN = """() => [...document.querySelectorAll('.vega-embed')]
    .map((el, i) => ({chart: i + 1, shown: el.getBoundingClientRect().width > 0,
                      draws: vegaEmbed.views.filter((v) => v.el === el).length}))
    .filter((c) => c.shown && c.draws !== 1)"""


def chart_pages() -> list[str]:
    from tests.browser.browser_support import altair_outputs

    return [p for p in site_pages() if altair_outputs((SITE / p).read_text(encoding="utf-8"))]


def open_fitted(open_at, path: str, device: dict) -> Opened:
    visit = open_at(path, device)
    visit.page.evaluate(UNFOLD)
    visit.page.wait_for_function(CHARTS_FITTED)
    return visit


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", chart_pages() or ["<no page with charts>"])
def test_chart_text_is_readable_and_charts_fit_the_column(path, width, open_at):
    """At 390, 800 and 1280 px each chart on show is drawn once at load (no second drawing
    to break a title), no chart text renders below 11 px, and no chart or control reaches
    past its column (the chart is fitted, not scaled down)."""
    assert path != "<no page with charts>", "the built site has no page with charts"
    visit = open_at(path, WIDTHS[width])
    visit.page.wait_for_function(CHARTS_FITTED)
    again = visit.page.evaluate(DRAWN_AGAIN)
    assert not again, f"{path} at {width}: charts drawn more than once at load: {again}"
    visit.page.evaluate(UNFOLD)
    visit.page.wait_for_function(CHARTS_FITTED)
    charts = [c for c in visit.page.evaluate(CHART_MEASURE) if c["drawn"]]
    assert charts, f"{path}: no chart drawn at {width}"
    small = [f"chart {c['chart']}: {c['smallest']:.1f} px ({c['text']!r})"
             for c in charts if c["smallest"] < MIN_CHART_TEXT_PX - 0.05]  # fmt: skip
    assert not small, f"{path} at {width}: chart text below {MIN_CHART_TEXT_PX} px: {small}"
    wide = [f"chart {c['chart']}: drawing to {c['right']}, controls to {c['controls']}, "
            f"column to {c['column']}"
            for c in charts if max(c["right"], c["controls"]) > c["column"] + 1]  # fmt: skip
    assert not wide, f"{path} at {width}: past the column: {wide}"
    assert not visit.problems, "\n".join(visit.problems)


def test_panels_stack_on_a_phone_and_sit_side_by_side_on_a_desktop(open_at):
    """The trade-diversion explorer's two top panels: one per row at 390 px, one row at
    1280 px (the Vega layout of the same spec, chosen by the column's width)."""
    phone = open_fitted(open_at, "chapters/trade_diversion.html", PHONE).page
    desktop = open_fitted(open_at, "chapters/trade_diversion.html", DESKTOP).page
    titles = ("Imports by partner", "Creation and diversion")
    where = """(titles) => titles.map(t => {
        const el = [...document.querySelectorAll('.vega-embed > svg.marks text')]
            .find(x => x.textContent === t);
        const r = el.getBoundingClientRect(); return {x: r.left, y: r.top};
    })"""
    a, b = phone.evaluate(where, list(titles))
    assert b["y"] > a["y"] + 100 and abs(b["x"] - a["x"]) < 5, f"390 px: not stacked: {a}, {b}"
    a, b = desktop.evaluate(where, list(titles))
    side_by_side = abs(b["y"] - a["y"]) < 40 and b["x"] > a["x"] + 200
    assert side_by_side, f"1280 px: not side by side: {a}, {b}"


def key_number_lines(page) -> list[str]:
    return [t.strip() for t in page.locator(".chart-key-numbers li").all_text_contents()]


def test_key_numbers_are_html_that_follow_the_slider(open_at):
    """The tariff explorer's key numbers are an HTML list (aria-live, labelled) under the
    drawing, not text in the SVG; moving the slider changes them."""
    visit = open_fitted(open_at, CHAPTER, PHONE)
    page = visit.page
    box = page.locator(".vega-embed .chart-key-numbers:not([hidden])").first
    expect(box).to_be_visible()
    lists = box.locator("ul[aria-live=polite]")
    expect(lists).to_have_count(1)
    label = page.locator("#" + lists.first.get_attribute("aria-labelledby"))
    expect(label).to_have_text("Key numbers")
    before = key_number_lines(page)
    assert len(before) >= 4 and all(": " in line for line in before), before
    drawn = page.locator(".vega-embed > svg.marks text").all_text_contents()
    assert not set(before) & {t.strip() for t in drawn}, "key numbers are still drawn in the SVG"
    font = box.locator("li").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert font >= 14, f"key numbers at {font} px"

    slider = page.locator(".vega-embed input[type=range]").first
    slider.focus()
    page.keyboard.press("End")
    page.wait_for_function(
        "old => [...document.querySelectorAll('.chart-key-numbers li')]"
        ".map(li => li.textContent.trim()).join('|') !== old",
        arg="|".join(before),
    )
    after = key_number_lines(page)
    assert after != before and len(after) == len(before), (before, after)
    assert not visit.problems, "\n".join(visit.problems)


def luminance(rgb: str) -> float:
    """Relative luminance of a CSS ``rgb(...)``/``#rrggbb`` colour."""
    import re

    if rgb.startswith("#"):
        digits = rgb[1:] if len(rgb) == 7 else "".join(c * 2 for c in rgb[1:4])
        channels = [int(digits[i : i + 2], 16) for i in (0, 2, 4)]
    else:
        channels = [float(v) for v in re.findall(r"[\d.]+", rgb)[:3]]
    lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
           for c in channels]  # fmt: skip
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def over(fill: str, alpha: float, background: str) -> str:
    """The colour a mark of ``fill`` at opacity ``alpha`` shows over ``background``."""
    top, bottom = (re.findall(r"[\d.]+", c)[:3] for c in (fill, background))
    mixed = (alpha * float(t) + (1 - alpha) * float(b) for t, b in zip(top, bottom, strict=True))
    return "rgb({}, {}, {})".format(*(round(v) for v in mixed))


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


#: The background a chart's SVG draws (Vega's background rect, else the SVG's CSS) and, for
#: every text it draws, its fill and what is behind it: the last filled mark (a bar) whose box
#: holds the text's centre, else the chart's background.
CHART_COLOURS = """() => [...document.querySelectorAll('.vega-embed > svg.marks')]
    .filter(svg => svg.getBoundingClientRect().width).map(svg => {
        const rect = svg.querySelector(':scope > rect.background, :scope > rect');
        const bg = rect ? getComputedStyle(rect).fill : getComputedStyle(svg).backgroundColor;
        const marks = [...svg.querySelectorAll('.mark-rect path, .mark-area path')]
            .filter(m => !['none', 'transparent'].includes(getComputedStyle(m).fill)
                && getComputedStyle(m).fillOpacity !== '0');
        const behind = (t) => {
            const r = t.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
            const under = marks.filter(m => { const b = m.getBoundingClientRect();
                return b.left <= x && x <= b.right && b.top <= y && y <= b.bottom; }).pop();
            if (!under) return [bg, 1];
            const style = getComputedStyle(under);
            return [style.fill, parseFloat(style.fillOpacity) * parseFloat(style.opacity)];
        };
        const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
            .map(t => ({fill: getComputedStyle(t).fill, behind: behind(t),
                        text: t.textContent.trim().slice(0, 30)}));
        return {bg, texts};
    })"""




@pytest.mark.parametrize("path", ["chapters/trade_diversion.html", CHAPTER])
def test_charts_follow_the_dark_theme(path, open_at):
    """Switched to the dark theme, every chart is drawn on a dark background with its text
    at 4.5:1 or more; the reader's settings are kept; back to light, on white."""
    from tests.browser.browser_support import set_theme

    visit = open_fitted(open_at, path, DESKTOP)
    page = visit.page
    slider = page.locator(".vega-embed input[type=range]").first
    slider.focus()
    page.keyboard.press("ArrowRight")
    value = slider.input_value()
    lines = key_number_lines(page)

    set_theme(page, "dark")
    page.wait_for_function(CHARTS_FITTED)
    charts = page.evaluate(CHART_COLOURS)
    assert charts
    for chart in charts:
        bg = luminance(chart["bg"])
        assert bg < 0.05, f"{path}: a chart's background is {chart['bg']} in the dark theme"
        low = [(t["text"], t["fill"], t["behind"], round(ratio, 2)) for t in chart["texts"]
               if (ratio := contrast(t["fill"], over(*t["behind"], chart["bg"]))) < 4.5]
        assert not low, (
            f"{path}: text below 4.5:1 on the dark chart: {low[:5]}"
        )
    assert page.locator(".vega-embed input[type=range]").first.input_value() == value
    assert key_number_lines(page) == lines, "the key numbers changed with the theme"

    set_theme(page, "light")
    page.wait_for_function(CHARTS_FITTED)
    assert all(luminance(c["bg"]) > 0.9 for c in page.evaluate(CHART_COLOURS))
    assert not visit.problems, "\n".join(visit.problems)


def test_tables_in_cell_outputs_follow_the_dark_theme(open_at):
    """pydata-sphinx-theme paints an HTML output light in the dark theme (unless it holds a
    pandas ``table.dataframe``); the book's own tables (the port-fee schedules) sit on the
    page's dark background in light text, and their scroll cue's covers match it."""
    from tests.browser.browser_support import set_theme

    visit = open_at("chapters/port_fees.html", PHONE)
    page = visit.page
    set_theme(page, "dark")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.bd-article .output.text_html')]
            .filter((box) => box.querySelector(':scope > table'))
            .map((box) => ({bg: getComputedStyle(box).backgroundColor,
                            text: getComputedStyle(box.querySelector('td')).color,
                            page: getComputedStyle(document.body).backgroundColor}))"""
    )
    assert boxes, "no table in a cell output on the port-fee page"
    for box in boxes:
        shown = box["page"] if box["bg"] in ("rgba(0, 0, 0, 0)", "transparent") else box["bg"]
        assert luminance(shown) < 0.05, f"a table's box is {box['bg']} in the dark theme"
        assert contrast(box["text"], shown) >= 4.5, box
    assert not visit.problems, "\n".join(visit.problems)
