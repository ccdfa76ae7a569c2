"""Turn a MyST chapter into a plain Jupyter notebook a teacher can download or open in Colab.

Used by ``scripts/make_notebooks.py`` (``make notebooks`` writes ``notebooks/<name>.ipynb``)
and by the tests; ``_ext/chapter_tools.py`` copies the written files into the built site.

A generated notebook is the chapter read by Jupytext, with:

* no outputs, kernelspec ``python3``, deterministic cell ids (``cell-000``, ...) and no
  Jupytext metadata, so regenerating an unchanged chapter gives identical bytes;
* a setup cell after the title (:func:`setup_cell_source`): a no-op when ``import widgets``
  works, otherwise it clones the book's repository and installs its ``requirements.txt``;
* each captioned output's caption in a Markdown cell, numbered as on the site: a table's
  (a figure named ``tbl-...``) before the code cell that makes it, as the site puts a table's
  caption above it, a figure's after;
* Markdown that plain JupyterLab, Jupyter Notebook and Colab render (:func:`to_markdown`):
  MyST roles and directives are replaced as listed in :data:`ROLE_NAMES` and
  :data:`DIRECTIVES`; any other role or directive is an error naming it, so a new one is
  noticed rather than shown raw.

Glued numbers (``{glue:text}`name:fmt```) are pasted as text, formatted as myst-nb formats
them. The values come from :func:`glue_values`: the build's executed notebook
(``<build>/jupyter_execute/chapters/<name>.glue.json``) when its code cells equal the
chapter's and the build is current (:func:`_ext.build_cache.build_is_current`: its stamp is
today's hash of ``widgets/``, ``data/`` and the environment); otherwise from executing the
chapter with nbclient.

Why not ``sphinx-tojupyter`` (QuantEcon's builder; 0.6.0 tried on the seven chapters,
2026-12, as an extra extension with ``--builder custom --custom-builder jupyter``): it numbers
as the site does and pastes glue values, but it wrote **no code cells** (every myst-nb cell
became a fenced ````ipython3`` block in Markdown, so nothing runs), shows solutions and
self-check answers unfolded, links terms and citations to ``../glossary.ipynb`` and
``../bibliography.ipynb`` (dead in a single downloaded notebook), has no setup cell for Colab,
and needs a whole-book Sphinx build. This module does those things; it took from the
comparison the site's numbering ("Fig. 2.1", "(2.1)", "Exercise 2.1").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jupytext
import nbformat

from .build_cache import build_is_current
from .code_tables import is_table_name
from .selfcheck import as_markdown as selfcheck_markdown
from .toc import chapter_docnames as chapter_docnames  # re-exported for older callers
from .toc import chapter_numbers
from .toc import docnames as toc_docnames

ROOT = Path(__file__).resolve().parent.parent

#: Roles the converter understands; any other ``{role}`...``` in a chapter is an error.
ROLE_NAMES = ("term", "glue", "glue:text", "glue:", "glue:any", "cite:p", "cite:t", "ref", "doc")
ROLE_NAMES += ("numref", "eq")
#: Admonitions titled by their name ("Note", "Tip", ...): a quote block, or ``<details>``
#: with ``:class: dropdown``.
NAMED_ADMONITIONS = (
    "note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error",
    "seealso",
)  # fmt: skip
#: Every directive the converter writes (see :func:`convert_directive`); any other is an error.
DIRECTIVES = (
    "admonition", *NAMED_ADMONITIONS, "dropdown", "exercise", "solution", "solution-start",
    "solution-end", "table", "math", "selfcheck", "div",
)  # fmt: skip
#: A chapter's key figure (``:::{div} key-figure``, COMMON layout): its number in bold.
KEY_FIGURE_RE = re.compile(r'<span class="key-figure-number">(?P<number>.*?)</span>\s*', re.S)

ROLE_RE = re.compile(r"\{(?P<name>[a-z][\w:+-]*)\}`(?P<text>[^`]+)`")
TARGET_RE = re.compile(r"^\s*\((?P<label>[\w:.-]+)\)=\s*$")
LABELLED_MATH_END_RE = re.compile(
    r"^(?P<indent>[ \t]*)\$\$[ \t]*\((?P<label>[\w:.-]+)\)[ \t]*$", re.M
)
ROLE_OR_CODE_RE = re.compile(ROLE_RE.pattern + r"|(?P<code>`+)[^`]+(?P=code)")
COMMENT_RE = re.compile(r"^%.*$")
EXPLICIT_TITLE_RE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$", re.S)


class ConversionError(ValueError):
    """A chapter uses something the converter cannot write as plain Markdown."""


# --- glue values ------------------------------------------------------------------------------


def format_glue(data: Mapping[str, Any], key: str, fmt_spec: str = "s") -> str:
    """The text myst-nb pastes for ``{glue:text}`key:fmt_spec```, from a glued output's data."""
    from myst_nb.core.variables import format_plain_text

    if "text/plain" not in data:
        raise ConversionError(f"glue {key!r} has no text/plain value")
    return format_plain_text(data["text/plain"], fmt_spec)


