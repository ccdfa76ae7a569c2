"""The chapter header box and launch links (_ext/chapter_tools.py).

Launch URLs for Binder, Colab and a JupyterHub (nbgitpuller) and none when unset; the
reading-time count (prose only); the box's HTML; and a small Sphinx build of two chapters
with the extension: header below the title, prerequisite links, a relative notebook link
whose file is copied, launch links only when configured, a clear warning for a bad
prerequisite. The built book's pages are checked in tests/browser/test_browser_header.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from docutils import nodes
from sphinx.util.console import strip_colors

from _ext import chapter_tools as ct
from _ext.toc import chapter_docnames

ROOT = Path(__file__).resolve().parents[1]

REPO = "https://github.com/example/trade-book"
SERVICES = dict(
    binderhub="https://mybinder.org",
    colab="https://colab.research.google.com",
    jupyterhub="https://hub.example.edu/",
)


# --- launch links -----------------------------------------------------------------------------


def test_no_launch_links_without_a_repository():
    assert ct.launch_links("tariffs", repository="", **SERVICES) == []
    assert ct.launch_links("tariffs", repository="  ", **SERVICES) == []


def test_binder_colab_and_hub_links():
    links = dict(ct.launch_links("tariffs", repository=REPO, branch="main", **SERVICES))
    assert links["Binder"] == (
        "https://mybinder.org/v2/gh/example/trade-book/main"
        "?urlpath=lab%2Ftree%2Fnotebooks%2Ftariffs.ipynb"
    )
    assert links["Colab"] == (
        "https://colab.research.google.com/github/example/trade-book/blob/main/notebooks/tariffs.ipynb"
    )
    assert links["JupyterHub"] == (
        "https://hub.example.edu/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2Fexample%2Ftrade-book&branch=main"
        "&urlpath=lab%2Ftree%2Ftrade-book%2Fnotebooks%2Ftariffs.ipynb"
    )
    query = parse_qs(urlsplit(links["JupyterHub"]).query)
    assert query == {
        "repo": [REPO],
        "branch": ["main"],
        "urlpath": ["lab/tree/trade-book/notebooks/tariffs.ipynb"],
    }


def test_only_configured_services_and_colab_only_for_github():
    assert [k for k, _ in ct.launch_links("forums", repository=REPO, jupyterhub="https://h")] == [
        "JupyterHub"
    ]
    gitlab = "https://gitlab.com/example/trade-book.git"
    links = dict(ct.launch_links("forums", repository=gitlab, branch="v 2", **SERVICES))
    assert set(links) == {"Binder", "JupyterHub"}
    assert links["Binder"].startswith(
        "https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.com%2Fexample%2Ftrade-book.git/v%202?"
    )
    assert "urlpath=lab%2Ftree%2Ftrade-book%2Fnotebooks%2Fforums.ipynb" in links["JupyterHub"]


def test_config_defaults_match_the_shared_design():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    settings = config["sphinx"]["config"]
    assert settings["launch_binderhub_url"] == "https://mybinder.org"
    assert settings["launch_colab_url"] == "https://colab.research.google.com"
    assert "launch_repository_url" in settings and "launch_jupyterhub_url" in settings
    # JB's own launch buttons stay off: they would open the .md source.
    assert not any(config["launch_buttons"].get(k) for k in ("binderhub_url", "colab_url",
                                                            "jupyterhub_url"))  # fmt: skip


# --- reading time and the box -----------------------------------------------------------------


def test_prose_words_leave_out_code_maths_and_cells():
    doc = nodes.section()
    doc += nodes.paragraph(text="Tariffs raise prices, don't they? Yes: 25% of them.")
    doc += nodes.literal_block(text="words " * 50)
    doc += nodes.math_block(text="p = (1 + t) p^*")
    para = nodes.paragraph()
    para += nodes.Text("One ")
    para += nodes.literal(text="code_span here")
    para += nodes.Text(" two.")
    doc += para
    cell = nodes.container(nb_element="cell_code")
    cell += nodes.paragraph(text="output words " * 20)
    doc += cell
    assert ct.prose_words(doc) == 9 + 2


def test_prose_words_leave_out_folded_solutions_and_selfcheck_answers():
    from _ext.selfcheck.nodes import selfcheck_answer

    solution = type("solution_node", (nodes.Admonition, nodes.Element), {})
    start = type("solution_start_node", (nodes.Admonition, nodes.Element), {})
    end = type("solution_end_node", (nodes.Admonition, nodes.Element), {})
    doc = nodes.section()
    doc += nodes.paragraph(text="Three counted words.")
    doc += solution("", nodes.paragraph(text="hidden " * 40))
    answer = selfcheck_answer()
    answer += nodes.paragraph(text="answer " * 30)
    doc += answer
    doc += start("", nodes.paragraph(text="gated " * 10))
    doc += nodes.paragraph(text="inside the gate " * 5)  # not merged: between start and end
    doc += end()
    doc += nodes.paragraph(text="Two more.")
    assert ct.prose_words(doc) == 3 + 2


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (100, 1), (299, 1), (301, 2), (4000, 20)])
def test_reading_minutes(words, minutes):
    assert ct.reading_minutes(words, 200) == minutes


def test_reading_minutes_rejects_a_bad_rate():
    with pytest.raises(ValueError, match="chapter_tools_wpm"):
        ct.reading_minutes(100, 0)


def test_header_html_is_an_accessible_aside_hidden_in_print():
    box = ct.header_html(
        minutes=7,
        prerequisites=[("Tariffs: who pays?", "tariffs.html"), ("A & B", "a.html")],
        notebook_href="../notebooks/x.ipynb",
        launches=[("Binder", "https://mybinder.org/v2/gh/o/r/main?urlpath=a&b=c")],
    )
    # d-print-none: hidden in print by the theme and _static/print.css, no rule of its own
    aside = '<aside class="chapter-header d-print-none" aria-label="About this chapter">'
    assert box.startswith(aside)
    assert "about 7 minutes" in box
    assert '<a href="tariffs.html">Tariffs: who pays?</a>, <a href="a.html">A &amp; B</a>' in box
    assert (
        'href="../notebooks/x.ipynb" download>Download this chapter as a notebook (.ipynb)' in box
    )
    assert 'href="https://mybinder.org/v2/gh/o/r/main?urlpath=a&amp;b=c"' in box
    bare = ct.header_html(minutes=1, prerequisites=[], notebook_href="n.ipynb", launches=[])
    assert (
        "about 1 minute at 200 words a minute</summary>" in bare
        and "nothing, start here" in bare
        and "Run it live" not in bare
    )


def test_header_box_is_one_line_with_the_details_folded():
    """Issue 13, first screens: the times on one line, the summary of a closed <details>
    that holds how the time is counted, the prerequisites, the notebook and the launch links."""
    counts = {"explorer": 2, "exercise": 3, "selfcheck": 4}
    box = ct.header_html(
        minutes=12,
        prerequisites=[("Tariffs: who pays?", "tariffs.html")],
        notebook_href="../notebooks/x.ipynb",
        launches=[("Binder", "https://mybinder.org/v2/x")],
        work=ct.work_html(counts),
        work_minutes=ct.working_minutes(counts),
    )
    summary = re.search(r"<summary>(.*?)</summary>", box, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", summary) == (
        "Reading time: about 12 minutes at 200 words a minute, plus about 44 minutes of work "
        "(explorers, exercises, self-checks)"
    )
    assert '<details class="chapter-header-more"><summary>' in box and "<details open" not in box
    folded = box.split("</summary>", 1)[1]
    for part in ("Working time:", "2 explorers at 5 min", "Read first:", "tariffs.html",
                 "chapter-header-download", "Binder"):  # fmt: skip
        assert part in folded and part not in summary, part


# --- a small Sphinx build ---------------------------------------------------------------------


@pytest.fixture
def build(make_app, tmp_path):
    """``build(prerequisites=..., extensions=..., **config)``: a book of two chapters written
    here and built with sphinx.testing's ``make_app``; returns (outdir, warnings). Called
    again, it rebuilds the same project (saved environment kept)."""

    def build(*, prerequisites: str = "[]", extensions=("chapter_tools",), **config):
        src = tmp_path / "src"
        if not src.exists():
            (src / "chapters").mkdir(parents=True)
            (src / "notebooks").mkdir()
            (src / "conf.py").write_text(
                f"extensions = {['myst_parser', *(f'_ext.{e}' for e in extensions)]!r}\n"
                "exclude_patterns = ['notebooks']\n"
                + "".join(f"{k} = {v!r}\n" for k, v in config.items())
            )
            (src / "index.md").write_text("# Book\n\n```{toctree}\nchapters/a\nchapters/b\n```\n")
            prose = " ".join(["word"] * 390)
            code = "\n".join(["x = 1 + 2  # code words do not count"] * 200)
            (src / "chapters" / "a.md").write_text(
                f"# Chapter A\n\n{prose}\n\n```python\n{code}\n```\n"
            )
            (src / "chapters" / "b.md").write_text(
                f"---\nprerequisites: {prerequisites}\n---\n# Chapter B\n\nShort.\n"
            )
            for name in ("a", "b"):
                (src / "notebooks" / f"{name}.ipynb").write_text(json.dumps({"name": name}))
        app = make_app("html", srcdir=src)
        app.build()
        app.cleanup()  # unregister its nodes and directives before another app
        return Path(app.outdir), strip_colors(app.warning.getvalue())

    return build


def _box(page: str) -> str:
    match = re.search(r'<aside class="chapter-header.*?</aside>', page, re.S)
    assert match, "no chapter header box"
    return match.group(0)


def test_sphinx_build_writes_the_box_below_the_title(build):
    out, warnings = build(prerequisites="[chapters/a]")
    assert "chapter_tools" not in warnings, warnings
    page_a = (out / "chapters" / "a.html").read_text()
    page_b = (out / "chapters" / "b.html").read_text()
    assert re.search(r"Chapter A<a class=\"headerlink\"[^>]*>.*?</a></h1>\s*<aside", page_a, re.S)
    box_a, box_b = _box(page_a), _box(page_b)
    assert "about 2 minutes" in box_a  # 392 prose words / 200; the code block is not counted
    assert "nothing, start here" in box_a
    assert '<a href="a.html">Chapter A</a>' in box_b
    assert 'href="../notebooks/b.ipynb" download' in box_b
    assert json.loads((out / "notebooks" / "b.ipynb").read_text()) == {"name": "b"}
    assert "Run it live" not in box_a + box_b  # no repository configured
    assert "aside" not in (out / "index.html").read_text().split("<main", 1)[-1].split("</main")[0]


def test_reading_time_counts_term_links_but_not_solutions(build, tmp_path):
    """chapter_tools counts before glossary_tips turns term links into raw HTML."""
    out, warnings = build(prerequisites="[]", extensions=("chapter_tools", "glossary_tips"))
    src = tmp_path / "src"
    (src / "glossary.md").write_text(
        "# Glossary\n\n```{glossary}\nTariff\n  A tax on imports.\n```\n"
    )
    (src / "index.md").write_text("# Book\n\n```{toctree}\nchapters/a\nchapters/b\nglossary\n```\n")
    words = " ".join(["word"] * 250)
    terms = " ".join(["{term}`tariff`"] * 100)
    (src / "chapters" / "a.md").write_text(f"# Chapter A\n\n{words}\n\n{terms}\n")
    assert build()[0] == out
    page = (out / "chapters" / "a.html").read_text()
    assert page.count('class="gloss-tip"') == 100  # the tips are there...
    assert "about 2 minutes" in _box(page)  # ...and the 100 term words counted: 352 / 200


def test_sphinx_build_with_launch_settings(build):
    out, _ = build(
        prerequisites="[]",
        launch_repository_url=REPO,
        launch_jupyterhub_url="https://hub.example.edu",
        launch_colab_url="",
    )
    box = _box((out / "chapters" / "a.html").read_text())
    hrefs = re.findall(r'class="chapter-header-launch" href="([^"]+)"[^>]*>([^<]+)<', box)
    assert [label for _, label in hrefs] == ["Binder", "JupyterHub"]
    assert hrefs[0][0].startswith("https://mybinder.org/v2/gh/example/trade-book/main?")


def test_unknown_prerequisite_is_a_warning_naming_it(build):
    _, warnings = build(prerequisites="[chapters/nope]")
    assert re.search(r"b\.md: WARNING: prerequisites: 'chapters/nope' is not a document", warnings)


def test_every_chapter_has_sensible_prerequisites():
    chapters = chapter_docnames()
    order = {d: i for i, d in enumerate(chapters)}
    for docname in chapters:
        text = (ROOT / f"{docname}.md").read_text()
        front = yaml.safe_load(text.split("---\n", 2)[1])
        assert "prerequisites" in front, f"{docname}.md has no prerequisites: key"
        for target in front["prerequisites"]:
            assert target in order, f"{docname}: prerequisite {target!r} is not a chapter"
            assert order[target] < order[docname], f"{docname}: {target} comes later in the book"
    front = lambda d: yaml.safe_load((ROOT / f"{d}.md").read_text().split("---\n", 2)[1])  # noqa: E731
    assert front("chapters/escalation")["prerequisites"] == []
    assert "chapters/tariffs" in front("chapters/trade_diversion")["prerequisites"]


def test_working_time_counts_explorers_exercises_and_self_checks():
    from docutils import nodes

    class exercise_enumerable_node(nodes.Element):  # noqa: N801  (sphinx-exercise's name)
        pass

    class selfcheck(nodes.Element):  # noqa: N801  (_ext/selfcheck's name)
        pass

    tree = nodes.section()
    driven = 'vegaEmbed(el, {"params": [{"bind": {"input": "range"}}]})'
    tree += nodes.raw("", driven, format="html")
    tree += nodes.raw("", "vegaEmbed(el, {})", format="html")  # a chart with nothing to move
    tree += [exercise_enumerable_node(), exercise_enumerable_node(), selfcheck()]
    counts = ct.things_to_do(tree)
    assert counts == {"explorer": 1, "exercise": 2, "selfcheck": 1, "declared": 0,
                      "declared_minutes": 0}  # fmt: skip
    assert ct.working_minutes(counts) == 5 + 2 * 10 + 1
    line = ct.work_html(counts)
    assert "about 26 minutes more" in line
    assert "1 explorer at 5 min, 2 exercises at 10 min, 1 self-check at 1 min" in line
    # an exercise declaring its minutes (:class: web minutes-25) counts them, the other the rule
    tree += exercise_enumerable_node(classes=["web", "minutes-25"])
    counts = ct.things_to_do(tree)
    assert (counts["exercise"], counts["declared"], counts["declared_minutes"]) == (3, 1, 25)
    assert ct.working_minutes(counts) == 5 + 2 * 10 + 25 + 1
    assert "3 exercises, 45 min in all" in ct.work_html(counts)
    assert ct.declared_minutes(["notebook", "minutes-5"]) == 5
    with pytest.raises(ValueError, match="classes"):
        ct.declared_minutes(["web", "minutes-5", "minutes-10"])
    assert ct.work_html({"explorer": 0}) == ""
    with pytest.raises(ValueError, match="chapter_tools_work_minutes"):
        ct.working_minutes(counts, {"explorer": -1, "exercise": 10, "selfcheck": 1})
