"""The teacher's kit (``_ext/teacher_kit/``): slides, figure packs, answer keys, exam banks,
rubrics, the problem set and the launch links of the teacher's guide.

Unit tests first (no build needed), then tests of the built site (``make book``): every
chapter's kit is there, its figure pack holds an SVG and a PNG per chart with captions and is
the same bytes when drawn again, every exercise has an answer-key entry whose numbers are the
chapter's glued values (read here independently: the solution's ``glue`` roles in the source,
formatted from the build's ``glue.json``), and the exam bank covers every chapter.
"""

from __future__ import annotations

import io
import json
import pickle
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes

from _ext import notebook_export as nx
from _ext.offline_assets import _external_assets
from _ext.selfcheck.lms import selfcheck_blocks
from _ext.teacher_kit import (
    FIGURES_FROM,
    KIT_DIR,
    PROBLEM_FILES,
    charts_phrase,
    content,
    figures,
    files,
    rubrics,
)
from _ext.teacher_kit.problems import PROBLEMS, problem_notebook, problem_set
from _ext.teacher_kit.slides import Slide, deck
from _ext.teaching_files import launch_url
from _ext.toc import chapter_docnames

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
SITE = BUILD / "html"
CHAPTERS = chapter_docnames()
NAMES = [Path(d).name for d in CHAPTERS]

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
    "data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 3}]},
    "mark": "line",
    "encoding": {"x": {"field": "x", "type": "quantitative"},
                 "y": {"field": "y", "type": "quantitative"}},
    "params": [{"name": "t", "value": 0.25, "bind": {"input": "range", "min": 0, "max": 1}}],
}  # fmt: skip


# --- units --------------------------------------------------------------------------------------


def test_sentences_keep_glued_numbers_whole_and_split_at_full_stops():
    parts = [("text", "Imports fall to "), ("num", "2.5"), ("text", " million.\nThe price is "),
             ("num", "1.20"), ("text", ".")]  # fmt: skip
    got = content.sentences(parts)
    assert got == [
        [("text", "Imports fall to "), ("num", "2.5"), ("text", " million.")],
        [("text", "The price is "), ("num", "1.20"), ("text", ".")],
    ]
    assert content.is_number("1,237.5") and content.is_number("-18.9%")
    assert not content.is_number("Fajgelbaum and others") and not content.is_number("x" * 30)


def test_vega_specs_are_read_from_altairs_html():
    html = ('<div id="v"></div><script>(function(spec, embedOpt){ vegaEmbed(el, spec) })('
            + json.dumps(SPEC) + ', {"mode": "vega-lite"});</script>')  # fmt: skip
    assert content.vega_specs(html) == [SPEC]
    assert content.vega_specs("<p>no chart</p>") == []


def test_the_hook_and_its_key_figure_are_found_and_written_as_the_chapter_marks_them():
    from _ext.teacher_kit.render import children_html

    doc = nodes.document(None, None)
    top = nodes.section()
    top += nodes.title("", "Tariffs")
    top += nodes.paragraph("", "On 10 October 2025 a tariff was threatened.")
    box = nodes.container(classes=["key-figure"])
    para = nodes.paragraph()
    para += nodes.raw("", '<span class="key-figure-number">', format="html")
    para += nodes.inline("155%", "155%", classes=["pasted-text"])
    para += nodes.raw("", "</span>", format="html")
    para += nodes.Text(" the tariff threatened (USTR)")
    box += para
    top += box
    top += nodes.section()
    doc += top
    paragraphs, key = content.hook(doc)
    assert [p.astext() for p in paragraphs] == ["On 10 October 2025 a tariff was threatened."]
    assert children_html(key, content.Refs({}, {}, {})) == (
        '<p><span class="key-figure-number"><span class="glued">155%</span></span>'
        " the tariff threatened (USTR)</p>"
    )


def _chart(slug="fig-x", caption="A line. Source: the model."):
    return content.Chart(slug, "Fig. 1.1", caption, "A rising line.", "Model illustration", SPEC)


