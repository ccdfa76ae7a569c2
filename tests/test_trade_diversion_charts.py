"""The trade-diversion explorer's charts: the spec's params and bindings, and the Vega
expressions that carry the model to the website, evaluated by Vega itself (vl-convert)
and compared with the Python model (relative difference <= 1e-9)."""

import math
import re

import altair as alt
import pytest
from explorer_support import mark_keys, site_specs
from vega_support import vega_rows

from widgets.charts.trade_diversion import (
    CONTROLS,
    DIVERSION_START,
    PARTNERS,
    PRESETS,
    ExplorerInputs,
    band_from_data,
    elasticities_from_data,
    explorer_outcome,
    explorer_params,
    model_rows,
    model_transforms,
    partner_baseline,
    smart_comparison,
    smart_transforms,
    trade_diversion_chart,
)
from widgets.controls.trade_diversion import TradeDiversionExplorer

#: The fields of the model's rows the charts and the key numbers read (and ``price``).
DRAWN_FIELDS = (
    "m0", "m1", "creation", "diversion", "change", "total1", "price", "revenue1",
    "consumer_cost", "welfare_change", "m1_share", "m1_low", "m1_high", "total1_low",
    "total1_high",
)  # fmt: skip
FIELDS = ["m1", "diversion", "creation", "total1", "price", "revenue1", "consumer_cost",
          "welfare_change"]  # fmt: skip
SETTINGS = [
    (45, 10, 1.0, 2.5),
    (0, 0, 1.0, 2.5),
    (145, 10, 0.5, 5.2),
    (200, 100, 3.0, 0.5),
    (25, 0, 2.3, 7.9),
    (170, 10, 1.1, 1.5),
    (170, 10, 1.0, 1.0),  # the Cobb-Douglas branch of the CES index
    (60, 10, 0.7, 1.0000001),  # just beside it: the two branches meet
]


def model(china_pct, others_pct, eps, sigma):
    return explorer_outcome(
        partner_baseline(), china_pct=china_pct, others_pct=others_pct, eps=eps, sigma=sigma
    )


def expected_fields(out):
    t = out.totals()
    rows = {}
    for r in out.rows():
        rows[r["partner"]] = {
            "m1": r["new_imports"], "diversion": r["trade_diversion"],
            "creation": r["trade_creation"], "total1": t["total_new_imports"],
            "price": t["basket_price"], "revenue1": t["new_tariff_revenue"],
            "consumer_cost": t["consumer_cost"], "welfare_change": t["welfare_change"],
        }  # fmt: skip
    return rows


def vega_evaluates(inputs: ExplorerInputs, params=()) -> dict[str, dict[str, float]]:
    """Run the page's transforms in Vega (tests/vega_support.py) and read every field back."""
    transforms = [*smart_transforms(inputs), {"filter": "datum.scenario == 'chosen'"}]
    values = {p.name: p.param.value for p in params}
    rows = vega_rows(model_rows(partner_baseline()), transforms, FIELDS, params=values,
                     text=["partner"])  # fmt: skip
    return {r["partner"]: {f: r[f] for f in FIELDS} for r in rows}


def assert_agree(found, expected):
    assert set(found) == set(PARTNERS)
    for partner, fields in expected.items():
        for f, v in fields.items():
            assert math.isclose(found[partner][f], v, rel_tol=1e-9, abs_tol=1e-9), (partner, f)


@pytest.mark.parametrize(("china", "others", "eps", "sigma"), SETTINGS)
def test_vega_expressions_equal_the_python_model(china, others, eps, sigma):
    inputs = ExplorerInputs.fixed(china_pct=china, others_pct=others, eps=eps, sigma=sigma)
    assert_agree(vega_evaluates(inputs), expected_fields(model(china, others, eps, sigma)))


@pytest.mark.parametrize(("china", "others", "eps", "sigma"), SETTINGS[:4])
def test_the_charts_rows_keep_the_drawn_fields_of_the_model(china, others, eps, sigma):
    # every transform the page runs before the charts, with the last one keeping only
    # the fields drawn: the same numbers as the model, and the band around them
    inputs = ExplorerInputs.fixed(china_pct=china, others_pct=others, eps=eps, sigma=sigma)
    transforms = [*model_transforms(inputs), {"calculate": "datum.order", "as": "_row"}]
    rows = vega_rows(model_rows(partner_baseline()), transforms, DRAWN_FIELDS, text=["partner"])
    found = {r["partner"]: r for r in rows}
    assert_agree(found, expected_fields(model(china, others, eps, sigma)))
    corners = [explorer_outcome(partner_baseline(), china_pct=china, others_pct=others, eps=e,
                                sigma=s) for _, e, s in band_from_data().corners()]  # fmt: skip
    for i, partner in enumerate(PARTNERS):
        low = min(float(c.new_imports[i]) for c in corners)
        assert math.isclose(found[partner]["m1_low"], low, rel_tol=1e-9)
        assert found[partner]["m1_low"] <= found[partner]["m1_high"]


