"""Shared pieces of the model tests (tests/test_*_model.py)."""

import pytest
from hypothesis import HealthCheck, settings

#: Deterministic Hypothesis runs for the model invariants. database=None stops
#: Hypothesis writing a .hypothesis/ folder into the repository.
HYPOTHESIS = settings(
    derandomize=True,
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

#: A valid row of data/events.csv (China's rare-earth controls of 9 October 2025).
GOOD_EVENT = dict(
    date="2025-10-09",
    end_date="",
    time_zone="",
    instrument="export control",
    kind="announcement",
    actor="China",
    event="Controls",
    description="Rare earths.",
    source_url="http://en.people.cn/n3/2025/1010/c90000-20374885.html",
    publisher="Xinhua",
    verified="V",
)


def assert_fields(outcome, rel: float = 1e-6, **expected) -> None:
    """Each named field of a model outcome equals its expected value (to ``rel``); the
    message names every field that does not."""
    got = {name: getattr(outcome, name) for name in expected}
    wrong = {n: (got[n], v) for n, v in expected.items() if got[n] != pytest.approx(v, rel=rel)}
    assert not wrong, f"(got, expected) by field: {wrong}"