def test_figure_pack_has_svg_png_and_captions_and_is_the_same_bytes_twice(tmp_path):
    charts = [_chart(), _chart("fig-y", "Another line.")]
    first, drawings = figures.pack("demo", "Demo", charts, tmp_path / "a", "Book")
    second, _ = figures.pack("demo", "Demo", charts, tmp_path / "b", "Book")  # drawn afresh
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == ["demo-figures/README.md", "demo-figures/01-fig-x.svg",
                     "demo-figures/01-fig-x.png", "demo-figures/02-fig-y.svg",
                     "demo-figures/02-fig-y.png"]  # fmt: skip
    assert drawings["01-fig-x.svg"].startswith(b"<svg")
    assert drawings["01-fig-x.png"][:8] == b"\x89PNG\r\n\x1a\n"
    readme = zipfile.ZipFile(io.BytesIO(first)).read("demo-figures/README.md").decode()
    assert "Fig. 1.1: A line. Source: the model." in readme and "Another line." in readme
    assert "Description (alt text): A rising line." in readme and "CC BY 4.0" in readme


def test_charts_of_another_page_are_labelled_with_it_in_the_pack_and_the_teaching_page(tmp_path):
    own = _chart()
    other = content.Chart("fig-h", "Fig. 2", "Tariff history.", "", "Sources: PIIE", SPEC,
                          page="Chronology 2018\u20132026")  # fmt: skip
    assert figures.chart_label(own) == "Fig. 1.1"
    assert figures.chart_label(other) == "Fig. 2 (Chronology 2018\u20132026)"
    zipped, _ = figures.pack("demo", "Demo", [other], tmp_path, "Book")
    readme = zipfile.ZipFile(io.BytesIO(zipped)).read("demo-figures/README.md").decode()
    assert "Fig. 2 (Chronology 2018\u20132026): Tariff history." in readme
    assert charts_phrase([own]) == "the chapter's 1 chart"
    assert charts_phrase([other, other]) == (
        "the 2 charts of the page \u201cChronology 2018\u20132026\u201d"
    )
    assert charts_phrase([own, own, other]).startswith("the chapter's 2 charts and the 1 chart ")


def test_a_change_to_a_page_whose_charts_a_kit_packs_rereads_that_chapters_teaching_page():
    from _ext.teacher_kit import _outdated

    config = SimpleNamespace(teacher_kit_fingerprint="f", teacher_kit_figures_from=FIGURES_FROM)
    app = SimpleNamespace(config=config, srcdir=str(ROOT))
    env = SimpleNamespace(teacher_kit_read_with="f",
                          found_docs={f"teachers/{n}" for n in NAMES})  # fmt: skip
    assert _outdated(app, env, set(), {"appendix/chronology"}, set()) == ["teachers/escalation"]
    assert _outdated(app, env, set(), {"glossary"}, set()) == []
    assert _outdated(app, env, set(), {"chapters/tariffs"}, set()) == ["teachers/tariffs"]


def test_a_deck_loads_nothing_from_elsewhere_and_reads_without_script():
    html = deck("T", [Slide("One", "<p>a</p>"), Slide("Two", '<img src="figures/x.svg" alt="x">')])
    assert _external_assets(html) == []
    assert html.count('<section class="slide"') == 2
    assert 'aria-label="2 of 2"' in html
    # without script every slide shows: only the script adds the class that hides the others
    assert "html.deck .slide { display: none" in html and "classList.add('deck')" in html


def test_rubrics_have_four_levels_and_three_or_four_criteria():
    assert len(rubrics.LEVELS) == 4
    for kind in rubrics.RUBRICS:
        rows = rubrics.rubric_rows(kind)
        assert 3 <= len(rows) <= 4
        assert all(len(cells) == 4 and all(len(c) > 20 for c in cells) for _, cells in rows)
        assert rubrics.rubric_html(kind).count("<tr>") == len(rows) + 1


def test_problem_set_covers_every_chapter_and_its_key_is_computed_from_the_data():
    assert sorted(p.chapter for p in PROBLEMS) == sorted(NAMES)
    for problem in PROBLEMS:
        rows = problem.key()
        assert rows, problem.chapter
        assert all(re.search(r"\d", value) for _, value in rows), problem.chapter
        assert all((ROOT / "data" / f"{r}.csv").is_file() for r in problem.resources)
    questions, key, notebook = problem_set("Book", {})
    assert questions.count('class="question"') == len(PROBLEMS)
    assert "Working:" in key and "Working:" not in questions
    nb = json.loads(notebook)
    assert sum(c["cell_type"] == "code" for c in nb["cells"]) == len(PROBLEMS) + 1
    assert problem_set("Book", {})[2] == notebook  # the same notebook every build