def glue_from_outputs(nb: nbformat.NotebookNode) -> dict[str, dict]:
    """``{name: data}`` of every ``glue(...)`` output of an executed notebook (as myst-nb)."""
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            prefix = meta.get("mime_prefix", "")
            values[meta["name"]] = {
                k[len(prefix) :]: v
                for k, v in output.get("data", {}).items()
                if k.startswith(prefix)
            }
    return values


def _code_sources(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source.strip() for c in nb.cells if c.cell_type == "code"]


def glue_values(chapter: Path, build: Path | None = None, *, timeout: int = 600) -> dict:
    """Glued values of ``chapter``: from the build's executed copy when it is current
    (same code cells, and :func:`build_is_current`: widgets/ and data/ unchanged since),
    otherwise by executing the chapter (kernel ``python3``, run in the chapter's folder,
    as the book does)."""
    chapter = Path(chapter)
    source_nb = jupytext.read(chapter)
    if build is not None and build_is_current(build):
        rel = chapter.resolve().relative_to(ROOT).with_suffix("")
        executed = Path(build) / "jupyter_execute" / rel.with_suffix(".ipynb")
        glue_file = executed.with_name(rel.name + ".glue.json")
        if executed.is_file() and glue_file.is_file():
            built = nbformat.read(executed, as_version=4)
            if _code_sources(built) == _code_sources(source_nb):
                return {k: v.get("data", {}) for k, v in json.loads(glue_file.read_text()).items()}
    from nbclient import NotebookClient

    nb = jupytext.read(chapter)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": chapter.parent}}
    ).execute()
    return glue_from_outputs(nb)


# --- bibliography and titles ------------------------------------------------------------------


def _last_names(persons) -> list[str]:
    return [" ".join(p.last_names) or " ".join(p.first_names) for p in persons]


def author_year(entry) -> tuple[str, str]:
    """(authors, year) as the book cites them: "A", "A and B" or "A et al."."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = _last_names(persons)
    if not names:
        names = [entry.fields.get("organization") or entry.fields.get("institution") or "Anon."]
    names = [re.sub(r"[{}]", "", n) for n in names]
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return who, entry.fields.get("year", "n.d.")


def load_bibliography(path: Path = ROOT / "references.bib") -> dict[str, tuple[str, str]]:
    from pybtex.database import parse_file

    return {key: author_year(e) for key, e in parse_file(str(path)).entries.items()}


def document_titles(root: Path = ROOT) -> tuple[dict[str, str], dict[str, str]]:
    """``(labels, docs)``: the title under each ``(label)=`` heading target, and each
    document's first heading, keyed by docname (``chapters/tariffs``), for every document
    of ``_toc.yml``. Headings are read from markdown-it tokens, so a ``# comment`` inside a
    code block or the front matter is not a heading."""
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = _parser().use(front_matter_plugin)
    labels, docs = {}, {}
    for docname in toc_docnames(root):
        path = root / f"{docname}.md"
        if not path.is_file():
            continue
        tokens = parser.parse(path.read_text(encoding="utf-8"))
        pending = None
        for i, token in enumerate(tokens):
            if token.type == "heading_open":
                title = tokens[i + 1].content.strip()
                docs.setdefault(docname, title)
                if pending:
                    labels[pending] = title
                pending = None
            elif token.type == "inline" and tokens[i - 1].type == "paragraph_open":
                target = TARGET_RE.match(token.content)
                pending = target.group("label") if target else None
            elif token.nesting >= 0 and token.type not in ("paragraph_open", "inline"):
                pending = None  # a code block, list, rule... between a target and a heading
    return labels, docs


# --- Markdown conversion ----------------------------------------------------------------------


@dataclass
class Context:
    """What a chapter's Markdown refers to: glue values, bibliography, titles, numbers."""

    glue: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    bibliography: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    docs: Mapping[str, str] = field(default_factory=dict)
    #: the chapter's number in the book ("2"): numbers are "2.1", "2.2", ... as on the site
    chapter: str = ""
    #: figure/table names -> "Fig. 2.1" / "Table 2.1"; equation labels -> "2.1"
    numbers: dict[str, str] = field(default_factory=dict)
    equations: dict[str, str] = field(default_factory=dict)
    #: exercise label -> number ("2.1"); counters
    exercises: dict[str, str] = field(default_factory=dict)
    #: the numbers of the chapter's {table} directives, in order
    tables: list[str] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    docname: str = ""
    #: ``selfcheck.as_markdown(argument, options, body, roles=...)``
    selfcheck: Callable[..., str] | None = None

    def next(self, kind: str) -> str:
        """The next number of ``kind`` ("figure", "table", "exercise"), as the site shows it."""
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.numbered(self.counters[kind])

    def numbered(self, n: int) -> str:
        return f"{self.chapter}.{n}" if self.chapter else str(n)


