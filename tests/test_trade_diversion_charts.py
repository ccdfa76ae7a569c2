"""The trade-diversion explorer's charts: the spec's params and bindings, and the Vega
expressions that carry the model to the website, evaluated by Vega itself (vl-convert)
and compared with the Python model (relative difference <= 1e-9)."""

import math
import re

import altair as alt
import pytest
from vega_support import vega_rows

from widgets.charts.trade_diversion import (
    BAND,
    PARTNERS,
    PRESETS,
    ExplorerInputs,
    explorer_outcome,
    explorer_params,
    model_rows,
    partner_baseline,
    smart_transforms,
    trade_diversion_chart,
)

FIELDS = ["m1", "diversion", "creation", "total1", "price", "revenue1", "consumer_cost",
          "welfare_change"]  # fmt: skip
SETTINGS = [
    (45, 10, 2.5, 2.5),
    (0, 0, 2.5, 2.5),
    (145, 10, 1.5, 5.2),
    (200, 100, 6.0, 0.5),
    (25, 0, 3.3, 7.9),
    (170, 10, 5.2, 1.5),
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


def test_the_band_corners_are_the_model_at_the_literature_elasticities():
    rows = model_rows(partner_baseline())
    corners = rows[rows["scenario"] != "chosen"]
    assert sorted({(r.eps_fixed, r.sigma_fixed) for r in corners.itertuples()}) == [
        (1.5, 1.5), (1.5, 5.2), (5.2, 1.5), (5.2, 5.2)]  # fmt: skip
    assert BAND.import_demand == (1.5, 5.2)


def test_presets_drive_the_expressions_like_the_sliders():
    # Evaluate the page's own params and preset expression at a preset's default value.
    for key in ("april2025", "ruling"):
        p = explorer_params()  # the sliders stay at their defaults (45%, 10%)
        preset = alt.param(name="preset", value=key)
        params = (preset, *p.params[1:])
        _, china, others = PRESETS[key]
        assert_agree(vega_evaluates(p, params), expected_fields(model(china, others, 2.5, 2.5)))


def test_spec_params_and_bindings():
    spec = trade_diversion_chart().to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert list(params) == ["preset", "china_pct", "others_pct", "eps", "sigma"]
    assert params["china_pct"]["bind"] == {"input": "range", "min": 0, "max": 200, "step": 1,
                                           "name": "Tariff on China (%) "}  # fmt: skip
    assert params["china_pct"]["value"] == 45
    assert params["others_pct"]["bind"]["max"] == 100
    assert params["eps"]["value"] == 2.5 and params["sigma"]["value"] == 2.5
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
