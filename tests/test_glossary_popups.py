"""Glossary pop-ups (``_ext/glossary_tips.py``): each term link carries its definition.

A small Sphinx project is built with the extension: a glossary page and a chapter that
links to two of its terms. Then the real glossary is checked against the chapters.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]

PROJECT = ROOT / "tests" / "roots" / "test-glossary"  # a glossary and a chapter using it
GLOSSARY = (PROJECT / "glossary.md").read_text()


@pytest.fixture
def site(app):
    """tests/roots/test-glossary/ built with ``app`` (sphinx.testing), without a warning."""
    app.build()
    assert not app.warning.getvalue().strip(), app.warning.getvalue()
    return Path(app.outdir)


def _tips(page: Path) -> dict[str, str]:
    soup = _soup(page)
    return {a.get_text(): soup.find(id=a["aria-describedby"]).get_text() for a in soup("a")
            if a.get("aria-describedby")}  # fmt: skip


def test_an_edited_definition_reaches_pages_on_an_incremental_build(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(PROJECT, src)
    (src / "other.md").write_text("# Other\n\nNo terms here.\n")
    (src / "index.md").write_text("# Book\n\n```{toctree}\nchapter\nother\nglossary\n```\n")

    def build() -> Path:
        app = make_app("html", srcdir=src)  # the saved environment is kept between builds
        app.build()
        app.cleanup()  # unregister its nodes and directives before the next app
        assert not app.warning.getvalue().strip(), app.warning.getvalue()
        return Path(app.outdir)

    out = build()
    assert _tips(out / "chapter.html")["tariff"] == "A tax levied on a good when it is imported."
    other = (out / "other.html").stat().st_mtime_ns
    # Only glossary.md changes: Sphinx alone would re-read it and leave chapter.html as it was.
    glossary = src / "glossary.md"
    glossary.write_text(GLOSSARY.replace("levied on a good", "charged on goods"))
    stamp = glossary.stat().st_mtime + 5
    os.utime(glossary, (stamp, stamp))
    assert build() == out
    tips = _tips(out / "chapter.html")
    assert tips["tariff"] == tips["Tariff"] == "A tax charged on goods when it is imported."
    assert tips["small country"].startswith("An importer too small")
    assert (out / "other.html").stat().st_mtime_ns == other  # a page without terms is left alone


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="glossary")
def test_each_term_link_is_described_by_its_definition(site):
    page = _soup(site / "chapter.html")
    links = page.select("a.gloss-ref")
    assert [a.get_text() for a in links] == ["tariff", "small country", "Tariff"]
    described = {}
    for link in links:
        tip = page.find(id=link["aria-describedby"])
        assert tip is not None and tip["role"] == "tooltip" and "gloss-tip" in tip["class"]
        assert tip.parent is link.parent  # term and tip in one .gloss span: hoverable
        assert link["href"].startswith("glossary.html#term-")
        described[link.get_text()] = tip.get_text()
    assert described == {
        "tariff": "A tax levied on a good when it is imported.",
        "small country": "An importer too small for its purchases to affect the world price.",
        "Tariff": "A tax levied on a good when it is imported.",
    }
    ids = [a["aria-describedby"] for a in links]
    assert len(set(ids)) == len(ids)


@pytest.mark.sphinx("html", testroot="glossary")
def test_assets_ship_with_the_site_and_only_where_needed(site):
    head = str(_soup(site / "chapter.html").head)
    assert 'href="_static/glossary_tips/glossary_tips.css?v=' in head
    assert 'src="_static/glossary_tips/glossary_tips.js?v=' in head  # page relative, checksummed
    for name in ("glossary_tips.css", "glossary_tips.js"):
        assert (site / "_static" / "glossary_tips" / name).is_file()
    assert "glossary_tips" not in str(_soup(site / "index.html").head)
    # the glossary page keeps its own terms as they are (no tips pointing at itself)
    assert not _soup(site / "glossary.html").select(".gloss-tip")
    css = (site / "_static" / "glossary_tips" / "glossary_tips.css").read_text()
    assert ".gloss:focus-within > .gloss-tip" in css and ".gloss:hover > .gloss-tip" in css
    js = (site / "_static" / "glossary_tips" / "glossary_tips.js").read_text()
    assert '"Escape"' in js and "http" not in js  # closes on Escape; fetches nothing


def test_every_glossary_entry_has_a_short_definition():
    text = (ROOT / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].rsplit("```", 1)[0]
    entries = re.findall(r"^(\S[^\n]*)\n((?:  [^\n]*\n?)+)", body, flags=re.M)
    assert len(entries) >= 60
    for term, definition in entries:
        words = len(definition.split())
        assert 5 <= words <= 80, f"{term}: {words} words"
    terms = [t.lower() for t, _ in entries]
    assert terms == sorted(terms, key=lambda t: t.replace("-", " ")), "glossary is not alphabetical"


def _glossary_terms() -> set[str]:
    text = (ROOT / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].rsplit("```", 1)[0]
    return {t.strip().lower() for t in re.findall(r"^(\S[^\n]*)$", body, flags=re.M)}


TERM_ROLE = re.compile(r"\{term\}`([^`]*)`")


def key_terms_problems(listed: str, glossary: set[str]) -> list[str]:
    """What is wrong with a "Key terms" section: plain words, or links to no glossary entry."""
    problems = []
    for role in TERM_ROLE.findall(listed):
        target = re.search(r"<([^>]+)>\s*$", role)
        name = (target.group(1) if target else role).strip().lower()
        if name not in glossary:
            problems.append(f"{{term}}`{role}` is not in glossary.md")
    rest = TERM_ROLE.sub("", listed)
    if re.sub(r"[\s·,.;]+", "", rest):
        problems.append(f"not a glossary link: {' '.join(rest.split())!r}")
    return problems


def test_key_terms_check_catches_plain_words_and_unknown_terms():
    glossary = {"tariff", "small country"}
    assert key_terms_problems("{term}`tariff` · {term}`small <Small country>`", glossary) == []
    assert key_terms_problems("{term}`tariff` · quota", glossary) == [
        "not a glossary link: '· quota'"
    ]
    assert key_terms_problems("{term}`tariffs`", glossary) == [
        "{term}`tariffs` is not in glossary.md"
    ]


def test_chapters_link_every_glossary_term_they_list_as_key_terms():
    glossary = _glossary_terms()
    assert len(glossary) >= 60
    for path in sorted((ROOT / "chapters").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        section = text.split("## Key terms", 1)
        assert len(section) == 2, f"{path.name} has no Key terms section"
        listed = section[1].split("\n## ", 1)[0].split("\n```", 1)[0]
        assert len(TERM_ROLE.findall(listed)) >= 3, f"{path.name}: too few key terms"
        assert key_terms_problems(listed, glossary) == [], path.name
