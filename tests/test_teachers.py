"""The teacher's guide: a page per chapter, in the table of contents, with every part a lesson
needs, and no typed case numbers (figures come from the chapters, never from the guide)."""

import re
from pathlib import Path

import pytest

from _ext.toc import chapter_docnames, parts

ROOT = Path(__file__).resolve().parents[1]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SECTIONS = [
    "## Learning objectives",
    "## Lesson plan: 45 minutes",
    "## Lesson plan: 90 minutes",
    "## Discussion questions",
    "## Common misconceptions",
    "## Classroom activity: ",
    "## Suggested assessment",
    "## Sources",
]


def _chapters():
    return sorted(Path(d).name for d in chapter_docnames())


def _flat(text):
    return re.sub(r"\s+", " ", text)


def test_for_teachers_part_comes_before_back_matter_and_covers_every_chapter():
    by_caption = parts()
    captions = list(by_caption)
    assert captions.index("For teachers") == captions.index("Back matter") - 1
    pages = by_caption["For teachers"]
    assert pages[:2] == ["teachers/index", "teachers/running-live"]
    assert sorted(pages[2:]) == [f"teachers/{name}" for name in _chapters()]


@pytest.mark.parametrize("name", _chapters())
def test_chapter_page_has_every_part_of_a_lesson(name):
    text = (ROOT / "teachers" / f"{name}.md").read_text()
    positions = [text.find(heading) for heading in SECTIONS]
    missing = [h for h, pos in zip(SECTIONS, positions, strict=True) if pos < 0]
    assert not missing, f"teachers/{name}.md lacks {missing}"
    assert positions == sorted(positions), "sections out of order"
    label = re.search(r"^\((.+)\)=$", (ROOT / "chapters" / f"{name}.md").read_text(), re.M)[1]
    assert f"{{ref}}`{label}`" in text, "the page must link to its chapter"
    # Two timed plans: every row starts with a "from–to" minute range ending at 45 and 90.
    for minutes in (45, 90):
        plan = text.split(f"## Lesson plan: {minutes} minutes")[1].split("\n## ")[0]
        ends = [int(m) for m in re.findall(r"^\| \d+–(\d+) \|", plan, re.M)]
        assert ends and ends[-1] == minutes and ends == sorted(ends), (minutes, ends)
    misconceptions = text.split("## Common misconceptions")[1].split("\n## ")[0]
    assert 3 <= len(re.findall(r"^- \*\*", misconceptions, re.M)) <= 5
    questions = text.split("## Discussion questions")[1].split("\n## ")[0]
    assert 4 <= len(re.findall(r"^\d\. ", questions, re.M)) <= 6


@pytest.mark.parametrize("path", sorted((ROOT / "teachers").glob("*.md")), ids=lambda p: p.stem)
def test_no_typed_case_numbers_and_dates_match_the_chapters(path):
    text = _flat(path.read_text())
    assert not re.findall(r"\d\s?%", text), "percentages belong in the chapters (glued)"
    assert not re.findall(r"\$\s?\d", text), "dollar amounts belong in the chapters (glued)"
    chapters = _flat(" ".join(p.read_text() for p in (ROOT / "chapters").glob("*.md")))
    for day_month in re.findall(rf"\b(\d{{1,2}} (?:{MONTHS}))\b", text):
        assert day_month in chapters, f"{day_month} is in no chapter"
