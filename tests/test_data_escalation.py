"""Tests of the escalation chapter's data: data/events.csv and data/tariff_history.csv.

Dates parse, categories are known, every row has a source, the timeline is in order, and
the facts the book is most likely to get wrong are as verified (facts-policy.md,
sections 0 and 7): the call is dated 17 Oct 2025 US Eastern time, the leaders met in
Busan on 30 Oct, China's controls are dated 9 Oct, 145% = 125% + 20%, the 100% was a
threat.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from frictionless import Resource, Schema
from model_support import GOOD_EVENT

from widgets import data
from widgets.models.timeline import INSTRUMENTS, KINDS, REQUIRED_FIELDS, validate_events


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return data.load("events")


@pytest.fixture(scope="module")
def raw_events() -> list[dict]:
    frame = pd.read_csv(data.DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    return frame.to_dict("records")


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return data.load("tariff_history")


@pytest.fixture(scope="module")
def events_schema() -> dict:
    package = json.loads((data.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in package["resources"] if r["name"] == "events")["schema"]


def schema_errors(schema: dict, record: dict) -> list[list[str]]:
    """(field, error type) for each problem frictionless finds in one events row."""
    names = [f["name"] for f in schema["fields"]]
    resource = Resource(
        data=[names, [record[n] for n in names]], schema=Schema.from_descriptor(schema)
    )
    return resource.validate().flatten(["fieldName", "type"])


def row(events, date, words):
    hit = events[
        (events.date == pd.Timestamp(date)) & events.event.str.contains(words, regex=False)
    ]
    assert len(hit) == 1, f"no single event on {date} matching {words!r}"
    return hit.iloc[0]


def test_events_pass_the_models_validation(raw_events):
    validate_events(raw_events)  # end dates and order; the schema checks the fields


def test_the_schema_states_the_models_categories(events_schema):
    fields = {f["name"]: f for f in events_schema["fields"]}
    assert tuple(fields["instrument"]["constraints"]["enum"]) == INSTRUMENTS
    assert tuple(fields["kind"]["constraints"]["enum"]) == KINDS
    required = [n for n, f in fields.items() if f.get("constraints", {}).get("required")]
    assert tuple(required) == REQUIRED_FIELDS


def test_the_schema_accepts_a_good_record(events_schema):
    assert schema_errors(events_schema, GOOD_EVENT) == []


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"instrument": "sanction"}, "instrument", "constraint-error"),
        ({"kind": "rumour"}, "kind", "constraint-error"),
        ({"source_url": ""}, "source_url", "constraint-error"),
        ({"source_url": "see Reuters"}, "source_url", "constraint-error"),
        ({"publisher": ""}, "publisher", "constraint-error"),
        ({"date": "17 Oct 2025"}, "date", "type-error"),
        ({"date": "2025-02-30"}, "date", "type-error"),
        ({"verified": "U"}, "verified", "constraint-error"),
    ],
)
def test_the_schema_rejects_bad_records_naming_the_field(events_schema, change, field, error):
    assert schema_errors(events_schema, {**GOOD_EVENT, **change}) == [[field, error]]


def test_events_dates_parse_and_are_in_order(events):
    assert events.date.notna().all()
    assert events.date.is_monotonic_increasing
    spans = events.dropna(subset=["end_date"])
    assert (spans.end_date >= spans.date).all()
    assert events.date.min() >= pd.Timestamp("2018-01-01")
    assert events.date.max() <= pd.Timestamp("2026-06-30")  # the sources' as-of month


def test_events_categories_are_known(events):
    assert set(events.instrument) <= set(INSTRUMENTS)
    assert set(events.kind) <= set(KINDS)
    assert set(INSTRUMENTS) <= set(events.instrument), "every instrument has an event"


def test_every_event_has_a_source(events):
    assert events.source_url.str.match(r"https?://").all()
    assert (events.publisher.str.strip() != "").all()
    assert events.verified.isin(["V", "V*", "D"]).all()
    assert not events.duplicated(["date", "event"]).any()


def test_the_call_is_dated_in_us_eastern_time(events):
    call = row(events, "2025-10-17", "video call")
    assert call.instrument == "negotiation"
    assert "US Eastern" in call.time_zone and "18 Oct" in call.time_zone


def test_the_leaders_met_in_busan_not_at_apec(events):
    busan = row(events, "2025-10-30", "Busan")
    assert "Gyeongju" in busan.description and "Not at" in busan.description
    apec = row(events, "2025-10-31", "APEC")
    assert apec.end_date == pd.Timestamp("2025-11-01")


def test_china_controls_are_dated_9_october(events):
    controls = row(events, "2025-10-09", "rare-earth controls")
    assert controls.instrument == "export control" and controls.time_zone == "Beijing"


def test_the_100_percent_was_a_threat(events):
    assert row(events, "2025-10-10", "100%").kind == "threat"
    assert (events.kind == "threat").sum() == 1


def test_port_fees_start_14_october_and_are_suspended_10_november(events):
    assert row(events, "2025-10-14", "port fees").instrument == "port fee"
    assert row(events, "2025-11-10", "Port fees suspended").kind == "suspension"


def test_history_measures_and_sides(history):
    assert set(history.measure) == {"PIIE average", "headline additional"}
    assert set(history.side) == {"US on China", "China on US"}
    assert (history.rate_pct >= 0).all()
    assert history.source_url.str.match(r"https?://").all()
    for (_, _), group in history.groupby(["side", "measure"]):
        assert group.date.is_monotonic_increasing


@pytest.mark.parametrize(
    ("side", "date", "expected"),
    [  # PIIE (Bown), as verified in facts-policy.md section 2
        ("US on China", "2018-01-01", 3.1),
        ("China on US", "2018-01-01", 8.0),
        ("US on China", "2018-09-24", 12.0),
        ("China on US", "2018-09-24", 18.3),
        ("US on China", "2020-02-14", 19.3),
        ("China on US", "2020-02-14", 20.3),
        ("US on China", "2025-01-20", 20.8),
        ("US on China", "2025-04-10", 124.1),
        ("US on China", "2025-05-14", 51.1),
        ("China on US", "2025-05-14", 32.6),
    ],
)
def test_piie_reference_values(history, side, date, expected):
    piie = history[(history.measure == "PIIE average") & (history.side == side)]
    value = piie.loc[piie.date == pd.Timestamp(date), "rate_pct"].item()
    assert value == pytest.approx(expected, abs=1e-9)


def test_headline_peaks_are_145_and_125(history):
    headline = history[history.measure == "headline additional"]
    peaks = headline.groupby("side").rate_pct.max()
    assert peaks["US on China"] == 125 + 20  # reciprocal + fentanyl
    assert peaks["China on US"] == 125


def test_headline_ends_with_the_as_of_rows(history):
    headline = history[history.measure == "headline additional"]
    last = headline.groupby("side").date.max()
    assert (last == pd.Timestamp(data.source("tariff_history")["as_of"])).all()


def test_resources_are_in_the_package():
    assert {"events", "tariff_history"} <= set(data.resources())
    for name in ("events", "tariff_history"):
        assert data.source(name)["url"].startswith("https://")
