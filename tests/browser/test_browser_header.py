"""The chapter header box on the built site: reading time, prerequisites, notebook, launch links.

The box is one line (the reading and working time), the summary of a folded <details> that
holds the rest.

For every chapter page: the box is the first thing after the title, names its purpose for
screen readers, links the chapter's front-matter prerequisites (and they open), serves the
chapter's notebook (the committed file, byte for byte) through a relative link, shows launch
links only when configured, is hidden when printed, and loading the page requests nothing
from Binder, Colab or a hub (every outside request is aborted and recorded by the conftest).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from _ext.notebook_export import launch_settings
from _ext.toc import chapter_docnames
from tests.browser.browser_support import ROOT, SITE

pytestmark = pytest.mark.browser

CHAPTERS = chapter_docnames()
LAUNCH = launch_settings()
LAUNCH_HOSTS = {
    urlsplit(LAUNCH.get(key, "") or default).hostname
    for key, default in [
        ("launch_binderhub_url", "https://mybinder.org"),
        ("launch_colab_url", "https://colab.research.google.com"),
        ("launch_jupyterhub_url", ""),
    ]
} - {None}


def _front_matter(docname: str) -> dict:
    return yaml.safe_load((ROOT / f"{docname}.md").read_text(encoding="utf-8").split("---\n", 2)[1])


@pytest.mark.parametrize("docname", CHAPTERS, ids=[Path(d).name for d in CHAPTERS])
def test_chapter_header_box(docname, open_page):
    name = Path(docname).name
    visit = open_page(f"{docname}.html")
    page = visit.page
    with visit.explained():
        box = page.locator("article aside.chapter-header")
        expect(box).to_have_count(1)
        expect(box).to_be_visible()
        expect(box).to_have_attribute("aria-label", "About this chapter")
        # directly below the chapter title
        assert (
            page.evaluate(
                "() => document.querySelector('article aside.chapter-header')"
                ".previousElementSibling.tagName"
            )
            == "H1"
        )
        expect(box).to_contain_text("Reading time:")
        minutes = int(box.text_content().split("about ", 1)[1].split(" minute")[0])
        assert 3 <= minutes <= 60, f"{docname}: {minutes} minutes"

        details = box.locator("details.chapter-header-more")
        expect(details).not_to_have_attribute("open", "")
        box.locator("summary").click()
        expect(details).to_have_attribute("open", "")
        wanted = _front_matter(docname)["prerequisites"]
        links = box.locator("li", has_text="Read first:").locator("a")
        expect(links).to_have_count(len(wanted))
        for i, target in enumerate(wanted):
            href = links.nth(i).get_attribute("href")
            assert (visit.file.parent / href).resolve() == (SITE / f"{target}.html").resolve()
        if not wanted:
            expect(box).to_contain_text("nothing, start here")

        download = box.locator("a.chapter-header-download")
        href = download.get_attribute("href")
        assert href == f"../notebooks/{name}.ipynb"  # relative: works offline and on file://
        assert download.get_attribute("download") is not None
        response = page.request.get(visit.base + f"notebooks/{name}.ipynb")
        assert response.ok
        assert response.body() == (ROOT / "notebooks" / f"{name}.ipynb").read_bytes()

        launches = box.locator("a.chapter-header-launch")
        if LAUNCH.get("launch_repository_url"):
            assert launches.count() >= 1
            for i in range(launches.count()):
                assert urlsplit(launches.nth(i).get_attribute("href")).hostname in LAUNCH_HOSTS
        else:
            expect(launches).to_have_count(0)

        page.emulate_media(media="print")
        expect(box).to_be_hidden()
        page.emulate_media(media="screen")
        expect(box).to_be_visible()
    touched = [u for u in visit.outside_requests if urlsplit(u).hostname in LAUNCH_HOSTS]
    assert not touched, f"{docname} requested launch hosts on load: {touched}"
    visit.assert_clean()


def test_prerequisite_link_opens_the_chapter(open_page):
    visit = open_page("chapters/trade_diversion.html")
    page = visit.page
    page.locator("aside.chapter-header summary").click()  # the details are folded
    page.locator("aside.chapter-header li", has_text="Read first:").get_by_role(
        "link", name="Tariffs: who pays?"
    ).click()
    page.wait_for_load_state()
    assert page.url.endswith("chapters/tariffs.html")
    expect(page.locator("h1").first).to_contain_text("Tariffs: who pays?")
    visit.assert_clean()


def test_download_link_keyboard_reachable(open_page):
    visit = open_page("chapters/tariffs.html")
    summary = visit.page.locator("aside.chapter-header summary")
    summary.focus()
    visit.page.keyboard.press("Enter")  # a reader opens the details by keyboard
    visit.page.keyboard.press("Tab")  # tariffs has no prerequisite: the next link is the notebook
    assert visit.page.evaluate("() => document.activeElement.className") == (
        "chapter-header-download"
    )
    visit.assert_clean()
