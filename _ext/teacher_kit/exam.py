"""A chapter's exam bank: one printable HTML file.

Part A, multiple choice and numeric: every self-check question of the chapter (the same
``selfcheck`` blocks as the page and the LMS quizzes). Part B, short answer: first the questions
written for the exam (:mod:`.bank`, ``questions/<chapter>.yml``), each with its marks and a model
answer whose computed numbers are this build's glued values; then every exercise a student can do
without a kernel (marked ``web``, or unmarked), its model answer the chapter's worked solution.
Part C, discussion and essay: the teaching page's discussion questions and the essay prompts
written for the exam, marked with the rubrics. The answers follow on a new page, so the
questions print as a paper.
"""

from __future__ import annotations

from html import escape

from ..selfcheck.parsing import LETTERS, with_unit
from .render import children_html, page, tex_to_mathml
from .rubrics import rubric_html


def _choices(q) -> str:
    items = "".join(f"<li>{tex_to_mathml(q.html(c.label))}</li>" for c in q.spec.choices)
    return f'<ol class="choices" type="A">{items}</ol>'


def question_html(q) -> str:
    """A self-check's question (and choices), without its answer."""
    spec = q.spec
    text = f"<p>{tex_to_mathml(q.html(spec.question))}</p>"
    if spec.stem:
        text += f"<p>{tex_to_mathml(q.html(spec.stem.text))}</p>"
    if spec.kind == "choice":
        note = " <em>Select all that apply.</em>" if spec.select_all else ""
        return text + note + _choices(q)
    unit = f" in {escape(spec.unit)}" if spec.unit else ""
    return text + f"<p><em>Give a number{unit}.</em></p>"


def answer_html(q) -> str:
    spec = q.spec
    if spec.kind == "choice":
        right = [LETTERS[i] for i, c in enumerate(spec.choices) if c.correct]
        why = "".join(
            f"<li><strong>{LETTERS[i]}</strong>: {tex_to_mathml(q.html(c.why.text))}</li>"
            for i, c in enumerate(spec.choices)
        )
        head = f"<p>Answer: <strong>{', '.join(right)}</strong></p><ul>{why}</ul>"
    else:
        head = f"<p>Answer: <strong>{escape(with_unit(spec.answer_text, spec.unit))}</strong></p>"
    if "explanation" in spec.feedback:
        head += f"<p>{tex_to_mathml(q.html(spec.feedback['explanation'].text))}</p>"
    return head


def _numbered(kind: str, part: str, items: list[str], heads: list[str] | None = None,
              start: int = 1) -> list[str]:  # fmt: skip
    """Questions (``kind="question"``, ids ``a1``, ``a2``...) or their answers, numbered A1..."""
    heads = heads or [""] * len(items)
    out = []
    for i, (html, head) in enumerate(zip(items, heads, strict=True), start):
        ident = f' id="{part.lower()}{i}"' if kind == "question" else ""
        out.append(f'<div class="{kind}"{ident}><h3>{part}{i}{head}</h3>{html}</div>')
    return out


def _marks(n: int) -> str:
    return f"{n} mark{'' if n == 1 else 's'}"


def exam_bank(kit) -> str:
    """The exam bank of a :class:`ChapterKit`."""
    from .bank import to_html

    refs = kit.refs
    short = [e for e in kit.exercises if e.mode != "notebook" and e.solution is not None]
    written = kit.bank.short if kit.bank else ()
    essays = kit.bank.essays if kit.bank else ()

    def html(text: str) -> str:
        return to_html(text, kit.name, kit.glued)

    body = [f"<h1>Exam bank: {escape(kit.title)}</h1>",
            f'<p class="muted">From <em>{escape(kit.book)}</em>, generated from the chapter at '
            "build time: the numbers are the chapter's own. Part A comes from its self-check "
            "questions; Part B from short-answer questions written for the exam and from its "
            "exercises (model answers: the worked solutions); Part C from the teaching page's "
            "discussion questions and essay prompts written for the exam.</p>",
            "<h2>Part A: multiple choice and numeric</h2>"]  # fmt: skip
    body += _numbered("question", "A", [question_html(q) for q in kit.questions])
    body.append("<h2>Part B: short answer</h2>")
    if written:
        body.append(f'<h3 class="part-head">Written for the exam ({_marks(kit.bank.marks)})</h3>'
                    "<p>Answer in two to five sentences; show any working.</p>")  # fmt: skip
        body += _numbered("question", "B", [html(q.question) for q in written],
                          [f" ({_marks(q.marks)})" for q in written])  # fmt: skip
        body.append('<h3 class="part-head">From the chapter\'s exercises</h3>')
    heads = [f" ({escape(e.number)}, about {e.minutes} minutes)" for e in short]
    body += _numbered("question", "B", [children_html(e.node, refs) for e in short], heads,
                      start=len(written) + 1)  # fmt: skip
    body.append("<h2>Part C: discussion and essay</h2>")
    if essays:
        body.append('<h3 class="part-head">Discussion questions</h3>')
    body.append("<ol>")
    # each item is a list item already: its children go in this list's <li>
    body += [f"<li>{children_html(item, refs)}</li>" for item in kit.discussion]
    body.append("</ol><p>Mark spoken or short written answers with the first rubric, an essay "
                "or a one-page memo on any of them with the second.</p>")  # fmt: skip
    if essays:
        body.append('<h3 class="part-head">Essay and policy-memo prompts</h3>'
                    "<p>About 1,000 words, or a one-page memo; marked with the essay rubric "
                    "below.</p>")  # fmt: skip
        body += _numbered("question", "C", [html(e.prompt) for e in essays])
    body += [rubric_html("discussion"), rubric_html("essay")]
    body.append('<h2 class="page-break">Answers</h2><h3>Part A</h3>')
    body += _numbered("answer", "A", [answer_html(q) for q in kit.questions])
    body.append("<h3>Part B: model answers</h3>")
    body += _numbered("answer", "B", [html(q.answer) for q in written],
                      [f" ({_marks(q.marks)})" for q in written])  # fmt: skip
    body += _numbered("answer", "B", [children_html(e.solution, refs) for e in short],
                      start=len(written) + 1)  # fmt: skip
    if essays:
        body.append("<h3>Part C: what a strong essay covers</h3>"
                    "<p>Mark with the essay rubric: a strong answer (level 4 on most criteria) "
                    "covers these points, with the chapter's model and sources.</p>")  # fmt: skip
        points = ["<ul>" + "".join(f"<li>{html(p)}</li>" for p in e.points) + "</ul>"
                  for e in essays]  # fmt: skip
        body += _numbered("answer", "C", points)
    return page(f"Exam bank: {kit.title}", "\n".join(body))
