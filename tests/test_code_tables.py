"""Tables made by code cells are numbered as tables (``_ext/code_tables.py``).

A small project is built with myst-nb (in a child process: myst-nb changes Sphinx's registries
for good): a notebook with a figure, a code-cell table named ``tbl-...``, a ``{table}``
directive, a second figure and a second code-cell table, then a page of ``{numref}``\\ s.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from _ext import notebook_export as nx

ROOT = Path(__file__).resolve().parents[1]

CONF = """\
extensions = ["myst_nb", "_ext.code_tables"]
nb_execution_mode = "off"
numfig = True
exclude_patterns = ["_build"]
html_theme = "basic"
"""

INDEX = """\
# Book

```{toctree}
:numbered:
chapter
refs
```
"""

REFS = """\
# References

See {numref}`tbl-one`, {numref}`tbl-two`, {numref}`tbl-md`, {numref}`fig-one` and
{numref}`fig-two`.
"""

TABLE_MD = """\
```{table} A table in Markdown.
:name: tbl-md

| a | b |
|---|---|
| 1 | 2 |
```
"""


def _output_cell(name: str, caption: str, html: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(
        "x", metadata={"mystnb": {"figure": {"name": name, "caption": caption}}}
    )
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/html": html, "text/plain": "x"}
        )
    ]
    return cell


def _chapter() -> nbformat.NotebookNode:
    cells = [
        nbformat.v4.new_markdown_cell("# Chapter"),
        _output_cell("fig-one", "The first figure.", "<p>chart one</p>"),
        _output_cell("tbl-one", "The first table.", "<table><tr><td>T1</td></tr></table>"),
        nbformat.v4.new_markdown_cell(TABLE_MD),
        _output_cell("fig-two", "The second figure.", "<p>chart two</p>"),
        _output_cell("tbl-two", "The second table.", "<table><tr><td>T2</td></tr></table>"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    return nb


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    out = src / "_build"
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text(INDEX)
    (src / "refs.md").write_text(REFS)
    nbformat.write(_chapter(), src / "chapter.ipynb")
    args = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the book's root: `_ext` is importable
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr  # -W: no warning either
    return out


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text("utf8"), "html.parser")


def _caption(soup: BeautifulSoup, ident: str) -> str:
    node = soup.find(id=ident)
    assert node is not None, ident
    caption = node.find(["figcaption", "caption"])
    words = [s for s in caption.find_all(string=True) if not s.find_parent("a", "headerlink")]
    return " ".join(" ".join(words).split())


def test_captions_number_tables_and_figures_in_their_own_sequences(site):
    soup = _soup(site, "chapter.html")
    assert _caption(soup, "fig-one") == "Fig. 1.1 The first figure."
    assert _caption(soup, "tbl-one") == "Table 1.1 The first table."
    assert _caption(soup, "tbl-md") == "Table 1.2 A table in Markdown."
    assert _caption(soup, "fig-two") == "Fig. 1.2 The second figure."  # no gap for tables
    assert _caption(soup, "tbl-two") == "Table 1.3 The second table."


def test_numref_says_table(site):
    text = " ".join(_soup(site, "refs.html").find("p").get_text(" ").split())
    assert text == "See Table 1.1 , Table 1.3 , Table 1.2 , Fig. 1.1 and Fig. 1.2 ."


def test_a_code_table_keeps_its_output_with_the_caption_above(site):
    soup = _soup(site, "chapter.html")
    table = soup.find(id="tbl-one")
    assert table.name == "figure" and "code-table" in table["class"]
    children = [child for child in table.children if getattr(child, "name", None)]
    assert children[0].name == "figcaption"  # above the table
    assert table.find("td").get_text() == "T1"  # the output is still rendered
    assert table.find("a", class_="headerlink")["title"] == "Link to this table"
    figure = soup.find(id="fig-one")  # a figure is untouched: caption below, no table class
    assert "code-table" not in figure["class"]
    assert [c for c in figure.children if getattr(c, "name", None)][-1].name == "figcaption"
    assert figure.find("a", class_="headerlink")["title"] == "Link to this image"


def test_the_notebook_export_gives_the_same_numbers(site):
    c = nx.Context(chapter="1")
    captions = nx._numbering(_chapter(), c)
    assert c.numbers == {
        "fig-one": "Fig. 1.1", "tbl-one": "Table 1.1", "tbl-md": "Table 1.2",
        "fig-two": "Fig. 1.2", "tbl-two": "Table 1.3",
    }
    soup = _soup(site, "chapter.html")
    for name, label in c.numbers.items():
        assert _caption(soup, name).startswith(label + " "), name
    assert [label for _, label, _ in captions] == ["Fig. 1.1", "Table 1.1", "Fig. 1.2", "Table 1.3"]


def test_the_book_names_every_code_table_tbl_and_numbers_it_as_a_table():
    """Every ``tbl-`` name in the book is a table in the notebooks' numbering."""
    numbers = nx.book_numbering(ROOT).numbers
    tables = {name: label for name, label in numbers.items() if name.startswith("tbl-")}
    assert len(tables) >= 12
    assert all(label.startswith("Table ") for label in tables.values()), tables
    assert not any(
        label.startswith("Table ") for name, label in numbers.items() if name.startswith("fig-")
    )
