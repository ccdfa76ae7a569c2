"""The kit's HTML: docutils nodes and fragments written as small, self-contained HTML.

The slide deck and the exam bank are single files outside the Sphinx theme, so they carry
their own markup: maths as MathML written here (``_ext/offline_assets``' converter, which the
pages use too; no MathJax), cross-references as the text the page shows (links would point into
a page the file does not know), code cells left out (the solution's prose carries the numbers).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx import addnodes

from ..offline_assets import _tex_to_mathml
from .content import Fragment, Refs, _in_cell

_INLINE = ((nodes.strong, "strong"), (nodes.emphasis, "em"), (nodes.literal, "code"),
           (nodes.subscript, "sub"), (nodes.superscript, "sup"))  # fmt: skip
_BLOCK = ((nodes.paragraph, "p"), (nodes.bullet_list, "ul"), (nodes.list_item, "li"),
          (nodes.block_quote, "blockquote"), (nodes.definition_list, "dl"),
          (nodes.term, "dt"), (nodes.definition, "dd"))  # fmt: skip
_SKIP = (nodes.literal_block, nodes.raw, nodes.comment, nodes.target, nodes.system_message,
         nodes.title, nodes.subtitle, nodes.footnote_reference, nodes.caption)  # fmt: skip


def math(tex: str, display: bool = False) -> str:
    return _tex_to_mathml(tex, "block" if display else "inline")


def node_html(node: nodes.Node, refs: Refs) -> str:
    """HTML of ``node`` and its children (prose only: cells, titles and raw output dropped)."""
    if isinstance(node, nodes.Text):
        return escape(str(node))
    if isinstance(node, nodes.math):
        return math(node.astext())
    if isinstance(node, nodes.math_block):
        return f'<div class="math">{math(node.astext(), True)}</div>'
    if isinstance(node, addnodes.pending_xref):
        return escape(refs.text(node))
    if (
        isinstance(node, nodes.raw)
        and node.get("format") == "html"
        and isinstance(node.parent, nodes.TextElement)
        and len(node.astext()) < 200
    ):
        return node.astext()  # inline HTML the chapter wrote (the key figure's <span>)
    if isinstance(node, _SKIP) or _in_cell(node):
        return ""
    if isinstance(node, nodes.container) and (
        "cell" in node.get("classes", []) or node.get("nb_element")
    ):
        return ""
    inner = "".join(node_html(c, refs) for c in node.children)
    if isinstance(node, nodes.inline) and "key-figure-number" in node.get("classes", []):
        return f"<strong>{inner}</strong>"  # the hook's key figure (a slide shows it large)
    if isinstance(node, nodes.inline) and "pasted-text" in node.get("classes", []):
        return f'<span class="glued">{inner}</span>'
    for kind, tag in _INLINE:
        if isinstance(node, kind):
            return f"<{tag}>{inner}</{tag}>"
    if isinstance(node, nodes.enumerated_list):
        start = node.get("start", 1)
        attr = f' start="{start}"' if start != 1 else ""
        return f"<ol{attr}>{inner}</ol>"
    for kind, tag in _BLOCK:
        if isinstance(node, kind):
            return f"<{tag}>{inner}</{tag}>"
    if isinstance(node, nodes.table):
        return _table(node, refs)
    return inner


def _table(table: nodes.table, refs: Refs) -> str:
    rows = []
    for part in table.findall(lambda n: isinstance(n, (nodes.thead, nodes.tbody))):
        cell = "th" if isinstance(part, nodes.thead) else "td"
        for row in part.findall(nodes.row):
            cells = "".join(f"<{cell}>{node_html(e, refs)}</{cell}>" for e in row.children)
            rows.append(f"<tr>{cells}</tr>")
    return f'<div class="table-wrap"><table>{"".join(rows)}</table></div>'


def children_html(node: nodes.Node, refs: Refs) -> str:
    return "".join(node_html(c, refs) for c in node.children)


def fragments_html(parts: list[Fragment]) -> str:
    out = []
    for kind, text in parts:
        if kind == "num":
            out.append(f"<strong>{escape(text)}</strong>")
        elif kind == "math":
            out.append(math(text))
        elif kind == "b":
            out.append(f"<b>{escape(text)}</b>")
        elif kind == "i":
            out.append(f"<i>{escape(text)}</i>")
        elif kind == "code":
            out.append(f"<code>{escape(text)}</code>")
        else:
            out.append(escape(text))
    return "".join(out).strip()


def fragments_nodes(parts: list[Fragment]) -> list[nodes.Node]:
    """The same fragments as docutils nodes, for the teaching page (the HTML writer draws the
    maths as the rest of the book's)."""
    out: list[nodes.Node] = []
    for kind, text in parts:
        if kind == "num":
            out.append(nodes.strong(text, text, classes=["answer-key-number"]))
        elif kind == "math":
            out.append(nodes.math(text, text))
        elif kind == "b":
            out.append(nodes.strong(text, text))
        elif kind == "i":
            out.append(nodes.emphasis(text, text))
        elif kind == "code":
            out.append(nodes.literal(text, text))
        else:
            out.append(nodes.Text(text))
    return out


PAGE_CSS = (Path(__file__).with_name("static") / "page.css").read_text(encoding="utf-8")


def page(title: str, body: str, *, css: str = PAGE_CSS) -> str:
    """A complete, self-contained HTML page (no link to any file or origin)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


_TEX = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)


def tex_to_mathml(text: str) -> str:
    """``\\(...\\)`` and ``\\[...\\]`` in HTML (the LMS quiz text) as MathML."""
    from html import unescape

    def replace(match) -> str:
        inline, block = match.groups()
        return math(unescape(inline if inline is not None else block), block is not None)

    return _TEX.sub(replace, text)
