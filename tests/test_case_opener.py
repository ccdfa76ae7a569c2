"""Chapter 1 is a case opener, and the chronology lives in an appendix (issue 17).

* The opener stays within its budget: at most about 2,500 words of prose, counted as the
  header box counts reading time (``_ext.chapter_tools.prose_words``: no code cells, no
  self-check answers, no folded solutions), on the chapter's doctree from a small Sphinx
  build (myst-nb with execution off, the book's directives).
* The news report is identified and cited from the introduction and the chapter.
* Four or five puzzles, each pointing to a chapter of the book.
* The chronology is a back-matter page before the glossary, and holds the timeline, the tariff
  history and the explorers that left the chapter.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from _ext.toc import chapter_docnames, parts

ROOT = Path(__file__).resolve().parents[1]
OPENER = ROOT / "chapters" / "escalation.md"
CHRONOLOGY = ROOT / "appendix" / "chronology.md"
#: issue 17: "a case opener (chapter 1, at most about 2,500 words)".
WORD_BUDGET = 2_500

CONF = """\
extensions = ["myst_nb", "sphinx_exercise", "sphinxcontrib.bibtex", "_ext.selfcheck"]
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath", "deflist", "substitution"]
nb_execution_mode = "off"
bibtex_bibfiles = ["references.bib"]
exclude_patterns = ["_build"]
"""


#: Run in a child process: myst-nb registers its source parser in ways that outlive
#: ``app.cleanup()``, and would break the other Sphinx builds of this pytest process.
BUILD = """
import json, sys
from pathlib import Path
from sphinx.testing.util import SphinxTestApp
from _ext import chapter_tools as ct
app = SphinxTestApp("html", srcdir=Path(sys.argv[1]))
app.build()
doctree = app.env.get_doctree("chapters/escalation")
print(json.dumps({"words": ct.prose_words(doctree),
                  "all": len(ct.WORD_RE.findall(doctree.astext())),
                  "warnings": app.warning.getvalue()}))
"""


@pytest.fixture(scope="module")
def opener_words(tmp_path_factory):
    src = tmp_path_factory.mktemp("opener")
    (src / "chapters").mkdir()
    shutil.copy(OPENER, src / "chapters" / "escalation.md")
    shutil.copy(ROOT / "references.bib", src / "references.bib")
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text("# Book\n\n```{toctree}\nchapters/escalation\n```\n")
    done = subprocess.run([sys.executable, "-c", BUILD, str(src)], cwd=ROOT, capture_output=True,
                          text=True, check=True)  # fmt: skip
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["words"], found["all"], strip_colors(found["warnings"])


def test_the_opener_stays_within_its_word_budget(opener_words):
    words, everything, warnings = opener_words
    assert "selfcheck" not in warnings and "exercise" not in warnings.lower(), warnings
    # Everything a reader could open counts more: the answers and solutions are left out.
    assert words < everything - 300, (words, everything)
    assert 1_200 <= words <= WORD_BUDGET, f"chapters/escalation.md: {words} prose words"


def test_the_news_report_is_identified_and_cited():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    entry = re.search(r"@misc\{newsarena2025talks,.*?\n\}", bib, re.S)
    assert entry, "references.bib lacks the case's news report"
    assert "url" in entry.group(0) and "News Arena India" in entry.group(0)
    for path in (ROOT / "intro.md", OPENER):
        assert "`newsarena2025talks`" in path.read_text(encoding="utf-8"), path.name
    section = OPENER.read_text(encoding="utf-8").split("## The news report")[1].split("\n## ")[0]
    quotes = re.findall(r'"([^"]+)"', section)
    assert len(quotes) >= 4 and max(len(q.split()) for q in quotes) <= 15, quotes


def test_four_or_five_puzzles_each_point_to_a_chapter():
    text = OPENER.read_text(encoding="utf-8")
    section = text.split("## Five puzzles this book answers")[1].split("\n## ")[0]
    items = re.split(r"^\d\. ", section, flags=re.M)[1:]
    assert 4 <= len(items) <= 5
    chapters = {Path(d).name for d in chapter_docnames()}
    for item in items:
        links = set(re.findall(r"\{doc\}`([\w_]+)`", item))
        assert links and links <= chapters, item[:60]


def test_the_chronology_is_back_matter_before_the_glossary():
    back = parts()["Back matter"]
    assert back.index("appendix/chronology") < back.index("glossary")
    assert "appendix/chronology" not in chapter_docnames()  # no chapter layout rules, no quiz
    text = CHRONOLOGY.read_text(encoding="utf-8")
    assert text.splitlines()[11:13] == ["(chronology)=", "# Chronology 2018–2026"]
    for name in (
        "fig-escalation-timeline",
        "fig-escalation-history",
        "fig-escalation-effective",
        "fig-escalation-rates",
        "ex-escalation-average",
        "ex-escalation-effective",
    ):
        assert name in text, name
        assert (
            f"name: {name}" not in OPENER.read_text() and f"label: {name}" not in OPENER.read_text()
        )
    assert "answered both at once" not in text
    assert "matched each list on the day it took effect" in text


def test_a_key_figure_becomes_a_quote_with_its_number_in_bold_in_the_notebook():
    """COMMON layout's ``:::{div} key-figure`` has a plain-Markdown form (make notebooks)."""
    from _ext import notebook_export as nx

    ctx = nx.Context(glue={"n": {"text/plain": "155.0"}}, bibliography={}, labels={}, docs={},
                     docname="chapters/example")  # fmt: skip
    text = (
        "Hook.\n\n:::{div} key-figure\n"
        '<span class="key-figure-number">{glue:text}`n:.0f`%</span> what it is (source)\n'
        ":::\n\nMore.\n"
    )
    assert nx.to_markdown(text, ctx) == "Hook.\n\n> **155%** what it is (source)\n\nMore.\n"
