"""Questions written for the exam: short answers with model answers, essay prompts.

The exam bank's Part A and the reused exercises of Part B come from the chapter; the questions
here are written for the exam and kept as data, one file per chapter in ``questions/`` (its
``README.md`` gives the format): 4 to 6 short-answer questions, each with its marks and a model
answer, and 2 essay prompts, each with what a strong answer covers. :func:`load` reads and checks
a file; :func:`to_html` writes a text as HTML, with its maths as MathML and each
``{glue}`key:format``` replaced by the value the chapter glued in this build, formatted as
``{glue:text}`` formats it (so a number the book computes is never typed here).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

FOLDER = Path(__file__).with_name("questions")
KINDS = ("explain", "predict", "compare", "compute", "recall")
SHORT_RANGE, ESSAYS, POINTS_RANGE, MARKS_RANGE = (4, 6), 2, (3, 5), (1, 10)

#: ``\$`` (a dollar sign), ``$tex$``, ``{glue}`[chapter/]key[:format]```, ``**bold**``, ``*italic*``
TOKEN = re.compile(
    r"(?P<dollar>\\\$)|\$(?P<math>[^$]+?)\$|\{glue\}`(?P<glue>[^`]+)`"
    r"|\*\*(?P<b>.+?)\*\*|\*(?P<i>[^*\s][^*]*?)\*"
)
GLUE = re.compile(r"\{glue\}`(?:(?P<chapter>[a-z_]+)/)?(?P<key>[^`:]+)(?::(?P<fmt>[^`]*))?`")


@dataclass(frozen=True)
class ShortAnswer:
    id: str
    kind: str
    marks: int
    question: str
    answer: str


@dataclass(frozen=True)
class Essay:
    id: str
    prompt: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class Bank:
    chapter: str
    short: tuple[ShortAnswer, ...]
    essays: tuple[Essay, ...]

    @property
    def marks(self) -> int:
        return sum(q.marks for q in self.short)

    def texts(self) -> list[str]:
        """Every text of the bank (questions, answers, prompts, points)."""
        out = [t for q in self.short for t in (q.question, q.answer)]
        return out + [t for e in self.essays for t in (e.prompt, *e.points)]


def path(chapter: str) -> Path:
    return FOLDER / f"{chapter}.yml"


def _text(entry: dict, field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {field} must be a non-empty text, got {value!r}")
    return value.strip()


def _within(n: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= n <= bounds[1]


def parse(data: object, chapter: str) -> Bank:
    """A :class:`Bank` from the parsed YAML of ``chapter``'s file; ``ValueError`` naming the field
    when the file breaks the format."""
    if not isinstance(data, dict) or set(data) != {"short_answer", "essays"}:
        raise ValueError(f"{chapter}: the file must hold exactly short_answer and essays")
    short_data, essay_data = data["short_answer"], data["essays"]
    if not isinstance(short_data, list) or not _within(len(short_data), SHORT_RANGE):
        raise ValueError(f"{chapter}: short_answer must list {SHORT_RANGE[0]} to "
                         f"{SHORT_RANGE[1]} questions")  # fmt: skip
    if not isinstance(essay_data, list) or len(essay_data) != ESSAYS:
        raise ValueError(f"{chapter}: essays must list {ESSAYS} prompts")
    short = []
    for i, entry in enumerate(short_data, 1):
        where = f"{chapter} short_answer {i}"
        kind, marks = entry.get("kind"), entry.get("marks")
        if kind not in KINDS:
            raise ValueError(f"{where}: kind must be one of {KINDS}, got {kind!r}")
        if not isinstance(marks, int) or isinstance(marks, bool) or not _within(marks, MARKS_RANGE):
            raise ValueError(f"{where}: marks must be a whole number from {MARKS_RANGE[0]} to "
                             f"{MARKS_RANGE[1]}, got {marks!r}")  # fmt: skip
        texts = [_text(entry, field, where) for field in ("id", "question", "answer")]
        short.append(ShortAnswer(texts[0], kind, marks, texts[1], texts[2]))
    if sum(q.kind == "recall" for q in short) > 1:
        raise ValueError(f"{chapter}: at most one short_answer question may be of kind 'recall'")
    essays = []
    for i, entry in enumerate(essay_data, 1):
        where = f"{chapter} essays {i}"
        points = entry.get("points")
        if not isinstance(points, list) or not _within(len(points), POINTS_RANGE):
            raise ValueError(f"{where}: points must list {POINTS_RANGE[0]} to {POINTS_RANGE[1]} "
                             "things a strong answer covers")  # fmt: skip
        if not all(isinstance(p, str) and p.strip() for p in points):
            raise ValueError(f"{where}: every one of points must be a non-empty text")
        essays.append(Essay(_text(entry, "id", where), _text(entry, "prompt", where),
                            tuple(p.strip() for p in points)))  # fmt: skip
    ids = [q.id for q in short] + [e.id for e in essays]
    if len(set(ids)) != len(ids) or not all(i.startswith(f"{chapter}-") for i in ids):
        raise ValueError(f"{chapter}: every id must be unique and start with '{chapter}-'")
    return Bank(chapter, tuple(short), tuple(essays))


def load(chapter: str) -> Bank | None:
    """The bank of ``chapter`` (its file name, e.g. ``"tariffs"``), or ``None`` if it has none."""
    import yaml

    file = path(chapter)
    if not file.is_file():
        return None
    return parse(yaml.safe_load(file.read_text(encoding="utf-8")), chapter)


def glue_refs(text: str, chapter: str) -> list[tuple[str, str, str]]:
    """``[(chapter, key, format)]`` of the glued numbers a text uses."""
    return [(m["chapter"] or chapter, m["key"], m["fmt"] or "s") for m in GLUE.finditer(text)]


#: ``(chapter, key, format) -> the text the page shows``
GlueLookup = Callable[[str, str, str], str]


def _inline(text: str, chapter: str, glued: GlueLookup) -> str:
    from .render import math

    out, at = [], 0
    for m in TOKEN.finditer(text):
        out.append(escape(text[at : m.start()]))
        at = m.end()
        if m["dollar"]:
            out.append("$")
        elif m["math"] is not None:
            out.append(math(m["math"]))
        elif m["glue"] is not None:
            ((source, key, fmt),) = glue_refs(m.group(0), chapter)
            out.append(f'<span class="glued">{escape(glued(source, key, fmt))}</span>')
        elif m["b"] is not None:
            out.append(f"<strong>{_inline(m['b'], chapter, glued)}</strong>")
        else:
            out.append(f"<em>{_inline(m['i'], chapter, glued)}</em>")
    out.append(escape(text[at:]))
    return "".join(out)


def to_html(text: str, chapter: str, glued: GlueLookup) -> str:
    """A text as HTML paragraphs (a blank line in the source starts a new one)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return "".join(f"<p>{_inline(p, chapter, glued)}</p>" for p in paragraphs)


def glue_lookup(values_of: Callable[[str], dict]) -> GlueLookup:
    """A :data:`GlueLookup` over ``values_of(chapter)`` (``{key: mime bundle}`` of the build's
    glue for that chapter); a missing key raises ``KeyError`` naming it."""
    from .. import notebook_export as nx

    def glued(chapter: str, key: str, fmt: str) -> str:
        values = values_of(chapter)
        if key not in values:
            raise KeyError(f"exam questions: chapter {chapter!r} glues no value named {key!r}")
        return nx.format_glue(values[key], key, fmt)

    return glued
