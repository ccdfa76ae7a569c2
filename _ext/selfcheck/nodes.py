"""The doctree nodes of a question (written by :mod:`.writers`)."""

from __future__ import annotations

from docutils import nodes


class selfcheck(nodes.General, nodes.Element):  # noqa: N801  (docutils node naming)
    """The whole question: ``<div class="selfcheck">`` with data for the script."""


class selfcheck_fieldset(nodes.General, nodes.Element):  # noqa: N801
    """``<fieldset>``: legend, stem, inputs and the controls."""


class selfcheck_legend(nodes.Part, nodes.TextElement):  # noqa: N801
    """``<legend>``: the question (inline Markdown)."""


class selfcheck_choice(nodes.Part, nodes.TextElement):  # noqa: N801
    """One ``<input>`` with its ``<label>`` (the choice text, inline Markdown)."""


class selfcheck_numeric(nodes.General, nodes.Element):  # noqa: N801
    """A labelled text input for a number, with its unit."""


class selfcheck_controls(nodes.General, nodes.Element):  # noqa: N801
    """The Check button (hidden until the script runs) and the aria-live feedback region."""


class selfcheck_answer(nodes.General, nodes.Element):  # noqa: N801
    """``<details class="selfcheck-answer">``: the answer and every explanation."""


class selfcheck_why(nodes.General, nodes.Element):  # noqa: N801
    """One explanation; ``key`` is a choice index or a feedback name, read by the script."""


NODES = (
    selfcheck,
    selfcheck_fieldset,
    selfcheck_legend,
    selfcheck_choice,
    selfcheck_numeric,
    selfcheck_controls,
    selfcheck_answer,
    selfcheck_why,
)
