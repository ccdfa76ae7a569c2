"""Accessibility fixes for HTML that docutils and myst-nb write (axe-core rules in brackets).

The theme's own markup is fixed by template overrides in ``_templates/`` (see
``_templates/README.md``); the three problems below come from Python code (node visitors, a
theme function), so they are fixed there, not by editing the built HTML:

* **Citations** (``aria-required-children``, critical; ``aria-deprecated-role``): docutils
  0.21 writes the bibliography as ``<div role="list">`` holding ``<div
  role="doc-biblioentry">`` items. ARIA 1.2 deprecates ``doc-biblioentry`` and a ``list``
  must own ``listitem`` children, so each entry becomes ``role="listitem"``.
* **Hidden code cells** (``label-content-name-mismatch``, serious): myst-nb writes
  ``<summary aria-label="Toggle hidden content">`` around the visible text "Show code cell
  source", so speech users cannot say what they see. The summary is written without the
  ``aria-label``: its visible text is its name.
* **Sidebar sub-page toggles** (``summary-name``, serious): pydata-sphinx-theme builds the
  sidebar in Python (``generate_toctree_html``) and gives each expandable entry a
  ``<summary>`` holding only a chevron icon, so the toggle has no name. The function is
  wrapped (on ``html-page-context``, after the theme adds it) to name each toggle after its
  entry, e.g. "Pages in For teachers". No template can reach this markup.

``tests/browser/test_accessibility.py`` runs axe-core on every page and fails on any
serious or critical violation, which is what keeps these fixes honest when docutils or
myst-nb change. Editing this file rewrites every page (``accessibility_fingerprint``, see
``_ext/_assets.py``).
"""

from __future__ import annotations

from html import escape

from docutils import nodes

from ._assets import register_fingerprint


def visit_citation(self, node: nodes.citation) -> None:
    """docutils' ``visit_citation`` with ``role="listitem"`` for each entry."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node: nodes.citation) -> None:
    """docutils' ``depart_citation`` (unchanged; registered with the visitor above)."""
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def visit_hidden_cell_input(self, node) -> None:
    """myst-nb's ``visit_HideCellInput`` without the ``aria-label`` on ``<summary>``."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hidden_cell_input(self, node) -> None:
    self.body.append("</details>\n")


def name_sidebar_toggles(html: str) -> str:
    """Give every unnamed ``<summary>`` of the theme's sidebar an ``aria-label``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for summary in soup.select("li > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item else None
        title = link.get_text(" ", strip=True) if link else ""
        summary["aria-label"] = f"Pages in {title}" if title else "Pages in this part"
    return str(soup)


def wrap_toctree(app, pagename, templatename, context, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "_names_toggles", False):
        return

    def generate_toctree_html(kind, *args, **kwargs):
        result = generate(kind, *args, **kwargs)
        # str or markupsafe.Markup (a str): keep its type
        return type(result)(name_sidebar_toggles(result)) if isinstance(result, str) else result

    generate_toctree_html._names_toggles = True
    context["generate_toctree_html"] = generate_toctree_html


def setup(app):
    from myst_nb.sphinx_ import HideCodeCellNode

    app.setup_extension("myst_nb")  # so that our visitors replace myst-nb's, not the reverse
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.add_node(
        HideCodeCellNode,
        override=True,
        html=(visit_hidden_cell_input, depart_hidden_cell_input),
    )
    # After pydata-sphinx-theme's add_toctree_functions (default priority 500).
    app.connect("html-page-context", wrap_toctree, priority=900)
    register_fingerprint(app, "accessibility", [__file__], rebuild="html")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