@pytest.mark.parametrize("method", ["ces", "smart"])
@pytest.mark.parametrize(("china", "others", "eps", "sigma"), [SETTINGS[0], SETTINGS[2]])
def test_the_band_is_the_shown_method_at_the_corners(china, others, eps, sigma, method):
    # the band of the method shown: the WITS formulas run on the corners only while SMART
    # is shown (a filter keeps the reader's rows alone otherwise), the CES band before it
    inputs = ExplorerInputs.fixed(china_pct=china, others_pct=others, eps=eps, sigma=sigma,
                                  method=method)  # fmt: skip
    transforms = [*model_transforms(inputs), {"calculate": "datum.order", "as": "_row"}]
    rows = vega_rows(model_rows(partner_baseline()), transforms, DRAWN_FIELDS, text=["partner"])
    found = {r["partner"]: r for r in rows}
    corners = [explorer_outcome(partner_baseline(), china_pct=china, others_pct=others, eps=e,
                                sigma=s, method=method)
               for _, e, s in band_from_data().corners()]  # fmt: skip
    for i, partner in enumerate(PARTNERS):
        m1 = [float(c.new_imports[i]) for c in corners]
        assert math.isclose(found[partner]["m1_low"], min(m1), rel_tol=1e-9)
        assert math.isclose(found[partner]["m1_high"], max(m1), rel_tol=1e-9)
    totals = [c.totals()["total_new_imports"] for c in corners]
    assert math.isclose(found["China"]["total1_low"], min(totals), rel_tol=1e-9)
    assert math.isclose(found["China"]["total1_high"], max(totals), rel_tol=1e-9)


def test_no_chart_copies_or_remakes_the_explorers_rows():
    # In the page the model's rows are updated in place on a slider move: no step at the
    # top regroups them (an aggregate made new rows, so every mark not keyed was drawn
    # again), and no chart's data adds a field before making rows of its own (a calculate
    # there makes Vega copy every row with all its fields: its Relay "derive")
    spec = trade_diversion_chart().to_dict()
    assert not [t for t in spec["transform"] if "aggregate" in t or "fold" in t]
    (site,) = site_specs(TradeDiversionExplorer)
    model = [d["name"] for d in site["data"] if d.get("source") and len(d["transform"]) > 50]
    derived = [d for d in site["data"] if d.get("source") in model]
    assert len(model) == 1 and len(derived) == 1  # the key numbers' row
    for data in derived:
        types = [t["type"] for t in data.get("transform", [])]
        if "formula" in types:
            assert "aggregate" in types[: types.index("formula")], data["name"]
    # the marks read the model's rows themselves (invalid=None: no data set of their own
    # per mark, filtering invalid values on every move)
    marks, reading = list(site["marks"]), []
    while marks:
        mark = marks.pop()
        marks += mark.get("marks", [])
        reading += [mark["name"]] if mark.get("from", {}).get("data") in model else []
    assert len(reading) == 6, reading
    # no chart sorts the partners by a list (that adds a field to every row): the order
    # is the scale's domain
    ys, pending = [], [spec]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if node.get("field") == "partner" and "scale" in node:
                ys.append(node)
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    assert len(ys) == 5  # grey, blue and band bars; creation and diversion bars
    assert all(y["sort"] is None and y["scale"]["domain"] == PARTNERS for y in ys)


def test_the_flow_labels_are_keyed_by_partner():
    # the page updates the drawn labels when a slider moves instead of making them again:
    # the spec the site compiles keys the creation and diversion bars and the flow labels
    (site,) = site_specs(TradeDiversionExplorer)
    assert sorted(mark_keys(site)) == ["partner", "partner", "partner"]


