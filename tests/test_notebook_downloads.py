"""The downloadable notebooks (notebooks/<name>.ipynb, `make notebooks`, _ext/notebook_export.py).

* each Markdown transform, on small inputs with known outputs;
* the setup cell: a no-op when `widgets` imports; otherwise a clone + pip install run from the
  clone; with no repository configured, a clear error (import failure mocked);
* notebooks/ is current: regenerating every chapter gives the committed bytes;
* every committed notebook runs top to bottom with nbclient in a temporary folder outside
  the repository (as a teacher who downloaded it), with the project's kernel: no error, the
  setup cell prints nothing, and the explorer's outputs (widget view and website chart) appear.
"""

from __future__ import annotations

import builtins
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from _ext import notebook_export as nx
from _ext import selfcheck
from _ext.build_cache import inputs_hash
from _ext.toc import chapter_docnames, chapter_numbers

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = chapter_docnames()
NAMES = [Path(d).name for d in CHAPTERS]


def ctx(**kwargs) -> nx.Context:
    base = dict(
        glue={"rate": {"text/plain": "0.25"}, "big": {"text/plain": "1234.5678"},
              "label": {"text/plain": "'Section 301'"}},
        bibliography={"amiti2019impact": ("Amiti et al.", "2019"), "solo": ("Bown", "2021")},
        labels={"tariffs": "Tariffs: who pays?"},
        docs={"intro": "Trade Policy, Interactively", "chapters/tariffs": "Tariffs: who pays?"},
        docname="chapters/example",
        selfcheck=selfcheck.as_markdown,
    )  # fmt: skip
    base.update(kwargs)
    return nx.Context(**base)


# --- roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a {term}`tariff` here", "a tariff here"),
        ("the {term}`duties <tariff>` paid", "the duties paid"),
        ("{glue:text}`rate:.0%`", "25%"),
        ("{glue:text}`big:,.1f` and {glue:text}`big`", "1,234.6 and 1234.5678"),
        ("under {glue:text}`label`", "under Section 301"),
        ("{glue}`rate`", "0.25"),
        ("as shown {cite:p}`amiti2019impact`", "as shown (Amiti et al. 2019)"),
        ("{cite:p}`amiti2019impact,solo`", "(Amiti et al. 2019; Bown 2021)"),
        ("{cite:t}`solo` found", "Bown (2021) found"),
        ("see {ref}`tariffs`", "see Tariffs: who pays?"),
        ("see {ref}`the chapter <tariffs>`", "see the chapter"),
        ("the {doc}`introduction <../intro>`", "the introduction"),
        ("the {doc}`tariffs`", "the Tariffs: who pays?"),
        ("code `{term}`x`` stays", "code `{term}`x`` stays"),
        ('inline `glue("rate", r)` stays', 'inline `glue("rate", r)` stays'),
    ],
)
def test_roles_become_plain_text(text, expected):
    assert nx.convert_roles(text, ctx()) == expected


def test_numref_and_eq_use_the_notebooks_own_numbers():
    c = ctx(numbers={"fig-a": "Figure 2", "tbl-b": "Table 1"}, equations={"eq-x": 3})
    assert nx.convert_roles("{numref}`fig-a` and {numref}`Table %s <tbl-b>`", c) == (
        "Figure 2 and Table 1"
    )
    assert nx.convert_roles("by {eq}`eq-x`", c) == "by (3)"


def test_numref_and_eq_into_another_chapter_use_its_numbers():
    n = chapter_numbers()["chapters/tit_for_tat"]
    text = "{eq}`eq-tft-grim` and {numref}`fig-tft-simulator`"
    assert re.fullmatch(rf"\({n}\.\d+\) and Fig\. {n}\.\d+", nx.convert_roles(text, ctx()))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{glue:text}`nope`", "glue 'nope'"),
        ("{cite:p}`nokey`", "citation 'nokey'"),
        ("{ref}`nolabel`", "'nolabel'"),
        ("{doc}`../missing`", "'../missing'"),
        ("{numref}`fig-none`", "'fig-none'"),
        ("{abbr}`WTO (World Trade Organization)`", "role {abbr}"),
    ],
)
def test_unknown_targets_and_roles_are_errors_naming_them(text, problem):
    with pytest.raises(nx.ConversionError, match=re.escape(problem)) as error:
        nx.convert_roles(text, ctx())
    assert "chapters/example" in str(error.value)


# --- directives and lines ---------------------------------------------------------------------


