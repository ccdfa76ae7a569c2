"""The teacher's kit: per chapter, slides, a figure pack, an exam bank and answer keys.

A local Sphinx extension (HTML builds). When the build finishes, for every chapter in the table
of contents it writes under ``<site>/teaching/<name>/``:

* ``<name>-figures.zip``: each chart the chapter shows (and those of the pages it hands its
  charts to, :data:`FIGURES_FROM`), as SVG and PNG, with a README giving
  each one's figure number, caption, description and source (:mod:`.figures`); the drawings
  also unzipped in ``figures/`` for the slides;
* ``slides.html``: a self-contained deck (:mod:`.slides`): the hook and key figure, the
  objectives, the figures, three to five discussion questions from the teaching page, the
  self-check questions each followed by its answer, the exercises with their minutes;
* ``exam-bank.html``: multiple choice from the self-checks, short answers with model answers
  (written for the exam, :mod:`.bank` and ``questions/<name>.yml``, and the web exercises),
  discussion questions and essay prompts with rubrics (:mod:`.exam`);
* ``answer-key.json``: every exercise with its minutes and the numbers of its worked solution.

The chapter's teaching page (``teachers/<name>``) gets two sections written here: "Slides,
figures and exam bank" (links) and "Answer key" (each exercise's numbers, as the chapter glued
them in this build). All is read from the build's doctrees and the selfcheck parser
(:mod:`.content`), not from lines of the sources.

Minutes per exercise follow the chapter header box's working-time rule
(``_ext/chapter_tools.WORK_MINUTES``, overridden by ``chapter_tools_work_minutes``): every
exercise counts the same, so a chapter's keys add up to the exercise part of its header's
working time.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .._assets import is_html, register_fingerprint
from ..toc import chapter_docnames
from . import bank as exam_questions
from . import content, figures, rubrics
from .content import Chart, Exercise, Refs

__version__ = "1.0.0"
KIT_DIR = "teaching"  # <site>/teaching/<name>/...
#: The teaching page's sections: two written here, one read (its questions go in the deck).
KIT_SECTION, KEY_SECTION = "Slides, figures and exam bank", "Answer key"
DISCUSSION = "Discussion questions"
logger = logging.getLogger(__name__)
WARN = {"type": "teacher_kit"}
#: Pages whose charts a chapter's kit packs (figure pack and slides) after the chapter's own:
#: ``{chapter name: (docname, ...)}``. The case opener shows no chart: it hands its chronology
#: to the appendix, whose timeline, tariff history and explorer of the tariffs in force its
#: lessons teach with. The only place the link is declared (the build setting
#: ``teacher_kit_figures_from``, whose default this is, may replace it).
FIGURES_FROM: dict[str, tuple[str, ...]] = {"escalation": ("appendix/chronology",)}
FIGURES_SETTING = "teacher_kit_figures_from"


def files(name: str) -> dict[str, str]:
    """``{kind: path under the site}`` of a chapter's kit."""
    base = f"{KIT_DIR}/{name}"
    return {
        "slides": f"{base}/slides.html",
        "figures": f"{base}/{name}-figures.zip",
        "exam": f"{base}/exam-bank.html",
        "key": f"{base}/answer-key.json",
    }


@dataclass
class ChapterKit:
    docname: str
    name: str
    title: str
    book: str
    refs: Refs
    minutes: int
    doctree: nodes.document
    charts: list[Chart] = field(default_factory=list)
    exercises: list[Exercise] = field(default_factory=list)
    discussion: list[nodes.Node] = field(default_factory=list)
    questions: list = field(default_factory=list)
    #: the questions written for the exam (``questions/<name>.yml``), and the build's glued
    #: values their texts use (``(chapter, key, format) -> text``)
    bank: exam_questions.Bank | None = None
    glued: Callable[[str, str, str], str] | None = None

    def key_json(self) -> bytes:
        entries = [
            {
                "label": e.label,
                "number": e.number,
                "title": e.title,
                "mode": e.mode,
                "minutes": e.minutes,
                "numbers": e.numbers,
                "parts": {
                    part or "all": [_sentence_text(s) for s in sents] for part, sents in e.key
                },
            }
            for e in self.exercises
        ]
        data = {"chapter": self.docname, "title": self.title, "exercises": entries}
        return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