def _split_explicit(text: str) -> tuple[str | None, str]:
    match = EXPLICIT_TITLE_RE.match(text.strip())
    if match:
        return match.group("title"), match.group("target").strip()
    return None, text.strip()


def _resolve_doc(target: str, ctx: Context) -> str:
    base = ctx.docname.rsplit("/", 1)[0] if "/" in ctx.docname else ""
    parts = [] if target.startswith("/") else ([base] if base else [])
    path = "/".join([*parts, target.lstrip("/")])
    stack: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if stack:
                stack.pop()
        elif part not in ("", "."):
            stack.append(part)
    return "/".join(stack)


def convert_role(name: str, text: str, ctx: Context) -> str:
    """Plain text for one MyST role."""
    where = f" in {ctx.docname}" if ctx.docname else ""
    if name == "term":
        title, target = _split_explicit(text)
        return title or target
    if name in ("glue", "glue:", "glue:any", "glue:text"):
        key, fmt = text.strip(), "s"
        if name == "glue:text" and ":" in key:
            key, fmt = key.rsplit(":", 1)
        if key not in ctx.glue:
            raise ConversionError(f"glue {key!r}{where} has no value (was the chapter executed?)")
        return format_glue(ctx.glue[key], key, fmt)
    if name in ("cite:p", "cite:t"):
        cites = []
        for key in (k.strip() for k in text.split(",")):
            if key not in ctx.bibliography:
                raise ConversionError(f"citation {key!r}{where} is not in references.bib")
            who, year = ctx.bibliography[key]
            cites.append(f"{who} {year}" if name == "cite:p" else f"{who} ({year})")
        return f"({'; '.join(cites)})" if name == "cite:p" else ", ".join(cites)
    if name == "ref":
        title, label = _split_explicit(text)
        if title:
            return title
        if label in ctx.labels:
            return ctx.labels[label]
        if label in ctx.exercises:
            return f"Exercise {ctx.exercises[label]}"
        raise ConversionError(f"{{ref}} target {label!r}{where} is not a heading label")
    if name == "doc":
        title, target = _split_explicit(text)
        if title:
            return title
        docname = _resolve_doc(target, ctx)
        if docname not in ctx.docs:
            raise ConversionError(f"{{doc}} target {target!r}{where} is not a document")
        return ctx.docs[docname]
    if name == "numref":
        title, label = _split_explicit(text)
        numbered = ctx.numbers.get(label) or book_numbering().numbers.get(label)
        if numbered is None:
            raise ConversionError(f"{{numref}} target {label!r}{where} is not a figure or table")
        kind, number = numbered.rsplit(" ", 1)
        return (
            title.replace("%s", number).replace("{number}", number) if title else f"{kind} {number}"
        )
    if name == "eq":
        label = text.strip()
        number = ctx.equations.get(label) or book_numbering().equations.get(label)
        if number is None:
            raise ConversionError(f"{{eq}} target {label!r}{where} is not a labelled equation")
        return f"({number})"
    raise ConversionError(f"role {{{name}}}{where} has no plain-Markdown form")


def convert_roles(text: str, ctx: Context) -> str:
    """Replace every MyST role in ``text`` (outside inline code spans) by plain text."""

    def replace(match: re.Match) -> str:
        if match.group("name") is None:
            return match.group(0)  # a code span: left alone
        return convert_role(match.group("name"), match.group("text"), ctx)

    return ROLE_OR_CODE_RE.sub(replace, text)


