"""Files for teachers in the built site: the course pack, LMS quizzes, the page's ⬇ menu.

A local Sphinx extension (``_config.yml``, ``sphinx: local_extensions``); HTML builds only.

* **Course pack.** When the build finishes, ``scripts/course_pack.py`` writes
  ``<site>/course-pack/trade-policy-course-pack-<version>.zip``. The role
  ``{course-pack}`text``` (front page, teacher's guide) links to it, relative to the page.
* **Quizzes.** When the build finishes, every chapter's ``selfcheck`` questions are written
  as ``<site>/quizzes/<name>-qti.zip`` (QTI 1.2: Canvas, Blackboard, Brightspace) and
  ``<site>/quizzes/<name>-moodle.xml`` (``_ext/selfcheck/lms.py``), their glued numbers from
  this build's executed chapter (``jupyter_execute/<docname>.glue.json``). A malformed
  question, or one whose number was not glued, is a warning: a ``-W`` build fails. Each
  chapter's teaching page (``teachers/<name>``) gets a last section, "Quiz for your learning
  platform", linking both files: written here, so no teaching page needs editing.
* **The ⬇ menu** (sphinx-book-theme's download button) offers the page's source file; a
  chapter's source is MyST Markdown that no notebook app shows as the book. Here a chapter's
  menu offers its notebook (``notebooks/<name>.ipynb``, what the header box links) and "print
  to PDF"; other pages keep only "print to PDF".

The pack takes about a second (measured with the quizzes: ``tests/test_course_pack.py``).
"""

from __future__ import annotations

import json
import posixpath
import time
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.util import logging

from ._assets import is_html, register_fingerprint
from .toc import chapter_docnames

logger = logging.getLogger(__name__)
__version__ = "1.0.0"
WARN = {"type": "teaching_files"}
PACK_DIR = "course-pack"
QUIZ_DIR = "quizzes"
QUIZ_SECTION = "Quiz for your learning platform"


def quiz_files(name: str) -> dict[str, str]:
    """``{format: file name}`` of a chapter's quiz files, under ``quizzes/``."""
    return {"qti": f"{name}-qti.zip", "moodle": f"{name}-moodle.xml"}


def _relative(app: Sphinx, docname: str, target: str) -> str:
    here = posixpath.dirname(app.builder.get_target_uri(docname))
    return posixpath.relpath(target, here or ".")


# --- the course pack ---------------------------------------------------------------------------


def course_pack_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{course-pack}`Download the course pack``` -> a link to the pack's zip."""
    from scripts.course_pack import pack_name

    env = inliner.document.settings.env
    node = nodes.reference(rawtext, text.strip() or "the course pack", internal=False)
    node["refuri"] = posixpath.relpath(
        f"{PACK_DIR}/{pack_name()}.zip", posixpath.dirname(env.docname) or "."
    )
    node["classes"].append("course-pack-link")
    return [node], []


# --- quizzes -----------------------------------------------------------------------------------


def self_checks(chapter: Path, glue: dict, **context):
    """The chapter's ``selfcheck`` questions (:class:`_ext.selfcheck.lms.Question`), their roles
    and glued numbers written out; ``context``: ``bibliography`` and ``titles`` for
    :func:`_ext.notebook_export.chapter_context` (read once per build)."""
    from . import notebook_export as nx
    from .selfcheck import lms

    ctx, _, _ = nx.chapter_context(chapter, glue, **context)
    return lms.chapter_questions(chapter, lambda t: nx.convert_roles(t, ctx))


def chapter_quiz(chapter: Path, glue: dict, title: str, **context):
    """``(qti zip bytes, moodle xml bytes)`` for one chapter (see :func:`self_checks`)."""
    from .selfcheck import lms

    questions = self_checks(chapter, glue, **context)
    name = chapter.stem
    return (
        lms.qti_package(questions, f"{title}: check your understanding", name),
        lms.moodle_xml(questions, title),
    )


def chapter_glue(app: Sphinx, docname: str) -> dict:
    """``{name: mime bundle}`` of what the build's executed chapter glued."""
    glue_file = Path(app.outdir).parent / "jupyter_execute" / f"{docname}.glue.json"
    if not glue_file.is_file():
        return {}
    return {k: v.get("data", {}) for k, v in json.loads(glue_file.read_text()).items()}


def _write_quizzes(app: Sphinx) -> None:
    from . import notebook_export as nx
    from .selfcheck import SelfcheckError

    out = Path(app.outdir) / QUIZ_DIR
    out.mkdir(parents=True, exist_ok=True)
    context = {"bibliography": nx.load_bibliography(), "titles": nx.document_titles()}
    for docname in chapter_docnames(Path(app.srcdir)):
        chapter = Path(app.srcdir) / f"{docname}.md"
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        try:
            qti, moodle = chapter_quiz(chapter, chapter_glue(app, docname), title, **context)
        except (SelfcheckError, nx.ConversionError) as error:
            logger.warning(f"LMS quiz not written: {error}", location=docname, **WARN)
            continue
        files = quiz_files(Path(docname).name)
        (out / files["qti"]).write_bytes(qti)
        (out / files["moodle"]).write_bytes(moodle)


