"""Glossary pop-ups: a term link shows its definition on hover or keyboard focus, offline.

A local Sphinx extension (``_config.yml``, ``sphinx.local_extensions``). Every
``{term}`` reference in a page is written as the usual link to the glossary, followed by
its definition in a hidden ``role="tooltip"`` element that the link names with
``aria-describedby``; the definition text is copied from ``glossary.md`` at build time,
so nothing is fetched when a page is read (it works on ``file://`` pages too).

* CSS (``glossary_tips/glossary_tips.css``) shows the tip while the pointer is over the
  term or the tip itself (hoverable) and while the link has keyboard focus; it stays until
  the pointer or focus leaves (persistent). Screen readers read the definition as the
  link's description.
* A tiny script (``glossary_tips/glossary_tips.js``) closes an open tip with Escape
  (dismissable, WCAG 1.4.13) and keeps a tip inside the window.
* Both files are shipped as ``<outdir>/_static/glossary_tips/`` and added only to pages
  that hold a term link (``_ext/_assets.py``; not from the book's ``_static/``, which Jupyter
  Book 1 adds to every page).
* Incremental builds: Sphinx rewrites only pages whose own source changed, but a tip copies
  text from ``glossary.md``. Each page's term references are recorded when it is read; after
  reading, every page that uses a term whose definition changed (added, edited, removed) is
  written again (``env-get-updated``). A change to this file or its assets re-reads every
  page (the ``glossary_tips_fingerprint`` config value).

Other builders (LaTeX, text) keep the plain link.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ._assets import is_html, register_fingerprint, ship_page_assets

__version__ = "1.1.0"

ASSETS = Path(__file__).with_name("glossary_tips")
FILES = ("glossary_tips.css", "glossary_tips.js")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _snapshot)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-updated", _pages_with_changed_terms)
    app.connect("doctree-resolved", _attach_tips)
    ship_page_assets(app, "glossary_tips", ASSETS, FILES, _page_has_tips)
    # "env": the tips are put into doctrees, so a new version of this code re-reads every page.
    register_fingerprint(
        app, "glossary_tips", [__file__, *(ASSETS / f for f in FILES)], rebuild="env"
    )
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


def _definitions(env) -> dict[str, tuple[str, str, str]]:
    """``term anchor id -> (docname, definition text, term text in lower case)``."""
    if not hasattr(env, "glossary_tips"):
        env.glossary_tips = {}
    return env.glossary_tips


def _uses(env) -> dict[str, set[str]]:
    """``docname -> term names (lower case) it references with {term}``."""
    if not hasattr(env, "glossary_tips_uses"):
        env.glossary_tips_uses = {}
    return env.glossary_tips_uses


def _by_term(store: dict[str, tuple[str, str, str]]) -> dict[str, set[tuple[str, str]]]:
    """``term name (lower case) -> {(anchor, definition)}``: what a page's tips show."""
    out: dict[str, set[tuple[str, str]]] = {}
    for anchor, entry in store.items():
        if len(entry) == 3:  # an environment pickled by an older version may hold pairs
            out.setdefault(entry[2], set()).add((anchor, entry[1]))
    return out


def _snapshot(app: Sphinx) -> None:
    """The definitions as the previous build left them (before any page is re-read)."""
    app._glossary_tips_before = _by_term(_definitions(app.env))  # type: ignore[attr-defined]


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    store = _definitions(app.env)
    for item in doctree.findall(nodes.definition_list_item):
        terms = [child for child in item.children if isinstance(child, nodes.term)]
        definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
        if not terms or definition is None:
            continue
        text = re.sub(r"\s+", " ", definition.astext()).strip()
        for term in terms:
            name = re.sub(r"\s+", " ", term.astext()).strip().lower()
            for anchor in term.get("ids", []):
                if anchor.startswith("term-"):
                    store[anchor] = (docname, text, name)
    used = {
        re.sub(r"\s+", " ", str(ref.get("reftarget", ""))).strip().lower()
        for ref in doctree.findall(addnodes.pending_xref)
        if ref.get("refdomain") == "std" and ref.get("reftype") == "term"
    }
    if used:
        _uses(app.env)[docname] = used


def _purge(app: Sphinx, env, docname: str) -> None:
    store = _definitions(env)
    for anchor in [a for a, entry in store.items() if entry[0] == docname]:
        del store[anchor]
    _uses(env).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:
    _definitions(env).update(getattr(other, "glossary_tips", {}))
    _uses(env).update(getattr(other, "glossary_tips_uses", {}))


def _pages_with_changed_terms(app: Sphinx, env) -> list[str]:
    """Pages (not re-read themselves) whose tips show a definition that changed."""
    before = getattr(app, "_glossary_tips_before", None)
    if before is None:
        return []
    after = _by_term(_definitions(env))
    changed = {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}
    app._glossary_tips_before = after  # type: ignore[attr-defined]
    if not changed:
        return []
    return sorted(doc for doc, used in _uses(env).items() if used & changed)


def _is_term_link(node: nodes.reference) -> bool:
    return any("std-term" in child.get("classes", []) for child in node.findall(nodes.inline))


def _attach_tips(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not is_html(app):
        return
    store = _definitions(app.env)
    count = 0
    for ref in list(doctree.findall(nodes.reference)):
        if not _is_term_link(ref):
            continue
        anchor = (ref.get("refuri") or "").rpartition("#")[2] or ref.get("refid", "")
        entry = store.get(anchor)
        if entry is None or entry[0] == docname:  # the glossary itself: no tip on its own page
            continue
        count += 1
        tip_id = f"gloss-tip-{count}"
        href = ref.get("refuri") or f"#{ref.get('refid')}"
        title = html.escape(ref.astext())
        markup = (
            f'<span class="gloss"><a class="reference internal gloss-ref" '
            f'href="{html.escape(href, quote=True)}" aria-describedby="{tip_id}">'
            f'<span class="xref std std-term">{title}</span></a>'
            f'<span class="gloss-tip" role="tooltip" id="{tip_id}">{html.escape(entry[1])}</span>'
            "</span>"
        )
        ref.replace_self(nodes.raw("", markup, format="html"))


def _page_has_tips(app: Sphinx, pagename: str, context: dict, doctree) -> bool:
    return doctree is not None and any(
        'class="gloss"' in node.astext() for node in doctree.findall(nodes.raw)
    )
