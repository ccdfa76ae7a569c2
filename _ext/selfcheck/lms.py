"""A chapter's self-check questions as quiz files for a learning platform (LMS).

The same ``selfcheck`` blocks the page and the notebooks show, parsed by the same
:func:`.parsing.parse` (so a malformed question fails here as it fails the build), written as

* **QTI 1.2** (:func:`qti_package`): a zip with ``imsmanifest.xml`` and one assessment, in
  the dialect Canvas exports and imports (``question_type`` metadata, ``SCORE`` set to 100
  by the right answer, per-choice ``itemfeedback``); Blackboard and Brightspace import
  QTI 1.2 packages too;
* **Moodle XML** (:func:`moodle_xml`): ``multichoice`` (one answer, or several with
  ``single=false`` and fractions that add up to 100) and ``numerical`` (the tolerance as an
  absolute ``<tolerance>``; a relative one is turned into its absolute width).

What each LMS keeps: every choice's explanation is that choice's feedback; a choice
question's ``explanation`` is the general feedback. A numeric question's ``correct``
feedback goes with the right answer, its ``too low`` and ``too high`` feedback with any
other answer (neither format can tell too low from too high), its ``explanation`` is the
general feedback. Text is HTML: the MyST roles as the notebooks write them (glue values,
citations, equation numbers: :mod:`_ext.notebook_export`), Markdown by markdown-it, maths as
``\\(...\\)`` and ``\\[...\\]``, which Canvas, Moodle (its MathJax filter), Blackboard and
Brightspace typeset.

Why not ``text2qti`` (0.8, a maintained Markdown-to-QTI converter): it reads its own text
format (the questions would be written twice or converted to it), it turns LaTeX into images
served by the Canvas instance (or needs Pandoc for MathML), it has no "too low / too high"
feedback, and it writes no Moodle XML.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from .parsing import LETTERS, SelfcheckError, Spec, parse, tolerance_phrase, with_unit

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
#: Moodle accepts only these grade fractions (percent) for an answer.
MOODLE_FRACTIONS = (100, 90, 100 / 1.2, 80, 75, 70, 100 / 1.5, 60, 50, 40, 100 / 3, 30, 25, 20,
                    100 / 6, 100 / 7, 12.5, 100 / 9, 10, 5)  # fmt: skip


@dataclass
class Question:
    """One self-check question, its text already HTML."""

    spec: Spec
    line: int  # 1-based line of the block in the chapter
    html: Callable[[str], str]

    @property
    def title(self) -> str:
        text = re.sub(r"<[^>]+>", "", self.html(self.spec.question))
        return text if len(text) <= 80 else text[:77].rstrip() + "..."


def selfcheck_blocks(text: str) -> list[tuple[int, str, dict, str]]:
    """``[(line, argument, options, body)]`` of every ``selfcheck`` block of a MyST chapter,
    found as the notebook export finds directives (markdown-it fences)."""
    from .. import notebook_export as nx

    blocks = []
    for token in nx._parser().parse(text):
        if token.type not in ("fence", "colon_fence") or not token.map:
            continue
        match = re.match(r"\{selfcheck\}\s*(.*)$", token.info.strip(), re.S)
        if match:
            options, body = nx.parse_directive(token.content)
            blocks.append((token.map[0] + 1, match.group(1), options, body))
    return blocks


def markdown_html(text: str) -> str:
    """HTML of a piece of (role-free) Markdown, maths as ``\\(...\\)`` / ``\\[...\\]``."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark").use(dollarmath_plugin)

    def inline(self, tokens, idx, options, env):
        return f"\\({_escape(tokens[idx].content)}\\)"

    def block(self, tokens, idx, options, env):
        return f"<p>\\[{_escape(tokens[idx].content.strip())}\\]</p>\n"

    md.add_render_rule("math_inline", inline)
    md.add_render_rule("math_block", block)
    html = md.render(text).strip()
    # One paragraph: no <p> around it, so it reads inline in a choice or a title.
    if html.count("<p>") == 1 and html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return html


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chapter_questions(
    chapter: Path, roles: Callable[[str], str], *, source: str | None = None
) -> list[Question]:
    """The questions of ``chapter`` (a MyST ``.md`` file). ``roles`` writes MyST roles as plain
    Markdown (``notebook_export.convert_roles`` with the chapter's context). A malformed block
    raises :class:`SelfcheckError` naming the file and line."""
    text = Path(chapter).read_text(encoding="utf-8") if source is None else source
    out = []
    for line, argument, options, body in selfcheck_blocks(text):
        try:
            spec = parse(argument, options, body)
        except SelfcheckError as error:
            raise SelfcheckError(f"{chapter}:{line}: selfcheck: {error.message}") from error
        out.append(Question(spec, line, lambda t: markdown_html(roles(t))))
    return out


def _ident(*parts: str) -> str:
    return "g" + hashlib.sha1("/".join(parts).encode()).hexdigest()[:24]


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrib.items()})
    if text is not None:
        element.text = text
    return element


