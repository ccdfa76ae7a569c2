"""Self-check questions with instant feedback: no kernel, no network, keyboard friendly.

A local Sphinx extension (``_config.yml``, ``sphinx: local_extensions``) that adds the MyST
directive ``selfcheck``. Two kinds of question:

* **choice** (the default): one correct answer (radio buttons), or with ``:select-all:``
  "select all that apply" (checkboxes). Every choice carries an explanation, shown when the
  reader picks it and presses *Check*: why it is right, or which misconception it reflects.
* **numeric** (``:type: numeric``): ``:answer:``, ``:tolerance:`` (absolute, or relative as
  ``2%``; default 0) and ``:unit:``; feedback for too low, too high and correct, plus a general
  explanation.

Syntax (the question is the directive argument, or, when that is empty, the first paragraph of
the block, which may wrap over several lines; optional extra question text follows it)::

    ```{selfcheck} In a small importing country, who bears a tariff?
    - [ ] Foreign exporters.
      Not in a small country: it cannot move the world price, so ...
    - [x] Domestic buyers.
      Right: the domestic price rises by the full tariff ...
    - explanation: (optional for choice questions) shown with the answer.
    ```

    ```{selfcheck} A 25% ad valorem tariff on an \\$80 good: what is the duty?
    :type: numeric
    :answer: 20
    :tolerance: 0.01
    :unit: dollars
    - too low: ...
    - too high: ...
    - correct: ...
    - explanation: 25% of \\$80 is $0.25 \\times 80 = 20$ dollars.
    ```

A choice is one line ``- [x] text`` (correct) or ``- [ ] text``; its explanation is the
indented lines below it. Feedback blocks start with ``- too low:``, ``- too high:``,
``- correct:`` or ``- explanation:``; their text may go on in indented lines. All text is
MyST Markdown (inline maths, ``{term}``, cross-references), parsed by the MyST parser.
A malformed block is a build error that names the file, the line and the problem.

HTML: ``<fieldset>`` with the question as ``<legend>``, real ``<input type=radio|checkbox>``
with ``<label>`` (numeric: a labelled text input), a *Check* button and an
``aria-live="polite"`` feedback region; the verdict is words ("Correct." / "Not quite."),
not only colour. Without JavaScript the button stays hidden and the answer with every
explanation is in a ``<details class="selfcheck-answer">`` (print CSS can open it by that
class). ``selfcheck_static/selfcheck.js|css`` are copied to ``_static/selfcheck/`` of the
built site and added only to pages that hold a question. Other builders (LaTeX, text, ...)
get plain text: question, lettered choices, answer and explanations.

``as_markdown(argument, options, body, roles=...)`` returns the same question as plain Markdown (for
notebooks opened in JupyterLab or Colab): question, choices, and the answer with its
explanations inside ``<details>``.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _assets import register_fingerprint, ship_page_assets
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

__version__ = "1.0.0"

STATIC_SRC = Path(__file__).with_name("selfcheck_static")
#: Where the assets go in the built site (under the output's _static/, not the book's).
STATIC_OUT = "selfcheck"
ASSETS_JS = ("selfcheck.js",)
ASSETS_CSS = ("selfcheck.css",)

TYPES = ("choice", "numeric")
FEEDBACK_KEYS = ("too low", "too high", "correct", "explanation")
NUMERIC_REQUIRED = ("too low", "too high", "correct", "explanation")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

VERDICT_RIGHT = "Correct."
VERDICT_WRONG = "Not quite."

_CHOICE = re.compile(r"^-\s+\[(?P<mark>[ xX]?)\]\s*(?P<text>.*?)\s*$")
_FEEDBACK = re.compile(
    r"^-\s+(?P<key>too\s+low|too\s+high|correct|explanation)\s*:\s*(?P<text>.*?)\s*$", re.I
)
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$")


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
    ``selfcheck_static/selfcheck.js``, the same rule): spaces, ``$ € £ %`` ignored, ``−``
    is a minus, and a comma only separates thousands (``1,250.5``); ``2,5`` is None."""
    t = re.sub(r"[\s$€£%]", "", str(text)).replace("\u2212", "-")
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
    known = {"type", "select-all", "answer", "tolerance", "unit"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise SelfcheckError(f"unknown option(s) {', '.join(unknown)}; known: {sorted(known)}")
    kind = str(options.get("type") or "choice").strip().lower()
    if kind not in TYPES:
        raise SelfcheckError(f":type: must be one of {', '.join(TYPES)}, got {kind!r}")
    spec = Spec(
        question=question,
        question_line=question_line,
        kind=kind,
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


# --- plain Markdown (notebooks) -----------------------------------------------------------


def as_markdown(
    argument: str, options: dict, body: str, *, roles: Callable[[str], str] = lambda t: t
) -> str:
    """The question as plain Markdown for JupyterLab / Colab (no HTML inputs).

    The question and choices (lettered), then the answer with every explanation inside
    ``<details>``. Raises :class:`SelfcheckError` for a malformed block, like the build.
    ``roles`` turns the MyST roles of each piece of text into plain Markdown; the default
    leaves them as written. ``_ext/notebook_export.py`` passes its ``convert_roles``, the
    one role converter (glue values, citations, {eq}, {numref}...).

    >>> print(as_markdown("2 + 2?", {}, "- [ ] 3\\n  Too low.\\n- [x] 4\\n  Yes."))
    **Check your understanding.** 2 + 2?
    <BLANKLINE>
    - **A.** 3
    - **B.** 4
    <BLANKLINE>
    <details>
    <summary>Show the answer</summary>
    <BLANKLINE>
    **Answer: B.** 4
    <BLANKLINE>
    - **A.** 3 — *Not quite.* Too low.
    - **B.** 4 — *Correct.* Yes.
    <BLANKLINE>
    </details>
    """
    spec = parse(argument, options, body)
    out = [f"**Check your understanding.** {roles(spec.question)}", ""]
    if spec.stem:
        out += [roles(spec.stem.text), ""]

    def indent(text: str) -> str:
        return roles(text).replace("\n", "\n  ")

    if spec.kind == "choice":
        if spec.select_all:
            out += ["*Select all that apply.*", ""]
        out += [f"- **{LETTERS[i]}.** {roles(c.label)}" for i, c in enumerate(spec.choices)]
        right = [i for i, c in enumerate(spec.choices) if c.correct]
        head = ", ".join(LETTERS[i] for i in right)
        shown = f" {roles(spec.choices[right[0]].label)}" if len(right) == 1 else ""
        answer = [f"**Answer: {head}.**{shown}", ""]
        for i, c in enumerate(spec.choices):
            verdict = VERDICT_RIGHT if c.correct else VERDICT_WRONG
            answer.append(
                f"- **{LETTERS[i]}.** {roles(c.label)} — *{verdict}* {indent(c.why.text)}"
            )
        if "explanation" in spec.feedback:
            answer += ["", roles(spec.feedback["explanation"].text)]
    else:
        out.append(f"*Your answer, in {spec.unit}:* …" if spec.unit else "*Your answer:* …")
        phrase = tolerance_phrase(spec)
        answer = [
            f"**Answer: {with_unit(spec.answer_text, spec.unit)}**"
            + (f" ({phrase})." if phrase else ""),
            "",
            f"- *If yours was too low:* {indent(spec.feedback['too low'].text)}",
            f"- *If yours was too high:* {indent(spec.feedback['too high'].text)}",
            f"- *If yours was right:* {indent(spec.feedback['correct'].text)}",
            "",
            roles(spec.feedback["explanation"].text),
        ]
    out += ["", "<details>", "<summary>Show the answer</summary>", "", *answer, "", "</details>"]
    return "\n".join(out)


# --- doctree nodes ------------------------------------------------------------------------


class selfcheck(nodes.General, nodes.Element):  # noqa: N801  (docutils node naming)
    """The whole question: ``<div class="selfcheck">`` with data for the script."""


class selfcheck_fieldset(nodes.General, nodes.Element):  # noqa: N801
    """``<fieldset>``: legend, stem, inputs and the controls."""


class selfcheck_legend(nodes.Part, nodes.TextElement):  # noqa: N801
    """``<legend>``: the question (inline Markdown)."""


class selfcheck_choice(nodes.Part, nodes.TextElement):  # noqa: N801
    """One ``<input>`` with its ``<label>`` (the choice text, inline Markdown)."""


class selfcheck_numeric(nodes.General, nodes.Element):  # noqa: N801
    """A labelled text input for a number, with its unit."""


class selfcheck_controls(nodes.General, nodes.Element):  # noqa: N801
    """The Check button (hidden until the script runs) and the aria-live feedback region."""


class selfcheck_answer(nodes.General, nodes.Element):  # noqa: N801
    """``<details class="selfcheck-answer">``: the answer and every explanation."""


class selfcheck_why(nodes.General, nodes.Element):  # noqa: N801
    """One explanation; ``key`` is a choice index or a feedback name, read by the script."""


NODES = (
    selfcheck,
    selfcheck_fieldset,
    selfcheck_legend,
    selfcheck_choice,
    selfcheck_numeric,
    selfcheck_controls,
    selfcheck_answer,
    selfcheck_why,
)


# --- the directive ------------------------------------------------------------------------


class SelfcheckDirective(SphinxDirective):
    """```{selfcheck} Question? — see the module docstring for the syntax."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {
        "type": directives.unchanged,
        "select-all": directives.flag,
        "answer": directives.unchanged,
        "tolerance": directives.unchanged,
        "unit": directives.unchanged,
    }

    def _line(self, body_line: int | None) -> int:
        """Source line of a body line: MyST's content_offset counts from the line after
        the opening fence (``self.lineno``)."""
        if body_line is None:
            return self.lineno
        return self.lineno + 1 + self.content_offset + body_line

    def run(self) -> list[nodes.Node]:
        argument = self.arguments[0] if self.arguments else ""
        try:
            spec = parse(argument, self.options, list(self.content))
        except SelfcheckError as error:
            where = "" if error.line is None else f" (line {self._line(error.line)})"
            raise self.error(f"selfcheck: {error.message}{where}") from None

        serial = self.env.new_serialno("selfcheck")
        qid = f"selfcheck-{serial}"
        root = selfcheck(
            qid=qid,
            kind=spec.kind,
            select_all=spec.select_all,
            classes=["selfcheck"],
        )
        self.set_source_info(root)
        if spec.kind == "numeric":
            root["answer"] = repr(spec.answer)
            root["tolerance"] = repr(spec.tolerance)
            root["relative"] = spec.relative

        fieldset = selfcheck_fieldset()
        root += fieldset
        legend = selfcheck_legend()
        legend += self._inline(spec.question, spec.question_line)
        fieldset += legend
        if spec.stem:
            stem = nodes.container(classes=["selfcheck-stem"])
            self._parse(spec.stem, stem)
            fieldset += stem

        answer = selfcheck_answer()
        if spec.kind == "choice":
            if spec.select_all:
                fieldset += nodes.paragraph(
                    "", "Select all that apply.", classes=["selfcheck-hint"]
                )
            right = []
            for i, c in enumerate(spec.choices):
                label = self._inline(c.label, c.line)
                choice = selfcheck_choice(
                    qid=qid,
                    index=i,
                    letter=LETTERS[i],
                    input_type="checkbox" if spec.select_all else "radio",
                )
                choice += label
                fieldset += choice
                if c.correct:
                    right.append(i)
                why = selfcheck_why(key=str(i), correct=c.correct)
                head = nodes.paragraph(classes=["selfcheck-why-head"])
                head += nodes.strong("", f"{LETTERS[i]}.")
                head += nodes.Text(" ")
                head += [n.deepcopy() for n in label]
                head += nodes.Text(" — ")
                head += nodes.emphasis("", VERDICT_RIGHT if c.correct else VERDICT_WRONG)
                why += head
                body = nodes.container(classes=["selfcheck-why-body"])
                self._parse(c.why, body)
                why += body
                answer += why
            summary = nodes.paragraph(classes=["selfcheck-key"])
            summary += nodes.strong("", f"Answer: {', '.join(LETTERS[i] for i in right)}.")
            if len(right) == 1:
                summary += nodes.Text(" ")
                summary += [n.deepcopy() for n in self._inline(spec.choices[right[0]].label, None)]
            answer.insert(0, summary)
            if "explanation" in spec.feedback:
                answer += self._why("explanation", spec.feedback["explanation"], None)
        else:
            fieldset += selfcheck_numeric(qid=qid, unit=spec.unit)
            summary = nodes.paragraph(classes=["selfcheck-key"])
            summary += nodes.strong("", f"Answer: {with_unit(spec.answer_text, spec.unit)}")
            phrase = tolerance_phrase(spec)
            summary += nodes.Text(f" ({phrase})." if phrase else ".")
            answer += summary
            answer += self._why("explanation", spec.feedback["explanation"], None)
            for key, title in (
                ("too low", "If your answer was too low"),
                ("too high", "If your answer was too high"),
                ("correct", "If your answer was right"),
            ):
                answer += self._why(key, spec.feedback[key], title)
        fieldset += selfcheck_controls(qid=qid)
        root += answer
        return [root]

    def _inline(self, text: str, body_line: int | None) -> list[nodes.Node]:
        inline, messages = self.state.inline_text(text, self._line(body_line))
        return [*inline, *messages]

    def _parse(self, block: Block, into: nodes.Element) -> None:
        content = StringList(block.lines, self.content.source(0) if self.content else None)
        self.state.nested_parse(content, 1 + self.content_offset + block.offset, into)

    def _why(self, key: str, block: Block, title: str | None) -> selfcheck_why:
        why = selfcheck_why(key=key, correct=key == "correct")
        if title:
            head = nodes.paragraph(classes=["selfcheck-why-head"])
            head += nodes.strong("", title + ":")
            why += head
        body = nodes.container(classes=["selfcheck-why-body"])
        self._parse(block, body)
        why += body
        return why


# --- HTML ---------------------------------------------------------------------------------


def _attr(value: Any) -> str:
    from html import escape

    return escape(str(value), quote=True)


def visit_selfcheck_html(self, node: selfcheck) -> None:
    data = {"data-kind": node["kind"]}
    if node["kind"] == "choice":
        data["data-select"] = "all" if node["select_all"] else "one"
    else:
        data["data-answer"] = node["answer"]
        data["data-tolerance"] = node["tolerance"]
        data["data-relative"] = "true" if node["relative"] else "false"
    attrs = " ".join(f'{k}="{_attr(v)}"' for k, v in data.items())
    self.body.append(f'<div class="selfcheck" id="{_attr(node["qid"])}" {attrs}>\n')


def depart_selfcheck_html(self, node: selfcheck) -> None:
    self.body.append("</div>\n")


def visit_fieldset_html(self, node) -> None:
    self.body.append('<fieldset class="selfcheck-fieldset">\n')


def depart_fieldset_html(self, node) -> None:
    self.body.append("</fieldset>\n")


def visit_legend_html(self, node) -> None:
    self.body.append(
        '<legend class="selfcheck-question"><span class="selfcheck-tag">Self-check</span> '
    )


def depart_legend_html(self, node) -> None:
    self.body.append("</legend>\n")


def visit_choice_html(self, node: selfcheck_choice) -> None:
    qid, i = node["qid"], node["index"]
    self.body.append(
        f'<div class="selfcheck-choice">'
        f'<input type="{node["input_type"]}" name="{qid}" id="{qid}-{i}" value="{i}">'
        f'<label for="{qid}-{i}"><span class="selfcheck-letter">{node["letter"]}.</span> '
    )


def depart_choice_html(self, node) -> None:
    self.body.append("</label></div>\n")


def visit_numeric_html(self, node: selfcheck_numeric) -> None:
    qid, unit = node["qid"], node["unit"]
    # The unit is shown after the input and is part of its accessible name.
    named = f' aria-labelledby="{qid}-label {qid}-unit"' if unit else ""
    unit_html = (
        f' <span class="selfcheck-unit" id="{qid}-unit">{_attr(unit)}</span>' if unit else ""
    )
    self.body.append(
        f'<div class="selfcheck-numeric">'
        f'<label for="{qid}-input" id="{qid}-label">Your answer:</label> '
        f'<input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" '
        f'id="{qid}-input" name="{qid}" size="10"{named}>{unit_html}</div>\n'
    )
    raise nodes.SkipNode


def visit_controls_html(self, node: selfcheck_controls) -> None:
    qid = node["qid"]
    self.body.append(
        f'<div class="selfcheck-controls d-print-none">'
        f'<button type="button" class="selfcheck-check" id="{qid}-check" hidden>Check</button>'
        "</div>\n"
        f'<div class="selfcheck-feedback" id="{qid}-feedback" aria-live="polite"></div>\n'
    )
    raise nodes.SkipNode


def visit_answer_html(self, node) -> None:
    self.body.append(
        '<details class="selfcheck-answer">\n<summary>Show the answer</summary>\n'
        '<div class="selfcheck-answer-body">\n'
    )


def depart_answer_html(self, node) -> None:
    self.body.append("</div>\n</details>\n")


def visit_why_html(self, node: selfcheck_why) -> None:
    correct = "true" if node["correct"] else "false"
    self.body.append(
        f'<div class="selfcheck-why" data-key="{_attr(node["key"])}" data-correct="{correct}">\n'
    )


def depart_why_html(self, node) -> None:
    self.body.append("</div>\n")


def _skipped(self, node) -> None:  # departure of a node whose visit raised SkipNode
    pass


HTML_VISITORS = {
    selfcheck: (visit_selfcheck_html, depart_selfcheck_html),
    selfcheck_fieldset: (visit_fieldset_html, depart_fieldset_html),
    selfcheck_legend: (visit_legend_html, depart_legend_html),
    selfcheck_choice: (visit_choice_html, depart_choice_html),
    selfcheck_numeric: (visit_numeric_html, _skipped),
    selfcheck_controls: (visit_controls_html, _skipped),
    selfcheck_answer: (visit_answer_html, depart_answer_html),
    selfcheck_why: (visit_why_html, depart_why_html),
}


# --- other builders: plain text -------------------------------------------------------------


class SelfcheckToText(SphinxPostTransform):
    """For non-HTML output (LaTeX, text, man, ...): standard nodes, no inputs."""

    default_priority = 100

    def is_supported(self) -> bool:
        return getattr(self.app.builder, "format", "") != "html"

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(selfcheck)):
            node.replace_self(_as_text(node))


def _as_text(node: selfcheck) -> nodes.container:
    out = nodes.container(classes=["selfcheck"])
    fieldset = node.next_node(selfcheck_fieldset)
    items = nodes.container(classes=["selfcheck-choices"])
    for child in fieldset.children:
        if isinstance(child, selfcheck_legend):
            para = nodes.paragraph()
            para += nodes.strong("", "Self-check:")
            para += nodes.Text(" ")
            para += child.children
            out += para
        elif isinstance(child, selfcheck_choice):
            # Letters written out: the text builder numbers any list 1, 2, 3.
            items += nodes.paragraph("", f"{child['letter']}. ", *child.children)
        elif isinstance(child, selfcheck_numeric):
            unit = f" (in {child['unit']})" if child["unit"] else ""
            out += nodes.paragraph("", f"Your answer{unit}: ______")
        elif isinstance(child, selfcheck_controls):
            continue
        else:
            out += child
    if len(items):
        out += items
    answer = node.next_node(selfcheck_answer)
    box = nodes.container(classes=["selfcheck-answer"])
    for child in answer.children:
        if isinstance(child, selfcheck_why):
            box += child.children
        else:
            box += child
    out += box
    return out


# --- assets, only on pages with a question (shipped by _ext/_assets.py) ------------------


def _has_question(app: Sphinx, pagename: str, context: dict, doctree) -> bool:
    return doctree is not None and next(iter(doctree.findall(selfcheck)), None) is not None


def setup(app: Sphinx) -> dict[str, Any]:
    # An "env" value: a new version of the directive or its markup rebuilds every page.
    assets = [STATIC_SRC / name for name in (*ASSETS_JS, *ASSETS_CSS)]
    register_fingerprint(app, "selfcheck", [__file__, *assets], rebuild="env")
    for node_class in NODES:
        app.add_node(node_class, html=HTML_VISITORS[node_class])
    app.add_directive("selfcheck", SelfcheckDirective)
    app.add_post_transform(SelfcheckToText)
    ship_page_assets(app, STATIC_OUT, STATIC_SRC, (*ASSETS_CSS, *ASSETS_JS), _has_question)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