def _quiz_section(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not is_html(app) or not docname.startswith("teachers/"):
        return
    name = posixpath.basename(docname)
    if f"chapters/{name}" not in chapter_docnames(Path(app.srcdir)):
        return
    files = quiz_files(name)
    section = nodes.section(ids=["quiz-for-your-learning-platform"])
    section += nodes.title("", QUIZ_SECTION)
    intro = nodes.paragraph(
        "",
        "The chapter's self-check questions (\u201cCheck your understanding\u201d), with every "
        "choice's feedback and the tolerance of each numeric answer, as files to import into "
        "your learning platform (how: ",
    )
    intro += nodes.reference("", "importing a quiz", refuri=_relative(
        app, docname, "teachers/running-live.html") + "#teachers-import-quiz")  # fmt: skip
    intro += nodes.Text("):")
    section += intro
    items = nodes.bullet_list()
    for label, key in (
        ("QTI 1.2 package (.zip), for Canvas, Blackboard and Brightspace", "qti"),
        ("Moodle XML (.xml), for Moodle", "moodle"),
    ):
        para = nodes.paragraph()
        para += nodes.reference(
            "", label, refuri=_relative(app, docname, f"{QUIZ_DIR}/{files[key]}")
        )
        items += nodes.list_item("", para)
    section += items
    top = doctree.next_node(nodes.section)
    (top if top is not None else doctree).append(section)


# --- launch links in the teacher's guide ------------------------------------------------------

#: Stand-ins for settings left blank in ``_config.yml``, then shown as ``{…}`` in the pattern.
_BLANKS = {"repository": "https://github.com/OWNERX/REPOSITORYX", "jupyterhub": "https://HUBX"}
_SHOWN = {"OWNERX": "{owner}", "REPOSITORYX": "{repository}", "https://HUBX": "{your hub}"}
LAUNCH_SERVICES = ("Binder", "Colab", "JupyterHub")


def launch_url(config, service: str, name: str) -> tuple[str, list[str]]:
    """``(url, blank settings)``: the link that opens ``notebooks/<name>.ipynb`` on ``service``,
    made by the header box's own rule (:func:`_ext.chapter_tools.launch_links`) from
    ``_config.yml``'s ``launch_*`` settings; a blank setting is shown as ``{…}`` and named."""
    from .chapter_tools import launch_links

    settings = {
        "repository": config.launch_repository_url,
        "branch": config.launch_branch,
        "binderhub": config.launch_binderhub_url or "https://mybinder.org",
        "colab": config.launch_colab_url or "https://colab.research.google.com",
        "jupyterhub": config.launch_jupyterhub_url,
    }
    blank = [k for k in ("repository", "jupyterhub") if not settings[k].strip()
             and (k == "repository" or service == "JupyterHub")]  # fmt: skip
    for key in blank:
        settings[key] = _BLANKS[key]
    url = dict(launch_links(name, **settings))[service]
    for token, shown in _SHOWN.items():
        url = url.replace(token, shown)
    return url, [f"launch_{k}_url" for k in blank]


class LaunchUrl(Directive):
    """``{launch-url} Binder tariffs``: the launch link as a code line. Filled in when the page
    is written (:func:`_fill_launch_urls`), so a change to ``_config.yml`` shows at once."""

    required_arguments = 2
    has_content = False

    def run(self):
        service, name = self.arguments
        if service not in LAUNCH_SERVICES:
            raise self.error(f"launch-url: service must be one of {LAUNCH_SERVICES}")
        block = nodes.literal_block("", "", language="text")
        block["launch"] = f"{service} {name}"
        return [block]


def _fill_launch_urls(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for block in list(doctree.findall(nodes.literal_block)):
        if not block.get("launch"):
            continue
        url, blank = launch_url(app.config, *block["launch"].split())
        block += nodes.Text(url)
        if blank:
            note = nodes.paragraph()
            note += nodes.emphasis(
                "", "The parts in braces are settings left blank in this build's _config.yml ("
                + ", ".join(blank) + "): set them and rebuild, and the real link appears here."
            )  # fmt: skip
            block.parent.insert(block.parent.index(block) + 1, note)


# --- the ⬇ menu ---------------------------------------------------------------------------------


def _download_menu(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    buttons = context.get("header_buttons") or []
    group = next((b for b in buttons if b.get("label") == "download-buttons"), None)
    if group is None:
        return
    kept = [b for b in group["buttons"] if b.get("label") == "download-pdf-button"]
    if pagename in chapter_docnames(Path(app.srcdir)):
        href = _relative(app, pagename, f"notebooks/{posixpath.basename(pagename)}.ipynb")
        kept.insert(
            0,
            {
                "type": "link",
                "url": href,
                "text": ".ipynb",
                "icon": "fas fa-code",
                "tooltip": "Download this chapter as a Jupyter notebook",
                "label": "download-notebook-button",
            },
        )
    group["buttons"] = kept


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_html(app):
        return
    from scripts.course_pack import build_pack

    start = time.perf_counter()
    _write_quizzes(app)
    try:
        path = build_pack(Path(app.outdir) / PACK_DIR, Path(app.srcdir))
    except FileNotFoundError as error:
        logger.warning(f"course pack not written: {error}", **WARN)
        return
    logger.info(f"teaching files: {path.name} and quizzes in {time.perf_counter() - start:.1f} s")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("_ext.teacher_kit")  # slides, figure packs, exam banks, answer keys
    app.add_role("course-pack", course_pack_role)
    app.add_directive("launch-url", LaunchUrl)
    app.connect("doctree-resolved", _fill_launch_urls)
    app.connect("doctree-resolved", _quiz_section)
    # after sphinx-book-theme's add_header_buttons (priority 500)
    app.connect("html-page-context", _download_menu, priority=900)
    app.connect("build-finished", _build_finished)
    register_fingerprint(app, "teaching_files", [__file__], rebuild="html")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