@pytest.mark.parametrize(("creation", "diversion", "start", "end"), [
    (-3.0, -2.0, -3.0, -5.0),  # both down: diversion stacked below creation
    (-3.0, 2.0, 0.0, 2.0),  # creation down, diversion up: each from zero
    (1.5, -4.0, 0.0, -4.0),
    (1.5, 2.0, 1.5, 3.5),  # both up (tariffs cut): stacked above
    (0.0, 2.0, 0.0, 2.0),
])  # fmt: skip
def test_the_diversion_bar_stacks_on_the_creation_bar_as_vega_stacks(
    creation, diversion, start, end
):
    # the two bars of a partner where Vega's "zero" stack of creation, then diversion,
    # put them: the same numbers as the stack of the rows folded by effect
    fold = [{"fold": ["creation", "diversion"], "as": ["effect", "value"]},
            {"stack": "value", "groupby": ["p"], "offset": "zero", "as": ["v0", "v1"],
             "sort": [{"field": "effect"}]}]  # fmt: skip
    rows = [{"p": 1, "creation": creation, "diversion": diversion}]
    stacked = vega_rows(rows, fold, ["v0", "v1"], text=["effect"])
    ours = vega_rows(rows, [{"calculate": DIVERSION_START, "as": "s"},
                            {"calculate": "datum.s + datum.diversion", "as": "e"}],
                     ["s", "e"])  # fmt: skip
    (drawn,) = [r for r in stacked if r["effect"] == "diversion"]
    assert (ours[0]["s"], ours[0]["e"]) == (drawn["v0"], drawn["v1"]) == (start, end)


def test_the_grey_bars_draw_the_baseline_and_stay_put():
    # the 2024 baseline bars read their own rows (the baseline), not the model's: a slider
    # move leaves them alone
    spec = trade_diversion_chart().to_dict()
    imports = next(v for v in spec["vconcat"][0]["hconcat"] if v.get("name") == "td_imports")
    grey = imports["layer"][0]
    values = spec["datasets"][grey["data"]["name"]]
    assert [r["partner"] for r in values] == PARTNERS
    assert [r["baseline_imports"] for r in values] == list(
        partner_baseline()["baseline_imports"])
    assert "transform" not in grey and grey["encoding"]["x"]["field"] == "baseline_imports"


SMART_FIELDS = {"m1": "new_imports", "diversion": "trade_diversion", "creation": "trade_creation"}


@pytest.mark.parametrize(("china", "others", "eps", "sigma"), SETTINGS)
def test_the_smart_method_shows_the_wits_formulas(china, others, eps, sigma):
    inputs = ExplorerInputs.fixed(china_pct=china, others_pct=others, eps=eps, sigma=sigma,
                                  method="smart")  # fmt: skip
    found = vega_evaluates(inputs)
    out = explorer_outcome(partner_baseline(), china_pct=china, others_pct=others, eps=eps,
                           sigma=sigma, method="smart")  # fmt: skip
    totals = out.totals()
    for r in out.rows():
        got = found[r["partner"]]
        for field, key in SMART_FIELDS.items():
            assert math.isclose(got[field], r[key], rel_tol=1e-9, abs_tol=1e-9), (r, field)
        assert math.isclose(got["total1"], totals["total_new_imports"], rel_tol=1e-9)
        assert math.isclose(got["revenue1"], totals["new_tariff_revenue"], rel_tol=1e-9)


def test_the_method_param_switches_the_page():
    p = explorer_params()
    params = (*p.params[:-1], alt.param(name="method", value="smart"))
    found = vega_evaluates(p, params)
    out = explorer_outcome(partner_baseline(), china_pct=45, others_pct=10, eps=1.0, sigma=2.5,
                           method="smart")  # fmt: skip
    assert math.isclose(found["China"]["m1"], out.new_imports[0], rel_tol=1e-9)
    with pytest.raises(ValueError, match="method"):
        explorer_outcome(partner_baseline(), china_pct=45, others_pct=10, eps=1.0, sigma=2.5,
                         method="gtap")  # fmt: skip


def test_the_band_corners_are_the_model_at_the_literature_elasticities():
    rows = model_rows(partner_baseline())
    corners = rows[rows["scenario"] != "chosen"]
    assert sorted({(r.eps_fixed, r.sigma_fixed) for r in corners.itertuples()}) == [
        (0.5, 2.5), (0.5, 5.2), (1.1, 2.5), (1.1, 5.2)]  # fmt: skip
    assert band_from_data().import_demand == (0.5, 1.1)
    assert band_from_data().substitution == (2.5, 5.2)


