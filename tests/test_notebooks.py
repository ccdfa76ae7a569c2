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
