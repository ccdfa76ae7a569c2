"""Every page of the built site: it loads offline and clean, draws every chart, and has no
serious accessibility violation in either theme; and every slider works by keyboard.

Each page is loaded once for the first two checks (``site_page`` is parametrized per
module, so the two tests of a page run one after the other on the same load): first the
load itself is checked, then axe-core audits it.

axe-core (vendored for the tests only in ``tests/browser/vendor/axe-core/`` by
``scripts/vendor_assets.sh``; the site never loads it) is injected after the page's charts
have drawn and with every dropdown and ``<details>`` opened, so folded solutions are audited
too. The page is audited in the light theme and again, for the rules that read colours, in
the dark one. A test fails on any violation of impact "serious" or "critical", listing rule,
impact, the elements (CSS selectors) and axe's help text. Fixes belong at the source:
``_templates/`` (theme), ``_ext/accessibility.py`` (docutils/myst-nb markup),
``_static/accessibility.css``, the chart builders in ``widgets/charts/``.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import (
    AXE_DIR,
    AXE_JS,
    BLOCKING,
    CHARTS_DRAWN,
    COLOUR_RULES,
    REQUIRED_PAGES,
    SITE,
    TIMEOUT_MS,
    TRANSITIONS_DONE,
    altair_outputs,
    run_axe,
    set_theme,
    site_pages,
    vendored_axe,
)

pytestmark = pytest.mark.browser


def test_site_has_the_required_pages():
    pages = set(site_pages())
    missing = REQUIRED_PAGES - pages
    assert not missing, f"the built site lacks {sorted(missing)}; it has {sorted(pages)}"


def test_page_is_offline_clean_and_draws_every_chart(site_page, site_page_visit):
    visit = site_page_visit
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


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        lines += [f"    {target}" for target in v["targets"]]
    return "\n".join(lines)


def test_page_has_no_serious_accessibility_violations(site_page, site_page_visit):
    visit = site_page_visit
    page = visit.page
    with visit.explained():
        page.wait_for_function(
            CHARTS_DRAWN, arg=altair_outputs(visit.file.read_text(encoding="utf-8"))
        )
    # Unfold every sphinx-togglebutton dropdown and open every <details>.
    page.evaluate(
        """() => {
            document.querySelectorAll('.toggle-hidden > .admonition-title .toggle-button, '
                + 'button.toggle-button.toggle-button-hidden').forEach(b => b.click());
            document.querySelectorAll('details').forEach(d => { d.open = true; });
        }"""
    )
    page.wait_for_function(TRANSITIONS_DONE)
    version, _ = vendored_axe()
    failures = []
    # Every rule in the light theme; in the dark one, the rules that read colours (the
    # markup, and so every other rule's verdict, is the same in both).
    for theme, rules, least in (("light", (), 10), ("dark", COLOUR_RULES, 1)):
        set_theme(page, theme)
        # _static/charts.js redraws every chart in the theme's colours: audit what it drew.
        page.wait_for_function("() => window.bookCharts && window.bookCharts.fitted()")
        result = run_axe(page, rules=rules)
        # The audit ran: the vendored engine, with rules that passed.
        assert result["version"] == version, f"axe {result['version']} ran, not {version}"
        assert result["passes"] >= least, f"axe reported only {result['passes']} passing rules"
        blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
        if blocking:
            failures.append(f"--- {theme} theme ---\n{describe(blocking)}")
    assert not failures, f"{site_page}: serious/critical axe violations\n" + "\n".join(failures)


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
        # What the reader sees change: the drawing and the key numbers listed under it.
        shown = "el => [...el.querySelectorAll(':scope > svg.marks, .chart-key-numbers')]" \
            ".map(x => x.innerHTML).join('')"
        readout = slider.locator("xpath=following-sibling::span[1]")
        if slider.is_disabled():  # held by a choice (Control.sets): a line says why
            note = embed.locator("xpath=ancestor::*[@data-chart-controls][1]").locator(
                ".chart-control-note"
            )
            expect(note, where).to_be_visible()
            expect(note, where).to_contain_text(re.compile(r"Choose \u201c.+\u201d to move"))
            continue
        slider.scroll_into_view_if_needed()
        slider.focus()
        before_value = float(slider.input_value())
        before_readout = readout.text_content()
        before = embed.evaluate(shown)
        at_max = before_value >= float(slider.get_attribute("max"))
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        after_value = float(slider.input_value())
        step = float(slider.get_attribute("step") or 1)
        assert after_value == pytest.approx(before_value + (-step if at_max else step)), where
        if "chart-control-date" in (readout.get_attribute("class") or ""):
            # a day count shown as a date (_static/controls.js): the next (or previous) day's
            expect(readout, where).not_to_have_text(before_readout)
            expect(readout, where).to_have_text(re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$"))
        else:
            expect(readout, where).to_have_text(re.compile(rf"^{re.escape(slider.input_value())}$"))
        page.wait_for_function(
            f"([el, old]) => ({shown})(el) !== old",
            arg=[embed.element_handle(), before],
            timeout=TIMEOUT_MS,
        )
        page.keyboard.press("ArrowRight" if at_max else "ArrowLeft")  # leave it as found