def _numeric_feedback(q: Question) -> tuple[str, str]:
    """(feedback for a right answer, feedback for any other) of a numeric question."""
    fb = q.spec.feedback
    wrong = (
        f"<p><strong>If your answer was too low:</strong> {q.html(fb['too low'].text)}</p>"
        f"<p><strong>If your answer was too high:</strong> {q.html(fb['too high'].text)}</p>"
    )
    return q.html(fb["correct"].text), wrong


def _question_html(q: Question) -> str:
    spec = q.spec
    parts = [f"<p>{q.html(spec.question)}</p>"]
    if spec.stem:
        parts.append(f"<p>{q.html(spec.stem.text)}</p>")
    if spec.kind == "choice" and spec.select_all:
        parts.append("<p><em>Select all that apply.</em></p>")
    if spec.kind == "numeric":
        unit = f" in {spec.unit}" if spec.unit else ""
        phrase = tolerance_phrase(spec)
        parts.append(f"<p><em>Give a number{unit}.</em>" + (f" ({phrase}.)" if phrase else "")
                     + "</p>")  # fmt: skip
    return "".join(parts)


def _general_feedback(q: Question) -> str:
    spec = q.spec
    head = ""
    if spec.kind == "numeric":
        head = f"<p>Answer: {with_unit(spec.answer_text, spec.unit)}.</p>"
    if "explanation" in spec.feedback:
        return head + f"<p>{q.html(spec.feedback['explanation'].text)}</p>"
    return head


def _tolerance(spec: Spec) -> float:
    """The absolute width of the accepted interval (a relative tolerance times the answer)."""
    assert spec.answer is not None
    return spec.tolerance * abs(spec.answer) if spec.relative else spec.tolerance


def _number(value: float) -> str:
    return f"{value:.10g}"


# --- QTI 1.2 -------------------------------------------------------------------------------------


def _mattext(parent: ET.Element, html: str) -> None:
    material = _sub(parent, "material")
    _sub(material, "mattext", html, texttype="text/html")


def _meta(parent: ET.Element, fields: dict[str, str]) -> None:
    meta = _sub(parent, "qtimetadata")
    for label, entry in fields.items():
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _feedback(item: ET.Element, ident: str, html: str) -> None:
    fb = _sub(item, "itemfeedback", ident=ident)
    _mattext(_sub(fb, "flow_mat"), html)


def _condition(proc: ET.Element, cont: str, link: str | None, score: bool = False):
    cond = _sub(proc, "respcondition", continue_=cont)
    var = _sub(cond, "conditionvar")
    if score:
        _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    if link:
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=link)
    return var


def qti_item(q: Question, ident: str, number: int) -> ET.Element:
    spec = q.spec
    item = ET.Element("item", ident=ident, title=f"Question {number}")
    choice_ids = [f"{ident}_{LETTERS[i]}" for i in range(len(spec.choices))]
    qtype = {"choice": "multiple_choice_question", "numeric": "numerical_question"}[spec.kind]
    if spec.kind == "choice" and spec.select_all:
        qtype = "multiple_answers_question"
    _meta(
        _sub(item, "itemmetadata"),
        {
            "question_type": qtype,
            "points_possible": "1.0",
            "original_answer_ids": ",".join(choice_ids),
            "assessment_question_identifierref": f"{ident}_ref",
        },
    )
    pres = _sub(item, "presentation")
    _mattext(pres, _question_html(q))
    proc = _sub(item, "resprocessing")
    outcomes = _sub(proc, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    general = _general_feedback(q)
    if general:
        _sub(_condition(proc, "Yes", "general_fb"), "other")
    if spec.kind == "choice":
        many = "Multiple" if spec.select_all else "Single"
        lid = _sub(pres, "response_lid", ident="response1", rcardinality=many)
        render = _sub(lid, "render_choice")
        for cid, choice in zip(choice_ids, spec.choices, strict=True):
            label = _sub(render, "response_label", ident=cid)
            _mattext(label, q.html(choice.label))
        for cid in choice_ids:  # each choice's own explanation
            _sub(_condition(proc, "Yes", f"{cid}_fb"), "varequal", cid, respident="response1")
        right = [cid for cid, c in zip(choice_ids, spec.choices, strict=True) if c.correct]
        var = _condition(proc, "No", None, score=True)
        if spec.select_all:
            both = _sub(var, "and")
            for cid, choice in zip(choice_ids, spec.choices, strict=True):
                parent = both if choice.correct else _sub(both, "not")
                _sub(parent, "varequal", cid, respident="response1")
        else:
            _sub(var, "varequal", right[0], respident="response1")
        if general:
            _feedback(item, "general_fb", general)
        for cid, choice in zip(choice_ids, spec.choices, strict=True):
            verdict = "Correct." if choice.correct else "Not quite."
            _feedback(item, f"{cid}_fb", f"<p><strong>{verdict}</strong> "
                                          f"{q.html(choice.why.text)}</p>")  # fmt: skip
        return item
    # numeric
    fib_parent = _sub(pres, "response_str", ident="response1", rcardinality="Single")
    fib = _sub(fib_parent, "render_fib", fibtype="Decimal")
    _sub(fib, "response_label", ident="answer1")
    width = _tolerance(spec)
    var = _condition(proc, "No", "correct_fb", score=True)
    either = _sub(var, "or")
    _sub(either, "varequal", _number(spec.answer), respident="response1")
    within = _sub(either, "and")
    _sub(within, "vargte", _number(spec.answer - width), respident="response1")
    _sub(within, "varlte", _number(spec.answer + width), respident="response1")
    _sub(_condition(proc, "Yes", "general_incorrect_fb"), "other")
    right, wrong = _numeric_feedback(q)
    if general:
        _feedback(item, "general_fb", general)
    _feedback(item, "correct_fb", f"<p><strong>Correct.</strong> {right}</p>")
    _feedback(item, "general_incorrect_fb", wrong)
    return item


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def qti_assessment(questions: list[Question], title: str, ident: str) -> bytes:
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    assessment = _sub(root, "assessment", ident=ident, title=title)
    _meta(assessment, {"cc_maxattempts": "1"})
    section = _sub(assessment, "section", ident="root_section")
    for n, q in enumerate(questions, 1):
        section.append(qti_item(q, f"{ident}_q{n}", n))
    return _xml(root)


def qti_package(questions: list[Question], title: str, name: str) -> bytes:
    """The QTI 1.2 zip (bytes, reproducible): ``imsmanifest.xml`` and
    ``<ident>/<ident>.xml``."""
    ident = _ident("assessment", name)
    manifest = ET.Element("manifest", identifier=_ident("manifest", name), xmlns=MANIFEST_NS)
    meta = _sub(manifest, "metadata")
    _sub(meta, "schema", "IMS Content")
    _sub(meta, "schemaversion", "1.1.3")
    _sub(manifest, "organizations")
    resources = _sub(manifest, "resources")
    resource = _sub(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    _sub(resource, "file", href=f"{ident}/{ident}.xml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in (
            ("imsmanifest.xml", _xml(manifest)),
            (f"{ident}/{ident}.xml", qti_assessment(questions, title, ident)),
        ):
            info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


# --- Moodle XML ----------------------------------------------------------------------------------


def _moodle_fraction(share: float) -> str:
    """The Moodle grade fraction nearest ``share`` (percent, sign kept)."""
    best = min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(share)))
    if abs(best - abs(share)) > 0.01:
        raise SelfcheckError(f"Moodle has no grade fraction {abs(share):.4g}%: too many choices")
    return f"{'-' if share < 0 else ''}{best:.5g}"


