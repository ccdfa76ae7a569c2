"""Marking rubrics with levels, for the discussion questions and the essay (policy memo).

Written once here, shown in the teacher's guide (the directive ``{kit-rubric} discussion``)
and in every chapter's exam bank, so the two never differ. Four levels, each a description of
work at that level; a mark is the sum of the levels (or the level most criteria reach).
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive

LEVELS = ("4 Excellent", "3 Good", "2 Developing", "1 Beginning")

RUBRICS: dict[str, dict] = {
    "discussion": {
        "title": "Discussion questions (spoken or a short written answer)",
        "criteria": {
            "Economic reasoning": (
                "States the mechanism with the chapter's model (who moves which price, which area "
                "or payoff changes) and its assumptions, and says when it would fail.",
                "Uses the right model and mechanism; an assumption is left implicit.",
                "Names the right idea but the mechanism is incomplete or partly wrong.",
                "Restates opinion or the case's facts with no mechanism.",
            ),
            "Evidence": (
                "Brings the chapter's figures or studies, each with its source and date, and says "
                "what they can and cannot show.",
                "Uses figures or studies from the chapter, with their source.",
                "Mentions evidence vaguely (\u201cstudies show\u201d) or without its source.",
                "No evidence, or evidence that contradicts the claim unnoticed.",
            ),
            "Other side and the case": (
                "Weighs the strongest counter-argument and applies the answer to the 2025 case.",
                "Acknowledges a counter-argument or applies the answer to the case.",
                "Mentions the case without using it to test the answer.",
                "One-sided; the case is absent or misdescribed.",
            ),
        },
    },
    "essay": {
        "title": "Essay or one-page policy memo",
        "criteria": {
            "Question and argument": (
                "A precise answer in the first paragraph; every paragraph serves it.",
                "A clear answer; a paragraph or two drift from it.",
                "The answer appears only at the end or hedges every way.",
                "No answer to the question asked.",
            ),
            "Economic analysis": (
                "Uses the chapter's model correctly, with a diagram or a worked number, and "
                "separates what the model assumes from what it predicts.",
                "Uses the model correctly in words; the link to a diagram or number is thin.",
                "Uses the model's vocabulary with errors (legal and economic incidence mixed up, "
                "a welfare area misread).",
                "No economic model, or a model misapplied throughout.",
            ),
            "Evidence and sources": (
                "Every figure from the book's data or a cited study, with its date; primary "
                "sources checked; limits of the evidence stated.",
                "Figures sourced and dated; limits not discussed.",
                "Some figures unsourced or out of date.",
                "Figures typed from memory or from the news with no source.",
            ),
            "Judgement and writing": (
                "Weighs who gains and who loses, recommends and says what would change the "
                "recommendation; clear, short sentences.",
                "A reasoned recommendation with the main trade-off; clear.",
                "A recommendation that ignores the trade-offs, or hard to follow.",
                "No recommendation, or one the analysis does not support.",
            ),
        },
    },
}


def rubric_rows(kind: str) -> list[tuple[str, tuple[str, ...]]]:
    return list(RUBRICS[kind]["criteria"].items())


def rubric_html(kind: str) -> str:
    from html import escape

    head = "".join(f'<th scope="col">{escape(level)}</th>' for level in LEVELS)
    rows = "".join(
        f'<tr><th scope="row">{escape(name)}</th>' + "".join(f"<td>{escape(c)}</td>" for c in cells)
        + "</tr>" for name, cells in rubric_rows(kind)
    )  # fmt: skip
    return (
        f'<div class="table-wrap"><table class="rubric">'
        f"<caption>Rubric: {escape(RUBRICS[kind]['title'])}</caption>"
        f'<thead><tr><th scope="col">Criterion</th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


class RubricDirective(Directive):
    """``{kit-rubric} discussion``: the rubric as a table."""

    required_arguments = 1
    has_content = False

    def run(self):
        kind = self.arguments[0].strip()
        if kind not in RUBRICS:
            raise self.error(f"kit-rubric: unknown rubric {kind!r}; known: {sorted(RUBRICS)}")
        table = nodes.table(classes=["kit-rubric"])
        table += nodes.title(RUBRICS[kind]["title"], RUBRICS[kind]["title"])
        group = nodes.tgroup(cols=len(LEVELS) + 1)
        table += group
        for _ in range(len(LEVELS) + 1):
            group += nodes.colspec(colwidth=1)

        def row(cells):
            r = nodes.row()
            for text in cells:
                r += nodes.entry("", nodes.paragraph(text, text))
            return r

        thead = nodes.thead()
        thead += row(("Criterion", *LEVELS))
        tbody = nodes.tbody()
        for name, cells in rubric_rows(kind):
            tbody += row((name, *cells))
        group += thead
        group += tbody
        return [table]
