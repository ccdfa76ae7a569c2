"""What the teacher's kit takes from a chapter, read from the build's doctrees.

Everything is found by structure, never by line: the objectives are the admonition titled
"Learning objectives", the hook is the chapter's opening paragraphs (and its ``key-figure``
box), a chart is a ``vegaEmbed`` output (its caption the enclosing figure's), an exercise is a
sphinx-exercise node with its solution, a discussion question an item of the teaching page's
"Discussion questions" list. So the kit follows the chapters when their sections move.

Glued numbers are myst-nb's ``pasted-text`` inlines, already formatted as the page shows them.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

#: Names of sphinx-exercise's node classes (matched by name: the package is not imported).
EXERCISE_NODES = {"exercise_node", "exercise_enumerable_node"}
SOLUTION_NODES = {"solution_node", "solution_start_node"}
NUMBER = re.compile(r"\d")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\\$“])")
PREFIX = {"exercise": "Exercise", "figure": "Fig.", "table": "Table", "code-block": "Listing"}


def _name(node: nodes.Node) -> str:
    return type(node).__name__


def _in_cell(node: nodes.Node) -> bool:
    """Inside a code cell (its source or outputs): not prose."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and (
            "cell" in parent.get("classes", []) or parent.get("nb_element")
        ):
            return True
        if isinstance(parent, (nodes.literal_block, nodes.raw)):
            return True
        parent = parent.parent
    return False


# --- cross-references as text -------------------------------------------------------------------


@dataclass
class Refs:
    """Turns an unresolved cross-reference into the text the page shows."""

    fignumbers: dict  # env.toc_fignumbers
    labels: dict  # std domain labels: name -> (docname, id, section title)
    titles: dict  # docname -> title text
    bibliography: dict = field(default_factory=dict)  # key -> (authors, year)

    @classmethod
    def from_env(cls, env) -> Refs:
        from .. import notebook_export as nx

        return cls(
            env.toc_fignumbers,
            dict(env.domaindata["std"]["labels"]),
            {d: t.astext() for d, t in env.titles.items()},
            nx.load_bibliography(),
        )

    def number(self, target: str, kinds=None) -> tuple[str, str] | None:
        for by_kind in self.fignumbers.values():
            for kind, numbers in by_kind.items():
                if (kinds is None or kind in kinds) and target in numbers:
                    return kind, ".".join(map(str, numbers[target]))
        return None

    def text(self, node: addnodes.pending_xref) -> str:
        kind, target = node.get("reftype"), node.get("reftarget", "")
        if node.get("refexplicit"):
            return node.astext()
        if kind == "eq":
            found = self.number(f"equation-{target}", {"displaymath"})
            return f"({found[1]})" if found else node.astext()
        if kind == "numref":
            found = self.number(target)
            return f"{PREFIX.get(found[0], found[0].title())} {found[1]}" if found else target
        if node.get("refdomain") == "cite":
            authors, year = self.bibliography.get(target, (target, ""))
            return f"{authors} ({year})" if kind == "t" else f"({authors} {year})"
        if kind == "ref" and target in self.labels:
            return self.labels[target][2] or self.titles.get(self.labels[target][0], target)
        if kind == "doc":
            return self.titles.get(target.lstrip("./"), node.astext())
        return node.astext()


# --- a piece of prose as fragments ----------------------------------------------------------------

#: ``(kind, text)``: ``text`` (plain), ``num`` (a glued value), ``math`` (TeX), or ``b``, ``i``,
#: ``code`` (bold, italic, code).
Fragment = tuple[str, str]


def fragments(node: nodes.Node, refs: Refs) -> list[Fragment]:
    out: list[Fragment] = []
    for child in node.children:
        if isinstance(child, nodes.Text):
            out.append(("text", str(child)))
        elif isinstance(child, nodes.inline) and "pasted-text" in child.get("classes", []):
            out.append(("num", child.astext()))
        elif isinstance(child, nodes.math):
            out.append(("math", child.astext()))
        elif isinstance(child, addnodes.pending_xref):
            out.append(("text", refs.text(child)))
        elif isinstance(child, (nodes.footnote_reference, nodes.target, nodes.system_message)):
            continue
        elif isinstance(child, nodes.literal):
            out.append(("code", child.astext()))
        elif isinstance(child, (nodes.strong, nodes.emphasis)):
            tag = "b" if isinstance(child, nodes.strong) else "i"
            inner = fragments(child, refs)
            out += inner if any(k != "text" for k, _ in inner) else [(tag, child.astext())]
        else:
            out += fragments(child, refs)
    return out


