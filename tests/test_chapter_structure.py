"""How every chapter is laid out for learning (issue 17 and the phone-reading issue's first screens).

Read from the MyST sources, so a rule names the chapter and the line to fix:

* the chapter opens with its hook (prose about the moment of the case), not with the
  learning objectives, and the objectives are folded (a ``dropdown`` admonition);
* self-checks sit where the learning happens: in at least three of the chapter's
  ``##`` sections, and there is no end-of-chapter "Check your understanding" block;
* every exercise says where it can be done: ``:class: web`` (on the website, no kernel) or
  ``:class: notebook`` (its statement then says "in the notebook");
* at most one "spot the errors" exercise per chapter.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _ext.toc import chapter_docnames

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [ROOT / f"{d}.md" for d in chapter_docnames(ROOT)]

FENCE = re.compile(r"^(`{3,}|:{3,})\{(\w[\w-]*)\}(.*)$")


def blocks(text: str) -> list[tuple[str, int, str]]:
    """Top-level directives of a MyST page: (name, first line number, body with options).

    The body starts with the directive's argument (an admonition's title) on its own line."""
    lines = text.splitlines()
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, name, start = m.group(1), m.group(2), i
        i += 1
        while i < len(lines) and lines[i].rstrip() != fence:
            i += 1
        out.append((name, start + 1, "\n".join([m.group(3).strip(), *lines[start + 1 : i]])))
        i += 1
    return out


def sections(text: str) -> list[tuple[str, str]]:
    """The chapter's ``##`` sections as (heading, text), code fences ignored."""
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return list(zip(parts[1::2], parts[2::2]))


@pytest.fixture(params=CHAPTERS, ids=lambda p: p.stem)
def chapter(request) -> tuple[str, str]:
    path = request.param
    return path.stem, path.read_text(encoding="utf-8")


def test_chapter_opens_with_its_hook_and_folds_the_objectives(chapter):
    name, text = chapter
    after_title = text.split("\n# ", 1)[1].split("\n", 1)[1]
    first = [b for b in blocks(after_title) if not (b[0] == "code-cell" and "remove-cell" in b[2])]
    body = re.sub(r"^(`{3,}|:{3,})\{code-cell\}[^\n]*\n:tags: \[remove-cell\][\s\S]*?^\1$", "",
                  after_title, flags=re.M).lstrip()
    assert not body.startswith("```{admonition} Learning objectives"), (
        f"{name}: the hook (the moment of the case) comes before the objectives"
    )
    objectives = [b for b in first if b[0] == "admonition" and b[2].startswith("Learning")]
    assert objectives, f"{name}: no learning objectives"


def test_objectives_are_folded(chapter):
    name, text = chapter
    m = re.search(r"^```\{admonition\} Learning objectives\n:class: ([^\n]+)", text, re.M)
    assert m and "dropdown" in m.group(1).split(), f"{name}: objectives not folded (:class: tip dropdown)"


def test_self_checks_sit_in_at_least_three_sections(chapter):
    name, text = chapter
    headings = [h for h, body in sections(text) if "{selfcheck}" in body]
    assert len(headings) >= 3, f"{name}: self-checks only in {headings}"
    assert "Check your understanding" not in headings, f"{name}: self-checks still collected at the end"


def test_every_exercise_says_where_it_can_be_done(chapter):
    name, text = chapter
    for directive, line, body in blocks(text):
        if directive != "exercise":
            continue
        m = re.search(r"^:class: (.+)$", body, re.M)
        kinds = set(m.group(1).split()) & {"web", "notebook"} if m else set()
        assert len(kinds) == 1, f"{name}.md:{line}: exercise needs :class: web or :class: notebook"
        if kinds == {"notebook"}:
            assert "in the notebook" in body.lower(), f"{name}.md:{line}: say 'in the notebook'"


def test_at_most_one_spot_the_errors_exercise(chapter):
    name, text = chapter
    assert len(re.findall(r"\*\*Spot the errors", text)) <= 1, name