def test_problem_set_notebook_runs_and_shows_each_problems_data(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.reads(problem_notebook("Book").decode(), as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()  # fmt: skip
    code = [c for c in nb.cells if c.cell_type == "code"][1:]
    assert len(code) == len(PROBLEMS)
    for cell in code:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
        assert any("text/html" in o.get("data", {}) for o in cell.outputs), cell.source


def test_problem_set_key_follows_the_data(monkeypatch):
    import pandas as pd

    import widgets.data

    fake = pd.DataFrame({"country": ["China", "Other", "World total"],
                         "row_type": ["country", "country", "world"],
                         "mine_production_2023": [50, 50, 100],
                         "mine_production_2024": [75, 25, 100]})  # fmt: skip
    monkeypatch.setattr(widgets.data, "load", lambda name: fake)
    problem = next(p for p in PROBLEMS if p.chapter == "export_controls")
    assert dict(problem.key()) == {
        "China's share of world mine production, 2023": "50.0%",
        "HHI of the listed countries, 2023": "5,000",
        "China's share of world mine production, 2024": "75.0%",
        "HHI of the listed countries, 2024": "6,250",
    }


def _config(**settings):
    hosts = {"binderhub": "https://mybinder.org", "colab": "https://colab.research.google.com"}
    values = {f"launch_{k}_url": v for k, v in hosts.items()}  # _config.yml's defaults
    values |= dict(launch_repository_url="", launch_branch="main", launch_jupyterhub_url="")
    return SimpleNamespace(**{**values, **settings})


def test_launch_links_in_the_guide_come_from_the_config():
    url, blank = launch_url(_config(), "Binder", "tariffs")
    assert url == (
        "https://mybinder.org/v2/gh/{owner}/{repository}/main"
        "?urlpath=lab%2Ftree%2Fnotebooks%2Ftariffs.ipynb"
    )
    assert blank == ["launch_repository_url"]
    config = _config(
        launch_repository_url="https://github.com/o/r",
        launch_jupyterhub_url="https://hub.school.edu",
    )
    url, blank = launch_url(config, "JupyterHub", "forums")
    assert blank == []
    assert url.startswith(
        "https://hub.school.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fr"
    )
    assert url.endswith("urlpath=lab%2Ftree%2Fr%2Fnotebooks%2Fforums.ipynb")


def test_the_guide_has_no_placeholder_addresses():
    for page in (ROOT / "teachers").glob("*.md"):
        text = page.read_text()
        assert not re.search(r"ORG/REPO|example\.(edu|com|org)", text), page.name
    live = (ROOT / "teachers" / "running-live.md").read_text()
    assert {"Binder", "Colab", "JupyterHub"} <= set(re.findall(r"```\{launch-url\} (\w+)", live))


# --- the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built():
    env_file = BUILD / ".doctrees" / "environment.pickle"
    assert env_file.is_file() and (SITE / KIT_DIR).is_dir(), "run `make book` first"
    with env_file.open("rb") as f:
        env = pickle.load(f)
    titles = {d: t.astext() for d, t in env.titles.items()}
    labels = dict(env.domaindata["std"]["labels"])
    refs = content.Refs(env.toc_fignumbers, labels, titles, nx.load_bibliography())
    return SimpleNamespace(env=env, refs=refs)


def _doctree(docname: str) -> nodes.document:
    with (BUILD / ".doctrees" / f"{docname}.doctree").open("rb") as f:
        return pickle.load(f)


def _kit_charts(docname: str, refs: content.Refs) -> list[content.Chart]:
    """The charts of a chapter's kit: its own, then those of the pages it names (FIGURES_FROM)."""
    charts = content.charts(_doctree(docname), refs, docname)
    for page in FIGURES_FROM.get(Path(docname).name, ()):
        charts += content.charts(_doctree(page), refs, page, page=refs.titles[page])
    return charts


def _glue(docname: str) -> dict:
    data = json.loads((BUILD / "jupyter_execute" / f"{docname}.glue.json").read_text())
    return {k: v.get("data", {}) for k, v in data.items()}


def _solution_glue_roles(docname: str) -> dict[str, list[tuple[str, str]]]:
    """``{exercise label: [(glue key, format)]}`` of each worked solution, read from the source
    (markdown-it tokens: a ``{solution}`` fence, or the text between ``{solution-start}`` and
    ``{solution-end}``), independently of the kit's doctree reading."""
    text = (ROOT / f"{docname}.md").read_text()
    lines = text.splitlines()
    found, open_label, start = {}, None, 0
    for token in nx._parser().parse(text):
        if token.type not in ("fence", "colon_fence") or not token.map:
            continue
        kind = re.match(r"\{(solution(?:-start|-end)?)\}\s*(\S*)", token.info.strip())
        if not kind:
            continue
        if kind.group(1) == "solution":
            found[kind.group(2)] = token.content
        elif kind.group(1) == "solution-start":
            open_label, start = kind.group(2), token.map[1]
        elif open_label:
            found[open_label] = "\n".join(lines[start : token.map[0]])
            open_label = None
    roles = re.compile(r"\{glue:text\}`([^`:]+)(?::([^`]*))?`")
    return {
        label: [(m[1], m[2] or "s") for m in roles.finditer(body)] for label, body in found.items()
    }


@pytest.mark.site
@pytest.mark.parametrize("docname", CHAPTERS, ids=NAMES)
def test_figure_pack_has_every_chart_with_caption_and_rebuilds_to_the_same_bytes(
    docname, built, tmp_path
):
    name = Path(docname).name
    charts = _kit_charts(docname, built.refs)
    assert charts, f"{docname}: its kit has no chart"
    site_zip = (SITE / files(name)["figures"]).read_bytes()
    entries = zipfile.ZipFile(io.BytesIO(site_zip)).namelist()
    for i, chart in enumerate(charts, 1):
        stem = f"{name}-figures/{figures.file_stem(i, chart)}"
        assert f"{stem}.svg" in entries and f"{stem}.png" in entries
    readme = zipfile.ZipFile(io.BytesIO(site_zip)).read(f"{name}-figures/README.md").decode()
    for chart in charts:
        assert chart.caption and chart.caption in readme
    title = content.chapter_title(_doctree(docname))
    again, _ = figures.pack(name, title, charts, tmp_path, "Trade Policy, Interactively")
    # Drawn again: the same files and README to the byte, each SVG with the same texts and each
    # PNG the same size (vl-convert's coordinates and antialiasing can differ in the last digit
    # from one process to another).
    a, b = (zipfile.ZipFile(io.BytesIO(z)) for z in (site_zip, again))
    assert a.namelist() == b.namelist()
    texts = re.compile(rb"<text[^>]*>([^<]*)</text>")
    for entry in a.namelist():
        first, second = a.read(entry), b.read(entry)
        if entry.endswith(".png"):
            assert first[:24] == second[:24], f"{entry}: not the same size when drawn again"
        elif entry.endswith(".svg"):
            assert texts.findall(first) == texts.findall(second), f"{entry}: other texts"
        else:
            assert first == second, f"{entry} is not the same bytes when drawn again"


@pytest.mark.site
def test_the_case_openers_kit_packs_the_chronologys_charts_and_its_page_links_the_pack(built):
    """The case opener shows no chart: its kit packs those of the appendix it hands its
    chronology to, numbered as there, and its teaching page links the pack by a relative
    address that resolves in the built site (so it opens offline, from a copy of the site)."""
    page = "appendix/chronology"
    assert FIGURES_FROM["escalation"] == (page,)
    assert not content.charts(_doctree("chapters/escalation"), built.refs, "chapters/escalation")
    numbers = built.env.toc_fignumbers[page]["figure"]  # {figure id: (n,)}
    shown = [f for f in _doctree(page).findall(nodes.figure)
             if any("vegaEmbed(" in r.astext() for r in f.findall(nodes.raw))]  # fmt: skip
    n = len(shown)
    assert n >= 4  # the timeline, the tariff history, the average tariff, the rates in force
    pack = zipfile.ZipFile(SITE / files("escalation")["figures"])
    names = pack.namelist()
    assert len(names) == 1 + 2 * n
    readme = pack.read("escalation-figures/README.md").decode()
    title = built.refs.titles[page]
    deck = (SITE / files("escalation")["slides"]).read_text(encoding="utf-8")
    for i, figure in enumerate(shown, 1):
        ident = figure["ids"][0]
        stem = f"escalation-figures/{i:02d}-{ident}"
        assert pack.read(f"{stem}.svg").startswith(b"<svg"), stem
        assert pack.read(f"{stem}.png")[:8] == b"\x89PNG\r\n\x1a\n", stem
        caption = content.text(figure.next_node(nodes.caption), built.refs)
        number = ".".join(map(str, numbers[ident]))
        assert f"Fig. {number} ({title}): {caption}" in readme, ident
        drawing = SITE / KIT_DIR / "escalation" / "figures" / f"{i:02d}-{ident}.svg"
        assert drawing.is_file() and f'src="figures/{drawing.name}"' in deck
    html = (SITE / "teachers" / "escalation.html").read_text(encoding="utf-8")
    section = html.split('id="teacher-kit"')[1].split('id="answer-key"')[0]
    hrefs = re.findall(r'href="([^"]*-figures\.zip)"', section)
    assert hrefs == ["../teaching/escalation/escalation-figures.zip"]
    target = (SITE / "teachers" / hrefs[0]).resolve()
    assert target == (SITE / files("escalation")["figures"]).resolve() and target.is_file()
    assert f"the {n} charts of the page \u201c{title}\u201d" in section


@pytest.mark.site
@pytest.mark.parametrize("docname", CHAPTERS, ids=NAMES)
def test_every_exercise_has_an_answer_key_with_the_chapters_glued_numbers(docname, built):
    name = Path(docname).name
    key = json.loads((SITE / files(name)["key"]).read_text())
    doctree = _doctree(docname)
    labels = [n["label"] for n in doctree.findall(nodes.Element)
              if type(n).__name__ in content.EXERCISE_NODES]  # fmt: skip
    assert labels and [e["label"] for e in key["exercises"]] == labels
    glue, roles = _glue(docname), _solution_glue_roles(docname)
    with_numbers = 0
    for entry in key["exercises"]:
        expected = [nx.format_glue(glue[k], k, fmt) for k, fmt in roles.get(entry["label"], [])]
        expected = [v for v in expected if content.is_number(v)]
        assert entry["numbers"] == expected, entry["label"]
        assert entry["minutes"] > 0 and entry["number"].startswith("Exercise ")
        with_numbers += bool(expected)
    if any(roles.values()):
        assert with_numbers, f"{docname}: no exercise key carries a number"


@pytest.mark.site
@pytest.mark.parametrize("docname", CHAPTERS, ids=NAMES)
def test_exam_bank_covers_the_chapter(docname):
    name = Path(docname).name
    html = (SITE / files(name)["exam"]).read_text()
    n_checks = len(selfcheck_blocks((ROOT / f"{docname}.md").read_text()))
    assert n_checks >= 3
    assert len(re.findall(r'<div class="question" id="a\d+">', html)) == n_checks
    assert len(re.findall(r'<div class="question" id="b\d+">', html)) >= 1
    assert html.count('<table class="rubric">') == 2
    assert "Part C: discussion and essay" in html and "\\(" not in html  # maths as MathML
    assert _external_assets(html) == []


@pytest.mark.site
def test_no_kit_file_loads_from_another_origin():
    pages = sorted((SITE / KIT_DIR).rglob("*.html"))
    assert len(pages) == 2 * len(CHAPTERS) + 2
    for page in pages:
        assert _external_assets(page.read_text()) == [], page
    assert all((SITE / KIT_DIR / f).is_file() for f in PROBLEM_FILES.values())


@pytest.mark.site
@pytest.mark.parametrize("name", NAMES)
def test_teaching_page_links_the_kit_and_shows_the_key(name):
    html = (SITE / "teachers" / f"{name}.html").read_text()
    section = html.split('id="teacher-kit"')[1].split('id="answer-key"')[0]
    for kind, path in files(name).items():
        href = f'href="../{path}"'
        assert href in section, (kind, path)
        assert (SITE / path).is_file()
    key = json.loads((SITE / files(name)["key"]).read_text())
    numbers = [n for e in key["exercises"] for n in e["numbers"]]
    shown = html.split('id="answer-key"')[1]
    assert shown.count('class="answer-key-number"') == len(numbers)