def test_admonition_becomes_a_blockquote_with_its_title():
    text = "```{admonition} Learning objectives\n:class: tip\n\n1. one {term}`tariff`\n2. two\n```"
    assert nx.to_markdown(text, ctx()) == (
        "> **Learning objectives**\n>\n> 1. one tariff\n> 2. two"
    )


def test_note_and_dropdown_admonition():
    assert (
        nx.to_markdown("```{note}\nMind the gap.\n```", ctx()) == "> **Note**\n>\n> Mind the gap."
    )
    text = "```{admonition} Answers\n:class: dropdown\n\n1. {glue:text}`rate:.0%`\n```"
    assert nx.to_markdown(text, ctx()) == (
        "<details>\n<summary>Answers</summary>\n\n1. 25%\n\n</details>"
    )
    nested = "````{dropdown} Answers\n```{note}\nInside.\n```\n````"
    assert nx.to_markdown(nested, ctx()) == (
        "<details>\n<summary>Answers</summary>\n\n> **Note**\n>\n> Inside.\n\n</details>"
    )


def test_exercise_heading_and_solution_in_details():
    c = ctx()
    text = (
        "```{exercise} Small country\n:label: ex-a\n\nCompute it.\n```\n\n"
        "````{solution-start} ex-a\n:class: dropdown\n````\n\nIt is 25.\n\n````{solution-end}\n````"
    )
    c.exercises["ex-a"] = 1
    text = nx._convert_solution_fences(text, c, [])
    assert nx.to_markdown(text, c) == (
        "### Exercise 1: Small country\n\nCompute it.\n\n"
        "<details>\n<summary>Solution to Exercise 1</summary>\n\n\nIt is 25.\n\n</details>"
    )
    fenced = "```{solution} ex-a\n:class: dropdown\n\nIt is 25.\n```"
    assert nx.to_markdown(fenced, c) == (
        "<details>\n<summary>Solution to Exercise 1</summary>\n\nIt is 25.\n\n</details>"
    )


def test_a_solution_spanning_code_cells_gets_a_heading_and_an_end_line():
    c = ctx(exercises={"ex-b": 2})
    opened: list = []
    start = nx._convert_solution_fences(
        "````{solution-start} ex-b\n:class: dropdown\n````", c, opened
    )
    assert start == f"#### Solution to Exercise 2\n\n{nx.FOLDED_NOTE}\n\n{nx.FOLD_START}"
    end = nx._convert_solution_fences("Done.\n\n````{solution-end}\n````", c, opened)
    assert end == f"Done.\n\n{nx.FOLD_END}\n\n*End of the solution to Exercise 2.*"
    assert opened == []


def test_a_solution_spanning_cells_is_folded_as_jupyterlab_folds_cells(tmp_path):
    chapter = tmp_path / "folded.md"
    chapter.write_text(
        "# Folded\n\n```{exercise}\n:label: ex-f\n\nDo it.\n```\n\n"
        "````{solution-start} ex-f\n:class: dropdown\n````\n\nFirst part.\n\n"
        "```{code-cell} ipython3\nx = 1\n```\n\nIt costs \\$1, not \\$2.\n\n"
        "````{solution-end}\n````\n\nAfter.\n"
    )
    nb = nx.chapter_notebook(chapter, {}, bibliography={}, titles=({}, {}), number="4")
    cells = [(c.cell_type, c.source, c.metadata.get("jupyter")) for c in nb.cells]
    hidden = [source for _, source, meta in cells if meta and meta.get("source_hidden")]
    assert hidden == [
        "First part.",
        "x = 1",
        f"It costs {nx.LITERAL_DOLLAR}1, not {nx.LITERAL_DOLLAR}2.",
    ]
    code = next(c for c in nb.cells if c.source == "x = 1")
    assert code.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    shown = [source for _, source, meta in cells if not meta]
    assert any("### Exercise 4.1" in s and "#### Solution to Exercise 4.1" in s
               for s in shown)  # fmt: skip
    assert shown[-1] == "*End of the solution to Exercise 4.1.*\n\nAfter."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gain \\$0.80 and \\$0.40", "gain D0.80 and D0.40"),
        ("maths $x = \\$2$ stays", "maths $x = \\$2$ stays"),
        ("code `\\$3` stays, \\$4 not", "code `\\$3` stays, D4 not"),
        ("```\nprint('\\$5')\n```\n\\$6", "```\nprint('\\$5')\n```\nD6"),
        ("$$\na \\$ b\n$$\n\\$7", "$$\na \\$ b\n$$\nD7"),
    ],
)
def test_currency_dollars_are_written_so_no_renderer_pairs_them(text, expected):
    assert nx.literal_dollars(text) == expected.replace("D", nx.LITERAL_DOLLAR)