def test_the_defaults_are_the_data():
    # The sliders start at the elasticities of data/trade_elasticities.csv.
    data = elasticities_from_data()
    defaults = {c.name: c.default for c in CONTROLS}
    assert defaults["eps"] == data["eps"]["value"] == 1.0
    assert defaults["sigma"] == data["sigma"]["value"] == 2.5


def test_smart_comparison_china_25_to_26():
    # China 25 -> 26 %, ε = σ = 2.5, 2024 base (issue 15). SMART puts all creation on
    # China, so Mexico gains by diversion alone; the CES model spreads creation over
    # everyone, and with ε = σ a partner whose price did not move keeps its imports
    # to first order (cross-price effect ω_China (σ - ε) = 0).
    table = smart_comparison(partner_baseline(), china_pct=26, others_pct=0, eps=2.5, sigma=2.5)
    row = table.set_index("partner")
    assert row.loc["Mexico", "smart_change"] == pytest.approx(1.367, abs=1e-3)
    assert row.loc["China", "smart_change"] == pytest.approx(-16.447, abs=1e-3)
    assert row.loc["Mexico", "ces_change"] == pytest.approx(-0.0037, abs=1e-4)
    assert row.loc["China", "ces_change"] == pytest.approx(-8.688, abs=1e-3)
    assert row["smart_creation"].drop("China").eq(0).all()


def test_presets_drive_the_expressions_like_the_sliders():
    # Evaluate the page's own params and preset expression at a preset's default value.
    for key in ("april2025", "ruling"):
        p = explorer_params()  # the sliders stay at their defaults (45%, 10%)
        preset = alt.param(name="preset", value=key)
        params = (preset, *p.params[1:])
        _, china, others = PRESETS[key]
        assert_agree(vega_evaluates(p, params), expected_fields(model(china, others, 1.0, 2.5)))


def test_spec_params_and_bindings():
    spec = trade_diversion_chart().to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert list(params) == ["preset", "china_pct", "others_pct", "eps", "sigma", "method"]
    assert params["method"]["value"] == "ces"
    assert params["method"]["bind"]["options"] == ["ces", "smart"]
    assert params["china_pct"]["bind"] == {"input": "range", "min": 0, "max": 200, "step": 1,
                                           "name": "Tariff on China (%) "}  # fmt: skip
    assert params["china_pct"]["value"] == 45
    assert params["others_pct"]["bind"]["max"] == 100
    assert params["eps"]["value"] == 1.0 and params["sigma"]["value"] == 2.5
    assert params["preset"]["bind"]["input"] == "select"
    assert params["preset"]["bind"]["options"] == ["sliders", *PRESETS]
    assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"
    assert spec["description"]
    names = re.findall(r'"name": "(td_[a-z]+)"', str(spec).replace("'", '"'))
    assert set(names) == {"td_imports", "td_decomposition", "td_flows", "td_numbers"}


def test_every_chart_has_a_title_and_description():
    spec = trade_diversion_chart().to_dict()
    charts = [c for row in spec["vconcat"] for c in row["hconcat"]]
    assert len(charts) == 4
    for c in charts:
        assert c["title"]["text"] and c["description"]


def test_partner_baseline_adds_up():
    base = partner_baseline()
    assert list(base["partner"]) == PARTNERS
    assert math.isclose(base["baseline_imports"].sum(), 3267.4, rel_tol=1e-12)
    assert base.set_index("partner").loc["China", "baseline_imports"] == pytest.approx(440.3195)
    with pytest.raises(ValueError, match="Mexico"):
        partner_baseline(2025)


def test_flow_labels_carry_their_unit():
    """Issue 13: the flow picture read "China −155" with no unit."""
    from widgets.charts.trade_diversion import FLOW_LABEL

    rows = vega_rows([{"partner": "China", "change": -155.2}, {"partner": "Mexico", "change": 7.6},
                      {"partner": "India", "change": -0.2}],
                     [{"calculate": FLOW_LABEL, "as": "label"}], [], text=["label"])  # fmt: skip
    assert [r["label"] for r in rows] == ["China \u2212$155 bn", "Mexico +$8 bn", "India +$0 bn"]
    spec = trade_diversion_chart().to_dict()
    flows = next(v for v in spec["vconcat"][1]["hconcat"] if v.get("name") == "td_flows")
    assert "$ billion" in " ".join(flows["title"]["subtitle"])
