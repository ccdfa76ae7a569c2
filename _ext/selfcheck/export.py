"""A ``selfcheck`` block as plain Markdown, for the downloadable notebooks (JupyterLab, Colab)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from .parsing import LETTERS, VERDICT_RIGHT, VERDICT_WRONG, parse, tolerance_phrase, with_unit


def as_markdown(
    argument: str, options: dict, body: str, *, roles: Callable[[str], str] = lambda t: t
) -> str:
    """The question as plain Markdown for JupyterLab / Colab (no HTML inputs).

    The question and choices (lettered), then the answer with every explanation inside
    ``<details>``. Raises :class:`SelfcheckError` for a malformed block, like the build.
    ``roles`` turns the MyST roles of each piece of text into plain Markdown; the default
    leaves them as written. ``_ext/notebook_export.py`` passes its ``convert_roles``, the
    one role converter (glue values, citations, {eq}, {numref}...).

    >>> print(as_markdown("2 + 2?", {}, "- [ ] 3\\n  Too low.\\n- [x] 4\\n  Yes."))
    **Check your understanding.** 2 + 2?
    <BLANKLINE>
    - **A.** 3
    - **B.** 4
    <BLANKLINE>
    <details>
    <summary>Show the answer</summary>
    <BLANKLINE>
    **Answer: B.** 4
    <BLANKLINE>
    - **A.** 3 — *Not quite.* Too low.
    - **B.** 4 — *Correct.* Yes.
    <BLANKLINE>
    </details>
    """
    spec = parse(argument, options, body)
    out = [f"**Check your understanding.** {roles(spec.question)}", ""]
    if spec.stem:
        out += [roles(spec.stem.text), ""]

    def indent(text: str) -> str:
        return roles(text).replace("\n", "\n  ")

    if spec.kind == "choice":
        if spec.select_all:
            out += ["*Select all that apply.*", ""]
        out += [f"- **{LETTERS[i]}.** {roles(c.label)}" for i, c in enumerate(spec.choices)]
        right = [i for i, c in enumerate(spec.choices) if c.correct]
        head = ", ".join(LETTERS[i] for i in right)
        shown = f" {roles(spec.choices[right[0]].label)}" if len(right) == 1 else ""
        answer = [f"**Answer: {head}.**{shown}", ""]
        for i, c in enumerate(spec.choices):
            verdict = VERDICT_RIGHT if c.correct else VERDICT_WRONG
            answer.append(
                f"- **{LETTERS[i]}.** {roles(c.label)} — *{verdict}* {indent(c.why.text)}"
            )
        if "explanation" in spec.feedback:
            answer += ["", roles(spec.feedback["explanation"].text)]
    else:
        # A unit is plain text ("$ million"), not Markdown: its dollar is a currency sign.
        spec = dataclasses.replace(spec, unit=re.sub(r"(?<!\\)\$", r"\\$", spec.unit))
        out.append(f"*Your answer, in {spec.unit}:* …" if spec.unit else "*Your answer:* …")
        phrase = tolerance_phrase(spec)
        answer = [
            f"**Answer: {with_unit(spec.answer_text, spec.unit)}**"
            + (f" ({phrase})." if phrase else ""),
            "",
            f"- *If yours was too low:* {indent(spec.feedback['too low'].text)}",
            f"- *If yours was too high:* {indent(spec.feedback['too high'].text)}",
            f"- *If yours was right:* {indent(spec.feedback['correct'].text)}",
            "",
            roles(spec.feedback["explanation"].text),
        ]
    out += ["", "<details>", "<summary>Show the answer</summary>", "", *answer, "", "</details>"]
    return "\n".join(out)