def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin

    return MarkdownIt("commonmark").use(colon_fence_plugin)


def parse_directive(content: str) -> tuple[dict[str, str], str]:
    """Split a directive's content into its options (``:key: value`` lines or a YAML
    ``---`` block) and its body."""
    lines = content.split("\n")
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        import yaml

        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            raise ConversionError("directive options block '---' is not closed")
        options = {k: str(v) for k, v in (yaml.safe_load("\n".join(lines[1:end])) or {}).items()}
        lines = lines[end + 1 :]
    else:
        while lines and (m := re.match(r"^:([\w-]+):\s*(.*)$", lines[0])):
            options[m.group(1)] = m.group(2).strip()
            lines = lines[1:]
    while lines and not lines[0].strip():
        lines = lines[1:]
    return options, "\n".join(lines).rstrip()


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))


def _details(summary: str, body: str) -> str:
    return f"<details>\n<summary>{summary}</summary>\n\n{body}\n\n</details>"


def convert_directive(name: str, argument: str, options: dict, body: str, ctx: Context) -> str:
    """Plain Markdown for one directive (body already converted, argument not yet)."""
    where = f" in {ctx.docname}" if ctx.docname else ""
    if name == "selfcheck":  # argument and body still hold their roles: as_markdown converts
        if ctx.selfcheck is None:
            raise ConversionError(f"selfcheck{where}: no selfcheck converter given")
        try:
            out = ctx.selfcheck(argument, options, body, roles=lambda t: convert_roles(t, ctx))
        except ValueError as error:
            raise ConversionError(f"selfcheck{where}: {error}") from error
        return out.strip()
    argument = convert_roles(argument, ctx).strip()
    dropdown = "dropdown" in options.get("class", "").split()
    if name in ("admonition", "dropdown", *NAMED_ADMONITIONS):
        title = argument if name in ("admonition", "dropdown") else name.capitalize()
        if name not in ("admonition", "dropdown") and argument:
            body = f"{argument}\n\n{body}".strip()
        if dropdown or name == "dropdown":
            return _details(title or "Details", body)
        return _quote(f"**{title}**\n\n{body}" if title else body)
    if name == "exercise":
        number = ctx.next("exercise")
        if options.get("label"):
            ctx.exercises[options["label"]] = number
        heading = f"### Exercise {number}" + (f": {argument}" if argument else "")
        return f"{heading}\n\n{body}"
    if name == "solution":
        label = argument.strip()
        return _details(_solution_title(label, ctx), body)
    if name == "table":
        number = ctx.tables.pop(0) if ctx.tables else "Table"
        caption = f"**{number}.** {argument}" if argument else f"**{number}.**"
        return f"{caption}\n\n{body}"
    if name == "div":  # a key figure (or any styled block): a quote, its number in bold
        return _quote(KEY_FIGURE_RE.sub(lambda m: f"**{m['number'].strip()}** ", body).strip())
    if name == "math":
        tag = ""
        if options.get("label") in ctx.equations:
            tag = f" \\tag{{{ctx.equations[options['label']]}}}"
        return f"$$\n{body}{tag}\n$$"
    raise ConversionError(f"directive {{{name}}}{where} has no plain-Markdown form")


def _solution_title(label: str, ctx: Context) -> str:
    if label in ctx.exercises:
        return f"Solution to Exercise {ctx.exercises[label]}"
    return "Solution"


def to_markdown(text: str, ctx: Context) -> str:
    """Plain Markdown for one MyST Markdown cell."""
    lines = text.split("\n")
    tokens = [
        t
        for t in _parser().parse(text)
        if t.type in ("fence", "colon_fence") and t.info.strip().startswith("{") and t.map
    ]
    # Work from the bottom so earlier line numbers stay valid.
    for token in sorted(tokens, key=lambda t: t.map[0], reverse=True):
        start, end = token.map
        indent = re.match(r"\s*", lines[start]).group(0)
        match = re.match(r"\{([\w:-]+)\}\s*(.*)$", token.info.strip(), re.S)
        if not match:
            continue
        name, argument = match.group(1), match.group(2)
        if name == "code-cell":
            raise ConversionError(f"code-cell inside a Markdown cell in {ctx.docname}")
        if name in ("solution-start", "solution-end"):
            continue  # handled per notebook: a solution may span several cells
        options, body = parse_directive(token.content)
        if name not in ("selfcheck", "math"):
            body = to_markdown(body, ctx)
        out = convert_directive(name, argument, options, body, ctx)
        lines[start:end] = [indent + line if line else line for line in out.split("\n")]
    text = "\n".join(lines)
    text = _plain_lines(text, ctx)
    return convert_roles(text, ctx)


