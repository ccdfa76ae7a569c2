"""Every chapter in the table of contents executes top to bottom (pytest-notebook).

Chapters are MyST Markdown notebooks without outputs, so pytest-notebook's diff ignores
outputs (see ``nb_diff_ignore`` in pyproject.toml); what it must not ignore is checked
here on the executed notebook: no errors, nothing written to stderr, every number the
prose glues was glued, and every explorer carries both views (live widget and static chart).
"""

import io
import re
from pathlib import Path

import jupytext
import nbformat
import pytest

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


@pytest.mark.parametrize("path", executable_chapters(), ids=lambda p: p.stem)
def test_chapter_executes_cleanly(nb_regression, path):
    notebook = jupytext.read(path)
    source = io.StringIO(nbformat.writes(notebook))
    source.name = str(path.with_suffix(".ipynb"))
    nb_regression.exec_cwd = str(path.parent)
    result = nb_regression.check(source)  # raises on a cell error or an unexpected diff
    executed = result.nb_final

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
