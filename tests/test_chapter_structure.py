"""How every chapter is laid out for learning (issue 17; the phone issue's first screens).

Read from the MyST sources, so a rule names the chapter and the line to fix:

* the chapter opens with its hook (prose about the moment of the case), not with the
  learning objectives, and the objectives are folded (a ``dropdown`` admonition);
* self-checks sit where the learning happens: in at least three of the chapter's
  ``##`` sections, and there is no end-of-chapter "Check your understanding" block;
* every exercise says where it can be done: ``:class: web`` (on the website, no kernel) or
  ``:class: notebook`` (its statement then says "in the notebook");
* at most one "spot the errors" exercise per chapter;
* questions test reasoning: every self-check states what it tests (``:tests: reasoning`` or
  ``:tests: recall``, parsed by ``_ext/selfcheck/parsing.py``), and at most a quarter of a
  chapter's self-checks test recall (a case fact, a date, a place, who said what, a rule or a
  definition);
* worked solutions show the hand working: a solution that shows a glued number also shows
  the steps, a line with "=" (or a displayed equation) that is not code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _ext.chapter_tools import declared_minutes
from _ext.selfcheck import parse
from _ext.selfcheck.lms import selfcheck_blocks
from _ext.toc import chapter_docnames

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [ROOT / f"{d}.md" for d in chapter_docnames(ROOT)]

FENCE = re.compile(r"^(`{3,}|:{3,})\{(\w[\w-]*)\}(.*)$")


def blocks(text: str) -> list[tuple[str, int, str]]:
    """Top-level directives of a MyST page: (name, first line number, text), the text being the
    directive's argument (``Learning objectives``), then its options and body."""
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
    return list(zip(parts[1::2], parts[2::2], strict=False))


@pytest.fixture(params=CHAPTERS, ids=lambda p: p.stem)
def chapter(request) -> tuple[str, str]:
    path = request.param
    return path.stem, path.read_text(encoding="utf-8")


def test_chapter_opens_with_its_hook_and_folds_the_objectives(chapter):
    name, text = chapter
    after_title = text.split("\n# ", 1)[1].split("\n", 1)[1]
    first = [b for b in blocks(after_title) if not (b[0] == "code-cell" and "remove-cell" in b[2])]
    body = re.sub(
        r"^(`{3,}|:{3,})\{code-cell\}[^\n]*\n:tags: \[remove-cell\][\s\S]*?^\1$",
        "",
        after_title,
        flags=re.M,
    ).lstrip()
    assert not body.startswith("```{admonition} Learning objectives"), (
        f"{name}: the hook (the moment of the case) comes before the objectives"
    )
    objectives = [b for b in first if b[0] == "admonition" and b[2].startswith("Learning")]
    assert objectives, f"{name}: no learning objectives"


def test_objectives_are_folded(chapter):
    name, text = chapter
    m = re.search(r"^```\{admonition\} Learning objectives\n:class: ([^\n]+)", text, re.M)
    assert m and "dropdown" in m.group(1).split(), f"{name}: fold the objectives (tip dropdown)"


def test_self_checks_sit_in_at_least_three_sections(chapter):
    name, text = chapter
    headings = [h for h, body in sections(text) if "{selfcheck}" in body]
    assert len(headings) >= 3, f"{name}: self-checks only in {headings}"
    assert "Check your understanding" not in headings, f"{name}: self-checks collected at the end"


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


def test_every_exercise_declares_its_minutes(chapter):
    """Beside "web"/"notebook", a ``minutes-N`` class (read by the header box and the teacher
    kit with the same parser) gives the exercise's own estimate, not the flat default."""
    name, text = chapter
    found = 0
    for directive, line, body in blocks(text):
        if directive != "exercise":
            continue
        m = re.search(r"^:class: (.+)$", body, re.M)
        minutes = declared_minutes(m.group(1).split()) if m else None
        assert minutes is not None, f"{name}.md:{line}: exercise needs a minutes-N class"
        assert 5 <= minutes <= 45, f"{name}.md:{line}: {minutes} minutes for one exercise?"
        found += 1
    assert found >= 3, f"{name}: {found} exercises"


def test_at_most_one_spot_the_errors_exercise(chapter):
    name, text = chapter
    assert len(re.findall(r"\*\*Spot the errors", text)) <= 1, name


def test_every_self_check_says_what_it_tests(chapter):
    name, text = chapter
    for line, _, options, _ in selfcheck_blocks(text):
        assert options.get("tests") in ("reasoning", "recall"), (
            f"{name}.md:{line}: say what the self-check tests (:tests: reasoning or :tests: recall)"
        )


def test_at_most_a_quarter_of_the_self_checks_test_recall(chapter):
    name, text = chapter
    specs = [parse(arg, options, body) for _, arg, options, body in selfcheck_blocks(text)]
    recall = sum(spec.tests == "recall" for spec in specs)
    assert specs and 4 * recall <= len(specs), (
        f"{name}: {recall} of {len(specs)} self-checks test recall (at most a quarter may)"
    )


#: A solution's text, code cells taken out: ``{solution}`` blocks and ``{solution-start}`` to
#: ``{solution-end}`` ranges.
SOLUTION = re.compile(
    r"^(`{3,})\{solution\}[^\n]*\n(?P<one>[\s\S]*?)^\1$"
    r"|^(`{3,})\{solution-start\}[^\n]*\n(?P<body>[\s\S]*?)^`{3,}\{solution-end\}",
    re.M,
)
CODE_CELL = re.compile(r"^(`{3,})\{code-cell\}[^\n]*\n[\s\S]*?^\1$", re.M)
#: Numbers that are not worked out: an average over simulated games has no hand working.
SIMULATED = {"ex-tft-noise", "sol-tft-grim"}


def solutions(text: str) -> list[tuple[str, int, str]]:
    """(label or exercise, first line, prose without code cells) of every worked solution."""
    out = []
    for m in SOLUTION.finditer(text):
        body = m.group("one") if m.group("one") is not None else m.group("body")
        head = text[m.start() : text.index("\n", m.start())]
        label = re.search(r"^:label: (\S+)$", body, re.M)
        name = label.group(1) if label else head.split("}", 1)[1].strip()
        out.append((name, text.count("\n", 0, m.start()) + 1, CODE_CELL.sub("", body)))
    return out


def test_solutions_were_found():
    found = [s for path in CHAPTERS for s in solutions(path.read_text(encoding="utf-8"))]
    assert len(found) >= 30, len(found)
    assert {"ex-tariffs-coke", "td-ex-hand", "sol-forums-errors"} <= {s[0] for s in found}


def test_solutions_with_a_glued_number_show_the_hand_working(chapter):
    name, text = chapter
    for label, line, prose in solutions(text):
        if "{glue:text}" not in prose or label in SIMULATED:
            continue
        working = re.search(r"=|\\approx|\\ge|\\le|÷|×|\$\$|\{math\}", prose)
        assert working, f"{name}.md:{line}: {label} gives a number without the hand working"
