"""The ``selfcheck`` directive (_ext/selfcheck/): markup, errors, plain-text and Markdown forms.

Each build is a tiny Sphinx project with myst_parser and the extension (no Jupyter Book, no
notebooks), built with Sphinx's test fixtures (``tests/conftest.py``): the project of
``tests/roots/test-selfcheck/``, or one a test writes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from _ext import notebook_export as nx
from _ext import selfcheck
from _ext.selfcheck import SelfcheckError, as_markdown, parse
from _ext.selfcheck import parsing as parse_module

ROOT = Path(__file__).resolve().parents[1]

CONF = (ROOT / "tests" / "roots" / "test-selfcheck" / "conf.py").read_text()
#: The test project (tests/roots/test-selfcheck/): four questions on index.md, none on plain.md.
SELFCHECK = pytest.mark.sphinx("html", testroot="selfcheck")


@pytest.fixture
def site(app):
    """The test project built with ``app`` (sphinx.testing): (outdir, warnings)."""
    app.build()
    return Path(app.outdir), app.warning.getvalue()


@pytest.fixture
def build(make_app, tmp_path):
    """``build(pages, builder, strict)``: a project of ``pages`` (docname -> MyST text) written
    here and built; returns (outdir, warnings)."""

    def build(pages: dict[str, str], builder: str = "html", strict: bool = False):
        src = tmp_path / "src"
        src.mkdir(exist_ok=True)
        (src / "conf.py").write_text(CONF)
        for name, text in pages.items():
            (src / f"{name}.md").write_text(text)
        app = make_app(builder, srcdir=src, warningiserror=strict)
        app.build()
        return Path(app.outdir), app.warning.getvalue()

    return build


def _soup(out: Path, page: str = "index.html") -> BeautifulSoup:
    return BeautifulSoup((out / page).read_text("utf8"), "html.parser")


@pytest.mark.sphinx("html", testroot="selfcheck", freshenv=True)
def test_builds_without_warnings(site):
    _, warnings = site
    assert warnings.strip() == ""


@SELFCHECK
def test_single_choice_markup(site):
    out, _ = site
    box = _soup(out).select(".selfcheck")[0]
    assert box["data-kind"] == "choice" and box["data-select"] == "one"
    fieldset = box.find("fieldset")
    legend = fieldset.find("legend")
    assert legend.get_text(" ", strip=True).startswith("Self-check In a small importing country")
    assert legend.find("em").get_text() == "small"  # Markdown in the question
    assert legend.find("a", href=re.compile("#term-tariff"))  # {term} role
    assert legend.select("span.math")  # inline maths
    assert "Take the world price" in fieldset.select_one(".selfcheck-stem").get_text()

    inputs = fieldset.select(".selfcheck-choice input")
    assert [i["type"] for i in inputs] == ["radio"] * 3
    assert len({i["name"] for i in inputs}) == 1
    for i in inputs:  # every input has its own label
        label = fieldset.find("label", attrs={"for": i["id"]})
        assert label is not None and label.get_text(strip=True)
    assert [
        label.get_text(" ", strip=True) for label in fieldset.select(".selfcheck-choice label")
    ] == [
        "A. Foreign exporters.",
        "B. Domestic buyers.",
        "C. Nobody.",
    ]

    button = fieldset.select_one("button.selfcheck-check")
    assert button.get_text() == "Check" and button["type"] == "button"
    assert button.has_attr("hidden")  # shown by the script only
    feedback = fieldset.select_one(".selfcheck-feedback")
    assert feedback["aria-live"] == "polite" and feedback.get_text() == ""

    details = box.find("details", class_="selfcheck-answer")
    assert details is not None and details.parent is box and not details.has_attr("open")
    assert details.summary.get_text() == "Show the answer"
    key = details.select_one(".selfcheck-key").get_text(" ", strip=True)
    assert key == "Answer: B. Domestic buyers."
    whys = details.select(".selfcheck-why")
    assert [(w["data-key"], w["data-correct"]) for w in whys] == [
        ("0", "false"),
        ("1", "true"),
        ("2", "false"),
        ("explanation", "false"),
    ]
    first = whys[0]
    assert "Not quite." in first.select_one(".selfcheck-why-head").get_text()
    assert first.select_one(".selfcheck-why-body a[href='#sec-home']")  # cross-reference
    assert first.select_one(".selfcheck-why-body span.math")
    assert "Correct." in whys[1].select_one(".selfcheck-why-head").get_text()
    assert whys[3].select_one("strong").get_text() == "world price"


@SELFCHECK
def test_select_all_markup(site):
    out, _ = site
    box = _soup(out).select(".selfcheck")[1]
    assert box["data-select"] == "all"
    assert [i["type"] for i in box.select(".selfcheck-choice input")] == ["checkbox"] * 3
    assert "Select all that apply." in box.select_one(".selfcheck-hint").get_text()
    assert box.select_one(".selfcheck-key").get_text(strip=True) == "Answer: A, C."
    assert [w["data-correct"] for w in box.select(".selfcheck-why")] == ["true", "false", "true"]


@SELFCHECK
def test_numeric_markup(site):
    out, _ = site
    box = _soup(out).select(".selfcheck")[2]
    assert (box["data-kind"], box["data-answer"], box["data-tolerance"]) == (
        "numeric",
        "20.0",
        "0.01",
    )
    assert box["data-relative"] == "false"
    field = box.select_one(".selfcheck-numeric input")
    assert field["type"] == "text" and field["inputmode"] == "decimal"
    label = box.find("label", attrs={"for": field["id"]})
    assert label.get_text() == "Your answer:"
    unit = box.select_one(".selfcheck-unit")
    assert unit.get_text() == "dollars"  # shown, and part of the input's accessible name:
    assert field["aria-labelledby"].split() == [label["id"], unit["id"]]
    assert "$80" in box.legend.get_text()
    key = box.select_one(".selfcheck-key").get_text(" ", strip=True)
    assert key == "Answer: 20 dollars (answers within ±0.01 dollars count as correct)."
    assert [w["data-key"] for w in box.select(".selfcheck-why")] == [
        "explanation",
        "too low",
        "too high",
        "correct",
    ]
    assert box.select_one('.selfcheck-why[data-key="correct"] span.math')


@SELFCHECK
def test_question_in_the_body(site):
    out, _ = site
    box = _soup(out).select(".selfcheck")[3]
    legend = box.legend
    text = " ".join(legend.get_text(" ", strip=True).split())
    assert text.startswith(
        "Self-check A question written in the body, over two lines, with a tariff"
    )
    assert legend.find("a", href=re.compile("#term-tariff")) and legend.select("span.math")
    assert box.select_one(".selfcheck-stem").get_text(strip=True) == "Some context for it."
    assert len(box.select(".selfcheck-choice input")) == 2


@SELFCHECK
def test_ids_are_unique(site):
    out, _ = site
    ids = [tag["id"] for tag in _soup(out).select(".selfcheck [id], .selfcheck[id]")]
    assert len(ids) == len(set(ids)) > 10


@SELFCHECK
def test_assets_only_on_pages_with_a_question(site):
    out, _ = site
    for name in ("selfcheck.js", "selfcheck.css"):
        assert (out / "_static" / "selfcheck" / name).is_file()
    with_q = (out / "index.html").read_text("utf8")
    without = (out / "plain.html").read_text("utf8")
    assert re.search(r'<script defer="defer" src="_static/selfcheck/selfcheck\.js', with_q)
    assert 'href="_static/selfcheck/selfcheck.css' in with_q
    assert "selfcheck" not in without


@pytest.mark.sphinx("text", testroot="selfcheck", freshenv=True)
def test_text_builder_degrades_to_plain_text(site):
    out, warnings = site
    assert warnings.strip() == ""
    text = (out / "index.txt").read_text("utf8")
    assert "**Self-check:** In a *small* importing country" in text
    for line in ("A. Foreign exporters.", "B. Domestic buyers.", "C. Nobody.", "Answer: B."):
        assert line in text
    assert "Right: the domestic price rises" in text
    assert "Your answer (in dollars): ______" in text
    assert "Answer: 20 dollars" in text
    assert "Check" not in text.replace("Self-check", "")


@pytest.mark.sphinx("latex", testroot="selfcheck", freshenv=True)
def test_latex_builder_succeeds(site):
    out, warnings = site
    assert warnings.strip() == ""
    tex = next(out.glob("*.tex")).read_text("utf8")
    assert "Domestic buyers." in tex and "Answer: B." in tex


# --- malformed blocks ---------------------------------------------------------------------

BAD = {
    "no correct answer": (
        "",
        "- [ ] a\n  why a\n- [ ] b\n  why b\n",
        "no correct answer",
    ),
    "two correct in single choice": (
        "",
        "- [x] a\n  why a\n- [x] b\n  why b\n",
        "2 choices are marked correct",
    ),
    "missing choice explanation": (
        "",
        "- [x] a\n  why a\n- [ ] b\n",
        "choice 'b' has no explanation",
    ),
    "one choice only": ("", "- [x] a\n  why a\n", "at least two choices"),
    "numeric without answer": (
        ":type: numeric\n",
        "- too low: l\n- too high: h\n- correct: c\n- explanation: e\n",
        "needs ':answer:'",
    ),
    "numeric answer not a number": (
        ":type: numeric\n:answer: twenty\n",
        "- too low: l\n- too high: h\n- correct: c\n- explanation: e\n",
        ":answer: must be a number",
    ),
    "bad tolerance": (
        ":type: numeric\n:answer: 20\n:tolerance: about one\n",
        "- too low: l\n- too high: h\n- correct: c\n- explanation: e\n",
        ":tolerance: must be a number",
    ),
    "negative tolerance": (
        ":type: numeric\n:answer: 20\n:tolerance: -1\n",
        "- too low: l\n- too high: h\n- correct: c\n- explanation: e\n",
        ":tolerance: must not be negative",
    ),
    "numeric missing feedback": (
        ":type: numeric\n:answer: 20\n",
        "- too low: l\n- correct: c\n- explanation: e\n",
        "missing feedback: a numeric question needs '- too high:'",
    ),
    "numeric with choices": (
        ":type: numeric\n:answer: 20\n",
        "- [x] a\n  why\n",
        "a numeric question has no choices",
    ),
    "unknown type": (":type: essay\n", "- [x] a\n  w\n- [ ] b\n  w\n", ":type: must be one of"),
    "unknown tests": (":tests: trivia\n", "- [x] a\n  w\n- [ ] b\n  w\n", ":tests: must be one of"),
    "stray text after choices": (
        "",
        "- [x] a\n  why a\n- [ ] b\n  why b\nstray\n",
        "unexpected text 'stray'",
    ),
}


def _split(options: str) -> dict:
    return {m[1]: m[2].strip() for m in re.finditer(r"^:([\w-]+):(.*)$", options, flags=re.M)}


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_blocks_raise_a_clear_error(case):
    options, body, message = BAD[case]
    with pytest.raises(SelfcheckError, match=re.escape(message)):
        parse("A question?", _split(options), body)


@pytest.mark.parametrize(
    ("options", "tests"),
    [({}, "reasoning"), ({"tests": "recall"}, "recall"), ({"tests": " Reasoning "}, "reasoning")],
)
def test_what_a_question_tests_defaults_to_reasoning(options, tests):
    body = "- [x] a\n  w\n- [ ] b\n  w\n"
    assert parse("A question?", options, body).tests == tests
    numeric = {"type": "numeric", "answer": "2", **options}
    feedback = "- too low: l\n- too high: h\n- correct: c\n- explanation: e\n"
    assert parse("1 + 1?", numeric, feedback).tests == tests
    # the notebooks' Markdown does not show it
    assert as_markdown("A question?", options, body) == as_markdown("A question?", {}, body)


def test_missing_question_is_an_error():
    with pytest.raises(SelfcheckError, match="the question is missing"):
        parse("", {}, "- [x] a\n  w\n- [ ] b\n  w\n")


def test_question_from_the_body_and_line_numbers():
    body = "\nWhich one,\n  of two?\n\nContext.\n\n- [x] a\n  w\n- [ ] b\n  w\n"
    spec = parse("", {}, body)
    assert (spec.question, spec.question_line) == ("Which one, of two?", 1)
    assert (spec.stem.lines, spec.stem.offset) == (["Context."], 4)
    assert [c.line for c in spec.choices] == [6, 8]
    with pytest.raises(SelfcheckError) as error:
        parse("", {}, body.replace("- [ ] b\n  w\n", "- [ ] b\n"))
    assert error.value.line == 8


def test_bad_block_fails_the_build_naming_file_line_and_problem(build):
    page = "# Bad\n\nSome text.\n\n```{selfcheck} Which?\n- [x] a\n  why a\n- [ ] b\n\n```\n"
    out, warnings = build({"index": page})
    # line 8 of index.md is '- [ ] b', the choice without an explanation
    assert re.search(r"index\.md:\d+: ERROR: selfcheck: choice 'b' has no explanation", warnings)
    assert "(line 8)" in warnings
    assert 'class="selfcheck"' not in (out / "index.html").read_text("utf8")


def test_the_tests_option_builds_and_is_not_shown(build):
    page = "# Q\n\n```{selfcheck} Which?\n:tests: recall\n- [x] a\n  why a\n- [ ] b\n  why b\n```\n"
    out, warnings = build({"index": page}, strict=True)
    assert warnings.strip() == ""
    html = (out / "index.html").read_text("utf8")
    assert "recall" not in html.split('class="selfcheck', 1)[1].split("</details>", 1)[0]


def test_bad_block_fails_a_strict_build(build):
    from sphinx.errors import SphinxWarning

    page = "# Bad\n\n```{selfcheck} Which?\n:type: numeric\n:answer: 1\n:tolerance: x\n```\n"
    with pytest.raises(SphinxWarning, match=":tolerance: must be a number"):
        build({"index": page}, strict=True)


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tolerance", "value", "inside"),
    [
        ("0", 20, True),
        ("0", 20.01, False),
        ("0.5", 19.5, True),
        ("0.5", 20.6, False),
        ("5%", 21, True),
        ("5%", 21.01, False),
        ("5%", 18.99, False),
    ],
)
def test_tolerance_rule(tolerance, value, inside):
    spec = parse(
        "Q?",
        {"type": "numeric", "answer": "20", "tolerance": tolerance},
        "- too low: l\n- too high: h\n- correct: c\n- explanation: e\n",
    )
    assert spec.within(value) is inside


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,250.5", 1250.5),
        ("1,000,000", 1e6),
        ("$20", 20.0),
        ("12%", 12.0),
        ("\u22123", -3.0),
        ("2,5", None),  # was 25 here and 2.5 in the page's script
        ("12,50", None),
        ("1,2345", None),
        (",5", None),
        ("1,00", None),
        ("abc", None),
        ("", None),
    ],
)
def test_parse_number_reads_commas_only_as_thousands(text, value):
    assert selfcheck.parse_number(text) == value


def test_the_page_script_reads_numbers_with_the_same_patterns():
    """One rule for reading a typed answer: parseNumber in selfcheck.js uses exactly the
    patterns of parsing.py (IGNORED, THOUSANDS, NUMBER, in that order) and the same tolerance."""
    script = (ROOT / "_ext" / "selfcheck" / "static" / "selfcheck.js").read_text()
    body = re.search(r"function parseNumber\(text\) \{(.*?)\n  \}", script, re.S).group(1)
    rule = (parse_module.IGNORED, parse_module.THOUSANDS, parse_module.NUMBER)
    where = [body.find(f"/{pattern}/") for pattern in rule]  # each as a regex literal
    assert -1 not in where and where == sorted(where), dict(zip(rule, where, strict=True))
    assert "allowed + 1e-9 * Math.max(1, Math.abs(answer))" in script


def test_answer_with_a_decimal_comma_is_an_error():
    with pytest.raises(SelfcheckError, match=r":answer: must be a number.*'2,5'"):
        parse(
            "Q?",
            {"type": "numeric", "answer": "2,5"},
            "- too low: l\n- too high: h\n- correct: c\n- explanation: e\n",
        )
    spec = parse(
        "Q?",
        {"type": "numeric", "answer": "1,250.5"},
        "- too low: l\n- too high: h\n- correct: c\n- explanation: e\n",
    )
    assert spec.answer == 1250.5


# --- Markdown for notebooks ---------------------------------------------------------------


def test_as_markdown_choice():
    body = (
        "Extra context with $x$.\n\n"
        "- [ ] Foreign {term}`exporters <Exporter>`.\n  Wrong: see {ref}`sec-home`.\n"
        "- [x] Domestic buyers.\n  Right: the price rises.\n  Second line.\n"
        "- explanation: General point.\n"
    )
    ctx = nx.Context(labels={"sec-home": "Home"})
    text = as_markdown(
        "Who pays a {term}`tariff`?", {}, body, roles=lambda t: nx.convert_roles(t, ctx)
    )
    assert text == (
        "**Check your understanding.** Who pays a tariff?\n\n"
        "Extra context with $x$.\n\n"
        "- **A.** Foreign exporters.\n"
        "- **B.** Domestic buyers.\n\n"
        "<details>\n<summary>Show the answer</summary>\n\n"
        "**Answer: B.** Domestic buyers.\n\n"
        "- **A.** Foreign exporters. — *Not quite.* Wrong: see Home.\n"
        "- **B.** Domestic buyers. — *Correct.* Right: the price rises.\n  Second line.\n\n"
        "General point.\n\n"
        "</details>"
    )


def test_as_markdown_converts_roles_only_with_the_converter_it_is_given():
    """No second role parser in _ext/selfcheck/: by default roles stay as written; with
    notebook_export's converter every role becomes what the notebook shows."""

    body = (
        "By {eq}`eq-p`, see {numref}`fig-a` and {cite:p}`solo`.\n\n"
        "- [x] {glue:text}`rate:.0%`\n  Right, as {cite:t}`solo` says.\n"
        "- [ ] 10%\n  Too low: {numref}`Table %s <tbl-b>`.\n"
    )
    plain = as_markdown("The {term}`duty <tariff>`?", {}, body)
    assert "The {term}`duty <tariff>`?" in plain and "{eq}`eq-p`" in plain
    assert "- **A.** {glue:text}`rate:.0%`" in plain
    ctx = nx.Context(
        glue={"rate": {"text/plain": "0.25"}},
        bibliography={"solo": ("Bown", "2021")},
        numbers={"fig-a": "Figure 2", "tbl-b": "Table 1"},
        equations={"eq-p": 3},
    )
    text = as_markdown(
        "The {term}`duty <tariff>`?", {}, body, roles=lambda t: nx.convert_roles(t, ctx)
    )
    assert "**Check your understanding.** The duty?" in text
    assert "By (3), see Figure 2 and (Bown 2021)." in text
    assert "- **A.** 25% — *Correct.* Right, as Bown (2021) says." in text
    assert "— *Not quite.* Too low: Table 1." in text
    assert "{" not in text and "`" not in text


