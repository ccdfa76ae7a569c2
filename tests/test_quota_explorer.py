"""The quota explorer: closed-form checks of what it shows, and both views agreeing.

* a quota set at a tariff's imports gives the tariff's price (to 1e-9); a voluntary export
  restraint moves the whole rent abroad; a tariff-rate quota whose two rates are equal
  is that tariff; demand growth raises the quota's price but not the tariff's;
* the page's grid is the model's (rounded to cents), its inputs are the declared
  controls, and the key numbers the page writes (run in real Vega) equal the live
  widget's for the same settings.
"""

from __future__ import annotations

import itertools

import pytest
from explorer_support import set_inputs, website_view
from vega_support import vega_rows

from widgets.charts.quota import (
    POLICIES,
    QUOTA_BAR_LINES,
    QUOTA_BARS,
    QUOTA_CONTROLS,
    RATES_UNUSED,
    grown_market,
    quota_row,
    quota_table,
)
from widgets.controls.quota import QuotaExplorer, key_number_lines, quota_explorer
from widgets.models.examples import CLASSROOM_MARKET as M
from widgets.models.quota import quota_outcome, tariff_rate_quota_outcome
from widgets.models.tariff import tariff_outcome

TARIFFS = (10, 20, 30, 50, 60)


@pytest.mark.parametrize("pct", TARIFFS)
def test_quota_at_the_tariffs_imports_gives_the_tariffs_price(pct):
    tariff = tariff_outcome(**M, tariff_rate=pct / 100)
    quota = quota_outcome(**M, import_quota=tariff.imports)
    assert abs(quota.domestic_price - tariff.domestic_price) <= 1e-9
    assert abs(quota.imports - tariff.imports) <= 1e-9
    # Same price, different revenue: the tariff's revenue becomes the quota rent.
    assert quota.tariff_revenue == 0.0
    assert quota.quota_rent == pytest.approx(tariff.tariff_revenue, rel=1e-9)
    row = quota_row(M, "quota", pct, 0)
    assert abs(row["price"] - row["tariff_price"]) <= 1e-9
    assert row["rent_home"] == pytest.approx(tariff.tariff_revenue, rel=1e-9)


@pytest.mark.parametrize("pct", TARIFFS)
def test_a_voluntary_export_restraint_sends_the_rent_abroad(pct):
    quota, ver = quota_row(M, "quota", pct, 10), quota_row(M, "ver", pct, 10)
    assert ver["price"] == quota["price"] and ver["dwl"] == quota["dwl"]
    assert ver["rent_home"] == 0.0 and quota["rent_abroad"] == 0.0
    assert ver["rent_abroad"] == pytest.approx(quota["rent_home"], rel=1e-12)
    assert ver["welfare"] == pytest.approx(quota["welfare"] - quota["rent_home"], rel=1e-12)


@pytest.mark.parametrize("pct, rate", list(itertools.product((10, 40), (0, 20, 60))))
def test_a_tariff_rate_quota_with_equal_rates_is_a_tariff(pct, rate):
    quota = tariff_outcome(**M, tariff_rate=pct / 100).imports
    trq = tariff_rate_quota_outcome(**M, import_quota=quota, in_quota_rate=rate / 100,
                                    over_quota_rate=rate / 100)  # fmt: skip
    tariff = tariff_outcome(**M, tariff_rate=rate / 100)
    assert abs(trq.domestic_price - tariff.domestic_price) <= 1e-9
    assert trq.imports == pytest.approx(tariff.imports, rel=1e-12)
    assert trq.tariff_revenue == pytest.approx(tariff.tariff_revenue, rel=1e-9, abs=1e-9)
    assert trq.quota_rent == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("pct, growth", list(itertools.product((10, 30), (10, 30))))
def test_demand_growth_raises_the_quotas_price_not_the_tariffs(pct, growth):
    before, after = quota_row(M, "quota", pct, 0), quota_row(M, "quota", pct, growth)
    tariff = quota_row(M, "tariff", pct, growth)
    assert tariff["price"] == pytest.approx(before["price"], rel=1e-12)
    assert after["price"] > before["price"] + 1
    assert after["imports"] == pytest.approx(before["imports"], rel=1e-12)
    assert tariff["imports"] > after["imports"]
    # The closed form: imports stay at the quota, so the price rises until the extra
    # demand (growth% of free-trade demand) is choked off along M(p).
    slope = M["demand"].slope + M["supply"].slope
    extra = growth / 100 * float(M["demand"].quantity(M["world_price"]))
    assert after["price"] - before["price"] == pytest.approx(extra / slope, rel=1e-9)
    assert float(grown_market(M, growth)["demand"].slope) == M["demand"].slope


def test_rejects_an_unknown_policy():
    with pytest.raises(ValueError, match="policy"):
        quota_row(M, "embargo", 20, 0)


@pytest.fixture(scope="module")
def spec():
    return website_view(QuotaExplorer)[0]  # quota_explorer().static_chart(), made once


def test_page_grid_is_the_model(spec):
    (grid,) = [r for r in spec["datasets"].values() if r and "rent_abroad" in r[0]]
    c = {control.name: control for control in QUOTA_CONTROLS}
    per_setting = len(range(c["tariff_pct"].min, c["tariff_pct"].max + 1, c["tariff_pct"].step))
    per_setting *= len(range(c["growth_pct"].min, c["growth_pct"].max + 1, 10))
    trq = len(range(0, c["in_pct"].max + 1, c["in_pct"].step)) * len(
        range(0, c["out_pct"].max + 1, c["out_pct"].step)
    )
    assert len(grid) == per_setting * (3 + trq)
    for row in grid[::13]:
        model = quota_row(M, row["policy"], row["tariff_pct"], row["growth_pct"],
                          row["in_pct"], row["out_pct"])  # fmt: skip
        for field in ("price", "imports", "revenue", "rent_home", "rent_abroad", "dwl"):
            assert row[field] == pytest.approx(model[field], abs=0.005 + 1e-9), (row, field)