def _plain_lines(text: str, ctx: Context) -> str:
    out = []
    for line in text.split("\n"):
        if TARGET_RE.match(line) or COMMENT_RE.match(line):
            continue
        eq = LABELLED_MATH_END_RE.match(line)
        if eq:
            number = ctx.equations.get(eq.group("label"))
            if out and number is not None:
                out[-1] = out[-1] + f" \\tag{{{number}}}"
            line = eq.group("indent") + "$$"
        out.append(line)
    return "\n".join(out)


#: What a currency dollar (``\$`` in a chapter) becomes in a notebook. JupyterLab and Notebook 7
#: typeset maths by scanning the rendered page for ``$`` pairs (MathJax 3), so ``\$`` and
#: ``&#36;`` (both ``$`` once rendered) and "US$" still pair into italic maths; an element of
#: MathJax's ``tex2jax_ignore`` class is skipped, and the entity keeps renderers that scan
#: the Markdown source (VS Code, Colab) from seeing a ``$``. Checked in JupyterLab 4
#: (tests/browser/test_lab.py).
LITERAL_DOLLAR = '<span class="tex2jax_ignore">&#36;</span>'
_DOLLAR_TOKEN_RE = re.compile(r"(?P<code>`+)|(?P<esc>\\\$)|(?P<math>\$\$?)|\\\\")


def literal_dollars(text: str) -> str:
    r"""Write each currency ``\$`` of Markdown as :data:`LITERAL_DOLLAR`; ``\$`` inside maths
    (a TeX dollar) and code stays.

    >>> literal_dollars(r"\$1 and $x = \$2$ and `\$3`")
    '<span class="tex2jax_ignore">&#36;</span>1 and $x = \\$2$ and `\\$3`'
    """
    out, math, code, fence = [], "", "", ""
    for line in text.split("\n"):
        stripped = line.lstrip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if fence or marker:
            if fence and marker and marker.group(1).startswith(fence):
                fence = ""
            elif not fence:
                fence = marker.group(1)
            out.append(line)
            continue
        pieces, pos = [], 0
        for m in _DOLLAR_TOKEN_RE.finditer(line):
            if m.group("code"):
                if not math:
                    code = "" if code == m.group("code") else (code or m.group("code"))
            elif code:
                continue
            elif m.group("esc") and not math:
                pieces += [line[pos : m.start()], LITERAL_DOLLAR]
                pos = m.end()
            elif m.group("math"):
                math = "" if math == m.group("math") else (math or m.group("math"))
        out.append("".join(pieces) + line[pos:])
    return "\n".join(out)


# --- solutions that span cells ------------------------------------------------------------------

SOLUTION_RE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{solution-(?P<kind>start|end)\}[ \t]*(?P<label>[^\n]*)\n"
    r"(?P<options>(?::[\w-]+:[^\n]*\n)*)(?P=fence)[ \t]*$",
    re.M,
)


#: A solution that spans cells (code cells in it) is folded as JupyterLab and Notebook 7 fold
#: cells: its cells carry ``jupyter.source_hidden`` (and code cells ``outputs_hidden``), shown
#: as a bar to click. These markers split the Markdown where the folded cells start and end.
FOLD_START = "<!-- solution folded from here -->"
FOLD_END = "<!-- solution folded to here -->"
FOLDED_NOTE = (
    "*The solution's cells are folded below: try the exercise first, then click a bar to show it.*"
)
FOLDED_MARKDOWN = {"jupyter": {"source_hidden": True}}
FOLDED_CODE = {"jupyter": {"source_hidden": True, "outputs_hidden": True}}


def _fold_parts(text: str, folded: bool) -> list[tuple[str, bool]]:
    """Split converted Markdown at :data:`FOLD_START` / :data:`FOLD_END`: ``[(text, folded)]``
    (empty parts dropped), starting ``folded`` (a solution opened in an earlier cell)."""
    parts = []
    for piece in re.split(f"({re.escape(FOLD_START)}|{re.escape(FOLD_END)})", text):
        if piece == FOLD_START:
            folded = True
        elif piece == FOLD_END:
            folded = False
        elif piece.strip():
            parts.append((piece.strip(), folded))
    return parts or [("", folded)]