def _sentence_text(sentence) -> str:
    return "".join(t if k != "math" else f"${t}$" for k, t in sentence).strip()


def book_title(app: Sphinx) -> str:
    """The book's title (Jupyter Book puts ``title`` of ``_config.yml`` in ``html_title``)."""
    return getattr(app.config, "html_title", "") or app.config.project


def exercise_minutes(app: Sphinx) -> int:
    """Minutes for an exercise that declares none (``minutes-N``): the header box's rule."""
    from ..chapter_tools import WORK_MINUTES

    rates = {**WORK_MINUTES, **(getattr(app.config, "chapter_tools_work_minutes", None) or {})}
    return int(rates["exercise"])


def figure_pages(app: Sphinx, name: str) -> tuple[str, ...]:
    """The docnames whose charts chapter ``name``'s kit packs besides its own."""
    return tuple(app.config.teacher_kit_figures_from.get(name, ()))


def kit_charts(env, refs: Refs, docname: str, doctree: nodes.document, pages) -> list[Chart]:
    """The chapter's charts, then those of each of ``pages`` (marked with the page's title)."""
    found = content.charts(doctree, refs, docname)
    for page in pages:
        if page not in env.all_docs:
            raise KeyError(f"{FIGURES_SETTING}: {docname} names {page!r}, not a page of the book")
        title = refs.titles.get(page, page)
        found += content.charts(env.get_doctree(page), refs, page, page=title)
    return found


def chapter_kit(app: Sphinx, docname: str, *, questions: bool = False) -> ChapterKit:
    """Everything the kit takes from one chapter (cached for the build)."""
    cache = app.__dict__.setdefault("_teacher_kit", {})
    if docname in cache and (cache[docname].questions or not questions):
        return cache[docname]
    env = app.env
    refs = Refs.from_env(env)
    doctree = env.get_doctree(docname)
    name = posixpath.basename(docname)
    kit = ChapterKit(
        docname=docname,
        name=name,
        title=content.chapter_title(doctree),
        book=book_title(app),
        refs=refs,
        minutes=exercise_minutes(app),
        doctree=doctree,
        charts=kit_charts(env, refs, docname, doctree, figure_pages(app, name)),
        exercises=content.exercises(doctree, refs, exercise_minutes(app)),
    )
    teaching = f"teachers/{name}"
    if teaching in env.all_docs:
        kit.discussion = content.section_list(env.get_doctree(teaching), DISCUSSION)
    if questions:
        from .. import notebook_export as nx
        from ..teaching_files import chapter_glue, self_checks

        context = app.__dict__.setdefault("_teacher_kit_context", {})
        if not context:  # read once per build
            context.update(bibliography=nx.load_bibliography(), titles=nx.document_titles())
        kit.questions = self_checks(
            Path(app.srcdir) / f"{docname}.md", chapter_glue(app, docname), **context
        )
        kit.bank = exam_questions.load(name)
        glue = app.__dict__.setdefault("_teacher_kit_glue", {})
        docnames = {posixpath.basename(d): d for d in chapter_docnames(Path(app.srcdir))}

        def values_of(chapter: str) -> dict:
            if chapter not in docnames:
                raise KeyError(f"exam questions: no chapter named {chapter!r}")
            if chapter not in glue:
                glue[chapter] = chapter_glue(app, docnames[chapter])
            return glue[chapter]

        kit.glued = exam_questions.glue_lookup(values_of)
    cache[docname] = kit
    return kit


# --- the files ---------------------------------------------------------------------------------


