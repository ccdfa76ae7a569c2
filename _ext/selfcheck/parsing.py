"""Parse a ``selfcheck`` block into a :class:`Spec` (no Sphinx): the rules of the syntax.

The rule for reading a number (:func:`parse_number`) is also the page's: ``selfcheck.js``
uses the same three patterns (:data:`IGNORED`, :data:`THOUSANDS`, :data:`NUMBER`, written so
that Python and JavaScript read them alike); ``tests/test_selfcheck.py`` checks the script
holds exactly these, and the browser test runs both on the same answers.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

TYPES = ("choice", "numeric")
#: What a question tests (``:tests:``): ``reasoning`` (predict a direction, apply a formula,
#: read a chart, pick the economic explanation; the default) or ``recall`` (remember a case
#: fact, a date, a place, who said what, an institution's rule or a definition). A chapter
#: keeps recall to a quarter of its questions (``tests/test_chapter_structure.py``).
TESTS = ("reasoning", "recall")
FEEDBACK_KEYS = ("too low", "too high", "correct", "explanation")
NUMERIC_REQUIRED = ("too low", "too high", "correct", "explanation")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

VERDICT_RIGHT = "Correct."
VERDICT_WRONG = "Not quite."

_CHOICE = re.compile(r"^-\s+\[(?P<mark>[ xX]?)\]\s*(?P<text>.*?)\s*$")
_FEEDBACK = re.compile(
    r"^-\s+(?P<key>too\s+low|too\s+high|correct|explanation)\s*:\s*(?P<text>.*?)\s*$", re.I
)
#: A reader's answer: characters ignored, a number with thousands commas, a plain number.
IGNORED = r"[\s$€£%]"
THOUSANDS = r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$"
NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_NUMBER = re.compile(NUMBER)
_THOUSANDS = re.compile(THOUSANDS)


class SelfcheckError(ValueError):
    """A malformed ``selfcheck`` block; ``line`` is the 0-based body line, or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


# --- the parsed question ---------------------------------------------------------------


@dataclass
class Block:
    """Markdown lines (dedented) and the 0-based body line where they start."""

    lines: list[str]
    offset: int

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass
class Choice:
    label: str
    line: int
    correct: bool
    why: Block


@dataclass
class Spec:
    question: str
    question_line: int | None = None  # body line of a question written in the body
    kind: str = "choice"
    tests: str = "reasoning"
    select_all: bool = False
    stem: Block | None = None
    choices: list[Choice] = field(default_factory=list)
    feedback: dict[str, Block] = field(default_factory=dict)
    answer: float | None = None
    answer_text: str = ""
    tolerance: float = 0.0
    relative: bool = False
    tolerance_text: str = ""
    unit: str = ""

    def within(self, value: float) -> bool:
        """Whether ``value`` counts as correct (the JavaScript applies the same rule)."""
        assert self.answer is not None
        allowed = self.tolerance * abs(self.answer) if self.relative else self.tolerance
        return abs(value - self.answer) <= allowed + 1e-9 * max(1.0, abs(self.answer))


def _marker(line: str) -> bool:
    return bool(_CHOICE.match(line) or _FEEDBACK.match(line))


def _flag(options: dict, name: str) -> bool:
    if name not in options:
        return False
    value = options[name]
    if value is None or value is True or str(value).strip().lower() in ("", "true", "yes"):
        return True
    if value is False or str(value).strip().lower() in ("false", "no"):
        return False
    raise SelfcheckError(f":{name}: is a flag and takes no value (got {value!r})")


def parse_number(text: str) -> float | None:
    """A number as the page's script reads a reader's answer (``parseNumber`` in
    ``static/selfcheck.js``, the same rule): spaces, ``$ € £ %`` ignored, ``−``
    is a minus, and a comma only separates thousands (``1,250.5``); ``2,5`` is None."""
    t = re.sub(IGNORED, "", str(text)).replace("\u2212", "-")
    if "," in t:
        if not _THOUSANDS.match(t):
            return None
        t = t.replace(",", "")
    return float(t) if _NUMBER.match(t) else None


def _number(text: str, what: str) -> float:
    value = parse_number(text)
    if value is None:
        raise SelfcheckError(
            f"{what} must be a number (a comma only between groups of three digits, "
            f"as in 1,250.5), got {text!r}"
        )
    return value