@pytest.mark.parametrize("name", NAMES)
def test_no_dollar_maths_swallows_a_currency_amount(name):
    """Rendered as VS Code and Jupyter Book's Markdown do (markdown-it with the dollar-maths
    plugin, which pairs any two unescaped dollars): no inline maths holds a currency amount,
    and every literal dollar the export wrote is a "$" in the rendered text."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": True}).use(dollarmath_plugin)
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        maths = [child.content for token in md.parse(cell.source) if token.type == "inline"
                 for child in token.children if child.type.startswith("math")]  # fmt: skip
        prose = [re.sub(r"\\(?:text|mathrm|operatorname)\{[^}]*\}", "", m) for m in maths]
        words = re.compile(r"\b[a-z]{3,} [a-z]{3,}\b")  # "million and": prose, not maths
        swallowed = [m for m, bare in zip(maths, prose, strict=True)
                     if "&#36;" in m or "tex2jax" in m or words.search(bare)]  # fmt: skip
        assert not swallowed, f"{name}: maths holds a currency amount: {swallowed[:2]}"
        html = md.render(cell.source)
        drawn = nx.LITERAL_DOLLAR.replace("&#36;", "$")  # the entity is a "$" once rendered
        assert html.count(drawn) == cell.source.count(nx.LITERAL_DOLLAR), cell.source[:80]


def test_table_caption_labels_and_equations():
    c = ctx(tables=["Table 4"], equations={"eq-p": 1})
    text = (
        "(sec-x)=\n## Section\n\n% a comment\n"
        ":::{table} Who gave what. Source: {cite:t}`solo`.\n:name: tbl-x\n\n"
        "| a | b |\n|---|---|\n:::\n\n"
        "$$\np = (1 + t) p^*\n$$ (eq-p)"
    )
    assert nx.to_markdown(text, c) == (
        "## Section\n\n**Table 4.** Who gave what. Source: Bown (2021).\n\n| a | b |\n|---|---|\n\n"
        "$$\np = (1 + t) p^* \\tag{1}\n$$"
    )


def test_selfcheck_uses_h2s_as_markdown_with_glue_pasted():
    body = "- [ ] 10%\n  Too low.\n- [x] {glue:text}`rate:.0%`\n  Right: the rate."
    text = f"```{{selfcheck}} What is the tariff rate?\n{body}\n```"
    expected = selfcheck.as_markdown(
        "What is the tariff rate?", {}, "- [ ] 10%\n  Too low.\n- [x] 25%\n  Right: the rate."
    ).strip()
    assert nx.to_markdown(text, ctx()) == expected
    assert "<details>" in expected and "25%" in expected


def test_labelled_math_directives_are_numbered_with_dollar_equations():
    source = (
        "$$\na\n$$ (eq-a)\n\n```{math}\n:label: eq-b\n\nx = 1\n```\n\n"
        ":::{math}\n---\nlabel: eq-c\n---\ny = 2\n:::\n\nBy {eq}`eq-b` and {eq}`eq-c`."
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(source)])
    c = ctx()
    nx._numbering(nb, c)
    assert c.equations == {"eq-a": "1", "eq-b": "2", "eq-c": "3"}
    out = nx.to_markdown(source, c)
    assert "$$\nx = 1 \\tag{2}\n$$" in out and "$$\ny = 2 \\tag{3}\n$$" in out
    assert out.endswith("By (2) and (3).")


def test_numbers_follow_the_site_chapter_dot_item():
    """The site numbers "Fig. 2.1", "Table 2.1", "(2.1)", "Exercise 2.1" in chapter 2
    (use_multitoc_numbering); a code cell's figure named "tbl-..." is a table, numbered with
    the {table} directives in page order (_ext/code_tables.py), others are figures."""
    numbers = chapter_numbers()
    assert [numbers[d] for d in CHAPTERS] == [str(i) for i in range(1, len(CHAPTERS) + 1)]
    assert "teachers/index" not in numbers and "glossary" not in numbers
    def cell(name):
        return nbformat.v4.new_code_cell("t", metadata={"mystnb": {"figure": {"name": name}}})

    text = "```{table} T\n:name: tbl-t\n\n| a |\n|---|\n```\n\n$$\nx\n$$ (eq-x)"
    nb = nbformat.v4.new_notebook(
        cells=[cell("fig-a"), cell("tbl-a"), nbformat.v4.new_markdown_cell(text), cell("fig-b")]
    )
    c = ctx(chapter="2")
    captions = nx._numbering(nb, c)
    assert c.numbers == {
        "fig-a": "Fig. 2.1", "tbl-a": "Table 2.1", "tbl-t": "Table 2.2", "fig-b": "Fig. 2.2"
    }
    assert [label for _, label, _ in captions] == ["Fig. 2.1", "Table 2.1", "Fig. 2.2"]
    assert c.tables == ["Table 2.2"]  # what the {table} directive's caption will say
    assert c.equations == {"eq-x": "2.1"} and c.next("exercise") == "2.1"
    assert nx.convert_roles("{numref}`tbl-a`, {numref}`Table %s <tbl-t>`, {eq}`eq-x`", c) == (
        "Table 2.1, Table 2.2, (2.1)"
    )


def test_unknown_directive_is_an_error_naming_it():
    with pytest.raises(nx.ConversionError, match=r"directive \{figure\} in chapters/example"):
        nx.to_markdown("```{figure} x.png\nA caption.\n```", ctx())


# --- chapters, titles, glue values from a build ------------------------------------------


def _mini_book(root: Path) -> None:
    (root / "chapters").mkdir()
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - chapters:\n"
        "      - file: chapters/b\n      - file: chapters/a.md\n      - file: glossary\n"
    )
    (root / "intro.md").write_text("# The book\n")
    (root / "glossary.md").write_text("# Glossary\n")
    (root / "chapters" / "a.md").write_text(
        "---\ntitle: x\n---\n```python\n# not a heading\n```\n\n(sec-a)=\n# Chapter A\n\n"
        "(not-a-heading)=\nText.\n\n## Part\n"
    )
    (root / "chapters" / "b.md").write_text("(sec-b)=\n\n# Chapter B\n")
    (root / "chapters" / "draft.md").write_text("# Not in the table of contents\n")


def test_chapters_and_titles_come_from_the_table_of_contents(tmp_path):
    _mini_book(tmp_path)
    assert chapter_docnames(tmp_path) == ["chapters/b", "chapters/a"]
    labels, docs = nx.document_titles(tmp_path)
    assert docs == {"intro": "The book", "chapters/b": "Chapter B", "chapters/a": "Chapter A",
                    "glossary": "Glossary"}  # fmt: skip
    assert labels == {"sec-a": "Chapter A", "sec-b": "Chapter B"}


def test_chapter_tools_header_goes_on_the_table_of_contents_chapters(tmp_path):
    from types import SimpleNamespace

    from _ext import chapter_tools

    _mini_book(tmp_path)
    app = SimpleNamespace(config=SimpleNamespace(chapter_tools_docs=""), srcdir=str(tmp_path))
    assert chapter_tools._is_chapter(app, "chapters/a")
    assert not chapter_tools._is_chapter(app, "chapters/draft")  # in chapters/, not in the book
    assert not chapter_tools._is_chapter(app, "glossary")
    assert [Path(d).name for d in CHAPTERS] == NAMES and "tariffs" in NAMES


def _fake_build(tmp_path: Path, stamp: str) -> tuple[Path, Path]:
    """A _build folder whose executed tariffs chapter glued rate = 0.99 (a stale value)."""
    import jupytext

    chapter = ROOT / "chapters" / "tariffs.md"
    build = tmp_path / "_build"
    executed = build / "jupyter_execute" / "chapters"
    executed.mkdir(parents=True)
    nbformat.write(jupytext.read(chapter), executed / "tariffs.ipynb")  # same code cells
    (executed / "tariffs.glue.json").write_text(
        json.dumps({"rate": {"data": {"text/plain": "0.99"}}})
    )
    (build / ".jupyter_cache.inputs").write_text(stamp + "\n")
    return chapter, build


class _Executed(Exception):
    pass


def _no_execution(monkeypatch):
    import nbclient

    def refuse(*args, **kwargs):
        raise _Executed

    monkeypatch.setattr(nbclient, "NotebookClient", refuse)


def test_glue_values_come_from_a_build_made_with_todays_widgets_and_data(tmp_path, monkeypatch):
    chapter, build = _fake_build(tmp_path, inputs_hash())
    _no_execution(monkeypatch)
    assert nx.glue_values(chapter, build) == {"rate": {"text/plain": "0.99"}}


def test_glue_values_are_recomputed_when_widgets_or_data_changed_since_the_build(
    tmp_path, monkeypatch
):
    chapter, build = _fake_build(tmp_path, "0" * 64)  # the build saw other widgets/ or data/
    _no_execution(monkeypatch)
    with pytest.raises(_Executed):
        nx.glue_values(chapter, build)
    (build / ".jupyter_cache.inputs").unlink()  # no stamp: not trusted either
    with pytest.raises(_Executed):
        nx.glue_values(chapter, build)


# --- the setup cell ---------------------------------------------------------------------------


def _fail_widgets_import(monkeypatch, allowed_when=lambda: False):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.split(".")[0] == "widgets" and not allowed_when():
            raise ImportError("No module named 'widgets'")
        return real_import(name, *args, **kwargs)

    # so that monkeypatch puts the real package back afterwards, with every module the setup
    # cell imports (else a fake clone's widgets.data outlives its test)
    import widgets.charts.access  # noqa: F401
    import widgets.data  # noqa: F401

    for name in [m for m in sys.modules if m == "widgets" or m.startswith("widgets.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_setup_cell_without_a_repository_says_what_to_install(monkeypatch):
    _fail_widgets_import(monkeypatch)
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    monkeypatch.chdir(Path(__file__).parent)  # no course pack's wheel here or above
    with pytest.raises(RuntimeError, match=r"pip install -r requirements\.txt") as error:
        exec(nx.setup_cell_source(repository=""), {})
    assert "widgets" in str(error.value) and "course pack" in str(error.value)
    assert calls == []


def test_setup_cell_clones_and_installs_from_the_clone(monkeypatch, tmp_path):
    repo = "https://github.com/example/trade-book"
    clone = tmp_path / "trade-book"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    _fail_widgets_import(monkeypatch, allowed_when=lambda: sys.path[0] == str(clone))
    calls = []

    def fake_run(command, **kwargs):
        calls.append((command, kwargs))
        if command[0] == "git":
            (clone / "widgets").mkdir(parents=True)
            (clone / "widgets" / "__init__.py").write_text("CLONED = True\n")
            (clone / "data").mkdir()
            (clone / "data" / "datapackage.json").write_text("{}")
            (clone / "widgets" / "data.py").write_text(
                f"from pathlib import Path\nDATA_DIR = Path({str(clone / 'data')!r})\n"
            )
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", fake_run)
    namespace: dict = {}
    exec(nx.setup_cell_source(repository=repo, branch="teaching"), namespace)
    git, pip = calls
    assert git[0] == ["git", "clone", "--depth", "1", "--branch", "teaching", repo, str(clone)]
    assert pip[0][:2] == [sys.executable, "-m"] and pip[0][-2:] == ["-r", "requirements.txt"]
    assert pip[1]["cwd"] == str(clone)  # "-e ." in requirements.txt is relative to the CWD
    assert namespace["widgets"].CLONED is True


def test_setup_cell_is_a_no_op_when_widgets_imports(monkeypatch):
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("setup cell ran a command"))
    namespace: dict = {}
    exec(nx.setup_cell_source(repository="https://github.com/example/trade-book"), namespace)
    assert namespace["widgets"].__file__.startswith(str(ROOT))


# --- notebooks/ is current and runs -----------------------------------------------------------


def _build_dir() -> Path:
    site = os.environ.get("BOOK_SITE")
    return Path(site).resolve().parent if site else ROOT / "_build"


@pytest.mark.site
@pytest.mark.parametrize("docname", CHAPTERS, ids=NAMES)
def test_committed_notebook_is_current(docname):
    from scripts import make_notebooks

    (text,) = make_notebooks.generate([docname], _build_dir()).values()
    path = ROOT / "notebooks" / f"{Path(docname).name}.ipynb"
    assert path.is_file(), f"{path} is missing: run `make notebooks`"
    assert path.read_text(encoding="utf-8") == text, (
        f"{path.relative_to(ROOT)} is out of date with {docname}.md: run `make notebooks`"
    )


@pytest.mark.site
def test_a_tables_caption_goes_before_its_cell_and_a_figures_after_as_on_the_site():
    """As on the site (_ext/code_tables.py), a code cell's table has its caption above it: in
    the notebook the caption's Markdown cell comes before the code cell, a figure's after it,
    each numbered and worded as the built page captions it (tariffs' evidence table)."""
    import jupytext
    from bs4 import BeautifulSoup

    from scripts import make_notebooks

    docname = "chapters/tariffs"
    page = _build_dir() / "html" / f"{docname}.html"
    assert page.is_file(), "run `make book` first"
    site = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    sources = {}
    for cell in jupytext.read(ROOT / f"{docname}.md").cells:
        name = nx._cell_figure(cell).get("name", "") if cell.cell_type == "code" else ""
        sources.setdefault(name, cell.source)
    figure = next(n for n in sources if n.startswith("fig-"))
    (text,) = make_notebooks.generate([docname], _build_dir()).values()
    cells = nbformat.reads(text, as_version=4).cells
    for name, step in (("tbl-evidence", -1), (figure, 1)):
        code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
        (at,) = [i for i in code if cells[i].source == sources[name]]
        caption, other = cells[at + step], cells[at - step]
        shown = site.find(id=name).find("figcaption", recursive=False)  # not a chart's table
        number = shown.find(class_="caption-number").get_text().strip()
        words = " ".join(shown.find(class_="caption-text").get_text().split())
        assert number == ("Table 2.1" if name == "tbl-evidence" else "Fig. 2.1"), number
        assert caption.cell_type == "markdown", name
        # read as a renderer shows it (a currency "$" is written as an HTML entity in a span)
        plain = html.unescape(re.sub(r"<[^>]+>", "", caption.source))
        assert plain == f"**{number}.** {words}", name
        assert not other.source.startswith("**"), f"{name}: a caption on both sides"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_shape_and_plain_markdown(name):
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert [c.id for c in nb.cells] == [f"cell-{i:03d}" for i in range(len(nb.cells))]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells
               if c.cell_type == "code")  # fmt: skip
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source == nx.setup_cell_source(
        nx.launch_settings().get("launch_repository_url", ""),
        nx.launch_settings().get("launch_branch", "") or "main",
    )
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    leftovers = re.findall(r"\{[a-z][\w:-]*\}`|^\s*(?:`{3,}|:{3,})\{|^\(\S+\)=$", markdown, re.M)
    assert not leftovers, f"MyST syntax left in notebooks/{name}.ipynb: {leftovers[:5]}"
    assert markdown.count("<details>") == markdown.count("</details>")
    number = chapter_numbers()[f"chapters/{name}"]
    assert f"### Exercise {number}.1" in markdown  # numbered as on the site


