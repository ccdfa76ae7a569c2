"""Quizzes for learning platforms (``_ext/selfcheck/lms.py``, written by ``teaching_files``).

* a QTI 1.2 package has a manifest naming its assessment, one item per question, the right
  answer(s) flagged (the condition that sets SCORE to 100), every choice's feedback, and a
  numeric answer's accepted interval (answer ± tolerance, a relative one made absolute);
* a Moodle XML file parses, has every question, each answer's fraction and feedback, and a
  numeric answer's tolerance;
* every chapter's questions are exported, as many as its ``selfcheck`` blocks, with no MyST
  left in the text; a malformed question is an error naming the file and line (the build
  turns it into a warning, so a ``-W`` build fails);
* a small book built with the extension: the quiz files are written and linked from the
  chapter's teaching page, and the ⬇ menu offers the notebook, not the Markdown source.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from _ext import notebook_export as nx
from _ext import teaching_files
from _ext.selfcheck import SelfcheckError, lms
from _ext.toc import chapter_docnames

ROOT = Path(__file__).resolve().parents[1]
Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
M = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"

SAMPLE = """\
# A chapter

```{selfcheck} Who pays a tariff in a small country, \\$100 or $x$?
- [ ] Foreign exporters.
  Not in a small country.
- [x] Domestic buyers.
  Right: the price rises by the full tariff.
- explanation: The world price does not move.
```

```{selfcheck} Which are taxes?
:select-all:
- [x] A tariff.
  Yes.
- [x] An excise duty.
  Yes.
- [ ] A quota.
  No: a quantity limit.
```

```{selfcheck} A 25% tariff on an \\$80 good: what is the duty?
:type: numeric
:answer: 20
:tolerance: 2%
:unit: dollars
- too low: Take 25% of the value.
- too high: Not 25% of the price with duty.
- correct: Yes, 20 dollars.
- explanation: $0.25 \\times 80 = 20$.
```
"""


@pytest.fixture
def questions(tmp_path):
    chapter = tmp_path / "sample.md"
    chapter.write_text(SAMPLE, encoding="utf-8")
    return lms.chapter_questions(chapter, lambda t: t)


def _qti(data: bytes) -> tuple[ET.Element, ET.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = ET.fromstring(zf.read("imsmanifest.xml"))
        (resource,) = manifest.iter(f"{M}resource")
        assert resource.get("type") == "imsqti_xmlv1p2"
        (file,) = resource.iter(f"{M}file")
        assert file.get("href") in zf.namelist()
        return manifest, ET.fromstring(zf.read(file.get("href")))


def _scored(item: ET.Element) -> ET.Element:
    (condition,) = [c for c in item.iter(f"{Q}respcondition")
                    if c.find(f"{Q}setvar") is not None]  # fmt: skip
    assert condition.find(f"{Q}setvar").text == "100"
    return condition.find(f"{Q}conditionvar")


def test_qti_items_flag_the_right_answers_and_keep_each_choices_feedback(questions):
    _, assessment = _qti(lms.qti_package(questions, "Sample", "sample"))
    items = list(assessment.iter(f"{Q}item"))
    assert len(items) == 3
    kinds = [
        next(f.find(f"{Q}fieldentry").text for f in i.iter(f"{Q}qtimetadatafield")
             if f.find(f"{Q}fieldlabel").text == "question_type")
        for i in items
    ]  # fmt: skip
    assert kinds == ["multiple_choice_question", "multiple_answers_question", "numerical_question"]

    one, many, number = items
    labels = {r.get("ident"): "".join(r.itertext()).strip() for r in one.iter(f"{Q}response_label")}
    (right,) = [v.text for v in _scored(one).iter(f"{Q}varequal")]
    assert labels[right] == "Domestic buyers."
    feedback = {f.get("ident"): "".join(f.itertext()) for f in one.iter(f"{Q}itemfeedback")}
    for ident in labels:
        assert f"{ident}_fb" in feedback
    assert "Not in a small country." in feedback[f"{next(iter(labels))}_fb"]
    assert "The world price does not move." in feedback["general_fb"]
    text = "".join(one.find(f"{Q}presentation").find(f"{Q}material").itertext())
    assert "$100" in text and "\\(x\\)" in text  # a dollar is text, maths is \( \)

    labels = {r.get("ident"): "".join(r.itertext()).strip()
              for r in many.iter(f"{Q}response_label")}  # fmt: skip
    cond = _scored(many).find(f"{Q}and")
    chosen = [labels[v.text] for v in cond.findall(f"{Q}varequal")]
    refused = [labels[n.find(f"{Q}varequal").text] for n in cond.findall(f"{Q}not")]
    assert chosen == ["A tariff.", "An excise duty."] and refused == ["A quota."]

    cond = _scored(number)
    assert cond.find(f".//{Q}varequal").text == "20"
    assert float(cond.find(f".//{Q}vargte").text) == pytest.approx(19.6)  # 2% of 20
    assert float(cond.find(f".//{Q}varlte").text) == pytest.approx(20.4)
    feedback = {f.get("ident"): "".join(f.itertext()) for f in number.iter(f"{Q}itemfeedback")}
    assert "Yes, 20 dollars." in feedback["correct_fb"]
    assert "Take 25% of the value." in feedback["general_incorrect_fb"]
    assert "Not 25% of the price with duty." in feedback["general_incorrect_fb"]


def test_qti_package_is_reproducible(questions):
    assert lms.qti_package(questions, "S", "s") == lms.qti_package(questions, "S", "s")


def test_moodle_xml_has_every_question_its_feedback_and_tolerance(questions):
    quiz = ET.fromstring(lms.moodle_xml(questions, "Sample"))
    category, *qs = quiz.findall("question")
    assert category.get("type") == "category"
    assert [q.get("type") for q in qs] == ["multichoice", "multichoice", "numerical"]
    one, many, number = qs
    answers = {a.find("text").text: a for a in one.findall("answer")}
    assert answers["Domestic buyers."].get("fraction") == "100"
    assert answers["Foreign exporters."].get("fraction") == "0"
    assert "Not in a small country." in answers["Foreign exporters."].find("feedback/text").text
    assert "world price" in one.find("generalfeedback/text").text
    assert one.find("single").text == "true" and many.find("single").text == "false"
    fractions = {a.find("text").text: float(a.get("fraction")) for a in many.findall("answer")}
    assert fractions == {"A tariff.": 50, "An excise duty.": 50, "A quota.": -100}
    right, other = number.findall("answer")
    assert (right.find("text").text, float(right.find("tolerance").text)) == ("20", 0.4)
    assert "Yes, 20 dollars." in right.find("feedback/text").text
    assert other.find("text").text == "*" and other.get("fraction") == "0"
    assert "Take 25%" in other.find("feedback/text").text
    assert "\\(0.25 \\times 80 = 20\\)" in number.find("generalfeedback/text").text


def test_a_malformed_question_is_an_error_naming_file_and_line(tmp_path):
    chapter = tmp_path / "bad.md"
    chapter.write_text("# Bad\n\n```{selfcheck} Which?\n- [ ] a\n  no.\n- [ ] b\n  no.\n```\n")
    with pytest.raises(SelfcheckError, match=r"bad\.md:3: selfcheck: no correct answer"):
        lms.chapter_questions(chapter, lambda t: t)


class _AnyGlue(dict):
    """Every glued name has a value: the chapters' own values need an executed build."""

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return {"text/plain": "1.5"}


