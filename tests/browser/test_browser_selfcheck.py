"""Self-check questions on the built site (_ext/selfcheck.py), answered with the keyboard.

On the tariffs chapter: a multiple-choice question answered wrongly, then rightly, with
Tab / Space / Enter / arrow keys only; a numeric question (too high, too low, not a number,
right); no console errors; the same page with JavaScript off still shows every question and
its answer; axe finds nothing serious in the questions once feedback is showing. Every
chapter has self-checks in at least three of its sections, where the learning happens.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from _ext.selfcheck import parse_number
from _ext.toc import chapter_docnames
from tests.browser.browser_support import BLOCKING, SITE, run_axe

pytestmark = pytest.mark.browser

PAGE = "chapters/tariffs.html"
CHAPTERS = [Path(d).name for d in chapter_docnames()]  # _toc.yml, the one list


def question(page: Page, text: str):
    """The .selfcheck box whose legend contains ``text``."""
    box = page.locator(".selfcheck").filter(has=page.locator("legend", has_text=text))
    expect(box).to_have_count(1)
    return box


def focused(page: Page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName, type: e.type || '', cls: e.className || '',"
        " box: (e.closest('.selfcheck') || {}).id || ''}; }"
    )


def tab_until(page: Page, want, *, back: bool = False, limit: int = 8) -> dict:
    """Press Tab (or Shift+Tab) until ``want(focused element)``; fail after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = focused(page)
        if want(now):
            return now
    raise AssertionError(f"{limit} Tab presses did not reach the wanted element (at {now})")


def test_choice_question_wrong_then_right_by_keyboard(open_page):
    visit = open_page(PAGE)
    page = visit.page
    box = question(page, "Who hands a US tariff to the US government?")
    box_id = box.get_attribute("id")
    feedback = box.locator(".selfcheck-feedback")
    check = box.get_by_role("button", name="Check")
    with visit.explained():
        expect(check).to_be_visible()  # the script ran and showed the button
    expect(feedback).to_have_attribute("aria-live", "polite")
    expect(feedback).to_have_text("")
    expect(box.locator("fieldset")).to_have_accessible_name(re.compile("Who hands a US tariff"))
    radios = box.get_by_role("radio")
    expect(radios).to_have_count(4)
    expect(radios.nth(1)).to_have_accessible_name(re.compile("importer of record"))

    # Start on the question's box (as a reader who followed a link to it), then keyboard only.
    box.evaluate("b => { b.tabIndex = -1; b.focus(); }")
    now = tab_until(page, lambda f: f["type"] == "radio" and f["box"] == box_id)
    assert now["type"] == "radio"
    page.keyboard.press("Space")  # picks the focused (first) choice: the foreign exporter
    expect(radios.nth(0)).to_be_checked()
    tab_until(page, lambda f: "selfcheck-check" in f["cls"] and f["box"] == box_id)
    page.keyboard.press("Enter")
    with visit.explained():
        expect(feedback).to_contain_text("Not quite.")
    expect(feedback).to_contain_text("pays nothing to the US government")
    expect(feedback).not_to_contain_text("Correct.")
    expect(feedback).to_have_class(re.compile(r"\bis-wrong\b"))

    # Back to the group (focus lands on the checked radio), move to the right answer.
    tab_until(page, lambda f: f["type"] == "radio" and f["box"] == box_id, back=True)
    page.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_checked()
    expect(feedback).to_have_text("")  # a changed answer clears the old verdict
    tab_until(page, lambda f: "selfcheck-check" in f["cls"] and f["box"] == box_id)
    page.keyboard.press("Space")
    expect(feedback).to_contain_text("Correct.")
    expect(feedback).to_contain_text("deposits the estimated duties with CBP")
    expect(feedback).not_to_contain_text("Not quite.")
    expect(feedback).to_have_class(re.compile(r"\bis-correct\b"))
    # The explanation is a copy of the one in the answer <details>: no duplicate ids.
    assert page.evaluate(
        "() => { const ids = [...document.querySelectorAll('.selfcheck[id], .selfcheck [id]')]"
        ".map(e => e.id);"
        " return ids.length === new Set(ids).size; }"
    )
    visit.assert_clean()


def test_numeric_question(open_page):
    visit = open_page(PAGE)
    page = visit.page
    box = question(page, "total additional tariff")
    feedback = box.locator(".selfcheck-feedback")
    field = box.get_by_role("textbox", name=re.compile(r"^Your answer:? percent of customs value$"))
    field.focus()
    for typed, verdict, why in [
        ("37.5", "Not quite. Your answer is too high.", "compounded the layers"),
        ("30", "Not quite. Your answer is too low.", "A tariff stack adds its layers"),
        ("thirty-five", "Type a number first, for example 12.5.", None),
        ("3,5", "Type a number first, for example 12.5.", None),  # not 3.5, not 35
        ("35", "Correct.", "25% + 10% = 35%"),
    ]:
        page.keyboard.press("Control+A")
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        with visit.explained():
            expect(feedback.locator(".selfcheck-verdict")).to_have_text(
                re.compile(r"^\W*" + re.escape(verdict))
            )
        if why:
            expect(feedback).to_contain_text(why)
    # Within the tolerance, with the Check button this time.
    field.fill("35.005")
    box.get_by_role("button", name="Check").press("Enter")
    expect(feedback.locator(".selfcheck-verdict")).to_contain_text("Correct.")
    field.fill("35.02")
    box.get_by_role("button", name="Check").press("Enter")
    expect(feedback.locator(".selfcheck-verdict")).to_contain_text("too high")
    visit.assert_clean()