def parse(argument: str, options: dict, body: str | list[str]) -> Spec:
    """Parse a ``selfcheck`` block into a :class:`Spec`; raise :class:`SelfcheckError`."""
    lines = body.splitlines() if isinstance(body, str) else list(body)
    question = " ".join((argument or "").split())
    question_line, start = None, 0
    if not question:  # the question is the body's first paragraph
        while start < len(lines) and not lines[start].strip():
            start += 1
        end = start
        while end < len(lines) and lines[end].strip() and not _marker(lines[end]):
            end += 1
        question = " ".join(" ".join(lines[start:end]).split())
        question_line, start = start, end
    if not question:
        raise SelfcheckError(
            "the question is missing: write it after the directive name "
            "(```{selfcheck} Your question?) or as the first paragraph of the block"
        )
    options = dict(options or {})
    known = {"type", "select-all", "answer", "tolerance", "unit", "tests"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise SelfcheckError(f"unknown option(s) {', '.join(unknown)}; known: {sorted(known)}")
    kind = str(options.get("type") or "choice").strip().lower()
    if kind not in TYPES:
        raise SelfcheckError(f":type: must be one of {', '.join(TYPES)}, got {kind!r}")
    tests = str(options.get("tests") or "reasoning").strip().lower()
    if tests not in TESTS:
        raise SelfcheckError(f":tests: must be one of {', '.join(TESTS)}, got {tests!r}")
    spec = Spec(
        question=question,
        question_line=question_line,
        kind=kind,
        tests=tests,
        select_all=_flag(options, "select-all"),
    )

    # Split the body: stem lines, then markers with indented continuation lines.
    stem: list[str] = []
    items: list[tuple[str, Any, str, int, list[str]]] = []  # (what, key, text, line, more)
    for i, line in enumerate(lines):
        if i < start:
            continue
        choice, feedback = _CHOICE.match(line), _FEEDBACK.match(line)
        if choice:
            items.append(("choice", choice["mark"].lower() == "x", choice["text"], i, []))
        elif feedback:
            key = " ".join(feedback["key"].lower().split())
            items.append(("feedback", key, feedback["text"], i, []))
        elif not items:
            stem.append(line)
        elif not line.strip() or line[:1] in (" ", "\t"):
            items[-1][4].append(line)
        else:
            raise SelfcheckError(
                f"unexpected text {line.strip()[:40]!r}: after the first choice or feedback "
                "line, every line must start a new '- [x] …', '- [ ] …' or '- too low: …' "
                "item or be indented under one",
                i,
            )
    if any(s.strip() for s in stem):
        first = next(i for i, s in enumerate(stem) if s.strip())
        text = textwrap.dedent("\n".join(stem[first:])).strip("\n")
        spec.stem = Block(text.split("\n"), start + first)  # a body line, for error messages

    def block(text: str, line: int, more: list[str]) -> Block:
        rest = textwrap.dedent("\n".join(more)).split("\n") if more else []
        if text:
            return Block([text, *rest], line)
        # The text starts on the next non-blank line.
        skip = next((k for k, s in enumerate(rest) if s.strip()), len(rest))
        return Block(rest[skip:], line + 1 + skip)

    for what, key, text, line, more in items:
        if what == "choice":
            if spec.kind == "numeric":
                raise SelfcheckError(
                    "a numeric question has no choices ('- [x]'/'- [ ]'); give "
                    "'- too low:', '- too high:', '- correct:' and '- explanation:' instead",
                    line,
                )
            if not text:
                raise SelfcheckError("a choice has no text after '- [ ]'", line)
            why = block("", line, more)
            if not why.text:
                raise SelfcheckError(
                    f"choice {text[:40]!r} has no explanation: write one on the indented "
                    "line(s) below it (why it is right, or why it is wrong)",
                    line,
                )
            spec.choices.append(Choice(text, line, bool(key), why))
        else:
            if spec.kind == "choice" and key != "explanation":
                raise SelfcheckError(
                    f"'- {key}:' is feedback for numeric questions; add ':type: numeric' "
                    "or give choices",
                    line,
                )
            if key in spec.feedback:
                raise SelfcheckError(f"'- {key}:' is given twice", line)
            fb = block(text, line, more)
            if not fb.text:
                raise SelfcheckError(f"'- {key}:' has no text", line)
            spec.feedback[key] = fb

    if spec.kind == "choice":
        for name in ("answer", "tolerance", "unit"):
            if name in options:
                raise SelfcheckError(f":{name}: is only for ':type: numeric' questions")
        if len(spec.choices) < 2:
            raise SelfcheckError(
                f"a choice question needs at least two choices ('- [x] …' / '- [ ] …'), "
                f"found {len(spec.choices)}"
            )
        right = [c for c in spec.choices if c.correct]
        if not right:
            raise SelfcheckError("no correct answer: mark the right choice with '- [x]'")
        if len(right) > 1 and not spec.select_all:
            raise SelfcheckError(
                f"{len(right)} choices are marked correct (lines "
                f"{', '.join(str(c.line + 1) for c in right)} of the block) in a single-answer "
                "question: keep one '- [x]', or add ':select-all:' for 'select all that apply'"
            )
        return spec

    # numeric
    if spec.select_all:
        raise SelfcheckError(":select-all: is only for choice questions")
    if "answer" not in options or not str(options["answer"] or "").strip():
        raise SelfcheckError("a numeric question needs ':answer:' (a number)")
    spec.answer_text = str(options["answer"]).strip()
    spec.answer = _number(spec.answer_text, ":answer:")
    tolerance = str(options.get("tolerance") or "0").strip()
    spec.tolerance_text = tolerance
    spec.relative = tolerance.endswith("%")
    try:
        value = _number(tolerance[:-1] if spec.relative else tolerance, ":tolerance:")
    except SelfcheckError:
        raise SelfcheckError(
            f":tolerance: must be a number >= 0 (absolute) or a percentage such as 2%, "
            f"got {tolerance!r}"
        ) from None
    if value < 0 or not math.isfinite(value):
        raise SelfcheckError(f":tolerance: must not be negative, got {tolerance!r}")
    spec.tolerance = value / 100 if spec.relative else value
    spec.unit = " ".join(str(options.get("unit") or "").split())
    missing = [k for k in NUMERIC_REQUIRED if k not in spec.feedback]
    if missing:
        raise SelfcheckError(
            "missing feedback: a numeric question needs " + ", ".join(f"'- {k}:'" for k in missing)
        )
    return spec


def with_unit(value: str, unit: str) -> str:
    if not unit:
        return value
    return f"{value}{unit}" if unit.startswith("%") else f"{value} {unit}"


def tolerance_phrase(spec: Spec) -> str:
    if spec.tolerance == 0:
        return ""
    if spec.relative:
        return f"answers within {spec.tolerance_text} of it count as correct"
    return f"answers within ±{with_unit(spec.tolerance_text, spec.unit)} count as correct"
