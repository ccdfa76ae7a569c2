"""The ``selfcheck`` directive: a parsed :class:`~.parsing.Spec` turned into nodes, with every
piece of text parsed as MyST Markdown by the running parser."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .nodes import (
    selfcheck,
    selfcheck_answer,
    selfcheck_choice,
    selfcheck_controls,
    selfcheck_fieldset,
    selfcheck_legend,
    selfcheck_numeric,
    selfcheck_why,
)
from .parsing import (
    LETTERS,
    VERDICT_RIGHT,
    VERDICT_WRONG,
    Block,
    SelfcheckError,
    parse,
    tolerance_phrase,
    with_unit,
)


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
        "tests": directives.unchanged,
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