def write_kit(app: Sphinx, docname: str) -> dict[str, int]:
    from . import exam, slides

    kit = chapter_kit(app, docname, questions=True)
    out = Path(app.outdir)
    paths = files(kit.name)
    folder = out / KIT_DIR / kit.name
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "figures").mkdir(parents=True)
    cache = Path(app.outdir).parent / "teacher_kit"
    zipped, drawings = figures.pack(kit.name, kit.title, kit.charts, cache, kit.book)
    # A chapter with no chart and no page of charts to pack (FIGURES_FROM) has no pack.
    if kit.charts:
        (out / paths["figures"]).write_bytes(zipped)
    for file, data in drawings.items():  # the slides show the SVGs; the PNGs stay zipped
        if file.endswith(".svg"):
            (folder / "figures" / file).write_bytes(data)
    deck = slides.chapter_deck(kit)
    (out / paths["slides"]).write_text(deck.html, encoding="utf-8")
    (out / paths["exam"]).write_text(exam.exam_bank(kit), encoding="utf-8")
    (out / paths["key"]).write_bytes(kit.key_json())
    return {"charts": len(kit.charts), "slides": deck.count, "zip": len(zipped)}


PROBLEM_FILES = {"questions": "problem-set.html", "key": "problem-set-key.html",
                 "notebook": "problem-set.ipynb"}  # fmt: skip


def write_problem_set(app: Sphinx) -> None:
    from .problems import problem_set

    titles = {posixpath.basename(d): app.env.titles[d].astext()
              for d in chapter_docnames(Path(app.srcdir)) if d in app.env.titles}  # fmt: skip
    out = Path(app.outdir) / KIT_DIR
    out.mkdir(parents=True, exist_ok=True)
    # Computing the key imports pandas and the book's package (seconds): done again only when
    # the data, the package, the problems or the titles changed.
    root = Path(app.srcdir)
    inputs = sorted((root / "data").glob("*")) + sorted((root / "widgets").rglob("*.py"))
    stamp = hashlib.sha256(json.dumps([book_title(app), titles]).encode())
    for path in [Path(__file__).with_name("problems.py"), *inputs]:
        stamp.update(path.name.encode() + path.read_bytes())
    cache = Path(app.outdir).parent / "teacher_kit" / f"problem-set-{stamp.hexdigest()[:16]}"
    if not cache.is_dir():
        partial = cache.with_name(cache.name + ".partial")
        partial.mkdir(parents=True, exist_ok=True)
        for kind, data in zip(("questions", "key", "notebook"),
                              problem_set(book_title(app), titles), strict=True):  # fmt: skip
            (partial / PROBLEM_FILES[kind]).write_bytes(
                data if isinstance(data, bytes) else data.encode()
            )
        partial.rename(cache)  # whole or not at all
    for file in PROBLEM_FILES.values():
        shutil.copyfile(cache / file, out / file)


def teaching_file_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{teaching-file}`the problem set <problem-set.html>```: a link to a kit file
    (under ``teaching/``), relative to the page."""
    import re

    match = re.fullmatch(r"\s*(.*?)\s*<([^<>]+)>\s*", text, re.S)
    label, target = (match.group(1), match.group(2)) if match else (text, text)
    env = inliner.document.settings.env
    node = nodes.reference(rawtext, label or target, internal=False)
    node["refuri"] = posixpath.relpath(f"{KIT_DIR}/{target}", posixpath.dirname(env.docname) or ".")
    return [node], []


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_html(app):
        return
    start = time.perf_counter()
    try:
        write_problem_set(app)
    except Exception as error:  # noqa: BLE001
        logger.warning(f"problem set not written: {type(error).__name__}: {error}", **WARN)
    problems = time.perf_counter() - start
    for docname in chapter_docnames(Path(app.srcdir)):
        try:
            write_kit(app, docname)
        except Exception as error:  # noqa: BLE001  a kit that cannot be written fails -W builds
            logger.warning(f"teacher's kit not written: {type(error).__name__}: {error}",
                           location=docname, **WARN)  # fmt: skip
    logger.info(f"teacher's kit: written in {time.perf_counter() - start:.1f} s "
                f"(the problem set {problems:.1f} s)")  # fmt: skip


# --- the teaching page's sections ------------------------------------------------------------


def _link(app: Sphinx, docname: str, target: str, text: str) -> nodes.reference:
    here = posixpath.dirname(app.builder.get_target_uri(docname))
    return nodes.reference("", text, refuri=posixpath.relpath(target, here or "."))


def charts_phrase(charts: list[Chart]) -> str:
    """The charts counted by page: "the chapter's 3 charts", or "the 4 charts of the page
    “Chronology 2018–2026”" (the pages in their order)."""
    counts: dict[str, int] = {}
    for chart in charts:
        counts[chart.page] = counts.get(chart.page, 0) + 1
    parts = []
    for page, n in counts.items():
        charts_n = f"{n} chart{'' if n == 1 else 's'}"
        parts.append(f"the {charts_n} of the page \u201c{page}\u201d" if page
                     else f"the chapter's {charts_n}")  # fmt: skip
    return " and ".join(parts)


