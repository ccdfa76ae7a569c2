"""The chapter header box, launch links and the downloadable notebooks in the built site.

A local Sphinx extension (``_config.yml``, ``sphinx: local_extensions``).

* **Header box** (compact: one line, the times, opening the rest, so that the hook stays
  on a phone's first screen). Below the title of every chapter (the ``chapters/*`` entries of
  ``_toc.yml``; with no ``_toc.yml``, docnames ``chapters/*``; or docnames matching
  ``chapter_tools_docs`` if set) an
  ``<aside class="chapter-header d-print-none" aria-label="About this chapter">``
  (not printed) lists:
  - the reading time: prose words (not code, maths, cell outputs, folded solutions or
    self-check answers; glossary term links do count) / ``chapter_tools_wpm`` (200 words a
    minute), rounded, at least 1 minute. It is counted before ``glossary_tips`` turns term
    links into raw HTML (a lower ``doctree-resolved`` priority);
  - the working time: each explorer (a chart with sliders or menus), exercise and
    self-check question times its minutes (``WORK_MINUTES``: 5, 10 and 1, a teaching
    estimate; ``chapter_tools_work_minutes`` overrides them), said in the line itself; an
    exercise with a ``minutes-N`` class (``:class: web minutes-15``) counts its own N;
  - the prerequisites: the chapter's front matter ``prerequisites: [chapters/tariffs, ...]``
    (docnames), as links titled with each chapter's title; an unknown docname is a warning
    (so a ``-W`` build fails) naming the chapter and the key;
  - "Download this chapter as a notebook (.ipynb)": a relative link to
    ``notebooks/<name>.ipynb`` (works offline and on ``file://``);
  - launch links (Binder, Colab, JupyterHub), only those configured (:func:`launch_links`).
    They are plain ``<a>`` links: nothing is requested from those hosts until a click.
* **Notebooks.** ``build-finished`` copies ``notebooks/*.ipynb`` (written by ``make
  notebooks``, see ``_ext/notebook_export.py``) to ``<outdir>/notebooks/``; a chapter
  without its notebook is a warning.
* ``chapter_tools_fingerprint`` (``_ext/_assets.py``): editing this file rewrites every page.

Config values (``sphinx: config:``)::

    launch_repository_url: ""   # the book's public git URL, e.g. https://github.com/ORG/REPO
    launch_branch: main
    launch_binderhub_url: https://mybinder.org
    launch_colab_url: https://colab.research.google.com
    launch_jupyterhub_url: ""   # a school's hub, e.g. https://hub.example.edu
    chapter_tools_docs: ""   # a glob; "" = the chapters/* entries of _toc.yml
    chapter_tools_wpm: 200
    chapter_tools_work_minutes: {}   # e.g. {explorer: 5, exercise: 10, selfcheck: 1}
"""

from __future__ import annotations

import fnmatch
import html
import json
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ._assets import is_html, register_fingerprint
from .toc import chapter_docnames

logger = logging.getLogger(__name__)

__version__ = "1.0.0"
WARN = {"type": "chapter_tools"}
NOTEBOOK_DIR = "notebooks"
WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")

# --- launch links -----------------------------------------------------------------------------


def _github_path(repository: str) -> str | None:
    """``ORG/REPO`` of a GitHub URL, else None."""
    parts = urlsplit(repository)
    if parts.netloc.lower() not in ("github.com", "www.github.com"):
        return None
    path = parts.path.strip("/").removesuffix(".git")
    return path if path.count("/") == 1 else None


def launch_links(
    name: str,
    *,
    repository: str = "",
    branch: str = "main",
    binderhub: str = "",
    colab: str = "",
    jupyterhub: str = "",
) -> list[tuple[str, str]]:
    """``[(label, url)]`` opening ``notebooks/<name>.ipynb`` on each configured service.

    Nothing without a repository URL; a service appears only when its URL is set. Colab
    opens notebooks from GitHub only.

    >>> launch_links("tariffs")
    []
    >>> launch_links("tariffs", repository="https://github.com/o/r", colab="https://colab.research.google.com")
    [('Colab', 'https://colab.research.google.com/github/o/r/blob/main/notebooks/tariffs.ipynb')]
    """  # noqa: E501
    repository = repository.strip().rstrip("/")
    if not repository:
        return []
    branch = branch.strip() or "main"
    notebook = f"{NOTEBOOK_DIR}/{name}.ipynb"
    github = _github_path(repository)
    links = []
    if binderhub.strip():
        hub = binderhub.strip().rstrip("/")
        spec = (
            f"gh/{github}/{quote(branch, safe='')}"
            if github
            else f"git/{quote(repository, safe='')}/{quote(branch, safe='')}"
        )
        links.append(
            ("Binder", f"{hub}/v2/{spec}?{urlencode({'urlpath': f'lab/tree/{notebook}'})}")
        )
    if colab.strip() and github:
        links.append(
            ("Colab", f"{colab.strip().rstrip('/')}/github/{github}/blob/{branch}/{notebook}")
        )
    if jupyterhub.strip():
        folder = repository.rsplit("/", 1)[-1].removesuffix(".git")
        query = urlencode(
            {"repo": repository, "branch": branch, "urlpath": f"lab/tree/{folder}/{notebook}"}
        )
        links.append(
            ("JupyterHub", f"{jupyterhub.strip().rstrip('/')}/hub/user-redirect/git-pull?{query}")
        )
    return links


