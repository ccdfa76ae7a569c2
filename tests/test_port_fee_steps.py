"""Who bears a port fee, step by step (widgets/charts/port_fee_steps.py): a static figure whose
numbers are the port-fee model's own, three panels in reading order, nothing to move.

Worked by hand from ``eq-fee-per-box`` (f = r (NT/K) b / L) with the book's defaults
(4.93 net tons per TEU, 40-foot boxes, 85 % loaded): Annex I at $50 a net ton gives
50 x 4.93 x 2 / 0.85 = $580 a box; Annex II at $18 gives $208.80 (more than its $120 a box).
"""

from __future__ import annotations

import pytest

from tests.chart_support import static_panels, unit_views
from widgets.charts.kit import contrast
from widgets.charts.port_fee_steps import (
    CASES,
    SHIPS,
    STEPS,
    fee_incidence_chart,
    fee_incidence_steps,
)
from widgets.charts.theme import BLUE
from widgets.models.port_fees import DEFAULTS, port_fee_outcome


def test_hand_worked_case():
    steps = fee_incidence_steps()
    fees = steps.ships.set_index("category")["fee"]
    assert fees["china_operated"] == pytest.approx(50 * 4.93 * 2 / 0.85)
    assert fees["china_built"] == pytest.approx(18 * 4.93 * 2 / 0.85)
    assert fees["other"] == 0
    pays = steps.wedge.groupby("case", sort=False)["shipper_pays"].first()
    keeps = steps.wedge.groupby("case", sort=False)["carrier_keeps"].first()
    assert pays.tolist() == pytest.approx([2290, 2290, 2290 + 580])
    assert keeps.tolist() == pytest.approx([2290, 2290 - 580, 2290])
    shares = steps.shares.set_index("of")["share"]
    assert shares["Freight rate"] == pytest.approx(580 / 2290)
    assert shares["Cargo's value"] == pytest.approx(580 / 109_000)


@pytest.mark.parametrize(
    "kw",
    [{}, {"schedule_year": 2028, "capacity_teu": 9_000, "load_factor": 0.6},
     {"schedule_year": 2026, "capacity_teu": 3_500, "freight_rate_per_container": 1_800.0}],
)  # fmt: skip
def test_every_drawn_number_is_the_model(kw):
    steps = fee_incidence_steps(**kw)
    year, teu = kw.pop("schedule_year", 2025), kw.pop("capacity_teu", 14_000)
    outs = {c: port_fee_outcome(category=c, schedule_year=year, capacity_teu=teu, **kw)
            for c, _ in SHIPS}  # fmt: skip
    assert steps.ships["fee"].tolist() == [outs[c].fee_per_container for c, _ in SHIPS]
    assert steps.ships["ship"].tolist() == [label for _, label in SHIPS]
    liable = outs[SHIPS[0][0]]
    assert steps.liable == liable
    fee, rate = liable.fee_per_container, liable.freight_rate_per_container
    for case, rows in steps.wedge.groupby("case", sort=False):
        first = rows.iloc[0]
        # The wedge: what the shipper pays less what the carrier keeps is the model's fee.
        assert first.shipper_pays - first.carrier_keeps == pytest.approx(
            0.0 if case == "No fee" else fee
        )
        assert rows["amount"].sum() == pytest.approx(first.shipper_pays)
        assert rows["start"].iloc[0] == 0 and rows["end"].iloc[-1] == first.shipper_pays
    by_case = steps.wedge.groupby("case", sort=False).first()
    assert list(by_case.index) == list(CASES)
    assert by_case.loc["Carrier bears it", "shipper_pays"] == rate  # the rate does not move
    assert by_case.loc["Shipper bears it", "carrier_keeps"] == rate  # the whole fee on top
    shares = steps.shares.set_index("of")["share"]
    assert shares["Freight rate"] == liable.share_of_freight_rate
    assert shares["Cargo's value"] == liable.share_of_cargo_value


def test_a_small_chinese_built_ship_is_exempt_in_panel_one():
    steps = fee_incidence_steps(capacity_teu=4_000)
    fees = steps.ships.set_index("category")["fee"]
    assert fees["china_built"] == 0 and fees["china_operated"] > 0


def test_chart_has_three_static_panels_with_the_models_labels():
    steps = fee_incidence_steps()
    spec = fee_incidence_chart(steps).to_dict()
    titles, subtitles = static_panels(spec)
    assert titles == [title for title, _ in STEPS]
    assert "Fee per 40-foot box, 14,000-TEU ship, first phase" in subtitles[0]
    assert "The model sizes the $580 fee, not its split: two limits" in subtitles[1]
    assert "If passed on in full: the $580 fee as a share of the freight rate" in subtitles[2]
    datasets = list(spec["datasets"].values())
    drawn = {tuple(sorted(rows[0])): rows for rows in datasets}
    ships = next(rows for key, rows in drawn.items() if "ship" in key)
    assert [(r["ship"], r["text"]) for r in ships] == [
        ("Chinese-operated", "$580"), ("Chinese-built", "$209"), ("Neither", "$0")
    ]  # fmt: skip
    wedge = next(rows for key, rows in drawn.items() if "case" in key)
    assert [r["text"] for r in wedge] == ["$2,290", "$1,710", "$580", "$2,290", "$580"]
    assert [r["pays_label"] for r in wedge if r["end"] == r["shipper_pays"]] == [
        "pays $2,290", "pays $2,290", "pays $2,870"
    ]  # fmt: skip
    shares = next(rows for key, rows in drawn.items() if "of" in key)
    assert [r["text"] for r in shares] == ["25%", "0.53%"]
    assert DEFAULTS["freight_rate_per_container"] == 2_290.0  # the numbers above assume it
    for text in ("$580 if the ship is Chinese-operated", "$209", "keeps $1,710",
                 "pays $2,870", "not how it is split", "25% of the freight rate",
                 "0.53% of the value"):  # fmt: skip
        assert text in spec["description"], text


def test_text_drawn_on_a_bar_is_white_on_the_blue_only():
    """Value labels sit beside the bars in the text colour; the one label inside a bar
    (what the carrier keeps) is white on the blue, 4.5:1 or better."""
    spec = fee_incidence_chart(fee_incidence_steps()).to_dict()
    colours = [v["mark"].get("color") for v in unit_views(spec) if v["mark"]["type"] == "text"]
    inside = [c for c in colours if c == "white"]
    assert len(inside) == 1 and contrast("#ffffff", BLUE) >= 4.5
    assert all(v["mark"].get("aria") is False for v in unit_views(spec))
