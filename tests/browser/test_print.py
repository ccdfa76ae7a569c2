"""Printing a chapter: Chromium prints chapters/tariffs.html to PDF once per solutions setting.

The page's solutions control (``_static/print.js``) is set to "folded", "shown" and "end" in
turn, each time ``page.pdf()`` prints the page (print media, as a browser's Print does) and
pypdf extracts the text. The text is compared letters-and-digits only (lower case, NFKC), so
line breaks and spacing in the PDF do not matter.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import altair_outputs

pytestmark = pytest.mark.browser

PAGE = "chapters/tariffs.html"
MODES = ("folded", "shown", "end")


def squeeze(text: str) -> str:
    """Lower-case letters and digits only, so that PDF line breaks and spacing do not matter."""
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", text).lower())


@dataclass
class Printed:
    pages: int
    text: str  # squeezed
    page_texts: list[str]  # squeezed, one per page
    drawing_ops: list[int]  # path-drawing operators in each page's content stream


def print_pdf(page) -> Printed:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    texts = [squeeze(p.extract_text() or "") for p in reader.pages]
    ops = []
    for p in reader.pages:
        contents = p.get_contents()
        data = contents.get_data() if contents is not None else b""
        ops.append(len(re.findall(rb"(?<![A-Za-z])(?:re|l|c)\s", data)))
    return Printed(len(reader.pages), "".join(texts), texts, ops)


FACTS_JS = """() => {
  const text = el => el ? el.textContent.replace(/\\s+/g, ' ').trim() : '';
  const article = document.querySelector('article.bd-article');
  const firstLong = (root) => [...root.querySelectorAll('section p, ol li p, p')]
      .map(text).find(t => t.length > 60) || '';
  const exercises = [...document.querySelectorAll('.exercise')];
  const solution = document.querySelector('.solution');
  const answers = document.querySelector('.print-answer');
  const axis = document.querySelector('.vega-embed svg.marks .role-axis-title text');
  const selfcheck = document.querySelector('.selfcheck-answer .selfcheck-key');
  const articleText = text(article);
  const heading = document.querySelector('article h1').cloneNode(true);
  heading.querySelectorAll('.section-number, .headerlink').forEach(el => el.remove());
  return {
    title: text(heading),  // without the chapter number and the "#" permalink
    nav: [...document.querySelectorAll('.bd-sidebar-primary a, .prev-next-area a')]
        .map(text).filter(t => t && !articleText.includes(t)),
    lastExercise: exercises.length ? firstLong(exercises[exercises.length - 1]) : '',
    solutionTitle: text(solution && solution.querySelector('.admonition-title')),
    solutionText: solution ? firstLong(solution) : '',
    answerText: answers ? firstLong(answers) : '',
    axisTitle: text(axis),
    selfcheckText: text(selfcheck),
  };
}"""


def snippet(text: str, length: int = 48) -> str:
    squeezed = squeeze(text)
    return squeezed[:length]


@pytest.fixture(scope="module")
def printed(open_page_for_module):
    visit = open_page_for_module(PAGE)
    page = visit.page
    expected = altair_outputs(visit.file.read_text(encoding="utf-8"))
    with visit.explained():
        page.wait_for_function(
            "n => document.querySelectorAll('.vega-embed > svg.marks').length >= n", arg=expected
        )
        expect(page.locator("#print-solutions-choice")).to_be_visible()
    facts = page.evaluate(FACTS_JS)
    for key in ("title", "lastExercise", "solutionTitle", "solutionText", "answerText"):
        assert facts[key], f"{PAGE}: found no {key} to look for in the PDF"
    pdfs = {}
    for mode in MODES:
        page.select_option("#print-solutions-choice", mode)
        expect(page.locator("html")).to_have_class(re.compile(rf"\bprint-solutions-{mode}\b"))
        pdfs[mode] = print_pdf(page)
    visit.assert_clean()
    return facts, pdfs


@pytest.mark.parametrize("mode", MODES)
def test_pdf_has_the_title_and_no_page_chrome(printed, mode):
    facts, pdfs = printed
    text = pdfs[mode].text
    assert squeeze(facts["title"]) in text
    chrome = ["Skip to main content", "Ctrl+K", "When this page is printed"] + facts["nav"]
    found = [item for item in chrome if squeeze(item) and squeeze(item) in text]
    assert not found, f"navigation or controls printed in the {mode} PDF: {found}"
    assert len(facts["nav"]) >= 5, f"too few sidebar links to check: {facts['nav']}"


def test_folded_prints_solution_titles_without_their_text(printed):
    facts, pdfs = printed
    text = pdfs["folded"].text
    assert squeeze(facts["solutionTitle"]) in text
    assert snippet(facts["solutionText"]) not in text
    assert snippet(facts["answerText"]) not in text
    # every chapter has self-checks (_ext/selfcheck.py): their answers must fold too
    assert facts["selfcheckText"], "no self-check answer text found on the page"
    assert snippet(facts["selfcheckText"], 40) not in text


def test_shown_prints_solutions_in_place(printed):
    facts, pdfs = printed
    text = pdfs["shown"].text
    solution_at = text.find(snippet(facts["solutionText"]))
    assert solution_at >= 0, "solution text missing from the 'shown' PDF"
    assert snippet(facts["answerText"]) in text
    assert facts["selfcheckText"], "no self-check answer text found on the page"
    assert snippet(facts["selfcheckText"], 40) in text
    # In place: the first solution comes before the last exercise.
    assert solution_at < text.find(snippet(facts["lastExercise"]))


def test_end_collects_solutions_after_the_last_exercise(printed):
    facts, pdfs = printed
    text = pdfs["end"].text
    last_exercise = text.find(snippet(facts["lastExercise"]))
    assert last_exercise >= 0
    solution_at = text.find(snippet(facts["solutionText"]))
    answer_at = text.find(snippet(facts["answerText"]))
    assert solution_at > last_exercise, "solution text not (only) after the last exercise"
    assert answer_at > last_exercise, "guided answers not (only) after the last exercise"
    assert text.count(snippet(facts["solutionText"])) == 1, "solution printed twice"
    heading = text.rfind("solutions", 0, solution_at)
    assert heading > last_exercise, "no 'Solutions' heading before the collected solutions"
    assert squeeze(facts["solutionTitle"]) in text[heading:], "collected solution unlabelled"
    assert facts["selfcheckText"], "no self-check answer text found on the page"
    assert text.find(snippet(facts["selfcheckText"], 40)) > last_exercise
    assert "selfcheck" in text[heading:], "collected self-check answers unlabelled"


def test_page_counts_are_sane(printed):
    _, pdfs = printed
    counts = {mode: pdfs[mode].pages for mode in MODES}
    assert all(4 <= n <= 60 for n in counts.values()), counts
    assert counts["folded"] < counts["shown"], counts
    assert counts["folded"] < counts["end"], counts


def test_charts_print_as_drawings_with_their_settings(printed):
    facts, pdfs = printed
    assert facts["axisTitle"], "the first chart has no axis title to look for"
    for mode in MODES:
        pdf = pdfs[mode]
        pages = [i for i, t in enumerate(pdf.page_texts) if squeeze(facts["axisTitle"]) in t]
        assert pages, f"the chart's axis title {facts['axisTitle']!r} is not in the {mode} PDF"
        assert max(pdf.drawing_ops[i] for i in pages) > 50, (
            f"the chart page of the {mode} PDF draws almost nothing: {pdf.drawing_ops}"
        )
        assert squeeze("Printed with these settings: Tariff rate (%)") in pdf.text


def test_solutions_control_is_labelled_keyboard_operable_and_remembered(open_page):
    visit = open_page(PAGE)
    page = visit.page
    choice = page.get_by_label("When this page is printed, solutions and answers are")
    expect(choice).to_have_value("folded")
    expect(page.locator("html")).to_have_class(re.compile(r"\bprint-solutions-folded\b"))
    choice.focus()
    page.keyboard.press("ArrowDown")
    expect(choice).to_have_value("shown")
    expect(page.locator("html")).to_have_class(re.compile(r"\bprint-solutions-shown\b"))
    page.reload(wait_until="networkidle")
    expect(page.locator("#print-solutions-choice")).to_have_value("shown")
    expect(page.locator("html")).to_have_class(re.compile(r"\bprint-solutions-shown\b"))
    visit.assert_clean()


def test_the_printed_settings_follow_a_moved_slider(open_page):
    """print.js writes a chart's settings line once its inputs rest and again on print media,
    not on every slider step: after a move, printing shows the new value."""
    visit = open_page(PAGE)
    page = visit.page
    embed = page.locator(".vega-embed:has(.vega-bindings input[type=range])").first
    with visit.explained():
        expect(embed.locator("svg.marks")).to_be_visible()
    slider = embed.locator(".vega-bindings input[type=range]").first
    line = embed.locator("xpath=preceding-sibling::*[1]")  # the line print.js put before it
    target = slider.get_attribute("min")
    assert target != slider.input_value(), "the slider already sits at its minimum"
    slider.fill(target)
    page.emulate_media(media="print")
    expect(line).to_have_class("print-chart-settings")
    expect(line).to_contain_text(f"Tariff rate (%): {target}")
    page.emulate_media(media="screen")
    visit.assert_clean()