def _convert_solution_fences(text: str, ctx: Context, open_label: list[str | None]) -> str:
    """``solution-start``/``solution-end`` fences: a ``<details>`` when both are in this
    cell, otherwise a heading before and a closing line after the solution's cells."""

    def replace(match: re.Match) -> str:
        if match.group("kind") == "start":
            label = match.group("label").strip()
            open_label.append(label)
            closes_here = SOLUTION_RE.search(text, match.end())
            title = _solution_title(label, ctx)
            if closes_here and closes_here.group("kind") == "end":
                return f"<details>\n<summary>{title}</summary>\n"
            return f"#### {title}\n\n{FOLDED_NOTE}\n\n{FOLD_START}"
        label = open_label.pop() if open_label else ""
        if open_label_in_cell.get(label):
            return "</details>"
        title = _solution_title(label, ctx)
        return f"{FOLD_END}\n\n*End of the {title[0].lower()}{title[1:]}.*"

    open_label_in_cell: dict[str, bool] = {}
    for m in SOLUTION_RE.finditer(text):
        if m.group("kind") == "start":
            nxt = SOLUTION_RE.search(text, m.end())
            open_label_in_cell[m.group("label").strip()] = bool(nxt and nxt.group("kind") == "end")
    return SOLUTION_RE.sub(replace, text)


# --- notebooks ----------------------------------------------------------------------------------

SETUP_TEMPLATE = """\
# Setup: run this cell first. Where the book's package `widgets` is installed (the course pack
# after `pip install -r requirements.txt`, `make lab`, Binder, a prepared JupyterHub) it does
# nothing. Otherwise it installs the package from the course pack's wheel found beside this
# notebook, or from the book's repository (Colab), or says what to do.
REPOSITORY = {repository!r}
BRANCH = {branch!r}


def _book_setup():
    import importlib
    import os
    import subprocess
    import sys
    from pathlib import Path

    class BookSetupError(RuntimeError):
        def _render_traceback_(self):  # IPython shows the message alone, no traceback
            return ["BookSetupError: " + str(self)]

    folders = [Path.cwd(), *Path.cwd().parents[:2]]
    try:
        import widgets  # noqa: F401  (the book's package: models, charts, explorers)
    except ImportError:
        wheels = sorted(w for f in folders for w in f.glob("trade_policy_book-*.whl"))
        if wheels:  # the course pack: its requirements.txt pins everything, the wheel included
            pack = wheels[-1].parent
            pins = pack / "requirements.txt"
            what = ["-r", pins.name] if pins.is_file() else [wheels[-1].name]
            print(f"Installing the book's package from {{pack}} ...")
            done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *what],
                                  cwd=pack)
            if done.returncode != 0:
                raise BookSetupError(
                    "pip could not install the course pack. In a terminal, in the folder "
                    f"{{pack}}, run:  pip install -r requirements.txt  (with the Python of this "
                    "notebook's kernel), then restart the kernel and run this cell again.")
        elif REPOSITORY:  # Colab, or a notebook downloaded alone: fetch the book
            clone = os.path.abspath(REPOSITORY.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git"))
            if not os.path.isdir(clone):
                subprocess.run(["git", "clone", "--depth", "1", "--branch", BRANCH, REPOSITORY,
                                clone], check=True)
            # requirements.txt holds "-e .": pip reads it relative to the current folder.
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-r",
                            "requirements.txt"], cwd=clone, check=True)
            sys.path.insert(0, clone)
        else:
            raise BookSetupError(
                "This notebook needs the book's Python package `widgets`, which this kernel "
                "does not have. Download the course pack (the .zip linked from the book's front "
                "page and teacher's guide), unzip it, and in a terminal in its folder run "
                "`pip install -r requirements.txt` and then `jupyter lab`; open this notebook "
                "from the pack's notebooks/ folder. In a clone of the book's repository, "
                "`pip install -r requirements.txt` there does the same.")
        importlib.invalidate_caches()
        import widgets  # noqa: F401
    data = importlib.import_module("widgets.data")
    if not (data.DATA_DIR / "datapackage.json").is_file():  # installed from a wheel
        found = [f / "data" for f in folders if (f / "data" / "datapackage.json").is_file()]
        if not found:
            raise BookSetupError(
                "The book's data folder was not found: keep this notebook in the course pack's "
                "notebooks/ folder, next to the pack's data/ folder.")
        data.DATA_DIR = found[0]
    # A live notebook draws the book's static figures as SVG in the kernel (vl-convert), not
    # with scripts from a CDN: they show offline, as the explorers do.
    try:
        importlib.import_module("widgets.charts.access").LIVE_SVG = True
    except ModuleNotFoundError:  # a package without the book's charts: nothing to draw
        pass


_book_setup()
import widgets  # noqa: E402,F401
"""


