"""Tables made by code cells are numbered and referenced as tables, not as figures.

A code cell whose output is a table is captioned with myst-nb's cell metadata::

    mystnb:
      figure:
        caption: ...
        name: tbl-evidence

myst-nb wraps the output in a ``figure`` node, so Sphinx would number it in the figures'
sequence ("Fig. 2.3") and ``{numref}`` would say "Fig.". This extension re-types every such
figure whose name starts with ``tbl-`` (:data:`PREFIX`) as a :class:`code_table`: a figure
node that Sphinx's std domain numbers as a ``table`` (``app.add_enumerable_node``). So

* its caption reads "Table 2.1", in the same sequence as the chapter's ``{table}``
  directives (in page order), and ``{numref}`` says "Table 2.1";
* the figures are numbered without it (no gaps);
* the caption is moved above the output, where a table's caption goes, and its permalink
  says "Link to this table".

The HTML is the figure's own (``<figure class="code-table">`` with a ``<figcaption>``):
valid HTML for a captioned table. The downloadable notebooks number the same way
(``_ext/notebook_export.py``, :func:`is_table_name`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from ._assets import register_fingerprint

#: names (``mystnb.figure.name``) of the code-cell figures that are tables
PREFIX = "tbl-"
#: the class of the re-typed node's ``<figure>`` (not "table": Bootstrap styles that one)
CSS_CLASS = "code-table"


def is_table_name(name: str) -> bool:
    """Is a code cell's figure with this name a table? (``"tbl-evidence"`` -> True)."""
    return str(name).startswith(PREFIX)


class code_table(nodes.figure):  # noqa: N801 (docutils' node naming)
    """A code cell's captioned output that is a table: numbered as a ``table``."""


class RetypeCodeTables(SphinxTransform):
    """Replace each figure named ``tbl-...`` by a :class:`code_table`, caption first.

    Runs before the std domain records labels (``SphinxDomains``, priority 850), so the
    label's node is already a table when Sphinx numbers it.
    """

    default_priority = 700

    def apply(self, **kwargs) -> None:
        for figure in list(self.document.findall(nodes.figure)):
            if isinstance(figure, code_table):
                continue
            if not any(is_table_name(name) for name in figure["names"] + figure["ids"]):
                continue
            table = code_table(figure.rawsource, *figure.children, **figure.attributes)
            table.source, table.line = figure.source, figure.line
            table["classes"].append(CSS_CLASS)
            caption = next((c for c in table.children if isinstance(c, nodes.caption)), None)
            legend = any(isinstance(c, nodes.legend) for c in table.children)
            if caption is not None and not legend:  # a table's caption goes above it
                table.remove(caption)
                table.insert(0, caption)
            figure.replace_self(table)
            for ident in table["ids"]:  # the explicit target now points at the new node
                self.document.ids[ident] = table


def visit_code_table(self, node: code_table) -> None:
    node["_body_start"] = len(self.body)
    self.visit_figure(node)


def depart_code_table(self, node: code_table) -> None:
    """Close the figure; a caption put first is closed (``</figcaption>``) right after
    itself, since docutils closes it at the figure's end, expecting it last."""
    start = node.attributes.pop("_body_start", 0)
    if not node.children or not isinstance(node.children[0], nodes.caption):
        self.depart_figure(node)
    else:
        opened = self.body.index("<figcaption>\n", start)
        end = self.body.index("</p>\n", opened)  # the caption's paragraph (inline content)
        self.body.insert(end + 1, "</figcaption>\n")
        self.body.append("</figure>\n")
    for i in range(start, len(self.body)):  # the caption's permalink (Sphinx: "image")
        if 'title="Link to this image"' in self.body[i]:
            self.body[i] = self.body[i].replace("Link to this image", "Link to this table")


def setup(app: Sphinx) -> dict:
    app.add_enumerable_node(code_table, "table", html=(visit_code_table, depart_code_table))
    app.add_transform(RetypeCodeTables)
    register_fingerprint(app, "code_tables", [__file__], rebuild="env")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
