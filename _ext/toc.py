"""The book's table of contents, read once: every list of documents comes from here.

``_toc.yml`` is parsed by ``sphinx-external-toc`` (the parser Jupyter Book itself uses), so
``make notebooks``, the chapter header box (``chapter_tools``) and the tests see the same
documents in the same order as the built book.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


#: The table of contents may name a file with its suffix (``chapters/a.md``); Sphinx does not.
SUFFIXES = (".md", ".ipynb", ".rst")


def _docname(item: str) -> str:
    for suffix in SUFFIXES:
        if item.endswith(suffix):
            return item[: -len(suffix)]
    return str(item)


@cache
def _site_map(toc: Path):
    from sphinx_external_toc.parsing import parse_toc_yaml

    return parse_toc_yaml(toc)


def site_map(root: Path = ROOT):
    """The parsed ``_toc.yml`` of the book in ``root`` (a ``sphinx_external_toc`` SiteMap)."""
    return _site_map(Path(root).resolve() / "_toc.yml")


def parts(root: Path = ROOT) -> dict[str, list[str]]:
    """``{caption: [docname, ...]}`` for the root's parts, in book order."""
    sm = site_map(root)
    return {
        tree.caption: [_docname(i) for i in tree.items] for tree in sm[sm.root.docname].subtrees
    }


def docnames(root: Path = ROOT) -> list[str]:
    """Every document of the book (root first), in reading order."""
    from sphinx_external_toc.api import FileItem

    sm = site_map(root)
    found: list[str] = []

    def walk(key: str) -> None:
        found.append(_docname(key))
        for tree in sm[key].subtrees:
            for item in tree.items:
                if isinstance(item, FileItem):  # a document (not a URL or a glob)
                    walk(item)

    walk(sm.root.docname)
    return found


def chapter_docnames(root: Path = ROOT) -> list[str]:
    """The chapters (``chapters/*``) in book order: the one list of chapters used by
    ``make notebooks``, the chapter header box and the tests."""
    return [d for d in docnames(root) if d.startswith("chapters/")]


def chapter_numbers(root: Path = ROOT) -> dict[str, str]:
    """``{docname: "2"}``: the number the site gives each document of a numbered part. With
    ``use_multitoc_numbering`` (``_config.yml``) the numbers run on across parts."""
    from sphinx_external_toc.api import FileItem

    sm = site_map(root)
    numbers: dict[str, str] = {}
    for tree in sm[sm.root.docname].subtrees:
        if tree.numbered:
            for item in tree.items:
                if isinstance(item, FileItem):
                    numbers[_docname(item)] = str(len(numbers) + 1)
    return numbers