def test_page_inputs_are_the_declared_controls(spec):
    params = {p["name"]: p for p in spec["params"]}
    assert list(params) == [c.name for c in QUOTA_CONTROLS]
    for c in QUOTA_CONTROLS:
        assert params[c.name]["value"] == c.default
        assert params[c.name]["bind"]["name"].strip() == c.label
    assert params["policy"]["bind"]["options"] == [p for p, _ in POLICIES]


SETTINGS = [
    {"policy": "quota", "tariff_pct": 20, "growth_pct": 0, "in_pct": 0, "out_pct": 60},
    {"policy": "quota", "tariff_pct": 20, "growth_pct": 30, "in_pct": 0, "out_pct": 60},
    {"policy": "ver", "tariff_pct": 40, "growth_pct": 10, "in_pct": 20, "out_pct": 0},
    {"policy": "tariff", "tariff_pct": 60, "growth_pct": 20, "in_pct": 0, "out_pct": 100},
    {"policy": "trq", "tariff_pct": 30, "growth_pct": 20, "in_pct": 20, "out_pct": 40},
    {"policy": "trq", "tariff_pct": 10, "growth_pct": 0, "in_pct": 20, "out_pct": 80},
    {"policy": "trq", "tariff_pct": 0, "growth_pct": 30, "in_pct": 0, "out_pct": 0},
]


@pytest.mark.parametrize("values", SETTINGS)
def test_both_views_show_the_same_key_numbers(spec, values):
    """The page's key-number lines, run in real Vega with its params set and listed in the
    order the page lists them, equal the live widget's for the same settings, and the live
    bars draw the model's row."""
    panel = spec["vconcat"][1]
    rows = vega_rows(quota_table(M), panel["transform"], ["line_order"], params=values,
                     text=["line"])  # fmt: skip
    # What the page lists (_static/charts.js): the panel's lines in line_order.
    page = [r["line"] for r in sorted(rows, key=lambda r: r["line_order"])]
    x = quota_explorer()
    set_inputs(x, **values)
    live = [f"{label}: {value}" for label, value in key_number_lines(x.row)]
    assert page == live
    # the TRQ's rates are listed only under a TRQ (the other policies lock their sliders)
    assert page[-1].endswith(RATES_UNUSED) == (values["policy"] != "trq")
    assert x.row == quota_row(M, **values)
    assert x.figure.value.startswith("<svg") and x.message.value == ""
    for _label, value in key_number_lines(x.row):
        assert f">{value}<" in x.numbers.value


def test_bar_labels_fit_a_phone(spec):
    """Issue 13: "Tariff revenue (gove…", "Quota rent kept at h…" and "Quota rent to foreig…"
    were cut at 40% of a 390-px column: each label is drawn on lines of at most 17
    characters; the data (tooltip) keeps the full names."""
    from chart_support import unit_views

    (bars,) = [v for v in unit_views(spec) if v["mark"]["type"] == "bar"]
    y = bars["encoding"]["y"]
    full = [label for label, _ in QUOTA_BARS.values()]
    # in order by the scale's fixed domain (a sort is recomputed on every slider move)
    assert y["scale"]["domain"] == full and y["sort"] is None
    expr = y["axis"]["labelExpr"]
    joined = f"isArray({expr}) ? join({expr}, '|') : {expr}"
    rows = vega_rows([{"label": label} for label in full],
                     [{"calculate": joined, "as": "shown"}], [], text=["shown"])  # fmt: skip
    shown = [r["shown"] for r in rows]
    assert shown == ["Tariff revenue|(government)", "Quota rent|kept at home",
                     "Quota rent to|foreign exporters", "Deadweight loss"]  # fmt: skip
    assert all(" ".join(QUOTA_BAR_LINES[label]) == label for label in QUOTA_BAR_LINES)
    assert max(len(line) for s in shown for line in s.split("|")) <= 17


def test_the_bars_are_keyed_by_measure():
    # a move picks another grid row and folds it anew: keyed, the page updates the four
    # bars instead of making them anew (a full redraw on every move)
    from explorer_support import mark_keys, site_specs

    (site,) = site_specs(QuotaExplorer)
    assert mark_keys(site) == ["measure"]


def test_the_live_rate_sliders_move_only_under_a_tariff_rate_quota():
    """As on the page (``Control.sets`` on the policy): under any other policy the TRQ's
    rates are locked at their start, with a line saying why."""
    live = QuotaExplorer()
    rates = (live.in_pct, live.out_pct)
    assert [(r.disabled, r.value) for r in rates] == [(True, 0), (True, 60)]
    assert "Choose \u201cTariff-rate quota\u201d to move them." in live.locked.value
    live.policy.value = "trq"
    assert [r.disabled for r in rates] == [False, False] and live.locked.value == ""
    live.out_pct.value = 100
    assert live.row["out_pct"] == 100
    live.policy.value = "tariff"
    assert [(r.disabled, r.value) for r in rates] == [(True, 0), (True, 60)]