def kit_section(app: Sphinx, docname: str, kit: ChapterKit) -> nodes.section:
    paths = {**files(kit.name), "problems": f"{KIT_DIR}/{PROBLEM_FILES['questions']}"}
    section = nodes.section(ids=["teacher-kit"])
    section += nodes.title("", KIT_SECTION)
    section += nodes.paragraph(
        "", "Made from the chapter each time the book is built, so they show its current text, "
        "figures and numbers. They open offline, from the site or from a copy of it."
    )  # fmt: skip
    items = nodes.bullet_list()
    for key, text, what in (
        ("slides", "Slides", " (one HTML file: open it in a browser; arrow keys, Space or the "
         "buttons move between slides; print it for a handout): the hook, the objectives, the "
         "figures, discussion questions, the self-check questions with their answers."),
        ("figures", "Figure pack", f" (zip): {charts_phrase(kit.charts)} as SVG and PNG, drawn "
         "at the page's starting settings, with captions, descriptions and sources in its "
         "README."),
        ("exam", "Exam bank", " (printable HTML): multiple choice and numeric questions from the "
         "self-checks; short-answer questions written for the exam, with marks and model answers, "
         "and the web exercises with their worked solutions; the discussion questions and two "
         "essay prompts, with rubrics and what a strong essay covers; the answers on the last "
         "pages."),
        ("key", "Answer key as data", " (JSON): the section below, for a spreadsheet or a "
         "learning platform."),
        ("problems", "Problem set on the data", " (with a key and a notebook): one problem per "
         "chapter, each computed from the book's data files."),
    ):  # fmt: skip
        para = nodes.paragraph()
        if key == "figures" and not kit.charts:
            continue
        para += _link(app, docname, paths[key], text)
        para += nodes.Text(what)
        items += nodes.list_item("", para)
    section += items
    return section


def key_section(app: Sphinx, docname: str, kit: ChapterKit) -> nodes.section:
    from .render import fragments_nodes

    section = nodes.section(ids=["answer-key"])
    section += nodes.title("", KEY_SECTION)
    total = sum(e.minutes for e in kit.exercises)
    section += nodes.paragraph(
        "", "The numbers of each exercise's worked solution, as the chapter computed and glued "
        "them in this build (change the data or a model and they change with it), in the "
        "solution's own sentences. Minutes: each exercise's own estimate, declared beside it "
        f"in the chapter (the header box's working time counts the same), so the "
        f"{len(kit.exercises)} exercises make {total} minutes of its working time. "
        "\u201cWeb\u201d exercises need only the website; \u201cnotebook\u201d ones a live "
        "notebook."
    )  # fmt: skip
    chapter_uri = app.builder.get_target_uri(kit.docname)
    for ex in kit.exercises:
        head = nodes.paragraph(classes=["answer-key-exercise"])
        ref = _link(app, docname, chapter_uri, "")
        ref["refuri"] += f"#{ex.label}"
        ref += nodes.strong("", ex.number)
        head += ref
        if ex.title:
            head += nodes.Text(f": {ex.title}")
        mode = {"web": "web", "notebook": "notebook"}.get(ex.mode, "")
        head += nodes.Text(f" ({', '.join(filter(None, [mode, f'{ex.minutes} min']))})")
        section += head
        items = nodes.bullet_list()
        for part, sents in ex.key:
            para = nodes.paragraph()
            if part:
                para += nodes.emphasis("", f"Part {part}: ")
            for i, sentence in enumerate(sents):
                para.extend(fragments_nodes(([("text", " ")] if i else []) + sentence))
            items += nodes.list_item("", para)
        if not ex.key:
            text = "No numbers: a written answer (see the chapter's solution)."
            if ex.solution is None:
                text = "No worked solution in the chapter."
            items += nodes.list_item("", nodes.paragraph("", text))
        section += items
    return section