NUMBER_TEXTS = ["35", "1,250.5", "$20", "12%", " −3 ", "2,5", "3,5", "1,2345", ",5", "12,50",
                "1e3", ".5", "1 250", "", "abc", "1,000,000", "+1,000.", "1,00"]  # fmt: skip


def test_page_reads_numbers_as_the_build_does(open_page):
    """selfcheck.js parseNumber and selfcheck.py parse_number: one rule (commas only as
    thousands separators), so an :answer: and a reader's answer are read alike."""
    visit = open_page(PAGE)
    with visit.explained():
        visit.page.wait_for_function("() => window.selfcheck && window.selfcheck.parseNumber")
    read = visit.page.evaluate(
        "texts => texts.map(t => { const v = window.selfcheck.parseNumber(t);"
        " return Number.isNaN(v) ? null : v; })",
        NUMBER_TEXTS,
    )
    assert dict(zip(NUMBER_TEXTS, read, strict=True)) == {t: parse_number(t) for t in NUMBER_TEXTS}
    assert read[NUMBER_TEXTS.index("1,250.5")] == 1250.5
    assert read[NUMBER_TEXTS.index("2,5")] is None
    visit.assert_clean()


def test_select_all_question_by_keyboard(open_page):
    visit = open_page("chapters/escalation.html")
    page = visit.page
    box = question(page, "under the Busan arrangement")
    feedback = box.locator(".selfcheck-feedback")
    boxes = box.get_by_role("checkbox")
    expect(boxes).to_have_count(5)

    def pick(*indexes):
        for i in range(5):
            if boxes.nth(i).is_checked() != (i in indexes):
                boxes.nth(i).focus()
                page.keyboard.press("Space")
        box.get_by_role("button", name="Check").focus()
        page.keyboard.press("Enter")

    pick(0, 1)  # two of the three right ones
    with visit.explained():
        expect(feedback).to_contain_text("Not quite.")
    expect(feedback).to_contain_text("One more choice is also right")
    pick(0, 1, 2, 3)  # all three, and the threat, which was never in force
    expect(feedback).to_contain_text("Not quite.")
    expect(feedback).to_contain_text("D. is not right.")
    expect(feedback).to_contain_text("cannot be suspended")
    pick(0, 1, 2)
    expect(feedback).to_contain_text("Correct. You picked every right answer.")
    expect(feedback).to_contain_text("run out on 9–10 November 2026")
    visit.assert_clean()


def test_questions_work_without_javascript(open_page):
    visit = open_page(PAGE, javascript=False, wait_until="load")
    page = visit.page
    box = question(page, "Who hands a US tariff to the US government?")
    expect(box.get_by_role("button", name="Check")).to_be_hidden()
    expect(box.get_by_role("radio")).to_have_count(4)
    answer = box.locator("details.selfcheck-answer")
    expect(answer.locator("summary")).to_have_text("Show the answer")
    answer.locator("summary").click()
    expect(answer).to_contain_text("Answer: B. The importer of record")
    expect(answer).to_contain_text("pays nothing to the US government")
    visit.assert_clean()


def test_questions_with_feedback_pass_axe(open_page):
    visit = open_page(PAGE)
    page = visit.page
    wrong = question(page, "Who hands a US tariff to the US government?")
    wrong.get_by_role("radio").nth(0).check()
    wrong.get_by_role("button", name="Check").click()
    right = question(page, "total additional tariff")
    right.get_by_role("textbox").fill("35")
    right.get_by_role("button", name="Check").click()
    expect(right.locator(".selfcheck-feedback")).to_contain_text("Correct.")
    page.evaluate(
        "() => document.querySelectorAll('details.selfcheck-answer')"
        ".forEach(d => { d.open = true; })"
    )
    for theme in ("light", "dark"):
        page.evaluate("t => { document.documentElement.dataset.theme = t; }", theme)
        result = run_axe(page, include=".selfcheck")
        assert result["passes"] > 5, result
        bad = [
            f"{v['id']}: {', '.join(v['targets'])}"
            for v in result["violations"]
            if v["impact"] in BLOCKING
        ]
        assert not bad, f"{theme} theme: {bad}"
    visit.assert_clean()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_checks_understanding_where_the_learning_happens(chapter):
    html = (SITE / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    # A section may carry a label's anchor before its heading: <span id="label"></span><h2>
    parts = re.split(r'<section id="([\w-]+)">\s*(?:<span id="[\w-]+"></span>)*<h2>', html)
    where = {
        sid: re.findall(r'<div class="selfcheck" id="[^"]+" data-kind="(\w+)"', body)
        for sid, body in zip(parts[1::2], parts[2::2], strict=False)
    }
    with_checks = [sid for sid, kinds in where.items() if kinds]
    assert len(with_checks) >= 3, f"{chapter}: self-checks only in {with_checks}"
    kinds = [k for found in where.values() for k in found]
    if chapter in ("tariffs", "trade_diversion", "port_fees", "export_controls"):
        assert "numeric" in kinds, f"{chapter}: no numeric question"
    assert "selfcheck/selfcheck.js" in html