@pytest.fixture(scope="module")
def teacher_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("downloads")
    assert ROOT not in folder.parents and folder != ROOT
    return folder


@pytest.mark.parametrize("name", NAMES)
def test_downloaded_notebook_runs_top_to_bottom(name, teacher_folder, nb_regression):
    """pytest-notebook executes the notebook a teacher downloads, in a folder outside the
    repository (the chapters themselves are executed by the strict build)."""
    path = teacher_folder / f"{name}.ipynb"
    path.write_bytes((ROOT / "notebooks" / f"{name}.ipynb").read_bytes())
    before = set(os.listdir(teacher_folder))
    nb_regression.exec_cwd = str(teacher_folder)
    nb = nb_regression.check(str(path)).nb_final  # raises on a cell error or unexpected diff
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"{name}: {errors[0]['ename']}: {errors[0]['evalue']}"
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert setup.outputs == []  # widgets imported: nothing cloned, nothing printed
    assert set(os.listdir(teacher_folder)) == before
    mimes = [set(o.get("data", {})) for c in nb.cells for o in c.get("outputs", [])]
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    if re.search(r"^from widgets(\.controls\S*)? import", source, re.M):  # it has an explorer
        explorer = [m for m in mimes if "application/vnd.jupyter.widget-view+json" in m]
        assert explorer, f"{name}: no explorer (widget view) in the outputs"
        assert any("text/html" in m for m in explorer), f"{name}: the explorer has no website view"
        html = ["".join(o["data"]["text/html"]) for c in nb.cells for o in c.get("outputs", [])
                if "text/html" in o.get("data", {})]  # fmt: skip
        assert any("vegaEmbed" in h for h in html), f"{name}: no chart in the outputs"
    glued = [o for c in nb.cells for o in c.get("outputs", [])
             if o.get("metadata", {}).get("scrapbook")]  # fmt: skip
    assert glued, f"{name}: no glue() output: the chapter's numbers were not computed"
    json.dumps(nb)  # outputs serialise