def sentences(parts: list[Fragment]) -> list[list[Fragment]]:
    """Split a paragraph's fragments into sentences (only plain text ends one)."""
    merged: list[Fragment] = []
    for kind, text in parts:  # docutils splits text at soft line breaks: join it first
        text = re.sub(r"\s+", " ", text) if kind == "text" else text
        if kind == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + text)
        else:
            merged.append((kind, text))
    out: list[list[Fragment]] = [[]]
    for kind, text in merged:
        if kind != "text":
            out[-1].append((kind, text))
            continue
        pieces = SENTENCE_END.split(text)
        for i, piece in enumerate(pieces):
            if i:
                out.append([])
            if piece:
                out[-1].append(("text", piece))
    return [s for s in out if s]


def text(node: nodes.Node, refs: Refs) -> str:
    """A node's text as the page shows it (cross-references as their text)."""
    parts = fragments(node, refs)
    return re.sub(r"\s+", " ", "".join(f"${t}$" if k == "math" else t for k, t in parts)).strip()


def is_number(text: str) -> bool:
    return bool(NUMBER.search(text)) and len(text) <= 24


# --- the chapter ------------------------------------------------------------------------------


@dataclass
class Chart:
    slug: str
    number: str  # "Fig. 2.2", or "" for a chart outside a numbered figure
    caption: str
    description: str
    source: str
    spec: dict
    #: the title of the page the chart is on when that is not the chapter (a page whose charts
    #: the chapter's kit packs: :data:`~_ext.teacher_kit.FIGURES_FROM`), else ""
    page: str = ""


@dataclass
class Exercise:
    label: str
    number: str
    title: str
    mode: str  # "web", "notebook" or ""
    #: its ``minutes-N`` class (:func:`_ext.chapter_tools.declared_minutes`), else the default
    minutes: int
    node: nodes.Element
    solution: nodes.Element | None
    #: ``[(part, [sentence, ...])]``: the solution's sentences that carry glued numbers, by part
    #: ("" outside a numbered list), each sentence a list of fragments.
    key: list[tuple[str, list[list[Fragment]]]] = field(default_factory=list)

    @property
    def numbers(self) -> list[str]:
        return [t for _, sents in self.key for s in sents for k, t in s if k == "num"]


def chapter_title(doctree: nodes.document) -> str:
    title = doctree.next_node(nodes.title)
    return title.astext() if title else ""


def objectives(doctree: nodes.document) -> list[nodes.list_item]:
    for admonition in doctree.findall(nodes.admonition):
        title = admonition.next_node(nodes.title)
        if title is not None and title.astext().strip().lower() == "learning objectives":
            lists = [n for n in admonition.findall(nodes.enumerated_list)]
            lists += [n for n in admonition.findall(nodes.bullet_list)]
            return [item for item in lists[0].children] if lists else []
    return []


def hook(doctree: nodes.document) -> tuple[list[nodes.paragraph], nodes.Element | None]:
    """The opening paragraphs (before the first subsection) and the ``key-figure`` box."""
    top = doctree.next_node(nodes.section)
    paragraphs = []
    for child in top.children if top else []:
        if isinstance(child, nodes.section):
            break
        if isinstance(child, nodes.paragraph):
            paragraphs.append(child)
    key = next(
        (n for n in doctree.findall(nodes.Element) if "key-figure" in n.get("classes", [])), None
    )
    return paragraphs, key