# --- reading time -----------------------------------------------------------------------------

#: Node classes whose text is not prose read by the reader (code, maths, outputs, raw HTML).
_SKIP = (nodes.literal_block, nodes.literal, nodes.math, nodes.math_block, nodes.raw)
_SKIP += (nodes.comment, nodes.target, nodes.system_message)
#: Text the reader does not read through: folded solutions (sphinx-exercise, merged or not)
#: and self-check answers (``_ext/selfcheck/``). Matched by class name: neither is imported.
_SKIP_NAMES = {"solution_node", "solution_start_node", "selfcheck_answer"}


def _is_cell(node: nodes.Node) -> bool:
    """A myst-nb code cell (source and outputs)."""
    return isinstance(node, nodes.container) and node.get("nb_element", "").startswith("cell_code")


def prose_words(doctree: nodes.Node) -> int:
    """Words of prose in a doctree: code, maths, raw HTML and notebook cells left out."""
    count = 0

    def visit(node: nodes.Node) -> None:
        nonlocal count
        if isinstance(node, _SKIP) or _is_cell(node) or type(node).__name__ in _SKIP_NAMES:
            return
        if isinstance(node, nodes.Text):
            count += len(WORD_RE.findall(node.astext()))
            return
        folded = False  # between an unmerged solution-start and its solution-end
        for child in node.children:
            name = type(child).__name__
            if name == "solution_start_node":
                folded = True
            elif name == "solution_end_node":
                folded = False
            elif not folded:
                visit(child)

    visit(doctree)
    return count


def reading_minutes(words: int, wpm: int = 200) -> int:
    """Minutes to read ``words`` at ``wpm`` words a minute, rounded, at least 1.

    >>> reading_minutes(0), reading_minutes(299), reading_minutes(301), reading_minutes(5000)
    (1, 1, 2, 25)
    """
    if wpm <= 0:
        raise ValueError(f"chapter_tools_wpm must be positive, got {wpm!r}")
    return max(1, int(words / wpm + 0.5))


#: Minutes a first-year student spends on each thing to do (a teaching estimate, not a
#: measurement; ``chapter_tools_work_minutes`` in ``_config.yml`` overrides it): an explorer
#: with its guided questions, an exercise worked on paper, a self-check question.
WORK_MINUTES = {"explorer": 5, "exercise": 10, "selfcheck": 1}
_EXERCISE_NODES = {"exercise_node", "exercise_enumerable_node"}
#: A chart the reader drives: Vega with bound inputs (sliders, menus), drawn by vegaEmbed.
_EXPLORER = re.compile(r"vegaEmbed[\s\S]*\"bind\"")


#: An exercise's own estimate of its minutes, a class beside "web"/"notebook":
#: ``:class: web minutes-15``.
_MINUTES_CLASS = re.compile(r"^minutes-(\d+)$")


def declared_minutes(classes: list[str]) -> int | None:
    """The minutes an exercise declares with a ``minutes-N`` class, or None if it gives none.

    >>> declared_minutes(["web", "minutes-15"]), declared_minutes(["notebook"])
    (15, None)
    """
    found = [int(m.group(1)) for c in classes if (m := _MINUTES_CLASS.match(c))]
    if len(found) > 1:
        raise ValueError(f"classes: an exercise declares its minutes once, got {classes!r}")
    return found[0] if found else None


def things_to_do(doctree: nodes.Node) -> dict[str, int]:
    """How many explorers, exercises and self-check questions a chapter's doctree has;
    ``declared`` counts the exercises that give their own minutes, ``declared_minutes``
    adds those minutes up."""
    found = {"explorer": 0, "exercise": 0, "selfcheck": 0, "declared": 0, "declared_minutes": 0}
    for node in doctree.findall():
        name = type(node).__name__
        if name in _EXERCISE_NODES:
            found["exercise"] += 1
            own = declared_minutes(node.get("classes", []))
            if own is not None:
                found["declared"] += 1
                found["declared_minutes"] += own
        elif name == "selfcheck":
            found["selfcheck"] += 1
        elif isinstance(node, nodes.raw) and _EXPLORER.search(node.astext()):
            found["explorer"] += 1
    return found