def setup_cell_source(repository: str = "", branch: str = "main") -> str:
    return SETUP_TEMPLATE.format(repository=repository, branch=branch).rstrip("\n")


def _cell_figure(cell: nbformat.NotebookNode) -> dict:
    """A code cell's myst-nb figure settings (``caption``, ``name``), or ``{}``."""
    return cell.metadata.get("mystnb", {}).get("figure", {})


def _numbering(nb: nbformat.NotebookNode, ctx: Context) -> list[tuple[int, str, str]]:
    """Number figures, tables and equations in order; return (cell index, name, caption)
    for every code cell with a myst-nb figure caption."""
    captions = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            figure = _cell_figure(cell)
            name = figure.get("name", "")
            if name or figure.get("caption"):
                # as on the site (_ext/code_tables.py): a "tbl-" name is a table, else a figure
                if is_table_name(name):
                    label = f"Table {ctx.next('table')}"
                else:
                    label = f"Fig. {ctx.next('figure')}"
                if name:
                    ctx.numbers[name] = label
                captions.append((i, label, str(figure.get("caption", "")).strip()))
            continue
        for label in _equation_labels(cell.source):
            ctx.equations[label] = ctx.numbered(len(ctx.equations) + 1)
        for m in re.finditer(r"\{table\}[^\n]*\n((?::[\w-]+:[^\n]*\n)*)", cell.source):
            label = f"Table {ctx.next('table')}"
            ctx.tables.append(label)
            name = re.search(r":name:\s*(\S+)", m.group(1))
            if name:
                ctx.numbers[name.group(1)] = label
    return captions


MATH_DIRECTIVE_RE = re.compile(
    r"^[ \t]*(?:`{3,}|:{3,})\{math\}[^\n]*\n"
    r"(?P<options>[ \t]*---\n(?:(?![ \t]*---\n)[^\n]*\n)*[ \t]*---\n"  # a YAML block
    r"|(?:[ \t]*:[\w-]+:[^\n]*\n)*)",  # or :label: eq-x lines
    re.M,
)


def _equation_labels(source: str) -> list[str]:
    """Labels of the numbered equations of a Markdown cell, in order: ``$$ ... $$ (label)``
    and ``{math}`` directives with a ``:label:`` (or a YAML ``label:``)."""
    found = [(m.start(), m.group("label")) for m in LABELLED_MATH_END_RE.finditer(source)]
    for m in MATH_DIRECTIVE_RE.finditer(source):
        label = re.search(r"^[ \t]*:?label:[ \t]*(\S+)[ \t]*$", m.group("options"), re.M)
        if label:
            found.append((m.start(), label.group(1)))
    return [label for _, label in sorted(found)]


@cache
def book_numbering(root: Path = ROOT) -> Context:
    """Every chapter's figures, tables and equations numbered as on the site, in one context
    (``numbers``: ``{"fig-x": "Fig. 6.2"}``, ``equations``: ``{"eq-x": "6.3"}``), for a role
    that points into another chapter."""
    book = Context()
    numbers = chapter_numbers(root)
    for docname in chapter_docnames(root):
        ctx = Context(chapter=numbers.get(docname, ""), docname=docname)
        _numbering(jupytext.read(Path(root) / f"{docname}.md"), ctx)
        book.numbers |= ctx.numbers
        book.equations |= ctx.equations
    return book


