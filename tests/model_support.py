"""Shared pieces of the model tests (tests/test_*_model.py)."""

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