@pytest.mark.parametrize("docname", chapter_docnames(), ids=lambda d: Path(d).name)
def test_every_chapter_question_is_exported(docname):
    chapter = ROOT / f"{docname}.md"
    blocks = len(re.findall(r"^(`{3,}|:{3,})\{selfcheck\}", chapter.read_text(), re.M))
    qti, moodle = teaching_files.chapter_quiz(chapter, _AnyGlue(), "Title")
    _, assessment = _qti(qti)
    assert len(list(assessment.iter(f"{Q}item"))) == blocks >= 3
    quiz = ET.fromstring(moodle)
    assert len(quiz.findall("question")) == blocks + 1  # and the category
    text = " ".join(quiz.itertext()) + " ".join(assessment.itertext())
    leftovers = re.findall(r"\{[a-z][\w:-]*\}`", text)
    assert not leftovers, leftovers


def test_the_chapter_context_numbers_equations_as_the_notebook_does():
    ctx, _, _ = nx.chapter_context(ROOT / "chapters" / "tariffs.md", _AnyGlue())
    assert ctx.chapter and all(v.startswith(f"{ctx.chapter}.") for v in ctx.equations.values())


# --- in a built book --------------------------------------------------------------------------

BOOK_CONF = """
extensions = ["myst_parser", "_ext.selfcheck", "_ext.teaching_files"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
"""


def test_a_built_book_writes_the_quizzes_links_them_and_offers_the_notebook(make_app, tmp_path):
    src = tmp_path / "book"
    (src / "chapters").mkdir(parents=True)
    (src / "teachers").mkdir()
    (src / "conf.py").write_text(BOOK_CONF)  # _ext imports: the root is on pytest's pythonpath
    (src / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nparts:\n- caption: Chapters\n  chapters:\n"
        "  - file: chapters/sample\n- caption: For teachers\n  chapters:\n"
        "  - file: teachers/sample\n"
    )
    (src / "index.md").write_text(
        "# Book\n\n```{toctree}\nchapters/sample\nteachers/sample\n```\n\n"
        "Get {course-pack}`the course pack`.\n"
    )
    (src / "chapters" / "sample.md").write_text(SAMPLE)
    (src / "teachers" / "sample.md").write_text("# Teaching the sample\n\nPlan.\n")
    app = make_app("html", srcdir=src)
    app.build()
    out = Path(app.outdir)
    quizzes = out / "quizzes"
    _, assessment = _qti((quizzes / "sample-qti.zip").read_bytes())
    assert len(list(assessment.iter(f"{Q}item"))) == 3
    assert len(ET.parse(quizzes / "sample-moodle.xml").getroot().findall("question")) == 4
    page = (out / "teachers" / "sample.html").read_text()
    assert teaching_files.QUIZ_SECTION in page
    assert 'href="../quizzes/sample-qti.zip"' in page
    assert 'href="../quizzes/sample-moodle.xml"' in page
    chapter = (out / "chapters" / "sample.html").read_text()
    assert "download-source-button" not in chapter
    assert 'href="../notebooks/sample.ipynb"' in chapter
    index = (out / "index.html").read_text()
    assert re.search(r'href="course-pack/trade-policy-course-pack-[\d.]+\.zip"', index)
    # the pack needs the book's package and notebooks: this small book has none, and says so
    assert "course pack not written" in app.warning.getvalue()