def _numeric(unit: str, tolerance: str) -> str:
    """A numeric self-check (answer 20) as Markdown."""
    return as_markdown(
        "Duty?",
        {"type": "numeric", "answer": "20", "tolerance": tolerance, "unit": unit},
        "- too low: low\n- too high: high\n- correct: yes\n- explanation: 0.25 × 80.\n",
    )


def test_as_markdown_select_all_and_numeric():
    text = as_markdown(
        "Pick?", {"select-all": None}, "- [x] a\n  ya\n- [ ] b\n  nb\n- [x] c\n  yc\n"
    )
    assert "*Select all that apply.*" in text and "**Answer: A, C.**\n" in text
    text = _numeric("dollars", "1%")
    assert "*Your answer, in dollars:* …" in text
    assert "**Answer: 20 dollars** (answers within 1% of it count as correct)." in text
    assert "- *If yours was too low:* low" in text and text.endswith("0.25 × 80.\n\n</details>")
    with pytest.raises(SelfcheckError):
        as_markdown("Duty?", {"type": "numeric"}, "- too low: l\n")


def test_as_markdown_writes_a_units_dollar_as_a_currency_sign():
    """A unit is plain text: "$ million" twice in Markdown would read as maths between them."""
    text = _numeric("$ million", "0.01")
    assert "*Your answer, in \\$ million:*" in text
    assert "**Answer: 20 \\$ million** (answers within ±0.01 \\$ million" in text


def test_module_doctest():
    import doctest

    failures, tried = doctest.testmod(selfcheck.export)
    assert tried >= 1 and failures == 0
