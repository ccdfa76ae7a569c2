"""Tests for the data package (data/datapackage.json), its loader and the bibliography.

Three layers, as for the models:

* the package is valid Frictionless and every table is documented (source, publisher,
  as-of date, units, licence);
* the loader returns the types the schema declares and refuses unknown names;
* reference values with their provenance (Census June 2026 vintage, the cited papers,
  the Federal Register notices) and accounting identities (balance = exports - imports,
  the tariff stack sums per regime).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package, validate

from widgets import data

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "data" / "datapackage.json"
BIB = ROOT / "references.bib"

# Names other chapters and code rely on: a contract.
RESOURCES = {
    "us_china_goods_trade",
    "us_tariff_stack_oct2025",
    "tariff_incidence_evidence",
    "model_parameters",
    "us_imports_from_china_products_2024",
}
BIB_KEYS = {
    "fajgelbaum2020return",
    "amiti2019impact",
    "cavallo2021tariff",
    "suranovic2010international",
    "bown2025piie",
    "census2026china",
    "usitc2025dataweb",
    "scotus2026learning",
    "ustr2018section301",
    "espinosa2024protection",
    "krugman2022international",
    "jammes2005smart",
}
AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # ISO year, year-month or date
# A numeric field's description must say its unit (or point to the unit column).
UNIT_WORDS = re.compile(
    r"dollars|percent|dimensionless|ratio|share|calendar year|rank|unit column|same unit",
    re.IGNORECASE,
)
PANDAS_KIND = {"integer": "Int64", "number": "float64", "string": "string"}


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bib_entries() -> dict[str, str]:
    """BibTeX key -> entry text, parsed with a regular expression (no extra dependency)."""
    text = BIB.read_text(encoding="utf-8")
    starts = list(re.finditer(r"^@(\w+)\{([^,\s]+),", text, flags=re.MULTILINE))
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return {m.group(2): text[m.start() : end] for m, end in zip(starts, ends, strict=True)}


def resource_of(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


# --- the package is valid and documented ------------------------------------------------


def test_package_is_valid_frictionless():
    report = validate(str(PACKAGE))
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors
    assert Package(str(PACKAGE)).get_resource("us_china_goods_trade").path


def test_package_metadata(descriptor):
    assert descriptor["title"]
    assert descriptor["licenses"] and all(lic.get("name") for lic in descriptor["licenses"])
    assert descriptor["contributors"] and all(c.get("title") for c in descriptor["contributors"])
    names = {r["name"] for r in descriptor["resources"]}
    assert RESOURCES <= names
    # Every CSV in data/ is described, and every description points at a CSV.
    assert {r["path"] for r in descriptor["resources"]} == {
        p.name for p in (ROOT / "data").glob("*.csv")
    }


ALL_RESOURCES = sorted(r["name"] for r in json.loads(PACKAGE.read_text())["resources"])


@pytest.mark.parametrize("name", ALL_RESOURCES)
def test_every_resource_is_documented(descriptor, name):
    resource = resource_of(descriptor, name)
    for key in ("path", "title", "description", "schema"):
        assert resource.get(key), f"{name}: missing {key}"
    assert AS_OF.match(str(resource.get("as_of", ""))), f"{name}: as_of must be an ISO date"
    assert resource["sources"], f"{name}: no source"
    for src in resource["sources"]:
        assert src.get("title") and src.get("publisher"), f"{name}: source without title/publisher"
        assert src.get("path", "").startswith("https://"), f"{name}: source without URL"
    assert resource["licenses"], f"{name}: no licence"
    for lic in resource["licenses"]:
        assert lic.get("name") and lic.get("title"), f"{name}: licence without name/title"
    for field in resource["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']}: no description"
        if field["type"] in {"number", "integer"}:
            assert UNIT_WORDS.search(field["description"]), f"{name}.{field['name']}: no unit"


# --- the loader -------------------------------------------------------------------------


def test_resources_lists_the_package_in_order(descriptor):
    assert data.resources() == [r["name"] for r in descriptor["resources"]]


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_load_uses_schema_dtypes(descriptor, name):
    frame = data.load(name)
    fields = resource_of(descriptor, name)["schema"]["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    assert len(frame) > 0
    for field in fields:
        column = frame[field["name"]]
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(column), field["name"]
        else:
            assert str(column.dtype) == PANDAS_KIND[field["type"]], field["name"]


def test_load_returns_a_fresh_copy():
    frame = data.load("model_parameters")
    frame.loc[:, "value"] = -1.0
    assert (data.load("model_parameters")["value"] != -1.0).all()


@pytest.mark.parametrize("call", [data.load, data.source])
def test_unknown_resource_raises_value_error_naming_it(call):
    with pytest.raises(ValueError, match="no_such_table"):
        call("no_such_table")


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_source_gives_plain_strings_for_captions(descriptor, name):
    info = data.source(name)
    assert set(info) == {"title", "publisher", "url", "as_of", "licence"}
    assert all(isinstance(v, str) and v for v in info.values())
    assert info["as_of"] == resource_of(descriptor, name)["as_of"]


# --- US-China goods trade: reference values and identities -------------------------------


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return data.load("us_china_goods_trade").set_index("year")


def test_trade_covers_2015_to_2025(trade):
    assert list(trade.index) == list(range(2015, 2026))


@pytest.mark.parametrize(
    ("year", "column", "expected"),
    [
        # Census c5700, June 2026 vintage ($M 440,319.5; 308,651.7; 105,977.9)
        (2024, "us_imports_from_china", 440.3195),
        (2025, "us_imports_from_china", 308.6517),
        (2025, "us_exports_to_china", 105.9779),
        (2025, "balance", -202.6740),
        # closed year: sum of the 12 monthly values ($M 538,514.3), the all-time record
        (2018, "us_imports_from_china", 538.5143),
        # first release of Feb 2021
        (2020, "balance", -310.8),
    ],
)
def test_trade_reference_values(trade, year, column, expected):
    assert trade.loc[year, column] == pytest.approx(expected, abs=1e-4)


def test_trade_balance_identity(trade):
    gap = trade["us_exports_to_china"] - trade["us_imports_from_china"] - trade["balance"]
    # Published totals are rounded to $0.1M per month; twelve months stay under $1M.
    assert gap.abs().max() < 0.001


def test_trade_vintage_is_labelled(trade):
    assert trade.loc[2020, "vintage"].startswith("first release")
    assert all(trade.loc[y, "vintage"].startswith("June 2026") for y in range(2022, 2026))
    assert trade["us_imports_from_china"].idxmax() == 2018


# --- the tariff stack -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def stack() -> pd.DataFrame:
    return data.load("us_tariff_stack_oct2025")


def test_stack_sums_per_regime(stack):
    totals = stack.groupby("regime")["rate_pct"].sum()
    assert totals.to_dict() == {
        "10 Oct 2025": 55.0,  # 25 (Section 301) + 20 (fentanyl) + 10 (reciprocal)
        "threat": 155.0,  # the same + 100 threatened
        "after Busan (10 Nov 2025)": 45.0,  # fentanyl cut to 10
        "after the Supreme Court ruling (24 Feb 2026)": 35.0,  # 25 + Section 122 at 10
    }


def test_stack_layers_and_dates(stack):
    by = stack.set_index(["regime", "layer"])
    assert (stack.loc[stack["layer"] == "Section 301 (List 3)", "rate_pct"] == 25).all()
    assert by.loc[("10 Oct 2025", "Section 301 (List 3)"), "in_force_from"] == pd.Timestamp(
        "2019-05-10"
    )
    assert by.loc[("10 Oct 2025", "IEEPA fentanyl"), "in_force_from"] == pd.Timestamp("2025-03-04")
    assert by.loc[("10 Oct 2025", "IEEPA reciprocal"), "in_force_from"] == pd.Timestamp(
        "2025-05-14"
    )
    fentanyl_busan = by.loc[("after Busan (10 Nov 2025)", "IEEPA fentanyl")]
    assert (fentanyl_busan["rate_pct"], fentanyl_busan["in_force_from"]) == (
        10.0,
        pd.Timestamp("2025-11-10"),
    )
    s122 = by.loc[("after the Supreme Court ruling (24 Feb 2026)", "Section 122 surcharge")]
    assert (s122["rate_pct"], s122["in_force_from"]) == (10.0, pd.Timestamp("2026-02-24"))
    after_ruling = stack[stack["regime"].str.startswith("after the Supreme Court")]
    assert not after_ruling["layer"].str.startswith("IEEPA").any()


def test_only_the_threat_was_never_imposed(stack):
    threat = stack[stack["status"] == "threatened, never imposed"]
    assert list(threat["layer"]) == ["Threatened additional tariff (10 Oct 2025)"]
    assert list(threat["rate_pct"]) == [100.0]
    assert threat["in_force_from"].isna().all()
    assert stack.loc[stack["status"] == "in force", "in_force_from"].notna().all()


# --- literature tables ------------------------------------------------------------------------


def test_citation_keys_exist_in_bibliography(bib_entries):
    keys = set(data.load("tariff_incidence_evidence")["citation_key"])
    keys |= set(data.load("model_parameters")["citation_key"])
    assert keys <= set(bib_entries)


@pytest.mark.parametrize(
    ("key", "measure_start", "unit", "expected"),
    [
        ("fajgelbaum2020return", "pass-through", "ratio (1 = complete pass-through)", 1.0),
        ("fajgelbaum2020return", "loss to US consumers", "billion USD per year", 51),
        ("fajgelbaum2020return", "loss to US consumers", "percent of GDP", 0.27),
        ("fajgelbaum2020return", "aggregate real income loss", "billion USD per year", 7.2),
        ("fajgelbaum2020return", "aggregate real income loss", "percent of GDP", 0.04),
        (
            "fajgelbaum2020return",
            "average US import tariff on targeted products before",
            "percent",
            2.6,
        ),
        (
            "fajgelbaum2020return",
            "average US import tariff on targeted products after",
            "percent",
            16.6,
        ),
        ("fajgelbaum2020return", "annual US imports covered", "billion USD per year", 303),
        ("amiti2019impact", "deadweight loss", "billion USD per month", 1.4),
        ("amiti2019trade", "added tax cost", "billion USD per month", 3),
        ("cavallo2021tariff", "pass-through", "ratio (1 = complete pass-through)", 0.95),
    ],
)
def test_incidence_reference_values(key, measure_start, unit, expected):
    evidence = data.load("tariff_incidence_evidence")
    row = evidence[
        (evidence["citation_key"] == key)
        & evidence["measure"].str.startswith(measure_start)
        & (evidence["unit"] == unit)
    ]
    assert len(row) == 1
    assert row["value"].iloc[0] == pytest.approx(expected)


def test_model_parameters_defaults_and_ranges():
    params = data.load("model_parameters").set_index("parameter")
    assert tuple(params.loc["import_demand_elasticity", ["value", "low", "high"]]) == (
        2.5,
        1.5,
        5.2,
    )
    assert params.loc["import_demand_elasticity_retaliation_estimate", "value"] == 5.2
    assert params.loc["inverse_foreign_export_supply_elasticity", "value"] == 0.0
    assert tuple(params.loc["tariff_pass_through_border", ["value", "low", "high"]]) == (
        1.0,
        0.9,
        1.0,
    )
    ranged = params.dropna(subset=["low", "high"])
    assert ((ranged["low"] <= ranged["value"]) & (ranged["value"] <= ranged["high"])).all()


# --- products ---------------------------------------------------------------------------------


def test_products_2024():
    products = data.load("us_imports_from_china_products_2024")
    assert products.groupby("ranking")["rank"].apply(list).to_dict() == {
        "highest China share": list(range(1, 11)),
        "largest by value": list(range(1, 11)),
    }
    top = products.set_index(["ranking", "rank"]).loc[("largest by value", 1)]
    assert (top["product"], top["imports_musd"], top["china_share_pct"]) == (
        "Telephones",
        50085,
        42,
    )
    by_value = products[products["ranking"] == "largest by value"]["imports_musd"]
    assert by_value.is_monotonic_decreasing
    by_share = products[products["ranking"] == "highest China share"]["china_share_pct"]
    assert by_share.is_monotonic_decreasing


# --- bibliography -------------------------------------------------------------------------------


def test_contracted_bib_keys_exist(bib_entries):
    assert BIB_KEYS <= set(bib_entries)


@pytest.mark.parametrize(
    ("key", "doi"),
    [
        ("fajgelbaum2020return", "10.1093/qje/qjz036"),
        ("amiti2019impact", "10.1257/jep.33.4.187"),
        ("cavallo2021tariff", "10.1257/aeri.20190536"),
    ],
)
def test_journal_articles_carry_their_doi(bib_entries, key, doi):
    assert re.search(r"doi\s*=\s*\{" + re.escape(doi) + r"\}", bib_entries[key])


def test_every_bib_entry_has_author_title_year(bib_entries):
    for key, entry in bib_entries.items():
        for field in ("author", "title", "year"):
            assert re.search(rf"^\s*{field}\s*=", entry, flags=re.MULTILINE), f"{key}: {field}"