def working_minutes(counts: dict[str, int], rates: dict[str, int] = WORK_MINUTES) -> int:
    """Minutes of work beyond reading: each thing to do times its minutes, except that an
    exercise declaring its own minutes counts those.

    >>> working_minutes({"explorer": 2, "exercise": 5, "selfcheck": 5})
    65
    >>> working_minutes({"exercise": 2, "declared": 1, "declared_minutes": 25})
    35
    """
    bad = {k: v for k, v in rates.items() if not isinstance(v, int) or v < 0}
    if bad or set(rates) != set(WORK_MINUTES):
        raise ValueError(f"chapter_tools_work_minutes must give {sorted(WORK_MINUTES)} as "
                         f"minutes (whole numbers, 0 or more), got {rates!r}")  # fmt: skip
    declared = counts.get("declared", 0)
    return (sum(rates[k] * counts.get(k, 0) for k in WORK_MINUTES)
            - rates["exercise"] * declared + counts.get("declared_minutes", 0))  # fmt: skip


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def work_html(counts: dict[str, int], rates: dict[str, int] = WORK_MINUTES) -> str:
    """The header box's "Working time" line: the total and how it is counted."""
    parts = [(counts.get(k, 0), k.replace("selfcheck", "self-check"), rates[k])
             for k in WORK_MINUTES if counts.get(k, 0)]  # fmt: skip
    if not parts:
        return ""
    minutes = working_minutes(counts, rates)
    exercise_minutes = working_minutes({"exercise": counts.get("exercise", 0),
                                        "declared": counts.get("declared", 0),
                                        "declared_minutes": counts.get("declared_minutes", 0)},
                                       rates)  # fmt: skip
    how = ", ".join(
        f"{_plural(n, word)}, {exercise_minutes} min in all"
        if word == "exercise" and counts.get("declared", 0)
        else f"{_plural(n, word)} at {m} min"
        for n, word, m in parts
    )
    return (
        '<li><span class="chapter-header-label">Working time:</span> '
        f"about {minutes} minutes more ({how})</li>"
    )


# --- the header box ---------------------------------------------------------------------------


def header_html(
    *,
    minutes: int,
    prerequisites: list[tuple[str, str]],
    notebook_href: str,
    launches: list[tuple[str, str]],
    work: str = "",
    work_minutes: int = 0,
    wpm: int = 200,
) -> str:
    """The header box; ``prerequisites`` and ``launches`` are ``(title, href)`` pairs,
    ``work`` the "Working time" line (:func:`work_html`) and ``work_minutes`` its total;
    the line says how both are counted (``wpm`` words a minute; the things to do).

    Compact, so that the chapter's hook and key figure stay on the first screen of a phone
    (issue 13, first screens): one line, the reading and working time, is the summary of a
    folded ``<details>`` holding how the time is counted, the prerequisites, the notebook
    and the launch links.
    """
    esc = html.escape
    line = (
        '<span class="chapter-header-label">Reading time:</span> '
        f"about {minutes} minute{'s' if minutes != 1 else ''} at {wpm} words a minute"
    )
    if work_minutes:
        line += f", plus about {work_minutes} minutes of work (explorers, exercises, self-checks)"
    items = [work] if work else []
    if prerequisites:
        links = ", ".join(f'<a href="{esc(h)}">{esc(t)}</a>' for t, h in prerequisites)
        items.append(f'<li><span class="chapter-header-label">Read first:</span> {links}</li>')
    else:
        items.append(
            '<li><span class="chapter-header-label">Read first:</span> nothing, start here</li>'
        )
    items.append(
        f'<li><a class="chapter-header-download" href="{esc(notebook_href)}" download>'
        "Download this chapter as a notebook (.ipynb)</a>, to run and edit in JupyterLab</li>"
    )
    if launches:
        links = " · ".join(
            f'<a class="chapter-header-launch" href="{esc(url)}" rel="noopener">{esc(label)}</a>'
            for label, url in launches
        )
        items.append(f'<li><span class="chapter-header-label">Run it live:</span> {links}</li>')
    return (
        '<aside class="chapter-header d-print-none" aria-label="About this chapter">'
        f'<details class="chapter-header-more"><summary>{line}</summary>'
        '<ul class="chapter-header-facts">' + "".join(items) + "</ul></details></aside>"
    )


