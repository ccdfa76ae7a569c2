"""Self-check questions with instant feedback: no kernel, no network, keyboard friendly.

A local Sphinx extension (``_config.yml``, ``sphinx: local_extensions``) that adds the MyST
directive ``selfcheck``. A package split by build phase, as sphinx-exercise is:
:mod:`.parsing` (the syntax, no Sphinx), :mod:`.nodes` and :mod:`.directive`, :mod:`.writers`
(HTML and plain text), :mod:`.export` (plain Markdown for notebooks), and ``static/``.

Two kinds of question:

* **choice** (the default): one correct answer (radio buttons), or with ``:select-all:``
  "select all that apply" (checkboxes). Every choice carries an explanation, shown when the
  reader picks it and presses *Check*: why it is right, or which misconception it reflects.
* **numeric** (``:type: numeric``): ``:answer:``, ``:tolerance:`` (absolute, or relative as
  ``2%``; default 0) and ``:unit:``; feedback for too low, too high and correct, plus a general
  explanation.

Every question may say what it tests: ``:tests: reasoning`` (the default: predict a direction,
apply a formula, read a chart, pick the economic explanation) or ``:tests: recall`` (remember a
case fact, a date, a place, who said what, an institution's rule or a definition). The page does
not show it; the book's chapters state it on every block, and a chapter keeps recall to at most
a quarter of its questions (``tests/test_chapter_structure.py``).

Syntax (the question is the directive argument, or, when that is empty, the first paragraph of
the block, which may wrap over several lines; optional extra question text follows it)::

    ```{selfcheck} In a small importing country, who bears a tariff?
    - [ ] Foreign exporters.
      Not in a small country: it cannot move the world price, so ...
    - [x] Domestic buyers.
      Right: the domestic price rises by the full tariff ...
    - explanation: (optional for choice questions) shown with the answer.
    ```

    ```{selfcheck} A 25% ad valorem tariff on an \\$80 good: what is the duty?
    :type: numeric
    :answer: 20
    :tolerance: 0.01
    :unit: dollars
    - too low: ...
    - too high: ...
    - correct: ...
    - explanation: 25% of \\$80 is $0.25 \\times 80 = 20$ dollars.
    ```

A choice is one line ``- [x] text`` (correct) or ``- [ ] text``; its explanation is the
indented lines below it. Feedback blocks start with ``- too low:``, ``- too high:``,
``- correct:`` or ``- explanation:``; their text may go on in indented lines. All text is
MyST Markdown (inline maths, ``{term}``, cross-references), parsed by the MyST parser.
A malformed block is a build error that names the file, the line and the problem.

HTML: ``<fieldset>`` with the question as ``<legend>``, real ``<input type=radio|checkbox>``
with ``<label>`` (numeric: a labelled text input), a *Check* button and an
``aria-live="polite"`` feedback region; the verdict is words ("Correct." / "Not quite."),
not only colour. Without JavaScript the button stays hidden and the answer with every
explanation is in a ``<details class="selfcheck-answer">`` (print CSS can open it by that
class). ``static/selfcheck.js|css`` are copied to ``_static/selfcheck/`` of the
built site and added only to pages that hold a question. Other builders (LaTeX, text, ...)
get plain text: question, lettered choices, answer and explanations.

``as_markdown(argument, options, body, roles=...)`` (:mod:`.export`) returns the same question
as plain Markdown (for notebooks opened in JupyterLab or Colab): question, choices, and the
answer with its explanations inside ``<details>``. :mod:`.lms` writes a chapter's questions as
quiz files for learning platforms (QTI 1.2 and Moodle XML; ``_ext/teaching_files.py`` runs it
when the book is built).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .._assets import register_fingerprint, ship_page_assets
from .directive import SelfcheckDirective
from .export import as_markdown
from .nodes import NODES, selfcheck
from .parsing import SelfcheckError, Spec, parse, parse_number
from .writers import HTML_VISITORS, SelfcheckToText

__all__ = ["SelfcheckError", "Spec", "as_markdown", "parse", "parse_number", "setup"]
__version__ = "1.0.0"

HERE = Path(__file__).resolve().parent
STATIC_SRC = HERE / "static"
#: Where the assets go in the built site (under the output's _static/, not the book's).
STATIC_OUT = "selfcheck"
ASSETS_JS = ("selfcheck.js",)
ASSETS_CSS = ("selfcheck.css",)


# --- assets, only on pages with a question (shipped by _ext/_assets.py) ------------------


def _has_question(app: Sphinx, pagename: str, context: dict, doctree) -> bool:
    return doctree is not None and next(iter(doctree.findall(selfcheck)), None) is not None


def setup(app: Sphinx) -> dict[str, Any]:
    # An "env" value: a new version of the directive or its markup rebuilds every page.
    assets = [STATIC_SRC / name for name in (*ASSETS_JS, *ASSETS_CSS)]
    code = sorted(HERE.glob("*.py"))
    register_fingerprint(app, "selfcheck", [*code, *assets], rebuild="env")
    for node_class in NODES:
        app.add_node(node_class, html=HTML_VISITORS[node_class])
    app.add_directive("selfcheck", SelfcheckDirective)
    app.add_post_transform(SelfcheckToText)
    ship_page_assets(app, STATIC_OUT, STATIC_SRC, (*ASSETS_CSS, *ASSETS_JS), _has_question)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