_DESCRIPTION = re.compile(
    r'<p class="chart-description"[^>]*>(?:Chart description:\s*)?(.*?)</p>', re.S
)
_SOURCE = re.compile(r'<p class="chart-source">(.*?)</p>', re.S)
_TABLE_CAPTION = re.compile(r'<table class="chart-table"><caption>(.*?)</caption>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub("", fragment))).strip()


def vega_specs(raw: str) -> list[dict]:
    """The Vega-Lite specs of the ``vegaEmbed`` calls in an output's HTML (Altair's template:
    ``(function(spec, embedOpt){...})({spec}, {options});``)."""
    decoder = json.JSONDecoder()
    specs = []
    for match in re.finditer(r"\}\)\(\s*\{", raw):
        try:
            spec, _ = decoder.raw_decode(raw, match.end() - 1)
        except json.JSONDecodeError:
            continue
        if "$schema" in spec:
            specs.append(spec)
    return specs


def charts(doctree: nodes.document, refs: Refs, docname: str, page: str = "") -> list[Chart]:
    """The charts a page shows, in order; ``page``: its title, for a page other than the
    chapter whose kit they go in."""
    found: list[Chart] = []
    for raw in doctree.findall(nodes.raw):
        html_text = raw.astext()
        if "vegaEmbed(" not in html_text:
            continue
        figure = raw.parent
        while figure is not None and not isinstance(figure, nodes.figure):
            figure = figure.parent
        caption = figure.next_node(nodes.caption) if figure is not None else None
        ident = (figure.get("ids") or [""])[0] if figure is not None else ""
        numbered = refs.number(ident, {"figure"}) if ident else None
        description = _DESCRIPTION.search(html_text)
        source = _SOURCE.search(html_text)
        table = _TABLE_CAPTION.search(html_text)
        for i, spec in enumerate(vega_specs(html_text)):
            # no figure: the chart's own words (its description's first sentence, and what its
            # data table says it shows) are the caption
            title = " ".join(
                _plain(m.group(1)).split(". ")[0].rstrip(".") + "."
                for m in (description, table) if m is not None
            )  # fmt: skip
            slug = ident or f"chart-{len(found) + 1}"
            found.append(
                Chart(
                    slug=slug if i == 0 else f"{slug}-{i + 1}",
                    number=f"Fig. {numbered[1]}" if numbered else "",
                    caption=text(caption, refs) if caption else _plain(str(title)),
                    description=_plain(description.group(1)) if description else "",
                    source=_plain(source.group(1)) if source else "",
                    spec=spec,
                    page=page,
                )
            )
    return found


def _part(paragraph: nodes.Node, solution: nodes.Node) -> str:
    """The number of the outermost numbered-list item holding ``paragraph`` in ``solution``."""
    part, node = "", paragraph
    while node is not None and node is not solution:
        parent = node.parent
        if isinstance(node, nodes.list_item) and isinstance(parent, nodes.enumerated_list):
            part = str(parent.get("start", 1) + parent.index(node))
        node = parent
    return part


def answer_key(solution: nodes.Element, refs: Refs) -> list[tuple[str, list[list[Fragment]]]]:
    key: dict[str, list[list[Fragment]]] = {}
    for paragraph in solution.findall(nodes.paragraph):
        if _in_cell(paragraph):
            continue
        for sentence in sentences(fragments(paragraph, refs)):
            if any(k == "num" and is_number(t) for k, t in sentence):
                key.setdefault(_part(paragraph, solution), []).append(
                    [(k if k != "num" or is_number(t) else "text", t) for k, t in sentence]
                )
    return sorted(key.items(), key=lambda kv: (kv[0] != "", int(kv[0] or 0)))


def exercises(doctree: nodes.document, refs: Refs, default_minutes: int = 10) -> list[Exercise]:
    """The chapter's exercises; one without a ``minutes-N`` class counts ``default_minutes``."""
    from ..chapter_tools import declared_minutes

    solutions = {
        n.get("target_label"): n
        for n in doctree.findall(nodes.Element)
        if _name(n) in SOLUTION_NODES
    }
    out = []
    for node in doctree.findall(nodes.Element):
        if _name(node) not in EXERCISE_NODES:
            continue
        label = node.get("label", "")
        found = refs.number(label, {"exercise"})
        strong = next((s for s in node.findall(nodes.strong) if not _in_cell(s)), None)
        classes = node.get("classes", [])
        mode = "notebook" if "notebook" in classes else "web" if "web" in classes else ""
        solution = solutions.get(label)
        out.append(
            Exercise(
                label=label,
                number=f"Exercise {found[1]}" if found else "Exercise",
                title=strong.astext().rstrip(".") if strong else "",
                mode=mode,
                minutes=declared_minutes(classes) or default_minutes,
                node=node,
                solution=solution,
                key=answer_key(solution, refs) if solution is not None else [],
            )
        )
    return out


def section_list(doctree: nodes.document, title: str) -> list[nodes.list_item]:
    """The items of the first list in the section titled ``title`` (a teaching page's
    "Discussion questions")."""
    for section in doctree.findall(nodes.section):
        head = section.next_node(nodes.title)
        if head is not None and head.astext().strip() == title:
            lst = section.next_node(
                lambda n: isinstance(n, (nodes.enumerated_list, nodes.bullet_list))
            )
            return list(lst.children) if lst is not None else []
    return []