def _is_chapter(app: Sphinx, docname: str) -> bool:
    """A chapter: under ``chapters/`` in ``_toc.yml`` (``toc.chapter_docnames``, the list
    ``make notebooks`` and the tests use), or matching ``chapter_tools_docs``."""
    if app.config.chapter_tools_docs:
        return fnmatch.fnmatch(docname, app.config.chapter_tools_docs)
    chapters = getattr(app, "_chapter_tools_chapters", None)
    if chapters is None:
        srcdir = Path(app.srcdir)
        chapters = set(chapter_docnames(srcdir)) if (srcdir / "_toc.yml").is_file() else ()
        app._chapter_tools_chapters = chapters
    if chapters == ():  # a plain Sphinx project (no Jupyter Book table of contents)
        return fnmatch.fnmatch(docname, "chapters/*")
    return docname in chapters


def _prerequisites(app: Sphinx, docname: str) -> list[str]:
    value = app.env.metadata.get(docname, {}).get("prerequisites") or []
    if isinstance(value, str):  # MyST passes front matter lists on as JSON text
        try:
            value = json.loads(value)
        except ValueError:
            value = [v.strip() for v in value.strip("[]").split(",") if v.strip()]
    if isinstance(value, str):
        value = [value]
    return [str(v).strip().removesuffix(".md").strip("/") for v in value]


def _doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not is_html(app) or not _is_chapter(app, docname):
        return
    section = doctree.next_node(nodes.section)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    prereqs = []
    for target in _prerequisites(app, docname):
        if target not in app.env.all_docs:
            logger.warning(
                f"prerequisites: {target!r} is not a document of the book",
                location=docname,
                **WARN,
            )
            continue
        title = app.env.titles[target].astext() if target in app.env.titles else target
        prereqs.append((title, app.builder.get_relative_uri(docname, target)))
    here = posixpath.dirname(app.builder.get_target_uri(docname))
    name = posixpath.basename(docname)
    notebook_href = posixpath.relpath(f"{NOTEBOOK_DIR}/{name}.ipynb", here or ".")
    cfg = app.config
    launches = launch_links(
        name,
        repository=cfg.launch_repository_url or "",
        branch=cfg.launch_branch or "main",
        binderhub=cfg.launch_binderhub_url or "",
        colab=cfg.launch_colab_url or "",
        jupyterhub=cfg.launch_jupyterhub_url or "",
    )
    counts, rates = things_to_do(doctree), {**WORK_MINUTES, **cfg.chapter_tools_work_minutes}
    box = header_html(
        minutes=reading_minutes(prose_words(doctree), cfg.chapter_tools_wpm),
        prerequisites=prereqs,
        notebook_href=notebook_href,
        launches=launches,
        work=work_html(counts, rates),
        work_minutes=working_minutes(counts, rates),
        wpm=cfg.chapter_tools_wpm,
    )
    section.insert(1, nodes.raw("", box, format="html"))


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_html(app):
        return
    source = Path(app.srcdir) / NOTEBOOK_DIR
    target = Path(app.outdir) / NOTEBOOK_DIR
    target.mkdir(parents=True, exist_ok=True)
    for docname in sorted(d for d in app.env.found_docs if _is_chapter(app, d)):
        name = posixpath.basename(docname)
        notebook = source / f"{name}.ipynb"
        if not notebook.is_file():
            logger.warning(
                f"{NOTEBOOK_DIR}/{name}.ipynb is missing: run `make notebooks`",
                location=docname,
                **WARN,
            )
            continue
        shutil.copyfile(notebook, target / notebook.name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("launch_repository_url", "", "html", [str])
    app.add_config_value("launch_branch", "main", "html", [str])
    app.add_config_value("launch_binderhub_url", "https://mybinder.org", "html", [str])
    app.add_config_value("launch_colab_url", "https://colab.research.google.com", "html", [str])
    app.add_config_value("launch_jupyterhub_url", "", "html", [str])
    app.add_config_value("chapter_tools_docs", "", "html", [str])  # "": _toc.yml's chapters
    app.add_config_value("chapter_tools_wpm", 200, "html", [int])
    app.add_config_value("chapter_tools_work_minutes", {}, "html", [dict])
    # Before glossary_tips (priority 500) replaces term links with raw HTML.
    app.connect("doctree-resolved", _doctree_resolved, priority=400)
    register_fingerprint(app, "chapter_tools", [__file__], rebuild="html")
    app.connect("build-finished", _build_finished)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
