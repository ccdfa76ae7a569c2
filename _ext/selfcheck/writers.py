"""Writing the nodes: HTML (inputs, a Check button and the folded answer) and, for every other
builder (LaTeX, text, ...), plain standard nodes."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as sc

# --- HTML ---------------------------------------------------------------------------------


def _attr(value: Any) -> str:
    from html import escape

    return escape(str(value), quote=True)


def visit_selfcheck_html(self, node: sc.selfcheck) -> None:
    data = {"data-kind": node["kind"]}
    if node["kind"] == "choice":
        data["data-select"] = "all" if node["select_all"] else "one"
    else:
        data["data-answer"] = node["answer"]
        data["data-tolerance"] = node["tolerance"]
        data["data-relative"] = "true" if node["relative"] else "false"
    attrs = " ".join(f'{k}="{_attr(v)}"' for k, v in data.items())
    self.body.append(f'<div class="selfcheck" id="{_attr(node["qid"])}" {attrs}>\n')


def depart_selfcheck_html(self, node: sc.selfcheck) -> None:
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


def visit_choice_html(self, node: sc.selfcheck_choice) -> None:
    qid, i = node["qid"], node["index"]
    self.body.append(
        f'<div class="selfcheck-choice">'
        f'<input type="{node["input_type"]}" name="{qid}" id="{qid}-{i}" value="{i}">'
        f'<label for="{qid}-{i}"><span class="selfcheck-letter">{node["letter"]}.</span> '
    )


def depart_choice_html(self, node) -> None:
    self.body.append("</label></div>\n")


def visit_numeric_html(self, node: sc.selfcheck_numeric) -> None:
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


def visit_controls_html(self, node: sc.selfcheck_controls) -> None:
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


def visit_why_html(self, node: sc.selfcheck_why) -> None:
    correct = "true" if node["correct"] else "false"
    self.body.append(
        f'<div class="selfcheck-why" data-key="{_attr(node["key"])}" data-correct="{correct}">\n'
    )


def depart_why_html(self, node) -> None:
    self.body.append("</div>\n")


def _skipped(self, node) -> None:  # departure of a node whose visit raised SkipNode
    pass


HTML_VISITORS = {
    sc.selfcheck: (visit_selfcheck_html, depart_selfcheck_html),
    sc.selfcheck_fieldset: (visit_fieldset_html, depart_fieldset_html),
    sc.selfcheck_legend: (visit_legend_html, depart_legend_html),
    sc.selfcheck_choice: (visit_choice_html, depart_choice_html),
    sc.selfcheck_numeric: (visit_numeric_html, _skipped),
    sc.selfcheck_controls: (visit_controls_html, _skipped),
    sc.selfcheck_answer: (visit_answer_html, depart_answer_html),
    sc.selfcheck_why: (visit_why_html, depart_why_html),
}


# --- other builders: plain text -------------------------------------------------------------


class SelfcheckToText(SphinxPostTransform):
    """For non-HTML output (LaTeX, text, man, ...): standard nodes, no inputs."""

    default_priority = 100

    def is_supported(self) -> bool:
        return getattr(self.app.builder, "format", "") != "html"

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(sc.selfcheck)):
            node.replace_self(_as_text(node))


def _as_text(node: sc.selfcheck) -> nodes.container:
    out = nodes.container(classes=["selfcheck"])
    fieldset = node.next_node(sc.selfcheck_fieldset)
    items = nodes.container(classes=["selfcheck-choices"])
    for child in fieldset.children:
        if isinstance(child, sc.selfcheck_legend):
            para = nodes.paragraph()
            para += nodes.strong("", "Self-check:")
            para += nodes.Text(" ")
            para += child.children
            out += para
        elif isinstance(child, sc.selfcheck_choice):
            # Letters written out: the text builder numbers any list 1, 2, 3.
            items += nodes.paragraph("", f"{child['letter']}. ", *child.children)
        elif isinstance(child, sc.selfcheck_numeric):
            unit = f" (in {child['unit']})" if child["unit"] else ""
            out += nodes.paragraph("", f"Your answer{unit}: ______")
        elif isinstance(child, sc.selfcheck_controls):
            continue
        else:
            out += child
    if len(items):
        out += items
    answer = node.next_node(sc.selfcheck_answer)
    box = nodes.container(classes=["selfcheck-answer"])
    for child in answer.children:
        if isinstance(child, sc.selfcheck_why):
            box += child.children
        else:
            box += child
    out += box
    return out