class kit_placeholder(nodes.Element):
    """Where a generated section goes; replaced when the page is written."""


def _chapter_of(app: Sphinx, docname: str) -> str | None:
    if not docname.startswith("teachers/"):
        return None
    chapter = f"chapters/{posixpath.basename(docname)}"
    return chapter if chapter in chapter_docnames(Path(app.srcdir)) else None


def _titles_for_the_contents(app: Sphinx, doctree: nodes.document) -> None:
    """At read time: the two sections' titles, so the page's table of contents lists them
    (their content needs every chapter read, so it is written in :func:`_teaching_sections`)."""
    if _chapter_of(app, app.env.docname) is None:
        return
    top = doctree.next_node(nodes.section)
    holder = top if top is not None else doctree
    for ident, title in (("teacher-kit", KIT_SECTION), ("answer-key", KEY_SECTION)):
        section = nodes.section(ids=[ident], names=[ident])
        section += nodes.title("", title)
        section += kit_placeholder(kind=ident)
        holder.append(section)


def _teaching_sections(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    chapter = _chapter_of(app, docname)
    placeholders = list(doctree.findall(kit_placeholder))
    if chapter is None or not placeholders:
        return
    try:
        if not is_html(app):
            raise LookupError("the kit's links exist in HTML builds only")
        kit = chapter_kit(app, chapter)
        made = {"teacher-kit": kit_section(app, docname, kit),
                "answer-key": key_section(app, docname, kit)}  # fmt: skip
    except Exception as error:  # noqa: BLE001
        if is_html(app):
            logger.warning(
                f"teacher's kit: {type(error).__name__}: {error}", location=docname, **WARN
            )
        for placeholder in placeholders:
            placeholder.parent.parent.remove(placeholder.parent)
        return
    for placeholder in placeholders:
        placeholder.replace_self(made[placeholder["kind"]].children[1:])


def _outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Teaching pages to read again: a chapter's, when the chapter changed (its key is the
    chapter's), and all of them when this extension changed (their sections are made here)."""
    chapters = set(chapter_docnames(Path(app.srcdir)))
    stamp = app.config.teacher_kit_fingerprint
    every = getattr(env, "teacher_kit_read_with", None) != stamp
    env.teacher_kit_read_with = stamp
    new = added | changed

    def stale(d: str) -> bool:  # its charts may also come from other pages (FIGURES_FROM)
        return every or d in new or bool(new & set(figure_pages(app, posixpath.basename(d))))

    return [
        f"teachers/{posixpath.basename(d)}"
        for d in chapters
        if stale(d) and f"teachers/{posixpath.basename(d)}" in env.found_docs
    ]


def _reset(app: Sphinx, env, docnames) -> None:
    app.__dict__.pop("_teacher_kit", None)
    app.__dict__.pop("_teacher_kit_context", None)
    app.__dict__.pop("_teacher_kit_glue", None)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value(FIGURES_SETTING, FIGURES_FROM, "env", types=[dict])
    app.add_directive("kit-rubric", rubrics.RubricDirective)
    app.add_role("teaching-file", teaching_file_role)
    app.add_node(kit_placeholder)
    # before the table-of-contents collector (priority 500) reads the page's sections
    app.connect("doctree-read", _titles_for_the_contents, priority=400)
    # before teaching_files' quiz section (priority 500), so the quiz stays last
    app.connect("doctree-resolved", _teaching_sections, priority=400)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-before-read-docs", _reset)
    # before offline_assets' check (priority 500), which then scans these files too
    app.connect("build-finished", _build_finished, priority=400)
    here = Path(__file__).parent
    kit_files = sorted(here.glob("*.py")) + sorted((here / "static").iterdir())
    kit_files += sorted((here / "questions").iterdir())
    register_fingerprint(app, "teacher_kit", kit_files, rebuild="html")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