def _text(parent: ET.Element, tag: str, html: str, **attrib) -> ET.Element:
    element = _sub(parent, tag, format="html", **attrib)
    _sub(element, "text", html)
    return element


def moodle_question(q: Question, name: str) -> ET.Element:
    spec = q.spec
    qtype = "multichoice" if spec.kind == "choice" else "numerical"
    question = ET.Element("question", type=qtype)
    _sub(_sub(question, "name"), "text", name)
    _text(question, "questiontext", _question_html(q))
    _text(question, "generalfeedback", _general_feedback(q))
    _sub(question, "defaultgrade", "1")
    _sub(question, "penalty", "0.3333333")
    _sub(question, "hidden", "0")
    if spec.kind == "choice":
        _sub(question, "single", "false" if spec.select_all else "true")
        _sub(question, "shuffleanswers", "false")  # explanations may say "the other way round"
        _sub(question, "answernumbering", "ABCD")
        right = sum(c.correct for c in spec.choices)
        wrong = len(spec.choices) - right
        for choice in spec.choices:
            if choice.correct:
                fraction = _moodle_fraction(100 / right)
            else:
                fraction = _moodle_fraction(-100 / wrong) if spec.select_all else "0"
            answer = _text(question, "answer", q.html(choice.label), fraction=fraction)
            verdict = "Correct." if choice.correct else "Not quite."
            _text(answer, "feedback", f"<p><strong>{verdict}</strong> "
                                      f"{q.html(choice.why.text)}</p>")  # fmt: skip
        return question
    right, wrong = _numeric_feedback(q)
    answer = _sub(question, "answer", fraction="100", format="moodle_auto_format")
    _sub(answer, "text", _number(spec.answer))
    _sub(answer, "tolerance", _number(_tolerance(spec)))
    _text(answer, "feedback", f"<p><strong>Correct.</strong> {right}</p>")
    other = _sub(question, "answer", fraction="0", format="moodle_auto_format")
    _sub(other, "text", "*")  # any other answer
    _sub(other, "tolerance", "0")
    _text(other, "feedback", wrong)
    _sub(question, "unitgradingtype", "0")
    _sub(question, "showunits", "3")  # no unit to type: the question says it
    return question


def moodle_xml(questions: list[Question], category: str) -> bytes:
    """A Moodle XML file: a category question, then every question."""
    quiz = ET.Element("quiz")
    cat = _sub(quiz, "question", type="category")
    _sub(_sub(cat, "category"), "text", f"$course$/top/{category}")
    for n, q in enumerate(questions, 1):
        quiz.append(moodle_question(q, f"{category} {n}: {q.title}"))
    return _xml(quiz)
