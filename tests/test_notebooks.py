"""Every chapter in the table of contents executes top to bottom, cleanly.

Chapters are MyST Markdown notebooks without outputs. The strict build (``make test`` runs
it first) executes each one and fails on a cell error; it keeps the executed notebooks in
its jupyter-cache (``_build/.jupyter_cache``). These tests read them from there, rather than
executing every chapter a second time, and check what the build does not: nothing written to
stderr, every number the prose glues was glued, and every explorer carries both views (live
widget and static chart). A chapter whose code changed since the last build has no match in
the cache: the test says to run ``make book``. The downloadable notebooks are executed by
pytest-notebook in ``tests/test_notebook_downloads.py``.
"""

import ast
import re
from pathlib import Path

import jupytext
import pytest
from jupyter_cache import get_cache

from _ext.toc import docnames

ROOT = Path(__file__).resolve().parents[1]


def executable_chapters():
    paths = [ROOT / f"{name}.md" for name in docnames()]
    return [p for p in paths if p.exists() and _front_matter(p.read_text()).count("kernelspec:")]


def _front_matter(text):
    """The YAML header of a MyST file ('' when there is none)."""
    return text.split("---")[1] if text.startswith("---") else ""


GLUE_ROLE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`:]+)")
GLUE_DIRECTIVE = re.compile(r"^```\{glue(?::[a-z]+)?\}\s+(\S+)", re.MULTILINE)


def test_the_book_has_executable_chapters():
    names = [p.stem for p in executable_chapters()]
    assert "tariffs" in names


def test_no_page_in_the_table_of_contents_is_a_placeholder():
    for name in docnames():
        text = (ROOT / f"{name}.md").read_text()
        assert "Work in progress" not in text, f"{name}.md is not written yet"


CACHE = ROOT / "_build" / ".jupyter_cache"


@pytest.mark.site
@pytest.mark.parametrize("path", executable_chapters(), ids=lambda p: p.stem)
def test_chapter_executes_cleanly(path):
    assert CACHE.is_dir(), f"no build cache at {CACHE}: run `make book` first"
    try:
        _, executed = get_cache(CACHE).merge_match_into_notebook(jupytext.read(path))
    except KeyError:
        pytest.fail(f"{path.name} changed since the last build: run `make book` first")

    outputs = [o for cell in executed.cells for o in cell.get("outputs", [])]
    errors = [o for o in outputs if o["output_type"] == "error"]
    assert not errors, errors[0]["ename"] + ": " + errors[0]["evalue"] if errors else ""
    stderr = [o["text"] for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
    assert not stderr, stderr

    text = path.read_text()
    wanted = set(GLUE_ROLE.findall(text)) | set(GLUE_DIRECTIVE.findall(text))
    glued = {
        o["metadata"]["scrapbook"]["name"]
        for o in outputs
        if o["output_type"] == "display_data" and "scrapbook" in o.get("metadata", {})
    }
    assert wanted <= glued, f"glued in prose but never computed: {sorted(wanted - glued)}"

    explorers = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    for output in explorers:
        assert "vegaEmbed" in output["data"]["text/html"]


def _is_quiet_glue(node: ast.AST) -> bool:
    """``glue(..., display=False)``: stores a number for the prose, shows nothing."""
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "glue"
        and any(k.arg == "display" and getattr(k.value, "value", True) is False
                for k in node.keywords)
    )  # fmt: skip


def is_bookkeeping(source: str) -> bool:
    """A code cell that shows nothing but its code: imports, assignments, definitions and
    quiet ``glue`` calls, with no expression whose value or print-out the page would show."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython syntax (magics): not ours to judge
        return False
    if not tree.body:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and not _is_quiet_glue(node.value):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                continue  # a docstring
            return False
    return True


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import pandas as pd\nx = 1", True),
        ('glue("a", 1.0, display=False)\nfor k in ks:\n    glue(k, 2, display=False)', True),
        ("def f(x):\n    return x", True),
        ('glue("a", 1.0)', False),  # displays the value
        ("tariff_explorer()", False),
        ("x = 1\nx", False),
        ("for k in ks:\n    print(k)", False),
    ],
)
def test_bookkeeping_cells_are_recognised(source, expected):
    assert is_bookkeeping(source) is expected


@pytest.mark.parametrize("path", executable_chapters(), ids=lambda p: p.stem)
def test_bookkeeping_cells_are_removed_from_the_page(path):
    """Visible code is code that teaches (issue 13): a cell that only computes and glues
    numbers for the prose is tagged ``remove-cell``. It stays in the downloadable notebook,
    where a teacher can read it. The code of a worked solution (between ``solution-start``
    and ``solution-end``) is the working: it stays."""
    shown, in_solution = [], False
    for cell in jupytext.read(path).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                in_solution = ("{solution-start}" in line) or (
                    in_solution and "{solution-end}" not in line
                )
        elif (
            not in_solution
            and is_bookkeeping(cell.source)
            and "remove-cell" not in cell.metadata.get("tags", [])
        ):
            shown.append(cell.source.splitlines()[0])
    assert not shown, f"{path.name}: bookkeeping cells shown on the page, first lines: {shown}"
