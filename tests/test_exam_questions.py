"""The questions written for the exam banks (``_ext/teacher_kit/questions/*.yml``).

Unit tests first: every chapter has 4 to 6 short-answer questions (mostly reasoning, at most one
recall) with marks and a model answer of two to five sentences, and two essay prompts with what a
strong answer covers; the format's errors name the field; the markup renders. Then the numbers:
every number an answer works out from the question's own data is recomputed here with the
book's models (``widgets/models``) and must be the number the answer shows, to its last digit;
the numbers the book computes are glued, never typed, and every glued key exists in the build.
Last, the built exam banks (``make book``) show every question, answer and prompt, with the
build's glued values, and load nothing from elsewhere.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from _ext import notebook_export as nx
from _ext.offline_assets import _external_assets
from _ext.teacher_kit import bank, files
from _ext.toc import chapter_docnames

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
NAMES = [Path(d).name for d in chapter_docnames()]
BANKS = {name: bank.load(name) for name in NAMES}
QUESTIONS = {q.id: q for b in BANKS.values() if b for q in b.short}


def _plain(text: str) -> str:
    """A text without maths and glue, ``\\$`` as a word (for counting sentences)."""
    text = re.sub(r"\$[^$]*\$", "X", text.replace("\\$", "USD"))
    return re.sub(r"\{glue\}`[^`]*`", "N", text)


def sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(*])", _plain(text)) if s.strip()])


# --- the questions -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_chapter_has_short_answers_with_model_answers_and_two_essays(name):
    found = BANKS[name]
    assert found is not None, f"no _ext/teacher_kit/questions/{name}.yml"
    assert 4 <= len(found.short) <= 6
    kinds = [q.kind for q in found.short]
    assert kinds.count("recall") <= 1
    assert sum(k in ("explain", "predict", "compare", "compute") for k in kinds) >= len(kinds) - 1
    for q in found.short:
        assert 1 <= q.marks <= 10 and len(q.question) > 60, q.id
        assert 2 <= sentences(q.answer) <= 5, (q.id, sentences(q.answer))
    assert 15 <= found.marks <= 30  # a section of an exam, not a whole paper
    assert len(found.essays) == 2
    for essay in found.essays:
        assert 3 <= len(essay.points) <= 5 and len(essay.prompt) > 60, essay.id
        assert all(len(p) > 40 for p in essay.points), essay.id


def test_ids_are_unique_across_the_book():
    ids = [i for b in BANKS.values() for i in [q.id for q in b.short] + [e.id for e in b.essays]]
    assert len(ids) == len(set(ids)) == sum(len(b.short) + 2 for b in BANKS.values())


def test_no_question_copies_a_self_check_or_an_exercise_of_its_chapter():
    from _ext.selfcheck.lms import selfcheck_blocks

    for name, found in BANKS.items():
        source = (ROOT / "chapters" / f"{name}.md").read_text()
        words = re.findall(r"[a-z]{4,}", source.lower())
        runs = {" ".join(words[i : i + 12]) for i in range(len(words) - 11)}
        for q in found.short:
            mine = re.findall(r"[a-z]{4,}", q.question.lower())
            copied = [" ".join(mine[i : i + 12]) for i in range(len(mine) - 11)]
            assert not runs.intersection(copied), f"{q.id} repeats a passage of the chapter"
        assert selfcheck_blocks(source)  # the comparison saw the chapter's questions


@pytest.mark.parametrize(
    ("change", "field"),
    [(lambda d: d.update(short_answer=d["short_answer"][:3]), "short_answer"),
     (lambda d: d["short_answer"][0].update(marks=0), "marks"),
     (lambda d: d["short_answer"][0].update(kind="guess"), "kind"),
     (lambda d: d["short_answer"][0].update(answer=""), "answer"),
     (lambda d: [q.update(kind="recall") for q in d["short_answer"][:2]], "recall"),
     (lambda d: d["essays"][0].update(points=["only one"]), "points"),
     (lambda d: d["essays"].pop(), "essays"),
     (lambda d: d["essays"][1].update(id=d["essays"][0]["id"]), "id")],
)  # fmt: skip
def test_a_broken_file_is_refused_naming_the_field(change, field):
    data = yaml.safe_load(bank.path("tariffs").read_text())
    assert bank.parse(data, "tariffs").short  # the real file is valid
    change(data)
    with pytest.raises(ValueError, match=field):
        bank.parse(data, "tariffs")


def test_markup_renders_maths_glue_dollars_and_emphasis():
    seen = []

    def glued(chapter, key, fmt):
        seen.append((chapter, key, fmt))
        return "1,237.5"

    html = bank.to_html(
        "Revenue is \\$ {glue}`small_tariff_revenue:,.1f` million, *not* $\\eta/2$; "
        "see **{glue}`forums/fo_step:d`**.\n\nA second paragraph.",
        "tariffs", glued,
    )  # fmt: skip
    assert seen == [("tariffs", "small_tariff_revenue", ",.1f"), ("forums", "fo_step", "d")]
    assert html.startswith('<p>Revenue is $ <span class="glued">1,237.5</span> million, '
                           "<em>not</em> <math")  # fmt: skip
    assert "<strong><span" in html and html.endswith("<p>A second paragraph.</p>")
    assert "\\eta" not in html.split("<annotation")[0]  # the TeX became MathML
    refs = bank.glue_refs("{glue}`a:.0%` and {glue}`x/b`", "c")
    assert refs == [("c", "a", ".0%"), ("x", "b", "s")]


def test_a_missing_glued_value_fails_with_its_name():
    glued = bank.glue_lookup(lambda chapter: {"here": {"text/plain": "0.25"}})
    assert glued("tariffs", "here", ".0%") == "25%"
    with pytest.raises(KeyError, match="nowhere"):
        glued("tariffs", "nowhere", "s")


# --- the numbers: own data recomputed with the models ---------------------------------------------


def _given_payoffs(T, R, P, S):
    """The tariff game's model (:class:`MarketWelfare`) with the question's payoffs in its matrix:
    its own ``is_prisoners_dilemma``, ``discount_factors`` and ``wto_discount_factor`` then work on
    them."""
    from widgets.models.game_payoffs import MarketWelfare

    w = MarketWelfare()
    object.__setattr__(w, "payoff_matrix", lambda step_pct: np.array([[R, S], [T, P]], float))
    return w


def _tariffs():
    from widgets.models import LinearDemand, LinearSupply, tariff_outcome

    market = dict(demand=LinearDemand(100, 4), supply=LinearSupply(0, 2))
    o = tariff_outcome(**market, world_price=10, tariff_rate=0.2)
    large = tariff_outcome(demand=LinearDemand(130, 0.4), supply=LinearSupply(10, 0.2),
                           world_price=100, tariff_rate=0.25,
                           export_supply_elasticity=4)  # fmt: skip
    eta = (0.4 + 0.2) * large.free_trade_price / large.free_trade_imports  # eta at free trade
    fall, wedge = (large.free_trade_price - large.world_price,
                   large.domestic_price - large.world_price)  # fmt: skip
    share = fall / wedge
    at8 = tariff_outcome(**market, world_price=8, tariff_rate=0.2)
    spec8 = tariff_outcome(**market, world_price=8, tariff_rate=0, specific_tariff=2)
    spec10 = tariff_outcome(**market, world_price=10, tariff_rate=0, specific_tariff=2)
    return {
        "tariffs-sa1": [("to \\$12", o.domestic_price), ("from 60", o.free_trade_demand),
                        ("to 52", o.quantity_demanded), ("from 20", o.free_trade_supply),
                        ("to 24", o.quantity_supplied), ("from 40", o.free_trade_imports),
                        ("to 28 million", o.imports), ("= 112", -o.consumer_surplus_change),
                        ("= 44", o.producer_surplus_change), ("= 56", o.tariff_revenue),
                        ("= 12", o.deadweight_loss),
                        ("about 89%", 100 * (o.producer_surplus_change + o.tariff_revenue)
                         / -o.consumer_surplus_change)],
        "tariffs-sa2": [("= 1/(1", eta), ("= 20\\%", 100 * share)],
        "tariffs-sa3": [("give a domestic price of \\$12", o.domestic_price),
                        ("both give a domestic price of \\$12", spec10.domestic_price),
                        ("= 9.60", at8.domestic_price), ("8 + 2 = 10", spec8.domestic_price),
                        ("= 25\\%", 100 * 2 / 8)],
    }  # fmt: skip


def _tariff_wars():
    from widgets.models import LinearDemand, LinearSupply
    from widgets.models.protection import effective_rate_of_protection
    from widgets.models.quota import quota_outcome

    market = dict(demand=LinearDemand(100, 4), supply=LinearSupply(0, 2), world_price=10)
    home = quota_outcome(**market, import_quota=22, rent_to="importers")
    ver = quota_outcome(**market, import_quota=22, rent_to="exporters")
    dilemma, wins = _given_payoffs(60, 0, -20, -80), _given_payoffs(60, 0, 10, -80)
    erp = effective_rate_of_protection
    return {
        "tariff_wars-sa2": [("is a prisoner's dilemma", dilemma.is_prisoners_dilemma(10)),
                            ("no longer a dilemma", not wins.is_prisoners_dilemma(10))],
        "tariff_wars-sa3": [("$p = 13$", home.domestic_price),
                            ("a 30% tariff", 100 * home.equivalent_tariff_rate),
                            ("= 66$", home.quota_rent), ("= 27$", -home.home_welfare_change),
                            ("loses 27.", -home.home_welfare_change),
                            ("= 93$", -ver.home_welfare_change)],
        "tariff_wars-sa4": [("= 30\\%", 100 * erp(output_tariff=0.15, input_tariffs=[0.05],
                                                   input_shares=[0.6])),
                            ("= -7.5\\%", 100 * erp(output_tariff=0.15, input_tariffs=[0.30],
                                                    input_shares=[0.6]))],
    }  # fmt: skip


def _trade_diversion():
    from widgets.models.smart import smart_outcome

    def run(tariff, sigma, eps):
        return smart_outcome(partners=["China", "Vietnam"], baseline_imports=[60, 40],
                             old_tariffs=[0, 0], new_tariffs=[tariff, 0],
                             import_demand_elasticity=eps,
                             substitution_elasticity=sigma)  # fmt: skip

    peak = run(0.25, 3, 1)
    switched_china = 100 * (60 * 1.25**-3) / (60 * 1.25**-3 + 40)  # the diversion step by hand
    return {
        "trade_diversion-sa2": [("\\approx 43.4\\%", switched_china),
                                ("China sells about 43.4", peak.baseline_imports[0]
                                 + peak.trade_diversion[0]),
                                ("Vietnam 56.6", peak.baseline_imports[1]
                                 + peak.trade_diversion[1]),
                                ("about \\$16.6 billion", peak.trade_diversion[1])],
        "trade_diversion-sa3": [("= 1.2\\%", 100 * (run(0.01, 3, 1).new_imports[1] / 40 - 1)),
                                ("= -0.12\\%", 100 * (run(0.01, 0.8, 1).new_imports[1] / 40 - 1))],
    }  # fmt: skip


def trade_diversion_question_numbers():
    from widgets.models.smart import smart_outcome

    peak = smart_outcome(partners=["China", "Vietnam"], baseline_imports=[60, 40],
                         old_tariffs=[0, 0], new_tariffs=[0.25, 0],
                         import_demand_elasticity=1, substitution_elasticity=3)  # fmt: skip
    return [("rises to 1.129", peak.basket_price), ("about 38.5 from China", peak.new_imports[0]),
            ("50.2 from Vietnam", peak.new_imports[1])]  # fmt: skip


def _port_fees():
    from widgets.models.port_fees import port_fee_outcome

    ship = dict(category="china_operated", schedule_year=2025, capacity_teu=9000, net_tonnage=36000,
                load_factor=0.8, cargo_value_per_container=80000)  # fmt: skip
    full = port_fee_outcome(**ship, freight_rate_per_container=2500)
    half = port_fee_outcome(**ship, freight_rate_per_container=1250)
    pair = [port_fee_outcome(category="china_operated", schedule_year=2025, capacity_teu=teu,
                             net_tons_per_teu=4, load_factor=load)
            for teu, load in ((8000, 0.8), (16000, 0.8), (8000, 0.6))]  # fmt: skip
    return {
        "port_fees-sa1": [("= \\$1{,}800{,}000$", full.fee_per_call),
                          ("= 3{,}600$", full.containers_per_call),
                          ("fee is \\$500 a box", full.fee_per_container),
                          ("0.625%", 100 * full.share_of_cargo_value),
                          ("but 20%", 100 * full.share_of_freight_rate),
                          ("is 40%", 100 * half.share_of_freight_rate)],
        "port_fees-sa2": [("same, \\$500 a box", pair[0].fee_per_container),
                          ("same, \\$500 a box", pair[1].fee_per_container),
                          ("at \\$50 a net ton", pair[0].rate_per_net_ton),
                          ("pays a third more", math.isclose(
                              pair[2].fee_per_container / pair[0].fee_per_container, 4 / 3))],
    }  # fmt: skip


def _export_controls():
    from widgets.models.supply_shock import supply_shock_path

    ten = supply_shock_path(share_withheld=0.1, demand_elasticity=-0.2, years_to_diversify=4)
    rent = supply_shock_path(share_withheld=0.15, demand_elasticity=-0.25, years_to_diversify=5,
                             controlling_share=0.6)  # fmt: skip
    tax = supply_shock_path(share_withheld=0.4, demand_elasticity=-0.25, years_to_diversify=6,
                            controlling_share=0.6)  # fmt: skip
    return {
        "export_controls-sa2": [("\\approx 1.694$", ten.price_index[0] / 100),
                                ("index of about 169", ten.price_index[0]),
                                ("\\approx 1.524$", ten.spending_index[0] / 100),
                                ("index of about 152", ten.spending_index[0]),
                                ("1.694 \\times 0.9", ten.consumption[0])],
        "export_controls-sa3": [("\\approx 1.916$", rent.price_index[0] / 100),
                                ("index of about 192", rent.price_index[0]),
                                ("\\approx 0.41$", rent.scarcity_rent[0]),
                                ("0.862$", rent.controlling_revenue[0]),
                                ("index of about 144", rent.revenue_index[0]),
                                ("index of 75", rent.revenue_index[-1]),
                                ("market share of 45%", 100 * rent.controlling_share_path[-1]),
                                ("$c - s = 0.45$", rent.licensed_exports)],
        "export_controls-sa4": [("= 3$ years", tax.priced_out_year)],
    }  # fmt: skip


def _tit_for_tat():
    plain, political = _given_payoffs(40, 0, -10, -50), _given_payoffs(45, 0, -5, -50)
    return {
        "tit_for_tat-sa2": [("= 40/50 = 0.8$. Tit", plain.discount_factors(10)["grim_trigger"]),
                            ("needs 0.8 too", plain.discount_factors(10)["tit_for_tat"]),
                            ("45/50 = 0.9$", political.discount_factors(10)["grim_trigger"])],
    }  # fmt: skip


def _forums():
    w = _given_payoffs(30, 0, -20, -50)
    return {
        "forums-sa1": [("= 30/50 = 0.6$", w.wto_discount_factor(10, 0)),
                       ("\\approx 0.84$", w.wto_discount_factor(10, 2)),
                       # a dispute that never ends: the bound tends to 1
                       ("no discount factor below 1", w.wto_discount_factor(10, 10_000) > 0.9999)],
    }  # fmt: skip


def checks() -> dict[str, list[tuple[str, float | bool]]]:
    """``{question id: [(a passage of its model answer, the model's value)]}``: the passage's
    last number must be the model's value rounded as shown; a ``bool`` is the model's verdict on
    what the passage says."""
    out = {}
    for make in (_tariffs, _tariff_wars, _trade_diversion, _port_fees, _export_controls,
                 _tit_for_tat, _forums):  # fmt: skip
        out |= make()
    return out


CHECKS = checks()
NUMBER = re.compile(r"-?\d[\d,]*(?:\{,\}\d+)*(?:\.\d+)?")


def _shown(snippet: str) -> tuple[float, float]:
    """The last number in ``snippet`` and half a unit of its last digit (its rounding)."""
    text = NUMBER.findall(snippet)[-1].replace("{,}", "").replace(",", "")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return float(text), 0.5 * 10**-decimals + 1e-9


def test_every_compute_question_uses_glued_numbers_or_is_checked_against_the_models():
    assert set(CHECKS) <= set(QUESTIONS)
    for qid, q in QUESTIONS.items():
        if q.kind == "compute":
            assert qid in CHECKS or bank.glue_refs(q.answer, qid.split("-")[0]), qid


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_numbers_in_model_answers_equal_the_models(qid):
    answer = " ".join(QUESTIONS[qid].answer.split())
    for snippet, value in CHECKS[qid]:
        assert snippet in answer, (qid, snippet)
        if isinstance(value, bool | np.bool_):
            assert value, f"{qid}: the model does not agree that {snippet!r}"
            continue
        shown, half = _shown(snippet)
        assert abs(shown - value) <= half, f"{qid}: the answer shows {shown}, the model {value}"


def test_numbers_given_in_questions_equal_the_models():
    question = " ".join(QUESTIONS["trade_diversion-sa2"].question.split())
    for snippet, value in trade_diversion_question_numbers():
        assert snippet in question, snippet
        shown, half = _shown(snippet)
        assert abs(shown - value) <= half, (snippet, value)


# --- the build ------------------------------------------------------------------------------------


def _glue(name: str) -> dict:
    path = ROOT / "_build" / "jupyter_execute" / "chapters" / f"{name}.glue.json"
    assert path.is_file(), "run `make book` first"
    return {k: v.get("data", {}) for k, v in json.loads(path.read_text()).items()}


def _glued_texts(name: str) -> list[str]:
    refs = [r for text in BANKS[name].texts() for r in bank.glue_refs(text, name)]
    return [nx.format_glue(_glue(chapter)[key], key, fmt) for chapter, key, fmt in refs]


@pytest.mark.site
@pytest.mark.parametrize("name", NAMES)
def test_every_glued_key_exists_in_the_build(name):
    for text in BANKS[name].texts():
        for chapter, key, fmt in bank.glue_refs(text, name):
            assert chapter in NAMES, chapter
            assert key in _glue(chapter), f"{name}: {chapter} glues no {key!r}"
            assert nx.format_glue(_glue(chapter)[key], key, fmt)


def _text(html: str) -> str:
    html = re.sub(r"<math.*?</math>", " ", html, flags=re.S)
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.site
@pytest.mark.parametrize("name", NAMES)
def test_exam_bank_shows_the_written_questions_answers_and_essays(name):
    page = (SITE / files(name)["exam"]).read_text(encoding="utf-8")
    found = BANKS[name]
    head, answers = page.split('<h2 class="page-break">Answers</h2>')
    part_b = head.split("<h2>Part B: short answer</h2>")[1].split("<h2>Part C")[0]
    written = part_b.split("From the chapter's exercises")[0]
    assert len(re.findall(r'<div class="question" id="b\d+">', written)) == len(found.short)
    assert f"Written for the exam ({found.marks} marks)" in written
    lookup = bank.glue_lookup(_glue)
    for i, q in enumerate(found.short, 1):
        assert f'<h3>B{i} ({q.marks} mark' in written
        assert _text(bank.to_html(q.question, name, lookup)) in _text(written), q.id
        assert _text(bank.to_html(q.answer, name, lookup)) in _text(answers), q.id
    part_c = head.split("<h2>Part C: discussion and essay</h2>")[1]
    for i, essay in enumerate(found.essays, 1):
        assert f'<div class="question" id="c{i}">' in part_c
        assert _text(bank.to_html(essay.prompt, name, lookup)) in _text(part_c), essay.id
        for point in essay.points:
            assert _text(bank.to_html(point, name, lookup)) in _text(answers), essay.id
    assert answers.count("<h3>C") == 2 and "what a strong essay covers" in answers
    # the glued numbers are this build's, and nothing is left unrendered
    glued = re.findall(r'<span class="glued">([^<]*)</span>', page)
    for value in _glued_texts(name):
        assert value in glued
    assert "{glue}" not in page and "\\(" not in page and "$\\" not in page
    # offline: nothing loaded, and no address but those the book's settings give
    assert _external_assets(page) == []
    allowed = set(re.findall(r"https?://[^\s\"'<>]+", (ROOT / "_config.yml").read_text()))
    addresses = re.findall(r"https?://[^\s\"'<>]+", re.sub(r'xmlns="[^"]*"', "", page))
    assert set(addresses) <= allowed, set(addresses) - allowed
