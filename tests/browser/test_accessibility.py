"""Accessibility of the built site: axe-core on every page, and every slider by keyboard.

axe-core (vendored for the tests only in ``tests/browser/vendor/axe-core/`` by
``scripts/vendor_assets.sh``; the site never loads it) is injected into every page after its
charts have drawn and with every dropdown and ``<details>`` opened, so folded solutions are
audited too. The page is audited in the light theme and again in the dark one. A test fails
on any violation of impact "serious" or "critical", listing rule, impact, the elements
(CSS selectors) and axe's help text. Fixes belong at the source: ``_templates/`` (theme),
``_ext/accessibility.py`` (docutils/myst-nb markup), ``_static/accessibility.css``, the
chart builders in ``widgets/charts/``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from browser_support import SITE, altair_outputs, site_pages
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).resolve().parent / "vendor" / "axe-core"
AXE_JS = VENDOR / "axe.min.js"
BLOCKING = ("serious", "critical")


def vendored_axe() -> tuple[str, dict[str, str]]:
    """The axe-core version and the sha256 of each vendored file, from its README."""
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    version = re.search(r"^- version: (\S+)$", readme, re.M)
    hashes = dict(
        (name, digest) for digest, name in re.findall(r"^ {4}([0-9a-f]{64})  (\S+)$", readme, re.M)
    )
    assert version and hashes, f"{VENDOR / 'README.md'} lists no version or hashes"
    return version.group(1), hashes


def chart_pages() -> list[str]:
    return [p for p in site_pages() if altair_outputs((SITE / p).read_text(encoding="utf-8"))]


def wait_for_charts(visit) -> None:
    """Wait until every Altair output of the page has drawn its SVG or canvas."""
    expected = altair_outputs(visit.file.read_text(encoding="utf-8"))
    with visit.explained():
        visit.page.wait_for_function(
            """n => document.querySelectorAll(
                   '.vega-embed > svg.marks, .vega-embed > canvas.marks').length >= n""",
            arg=expected,
        )


def open_everything(page) -> None:
    """Unfold every sphinx-togglebutton dropdown and open every <details>."""
    page.evaluate(
        """() => {
            document.querySelectorAll('.toggle-hidden > .admonition-title .toggle-button, '
                + 'button.toggle-button.toggle-button-hidden').forEach(b => b.click());
            document.querySelectorAll('details').forEach(d => { d.open = true; });
        }"""
    )
    page.wait_for_timeout(100)


def run_axe(page) -> dict:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return {version: axe.version, passes: r.passes.length,"
        " violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " helpUrl: v.helpUrl, targets: v.nodes.map(n => n.target.join(' '))}))}; }"
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        lines += [f"    {target}" for target in v["targets"]]
    return "\n".join(lines)


def test_vendored_axe_is_the_pinned_release():
    version, hashes = vendored_axe()
    assert version == "4.14.1", "scripts/vendor_assets.sh pins axe-core 4.14.1"
    assert set(hashes) == {"axe.min.js", "LICENSE", "LICENSE-3RD-PARTY.txt"}
    for name, digest in hashes.items():
        actual = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert actual == digest, f"{VENDOR / name} differs from its README's sha256"
    assert AXE_JS.read_text(encoding="utf-8").startswith(f"/*! axe v{version}")


def test_page_has_no_serious_accessibility_violations(site_page, open_page):
    visit = open_page(site_page)
    page = visit.page
    wait_for_charts(visit)
    open_everything(page)
    version, _ = vendored_axe()
    failures = []
    for theme in ("light", "dark"):
        page.evaluate("theme => { document.documentElement.dataset.theme = theme; }", theme)
        page.wait_for_timeout(500)  # the theme's colour transitions
        result = run_axe(page)
        # The audit ran: the vendored engine, with rules that passed.
        assert result["version"] == version, f"axe {result['version']} ran, not {version}"
        assert result["passes"] > 10, f"axe reported only {result['passes']} passing rules"
        blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
        if blocking:
            failures.append(f"--- {theme} theme ---\n{describe(blocking)}")
    assert not failures, f"{site_page}: serious/critical axe violations\n" + "\n".join(failures)


@pytest.mark.parametrize("chart_page", chart_pages() or ["<no page with charts>"])
def test_every_slider_is_named_and_moves_with_the_keyboard(chart_page, open_page):
    assert chart_page != "<no page with charts>", "the built site has no page with charts"
    visit = open_page(chart_page)
    page = visit.page
    wait_for_charts(visit)
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