def chapter_context(
    chapter: Path,
    glue: Mapping[str, Mapping[str, Any]],
    *,
    bibliography: Mapping[str, tuple[str, str]] | None = None,
    titles: tuple[dict, dict] | None = None,
    number: str | None = None,
) -> tuple[Context, nbformat.NotebookNode, dict[int, tuple[str, str]]]:
    """``(context, chapter as read by Jupytext, {cell index: (figure label, caption)})``: what
    the chapter's roles refer to, figures, tables, equations and exercises numbered as on the
    site. The notebook export and the quiz export (``_ext/selfcheck/lms.py``) share it."""
    chapter = Path(chapter).resolve()
    labels, docs = titles if titles is not None else document_titles()
    try:
        docname = chapter.relative_to(ROOT).with_suffix("").as_posix()
    except ValueError:
        docname = chapter.stem
    ctx = Context(
        glue=glue,
        bibliography=load_bibliography() if bibliography is None else bibliography,
        labels=labels,
        docs=docs,
        docname=docname,
        chapter=chapter_numbers().get(docname, "") if number is None else number,
        selfcheck=selfcheck_markdown,
    )
    source = jupytext.read(chapter)
    captions = dict((i, (label, cap)) for i, label, cap in _numbering(source, ctx))
    # exercises are numbered in a first pass so {ref} and solutions can name them
    for cell in source.cells:
        if cell.cell_type == "markdown":
            for m in re.finditer(r"\{exercise\}[^\n]*\n((?::[\w-]+:[^\n]*\n)*)", cell.source):
                n = ctx.numbered(len(ctx.exercises) + 1)
                label = re.search(r":label:\s*(\S+)", m.group(1))
                ctx.exercises[label.group(1) if label else f"#{n}"] = n
    return ctx, source, captions


def chapter_notebook(
    chapter: Path,
    glue: Mapping[str, Mapping[str, Any]],
    *,
    repository: str = "",
    branch: str = "main",
    bibliography: Mapping[str, tuple[str, str]] | None = None,
    titles: tuple[dict, dict] | None = None,
    number: str | None = None,
) -> nbformat.NotebookNode:
    """The downloadable notebook of one chapter (see the module docstring). Figures, tables,
    equations and exercises are numbered as on the site ("Fig. 2.1", "(2.1)"), after the
    chapter's ``number`` (default: its number in ``_toc.yml``, :func:`_ext.toc.chapter_numbers`)."""
    ctx, source, captions = chapter_context(
        chapter, glue, bibliography=bibliography, titles=titles, number=number
    )
    docname = ctx.docname
    cells = []
    open_solutions: list[str | None] = []
    ctx.counters.pop("exercise", None)
    folded = False
    for i, cell in enumerate(source.cells):
        if cell.cell_type == "markdown":
            text = _convert_solution_fences(cell.source, ctx, open_solutions)
            text = literal_dollars(to_markdown(text, ctx).strip())
            parts = _fold_parts(text, folded)
            for part, hidden in parts:
                if part:
                    meta = dict(FOLDED_MARKDOWN) if hidden else {}
                    cells.append(nbformat.v4.new_markdown_cell(part, metadata=meta))
            folded = parts[-1][1]
        elif cell.cell_type == "code":
            tags = cell.metadata.get("tags", [])
            metadata = {"tags": list(tags)} if tags else {}
            if folded:
                metadata.update(FOLDED_CODE)
            code = nbformat.v4.new_code_cell(cell.source, metadata=metadata)
            if i in captions:
                label, caption = captions[i]
                caption = convert_roles(" ".join(caption.split()), ctx)
                caption = literal_dollars(f"**{label}.** {caption}".strip())
                # as on the site (_ext/code_tables.py): a table's caption above it (before the
                # cell whose output it is), a figure's below
                table = is_table_name(_cell_figure(cell).get("name", ""))
                pair = [nbformat.v4.new_markdown_cell(caption), code]
                cells.extend(pair if table else pair[::-1])
            else:
                cells.append(code)
        else:
            cells.append(nbformat.v4.new_raw_cell(cell.source))
    if open_solutions:
        raise ConversionError(f"{docname}: solution-start without solution-end")

    setup = nbformat.v4.new_code_cell(
        setup_cell_source(repository, branch), metadata={"tags": ["setup"]}
    )
    at = 1 if cells and cells[0].cell_type == "markdown" and cells[0].source.startswith("#") else 0
    cells.insert(at, setup)
    for n, cell in enumerate(cells):
        cell["id"] = f"cell-{n:03d}"
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(nb)
    return nb


def notebook_text(nb: nbformat.NotebookNode) -> str:
    """The bytes written to ``notebooks/<name>.ipynb`` (stable: sorted keys, final newline)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def launch_settings(root: Path = ROOT) -> dict[str, str]:
    """The ``launch_*`` settings of ``_config.yml`` (``sphinx: config:``)."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    return {k: str(v or "") for k, v in sphinx_config.items() if k.startswith("launch_")}
